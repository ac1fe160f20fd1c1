#!/usr/bin/env python3
"""甘垄 GANLONG（生鲜水果与农产品直供）评测集一致性校验（仅用标准库，自包含）。
用法：python3 check.py  （退出码：0=无错误，1=有错误）

检查内容：
- 商品：必填字段、id 格式、渠道、日期；每个商品都有 specs（字符串值对象）；variants 的 SKU 以商品 id 开头、维度字段合法且一致、
  无重复 SKU / 重复维度组合、price_cny = 最低 SKU 价；关系类型合法且目标存在；换代（replaces）旧款已停产且新款不早于旧款；
  套装「单品合计价值」= 各组件售价 × 数量之和（规格中写了 SKU 编码时按该 SKU 售价计算），组件不晚于套装上市。
- 政策：front matter 键与顺序、id 与文件名一致、日期、渠道、applies_to 中的商品存在、supersedes 的旧版本存在且有效期首尾衔接。
- FAQ：表头、id 唯一、问答非空。
- 问题：键与顺序、lang/channel/as_of/type 合法、sources 存在；引用的政策在提问日已生效；引用提问日已过期的政策版本时，
  note 须说明按下单日期/活动订单；非拒答题的 must_include 全部是知识库原文（含 specs、variants）的子串（归一化后）；
  英文题 must_include 只用数字、name_en 片段或渠道名；拒答题 must_include 为空；must_not_include 不与 must_include 冲突。
- 更正：目标存在、old 值存在于目标（text 类须恰好出现1次）、验证题 must_include ⊂ new、must_not_include ⊂ old；
  qa.jsonl 不依赖被更正的事实。
- README 表格中的数量与实际文件一致。
"""
import csv, json, os, re, sys, collections, datetime, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "weight", "fruit_size", "grade", "count", "single_weight", "pack", "face_value", "portion"}
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued", "attributes", "specs",
             "suitable_for", "not_suitable_for", "related"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def norm(s):
    """判定用归一化：全角转半角（NFKC）、去空白、英文小写。"""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).lower()

def is_date(s):
    try:
        return isinstance(s, str) and len(s) == 10 and bool(datetime.date.fromisoformat(s))
    except ValueError:
        return False

def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: 空行"); continue
            try: out.append((json.loads(line), line))
            except json.JSONDecodeError as e: err(f"{os.path.basename(path)}:{n}: JSON 解析失败: {e}")
    return out

# ---------- 读取知识库（raw[source] = 该证据的原文）
raw = {}
prod = {}
for d, line in read_jsonl(os.path.join(KB, "products.jsonl")):
    if d.get("id") in prod: err(f"products.jsonl: 商品 id 重复 {d.get('id')}")
    prod[d.get("id")] = d
    raw[f"product:{d.get('id')}"] = line

