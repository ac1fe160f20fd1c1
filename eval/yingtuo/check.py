#!/usr/bin/env python3
"""影拓 YINGTUO 评测集一致性检查（仅标准库）。

用法：python3 check.py    —— 0 个错误时退出码为 0。
检查内容：商品字段顺序与格式、渠道、日期、SKU（前缀、price_cny = 最低 SKU 价）、关系目标存在、
套装单品合计价值、政策 front matter 与版本链、FAQ、问题格式与类型、must_include 出现在知识库原文
（并尽量出现在其 sources 中）、更正可应用且不影响 qa.jsonl、README 中的数量与分布。
"""
import collections, copy, datetime, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants", "ingredients"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "sections", "max_height", "folded_length", "weight", "camera", "color",
                  "edition", "filter_size", "color_mode", "color_temp", "battery", "capacity", "load", "rent_days"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
SET_CATEGORY = "套装"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
norm = kbload.norm
D = datetime.date.fromisoformat


def num(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)元", s or "")
    return float(m.group(1)) if m else None


# ---------------------------------------------------------------- eval.json
try:
    EVAL = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    EVAL = {}; err(f"eval.json: 读取失败 {e}")
if sorted(EVAL) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {sorted(EVAL)}")
DEFAULT_AS_OF = EVAL.get("default_as_of", "2025-12-01")
if not kbload.is_date(DEFAULT_AS_OF): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"yingtuo-[a-z0-9]+(-[a-z0-9]+)*", EVAL.get("name", "")): err("eval.json: name 应为 yingtuo-<kebab-case>")

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)

