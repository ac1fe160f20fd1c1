#!/usr/bin/env python3
"""璟曜 JINGYAO（珠宝首饰）评测集一致性校验（仅用标准库，自带知识库加载，不依赖其他目录）。
用法：python3 check.py   （退出码：0=无错误，1=有错误）

校验内容：
- 商品：必备字段、id 格式、渠道、日期；每个商品都有 specs（字符串值对象）；variants 的 SKU 编码以商品 id 开头、维度字段合法且一致、
  无重复 SKU/重复维度组合、price_cny 等于最低 SKU 价；关系类型与目标存在；换代（replaces）旧款已停产且新款上市不早于旧款；
  套装「单品合计价值」= Σ 组件价 × 数量（规格项括号里写了某个 SKU 的维度值时按该 SKU 售价）；按克计价商品的 price_cny 等于其工费；
  已停产商品有「销售状态」、未上市商品有「上市状态」。
- 政策：front matter 键与顺序、日期、渠道、applies_to（all 或 商品 id / 商品类目 列表）、supersedes 指向存在且有效期首尾衔接。
- FAQ：表头、id 唯一。
- 问题（qa.jsonl 与 corrections 中的验证题）：键与顺序、取值合法、sources 存在；引用的政策在提问日已生效；引用提问日已过期的版本时
  note 须说明按下单日期/活动订单；非拒答题的每个 must_include 都是知识库原文（含 specs、variants）的子串（归一化后）；
  英文题 must_include 只能是数字、name_en 片段或渠道名；拒答题 must_include 为空；must_not_include 不与 must_include 冲突。
- 更正：target 存在、old 值存在于目标中（商品价格 / attributes / specs 键；政策正文或 FAQ 答案中恰好出现1次）、
  验证题 must_include ⊂ new、must_not_include ⊂ old；qa.jsonl 不依赖被更正的事实。
"""
import csv, json, os, re, sys, collections, datetime, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "size", "inner_diameter", "weight", "length", "color", "color_grade", "clarity", "style", "width", "age"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued", "attributes", "specs",
                "suitable_for", "not_suitable_for", "related"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def is_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s): return False
    try: datetime.date.fromisoformat(s); return True
    except ValueError: return False

