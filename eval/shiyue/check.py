#!/usr/bin/env python3
"""时跃 SHIYUE 评测集一致性检查（仅用标准库）。用法：python3 check.py
检查知识库（商品/政策/FAQ）、qa.jsonl、corrections.jsonl、eval.json 与 README.md 的一致性；
有错误时退出码为 1。"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants"}
VARIANT_FIELDS = {"sku", "price_cny", "edition", "material", "size", "strap_width", "color", "ring_size", "duration"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def d(s): return datetime.date.fromisoformat(s)
def nfkc(s): return unicodedata.normalize("NFKC", s)
def N(s): return kbload.norm(nfkc(s))

# ---------------------------------------------------------------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"shiyue-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 shiyue-<industry kebab-case>")
DEFAULT = d(ev["default_as_of"])

# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
all_norm = N(all_raw_norm)
categories = {p.get("category") for p in products}

# ---------------------------------------------------------------- 商品
def money(x): return isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = [k for k in PROD_KEYS if k in p or k not in PROD_OPTIONAL]
    if keys != expect: err(f"{pid}: 字段或顺序错误 {keys}")
    if not re.fullmatch(r"SY-\d{4}", str(pid)): err(f"{pid}: id 格式应为 SY-+4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 为空")
    if not p.get("name", "").startswith("时跃"): err(f"{pid}: name 应以品牌名 时跃 开头")
    if not p.get("name_en", "").startswith("SHIYUE") or not p.get("name_en", "").isascii(): err(f"{pid}: name_en 应为以 SHIYUE 开头的 ASCII")
    if not money(p.get("price_cny")): err(f"{pid}: price_cny 非正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(disc) <= d(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        elif disc not in p["attributes"].get("销售状态", ""): err(f"{pid}: 停产商品的 attributes.销售状态 应写明停产日期 {disc}")
    if kbload.is_date(p.get("launched") or "") and d(p["launched"]) > DEFAULT:
        if p["launched"] not in p["attributes"].get("上市状态", ""): err(f"{pid}: 未上市商品的 attributes.上市状态 应写明上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not all(isinstance(a, str) and isinstance(b, str) and b for a, b in v.items()):
            err(f"{pid}: {k} 应为 字符串→非空字符串 的对象")
    if not p.get("specs"): err(f"{pid}: specs 为空")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or not all(isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "渠道说明" in p.get("attributes", {}) and len(ch or []) == 5: warn(f"{pid}: 有渠道说明但全渠道销售")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个 SKU"); vs = []
        skus = set()
        for v in vs:
            sku = v.get("sku", "")
            if list(v)[:1] != ["sku"] or list(v)[-1:] != ["price_cny"]: err(f"{pid}: SKU {sku} 字段应以 sku 开头、price_cny 结尾")
            if not sku.startswith(pid + "-"): err(f"{pid}: SKU {sku} 前缀应为 {pid}-")
            if sku in skus: err(f"{pid}: SKU {sku} 重复")
            skus.add(sku)
            if set(v) - VARIANT_FIELDS: err(f"{pid}: SKU {sku} 有未知字段 {set(v) - VARIANT_FIELDS}")
            if len(v) < 3: err(f"{pid}: SKU {sku} 缺少规格维度字段")
            if not money(v.get("price_cny")): err(f"{pid}: SKU {sku} price_cny 非正数")
        dims = [tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs]
        if len(set(dims)) > 1: err(f"{pid}: 各 SKU 的规格维度不一致 {set(dims)}")
        if vs and all(money(v.get("price_cny")) for v in vs) and p.get("price_cny") != min(v["price_cny"] for v in vs):
            err(f"{pid}: price_cny {p.get('price_cny')} ≠ 最低 SKU 价 {min(v['price_cny'] for v in vs)}")
n_variants = sum(1 for p in products if "variants" in p)

# 关系
for p in products:
    pid = p.get("id")
    seen = set()
    for r in p.get("related", []):
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        t, rid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 未知关系 {t}")
        if rid not in prod: err(f"{pid}: 关系指向不存在的商品 {rid}"); continue
        if rid == pid: err(f"{pid}: 关系指向自身")
        if (t, rid) in seen: err(f"{pid}: 重复关系 {t} {rid}")
        seen.add((t, rid))
        q = prod[rid]
        if t == "replaces":
            if not q.get("discontinued"): err(f"{pid}: replaces {rid}，但 {rid} 未停产")
            if p.get("discontinued"): err(f"{pid}: 替代款自身已停产")
            if kbload.is_date(q.get("discontinued") or "") and d(p["launched"]) > d(q["discontinued"]) + datetime.timedelta(days=60):
                warn(f"{pid}: 替代款上市日期晚于旧款停产 60 天以上")
            if "替代" not in q["attributes"].get("销售状态", "") or N(p["name"]).find(N(q["attributes"]["销售状态"].split("由")[-1].replace("替代", ""))) < 0:
                warn(f"{pid}: {rid} 的销售状态未指向替代款名称")
        if t == "set_contains" and p.get("category") != "套装": err(f"{pid}: 非套装却有 set_contains")
        if t in ("refill_of", "compatible_with") and not ({"适配说明", "适用设备", "使用说明"} & set(p.get("attributes", {}))):
            warn(f"{pid}: {t} 关系但 attributes 没有适配说明")
        if t in ("refill_of", "compatible_with") and q.get("category") in ("套装",): err(f"{pid}: 配件不应指向套装 {rid}")
# 套装
for p in products:
    comps = [r["id"] for r in p.get("related", []) if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if len(comps) < 2: err(f"{p['id']}: 套装至少包含2个商品")
        val = p.get("attributes", {}).get("单品合计价值")
        total = sum(prod[c]["price_cny"] for c in comps)
        if val is None: err(f"{p['id']}: 套装缺少 单品合计价值")
        elif val != f"{total:g}元": err(f"{p['id']}: 单品合计价值 {val} ≠ 组件价格之和 {total:g}元")
        if p["price_cny"] >= total: err(f"{p['id']}: 套装价不低于单品合计")
        if "规格" not in p.get("attributes", {}): err(f"{p['id']}: 套装缺少 规格")
        for c in comps:
            cp = prod[c]
            if cp.get("discontinued") and (not p.get("discontinued") or d(cp["discontinued"]) < d(p["discontinued"])):
                err(f"{p['id']}: 组件 {c} 停产早于套装")
            if d(cp["launched"]) > d(p["launched"]): err(f"{p['id']}: 组件 {c} 上市晚于套装")
            if not set(p["channels"]) <= set(cp["channels"]): warn(f"{p['id']}: 套装渠道超出组件 {c} 的渠道")

# ---------------------------------------------------------------- 政策
def parse_list(v):
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    if not m: return None
    return [x.strip() for x in m.group(1).split(",") if x.strip()]
for pid, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"sy-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 sy- 开头")
    chs = parse_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and (not chs or any(c not in CHANNELS for c in chs))): err(f"{pid}: channels 非法 {fm.get('channels')}")
    ap = parse_list(fm.get("applies_to", ""))
    if ap is None or (ap != "all" and (not ap or any(a not in categories for a in ap))): err(f"{pid}: applies_to 非法或类目不存在 {fm.get('applies_to')}")
    if not kbload.is_date(fm.get("effective_from", "")): err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null":
        if not kbload.is_date(et): err(f"{pid}: effective_to 不是日期或 null")
        elif d(et) < d(fm["effective_from"]): err(f"{pid}: effective_to 早于 effective_from")
    if not fm.get("title") or f"# " not in pol["body"]: err(f"{pid}: 缺少标题")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}"); continue
        old = policies[sup]["fm"]
        if old.get("effective_to") == "null": err(f"{pid}: 被取代的 {sup} 没有 effective_to")
        elif d(old["effective_to"]) + datetime.timedelta(days=1) != d(fm["effective_from"]):
            err(f"{pid}: {sup} 的 effective_to 与本版 effective_from 不衔接")
        if sup not in pol["body"] and policies[sup]["fm"]["title"].split("（")[0] not in pol["body"]:
            warn(f"{pid}: 正文未提及被取代的旧版")
        if "已失效" not in policies[sup]["body"]: err(f"{sup}: 已被取代的旧版正文应注明已失效")
# 同一标题族的版本链：有 effective_to 的政策应被某个后继取代（活动规则除外）
successors = {p["fm"]["supersedes"] for p in policies.values()}
for pid, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid not in successors and not re.search(r"(618|double11)", pid):
        warn(f"{pid}: 有 effective_to 但没有后继版本")
def in_effect(pid, day):
    fm = policies[pid]["fm"]
    return d(fm["effective_from"]) <= day and (fm["effective_to"] == "null" or day <= d(fm["effective_to"]))

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 有空项")
fids = sorted(faq)
if fids != [f"F{i:03d}" for i in range(1, len(fids) + 1)]: err("faq: id 不连续")

# ---------------------------------------------------------------- 题目
def check_question(qd, where, kb_norm, raw_map, is_corr=False):
    qid = qd.get("id", "?")
    if list(qd) != QA_KEYS: err(f"{where}{qid}: 字段或顺序错误 {list(qd)}")
    if not isinstance(qd.get("question"), str) or not qd["question"].strip(): err(f"{where}{qid}: question 为空")
    lang = qd.get("lang")
    if lang not in ("zh", "en"): err(f"{where}{qid}: lang 非法")
    if lang == "en" and not qd["question"].isascii(): err(f"{where}{qid}: 英文题含非 ASCII 字符")
    if lang == "zh" and qd["question"].isascii(): err(f"{where}{qid}: 中文题没有中文")
    ch = qd.get("channel")
    if ch is not None and ch not in CHANNELS: err(f"{where}{qid}: channel 非法 {ch}")
    a = qd.get("as_of")
    if a is not None and not kbload.is_date(a): err(f"{where}{qid}: as_of 非日期")
    day = d(a) if a and kbload.is_date(a) else DEFAULT
    t = qd.get("type")
    if t not in (TYPES if not is_corr else {"correction"}): err(f"{where}{qid}: type 非法 {t}")
    mi, mni, src = qd.get("must_include"), qd.get("must_not_include"), qd.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mni), ("sources", src)):
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v): err(f"{where}{qid}: {k} 应为非空字符串列表"); return
    if len(set(mi)) != len(mi): err(f"{where}{qid}: must_include 重复")
    if not isinstance(qd.get("refuse"), bool): err(f"{where}{qid}: refuse 应为布尔")
    if (t == "refusal") != (qd.get("refuse") is True): err(f"{where}{qid}: type=refusal 与 refuse 不一致")
    if not qd.get("note"): err(f"{where}{qid}: note 为空")
    for s in src:
        if s not in raw_map: err(f"{where}{qid}: source 不存在 {s}")
    for m in mni:
        for x in mi:
            if N(m) in N(x): err(f"{where}{qid}: must_not_include '{m}' 包含于 must_include '{x}'")
    if qd.get("refuse"):
        if mi or src: err(f"{where}{qid}: 拒答题的 must_include/sources 应为空")
        return
    if not mi: err(f"{where}{qid}: 非拒答题 must_include 为空")
    if not src: err(f"{where}{qid}: 非拒答题 sources 为空")
    src_norm = N("".join(raw_map.get(s, "") for s in src))
    for m in mi:
        if lang == "en" and not m.isascii(): err(f"{where}{qid}: 英文题的 must_include 应为 ASCII：{m}")
        if N(m) not in kb_norm: err(f"{where}{qid}: must_include '{m}' 不在知识库原文中")
        elif N(m) not in src_norm: warn(f"{where}{qid}: must_include '{m}' 不在其 sources 中")
    for s in src:
        if s.startswith("policy:") and s[7:] in policies:
            pol = policies[s[7:]]
            if not in_effect(s[7:], day) and t != "temporal":
                warn(f"{where}{qid}: {s} 在 {day} 不生效")
            pch = parse_list(pol["fm"]["channels"])
            if ch and pch != "all" and ch not in pch: warn(f"{where}{qid}: channel={ch} 但 {s} 只适用于 {pch}")
        if s.startswith("product:") and s[8:] in prod:
            pr = prod[s[8:]]
            if ch and t == "lookup" and ch not in pr["channels"]: warn(f"{where}{qid}: channel={ch} 不卖 {s}")
    if t == "temporal" and a is None: warn(f"{where}{qid}: temporal 题 as_of 为 null")
    if t == "temporal":
        pols = [s[7:] for s in src if s.startswith("policy:") and s[7:] in policies]
        if pols and not any(in_effect(p, day) for p in pols): err(f"{where}{qid}: sources 中没有在 {day} 生效的政策")

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
for i, qd in enumerate(qa, 1):
    if qd.get("id") != f"q{i:03d}": err(f"qa.jsonl:{i}: id 应为 q{i:03d}")
    check_question(qd, "qa ", all_norm, raw)
type_counts = Counter(q.get("type") for q in qa)
lang_counts = Counter(q.get("lang") for q in qa)
texts = Counter(N(q.get("question", "")) + str(q.get("as_of")) for q in qa)
for k, v in texts.items():
    if v > 1: err(f"qa: 重复题目（同一 as_of）{k[:30]}")

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected_raw = dict(raw)
corrected_facts = []
for i, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段或顺序错误 {list(c)}")
    if cid != f"c{i:02d}": err(f"corrections:{i}: id 应为 c{i:02d}")
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{cid}: reason 为空")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, tid = tgt.partition(":")
    if kind == "product":
        pr = prod[tid]
        if field == "price_cny":
            if f"{pr['price_cny']:g}" != old: err(f"{cid}: price_cny 旧值 {old} ≠ {pr['price_cny']}")
            if "variants" in pr: err(f"{cid}: 有 SKU 的商品不能用 price_cny 更正")
            if any(r["type"] == "set_contains" and r["id"] == tid for p in products for r in p["related"]):
                err(f"{cid}: 商品 {tid} 在套装中，改价会破坏单品合计价值")
        elif field in pr["attributes"] or field in pr["specs"]:
            cur = pr["attributes"].get(field, pr["specs"].get(field))
            if cur != old: err(f"{cid}: {field} 旧值 '{old}' ≠ 知识库 '{cur}'")
        else: err(f"{cid}: 商品 {tid} 没有字段 {field}")
    elif kind in ("policy", "faq"):
        if field != "text": err(f"{cid}: 政策/FAQ 的 field 只能是 text")
        body = policies[tid]["text"] if kind == "policy" else faq[tid]["answer"]
        if body.count(old) != 1: err(f"{cid}: old 在 {tgt} 中出现 {body.count(old)} 次（应为1次）")
    else: err(f"{cid}: target 类型非法")
    corrected_raw[tgt] = corrected_raw[tgt].replace(old, new) if field != "price_cny" else \
        corrected_raw[tgt].replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
    corrected_facts.append((tgt, old))
    qd = c.get("question", {})
    if qd.get("id") != f"qc{i:02d}": err(f"{cid}: 验证题 id 应为 qc{i:02d}")
    if tgt not in qd.get("sources", []): err(f"{cid}: 验证题 sources 应包含 {tgt}")
corr_norm = N("".join(corrected_raw.values()))
for i, c in enumerate(corr, 1):
    qd = c.get("question", {})
    check_question(qd, f"{c.get('id')} ", corr_norm, corrected_raw, is_corr=True)
    for m in qd.get("must_include", []):
        if N(m) not in N(c.get("new", "")): err(f"{c.get('id')}: must_include '{m}' 不在新值中")
    for m in qd.get("must_not_include", []):
        if N(m) not in N(c.get("old", "")): err(f"{c.get('id')}: must_not_include '{m}' 不在旧值中")
# qa 不依赖被更正的事实
for qd in qa:
    for tgt, old in corrected_facts:
        if tgt in qd.get("sources", []) and any(N(old) in N(m) or N(m) == N(old) for m in qd.get("must_include", [])):
            err(f"qa {qd['id']}: must_include 依赖被更正的事实 {tgt} '{old}'")
        if tgt in qd.get("sources", []) and N(old) in N(qd.get("note", "")) and len(N(old)) > 2:
            warn(f"qa {qd['id']}: note 提到被更正的旧值 {tgt} '{old}'")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
def table_count(fname):
    m = re.search(r"^\|\s*`" + re.escape(fname) + r"`.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    return int(m.group(1)) if m else None
expect = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "corrections.jsonl": len(corr)}
for f, n in expect.items():
    got = table_count(f)
    if got != n: err(f"README: {f} 数量写的是 {got}，实际 {n}")
dist = ", ".join(f"{k} {v}" for k, v in sorted(type_counts.items()))
langs = ", ".join(f"{k} {v}" for k, v in sorted(lang_counts.items()))
line = f"题型分布：{dist}；语言：{langs}。"
if line not in readme: err(f"README: 分布行应为「{line}」")
m = re.search(r"(\d+)\s*个商品有", readme)
if not m or int(m.group(1)) != n_variants: err(f"README: 有 variants 的商品数应为 {n_variants}")
if f"`default_as_of`" not in readme or ev["default_as_of"] not in readme: err("README: 未写明默认评测日")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU 的 {n_variants}）、政策 {len(policies)}、FAQ {len(faq)}、题目 {len(qa)}、更正 {len(corr)}")
print(line)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
