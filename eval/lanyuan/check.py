#!/usr/bin/env python3
"""澜渊 LANYUAN 评测集一致性检查（标准库）。用法：python3 check.py；有错误时退出码为 1。"""
import datetime, itertools, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload
from kbload import norm, is_date, read_jsonl

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants", "ingredients"}
VARIANT_FIELDS = {"size", "volume", "glass", "power", "fit_volume", "flow", "tank_fit", "length",
                  "capacity", "net_weight", "pack", "count"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
D = datetime.date.fromisoformat

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if ev.get("default_as_of") != "2025-12-01": err("eval.json: default_as_of 应为 2025-12-01")
if not re.fullmatch(r"lanyuan-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 lanyuan-<kebab-case>")
DEFAULT = D(ev["default_as_of"])

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)

def is_num(x): return isinstance(x, (int, float)) and not isinstance(x, bool)
def fmt_price(x): return str(int(x)) if float(x).is_integer() else str(x)

# ---------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = [k for k in PROD_KEYS if k in p or k not in PROD_OPTIONAL]
    if keys != expect: err(f"{pid}: 字段顺序/缺失，应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"LY-\d{4}", str(pid)): err(f"{pid}: id 格式应为 LY- + 4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 为空")
    if not str(p.get("name", "")).startswith("澜渊"): err(f"{pid}: name 应以“澜渊”开头")
    if not str(p.get("name_en", "")).startswith("LANYUAN "): err(f"{pid}: name_en 应以 LANYUAN 开头")
    if not is_num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{pid}: price_cny 非正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not is_date(str(p.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif is_date(str(p.get("launched"))) and D(disc) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        st = p.get("attributes", {}).get("销售状态", "")
        if disc not in st: err(f"{pid}: 已停产商品的 attributes.销售状态 应写明日期 {disc}")
    if is_date(str(p.get("launched"))) and D(p["launched"]) > DEFAULT:
        if p["launched"] not in p.get("attributes", {}).get("上市状态", ""):
            err(f"{pid}: 未上市商品的 attributes.上市状态 应写明上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not all(isinstance(a, str) and isinstance(b, str) and b for a, b in v.items()):
            err(f"{pid}: {k} 应为 键、值均为非空字符串的对象")
    if not p.get("specs"): err(f"{pid}: specs 不能为空")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or not all(isinstance(x, str) for x in p[k]): err(f"{pid}: {k} 应为字符串列表")
    if "ingredients" in p and (not isinstance(p["ingredients"], list) or not p["ingredients"]):
        err(f"{pid}: ingredients 应为非空列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU"); vs = []
        skus = set()
        for v in vs:
            sku = v.get("sku", "")
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU {sku} 字段应以 sku 开头、price_cny 结尾")
            if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", sku): err(f"{pid}: SKU 编码 {sku} 应为 商品id + 后缀")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            if not is_num(v.get("price_cny")) or v["price_cny"] <= 0: err(f"{pid}: SKU {sku} price_cny 非法")
            extra = set(v) - {"sku", "price_cny"}
            if not extra: err(f"{pid}: SKU {sku} 没有规格维度字段")
            if extra - VARIANT_FIELDS: err(f"{pid}: SKU {sku} 未知字段 {extra - VARIANT_FIELDS}")
            if "count" in v and not isinstance(v["count"], int): err(f"{pid}: SKU {sku} count 应为整数")
        dims = [tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs]
        if len(set(dims)) > 1: err(f"{pid}: 各 SKU 的规格维度不一致")
        if vs and all(is_num(v.get("price_cny")) for v in vs) and p.get("price_cny") != min(v["price_cny"] for v in vs):
            err(f"{pid}: price_cny {p.get('price_cny')} 应等于最低 SKU 价 {min(v['price_cny'] for v in vs)}")
    # related
    rels = p.get("related")
    if not isinstance(rels, list): err(f"{pid}: related 应为列表"); rels = []
    seen = set()
    for r in rels:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 非法关系类型 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))

def prices_of(q):
    return [v["price_cny"] for v in q["variants"]] if q.get("variants") else [q["price_cny"]]

for p in products:
    pid = p.get("id")
    rels = [r for r in p.get("related", []) if r.get("id") in prod]
    comps = [prod[r["id"]] for r in rels if r["type"] == "set_contains"]
    is_set = p.get("category") == "套装"
    if is_set != bool(comps): err(f"{pid}: category=套装 与 set_contains 关系不一致")
    if comps:
        a = p.get("attributes", {})
        if "规格" not in a: err(f"{pid}: 套装缺少 attributes.规格")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", a.get("单品合计价值", ""))
        if not m: err(f"{pid}: 套装 attributes.单品合计价值 应为“N元”")
        else:
            total = float(m.group(1))
            sums = {round(sum(c), 2) for c in itertools.product(*[prices_of(c) for c in comps])}
            if round(total, 2) not in sums: err(f"{pid}: 单品合计价值 {total} 不等于组成商品（或其某个 SKU）价格之和 {sorted(sums)[:6]}")
            if p.get("price_cny", 0) >= total: err(f"{pid}: 套装价不低于单品合计价值")
        for c in comps:
            if c.get("category") == "套装": err(f"{pid}: 套装中包含套装 {c['id']}")
            if not set(p.get("channels", [])) <= set(c.get("channels", [])):
                warn(f"{pid}: 套装渠道 {p.get('channels')} 不是组成商品 {c['id']} 渠道的子集")
            if c.get("discontinued") and p.get("discontinued") is None: err(f"{pid}: 在售套装包含已停产商品 {c['id']}")
    for r in rels:
        t = prod[r["id"]]
        if r["type"] == "replaces":
            if not t.get("discontinued"): err(f"{pid}: replaces 的目标 {t['id']} 未停产")
            elif D(p["launched"]) > D(t["discontinued"]) + datetime.timedelta(days=1): warn(f"{pid}: 替代款上市晚于旧款停产")
            if p.get("discontinued"): err(f"{pid}: 替代款本身已停产")
            if "替代" not in t.get("attributes", {}).get("销售状态", ""): err(f"{t['id']}: 被替代商品的销售状态应说明替代")
        if r["type"] == "refill_of" and p.get("category") != "替换装": err(f"{pid}: refill_of 的商品 category 应为 替换装")
for p in products:
    if p.get("discontinued") and "无替代" not in p.get("attributes", {}).get("销售状态", ""):
        if not any(r["type"] == "replaces" and r["id"] == p["id"] for q in products for r in q.get("related", [])) \
           and "限定" not in p.get("attributes", {}).get("销售状态", ""):
            err(f"{p['id']}: 已停产但既无替代款，也未注明“无替代”或“限定”")

# ---------- 政策
cats = {p.get("category") for p in products}
def parse_list(v):
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v or "")
    return [x.strip() for x in m.group(1).split(",")] if m else None
for pid, pol in policies.items():
    fm = pol["fm"]
    if not pid.startswith("ly-"): err(f"{pid}: 政策 id 应以 ly- 开头")
    chs = parse_list(fm.get("channels"))
    if chs is None or (chs != "all" and any(c not in CHANNELS for c in chs)): err(f"{pid}: channels 非法 {fm.get('channels')}")
    ap = parse_list(fm.get("applies_to"))
    if ap is None or (ap != "all" and any(c not in cats for c in ap)): err(f"{pid}: applies_to 非法（应为 all 或商品 category 列表）{fm.get('applies_to')}")
    if not is_date(fm.get("effective_from", "")): err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null":
        if not is_date(et): err(f"{pid}: effective_to 不是日期或 null")
        elif D(et) < D(fm["effective_from"]): err(f"{pid}: effective_to 早于 effective_from")
    if not re.search(r"^# ", pol["body"], re.M): err(f"{pid}: 正文缺少一级标题")
    if fm.get("title") and fm["title"] not in pol["body"]: warn(f"{pid}: 正文未出现标题 {fm['title']}")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{sup}: 被 {pid} 取代但 effective_to 为 null")
            elif is_date(old["effective_to"]) and D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
                err(f"{pid}: 版本衔接不连续（{sup} 至 {old['effective_to']}，{pid} 自 {fm['effective_from']}）")
            if fm["effective_from"] not in pol["body"]: err(f"{pid}: 正文应写明生效日期 {fm['effective_from']}")
            if "已失效" not in policies[sup]["body"]: err(f"{sup}: 旧版本正文应注明“已失效”")
superseded = {p["fm"]["supersedes"] for p in policies.values()}
for pid, pol in policies.items():
    if pol["fm"].get("effective_to") != "null" and pid not in superseded and not re.search(r"(双11|618|大促|活动)", pol["fm"]["title"]):
        warn(f"{pid}: 有 effective_to 但既未被取代也不是活动规则")

def policy_active(pid, day):
    fm = policies[pid]["fm"]
    return D(fm["effective_from"]) <= day and (fm["effective_to"] == "null" or day <= D(fm["effective_to"]))

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F + 3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空值")

# ---------- 问题
CJK = re.compile(r"[\u4e00-\u9fff]")
def check_question(d, where, allowed_types):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段顺序应为 {QA_KEYS}")
    if d.get("type") not in allowed_types: err(f"{where} {qid}: 非法 type {d.get('type')}")
    if d.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    elif (d["lang"] == "zh") != bool(CJK.search(d.get("question", ""))): err(f"{where} {qid}: lang 与问题文字不符")
    if d.get("channel") is not None and d["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法")
    if d.get("as_of") is not None and not is_date(str(d["as_of"])): err(f"{where} {qid}: as_of 不是日期")
    if not isinstance(d.get("refuse"), bool) or d["refuse"] != (d.get("type") == "refusal"): err(f"{where} {qid}: refuse 与 type 不一致")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d[k]): err(f"{where} {qid}: {k} 应为非空字符串列表")
    if not d.get("note"): err(f"{where} {qid}: note 为空")
    mi, mni, src = d.get("must_include", []), d.get("must_not_include", []), d.get("sources", [])
    if d.get("refuse"):
        if mi or src: err(f"{where} {qid}: 拒答题的 must_include 和 sources 应为空")
        return
    if not mi: err(f"{where} {qid}: 非拒答题缺少 must_include")
    if not src: err(f"{where} {qid}: 非拒答题缺少 sources")
    for s in src:
        if s not in raw: err(f"{where} {qid}: source 不存在 {s}")
    if len(set(src)) != len(src): err(f"{where} {qid}: sources 重复")
    for x in mni:
        if any(norm(x) in norm(y) or norm(y) in norm(x) for y in mi): err(f"{where} {qid}: must_not_include {x} 与 must_include 冲突")
    if d.get("lang") == "en":
        for x in mi:
            if CJK.search(x): err(f"{where} {qid}: 英文题的 must_include 含中文 {x}")
    day = D(d["as_of"]) if d.get("as_of") else DEFAULT
    for s in src:
        if s.startswith("policy:") and s[7:] in policies:
            pid = s[7:]
            # 订单一般在 as_of 之前几天下单：允许政策在 as_of 前 30 天内仍有效
            if not any(policy_active(pid, day - datetime.timedelta(days=k)) for k in range(0, 31)):
                err(f"{where} {qid}: 引用的政策 {pid} 在 as_of={day} 前后均不生效")
            if d.get("as_of") is None and not policy_active(pid, DEFAULT):
                err(f"{where} {qid}: as_of 为 null，但引用的政策 {pid} 在默认评测日不生效")
            chs = parse_list(policies[pid]["fm"]["channels"])
            if d.get("channel") and chs != "all" and d["channel"] not in chs and d.get("type") != "channel":
                warn(f"{where} {qid}: channel={d['channel']} 引用了仅适用于 {chs} 的 {pid}")
        if s.startswith("product:") and s[8:] in prod and d.get("type") == "lookup":
            p = prod[s[8:]]
            if p.get("discontinued") and D(p["discontinued"]) < day: warn(f"{where} {qid}: lookup 题引用已停产商品 {p['id']}")

