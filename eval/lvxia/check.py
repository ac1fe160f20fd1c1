#!/usr/bin/env python3
"""旅匣 LVXIA 评测集一致性检查（仅标准库）。用法：python3 check.py
检查商品/政策/FAQ/问题/更正的格式与相互引用，输出错误与警告；有错误时退出码为 1。"""
import copy, datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402
from kbload import norm, is_date  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
CH_ZH = {"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "size", "dimensions", "weight", "capacity", "color"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

eval_cfg = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(eval_cfg) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(eval_cfg)}")
DEFAULT_AS_OF = eval_cfg.get("default_as_of")
if not is_date(DEFAULT_AS_OF or ""): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"lvxia-[a-z0-9]+(-[a-z0-9]+)*", eval_cfg.get("name", "")): err("eval.json: name 应为 lvxia-<kebab-case>")

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
D = datetime.date.fromisoformat

# ---------------------------------------------------------------- 商品
def is_num(x): return isinstance(x, (int, float)) and not isinstance(x, bool)

for p in products:
    pid = p.get("id", "?")
    want = [k for k in PROD_KEYS if k in p or k not in PROD_OPTIONAL]
    if list(p) != want: err(f"{pid}: 字段顺序应为 {want}，实际 {list(p)}")
    if not re.fullmatch(r"LX-\d{4}", str(pid)): err(f"{pid}: id 格式应为 LX-+4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not re.search(r"LVXIA", p.get("name_en", "")): warn(f"{pid}: name_en 不含品牌名 LVXIA")
    if not p.get("name", "").startswith("旅匣"): warn(f"{pid}: name 不以“旅匣”开头")
    if not is_num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序与 {CHANNELS} 不一致")
    if not is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif is_date(p.get("launched") or "") and D(disc) < D(p["launched"]): err(f"{pid}: 停产早于上市")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict): err(f"{pid}: {k} 应为对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 应为非空字符串")
    if isinstance(p.get("specs"), dict) and not p["specs"]: err(f"{pid}: specs 为空")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应至少有2个 SKU"); vs = []
        skus = set()
        dims = None
        for v in vs:
            if not isinstance(v, dict): err(f"{pid}: variant 应为对象"); continue
            sku = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku): err(f"{pid}: SKU 编码 {sku!r} 应为 商品id-后缀")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{sku}: SKU 字段应以 sku 开头、price_cny 结尾")
            if set(v) - VARIANT_FIELDS: err(f"{sku}: 未知 SKU 字段 {set(v) - VARIANT_FIELDS}")
            if not is_num(v.get("price_cny")) or v["price_cny"] <= 0: err(f"{sku}: price_cny 应为正数")
            for kk, vv in v.items():
                if kk != "price_cny" and (not isinstance(vv, str) or not vv): err(f"{sku}: {kk} 应为非空字符串")
            d = tuple(k for k in v if k not in ("sku", "price_cny"))
            if not d: err(f"{sku}: 没有规格维度字段")
            if dims is None: dims = d
            elif d != dims: err(f"{pid}: 各 SKU 的规格维度字段不一致 {dims} vs {d}")
        prices = [v.get("price_cny") for v in vs if is_num(v.get("price_cny"))]
        if prices and p.get("price_cny") != min(prices): err(f"{pid}: price_cny={p.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")
    # 关系
    seen = set()
    for r in p.get("related", []):
        t, rid = r.get("type"), r.get("id")
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        if t not in REL_TYPES: err(f"{pid}: 未知关系类型 {t}")
        if rid not in prod: err(f"{pid}: 关系指向不存在的商品 {rid}")
        if rid == pid: err(f"{pid}: 关系指向自身")
        if (t, rid) in seen: err(f"{pid}: 关系重复 {t} {rid}")
        seen.add((t, rid))
        if rid in prod:
            q = prod[rid]
            if t == "replaces":
                if not q.get("discontinued"): err(f"{pid}: replaces {rid}，但后者未停产")
                elif D(p["launched"]) > D(q["discontinued"]) + datetime.timedelta(days=31):
                    warn(f"{pid}: 替代品上市日期距旧款停产超过31天")
            if t == "set_contains" and p.get("category") != "套装": err(f"{pid}: 非套装商品有 set_contains")
            if t in ("refill_of", "compatible_with") and q.get("category") == "套装": warn(f"{pid}: {t} 指向套装 {rid}")
    # 套装
    comps = [r["id"] for r in p.get("related", []) if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if not comps: err(f"{pid}: 套装没有 set_contains")
        val = p.get("attributes", {}).get("单品合计价值")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val or "")
        if not m: err(f"{pid}: 套装缺少“单品合计价值”（NNN元）")
        else:
            total = sum(prod[c]["price_cny"] for c in comps)
            if abs(float(m.group(1)) - total) > 1e-6: err(f"{pid}: 单品合计价值 {val} ≠ 组件 price_cny 之和 {total}")
            if p["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计")
        if "规格" not in p.get("attributes", {}): err(f"{pid}: 套装缺少“规格”")
        for c in comps:
            cp = prod[c]
            if D(cp["launched"]) > D(p["launched"]): err(f"{pid}: 组件 {c} 晚于套装上市")
            if cp.get("discontinued") and (not p.get("discontinued") or D(cp["discontinued"]) < D(p["discontinued"])):
                err(f"{pid}: 组件 {c} 先于套装停产")
            missing = [c2 for c2 in p["channels"] if c2 not in cp["channels"]]
            if missing: warn(f"{pid}: 组件 {c} 不在套装的渠道 {missing} 单独销售")
    # 停产/替代说明
    if p.get("discontinued"):
        succ = [q["id"] for q in products if {"type": "replaces", "id": pid} in q.get("related", [])]
        if succ and not any(prod[s]["name"].removeprefix("旅匣") in json.dumps(p, ensure_ascii=False) for s in succ):
            warn(f"{pid}: 停产商品的文字中未提及替代品名称")