# ---------------------------------------------------------------- 商品
for d in products:
    pid = d.get("id", "?")
    keys = list(d)
    expect = [k for k in PROD_KEYS if k in d or k not in PROD_OPTIONAL]
    if keys != expect: err(f"{pid}: 字段顺序应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"YT-\d{4}", str(pid)): err(f"{pid}: id 格式应为 YT-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(d.get(k), str) or not d.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(d.get("name", "")).startswith("影拓"): err(f"{pid}: name 应以品牌名'影拓'开头")
    if not str(d.get("name_en", "")).startswith("YINGTUO "): err(f"{pid}: name_en 应以 'YINGTUO ' 开头")
    price = d.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = d.get("channels")
    if not isinstance(ch, list) or not ch: err(f"{pid}: channels 应为非空列表")
    else:
        if any(c not in CHANNELS for c in ch): err(f"{pid}: 未知渠道 {ch}")
        if len(set(ch)) != len(ch): err(f"{pid}: 渠道重复")
        if [c for c in CHANNELS if c in ch] != ch: err(f"{pid}: 渠道顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(str(d.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None:
        if not kbload.is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(str(d.get("launched"))) and D(disc) <= D(d["launched"]): err(f"{pid}: 停产日期早于上市日期")
    for k in ("attributes", "specs"):
        v = d.get(k)
        if not isinstance(v, dict) or (k == "specs" and not v): err(f"{pid}: {k} 应为{'非空' if k == 'specs' else ''}对象")
        elif any(not isinstance(x, str) or not isinstance(y, str) or not y for x, y in v.items()):
            err(f"{pid}: {k} 的键和值都应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) for x in d.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # SKU
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个 SKU 的列表"); vs = []
        skus = [v.get("sku") for v in vs]
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        for v in vs:
            ks = list(v)
            if not ks or ks[0] != "sku" or ks[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾：{ks}")
            if set(ks) - VARIANT_FIELDS: err(f"{pid}: SKU {v.get('sku')} 含未登记的字段 {set(ks) - VARIANT_FIELDS}")
            if not re.fullmatch(re.escape(pid) + r"-[0-9A-Za-z]+", str(v.get("sku"))): err(f"{pid}: SKU 编码应为 商品id-后缀：{v.get('sku')}")
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{pid}: SKU {v.get('sku')} price_cny 应为正数")
        if len({tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs}) > 1:
            err(f"{pid}: 各 SKU 的规格维度字段应一致")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"{pid}: price_cny {price} 应等于最低 SKU 价 {min(prices)}")
        dims = [tuple(v.get(k) for k in v if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) != len(dims): err(f"{pid}: 存在规格完全相同的 SKU")

# 关系
for d in products:
    pid = d.get("id")
    rel = d.get("related", [])
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: 关系字段应为 type, id：{r}")
        t, tid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 未知关系类型 {t}")
        if tid not in prod: err(f"{pid}: 关系目标不存在 {tid}")
        if tid == pid: err(f"{pid}: 关系指向自身")
        if (t, tid) in seen: err(f"{pid}: 关系重复 {t} {tid}")
        seen.add((t, tid))
        if t == "replaces" and tid in prod:
            old = prod[tid]
            if not old.get("discontinued"): err(f"{pid}: replaces 的目标 {tid} 未停产")
            elif D(old["discontinued"]) > D(d["launched"]) + datetime.timedelta(days=62):
                warn(f"{pid}: 上市日期与被替代商品 {tid} 的停产日期相差较远")
            if old.get("category") != d.get("category"): err(f"{pid}: replaces 目标 {tid} 品类不同")
        if t == "set_contains" and d.get("category") != SET_CATEGORY: err(f"{pid}: 只有套装可以 set_contains")
        if t == "refill_of" and tid in prod and prod[tid].get("category") == SET_CATEGORY: err(f"{pid}: refill_of 不应指向套装")
    # 套装
    if d.get("category") == SET_CATEGORY:
        comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
        if len(comps) < 2: err(f"{pid}: 套装应至少包含2个 set_contains")
        total = num(d.get("attributes", {}).get("单品合计价值"))
        if total is None: err(f"{pid}: 套装缺少'单品合计价值'（形如 927元）")
        else:
            s = sum(prod[c]["price_cny"] for c in comps)
            if abs(s - total) > 1e-6: err(f"{pid}: 单品合计价值 {total} ≠ 各单品 price_cny 之和 {s}")
            if d.get("price_cny", 0) >= total: err(f"{pid}: 套装价不低于单品合计价值")
        if "规格" not in d.get("attributes", {}): err(f"{pid}: 套装缺少'规格'")
        for c in comps:
            if prod[c]["launched"] > d["launched"]: err(f"{pid}: 组件 {c} 晚于套装上市")
            if prod[c].get("discontinued"): err(f"{pid}: 组件 {c} 已停产")
            if not set(d["channels"]) <= set(prod[c]["channels"]): warn(f"{pid}: 套装渠道不是组件 {c} 渠道的子集")

# 需要的情形（简报要求）
cats = collections.Counter(d.get("category") for d in products)
if not any(d.get("launched", "") > DEFAULT_AS_OF for d in products): err("缺少在默认评测日尚未上市的商品")
if not any(r.get("type") == "replaces" for d in products for r in d.get("related", [])): err("缺少 replaces 换代关系")
if not any(r.get("type") == "refill_of" for d in products for r in d.get("related", [])): err("缺少 refill_of 关系")
if not any(len(d.get("channels", [])) <= 2 for d in products): err("缺少渠道专属商品")
nvar = sum(1 for d in products if "variants" in d)
if not 12 <= nvar <= 15: warn(f"有 variants 的商品数 {nvar} 不在 12–15")

# ---------------------------------------------------------------- 政策
for pid, p in policies.items():
    fm = p["fm"]
    if not re.fullmatch(r"yt-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 yt- 开头")
    ch = fm.get("channels", "")
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch)
        lst = [x.strip() for x in m.group(1).split(",")] if m else []
        if not lst or any(x not in CHANNELS for x in lst): err(f"{pid}: channels 应为 all 或渠道代码列表：{ch}")
    ap = fm.get("applies_to", "")
    if ap != "all":
        m = re.fullmatch(r"\[(.*)\]", ap)
        lst = [x.strip() for x in m.group(1).split(",")] if m else []
        if not lst or any(x not in cats for x in lst): err(f"{pid}: applies_to 应为 all 或商品品类列表：{ap}")
    ef, et = fm.get("effective_from"), fm.get("effective_to")
    if not kbload.is_date(ef): err(f"{pid}: effective_from 不是日期")
    if et != "null":
        if not kbload.is_date(et): err(f"{pid}: effective_to 应为日期或 null")
        elif kbload.is_date(ef) and D(et) < D(ef): err(f"{pid}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{pid}: 被取代的 {sup} 没有 effective_to")
            elif kbload.is_date(ef) and D(old["effective_to"]) + datetime.timedelta(days=1) != D(ef):
                err(f"{pid}: 版本链不连续：{sup} 至 {old['effective_to']}，{pid} 自 {ef}")
            if ef not in p["body"]: warn(f"{pid}: 正文未写明生效日期 {ef}")
    if not p["body"].lstrip().startswith("# " + fm.get("title", "")): err(f"{pid}: 正文一级标题应与 title 一致")
for pid, p in policies.items():
    et = p["fm"].get("effective_to")
    if et != "null" and not any(q["fm"].get("supersedes") == pid for q in policies.values()):
        if pid not in ("yt-double11-2025",) and "大促" not in p["fm"].get("title", ""):
            warn(f"{pid}: 有 effective_to 但没有被任何版本取代")

# 正文中引用的商品 id、政策标题
titles = {p["fm"]["title"] for p in policies.values()}
for pid, p in policies.items():
    for t in re.findall(r"《(.+?)》", p["body"]):
        if t not in titles and not any(t in x for x in titles): err(f"{pid}: 引用了不存在的政策《{t}》")
for d in products:
    for v in d.get("attributes", {}).values():
        for t in re.findall(r"《(.+?)》", v):
            if t not in titles: err(f"{d['id']}: 引用了不存在的政策《{t}》")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 为空")
fids = sorted(faq)
if fids != [f"F{i:03d}" for i in range(1, len(fids) + 1)]: err("faq: id 应从 F001 起连续编号")

# ---------------------------------------------------------------- 问题
def source_exists(s):
    kind, _, sid = s.partition(":")
    return (kind == "product" and sid in prod) or (kind == "policy" and sid in policies) or (kind == "faq" and sid in faq)


def policy_active(pid, day):
    fm = policies[pid]["fm"]
    if D(fm["effective_from"]) > day: return False
    return fm["effective_to"] == "null" or D(fm["effective_to"]) >= day


def check_question(qd, where, types, allow_correction=False, kb_norm=None, raw_map=None):
    kb_norm = kb_norm or all_raw_norm
    raw_map = raw_map or raw
    if list(qd) != QA_KEYS: err(f"{where}: 字段顺序应为 {QA_KEYS}，实际 {list(qd)}")
    if qd.get("lang") not in ("zh", "en"): err(f"{where}: lang 应为 zh/en")
    if qd.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", qd.get("question", "")): err(f"{where}: 英文题含中文")
    if qd.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", qd.get("question", "")): err(f"{where}: 中文题不含中文")
    if qd.get("channel") is not None and qd.get("channel") not in CHANNELS: err(f"{where}: 未知渠道 {qd.get('channel')}")
    if qd.get("as_of") is not None and not kbload.is_date(str(qd.get("as_of"))): err(f"{where}: as_of 不是日期")
    t = qd.get("type")
    if t not in types: err(f"{where}: 未知题型 {t}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(qd.get(k), list) or any(not isinstance(x, str) or not x for x in qd.get(k, [])):
            err(f"{where}: {k} 应为非空字符串列表")
    if not isinstance(qd.get("refuse"), bool): err(f"{where}: refuse 应为布尔值")
    if not qd.get("note"): err(f"{where}: note 为空")
    refuse = qd.get("refuse")
    if (t == "refusal") != bool(refuse): err(f"{where}: type=refusal 与 refuse=true 必须同时出现")
    mi, mn, src = qd.get("must_include", []), qd.get("must_not_include", []), qd.get("sources", [])
    if refuse:
        if mi: err(f"{where}: 拒答题 must_include 应为空")
        if src: err(f"{where}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where}: 非拒答题 must_include 为空")
    if not src: err(f"{where}: 非拒答题 sources 为空")
    for s in src:
        if not source_exists(s): err(f"{where}: source 不存在 {s}")
    if len(set(src)) != len(src): err(f"{where}: sources 重复")
    src_norm = norm("".join(raw_map.get(s, "") for s in src))
    for m in mi:
        if norm(m) not in kb_norm: err(f"{where}: must_include '{m}' 不在知识库原文中")
        elif norm(m) not in src_norm: warn(f"{where}: must_include '{m}' 不在其 sources 中")
        if qd.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", m): err(f"{where}: 英文题的 must_include 含中文 '{m}'")
        if re.search(r"\d{1,2}月\d{1,2}日", m): err(f"{where}: must_include '{m}' 的日期应写成 YYYY-MM-DD")
    for m in mn:
        if any(norm(m) in norm(x) for x in mi): err(f"{where}: must_not_include '{m}' 与 must_include 冲突")
    # 时间与渠道一致性
    day = D(qd["as_of"]) if qd.get("as_of") else D(DEFAULT_AS_OF)
    for s in src:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            if not policy_active(sid, day):
                # 订单在 as_of 之前几天下单：允许引用 as_of 前 30 天内有效的版本（如 2024 版政策适用于旧订单）
                if not any(policy_active(sid, day - datetime.timedelta(days=k)) for k in range(1, 31)):
                    err(f"{where}: 引用的 {sid} 在 as_of={day} 前后均不生效")
                else:
                    warn(f"{where}: 引用的 {sid} 在 as_of 当天已失效（按下单日期适用）")
            ch = qd.get("channel")
            if ch and fm["channels"] != "all" and ch not in fm["channels"]:
                warn(f"{where}: channel={ch} 的题引用了只适用于 {fm['channels']} 的 {sid}")
    if t == "temporal" and qd.get("as_of") is None and not any(s.startswith("product:") for s in src):
        warn(f"{where}: temporal 题 as_of 为 null")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [x.get("id") for x in qa]
if ids != [f"q{i:03d}" for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应从 q001 起连续编号")
qtexts = [norm(x.get("question", "")) for x in qa]
if len(set(qtexts)) != len(qtexts): err("qa.jsonl: 有重复问题")
for x in qa:
    check_question(x, x.get("id"), TYPES)

# 题干不应照抄知识库：与 FAQ 问题完全相同即报警
faq_q = {norm(f["question"]) for f in faq.values()}
for x in qa:
    if norm(x.get("question", "")) in faq_q: warn(f"{x['id']}: 题干与 FAQ 问题完全相同")

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]
prod2 = copy.deepcopy(prod)
pol2 = {k: dict(v) for k, v in policies.items()}
faq2 = {k: dict(v) for k, v in faq.items()}
for i, c in enumerate(corr, 1):
    cid = c.get("id", f"#{i}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{i:02d}": err(f"{cid}: id 应为 c{i:02d}")
    old, new, field, tgt = c.get("old"), c.get("new"), c.get("field"), c.get("target", "")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    kind, _, tid = tgt.partition(":")
    if not source_exists(tgt): err(f"{cid}: target 不存在 {tgt}"); continue
    if kind == "product":
        p = prod2[tid]
        if field == "price_cny":
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 SPU 价格")
            if old != f"{p['price_cny']:g}": err(f"{cid}: old {old} ≠ 当前价格 {p['price_cny']}")
            p["price_cny"] = float(new)
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            box = p["attributes"] if field in p["attributes"] else p["specs"]
            if box[field] != old: err(f"{cid}: old '{old}' ≠ 当前值 '{box[field]}'")
            box[field] = new
        else: err(f"{cid}: 商品 {tid} 没有字段 {field}")
    elif kind in ("policy", "faq"):
        if field != "text": err(f"{cid}: 政策/FAQ 的 field 应为 text")
        store = pol2[tid] if kind == "policy" else faq2[tid]
        key = "text" if kind == "policy" else "answer"
        cnt = store[key].count(old)
        if cnt != 1: err(f"{cid}: old 在 {tgt} 中出现 {cnt} 次（应为1次）")
        store[key] = store[key].replace(old, new)
    else: err(f"{cid}: target 类型未知")
    qd = c.get("question", {})
    if qd.get("id") != f"qc{i:02d}": err(f"{cid}: 验证题 id 应为 qc{i:02d}")
    if qd.get("type") != "correction": err(f"{cid}: 验证题 type 应为 correction")
    if tgt not in qd.get("sources", []): err(f"{cid}: 验证题 sources 应包含 {tgt}")
    if not any(norm(m) in norm(new) for m in qd.get("must_include", [])): err(f"{cid}: 验证题 must_include 应取自新值")
    if not any(norm(m) in norm(old) for m in qd.get("must_not_include", [])): err(f"{cid}: 验证题 must_not_include 应取自旧值")
    # qa.jsonl 不能依赖被更正的事实
    for x in qa:
        if tgt in x.get("sources", []):
            for m in x.get("must_include", []):
                if norm(m) in norm(old) and norm(m) not in norm(new): err(f"{cid}: {x['id']} 的 must_include '{m}' 依赖被更正的旧值")
        for m in x.get("must_not_include", []):
            if tgt in x.get("sources", []) and norm(m) in norm(new): err(f"{cid}: {x['id']} 的 must_not_include '{m}' 与更正后的值冲突")

# 应用更正后的知识库，验证题与 qa.jsonl 都应成立
raw2 = dict(raw)
for pid, p in prod2.items(): raw2[f"product:{pid}"] = json.dumps(p, ensure_ascii=False)
for pid, p in pol2.items(): raw2[f"policy:{pid}"] = p["text"]
for fid, f in faq2.items(): raw2[f"faq:{fid}"] = ",".join([fid, f["question"], f["answer"], "|".join(f["tags"])])
kb2 = norm("".join(raw2.values()))
n_before = len(errors)
for c in corr:
    qd = c.get("question", {})
    check_question(qd, qd.get("id", "?"), {"correction"}, kb_norm=kb2, raw_map=raw2)
    for m in qd.get("must_not_include", []):
        if norm(m) in norm(raw2.get(c.get("target"), "")) and norm(m) not in norm(c.get("new", "")):
            # 旧值在目标的其他位置仍出现
            warn(f"{qd.get('id')}: must_not_include '{m}' 仍出现在更正后的 {c.get('target')} 其他位置")
for x in qa:
    if x.get("refuse"): continue
    for m in x.get("must_include", []):
        if norm(m) not in kb2: err(f"{x['id']}: 应用更正后 must_include '{m}' 不在知识库中")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for f, n in counts.items():
    m = re.search(r"^\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {f}")
    elif int(m.group(1)) != n: err(f"README: {f} 数量写的是 {m.group(1)}，实际 {n}")
tc = collections.Counter(x.get("type") for x in qa)
lc = collections.Counter(x.get("lang") for x in qa)
line = ("题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。")
if line not in readme: err(f"README: 分布行应为：{line}")
m = re.search(r"(\d+)个商品有", readme)
if not m or int(m.group(1)) != nvar: err(f"README: 应写明 {nvar}个商品有 variants")
for pid in policies:
    if f"`{pid}`" not in readme: warn(f"README: 关键设定未提到政策 {pid}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"商品 {len(products)}（含 variants {nvar}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print("题型：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)))
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
