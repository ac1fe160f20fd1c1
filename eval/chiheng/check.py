#!/usr/bin/env python3
"""驰衡（轮胎与轮胎服务）评测集的一致性检查。只用标准库，共用 ../kbload.py。

用法：python3 check.py      —— 打印错误与警告，有错误时退出码为 1。
"""
import collections, datetime, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "jd", "douyin", "wechat", "web"]
CHANNEL_NAMES_EN = {"tmall": "Tmall", "jd": "JD", "douyin": "Douyin", "wechat": "WeChat", "web": "Web"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
OPTIONAL_PRODUCT_KEYS = {"variants"}
VARIANT_FIELDS = {"sku", "size", "load_speed", "rim", "option", "fits", "price_cny"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
norm = kbload.norm
is_date = kbload.is_date
D = datetime.date.fromisoformat

with open(os.path.join(HERE, "eval.json"), encoding="utf-8") as f:
    EVAL = json.load(f)
if list(EVAL) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(EVAL)}")
DEFAULT_AS_OF = EVAL.get("default_as_of")
if not is_date(DEFAULT_AS_OF or ""): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"chiheng-[a-z0-9]+(-[a-z0-9]+)*", EVAL.get("name", "")): err("eval.json: name 应为 chiheng-<kebab-case>")


def yen(v):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)元", v or "")
    return float(m.group(1)) if m else None


# ---------------------------------------------------------------- 商品
for n, p in enumerate(products, 1):
    pid = p.get("id", f"#{n}")
    expect = [k for k in PRODUCT_KEYS if k not in OPTIONAL_PRODUCT_KEYS or k in p]
    if list(p) != expect: err(f"{pid}: 字段顺序应为 {expect}，实际 {list(p)}")
    if not re.fullmatch(r"CH-\d{4}", str(pid)): err(f"{pid}: id 格式应为 CH-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not re.fullmatch(r"[ -~]+", p.get("name_en", "")): err(f"{pid}: name_en 应为英文")
    if not isinstance(p.get("price_cny"), (int, float)) or p.get("price_cny", 0) <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif is_date(p.get("launched") or "") and D(disc) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
    for k in ("attributes", "specs"):
        d = p.get(k)
        if not isinstance(d, dict) or not d: err(f"{pid}: {k} 应为非空对象")
        elif any(not isinstance(v, str) or not v for v in d.values()): err(f"{pid}: {k} 的值应为非空字符串")
    if isinstance(p.get("attributes"), dict) and isinstance(p.get("specs"), dict):
        dup = set(p["attributes"]) & set(p["specs"])
        if dup: err(f"{pid}: attributes 与 specs 有重复键 {dup}")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) or not x for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应至少有 2 个 SKU"); vs = []
        skus = set()
        for v in vs:
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {v}")
            if set(v) - VARIANT_FIELDS: err(f"{pid}: SKU 有未定义字段 {set(v) - VARIANT_FIELDS}")
            sku = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", sku): err(f"{pid}: SKU 编码应为 商品id-后缀：{sku}")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0: err(f"{sku}: price_cny 应为正数")
            if "size" in v and not re.fullmatch(r"\d{3}/\d{2}R\d{2}", v["size"]): err(f"{sku}: size 应形如 215/55R17")
            if "load_speed" in v and not re.fullmatch(r"\d{2,3}[A-Z]( XL| RFT)?", v["load_speed"]): err(f"{sku}: load_speed 格式错误 {v['load_speed']}")
            if "size" in v and "rim" in v and v["rim"] != v["size"][-2:] + "英寸": err(f"{sku}: rim 与 size 不一致")
            dims = tuple(sorted(set(v) - {"sku", "price_cny"}))
            if not dims: err(f"{sku}: 缺少规格维度字段")
        dimsets = {tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs}
        if len(dimsets) > 1: err(f"{pid}: 各 SKU 的规格维度字段不一致 {dimsets}")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and p.get("price_cny") != min(prices): err(f"{pid}: price_cny {p.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")
    rels = p.get("related")
    if not isinstance(rels, list): err(f"{pid}: related 应为列表"); rels = []
    seen = set()
    for r in rels:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id：{r}")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))