def norm(s, year="2025"):
    """README 中的判定归一化：全角转半角（NFKC）、去空白、英文小写、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    s = re.sub(r"(?<!\d)(\d{1,2})月(\d{1,2})日", lambda m: f"{year}-{int(m[1]):02d}-{int(m[2]):02d}", s)
    return re.sub(r"\s+", "", s).lower()

def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip(): continue
            try: out.append(json.loads(line))
            except json.JSONDecodeError as e: err(f"{os.path.basename(path)}:{n}: JSON 错误 {e}")
    return out

# ---------- 加载知识库：raw[source] = 该条目的原文（商品 = jsonl 的整行，含 specs/variants；政策 = 整个 md 文件；FAQ = 问+答+标签）
raw = {}
products, prod = [], {}
with open(os.path.join(KB, "products.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip(): continue
        try: d = json.loads(line)
        except json.JSONDecodeError as e: err(f"products.jsonl:{n}: JSON 错误 {e}"); continue
        if d.get("id") in prod: err(f"products.jsonl: id 重复 {d.get('id')}")
        products.append(d); prod[d.get("id")] = d
        raw[f"product:{d.get('id')}"] = line

policies = {}
pdir = os.path.join(KB, "policies")
for fn in sorted(os.listdir(pdir)):
    if not fn.endswith(".md"): continue
    text = open(os.path.join(pdir, fn), encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not m: err(f"{fn}: 缺少 YAML front matter"); continue
    fm = {}
    for line in m.group(1).splitlines():
        k, _, v = line.partition(":")
        fm[k.strip()] = v.strip()
    if list(fm) != FM_KEYS: err(f"{fn}: front matter 键应为 {FM_KEYS}，实为 {list(fm)}")
    pid = fm.get("id", "")
    if fn != pid + ".md": err(f"{fn}: 文件名与 id {pid} 不一致")
    if pid in policies: err(f"{fn}: 政策 id 重复")
    policies[pid] = {"fm": fm, "body": m.group(2)}
    raw[f"policy:{pid}"] = text

faq = {}
with open(os.path.join(KB, "faq.csv"), encoding="utf-8", newline="") as f:
    rd = csv.reader(f)
    header = next(rd)
    if header != ["id", "question", "answer", "tags"]: err(f"faq.csv: 表头应为 id,question,answer,tags，实为 {header}")
    for row in rd:
        if len(row) != 4: err(f"faq.csv: 列数错误 {row[:1]}"); continue
        fid, qq, ans, tags = row
        if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式")
        if fid in faq: err(f"faq {fid}: id 重复")
        if not tags or any(not t for t in tags.split("|")): err(f"faq {fid}: tags 为空")
        faq[fid] = {"question": qq, "answer": ans, "tags": tags}
        raw[f"faq:{fid}"] = f"{qq}\n{ans}\n{tags}"

all_raw_norm = norm("\n".join(raw.values()))
categories = {d.get("category") for d in products}

# ---------- 商品
for pid, d in prod.items():
    for k in PRODUCT_KEYS:
        if k not in d: err(f"{pid}: 缺少字段 {k}")
    if [k for k in d if k != "variants"] != PRODUCT_KEYS: warn(f"{pid}: 字段顺序与约定不同")
    if not re.fullmatch(r"JY-\d{4}", pid or ""): err(f"{pid}: id 格式")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0: err(f"{pid}: price_cny 非正数")
    if not d.get("channels") or not set(d.get("channels", [])) <= CHANNELS: err(f"{pid}: channels 非法 {d.get('channels')}")
    if not is_date(d.get("launched", "")): err(f"{pid}: launched 不是日期")
    if d.get("discontinued") is not None and (not is_date(d["discontinued"]) or d["discontinued"] <= d.get("launched", "")):
        err(f"{pid}: discontinued 日期错误")
    attrs, specs = d.get("attributes", {}), d.get("specs")
    if not (isinstance(specs, dict) and specs and all(isinstance(v, str) for v in specs.values())): err(f"{pid}: specs 须为非空、字符串值的对象")
    if not all(isinstance(v, str) for v in attrs.values()): err(f"{pid}: attributes 值须为字符串")
    if d.get("discontinued") and "销售状态" not in attrs: err(f"{pid}: 已停产但 attributes 无「销售状态」")
    if d.get("launched", "") > "2025-12-01" and "上市状态" not in attrs: err(f"{pid}: 未上市但 attributes 无「上市状态」")
    if d.get("discontinued") and d["discontinued"] not in attrs.get("销售状态", ""): err(f"{pid}: 销售状态未写停产/下架日期")
    # 按克计价：price_cny = 工费（元/件，有 SKU 时为最低工费）
    if attrs.get("计价方式") == "按克计价":
        if "工费" not in attrs: err(f"{pid}: 按克计价但无「工费」")
        elif f"{d['price_cny']:g}元/件" not in attrs["工费"]: err(f"{pid}: price_cny {d['price_cny']} 与工费「{attrs['工费']}」不一致")
        if "参考克重" not in specs and not any("weight" in v for v in d.get("variants", [])): err(f"{pid}: 按克计价但无参考克重")
    if "variants" in d:
        vs = d["variants"]
        if not vs: err(f"{pid}: variants 为空")
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
    for r in d.get("related", []):
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r}")
        if r.get("id") == pid: err(f"{pid}: 自关联")
        if r.get("type") == "replaces" and r.get("id") in prod:
            old = prod[r["id"]]
            if not old.get("discontinued"): err(f"{pid}: replaces {old['id']} 但旧款未停产")
            elif d["launched"] < old["launched"]: err(f"{pid}: 新款上市早于旧款")
            if d.get("discontinued"): err(f"{pid}: 替代款本身已停产")
        if r.get("type") == "refill_of" and d.get("category") != "替换装": warn(f"{pid}: refill_of 但类目不是替换装")
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        if d.get("category") != "套装": err(f"{pid}: 有 set_contains 但类目不是套装")
        parts = [p.strip() for p in attrs.get("规格", "").split(" + ")]
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(parts) != len(comps): err(f"{pid}: 规格项数 {len(parts)} 与 set_contains 数 {len(comps)} 不一致")
        else:
            total = 0
            for c, n, part in zip(comps, qty, parts):
                if c not in prod: continue
                price = prod[c]["price_cny"]
                vs = prod[c].get("variants", [])
                if vs and len({v["price_cny"] for v in vs}) > 1:
                    hit = [v for v in vs if any(f"（{v[k]}）" in part for k in v if k not in ("sku", "price_cny"))]
                    if len(hit) == 1: price = hit[0]["price_cny"]
                    else: err(f"{pid}: 组件 {c} 各 SKU 不同价，规格「{part}」未用（维度值）唯一指明 SKU")
                total += price * n
                if prod[c]["launched"] > d["launched"]: err(f"{pid}: 组件 {c} 晚于套装上市")
                if prod[c].get("discontinued") and prod[c]["discontinued"] < (d.get("discontinued") or "9999"): err(f"{pid}: 组件 {c} 先于套装停产")
            want = attrs.get("单品合计价值", "")
            if want != f"{total:g}元": err(f"{pid}: 单品合计价值 {want} ≠ 计算值 {total:g}元")
            if d["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计")

# ---------- 政策
def fm_list(v): return [x.strip() for x in v.strip("[]").split(",") if x.strip()]
for pid, p in policies.items():
    fm = p["fm"]
    if not is_date(fm.get("effective_from")): err(f"{pid}: effective_from 非日期")
    to = fm.get("effective_to")
    if to != "null" and (not is_date(to) or to < fm.get("effective_from", "")): err(f"{pid}: effective_to 错误")
    ch = fm.get("channels", "")
    if ch != "all" and (not ch.startswith("[") or not set(fm_list(ch)) <= CHANNELS): err(f"{pid}: channels 非法 {ch}")
    at = fm.get("applies_to", "")
    if at != "all":
        if not (at.startswith("[") and at.endswith("]")): err(f"{pid}: applies_to 应为 all 或 [列表]")
        for x in fm_list(at):
            if x not in prod and x not in categories: err(f"{pid}: applies_to 指向不存在的商品/类目 {x}")
    if not re.search(r"^# ", p["body"], re.M): err(f"{pid}: 正文缺少一级标题")
    if fm.get("title") and fm["title"] not in p["body"]: warn(f"{pid}: 正文标题与 title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 不存在 {sup}")
        else:
            old_to = policies[sup]["fm"].get("effective_to")
            if not is_date(old_to) or datetime.date.fromisoformat(old_to) + datetime.timedelta(days=1) != datetime.date.fromisoformat(fm["effective_from"]):
                err(f"{pid}: 与被取代版本 {sup} 的有效期不衔接")
            if "取代" not in p["body"]: warn(f"{pid}: 正文未说明取代旧版")
    if to != "null" and sup == "null" and not any(q["fm"].get("supersedes") == pid for q in policies.values()) and "活动" not in fm.get("title", ""):
        warn(f"{pid}: 有截止日期但既不是被取代版本也不是活动规则")

# ---------- 问题
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
DEFAULT_AS_OF = ev.get("default_as_of", "")
if not is_date(DEFAULT_AS_OF) or not ev.get("name"): err("eval.json: 需要 default_as_of 和 name")

def check_question(d, where, allow_type=None, kb_raw=None):
    kb_raw = kb_raw or raw
    kb_norm = all_raw_norm if kb_raw is raw else norm("\n".join(kb_raw.values()))
    if list(d) != QA_KEYS: err(f"{where}: 键应为 {QA_KEYS}")
    if not isinstance(d.get("question"), str) or not d["question"].strip(): err(f"{where}: question 为空")
    if d.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if d.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", d.get("question", "")): warn(f"{where}: 英文题含中文")
    if d.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", d.get("question", "")): err(f"{where}: 中文题不含中文")
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
            if d.get("channel") and fm["channels"] != "all" and d["channel"] not in fm_list(fm["channels"]) and t not in ("channel", "correction"):
                warn(f"{where}: 渠道 {d['channel']} 的题引用了只适用于 {fm['channels']} 的 {sid}")
        if kind == "product" and sid in prod:
            pr = prod[sid]
            if d.get("channel") and t not in ("channel", "correction") and d["channel"] not in pr["channels"]:
                warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
            if t in ("lookup", "channel", "aggregation") and (pr["launched"] > day or (pr.get("discontinued") and pr["discontinued"] < day)):
                warn(f"{where}: 商品 {sid} 在提问日 {day} 不在售（题型 {t}）")
    if d.get("refuse"):
        if t != "refusal": err(f"{where}: refuse=true 但 type 不是 refusal")
        if d.get("must_include"): err(f"{where}: 拒答题 must_include 应为空")
        if d.get("sources"): warn(f"{where}: 拒答题带了 sources")
        return
    if t == "refusal": err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"): err(f"{where}: 非拒答题缺少 must_include")
    if not d.get("sources"): err(f"{where}: 非拒答题缺少 sources")
    src_norm = norm("\n".join(kb_raw.get(s, "") for s in d.get("sources", [])))
    for mi in d.get("must_include", []):
        if len(mi) > 20: warn(f"{where}: must_include {mi!r} 过长（应写值而非句子）")
        if norm(mi) not in kb_norm: err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif norm(mi) not in src_norm: warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
    if d.get("lang") == "en":
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in norm(p.get("name_en", "")) for p in prod.values()) or norm(mi) in CHANNELS):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    for mn in d.get("must_not_include", []):
        if norm(mn) in [norm(x) for x in d.get("must_include", [])]: err(f"{where}: must_not_include 与 must_include 冲突 {mn!r}")

qa = read_jsonl(os.path.join(HERE, "qa.jsonl"))
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for d in qa:
    if not re.fullmatch(r"q\d{3}", d.get("id", "")): err(f"{d.get('id')}: id 格式")
    check_question(d, d.get("id", "?"))
seen_q = collections.Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa)
for k, n in seen_q.items():
    if n > 1: err(f"qa.jsonl: 完全相同的题目（问题+as_of+渠道）出现 {n} 次：{k[0]}")

# ---------- 更正
corrections = read_jsonl(os.path.join(HERE, "corrections.jsonl"))
corrected = []
raw_after = dict(raw)   # 按顺序应用全部更正后的知识库原文；更正验证题在全部更正之后提问
for c in corrections:
    tgt, field, old, new = c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if tgt not in raw_after or not isinstance(old, str) or not isinstance(new, str): continue
    if field == "price_cny": raw_after[tgt] = raw_after[tgt].replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
    elif field == "text": raw_after[tgt] = raw_after[tgt].replace(old, new, 1)
    else: raw_after[tgt] = raw_after[tgt].replace(json.dumps(field, ensure_ascii=False) + ": " + json.dumps(old, ensure_ascii=False),
                                                  json.dumps(field, ensure_ascii=False) + ": " + json.dumps(new, ensure_ascii=False), 1)
    if raw_after[tgt] == raw[tgt]: err(f"{c.get('id')}: 更正未能应用到 {tgt} 的原文")
for c in corrections:
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if not (isinstance(old, str) and isinstance(new, str)) or old == new: err(f"{cid}: old/new 须为不同的字符串")
    if not c.get("reason"): err(f"{cid}: 缺少 reason")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, tid = tgt.partition(":")
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old: err(f"{cid}: 旧价格 {old} ≠ 当前 {p['price_cny']}")
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
    check_question(q, f"{cid}.question", allow_type="correction", kb_raw=raw_after)
    if q.get("id") != "q" + str(cid): err(f"{cid}: 验证题 id 应为 q{cid}")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new): err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old): err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    if tgt not in q.get("sources", []): err(f"{cid}: 验证题 sources 未包含 target")
    corrected.append((tgt, old, new))
for d in qa:
    for tgt, old, new in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) in norm(old) for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")

# ---------- 汇总
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
print(f"商品 {len(prod)}（含 specs {sum('specs' in d for d in prod.values())}，含 variants {sum('variants' in d for d in prod.values())}，"
      f"SKU {sum(len(d.get('variants', [])) for d in prod.values())}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print("题型：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())))
print("语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())))
print("题型×语言：" + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(collections.Counter((d.get('type'), d.get('lang')) for d in qa).items())))
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print(f"带 as_of 的题：{sum(1 for d in qa if d.get('as_of'))}")
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
