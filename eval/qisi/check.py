#!/usr/bin/env python3
"""启思课堂评测集一致性检查（仅标准库）。用法：python3 check.py ；有错误时退出码为 1。"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "class_size", "lessons", "validity", "exam", "grade", "color", "storage", "plan"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def N(s):
    """README 约定的归一化：全角转半角（NFKC）、去空白、英文小写、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    return kbload.norm(s)


def D(s): return datetime.date.fromisoformat(s)


raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
all_norm = N("\n".join(raw.values()))
src_norm = {k: N(v) for k, v in raw.items()}

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"qisi-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 qisi-<kebab-case>")
DEFAULT = D(ev["default_as_of"])

# ---------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = [k for k in PROD_KEYS if k in p]
    if list(p) != keys or any(k not in p for k in PROD_KEYS if k not in PROD_OPTIONAL):
        err(f"{pid}: 字段顺序或缺失，应为 {PROD_KEYS}（variants 可选），实际 {list(p)}")
    if not re.fullmatch(r"QS-\d{4}", pid): err(f"{pid}: id 格式应为 QS-0000")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if p.get("name_en") and not all(ord(c) < 128 for c in p["name_en"]): err(f"{pid}: name_en 含非 ASCII 字符")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序与标准顺序不同")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(disc) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or (k == "specs" and not v) or any(not isinstance(x, str) or not x for x in v.values()):
            err(f"{pid}: {k} 应为值为非空字符串的对象" + ("（specs 不能为空）" if k == "specs" else ""))
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p[k]): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            dims = None
            for v in vs:
                if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {v}")
                if not str(v.get("sku", "")).startswith(pid + "-"): err(f"{pid}: SKU {v.get('sku')} 不以商品 id 为前缀")
                if set(v) - VARIANT_FIELDS: err(f"{pid}: SKU 含未定义字段 {set(v) - VARIANT_FIELDS}")
                if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0: err(f"{pid}: SKU 价格非法 {v.get('sku')}")
                if "lessons" in v and (not isinstance(v["lessons"], int) or v["lessons"] <= 0): err(f"{pid}: lessons 应为正整数")
                if dims is None: dims = list(v)
                elif list(v) != dims: err(f"{pid}: 各 SKU 的规格维度不一致")
            if all(isinstance(v.get("price_cny"), (int, float)) for v in vs) and price != min(v["price_cny"] for v in vs):
                err(f"{pid}: price_cny {price} 应等于最低 SKU 价 {min(v['price_cny'] for v in vs)}")
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: 关系格式应为 {{type, id}}"); continue
        if r["type"] not in REL_TYPES: err(f"{pid}: 未知关系类型 {r['type']}")
        if r["id"] not in prod: err(f"{pid}: 关系指向不存在的商品 {r['id']}")
        if r["id"] == pid: err(f"{pid}: 关系指向自身")
        if (r["type"], r["id"]) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r["type"], r["id"]))
        t = prod.get(r["id"])
        if t and r["type"] == "replaces":
            if not t.get("discontinued"): err(f"{pid}: replaces {r['id']}，但后者未停产")
            elif D(p["launched"]) > D(t["discontinued"]) + datetime.timedelta(days=31): warn(f"{pid}: 替代款上市与旧款停产间隔超过一个月")
        if t and r["type"] == "set_contains" and t.get("category") == "套装": err(f"{pid}: 套装嵌套套装 {r['id']}")
    parts = [r["id"] for r in rel if r.get("type") == "set_contains"]
    if (p.get("category") == "套装") != bool(parts): err(f"{pid}: category=套装 与 set_contains 不一致")
    if parts:
        total = sum(prod[x]["price_cny"] for x in parts if x in prod)
        val = p.get("attributes", {}).get("单品合计价值")
        if val != f"{total:g}元": err(f"{pid}: 单品合计价值 {val} ≠ 组成商品 price_cny 之和 {total:g}元")
        elif price >= total: err(f"{pid}: 套装价 {price} 不低于单品合计价值 {total}")
        if "规格" not in p.get("attributes", {}): err(f"{pid}: 套装缺少 attributes.规格")
        for x in parts:
            c = prod.get(x)
            if c and c.get("discontinued") and (not disc or D(c["discontinued"]) < D(disc)):
                err(f"{pid}: 套装包含的 {x} 先于套装停产")
            if c and D(c["launched"]) > D(p["launched"]): err(f"{pid}: 套装早于组成商品 {x} 上市")
            if c and not set(p["channels"]) <= set(c["channels"]): warn(f"{pid}: 套装渠道超出组成商品 {x} 的渠道")