# 关系语义
for pid, p in prod.items():
    rels = p.get("related") or []
    parts = [r["id"] for r in rels if r.get("type") == "set_contains" and r.get("id") in prod]
    is_set = p.get("category") == "套装"
    if is_set != bool(parts): err(f"{pid}: 套装（category=套装）与 set_contains 关系应同时出现")
    if parts:
        total = sum(prod[c]["price_cny"] for c in parts)
        val = yen(p["attributes"].get("单品合计价值"))
        if val is None: err(f"{pid}: 套装缺少形如 'N元' 的 attributes.单品合计价值")
        elif abs(val - total) > 1e-6: err(f"{pid}: 单品合计价值 {val:g}元 ≠ 各单品 price_cny 之和 {total:g}元")
        if "规格" not in p["attributes"]: err(f"{pid}: 套装缺少 attributes.规格")
        elif p["attributes"]["规格"].count("×") != len(parts): err(f"{pid}: 套装规格中的件数与 set_contains 数量不一致")
        if val is not None and p["price_cny"] >= val: warn(f"{pid}: 套装价不低于单品合计价值")
        for c in parts:
            if not set(p["channels"]) <= set(prod[c]["channels"]) and prod[c]["category"] != "服务":
                warn(f"{pid}: 套装渠道 {p['channels']} 超出单品 {c} 的渠道 {prod[c]['channels']}")
    for r in rels:
        t, o = r.get("type"), prod.get(r.get("id"))
        if not o: continue
        if t == "replaces":
            if not o.get("discontinued"): err(f"{pid}: replaces 的旧款 {o['id']} 没有停产日期")
            elif D(p["launched"]) > D(o["discontinued"]) + datetime.timedelta(days=180):
                warn(f"{pid}: 新款上市比旧款 {o['id']} 停产晚半年以上")
            if o.get("category") != p.get("category"): err(f"{pid}: replaces 的新旧款类别不同")
        if t == "refill_of" and p.get("category") != "替换装": err(f"{pid}: refill_of 的商品 category 应为 替换装")
        if t in ("refill_of", "compatible_with") and o.get("discontinued") and not p.get("discontinued"):
            warn(f"{pid}: {t} 指向已停产商品 {o['id']}")
for pid, p in prod.items():
    if p.get("category") == "替换装" and not any(r.get("type") == "refill_of" for r in p.get("related", [])):
        err(f"{pid}: 替换装缺少 refill_of 关系")

# ---------------------------------------------------------------- 政策
def fm_list(v):
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    return [x.strip() for x in m.group(1).split(",") if x.strip()] if m else None

