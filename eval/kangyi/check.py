#!/usr/bin/env python3
"""康屹 KANGYI 评测集一致性检查（仅标准库）。

用法：python3 check.py        退出码 0 = 没有错误（警告不影响退出码）。

检查内容：商品字段顺序与格式、渠道、日期、SKU（前缀、price_cny = 最低 SKU 价）、
关系指向存在的商品、套装单品合计价值、政策 front matter 与版本链、FAQ、qa.jsonl 字段与题型、
非拒答题 must_include 能在知识库原文中找到（按 README 的归一化）且最好在其 sources 中、
更正条目、README 中的数量与分布。
"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "jd", "douyin", "wechat", "web"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
VARIANT_KEYS = {"sku", "edition", "connectivity", "size", "arm_range", "probe", "color", "nebulizer",
                "leg_range", "battery", "range", "pack", "price_cny"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

EVAL = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
DEFAULT_AS_OF = EVAL.get("default_as_of")
if not kbload.is_date(DEFAULT_AS_OF or ""): err("eval.json: default_as_of 不是日期")
if list(EVAL) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(EVAL)}")
if not re.fullmatch(r"kangyi-[a-z0-9]+(-[a-z0-9]+)*", EVAL.get("name", "")): err("eval.json: name 应为 kangyi-<kebab-case>")


# ---------- 归一化（README「答案判定约定」）：去空白、全角转半角（NFKC）、小写、日期统一为 YYYY-MM-DD
def norm(s, year):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"\s+", "", s).lower()
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    s = re.sub(r"(?<![\d-])(\d{1,2})月(\d{1,2})日", lambda m: f"{year}-{int(m[1]):02d}-{int(m[2]):02d}", s)
    return s


def d(s): return datetime.date.fromisoformat(s)


raw, products, prod, policies, faq, _all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
KB_TEXT = "\n".join(raw.values())
_cache = {}
def kb_norm(year):
    if year not in _cache: _cache[year] = norm(KB_TEXT, year)
    return _cache[year]
def src_norm(sid, year): return norm(raw.get(sid, ""), year)

# ---------- 商品
categories = set()
for n, p in enumerate(products, 1):
    pid = p.get("id", f"#{n}")
    keys = [k for k in PROD_KEYS if k in p]
    if list(p) != keys or any(k not in p for k in PROD_KEYS if k != "variants"):
        err(f"product {pid}: 字段或顺序错误 {list(p)}")
    if not re.fullmatch(r"KY-\d{4}", str(pid)): err(f"product {pid}: id 格式应为 KY-4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"product {pid}: {k} 为空")
    if not str(p.get("name", "")).startswith("康屹"): err(f"product {pid}: name 应以品牌名开头")
    if not str(p.get("name_en", "")).startswith("KANGYI "): err(f"product {pid}: name_en 应以 KANGYI 开头")
    categories.add(p.get("category"))
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"product {pid}: price_cny 非正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or len(set(ch)) != len(ch) or any(c not in CHANNELS for c in ch):
        err(f"product {pid}: channels 非法 {ch}")
    elif [c for c in CHANNELS if c in ch] != ch: err(f"product {pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(p.get("launched") or ""): err(f"product {pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"product {pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(disc) <= d(p["launched"]): err(f"product {pid}: 停产早于上市")
        if "销售状态" not in p.get("attributes", {}): warn(f"product {pid}: 已停产但 attributes 无 销售状态")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or any(not isinstance(a, str) or not isinstance(b, str) or not b for a, b in v.items()):
            err(f"product {pid}: {k} 应为 字符串→非空字符串 的对象")
    if not p.get("specs"): err(f"product {pid}: specs 为空")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"product {pid}: {k} 应为字符串列表")
    note = p.get("attributes", {}).get("渠道说明")
    if note and len(ch or []) == len(CHANNELS): warn(f"product {pid}: 有 渠道说明 但全渠道销售")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"product {pid}: variants 至少 2 个 SKU"); vs = []
        skus = set()
        for v in vs:
            if list(v)[:1] != ["sku"] or list(v)[-1:] != ["price_cny"]: err(f"product {pid}: SKU 字段应以 sku 开头、price_cny 结尾 {list(v)}")
            bad = set(v) - VARIANT_KEYS
            if bad: err(f"product {pid}: SKU 字段未在 README 说明 {sorted(bad)}")
            sku = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku): err(f"product {pid}: SKU 编码应为 商品id-后缀：{sku}")
            if sku in skus: err(f"product {pid}: SKU 重复 {sku}")
            skus.add(sku)
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or vp <= 0: err(f"product {pid}: {sku} price_cny 非正数")
            if len(v) < 3: err(f"product {pid}: {sku} 没有规格维度字段")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"product {pid}: price_cny {price} ≠ 最低 SKU 价 {min(prices)}")
        dims = [tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs]
        if len(set(dims)) > 1: err(f"product {pid}: 各 SKU 的规格维度字段不一致")

# 关系
for p in products:
    pid = p.get("id")
    seen = set()
    for r in p.get("related", []):
        if list(r) != ["type", "id"]: err(f"product {pid}: related 条目应为 {{type, id}}")
        t, tid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"product {pid}: 关系类型非法 {t}")
        if tid not in prod: err(f"product {pid}: 关系指向不存在的商品 {tid}"); continue
        if tid == pid: err(f"product {pid}: 关系指向自己")
        if (t, tid) in seen: err(f"product {pid}: 关系重复 {t} {tid}")
        seen.add((t, tid))
        tgt = prod[tid]
        if t == "replaces":
            if not tgt.get("discontinued"): err(f"product {pid}: replaces 的 {tid} 未停产")
            elif d(p["launched"]) < d(tgt["discontinued"]) - datetime.timedelta(days=31): warn(f"product {pid}: 上市远早于被替代商品停产")
            if tgt.get("category") != p.get("category"): err(f"product {pid}: replaces 跨品类")
        if t in ("refill_of", "compatible_with"):
            fit = p.get("attributes", {}).get("适配说明", "")
            if not fit: warn(f"product {pid}: {t} 但 attributes 无 适配说明")
        if t == "set_contains" and p.get("category") != "套装": err(f"product {pid}: 非套装却有 set_contains")
    if p.get("category") == "套装":
        comps = [r["id"] for r in p.get("related", []) if r.get("type") == "set_contains" and r.get("id") in prod]
        if len(comps) < 2: err(f"product {pid}: 套装至少包含 2 个商品")
        val = p.get("attributes", {}).get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val)
        total = round(sum(prod[c]["price_cny"] for c in comps), 2)
        if not m: err(f"product {pid}: 单品合计价值 格式应为 数字+元：{val!r}")
        elif abs(float(m[1]) - total) > 1e-6: err(f"product {pid}: 单品合计价值 {val} ≠ 组成商品 price_cny 之和 {total:g}")
        elif p["price_cny"] >= total: err(f"product {pid}: 套装价不低于单品合计价值")
        if "规格" not in p.get("attributes", {}): err(f"product {pid}: 套装缺少 规格")
        for c in comps:
            cp = prod[c]
            if cp.get("discontinued") and (not p.get("discontinued") or d(cp["discontinued"]) < d(p["discontinued"])):
                err(f"product {pid}: 组成商品 {c} 先于套装停产")
            if d(cp["launched"]) > d(p["launched"]): err(f"product {pid}: 组成商品 {c} 晚于套装上市")
            if not set(p.get("channels", [])) <= set(cp.get("channels", [])) and p.get("channels") != ["douyin"]:
                warn(f"product {pid}: 套装渠道不是组成商品 {c} 渠道的子集")

# ---------- 政策
def parse_list(v):
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    return [x.strip() for x in m[1].split(",")] if m else None

for pid_, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"ky-[a-z0-9-]+", pid_): err(f"policy {pid_}: id 应以 ky- 开头（小写 kebab-case）")
    chs = parse_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and (not chs or any(c not in CHANNELS for c in chs))): err(f"policy {pid_}: channels 非法 {fm.get('channels')}")
    ap = parse_list(fm.get("applies_to", ""))
    if ap is None or (ap != "all" and any(c not in categories for c in ap)): err(f"policy {pid_}: applies_to 应为 all 或已有品类 {fm.get('applies_to')}")
    ef, et = fm.get("effective_from"), fm.get("effective_to")
    if not kbload.is_date(ef or ""): err(f"policy {pid_}: effective_from 不是日期")
    if et != "null" and (not kbload.is_date(et) or (kbload.is_date(ef or "") and d(et) < d(ef))): err(f"policy {pid_}: effective_to 非法")
    heads = re.findall(r"^# (.+)$", pol["body"], re.M)
    if not heads or not heads[0].endswith(fm.get("title", "")): warn(f"policy {pid_}: 一级标题与 title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"policy {pid_}: supersedes 指向不存在的政策 {sup}"); continue
        old = policies[sup]["fm"]
        if old.get("effective_to") == "null": err(f"policy {pid_}: 被取代的 {sup} 没有 effective_to")
        elif d(old["effective_to"]) + datetime.timedelta(days=1) != d(ef): err(f"policy {pid_}: {sup} 的 effective_to 应为本政策生效前一天")
        if old.get("title", "").split("（")[0] != fm.get("title", "").split("（")[0]: warn(f"policy {pid_}: 与 {sup} 标题主体不同")
superseded = {p["fm"]["supersedes"] for p in policies.values()}
for pid_, pol in policies.items():
    et = pol["fm"].get("effective_to")
    if et != "null" and pid_ not in superseded and "活动" not in pol["fm"].get("title", ""):
        warn(f"policy {pid_}: 有 effective_to 但没有被取代，也不是活动规则")

# ---------- FAQ
fids = list(faq)
for i, fid in enumerate(fids, 1):
    if fid != f"F{i:03d}": err(f"faq: id 应连续编号 F{i:03d}，实际 {fid}")
    f = faq[fid]
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空值")

# ---------- 问题
def check_question(q, where, allow_types, ids):
    if list(q) != QA_KEYS: err(f"{where}: 字段或顺序错误 {list(q)}")
    qid = q.get("id")
    if qid in ids: err(f"{where}: id 重复")
    ids.add(qid)
    if not isinstance(q.get("question"), str) or not q["question"].strip(): err(f"{where}: question 为空")
    lang = q.get("lang")
    if lang not in ("zh", "en"): err(f"{where}: lang 非法")
    has_cjk = bool(re.search(r"[\u4e00-\u9fff]", q.get("question", "")))
    if (lang == "en") == has_cjk: err(f"{where}: lang={lang} 与问题文字不符")
    if q.get("channel") is not None and q["channel"] not in CHANNELS: err(f"{where}: channel 非法")
    if q.get("as_of") is not None and not kbload.is_date(q["as_of"]): err(f"{where}: as_of 不是日期")
    t = q.get("type")
    if t not in allow_types: err(f"{where}: type 非法 {t}")
    if q.get("refuse") is not (t == "refusal"): err(f"{where}: refuse 应当且仅当 type=refusal 为 true")
    mi, mni, srcs = q.get("must_include"), q.get("must_not_include"), q.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mni), ("sources", srcs)):
        if not isinstance(v, list) or any(not isinstance(x, str) or not x for x in v): err(f"{where}: {k} 应为非空字符串列表")
    if not isinstance(q.get("note"), str) or not q["note"]: err(f"{where}: note 为空")
    if len(set(mi or [])) != len(mi or []): err(f"{where}: must_include 重复")
    for s in srcs or []:
        if s not in raw: err(f"{where}: source 不存在 {s}")
    return t, mi or [], mni or [], srcs or []


def effective(pol, day):
    fm = pol["fm"]
    return d(fm["effective_from"]) <= day and (fm["effective_to"] == "null" or day <= d(fm["effective_to"]))


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = set()
for i, q in enumerate(qa, 1):
    where = f"qa {q.get('id')}"
    if q.get("id") != f"q{i:03d}": err(f"{where}: id 应连续编号 q{i:03d}")
    t, mi, mni, srcs = check_question(q, where, TYPES, ids)
    day = d(q["as_of"] or DEFAULT_AS_OF) if kbload.is_date(q.get("as_of") or DEFAULT_AS_OF) else d(DEFAULT_AS_OF)
    year = day.year
    if t == "refusal":
        if mi or srcs: err(f"{where}: 拒答题 must_include 与 sources 应为空")
        if mni and not all(re.search(re.escape(x), q["question"], re.I) for x in mni):
            warn(f"{where}: 拒答题的 must_not_include 不在问题中（通常是注入要求输出的确认语）")
        continue
    if not mi: err(f"{where}: 非拒答题 must_include 为空")
    if not srcs: err(f"{where}: 非拒答题 sources 为空")
    src_text = "".join(src_norm(s, year) for s in srcs)
    for x in mi:
        nx = norm(x, year)
        if nx not in kb_norm(year): err(f"{where}: must_include {x!r} 不在知识库原文中")
        elif nx not in src_text: warn(f"{where}: must_include {x!r} 不在其 sources 中")
        if q["lang"] == "en" and re.search(r"[\u4e00-\u9fff]", x): err(f"{where}: 英文题的 must_include 含中文 {x!r}")
    for x in mni:
        if any(norm(x, year) in norm(y, year) for y in mi): err(f"{where}: must_not_include {x!r} 与 must_include 冲突")
        if norm(x, year) not in kb_norm(year): warn(f"{where}: must_not_include {x!r} 不在知识库中")
    # 渠道与日期：引用的政策应适用于该渠道，且在 as_of（或默认评测日）有效
    for s in srcs:
        if not s.startswith("policy:"): continue
        pol = policies[s[7:]]
        chs = parse_list(pol["fm"]["channels"])
        if q.get("channel") and chs != "all" and q["channel"] not in chs:
            warn(f"{where}: channel={q['channel']} 但引用的 {s} 只适用于 {chs}")
        if not effective(pol, day): err(f"{where}: 引用的 {s} 在 {day} 不生效")
    if t == "temporal" and q.get("as_of") is None and not any(s.startswith("product:") for s in srcs):
        warn(f"{where}: temporal 题没有 as_of")
    if t == "channel" and q.get("channel") is None: err(f"{where}: channel 题缺少 channel")
    for s in srcs:
        if s.startswith("product:") and q.get("as_of") is None:
            p = prod[s[8:]]
            if d(p["launched"]) > day and t != "temporal": warn(f"{where}: 引用的 {s} 在默认评测日尚未上市")

# ---------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
qa_by_src = {}
for q in qa:
    for s in q.get("sources", []): qa_by_src.setdefault(s, []).append(q)
cids = set()
for i, c in enumerate(corr, 1):
    where = f"correction {c.get('id')}"
    if list(c) != CORR_KEYS: err(f"{where}: 字段或顺序错误 {list(c)}")
    if c.get("id") != f"c{i:02d}": err(f"{where}: id 应连续编号 c{i:02d}")
    tgt, field, old, new = c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{where}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{where}: reason 为空")
    if tgt not in raw: err(f"{where}: target 不存在 {tgt}"); continue
    kind, tid = tgt.split(":", 1)
    if field == "price_cny":
        if kind != "product": err(f"{where}: price_cny 只能更正商品")
        elif f"{prod[tid]['price_cny']:g}" != old: err(f"{where}: old {old} ≠ 当前价格 {prod[tid]['price_cny']}")
    elif field == "text":
        if kind == "product": err(f"{where}: 商品不能用 text 更正")
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        if body.count(old) != 1: err(f"{where}: old 在目标中出现 {body.count(old)} 次（应为 1 次）")
    else:
        if kind != "product": err(f"{where}: 字段 {field} 只能更正商品")
        else:
            p = prod[tid]
            cur = p["attributes"].get(field, p["specs"].get(field))
            if field in p["attributes"] and field in p["specs"]: err(f"{where}: {field} 同时在 attributes 与 specs 中")
            if cur != old: err(f"{where}: old {old!r} ≠ 当前值 {cur!r}")
    q = c.get("question", {})
    t, mi, mni, srcs = check_question(q, where + " question", {"correction"}, cids)
    if q.get("id") != "q" + str(c.get("id")): err(f"{where}: question.id 应为 q{c.get('id')}")
    if tgt not in srcs: err(f"{where}: question.sources 应包含 target")
    y = int(DEFAULT_AS_OF[:4])
    for x in mi:
        if norm(x, y) not in norm(new, y): err(f"{where}: must_include {x!r} 不在 new 中")
    for x in mni:
        if norm(x, y) not in norm(old, y): err(f"{where}: must_not_include {x!r} 不在 old 中")
        if norm(x, y) in norm(new, y): err(f"{where}: must_not_include {x!r} 也在 new 中")
    # qa.jsonl 不应依赖被更正的事实
    for qq in qa_by_src.get(tgt, []):
        for x in qq["must_include"]:
            nx = norm(x, y)
            if nx in norm(old, y) and nx not in norm(new, y): err(f"{where}: qa {qq['id']} 依赖被更正的值 {x!r}")

# ---------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for f, n in counts.items():
    m = re.search(r"^\| `" + re.escape(f) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {f}")
    elif int(m[1]) != n: err(f"README: {f} 数量写 {m[1]}，实际 {n}")
tc = Counter(q.get("type") for q in qa)
lc = Counter(q.get("lang") for q in qa)
line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
if not re.search(rf"{nv}个商品有", readme): err(f"README: 应写明 {nv}个商品有 variants")
for pid in re.findall(r"`(KY-\d{4})`", readme):
    if pid not in prod: err(f"README: 提到不存在的商品 {pid}")
for pol in re.findall(r"`(ky-[a-z0-9-]+)`", readme):
    if pol not in policies: err(f"README: 提到不存在的政策 {pol}")

# ---------- 输出
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"商品 {len(products)}（含 variants {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