# ---------- 政策
for pid_, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"qs-[a-z0-9]+(-[a-z0-9]+)*", pid_): err(f"{pid_}: 政策 id 应为 qs-xxx")
    ch = fm["channels"]
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch)
        lst = [x.strip() for x in m.group(1).split(",")] if m else []
        if not lst or any(x not in CHANNELS for x in lst): err(f"{pid_}: channels 非法 {ch}")
    if fm["applies_to"] != "all" and not re.fullmatch(r"\[.+\]", fm["applies_to"]): err(f"{pid_}: applies_to 非法")
    elif fm["applies_to"] != "all":
        cats = {p["category"] for p in products}
        for c in fm["applies_to"][1:-1].split(","):
            if c.strip() not in cats: err(f"{pid_}: applies_to 中的类目 {c.strip()} 不存在")
    if not kbload.is_date(fm["effective_from"]): err(f"{pid_}: effective_from 不是日期")
    if fm["effective_to"] != "null":
        if not kbload.is_date(fm["effective_to"]): err(f"{pid_}: effective_to 不是日期")
        elif D(fm["effective_to"]) < D(fm["effective_from"]): err(f"{pid_}: effective_to 早于 effective_from")
    if not fm["title"] or f"# {fm['title']}" not in pol["body"] and fm["title"] not in pol["body"]:
        warn(f"{pid_}: 正文标题与 title 不一致")
    sup = fm["supersedes"]
    if sup != "null":
        old = policies.get(sup)
        if not old: err(f"{pid_}: supersedes 指向不存在的政策 {sup}")
        elif old["fm"]["effective_to"] == "null": err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
        elif D(old["fm"]["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
            err(f"{pid_}: 版本不衔接：{sup} 至 {old['fm']['effective_to']}，本版自 {fm['effective_from']}")
supd = [p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"]
if len(set(supd)) != len(supd): err("政策：同一版本被多次取代")
for pid_, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid_ not in supd and "大促" not in pol["fm"]["title"] and "双11" not in pol["fm"]["title"]:
        warn(f"{pid_}: 有 effective_to 但没有被任何版本取代")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F000")
    if not f["question"] or not f["answer"] or not all(f["tags"]): err(f"faq {fid}: 问题/答案/标签不能为空")

# ---------- 来源与渠道工具
def src_ok(s):
    return s in raw

def policy_channels(pid_):
    ch = policies[pid_]["fm"]["channels"]
    return CHANNELS if ch == "all" else [x.strip() for x in ch[1:-1].split(",")]

def check_question(q, where, allow_types, corrected=None):
    qid = q.get("id", "?")
    if list(q) != QA_KEYS: err(f"{where}{qid}: 字段应为 {QA_KEYS}，实际 {list(q)}")
    if q.get("lang") not in ("zh", "en"): err(f"{where}{qid}: lang 非法")
    if q.get("channel") is not None and q["channel"] not in CHANNELS: err(f"{where}{qid}: channel 非法")
    if q.get("as_of") is not None and not kbload.is_date(q["as_of"]): err(f"{where}{qid}: as_of 不是日期")
    if q.get("type") not in allow_types: err(f"{where}{qid}: type 非法 {q.get('type')}")
    if not isinstance(q.get("question"), str) or not q["question"].strip(): err(f"{where}{qid}: question 为空")
    if q.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where}{qid}: zh 题没有中文")
    if q.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where}{qid}: en 题含中文")
    mi, mn, srcs = q.get("must_include", []), q.get("must_not_include", []), q.get("sources", [])
    for k, v in (("must_include", mi), ("must_not_include", mn), ("sources", srcs)):
        if not isinstance(v, list) or any(not isinstance(x, str) or not x for x in v): err(f"{where}{qid}: {k} 应为非空字符串列表")
    if not isinstance(q.get("refuse"), bool): err(f"{where}{qid}: refuse 应为布尔值")
    if (q.get("type") == "refusal") != (q.get("refuse") is True): err(f"{where}{qid}: type=refusal 与 refuse 不一致")
    if not q.get("note"): warn(f"{where}{qid}: note 为空")
    if len(set(srcs)) != len(srcs): err(f"{where}{qid}: sources 重复")
    for s in srcs:
        if not src_ok(s): err(f"{where}{qid}: 来源不存在 {s}")
    if q.get("refuse"):
        if mi: err(f"{where}{qid}: 拒答题 must_include 应为空")
        if srcs: err(f"{where}{qid}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where}{qid}: 非拒答题 must_include 为空")
    if not srcs: err(f"{where}{qid}: 非拒答题 sources 为空")
    if q.get("lang") == "en":
        for x in mi:
            if not all(ord(c) < 128 for c in x): err(f"{where}{qid}: 英文题 must_include 含非 ASCII：{x}")
    kb_all = corrected["all"] if corrected else all_norm
    src_map = corrected["src"] if corrected else src_norm
    for x in mi:
        if N(x) not in kb_all: err(f"{where}{qid}: must_include「{x}」不在知识库原文中")
        elif not any(N(x) in src_map.get(s, "") for s in srcs): warn(f"{where}{qid}: must_include「{x}」不在其 sources 中")
    for x in mn:
        if any(N(x) in N(y) for y in mi): err(f"{where}{qid}: must_not_include「{x}」是某个 must_include 的子串")
    ch = q.get("channel")
    if ch:
        for s in srcs:
            if s.startswith("policy:") and s[7:] in policies and ch not in policy_channels(s[7:]):
                warn(f"{where}{qid}: 题目渠道 {ch} 不在 {s} 的适用渠道内")
    asof = D(q["as_of"]) if q.get("as_of") else DEFAULT
    for s in srcs:
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            if D(fm["effective_from"]) > asof: err(f"{where}{qid}: {s} 在 as_of {asof} 时尚未生效")
            if fm["effective_to"] != "null" and D(fm["effective_to"]) < asof - datetime.timedelta(days=60):
                warn(f"{where}{qid}: {s} 在 as_of {asof} 前早已失效")

# ---------- qa.jsonl
qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [q.get("id") for q in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for n, q in enumerate(qa, 1):
    if q.get("id") != f"q{n:03d}": err(f"qa.jsonl 第{n}行: id 应为 q{n:03d}")
    check_question(q, "qa ", TYPES)
qs_text = Counter(N(q["question"]) for q in qa)
for t, c in qs_text.items():
    if c > 1: err(f"qa.jsonl: 有重复的问题文本 {t[:20]}")

# ---------- corrections.jsonl
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
cur_raw = dict(raw)
cur_prod = json.loads(json.dumps(prod, ensure_ascii=False))
for n, c in enumerate(corrs, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段应为 {CORR_KEYS}")
    if cid != f"c{n:02d}": err(f"corrections 第{n}行: id 应为 c{n:02d}")
    t, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串"); continue
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if t.startswith("product:"):
        p = cur_prod[t[8:]]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old: err(f"{cid}: 旧价格 {old} 与商品 {p['price_cny']} 不符")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 SPU 价格")
            try: p["price_cny"] = float(new) if "." in new else int(new)
            except ValueError: err(f"{cid}: new 不是数字")
        elif field in p["attributes"] or field in p["specs"]:
            box = p["attributes"] if field in p["attributes"] else p["specs"]
            if box[field] != old: err(f"{cid}: {field} 旧值「{old}」与知识库「{box[field]}」不符")
            box[field] = new
        else: err(f"{cid}: 商品 {t} 没有字段 {field}"); continue
        cur_raw[t] = json.dumps(p, ensure_ascii=False)
        for s in cur_prod.values():
            if any(r["type"] == "set_contains" and r["id"] == p["id"] for r in s["related"]) and field == "price_cny":
                err(f"{cid}: 更正价格的商品属于套装 {s['id']}，会破坏单品合计价值")
    else:
        if field != "text": err(f"{cid}: 政策/FAQ 只能更正 text"); continue
        if cur_raw[t].count(old) != 1: err(f"{cid}: old 在 {t} 中出现 {cur_raw[t].count(old)} 次（应为 1 次）")
        cur_raw[t] = cur_raw[t].replace(old, new)
    if not c.get("reason"): err(f"{cid}: reason 为空")
    q = c.get("question", {})
    if q.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    if q.get("sources") != [t]: warn(f"{cid}: 验证题 sources 不是 [target]")
    for x in q.get("must_include", []):
        if N(x) not in N(new): err(f"{cid}: must_include「{x}」不在 new 中")
    for x in q.get("must_not_include", []):
        if N(x) not in N(old): err(f"{cid}: must_not_include「{x}」不在 old 中")
    # qa.jsonl 不得依赖被更正的事实
    for qq in qa:
        if t in qq["sources"] and any(N(x) in N(old) and N(x) not in N(new) for x in qq["must_include"]):
            err(f"{cid}: qa {qq['id']} 依赖被更正的事实「{old}」")
corr_ctx = {"src": {k: N(v) for k, v in cur_raw.items()}}
corr_ctx["all"] = N("\n".join(cur_raw.values()))
for c in corrs:
    q = c.get("question", {})
    check_question(q, f"{c.get('id')} ", ["correction"], corr_ctx)
    t = c.get("target")
    for x in q.get("must_not_include", []):
        if t in corr_ctx["src"] and N(x) in corr_ctx["src"][t]: warn(f"{c.get('id')}: 更正后 {t} 中仍含旧值「{x}」")

# ---------- README 计数
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
for f, n in counts.items():
    m = re.search(r"^\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表中缺少 {f}")
    elif int(m.group(1)) != n: err(f"README: {f} 数量写为 {m.group(1)}，实际 {n}")
tc = Counter(q["type"] for q in qa)
lc = Counter(q["lang"] for q in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为「{line}」")
nv = sum(1 for p in products if "variants" in p)
if not re.search(rf"{nv}\s*个商品有", readme): err(f"README: 应写明 {nv} 个商品有 variants")
m = re.search(r"(\d+)\s*个错误", readme)
if m and int(m.group(1)) != len(errors): warn(f"README: 写明 {m.group(1)} 个错误，实际 {len(errors)}")
m = re.search(r"(\d+)\s*个警告", readme)
if m and int(m.group(1)) != len(warnings): err(f"README: 写明 {m.group(1)} 个警告，实际 {len(warnings)}")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU 的 {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