categories = {p["category"] for p in prod.values()}
for pid_, pol in policies.items():
    fm, body = pol["fm"], pol["body"]
    chs = fm_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and (not chs or any(c not in CHANNELS for c in chs))): err(f"{pid_}: channels 非法 {fm.get('channels')}")
    at = fm_list(fm.get("applies_to", ""))
    if at is None or (at != "all" and any(a not in categories and a not in prod for a in at)): err(f"{pid_}: applies_to 非法 {fm.get('applies_to')}")
    if not re.fullmatch(r"ch-[a-z0-9]+(-[a-z0-9]+)*", pid_): err(f"{pid_}: id 应为 ch- 开头的 kebab-case")
    if not is_date(fm.get("effective_from", "")): err(f"{pid_}: effective_from 不是日期")
    eto = fm.get("effective_to")
    if eto != "null":
        if not is_date(eto): err(f"{pid_}: effective_to 不是日期或 null")
        elif is_date(fm.get("effective_from", "")) and D(eto) < D(fm["effective_from"]): err(f"{pid_}: effective_to 早于 effective_from")
    title = fm.get("title", "")
    if f"# {title}" not in body and not re.search(r"^# .*" + re.escape(re.sub(r"^驰友会", "", title)[:6]), body, re.M):
        warn(f"{pid_}: 正文一级标题与 title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        old = policies.get(sup)
        if not old: err(f"{pid_}: supersedes 指向不存在的政策 {sup}"); continue
        ofm = old["fm"]
        if ofm.get("effective_to") == "null": err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
        elif D(ofm["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
            err(f"{pid_}: {sup} 的 effective_to 应为本版 effective_from 的前一天")
        if ofm.get("applies_to") != fm.get("applies_to"): err(f"{pid_}: 与被取代版本 applies_to 不同")
        if fm["effective_from"] not in body: err(f"{pid_}: 正文未写明生效日期 {fm['effective_from']}")
        if "已失效" not in old["body"]: warn(f"{sup}: 已被取代，正文未标注已失效")
superseded = [p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"]
for s, c in collections.Counter(superseded).items():
    if c > 1: err(f"{s}: 被多个政策取代")
for pid_, pol in policies.items():
    if pol["fm"].get("effective_to") != "null" and pid_ not in superseded and "活动" not in pol["fm"]["title"]:
        warn(f"{pid_}: 有 effective_to 但没有后续版本")

# 政策正文中提到的商品名应存在（粗查：《...》引用的政策标题应存在）
titles = {p["fm"]["title"] for p in policies.values()}
for src, text in list((k, v["body"]) for k, v in policies.items()) + [(f"faq:{k}", v["answer"]) for k, v in faq.items()]:
    for t in re.findall(r"《([^》]+)》", text):
        if t not in titles and not any(x.startswith(t) for x in titles) and t not in ("退换货政策", "会员积分规则"):
            err(f"{src}: 引用了不存在的政策《{t}》")

# ---------------------------------------------------------------- FAQ
for fid, fq in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+三位数字")
    if not fq["question"] or not fq["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(fq["tags"]): err(f"faq {fid}: tags 有空项")
ids = sorted(faq)
if ids != [f"F{i:03d}" for i in range(1, len(ids) + 1)]: err("faq: id 应从 F001 起连续编号")


# ---------------------------------------------------------------- 问题
def check_question(d, where, is_corr=False):
    expect = QA_KEYS
    if list(d) != expect: err(f"{where}: 字段顺序应为 {expect}，实际 {list(d)}")
    if d.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if d.get("channel") is not None and d.get("channel") not in CHANNELS: err(f"{where}: channel 非法 {d.get('channel')}")
    if d.get("as_of") is not None and not is_date(d["as_of"]): err(f"{where}: as_of 不是日期")
    types = ["correction"] if is_corr else TYPES
    if d.get("type") not in types: err(f"{where}: type 非法 {d.get('type')}")
    if not isinstance(d.get("question"), str) or not d["question"].strip(): err(f"{where}: question 为空")
    if not isinstance(d.get("note"), str) or not d["note"]: err(f"{where}: note 为空")
    mi, mni, srcs = d.get("must_include"), d.get("must_not_include"), d.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mni), ("sources", srcs)):
        if not isinstance(v, list) or any(not isinstance(x, str) or not x for x in v): err(f"{where}: {k} 应为字符串列表")
    mi, mni, srcs = mi or [], mni or [], srcs or []
    refuse = d.get("refuse")
    if refuse is not (d.get("type") == "refusal"): err(f"{where}: refuse 应当且仅当 type=refusal 时为 true")
    if refuse:
        if mi: err(f"{where}: 拒答题 must_include 应为空")
        if srcs: err(f"{where}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where}: 非拒答题 must_include 不能为空")
    if not srcs: err(f"{where}: 非拒答题 sources 不能为空")
    if len(set(srcs)) != len(srcs): err(f"{where}: sources 重复")
    for s in srcs:
        if s not in raw: err(f"{where}: sources 引用不存在 {s}")
    if set(map(norm, mi)) & set(map(norm, mni)): err(f"{where}: must_include 与 must_not_include 有重叠")
    src_norm = norm("".join(raw.get(s, "") for s in srcs))
    kb_norm = all_raw_norm
    if is_corr:  # 更正题在全部更正应用之后提问：新值也算知识库原文
        kb_norm = all_raw_norm + "".join(norm(c.get("new", "")) for c in corr)
        src_norm += "".join(norm(c.get("new", "")) for c in corr if c.get("target") in srcs)
    for x in mi:
        if norm(x) not in kb_norm: err(f"{where}: must_include {x!r} 不在知识库原文中")
        elif norm(x) not in src_norm and not is_corr: warn(f"{where}: must_include {x!r} 不在其 sources 中")
        if d.get("lang") == "en" and not re.search(r"\d", x):
            ok = any(norm(x) in norm(p["name_en"]) for p in prod.values()) or x.lower() in (v.lower() for v in CHANNEL_NAMES_EN.values())
            if not ok: err(f"{where}: 英文题的 must_include {x!r} 应为数字、name_en 片段或渠道名")
        if re.search(r"\d+月\d+日|\d{4}年", x): warn(f"{where}: must_include {x!r} 含中文日期写法，判分时会被归一化")
    as_of = d.get("as_of") or DEFAULT_AS_OF
    for s in srcs:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            if D(fm["effective_from"]) > D(as_of): err(f"{where}: 引用的 {sid} 在 as_of {as_of} 时尚未生效")
            if fm["effective_to"] != "null" and D(fm["effective_to"]) < D(as_of):
                warn(f"{where}: 引用的 {sid} 在 as_of {as_of} 时已结束（按下单日期/活动订单适用）")
            chs = fm_list(fm["channels"])
            if chs != "all" and d.get("channel") and d["channel"] not in chs:
                warn(f"{where}: channel={d['channel']} 引用了只适用于 {chs} 的 {sid}")
        if kind == "product" and sid in prod:
            p = prod[sid]
            if D(p["launched"]) > D(as_of) and d.get("type") not in ("temporal",) and "上市" not in d.get("note", ""):
                warn(f"{where}: 引用的 {sid} 在 as_of 时尚未上市")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
qids = [d.get("id") for d in qa]
if qids != [f"q{i:03d}" for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应从 q001 起连续编号")
qtexts = collections.Counter(norm(d.get("question", "")) for d in qa)
for t, c in qtexts.items():
    if c > 1: err(f"qa.jsonl: 有 {c} 道题题干相同")
for d in qa:
    check_question(d, d.get("id", "?"))

# 题目不应照抄 FAQ 问题
faq_q = {norm(v["question"]) for v in faq.values()}
for d in qa:
    if norm(d["question"]) in faq_q: err(f"{d['id']}: 题干与 FAQ 问题完全相同")

# ---------------------------------------------------------------- 更正
cids = [c.get("id") for c in corr]
if cids != [f"c{i:02d}" for i in range(1, len(corr) + 1)]: err("corrections.jsonl: id 应从 c01 起连续编号")
state_price = {pid: str(p["price_cny"]) for pid, p in prod.items()}
state_kv = {pid: dict(**p["attributes"], **p["specs"]) for pid, p in prod.items()}
state_text = {k: v["body"] for k, v in policies.items()}
state_text.update({f"F:{k}": v["answer"] for k, v in faq.items()})
corrected = []  # (source, old)
for c in corr:
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, sid = tgt.partition(":")
    if field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        elif state_price[sid] != old: err(f"{cid}: 旧价格 {old} 与当前值 {state_price[sid]} 不符")
        else: state_price[sid] = new
        if kind == "product" and "variants" in prod[sid]: err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
    elif field == "text":
        key = sid if kind == "policy" else f"F:{sid}"
        if kind not in ("policy", "faq"): err(f"{cid}: text 只能更正政策或 FAQ")
        elif state_text[key].count(old) != 1: err(f"{cid}: old 子串在目标中出现 {state_text[key].count(old)} 次（应为1次）")
        else: state_text[key] = state_text[key].replace(old, new)
    else:
        if kind != "product": err(f"{cid}: 键名更正只能用于商品")
        elif field not in state_kv[sid]: err(f"{cid}: 商品 {sid} 的 attributes/specs 中没有键 {field}")
        elif state_kv[sid][field] != old: err(f"{cid}: 旧值 {old!r} 与当前值 {state_kv[sid][field]!r} 不符")
        else: state_kv[sid][field] = new
    corrected.append((tgt, old))
    qq = c.get("question") or {}
    check_question(qq, f"{cid}.question", is_corr=True)
    if qq.get("id") != "q" + cid: err(f"{cid}: question.id 应为 q{cid}")
    if tgt not in qq.get("sources", []): err(f"{cid}: question.sources 应包含 {tgt}")
    if not any(norm(x) in norm(new) for x in qq.get("must_include", [])): err(f"{cid}: question.must_include 应取自新值")
    if not any(norm(x) in norm(old) for x in qq.get("must_not_include", [])): err(f"{cid}: question.must_not_include 应取自旧值")
    if any(norm(x) in norm(old) and norm(x) not in norm(new) for x in qq.get("must_include", [])): err(f"{cid}: must_include 含旧值")

# qa.jsonl 不依赖被更正的事实
for d in qa:
    for tgt, old in corrected:
        if tgt in d["sources"] and any(norm(old) in norm(x) or norm(x) == norm(old) for x in d["must_include"]):
            err(f"{d['id']}: 依赖被更正的事实 {tgt} {old!r}")

# ---------------------------------------------------------------- README 计数
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for fn, n in counts.items():
    m = re.search(r"^\| `" + re.escape(fn) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fn} 的数量")
    elif int(m.group(1)) != n: err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
tc = collections.Counter(d["type"] for d in qa)
lc = collections.Counter(d["lang"] for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
if f"{nv}个商品有" not in readme: err(f"README: 应写明 {nv}个商品有 variants")

# ---------------------------------------------------------------- 汇总
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