policies = {}
pdir = os.path.join(KB, "policies")
for fn in sorted(os.listdir(pdir)):
    if not fn.endswith(".md"): continue
    text = open(os.path.join(pdir, fn), encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not m: err(f"{fn}: 缺少 YAML front matter"); continue
    fm = {}
    for line in m.group(1).splitlines():
        k, _, v = line.partition(":"); fm[k.strip()] = v.strip()
    if list(fm) != FM_KEYS: err(f"{fn}: front matter 键应为 {FM_KEYS}，实际 {list(fm)}"); continue
    if fm["id"] + ".md" != fn: err(f"{fn}: id 与文件名不一致")
    if not re.search(r"^# ", m.group(2), re.M): err(f"{fn}: 正文缺少一级标题")
    policies[fm["id"]] = {"fm": fm, "body": m.group(2)}
    raw[f"policy:{fm['id']}"] = text

faq = {}
with open(os.path.join(KB, "faq.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
if not rows or rows[0] != ["id", "question", "answer", "tags"]: err("faq.csv: 表头应为 id,question,answer,tags")
for r in rows[1:]:
    if len(r) != 4: err(f"faq.csv: 列数错误 {r[:1]}"); continue
    fid, question, answer, tags = r
    if fid in faq: err(f"faq.csv: id 重复 {fid}")
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq.csv: id 格式 {fid}")
    if not question.strip() or not answer.strip() or not tags.strip(): err(f"{fid}: question/answer/tags 不能为空")
    faq[fid] = {"question": question, "answer": answer, "tags": tags.split("|")}
    raw[f"faq:{fid}"] = ",".join(r)

all_raw_norm = norm("\n".join(raw.values()))

# ---------- 商品
for pid, d in prod.items():
    for k in PROD_KEYS:
        if k not in d: err(f"{pid}: 缺少字段 {k}")
    if set(d) - set(PROD_KEYS) - {"variants", "ingredients"}: err(f"{pid}: 未知字段 {set(d) - set(PROD_KEYS) - {'variants', 'ingredients'}}")
    if not re.fullmatch(r"GL-\d{4}", pid or ""): err(f"{pid}: id 格式应为 GL-四位数字")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0: err(f"{pid}: price_cny 非法")
    if not d.get("channels") or not set(d.get("channels", [])) <= CHANNELS: err(f"{pid}: channels 非法 {d.get('channels')}")
    if not is_date(d.get("launched", "")): err(f"{pid}: launched 不是日期")
    if d.get("discontinued") and (not is_date(d["discontinued"]) or d["discontinued"] <= d.get("launched", "")): err(f"{pid}: discontinued 日期错误")
    if not isinstance(d.get("attributes"), dict) or not all(isinstance(v, str) for v in d.get("attributes", {}).values()): err(f"{pid}: attributes 须为字符串值对象")
    if not (isinstance(d.get("specs"), dict) and d["specs"] and all(isinstance(v, str) for v in d["specs"].values())): err(f"{pid}: specs 须为非空、字符串值的对象")
    if "variants" in d:
        vs = d["variants"]
        if not vs: err(f"{pid}: variants 为空列表")
        for v in vs:
            if not str(v.get("sku", "")).startswith(pid + "-"): err(f"{pid}: SKU {v.get('sku')} 不以商品id开头")
            if not isinstance(v.get("price_cny"), (int, float)): err(f"{pid}: SKU {v.get('sku')} 缺少 price_cny")
            if set(v) - VARIANT_DIMS: err(f"{pid}: SKU {v.get('sku')} 有未知维度字段 {set(v) - VARIANT_DIMS}")
            if len(set(v) - {"sku", "price_cny"}) == 0: err(f"{pid}: SKU {v.get('sku')} 没有任何规格维度")
        if len({v.get("sku") for v in vs}) != len(vs): err(f"{pid}: SKU 重复")
        if len({frozenset(v) for v in vs}) > 1: err(f"{pid}: 各 SKU 的维度字段不一致")
        dims = [tuple((k, v[k]) for k in sorted(v) if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) != len(dims): err(f"{pid}: 存在维度值完全相同的 SKU")
        if vs and d["price_cny"] != min(v["price_cny"] for v in vs): err(f"{pid}: price_cny 应等于最低 SKU 价")
    # 停产 / 未上市商品的状态说明应写在 attributes 中
    if d.get("discontinued") and not any(k in d["attributes"] for k in ("销售状态", "上市状态")): warn(f"{pid}: 已停产但 attributes 无销售状态说明")
    for rel in d.get("related", []):
        if rel.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {rel}")
        if rel.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {rel}")
        if rel.get("id") == pid: err(f"{pid}: 自关联")
        if rel.get("type") == "replaces" and rel.get("id") in prod:
            old = prod[rel["id"]]
            if not old.get("discontinued"): err(f"{pid}: replaces {old['id']} 但旧款未停产")
            elif d["launched"] < old["launched"]: err(f"{pid}: 新款上市早于旧款")
            if "替代" not in old["attributes"].get("销售状态", ""): warn(f"{pid}: 被替代的 {old['id']} 销售状态未说明替代款")
    # 套装：单品合计价值 = Σ 组件价 × 数量（数量取自 attributes.规格 中每项末尾的 ×N；写了 SKU 编码的按该 SKU 售价）
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        spec = d["attributes"].get("规格", "")
        parts = [p.strip() for p in spec.split(" + ")]
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(qty) != len(comps): err(f"{pid}: 规格项数与 set_contains 数量不一致")
        else:
            total = 0.0
            for c, n, part in zip(comps, qty, parts):
                if c not in prod: continue
                price = prod[c]["price_cny"]
                m = re.search(r"（(" + re.escape(c) + r"-[A-Z0-9]+)）", part)
                if m:
                    sku = {v["sku"]: v for v in prod[c].get("variants", [])}.get(m.group(1))
                    if not sku: err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}"); continue
                    price = sku["price_cny"]
                elif "variants" in prod[c] and len({v["price_cny"] for v in prod[c]["variants"]}) > 1:
                    err(f"{pid}: 组件 {c} 各 SKU 不同价，但规格未写 SKU 编码")
                elif re.search(r"（GL-\d{4}", part):
                    err(f"{pid}: 规格项 {part!r} 中的 SKU 编码不属于组件 {c}（顺序须与 set_contains 一致）")
                total += price * n
            total = round(total, 2)
            want = d["attributes"].get("单品合计价值", "")
            if want != f"{total:g}元": err(f"{pid}: 单品合计价值 {want} ≠ 计算值 {total:g}元")
            for c in comps:
                if c in prod and prod[c]["launched"] > d["launched"]: err(f"{pid}: 组件 {c} 晚于套装上市")
                if c in prod and prod[c].get("discontinued") and prod[c]["discontinued"] < (d.get("discontinued") or "9999"): warn(f"{pid}: 组件 {c} 先于套装停产")
                if c in prod and not set(d["channels"]) <= set(prod[c]["channels"]): warn(f"{pid}: 套装渠道 {d['channels']} 不是组件 {c} 渠道的子集")
            if d["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计")

# ---------- 政策
for pid, p in policies.items():
    fm = p["fm"]
    if not is_date(fm["effective_from"]): err(f"{pid}: effective_from 非日期")
    if fm["effective_to"] != "null" and (not is_date(fm["effective_to"]) or fm["effective_to"] < fm["effective_from"]): err(f"{pid}: effective_to 错误")
    ch = fm["channels"]
    if ch != "all":
        items = [x.strip() for x in ch.strip("[]").split(",")]
        if not (ch.startswith("[") and ch.endswith("]")) or not set(items) <= CHANNELS: err(f"{pid}: channels 非法 {ch}")
    at = fm["applies_to"]
    if at != "all":
        if not (at.startswith("[") and at.endswith("]")): err(f"{pid}: applies_to 应为 all 或 [列表]")
        for x in at.strip("[]").split(","):
            if x.strip() not in prod: err(f"{pid}: applies_to 指向不存在的商品 {x.strip()}")
    sup = fm["supersedes"]
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 不存在 {sup}")
        else:
            old_to = policies[sup]["fm"]["effective_to"]
            if not is_date(old_to) or datetime.date.fromisoformat(old_to) + datetime.timedelta(days=1) != datetime.date.fromisoformat(fm["effective_from"]):
                err(f"{pid}: 与被取代版本 {sup} 的有效期不衔接")
            if "取代" not in p["body"]: warn(f"{pid}: 正文未说明取代了哪个版本")
            if "已失效" not in policies[sup]["body"]: warn(f"{sup}: 已被取代但正文未标注已失效")

# ---------- 问题
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if not is_date(ev.get("default_as_of", "")) or not ev.get("name"): err("eval.json: 需要 default_as_of 和 name")
DEFAULT_AS_OF = ev.get("default_as_of", "2025-12-01")
NAME_EN = [norm(p.get("name_en", "")) for p in prod.values()]

def check_question(d, where, allow_type=None):
    if list(d) != QA_KEYS: err(f"{where}: 键应为 {QA_KEYS}")
    if not str(d.get("question", "")).strip(): err(f"{where}: question 为空")
    if d.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if d.get("channel") is not None and d["channel"] not in CHANNELS: err(f"{where}: channel 非法")
    if d.get("as_of") is not None and not is_date(d["as_of"]): err(f"{where}: as_of 非日期")
    t = d.get("type")
    if t not in (TYPES if allow_type is None else {allow_type}): err(f"{where}: type 非法 {t}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])): err(f"{where}: {k} 须为非空字符串列表")
    for s in d.get("sources", []):
        if s not in raw: err(f"{where}: source 不存在 {s}")
    day = d.get("as_of") or DEFAULT_AS_OF
    for s in d.get("sources", []):
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            if fm["effective_from"] > day: err(f"{where}: 引用的政策 {sid} 在提问日 {day} 尚未生效")
            if is_date(fm["effective_to"]) and fm["effective_to"] < day and not re.search(r"下单|活动订单", d.get("note", "")):
                err(f"{where}: 引用了提问日 {day} 已过期的 {sid}，note 未说明按下单日期/活动订单")
            if d.get("channel") and fm["channels"] != "all" and t not in ("channel", "correction") \
                    and d["channel"] not in [x.strip() for x in fm["channels"].strip("[]").split(",")]:
                warn(f"{where}: 政策 {sid} 不适用于题目渠道 {d['channel']}")
        if kind == "product" and sid in prod:
            p = prod[sid]
            if d.get("channel") and t not in ("channel", "correction") and d["channel"] not in p["channels"]:
                warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
            # 查询类题目引用的商品在提问日应在售（停产/未上市的商品只用于换代、时效、对比、多跳题）
            if t in ("lookup", "channel", "aggregation") and (p["launched"] > day or (p.get("discontinued") and p["discontinued"] < day)):
                warn(f"{where}: {t} 题引用的 {sid} 在提问日 {day} 不在售")
    if d.get("refuse"):
        if t != "refusal": err(f"{where}: refuse=true 但 type 不是 refusal")
        if d.get("must_include"): err(f"{where}: 拒答题 must_include 应为空")
        if d.get("sources"): warn(f"{where}: 拒答题带了 sources")
        return
    if t == "refusal": err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"): err(f"{where}: 非拒答题缺少 must_include")
    if not d.get("sources"): err(f"{where}: 非拒答题缺少 sources")
    src_norm = norm("".join(raw.get(s, "") for s in d.get("sources", [])))
    for mi in d.get("must_include", []):
        if len(mi) > 20: warn(f"{where}: must_include {mi!r} 过长（应写值而不是句子）")
        if t == "correction": continue  # 更正验证题的 must_include 是更正后的新值，在下方核对是否属于 new
        if norm(mi) not in all_raw_norm: err(f"{where}: must_include {mi!r} 不在知识库原文中"); continue
        # 以数字开头/结尾的值须按数字边界出现（'88.8' 不能只靠 '188.8' 命中）
        pat = ("(?<![0-9.])" if norm(mi)[0].isdigit() else "") + re.escape(norm(mi)) + ("(?![0-9])" if norm(mi)[-1].isdigit() else "")
        if not re.search(pat, all_raw_norm): err(f"{where}: must_include {mi!r} 只作为更长数字的一部分出现在知识库中")
        elif not re.search(pat, src_norm): warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
    if d.get("lang") == "en":
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in n for n in NAME_EN) or norm(mi) in CHANNELS):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    mis = [norm(x) for x in d.get("must_include", [])]
    for mn in d.get("must_not_include", []):
        if norm(mn) in mis: err(f"{where}: must_not_include 与 must_include 冲突 {mn!r}")
        if any(norm(mn) in x for x in mis): err(f"{where}: must_not_include {mn!r} 是某个 must_include 的子串，正确回答也会被判错")

qa = [d for d, _ in read_jsonl(os.path.join(HERE, "qa.jsonl"))]
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for d in qa: check_question(d, d.get("id", "?"))
qtexts = collections.Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa)
for k, n in qtexts.items():
    if n > 1: err(f"qa.jsonl: 重复的问题（同 as_of、同渠道）{k}")

# ---------- 更正
corrections = [d for d, _ in read_jsonl(os.path.join(HERE, "corrections.jsonl"))]
corrected = set()
for c in corrections:
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if list(c) != ["id", "target", "field", "old", "new", "reason", "question"]: err(f"{cid}: 键错误")
    if not (isinstance(old, str) and isinstance(new, str)) or old == new: err(f"{cid}: old/new 须为不同的字符串")
    kind, _, tid = (tgt or "").partition(":")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old: err(f"{cid}: 旧价格 {old} ≠ 当前 {p['price_cny']}")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 price_cny（SKU 价无法更正）")
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            cur = p.get("attributes", {}).get(field, p.get("specs", {}).get(field))
            if cur != old: err(f"{cid}: {field} 当前值 {cur!r} ≠ old {old!r}")
        else: err(f"{cid}: 商品 {tid} 无字段 {field}")
    elif field == "text":
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        n = body.count(old)
        if n != 1: err(f"{cid}: old 子串在目标中出现 {n} 次（应为1次）")
    else: err(f"{cid}: {kind} 目标只能用 field=text")
    q = c.get("question", {})
    check_question(q, cid, allow_type="correction")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new): err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old): err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    if tgt not in q.get("sources", []): err(f"{cid}: 验证题 sources 应包含 target")
    corrected.add((tgt, old))
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) == norm(old) for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")

# ---------- README 中的数量
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
actual = {"kb/products.jsonl": len(prod), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq), "qa.jsonl": len(qa),
          "eval.json": 1, "corrections.jsonl": len(corrections)}
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read() if os.path.exists(os.path.join(HERE, "README.md")) else ""
if not readme: err("缺少 README.md")
for fname, n in actual.items():
    m = re.search(r"^\| `" + re.escape(fname) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fname}")
    elif int(m.group(1)) != n: err(f"README: {fname} 数量写为 {m.group(1)}，实际 {n}")
type_line = "题型分布：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items()))
lang_line = "语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items()))
if readme and (type_line not in readme or lang_line not in readme): err(f"README: 题型/语言分布应写为「{type_line}；{lang_line}」")

# ---------- 汇总
print(f"商品 {len(prod)}（含 specs {sum('specs' in d for d in prod.values())}，含 variants {sum('variants' in d for d in prod.values())}）"
      f"，政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print(type_line.replace("题型分布", "题型"))
print(lang_line)
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print("as_of：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('as_of')) for d in qa).items())))
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
