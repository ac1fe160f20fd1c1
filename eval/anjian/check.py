#!/usr/bin/env python3
"""安笺 ANJIAN 评测集一致性检查（仅用标准库）。

用法：python3 check.py    —— 有错误时退出码为 1。
检查内容：商品字段顺序与格式、渠道、日期、SKU（前缀、price_cny = 最低 SKU 价）、关系指向、
套装单品合计价值、政策 front matter 与版本链、FAQ、问题格式与题型、must_include 在知识库原文
（及优先在 sources）中出现、更正与验证题、eval.json、README 中的数量。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_REQUIRED = [k for k in PROD_KEYS if k not in ("variants", "ingredients")]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"color", "version", "resolution", "pack", "capacity", "plan", "door"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]
DEFAULT_AS_OF = "2025-12-01"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


# ---------- 归一化（README 的判定约定）：去空白、全角转半角、小写、中文日期转 ISO
def norm(s, year=DEFAULT_AS_OF[:4]):
    s = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else (" " if c == "\u3000" else c) for c in s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    s = re.sub(r"(?<![\d年])(\d{1,2})月(\d{1,2})日",
               lambda m: f"{year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}", s)
    return kbload.norm(s)


def d(s): return datetime.date.fromisoformat(s)


def parse_list(v):
    v = v.strip()
    if v == "all": return "all"
    if v.startswith("[") and v.endswith("]"):
        return [x.strip() for x in v[1:-1].split(",") if x.strip()]
    return None


raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
all_norm = norm("\n".join(raw.values()))

# ---------- 商品
categories = set()
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    if [k for k in keys if k not in PROD_KEYS]: err(f"{pid}: 未知字段 {[k for k in keys if k not in PROD_KEYS]}")
    if [k for k in PROD_KEYS if k in keys] != keys: err(f"{pid}: 字段顺序应为 {PROD_KEYS}（可选字段可缺省）")
    for k in PROD_REQUIRED:
        if k not in p: err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(r"AJ-\d{4}", str(pid)): err(f"{pid}: id 格式应为 AJ-+4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if isinstance(p.get("name_en"), str) and not p["name_en"].isascii(): err(f"{pid}: name_en 含非 ASCII 字符")
    categories.add(p.get("category"))
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price < 0: err(f"{pid}: price_cny 应为非负数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif [c for c in CHANNELS if c in ch] != ch: warn(f"{pid}: channels 顺序与 {CHANNELS} 不一致")
    if not kbload.is_date(str(p.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(str(p.get("launched"))) and d(disc) <= d(p["launched"]): err(f"{pid}: discontinued 早于 launched")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or (k == "specs" and not v): err(f"{pid}: {k} 应为{'非空' if k == 'specs' else ''}对象")
        elif any(not isinstance(x, str) or not x for x in v.values()): err(f"{pid}: {k} 的值应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # 状态说明与日期一致
    attrs = p.get("attributes", {}) if isinstance(p.get("attributes"), dict) else {}
    if disc and not any(disc in v for v in attrs.values()): warn(f"{pid}: 已停产/下架但 attributes 中没有写明日期 {disc}")
    if kbload.is_date(str(p.get("launched"))) and p["launched"] > DEFAULT_AS_OF and not any(p["launched"] in v for v in attrs.values()):
        err(f"{pid}: 未上市商品应在 attributes 写明上市日期 {p['launched']}")
    # SKU
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个 SKU 的列表"); vs = []
        skus = []
        for v in vs:
            sku = v.get("sku", "")
            skus.append(sku)
            vk = list(v)
            if not vk or vk[0] != "sku" or vk[-1] != "price_cny": err(f"{pid}: SKU {sku} 字段应以 sku 开头、price_cny 结尾")
            if not sku.startswith(pid + "-") or len(sku) <= len(pid) + 1: err(f"{pid}: SKU 编码 {sku} 应为 商品id-后缀")
            dims = [k for k in vk if k not in ("sku", "price_cny")]
            if not dims or any(k not in VARIANT_DIMS for k in dims): err(f"{pid}: SKU {sku} 规格维度非法 {dims}")
            if any(not isinstance(v[k], str) or not v[k] for k in dims): err(f"{pid}: SKU {sku} 规格值应为非空字符串")
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp < 0: err(f"{pid}: SKU {sku} price_cny 非法")
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        dimsets = {tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs}
        if len(dimsets) > 1: err(f"{pid}: 各 SKU 的规格维度不一致 {dimsets}")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"{pid}: price_cny {price} ≠ 最低 SKU 价 {min(prices)}")

all_skus = [v["sku"] for p in products for v in p.get("variants", []) if "sku" in v]
if len(set(all_skus)) != len(all_skus): err("SKU 编码在不同商品之间重复")

# ---------- 关系
for p in products:
    pid = p.get("id")
    rel = p.get("related", [])
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项应为 {{type, id}}: {r}"); continue
        if r["type"] not in REL_TYPES: err(f"{pid}: 关系类型非法 {r['type']}")
        if r["id"] not in prod: err(f"{pid}: 关系指向不存在的商品 {r['id']}")
        if r["id"] == pid: err(f"{pid}: 关系指向自身")
        if (r["type"], r["id"]) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r["type"], r["id"]))
        t = prod.get(r["id"])
        if not t: continue
        if r["type"] == "replaces":
            if not t.get("discontinued"): err(f"{pid}: replaces {r['id']}，但后者没有停产")
            elif d(t["discontinued"]) > d(p["launched"]) + datetime.timedelta(days=31):
                warn(f"{pid}: 替代款上市 {p['launched']} 远早于旧款停产 {t['discontinued']}")
            if t.get("category") != p.get("category"): err(f"{pid}: replaces 的新旧款品类不同")
        if r["type"] in ("refill_of", "compatible_with") and t.get("category") == "套装":
            warn(f"{pid}: {r['type']} 指向套装 {r['id']}")
    # 套装
    sc = [r["id"] for r in rel if r.get("type") == "set_contains"]
    attrs = p.get("attributes", {})
    if p.get("category") == "套装":
        if len(sc) < 2: err(f"{pid}: 套装应至少 set_contains 2个商品")
        if "单品合计价值" not in attrs or "规格" not in attrs: err(f"{pid}: 套装缺少 attributes.规格/单品合计价值")
        elif all(c in prod for c in sc):
            total = round(sum(prod[c]["price_cny"] for c in sc), 2)
            tot_s = f"{int(total)}元" if total == int(total) else f"{total}元"
            if attrs["单品合计价值"] != tot_s: err(f"{pid}: 单品合计价值 {attrs['单品合计价值']} ≠ 组成商品价之和 {tot_s}")
            if p.get("price_cny", 0) >= total: err(f"{pid}: 套装价不低于单品合计价值")
            for c in sc:
                if prod[c].get("discontinued") and (not p.get("discontinued") or p["discontinued"] > prod[c]["discontinued"]):
                    err(f"{pid}: 在售套装包含已停产商品 {c}")
    elif sc: err(f"{pid}: 非套装商品有 set_contains")

# ---------- 政策
for pid_, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"aj-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 aj- 开头")
    if not fm.get("title"): err(f"{pid_}: 缺少 title")
    chs = parse_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and any(c not in CHANNELS for c in chs)): err(f"{pid_}: channels 非法 {fm.get('channels')}")
    ap = parse_list(fm.get("applies_to", ""))
    if ap is None: err(f"{pid_}: applies_to 非法")
    elif ap != "all":
        for c in ap:
            if c not in categories: err(f"{pid_}: applies_to 中的品类 {c} 不存在")
    ef, et = fm.get("effective_from", ""), fm.get("effective_to", "")
    if not kbload.is_date(ef): err(f"{pid_}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"{pid_}: effective_to 应为日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and d(et) < d(ef): err(f"{pid_}: effective_to 早于 effective_from")
    if fm.get("title") and f"# {fm['title'].split('（')[0]}" not in pol["body"] and fm["title"] not in pol["body"]:
        warn(f"{pid_}: 正文标题与 title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}"); continue
        old = policies[sup]["fm"]
        if old.get("effective_to") == "null": err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
        elif kbload.is_date(ef) and d(old["effective_to"]) + datetime.timedelta(days=1) != d(ef):
            err(f"{pid_}: 版本链不连续：{sup} 至 {old['effective_to']}，{pid_} 自 {ef}")
        if ef not in pol["body"]: err(f"{pid_}: 正文没有写明生效日期 {ef}")
        if old["effective_to"] not in policies[sup]["body"]: err(f"{sup}: 正文没有写明失效日期 {old['effective_to']}")
superseded = [p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"]
if len(set(superseded)) != len(superseded): err("同一政策被多个新版本取代")
for pid_, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid_ not in superseded and "活动" not in pol["fm"]["title"]:
        warn(f"{pid_}: 有 effective_to 但没有被任何版本取代")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 为空")
    for m in re.findall(r"AJ-\d{4}", f["answer"]):
        if m not in prod: err(f"faq {fid}: 引用了不存在的商品 {m}")


# ---------- 问题
def check_question(qd, where, allowed_types, corr=False):
    qid = qd.get("id", "?")
    if list(qd) != QA_KEYS: err(f"{where} {qid}: 字段/顺序应为 {QA_KEYS}")
    if qd.get("type") not in allowed_types: err(f"{where} {qid}: type 非法 {qd.get('type')}")
    if qd.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if not isinstance(qd.get("question"), str) or not qd["question"].strip(): err(f"{where} {qid}: question 为空")
    if qd.get("channel") is not None and qd["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法 {qd['channel']}")
    ao = qd.get("as_of")
    if ao is not None and not kbload.is_date(str(ao)): err(f"{where} {qid}: as_of 不是日期")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(qd.get(k), list) or any(not isinstance(x, str) or not x for x in qd.get(k, [])):
            err(f"{where} {qid}: {k} 应为非空字符串列表")
    if not isinstance(qd.get("refuse"), bool): err(f"{where} {qid}: refuse 应为布尔值")
    if not qd.get("note"): err(f"{where} {qid}: note 为空")
    refusal = qd.get("type") == "refusal"
    if refusal != (qd.get("refuse") is True): err(f"{where} {qid}: refuse 与 type=refusal 不一致")
    if refusal:
        if qd.get("must_include") or qd.get("sources"): err(f"{where} {qid}: 拒答题的 must_include/sources 应为空")
        return
    if not qd.get("must_include"): err(f"{where} {qid}: 非拒答题缺少 must_include")
    if not qd.get("sources"): err(f"{where} {qid}: 非拒答题缺少 sources")
    for s in qd.get("sources", []):
        if s not in raw: err(f"{where} {qid}: source 不存在 {s}")
    year = (ao or DEFAULT_AS_OF)[:4]
    src_norm = norm("\n".join(raw.get(s, "") for s in qd.get("sources", [])), year)
    for m in qd.get("must_include", []):
        if qd.get("lang") == "en" and not m.isascii(): err(f"{where} {qid}: 英文题 must_include 含非 ASCII：{m}")
        if corr: continue
        nm = norm(m, year)
        if nm not in all_norm: err(f"{where} {qid}: must_include '{m}' 不在知识库原文中")
        elif nm not in src_norm: warn(f"{where} {qid}: must_include '{m}' 不在其 sources 中")
    for m in qd.get("must_include", []):
        if any(norm(m, year) in norm(x, year) or norm(x, year) in norm(m, year) for x in qd.get("must_not_include", [])):
            err(f"{where} {qid}: must_include '{m}' 与 must_not_include 冲突")
    # 日期相关：as_of 时适用的政策版本
    eff = ao or DEFAULT_AS_OF
    for s in qd.get("sources", []):
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            if fm["effective_from"] > eff:
                err(f"{where} {qid}: 引用的 {s} 在 as_of {eff} 时尚未生效")
            chs = parse_list(fm["channels"])
            if qd.get("channel") and chs not in (None, "all") and qd["channel"] not in chs:
                warn(f"{where} {qid}: channel {qd['channel']} 不在 {s} 的适用渠道 {chs} 内")
        if s.startswith("product:") and s[8:] in prod and qd.get("type") != "temporal":
            pr = prod[s[8:]]
            if qd.get("channel") and qd["channel"] not in pr["channels"] and qd.get("type") not in ("channel", "multi_hop"):
                warn(f"{where} {qid}: channel {qd['channel']} 不销售 {s}")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [x.get("id") for x in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for i, x in enumerate(qa, 1):
    if x.get("id") != f"q{i:03d}": err(f"qa.jsonl: 第{i}行 id 应为 q{i:03d}")
    check_question(x, "qa", TYPES)
questions = [norm(x.get("question", "")) for x in qa]
if len(set(questions)) != len(questions): err("qa.jsonl: 有重复的问题")
# 提问不应整句照抄知识库（粗查：问题中连续 16 个字符出现在知识库原文中）
for x in qa:
    qn = norm(x.get("question", ""))
    for i in range(0, max(0, len(qn) - 15)):
        if qn[i:i + 16] in all_norm:
            warn(f"qa {x['id']}: 问题与知识库原文有连续16字重合：{qn[i:i + 16]}"); break

# ---------- 更正
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = []  # (source, old)
for i, c in enumerate(corrs, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"corrections {cid}: 字段/顺序应为 {CORR_KEYS}")
    if cid != f"c{i:02d}": err(f"corrections 第{i}行 id 应为 c{i:02d}")
    t, f, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"corrections {cid}: old/new 应为不同的字符串")
    if t not in raw: err(f"corrections {cid}: target 不存在 {t}"); continue
    if t.startswith("product:"):
        p = prod[t[8:]]
        if f == "price_cny":
            if str(p["price_cny"]) != old: err(f"corrections {cid}: old {old} ≠ 当前价格 {p['price_cny']}")
            try: float(new)
            except ValueError: err(f"corrections {cid}: 新价格不是数字")
            if "variants" in p: err(f"corrections {cid}: 有 SKU 的商品不能只改 price_cny")
            for q_ in products:
                if any(r["type"] == "set_contains" and r["id"] == p["id"] for r in q_["related"]):
                    err(f"corrections {cid}: 改价商品是套装 {q_['id']} 的组成，单品合计价值会不一致")
        elif f in p.get("attributes", {}) or f in p.get("specs", {}):
            cur = p["attributes"].get(f, p["specs"].get(f))
            if cur != old: err(f"corrections {cid}: old '{old}' ≠ 当前值 '{cur}'")
        else: err(f"corrections {cid}: 商品没有字段 {f}")
    else:
        if f != "text": err(f"corrections {cid}: 政策/FAQ 只能更正 text")
        body = policies[t[7:]]["body"] if t.startswith("policy:") else faq[t[4:]]["answer"]
        n = body.count(old)
        if n != 1: err(f"corrections {cid}: old 在目标正文中出现 {n} 次（应为1次）")
    corrected.append((t, old))
    qd = c.get("question", {})
    check_question(qd, "corrections", ["correction"], corr=True)
    if qd.get("id") != f"qc{i:02d}": err(f"corrections {cid}: 验证题 id 应为 qc{i:02d}")
    if t not in qd.get("sources", []): err(f"corrections {cid}: 验证题 sources 应含 {t}")
    if not any(kbload.norm(m) in kbload.norm(new) for m in qd.get("must_include", [])):
        err(f"corrections {cid}: 验证题 must_include 未取自新值")
    if not any(kbload.norm(m) in kbload.norm(old) for m in qd.get("must_not_include", [])):
        err(f"corrections {cid}: 验证题 must_not_include 未取自旧值")
# qa.jsonl 不应依赖被更正的事实
for x in qa:
    for t, old in corrected:
        if t in x.get("sources", []) and any(kbload.norm(m) in kbload.norm(old) for m in x.get("must_include", [])):
            err(f"qa {x['id']}: 依赖被更正的事实 {t} '{old}'")

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err("eval.json: 键应为 default_as_of, name")
if ev.get("default_as_of") != DEFAULT_AS_OF: err("eval.json: default_as_of 应为 " + DEFAULT_AS_OF)
if not re.fullmatch(r"anjian-[a-z0-9-]+", ev.get("name", "")): err("eval.json: name 格式应为 anjian-<行业>")

# ---------- README 中的数量
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
for fn, n in counts.items():
    m = re.search(r"^\| `" + re.escape(fn) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fn} 一行")
    elif int(m.group(1)) != n: err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
tc = Counter(x.get("type") for x in qa); lc = Counter(x.get("lang") for x in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
if not re.search(rf"{nv}个商品有", readme): err(f"README: 应写明 {nv}个商品有 variants")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（其中 {nv} 个有 SKU），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print(line)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