# ---------------------------------------------------------------- 政策
pol_ids = set(policies)
for pid_, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"lx-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 lx- 开头、kebab-case")
    chs = fm.get("channels", "")
    if chs != "all":
        m = re.fullmatch(r"\[(.*)\]", chs)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(x not in CHANNELS for x in items): err(f"{pid_}: channels 非法 {chs}")
        fm["_channels"] = items
    else:
        fm["_channels"] = list(CHANNELS)
    if fm.get("applies_to") != "all" and not re.fullmatch(r"\[(LX-\d{4}(, )?)+\]", fm.get("applies_to", "")):
        err(f"{pid_}: applies_to 应为 all 或商品 id 列表")
    if not is_date(fm.get("effective_from", "")): err(f"{pid_}: effective_from 不是日期")
    eto = fm.get("effective_to")
    if eto != "null":
        if not is_date(eto): err(f"{pid_}: effective_to 应为日期或 null")
        elif is_date(fm.get("effective_from", "")) and D(eto) < D(fm["effective_from"]): err(f"{pid_}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
            elif is_date(old["effective_to"]) and is_date(fm["effective_from"]) and \
                    D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
                err(f"{pid_}: 生效日 {fm['effective_from']} 不紧接 {sup} 的失效日 {old['effective_to']}")
    title = fm.get("title", "")
    if not re.search(r"^# .+", pol["body"], re.M): err(f"{pid_}: 正文缺少一级标题")
    elif title not in pol["body"]: warn(f"{pid_}: 正文标题与 title 不一致")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"}
for pid_, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid_ not in superseded and "活动" not in pol["fm"]["title"] \
            and "双11" not in pol["fm"]["title"]:
        warn(f"{pid_}: 有失效日但没有后续版本")
    if pid_ in superseded and "已失效" not in pol["body"]: warn(f"{pid_}: 旧版本正文未标注“已失效”")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"].strip() or not f["answer"].strip(): err(f"faq {fid}: 问题或答案为空")
    if not all(t.strip() for t in f["tags"]): err(f"faq {fid}: tags 含空项")

# ---------------------------------------------------------------- 辅助：来源存在、日期
def source_ok(s):
    kind, _, sid = s.partition(":")
    return (kind == "product" and sid in prod) or (kind == "policy" and sid in policies) or (kind == "faq" and sid in faq)

name_en_norm = [norm(p["name_en"]) for p in products]
def en_item_ok(item):
    n = norm(item)
    return bool(re.search(r"\d", item)) or n in CHANNELS or any(n in ne for ne in name_en_norm)

def policy_active(pol, day):
    fm = pol["fm"]
    if D(fm["effective_from"]) > day: return False
    return fm["effective_to"] == "null" or D(fm["effective_to"]) >= day

def check_question(q, where, allowed_types, corr=False):
    qid = q.get("id", "?")
    if list(q) != QA_KEYS: err(f"{where} {qid}: 字段顺序应为 {QA_KEYS}，实际 {list(q)}")
    if not isinstance(q.get("question"), str) or not q["question"].strip(): err(f"{where} {qid}: question 为空")
    if q.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    elif q["lang"] == "en" and re.search(r"[\u4e00-\u9fff]{4,}", q["question"]): warn(f"{where} {qid}: 英文题包含较多中文")
    elif q["lang"] == "zh" and not re.search(r"[\u4e00-\u9fff]", q["question"]): err(f"{where} {qid}: 中文题不含中文")
    if q.get("channel") is not None and q["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法 {q['channel']}")
    if q.get("as_of") is not None and not is_date(q["as_of"]): err(f"{where} {qid}: as_of 不是日期")
    if q.get("type") not in allowed_types: err(f"{where} {qid}: type 非法 {q.get('type')}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(q.get(k), list) or any(not isinstance(x, str) or not x for x in q.get(k, [])):
            err(f"{where} {qid}: {k} 应为非空字符串列表")
    if not isinstance(q.get("refuse"), bool): err(f"{where} {qid}: refuse 应为布尔值")
    if not isinstance(q.get("note"), str) or not q["note"]: err(f"{where} {qid}: note 为空")
    refusal = q.get("type") == "refusal"
    if q.get("refuse") != refusal: err(f"{where} {qid}: refuse 与 type 不一致")
    if refusal:
        if q.get("must_include"): err(f"{where} {qid}: 拒答题 must_include 应为空")
        if q.get("sources"): err(f"{where} {qid}: 拒答题 sources 应为空")
        return
    if not q.get("must_include"): err(f"{where} {qid}: 非拒答题 must_include 为空")
    if not q.get("sources"): err(f"{where} {qid}: 非拒答题 sources 为空")
    for s in q.get("sources", []):
        if not source_ok(s): err(f"{where} {qid}: 来源不存在 {s}")
    if len(set(q.get("sources", []))) != len(q.get("sources", [])): err(f"{where} {qid}: sources 重复")
    srcs = [s for s in q.get("sources", []) if source_ok(s)]
    src_norm = norm("".join(raw[s] for s in srcs))
    for item in q.get("must_include", []):
        if norm(item) not in all_raw_norm and not corr: err(f"{where} {qid}: must_include {item!r} 不在知识库原文中")
        elif norm(item) not in src_norm and not corr and \
                not (norm(item) in CH_ZH and (norm(CH_ZH[norm(item)]) in src_norm or any(
                    s.startswith("product:") and norm(item) in prod[s[8:]]["channels"] for s in srcs))):
            warn(f"{where} {qid}: must_include {item!r} 不在其 sources 中")
        if q.get("lang") == "en" and not en_item_ok(item): err(f"{where} {qid}: 英文题 must_include {item!r} 应为数字、name_en 片段或渠道代码")
    for a in q.get("must_include", []):
        for b in q.get("must_not_include", []):
            if norm(b) in norm(a): err(f"{where} {qid}: must_not_include {b!r} 是 must_include {a!r} 的子串")
    day = D(q["as_of"]) if is_date(q.get("as_of") or "") else D(DEFAULT_AS_OF)
    for s in srcs:
        kind, _, sid = s.partition(":")
        if kind == "policy":
            pol = policies[sid]
            versioned = pol["fm"]["supersedes"] != "null" or sid in superseded
            if versioned and not policy_active(pol, day):
                # 订单在 as_of 前几天下单：允许 as_of 落在失效日后 30 天内
                eto = pol["fm"]["effective_to"]
                if not (eto != "null" and D(eto) < day <= D(eto) + datetime.timedelta(days=30)):
                    err(f"{where} {qid}: 版本政策 {sid} 在 {day} 不适用")
            if D(pol["fm"]["effective_from"]) > day: err(f"{where} {qid}: 政策 {sid} 在 {day} 尚未生效")
            if q.get("channel") and q["channel"] not in pol["fm"]["_channels"] and q.get("type") != "channel":
                warn(f"{where} {qid}: channel={q['channel']} 但政策 {sid} 只适用于 {pol['fm']['_channels']}")
        if kind == "product":
            p = prod[sid]
            if D(p["launched"]) > day and q.get("type") not in ("temporal", "comparison"):
                warn(f"{where} {qid}: 商品 {sid} 在 {day} 尚未上市")

# ---------------------------------------------------------------- qa.jsonl
qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [q.get("id") for q in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for i, q in enumerate(qa, 1):
    if q.get("id") != f"q{i:03d}": err(f"qa.jsonl:{i}: id 应为 q{i:03d}，实际 {q.get('id')}")
    check_question(q, "qa", TYPES)
qnorm = Counter(norm(q.get("question", "")) for q in qa)
for k, v in qnorm.items():
    if v > 1: err(f"qa.jsonl: 题目重复 {k[:30]}")

# ---------------------------------------------------------------- corrections.jsonl
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
kb2 = {"prod": copy.deepcopy(prod), "policy": {k: v["body"] for k, v in policies.items()},
       "faq": {k: v["answer"] for k, v in faq.items()}}
for i, c in enumerate(corrs, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"corrections {cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{i:02d}": err(f"corrections:{i}: id 应为 c{i:02d}")
    t, fld, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{cid}: reason 为空")
    kind, _, sid = t.partition(":")
    if not source_ok(t): err(f"{cid}: target 不存在 {t}"); continue
    if kind == "product":
        p = kb2["prod"][sid]
        if fld == "price_cny":
            if str(p["price_cny"]) != old: err(f"{cid}: 当前价格 {p['price_cny']} ≠ old {old}")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
            p["price_cny"] = float(new) if "." in new else int(new)
        elif fld in p["attributes"] or fld in p["specs"]:
            box = p["attributes"] if fld in p["attributes"] else p["specs"]
            if box[fld] != old: err(f"{cid}: {sid}.{fld} 当前值 {box[fld]!r} ≠ old {old!r}")
            box[fld] = new
        else: err(f"{cid}: 商品字段 {fld} 不存在（只能是 price_cny 或 attributes/specs 的键）")
    else:
        if fld != "text": err(f"{cid}: 政策/FAQ 更正的 field 应为 text")
        store = kb2["policy"] if kind == "policy" else kb2["faq"]
        n = store[sid].count(old)
        if n != 1: err(f"{cid}: old 在 {t} 中出现 {n} 次（应为1次）")
        store[sid] = store[sid].replace(old, new)
    qq = c.get("question", {})
    if qq.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    check_question(qq, "corrections", ["correction"], corr=True)
    if qq.get("sources") != [t]: warn(f"{cid}: 验证题 sources 应为 [{t}]")
    for item in qq.get("must_include", []):
        if norm(item) not in norm(new): err(f"{cid}: 验证题 must_include {item!r} 不在 new 中")
    for item in qq.get("must_not_include", []):
        if norm(item) not in norm(old): err(f"{cid}: 验证题 must_not_include {item!r} 不在 old 中")
    # qa.jsonl 不得依赖被更正的事实
    for q in qa:
        if t in q.get("sources", []):
            for item in q.get("must_include", []):
                if norm(item) in norm(old) and norm(item) not in norm(new):
                    err(f"{cid}: qa {q['id']} 的 must_include {item!r} 依赖被更正的值")

# 更正应用后，qa 的 must_include 仍应在其来源中
def text_after(s):
    kind, _, sid = s.partition(":")
    if kind == "product": return json.dumps(kb2["prod"][sid], ensure_ascii=False)
    if kind == "policy": return kb2["policy"][sid]
    return faq[sid]["question"] + kb2["faq"][sid]
for q in qa:
    if q.get("refuse"): continue
    after = norm("".join(text_after(s) for s in q.get("sources", []) if source_ok(s)))
    before = norm("".join(raw[s] for s in q.get("sources", []) if source_ok(s)))
    for item in q.get("must_include", []):
        if norm(item) in before and norm(item) not in after: err(f"qa {q['id']}: 更正后 must_include {item!r} 不再成立")

# ---------------------------------------------------------------- README 计数
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "corrections.jsonl": len(corrs), "eval.json": 1}
for fn, n in counts.items():
    m = re.search(r"^\|\s*`" + re.escape(fn) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fn}")
    elif int(m.group(1)) != n: err(f"README: {fn} 数量写为 {m.group(1)}，实际 {n}")
tc = Counter(q.get("type") for q in qa)
lc = Counter(q.get("lang") for q in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in TYPES if tc[t]) + "；语言：" + \
       ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nvar = sum("variants" in p for p in products)
m = re.search(r"(\d+)个商品有", readme)
if not m or int(m.group(1)) != nvar: err(f"README: 有 variants 的商品数应为 {nvar}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("WARN ", w)
for e in errors: print("ERROR", e)
print(f"商品 {len(products)}（含 variants {nvar}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print(f"题型 {dict(sorted(tc.items()))}；语言 {dict(sorted(lc.items()))}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
