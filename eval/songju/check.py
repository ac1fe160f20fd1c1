#!/usr/bin/env python3
"""松居 SONGJU（家具）评测集一致性校验（仅用标准库）。用法：python3 check.py  （退出码：0=无错误，1=有错误）

在 qingmu 的检查之外，另查：套装规格中写了 SKU 编码时按该 SKU 售价计算（同 mianzhou）、同一商品不能有维度值完全相同的 SKU、
applies_to 中的商品存在（同 yeling）、计算题（must_include 不是原文而是由 note 中的算式得出，如上楼费 30×4=120）核对算式、
引用已过期政策版本的题目须在 note 中说明按下单日期或活动订单作答、非渠道题引用的商品在题目渠道有售。"""
import csv, json, os, re, sys, collections, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "seats", "fabric", "dimensions", "orientation", "color", "size", "doors", "config"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]

errors, warnings, computed_items = [], [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
# The knowledge base, loaded as every eval set's checker loads it (../kbload.py).
sys.path.insert(0, os.path.dirname(HERE))
from kbload import is_date, norm, load_kb, read_jsonl as read_jsonl_to  # noqa: E402
def read_jsonl(path): return read_jsonl_to(path, err)
raw, products, prod, policies, faq, all_raw_norm = load_kb(KB, FM_KEYS, err)

# ---------- 商品
for pid, d in prod.items():
    for k in ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued", "attributes", "suitable_for", "not_suitable_for", "related"]:
        if k not in d: err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(r"SJ-\d{4}", pid or ""): err(f"{pid}: id 格式")
    if not set(d.get("channels", [])) <= CHANNELS or not d.get("channels"): err(f"{pid}: channels 非法 {d.get('channels')}")
    if not is_date(d.get("launched", "")): err(f"{pid}: launched 不是日期")
    if d.get("discontinued") and (not is_date(d["discontinued"]) or d["discontinued"] <= d["launched"]): err(f"{pid}: discontinued 日期错误")
    if "specs" not in d: err(f"{pid}: 缺少 specs（本集每个商品都应有 specs）")
    if "specs" in d and not (isinstance(d["specs"], dict) and all(isinstance(v, str) for v in d["specs"].values())): err(f"{pid}: specs 须为 字符串值 的对象")
    if "variants" in d:
        vs = d["variants"]
        for v in vs:
            if not v.get("sku", "").startswith(pid + "-"): err(f"{pid}: SKU {v.get('sku')} 不以商品id开头")
            if not isinstance(v.get("price_cny"), (int, float)): err(f"{pid}: SKU {v.get('sku')} 缺少 price_cny")
            if set(v) - VARIANT_DIMS: err(f"{pid}: SKU {v.get('sku')} 有未知维度字段 {set(v) - VARIANT_DIMS}")
        if len({v.get("sku") for v in vs}) != len(vs): err(f"{pid}: SKU 重复")
        if len({frozenset(v) for v in vs}) > 1: err(f"{pid}: 各 SKU 的维度字段不一致")
        dims = [tuple((k, v[k]) for k in sorted(v) if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) != len(dims): err(f"{pid}: 存在维度值完全相同的 SKU")
        if vs and d["price_cny"] != min(v["price_cny"] for v in vs): err(f"{pid}: price_cny 应等于最低 SKU 价")
    for rel in d.get("related", []):
        if rel.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {rel}")
        if rel.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {rel}")
        if rel.get("id") == pid: err(f"{pid}: 自关联")
    # 换代：被替代款应已停产，且新款上市不早于旧款停产
    for rel in d.get("related", []):
        if rel.get("type") == "replaces" and rel.get("id") in prod:
            old = prod[rel["id"]]
            if not old.get("discontinued"): err(f"{pid}: replaces {old['id']} 但旧款未停产")
            elif d["launched"] < old["launched"]: err(f"{pid}: 新款上市早于旧款")
    # 套装：单品合计价值 = Σ 组件价 × 数量（数量取自 attributes.规格 中按顺序的 ×N）
    # 规格中某项写了 SKU 编码（如"（SJ-2001-180）"）时，按该 SKU 的售价计算
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        spec = d["attributes"].get("规格", "")
        parts = [p.strip() for p in spec.split(" + ")]
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(qty) != len(comps): err(f"{pid}: 规格项数与 set_contains 数量不一致")
        else:
            total = 0
            for c, q, part in zip(comps, qty, parts):
                if c not in prod: continue
                price = prod[c]["price_cny"]
                m = re.search(r"（(" + re.escape(c) + r"-[A-Z0-9-]+)）", part)
                if m:
                    sku = {v["sku"]: v for v in prod[c].get("variants", [])}.get(m.group(1))
                    if not sku: err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}"); continue
                    price = sku["price_cny"]
                elif "variants" in prod[c] and len({v["price_cny"] for v in prod[c]["variants"]}) > 1:
                    warn(f"{pid}: 组件 {c} 各 SKU 不同价，但规格未写 SKU 编码")
                total += price * q
            want = d["attributes"].get("单品合计价值", "")
            if want != f"{total:g}元": err(f"{pid}: 单品合计价值 {want} ≠ 计算值 {total:g}元")
            for c in comps:
                if c in prod and prod[c]["launched"] > d["launched"]: err(f"{pid}: 组件 {c} 晚于套装上市")
            if d["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计")

# ---------- 政策
for pid, p in policies.items():
    fm = p["fm"]
    if not is_date(fm["effective_from"]): err(f"{pid}: effective_from 非日期")
    if fm["effective_to"] != "null" and (not is_date(fm["effective_to"]) or fm["effective_to"] < fm["effective_from"]): err(f"{pid}: effective_to 错误")
    ch = fm["channels"]
    if ch != "all":
        items = [x.strip() for x in ch.strip("[]").split(",")]
        if not set(items) <= CHANNELS: err(f"{pid}: channels 非法 {ch}")
    at = fm["applies_to"]
    if at != "all" and not (at.startswith("[") and at.endswith("]")): err(f"{pid}: applies_to 应为 all 或 [列表]")
    if at != "all":
        for x in at.strip("[]").split(","):
            if x.strip() not in prod: err(f"{pid}: applies_to 指向不存在的商品 {x.strip()}")
    sup = fm["supersedes"]
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 不存在 {sup}")
        else:
            old_to = policies[sup]["fm"]["effective_to"]
            if not is_date(old_to) or datetime.date.fromisoformat(old_to) + datetime.timedelta(days=1) != datetime.date.fromisoformat(fm["effective_from"]):
                err(f"{pid}: 与被取代版本 {sup} 的有效期不衔接")

# ---------- 问题
DEFAULT_AS_OF = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8")).get("default_as_of", "2025-12-01")
def check_question(d, where, allow_type=None):
    if list(d) != QA_KEYS: err(f"{where}: 键应为 {QA_KEYS}")
    if d.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if d.get("channel") is not None and d["channel"] not in CHANNELS: err(f"{where}: channel 非法")
    if d.get("as_of") is not None and not is_date(d["as_of"]): err(f"{where}: as_of 非日期")
    t = d.get("type")
    if t not in (TYPES if allow_type is None else {allow_type}): err(f"{where}: type 非法 {t}")
    for s in d.get("sources", []):
        if s not in raw: err(f"{where}: source 不存在 {s}")
    day = d.get("as_of") or DEFAULT_AS_OF
    for s in d.get("sources", []):
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies and policies[sid]["fm"]["effective_from"] > day:
            err(f"{where}: 引用的政策 {sid} 在提问日 {day} 尚未生效")
        # 提问日已过期的政策版本：只在按下单日期（或活动订单）选版本时才可引用
        if kind == "policy" and sid in policies and is_date(policies[sid]["fm"]["effective_to"]) and policies[sid]["fm"]["effective_to"] < day:
            if not re.search(r"下单|活动订单", d.get("note", "")):
                err(f"{where}: 引用了提问日 {day} 已过期的 {sid}，note 未说明按下单日期/活动订单")
        # 非渠道题：题目说明了渠道时，引用的（非套装组件）商品应在该渠道有售
        if kind == "product" and sid in prod and d.get("channel") and d.get("type") not in ("channel", "correction") \
                and d["channel"] not in prod[sid]["channels"]:
            warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
    if d.get("refuse"):
        if t != "refusal": err(f"{where}: refuse=true 但 type 不是 refusal")
        if d.get("must_include"): err(f"{where}: 拒答题 must_include 应为空")
        if d.get("sources"): warn(f"{where}: 拒答题带了 sources")
        return
    if t == "refusal": err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"): err(f"{where}: 非拒答题缺少 must_include")
    if not d.get("sources"): err(f"{where}: 非拒答题缺少 sources")
    src_norm = norm("".join(raw.get(s, "") for s in d.get("sources", [])))
    # 计算题：note 中形如 "30×4=120" 的算式，核对后其结果可作为 must_include（不要求是原文）
    computed = set()
    for expr, val in re.findall(r"([0-9.]+(?:\s*[+\-×*]\s*[0-9.]+)+)\s*=\s*([0-9.]+)", d.get("note", "")):
        got = eval(expr.replace("×", "*"), {"__builtins__": {}})
        if abs(got - float(val)) > 1e-6: err(f"{where}: note 算式 {expr}={val} 不成立（应为 {got:g}）")
        else: computed.add(f"{float(val):g}")
    for mi in d.get("must_include", []):
        if re.sub(r"元$", "", mi) in computed:
            computed_items.append(f"{where}:{mi}"); continue
        if norm(mi) not in all_raw_norm: err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif norm(mi) not in src_norm: warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
    if d.get("lang") == "en":
        # 英文题的 must_include 只能是数字（可带单位）、name_en 片段或渠道名
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in norm(p.get("name_en", "")) for p in prod.values())
                    or norm(mi) in {"tmall", "douyin", "xiaohongshu", "wechat", "web"}):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    for mn in d.get("must_not_include", []):
        if norm(mn) in [norm(x) for x in d.get("must_include", [])]: err(f"{where}: must_not_include 与 must_include 冲突 {mn!r}")

