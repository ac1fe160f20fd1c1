#!/usr/bin/env python3
"""铁砺评测集一致性检查（仅标准库）。用法：python3 check.py
检查商品/政策/FAQ/问题/更正的格式与相互一致性，以及 README 中的计数。
出现任何错误时以非 0 退出；警告不影响退出码。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "config", "pack", "type", "teeth", "use", "lines", "size", "dimensions"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
QA_TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
D = datetime.date.fromisoformat

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
norm = kbload.norm

# ---------------------------------------------------------------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"tieli-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 tieli-<kebab-case>")
DEFAULT_AS_OF = D(ev["default_as_of"])

# ---------------------------------------------------------------- 商品
def num(x): return isinstance(x, (int, float)) and not isinstance(x, bool)
def is_str_map(m): return isinstance(m, dict) and all(isinstance(k, str) and isinstance(v, str) and v for k, v in m.items())

for p in products:
    pid = p.get("id", "?")
    keys = [k for k in PROD_KEYS if k != "variants" or "variants" in p]
    if list(p) != keys: err(f"{pid}: 字段顺序/集合应为 {keys}，实际 {list(p)}")
    if not re.fullmatch(r"TL-\d{4}", str(pid)): err(f"{pid}: id 格式应为 TL-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 为空")
    if not re.fullmatch(r"[\x20-\x7e]+", p.get("name_en", "")): err(f"{pid}: name_en 含非 ASCII 字符")
    if not num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or len(set(ch)) != len(ch) or any(c not in CHANNELS for c in ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序与标准顺序不同")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    dis = p.get("discontinued")
    if dis is not None:
        if not kbload.is_date(dis): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(dis) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        elif not any(dis in v for v in p.get("attributes", {}).values()): warn(f"{pid}: 已停产但 attributes 未写明停产日期")
    if not is_str_map(p.get("attributes")): err(f"{pid}: attributes 应为 字符串→非空字符串")
    if not is_str_map(p.get("specs")) or not p.get("specs"): err(f"{pid}: specs 应为非空的 字符串→非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or not all(isinstance(x, str) and x for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # 上市前的商品须写明上市状态
    if kbload.is_date(p.get("launched") or "") and D(p["launched"]) > DEFAULT_AS_OF:
        if not any(p["launched"] in v for v in p.get("attributes", {}).values()): err(f"{pid}: 未上市商品的 attributes 应写明上市日期")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            for v in vs:
                if not isinstance(v.get("sku"), str) or not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", v["sku"]):
                    err(f"{pid}: SKU 编码应为 商品id-后缀：{v.get('sku')}")
                if not num(v.get("price_cny")) or v["price_cny"] <= 0: err(f"{pid}: {v.get('sku')} price_cny 非法")
                if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: {v.get('sku')} 字段应以 sku 开头、price_cny 结尾")
                extra = set(v) - VARIANT_FIELDS
                if extra: err(f"{pid}: {v.get('sku')} 有未约定的 SKU 字段 {sorted(extra)}")
                if len(v) < 3: err(f"{pid}: {v.get('sku')} 缺少规格维度字段")
            dims = [tuple((k, v[k]) for k in v if k not in ("sku", "price_cny")) for v in vs]
            if len(set(dims)) != len(dims): err(f"{pid}: 不同 SKU 的规格维度完全相同")
            prices = [v.get("price_cny") for v in vs if num(v.get("price_cny"))]
            if prices and p.get("price_cny") != min(prices): err(f"{pid}: price_cny {p.get('price_cny')} ≠ 最低 SKU 价 {min(prices)}")
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id：{r}"); continue
        if r["type"] not in REL_TYPES: err(f"{pid}: 未知关系类型 {r['type']}")
        if r["id"] not in prod: err(f"{pid}: 关系指向不存在的商品 {r['id']}")
        if r["id"] == pid: err(f"{pid}: 关系指向自身")
        if (r["type"], r["id"]) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r["type"], r["id"]))

def price_of(pid): return prod[pid]["price_cny"]

for p in products:
    pid = p["id"]; rel = p.get("related", []) if isinstance(p.get("related"), list) else []
    comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
    attrs = p.get("attributes", {}) if isinstance(p.get("attributes"), dict) else {}
    if comps or p.get("category") == "套装":
        if not comps: err(f"{pid}: 套装没有 set_contains")
        val = attrs.get("单品合计价值")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val or "")
        if not m: err(f"{pid}: 套装缺少 单品合计价值（形如 1234元）")
        else:
            total = round(sum(price_of(c) for c in comps), 2)
            if abs(float(m.group(1)) - total) > 0.001: err(f"{pid}: 单品合计价值 {val} ≠ 组件价格之和 {total}")
            if p["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计价值")
        if "规格" not in attrs: err(f"{pid}: 套装缺少 规格")
        elif len(comps) != attrs["规格"].count("×"): err(f"{pid}: 规格中的件数与 set_contains 数量不一致")
        for c in comps:
            if prod[c].get("category") == "套装": err(f"{pid}: 套装嵌套套装 {c}")
            if prod[c].get("launched") > p["launched"]: err(f"{pid}: 组件 {c} 上市晚于套装")
            if prod[c].get("discontinued") and (p["discontinued"] is None or prod[c]["discontinued"] < p["discontinued"]):
                err(f"{pid}: 组件 {c} 先于套装停产")
    for r in rel:
        t, o = r.get("type"), prod.get(r.get("id"))
        if o is None: continue
        if t == "replaces":
            if not o.get("discontinued"): err(f"{pid}: replaces {o['id']}，但后者未停产")
            elif o["discontinued"] >= p["launched"] and D(o["discontinued"]) - D(p["launched"]) > datetime.timedelta(days=1):
                warn(f"{pid}: 替代款上市 {p['launched']} 早于旧款停产 {o['discontinued']}")
            if o.get("category") != p.get("category"): warn(f"{pid}: 替代款与旧款类目不同")
        if t in ("refill_of", "compatible_with") and o.get("category") == "套装": warn(f"{pid}: {t} 指向套装 {o['id']}")
        if t == "refill_of" and p.get("category") not in ("耗材", "替换装"): warn(f"{pid}: refill_of 用在非耗材商品上")
# 停产且有替代款的商品：替代款应指向它
for p in products:
    if p.get("discontinued") and "替代" in json.dumps(p.get("attributes"), ensure_ascii=False) and "无替代" not in json.dumps(p.get("attributes"), ensure_ascii=False):
        if not any(r.get("type") == "replaces" and r.get("id") == p["id"] for q in products for r in q.get("related", [])):
            err(f"{p['id']}: 写明了替代款，但没有商品 replaces 它")

# ---------------------------------------------------------------- 政策
categories = {p.get("category") for p in products}
for pid_, pol in policies.items():
    fm = pol["fm"]; fn = pid_ + ".md"
    if not re.fullmatch(r"tl-[a-z0-9]+(-[a-z0-9]+)*", pid_): err(f"{fn}: id 应以 tl- 开头、kebab-case")
    if not fm.get("title"): err(f"{fn}: title 为空")
    chs = fm.get("channels", "")
    if chs != "all":
        m = re.fullmatch(r"\[(.*)\]", chs)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(c not in CHANNELS for c in items): err(f"{fn}: channels 非法 {chs}")
    ap = fm.get("applies_to", "")
    if ap != "all":
        m = re.fullmatch(r"\[(.*)\]", ap)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items: err(f"{fn}: applies_to 非法 {ap}")
        for c in items:
            if c not in categories: err(f"{fn}: applies_to 中的 {c} 不是商品类目")
    ef, et = fm.get("effective_from", ""), fm.get("effective_to", "")
    if not kbload.is_date(ef): err(f"{fn}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"{fn}: effective_to 应为日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and D(et) < D(ef): err(f"{fn}: effective_to 早于 effective_from")
    title_line = re.search(r"^# (.+)$", pol["body"], re.M)
    if not title_line: err(f"{fn}: 正文缺少一级标题")
    sup = fm.get("supersedes", "null")
    if sup != "null":
        old = policies.get(sup)
        if not old: err(f"{fn}: supersedes 指向不存在的政策 {sup}")
        else:
            oet = old["fm"].get("effective_to")
            if not kbload.is_date(oet): err(f"{fn}: 被取代的 {sup} 没有 effective_to")
            elif kbload.is_date(ef) and D(oet) + datetime.timedelta(days=1) != D(ef):
                err(f"{fn}: {sup} 的 effective_to {oet} 与本版 effective_from {ef} 不衔接")
            if "已失效" not in old["body"]: warn(f"{sup}.md: 已被取代，正文未标注“已失效”")
            if ef not in pol["body"]: warn(f"{fn}: 正文未写明生效日期 {ef}")
# 有 effective_to 的政策：要么被取代，要么是限时活动
superseded = {p["fm"]["supersedes"] for p in policies.values()}
for pid_, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid_ not in superseded and not re.search(r"\d{4}", pid_):
        warn(f"{pid_}: 有 effective_to 但未被取代")
# 限时套装的下架日期与活动结束日一致
for p in products:
    if p.get("discontinued") and p.get("category") == "套装":
        if not any(p["discontinued"] == pol["fm"]["effective_to"] and p["name"] in pol["body"] for pol in policies.values()):
            warn(f"{p['id']}: 限定套装的下架日期没有对应的活动规则")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空项")
ids = sorted(faq)
if ids != [f"F{i:03d}" for i in range(1, len(ids) + 1)]: warn("faq: id 不连续")

# ---------------------------------------------------------------- 问题
def check_question(d, where, allowed_types):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段应为 {QA_KEYS}，实际 {list(d)}")
    if not isinstance(d.get("question"), str) or not d.get("question").strip(): err(f"{where} {qid}: question 为空")
    if d.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if d.get("channel") is not None and d.get("channel") not in CHANNELS: err(f"{where} {qid}: channel 非法")
    if d.get("as_of") is not None and not kbload.is_date(d.get("as_of")): err(f"{where} {qid}: as_of 非法")
    if d.get("type") not in allowed_types: err(f"{where} {qid}: type 非法 {d.get('type')}")
    mi, mn, src = d.get("must_include"), d.get("must_not_include"), d.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mn), ("sources", src)):
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v): err(f"{where} {qid}: {k} 应为非空字符串列表"); return
    if len(set(mi)) != len(mi) or len(set(src)) != len(src): err(f"{where} {qid}: must_include 或 sources 有重复")
    refusal = d.get("type") == "refusal"
    if d.get("refuse") is not refusal: err(f"{where} {qid}: refuse 应与 type==refusal 一致")
    if refusal:
        if mi or src: err(f"{where} {qid}: 拒答题的 must_include 与 sources 应为空")
    else:
        if not mi: err(f"{where} {qid}: 非拒答题缺少 must_include")
        if not src: err(f"{where} {qid}: 非拒答题缺少 sources")
    for s in src:
        if s not in raw: err(f"{where} {qid}: source 不存在 {s}")
    for x in mn:
        if any(norm(x) in norm(y) or norm(y) in norm(x) for y in mi): err(f"{where} {qid}: must_not_include '{x}' 与 must_include 冲突")
    if d.get("lang") == "en":
        if re.search(r"[\u4e00-\u9fff]", d.get("question", "")): err(f"{where} {qid}: 英文题的题面含中文")
        for x in mi:
            if re.search(r"[^\x20-\x7e]", x): err(f"{where} {qid}: 英文题的 must_include 只能用 ASCII：{x}")
    elif not re.search(r"[\u4e00-\u9fff]", d.get("question", "")): err(f"{where} {qid}: 中文题的题面没有中文")
    if not d.get("note"): warn(f"{where} {qid}: note 为空")
    return refusal

def check_mi_in_kb(d, where, kb_raw, kb_all_norm):
    qid = d["id"]; src_norm = norm("".join(kb_raw.get(s, "") for s in d["sources"]))
    for x in d["must_include"]:
        if norm(x) not in kb_all_norm: err(f"{where} {qid}: must_include '{x}' 在知识库原文中找不到")
        elif norm(x) not in src_norm: warn(f"{where} {qid}: must_include '{x}' 不在其 sources 中")

def effective_on(pol, day):
    fm = pol["fm"]; ef = D(fm["effective_from"])
    et = D(fm["effective_to"]) if fm["effective_to"] != "null" else datetime.date.max
    return ef <= day <= et

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
qids = [d.get("id") for d in qa]
if len(set(qids)) != len(qids): err("qa.jsonl: id 重复")
if qids != [f"q{i:03d}" for i in range(1, len(qids) + 1)]: warn("qa.jsonl: id 不连续")
seen_q = Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa)
for k, n in seen_q.items():
    if n > 1: err(f"qa.jsonl: 题面、as_of、渠道完全相同的题出现 {n} 次：{k[0]}")
for d in qa:
    if check_question(d, "qa", QA_TYPES) is None: continue
    if d["type"] == "refusal": continue
    check_mi_in_kb(d, "qa", raw, all_raw_norm)
    day = D(d["as_of"]) if d["as_of"] else DEFAULT_AS_OF
    ch = d["channel"]
    for s in d["sources"]:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            pol = policies[sid]; fm = pol["fm"]
            # 订单通常在 as_of 前几天（最多约 30 天）下单：政策须在 [as_of-30天, as_of] 内的某天有效
            lo = day - datetime.timedelta(days=30)
            ef = D(fm["effective_from"]); et = D(fm["effective_to"]) if fm["effective_to"] != "null" else datetime.date.max
            if et < lo or ef > day: err(f"qa {d['id']}: 引用的 {sid} 在 as_of {day} 前后不生效")
            if ch and fm["channels"] != "all" and ch not in fm["channels"]:
                warn(f"qa {d['id']}: channel {ch} 的题引用了只适用于 {fm['channels']} 的 {sid}")
            # 同一版本链中，as_of 当天有效的版本应被引用（取代关系）
            for other_id, other in policies.items():
                if other["fm"]["supersedes"] == sid and effective_on(other, day) and d["type"] != "temporal":
                    err(f"qa {d['id']}: as_of {day} 时 {sid} 已被 {other_id} 取代")
        if kind == "product" and sid in prod:
            p = prod[sid]
            if ch and d["type"] in ("lookup", "multi_hop", "comparison") and ch not in p["channels"] and len(d["sources"]) == 1:
                warn(f"qa {d['id']}: channel {ch} 的题只引用了该渠道不卖的 {sid}")
cnt_type = Counter(d.get("type") for d in qa)
cnt_lang = Counter(d.get("lang") for d in qa)

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
cids = [c.get("id") for c in corr]
if cids != [f"c{i:02d}" for i in range(1, len(cids) + 1)]: err("corrections.jsonl: id 应为 c01、c02…… 连续")
after_raw = dict(raw)
corrected = []  # (target, old)
for c in corr:
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"更正 {cid}: 字段应为 {CORR_KEYS}，实际 {list(c)}"); continue
    tgt, field, old, new = c["target"], c["field"], c["old"], c["new"]
    if not (isinstance(old, str) and isinstance(new, str) and old and new and old != new): err(f"更正 {cid}: old/new 应为不同的非空字符串")
    if not c.get("reason"): err(f"更正 {cid}: reason 为空")
    kind, _, sid = tgt.partition(":")
    if tgt not in raw: err(f"更正 {cid}: target 不存在 {tgt}"); continue
    if kind == "product":
        p = prod[sid]
        if field == "price_cny":
            if str(p["price_cny"]) != old: err(f"更正 {cid}: old {old} ≠ 当前价格 {p['price_cny']}")
            if not re.fullmatch(r"\d+(\.\d+)?", new): err(f"更正 {cid}: new 价格格式非法")
            if "variants" in p: err(f"更正 {cid}: 有 SKU 的商品不能只改 price_cny")
            if any(r.get("type") == "set_contains" and r.get("id") == sid for q in products for r in q.get("related", [])):
                warn(f"更正 {cid}: 改价商品是某套装的组件，套装的单品合计价值会与之不符")
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            where_ = "attributes" if field in p.get("attributes", {}) else "specs"
            if p[where_][field] != old: err(f"更正 {cid}: old 与 {where_}.{field} 当前值不一致")
        else: err(f"更正 {cid}: 商品没有字段 {field}")
    elif field == "text":
        body = policies[sid]["body"] if kind == "policy" else faq[sid]["answer"]
        n = body.count(old)
        if n != 1: err(f"更正 {cid}: old 在目标中出现 {n} 次（应恰好 1 次）")
    else: err(f"更正 {cid}: {kind} 只能用 field=text")
    after_raw[tgt] = after_raw[tgt].replace(old, new)
    corrected.append((tgt, old, new))
    qd = c["question"]
    check_question(qd, "更正", ["correction"])
    if qd.get("id") != "q" + cid: err(f"更正 {cid}: 验证题 id 应为 q{cid}")
    if qd.get("sources") and tgt not in qd["sources"]: err(f"更正 {cid}: 验证题的 sources 应包含 {tgt}")
    if qd.get("refuse"): err(f"更正 {cid}: 验证题不应是拒答题")
after_all_norm = norm("".join(after_raw.values()))
for c in corr:
    if list(c) != CORR_KEYS: continue
    qd = c["question"]
    for x in qd.get("must_include", []):
        if norm(x) not in norm(c["new"]): err(f"更正 {c['id']}: 验证题 must_include '{x}' 不在 new 中")
        if norm(x) not in after_all_norm: err(f"更正 {c['id']}: 更正后知识库找不到 '{x}'")
    for x in qd.get("must_not_include", []):
        if norm(x) not in norm(c["old"]): err(f"更正 {c['id']}: 验证题 must_not_include '{x}' 不在 old 中")
        if norm(x) in norm(c["new"]): err(f"更正 {c['id']}: must_not_include '{x}' 仍在 new 中")
# qa.jsonl 不依赖被更正的事实
for d in qa:
    if d.get("type") == "refusal": continue
    for tgt, old, new in corrected:
        if tgt in d.get("sources", []):
            for x in d.get("must_include", []):
                if norm(x) in norm(old) or norm(x) in norm(new): err(f"qa {d['id']}: must_include '{x}' 依赖被更正的 {tgt}")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
def table_count(name):
    m = re.search(r"^\|\s*`" + re.escape(name) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    return int(m.group(1)) if m else None
for name, actual in (("kb/products.jsonl", len(products)), ("kb/policies/*.md", len(policies)), ("kb/faq.csv", len(faq)),
                     ("qa.jsonl", len(qa)), ("eval.json", 1), ("corrections.jsonl", len(corr))):
    n = table_count(name)
    if n is None: err(f"README: 文件表缺少 {name} 的数量")
    elif n != actual: err(f"README: {name} 写的是 {n}，实际 {actual}")
m = re.search(r"题型分布：(.*?)；语言：(.*?)。", readme)
if not m: err("README: 缺少题型分布/语言行")
else:
    want_t = ", ".join(f"{t} {cnt_type[t]}" for t in sorted(cnt_type))
    want_l = ", ".join(f"{l} {cnt_lang[l]}" for l in sorted(cnt_lang))
    if m.group(1).strip() != want_t: err(f"README: 题型分布应为 '{want_t}'，实际 '{m.group(1).strip()}'")
    if m.group(2).strip() != want_l: err(f"README: 语言分布应为 '{want_l}'，实际 '{m.group(2).strip()}'")
nvar = sum(1 for p in products if "variants" in p)
m = re.search(r"`variants`[^\n]*?（[^）]*?(\d+)个商品有）", readme)
if not m: warn("README: 没写有 variants 的商品数")
elif int(m.group(1)) != nvar: err(f"README: 有 variants 的商品数写的是 {m.group(1)}，实际 {nvar}")
for pid in re.findall(r"`(TL-\d{4})`", readme):
    if pid not in prod: err(f"README: 提到不存在的商品 {pid}")
for pol in re.findall(r"`(tl-[a-z0-9-]+)`", readme):
    if pol not in policies: err(f"README: 提到不存在的政策 {pol}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {nvar}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print("题型:", dict(sorted(cnt_type.items())), "语言:", dict(sorted(cnt_lang.items())))
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