qa = read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for n, d in enumerate(qa, 1):
    if d.get("id") != f"q{n:03d}": err(f"qa.jsonl: 第{n}行 id 应为 q{n:03d}")
    check_question(d, "qa", TYPES)
    if d.get("refuse"): continue
    src_norm = norm("".join(raw.get(s, "") for s in d.get("sources", [])))
    for x in d.get("must_include", []):
        if norm(x) not in all_raw_norm: err(f"qa {d['id']}: must_include “{x}” 不在知识库原文中")
        elif norm(x) not in src_norm: warn(f"qa {d['id']}: must_include “{x}” 不在其 sources 中")
texts = [norm(d.get("question", "")) for d in qa]
if len(set(texts)) != len(texts): err("qa.jsonl: 有重复问题")

# ---------- 更正
corr = read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
import copy
prod2 = copy.deepcopy(prod); pol2 = {k: v["body"] for k, v in policies.items()}; faq2 = {k: v["answer"] for k, v in faq.items()}
for n, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{n:02d}": err(f"corrections 第{n}行 id 应为 c{n:02d}")
    if not isinstance(c.get("old"), str) or not isinstance(c.get("new"), str) or c["old"] == c["new"] or not c["new"]:
        err(f"{cid}: old/new 应为不同的字符串"); continue
    t, f = c.get("target", ""), c.get("field")
    kind, _, tid = t.partition(":")
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if f == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        elif fmt_price(prod2[tid]["price_cny"]) != c["old"]: err(f"{cid}: old {c['old']} 与现价 {prod2[tid]['price_cny']} 不符")
        else: prod2[tid]["price_cny"] = float(c["new"]) if "." in c["new"] else int(c["new"])
        if kind == "product" and prod2[tid].get("variants"): err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
    elif f == "text":
        store = pol2 if kind == "policy" else faq2 if kind == "faq" else None
        if store is None: err(f"{cid}: text 只能更正政策或 FAQ")
        elif store[tid].count(c["old"]) != 1: err(f"{cid}: old 在 {t} 中出现 {store[tid].count(c['old'])} 次（应为 1 次）")
        else: store[tid] = store[tid].replace(c["old"], c["new"])
    else:
        if kind != "product": err(f"{cid}: 键名更正只能用于商品"); continue
        p = prod2[tid]
        box = "attributes" if f in p["attributes"] else "specs" if f in p["specs"] else None
        if box is None: err(f"{cid}: {tid} 的 attributes/specs 中没有键 {f}")
        elif p[box][f] != c["old"]: err(f"{cid}: old “{c['old']}” 与当前值 “{p[box][f]}” 不符")
        else: p[box][f] = c["new"]
    q = c.get("question", {})
    check_question(q, "corrections", ["correction"])
    if q.get("id") != f"qc{n:02d}": err(f"{cid}: question.id 应为 qc{n:02d}")
    if q.get("sources") != [t]: err(f"{cid}: question.sources 应为 [{t}]")
    for x in q.get("must_include", []):
        if norm(x) not in norm(c["new"]): err(f"{cid}: must_include {x} 不在 new 中")
    for x in q.get("must_not_include", []):
        if norm(x) not in norm(c["old"]): err(f"{cid}: must_not_include {x} 不在 old 中")
        if norm(x) in norm(c["new"]): err(f"{cid}: must_not_include {x} 仍在 new 中")
    # qa 中不得有题依赖被更正的事实
    for d in qa:
        if t in d.get("sources", []):
            for x in d.get("must_include", []) + d.get("must_not_include", []):
                if norm(x) in norm(c["old"]) and len(norm(x)) >= 2: err(f"{cid}: qa {d['id']} 依赖被更正的事实（{x}）")
    for d in qa:
        if norm(c["old"]) in norm(d.get("question", "")): warn(f"{cid}: qa {d['id']} 的问题文本包含被更正的旧值")

# ---------- README
rd = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
def table_count(name):
    m = re.search(r"^\|\s*`" + re.escape(name) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", rd, re.M)
    return int(m.group(1)) if m else None
for name, n in [("kb/products.jsonl", len(products)), ("kb/policies/*.md", len(policies)), ("kb/faq.csv", len(faq)),
                ("qa.jsonl", len(qa)), ("eval.json", 1), ("corrections.jsonl", len(corr))]:
    got = table_count(name)
    if got != n: err(f"README: {name} 数量写的是 {got}，实际 {n}")
tc = Counter(d.get("type") for d in qa); lc = Counter(d.get("lang") for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in TYPES) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in rd: err(f"README: 题型/语言分布行应为：{line}")
nvar = sum(1 for p in products if p.get("variants"))
if f"{nvar}个商品有" not in rd: err(f"README: 应写明 variants 为 {nvar}个商品有")

# ---------- 汇总
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU {nvar}）、政策 {len(policies)}、FAQ {len(faq)}、问题 {len(qa)}、更正 {len(corr)}；"
      f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