qa = read_jsonl(os.path.join(HERE, "qa.jsonl"))
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for d in qa: check_question(d, d.get("id", "?"))

# ---------- 更正
corrections = read_jsonl(os.path.join(HERE, "corrections.jsonl"))
corrected = set()
for c in corrections:
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if not (isinstance(old, str) and isinstance(new, str)): err(f"{cid}: old/new 须为字符串")
    kind, _, tid = (tgt or "").partition(":")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
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
    check_question_keys = dict(q)
    if list(q) != QA_KEYS: err(f"{cid}: question 键错误")
    if q.get("type") != "correction": err(f"{cid}: question.type 应为 correction")
    for s in q.get("sources", []):
        if s not in raw: err(f"{cid}: source 不存在 {s}")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new): err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old): err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    corrected.add((tgt, old))
# qa 不应依赖被更正的事实
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) == norm(old) for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if not is_date(ev.get("default_as_of", "")) or not ev.get("name"): err("eval.json: 需要 default_as_of 和 name")

# ---------- 汇总
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
print(f"商品 {len(prod)}（含 specs {sum('specs' in d for d in prod.values())}，含 variants {sum('variants' in d for d in prod.values())}）"
      f"，政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print("题型：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())))
print("语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())))
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print("计算题 must_include（note 算式已核对，不要求是原文）：" + (", ".join(computed_items) or "无"))
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
