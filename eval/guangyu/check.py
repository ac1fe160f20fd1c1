#!/usr/bin/env python3
"""光屿（guangyu）评测集一致性检查。仅用标准库；加载逻辑来自 ../kbload.py。

用法：python3 check.py        退出码 0 = 没有错误（警告不影响退出码）
"""
import datetime, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
OPTIONAL_PRODUCT_KEYS = {"variants"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "diameter", "area", "power", "color", "version", "light", "length",
                  "gang", "pack", "service", "unit"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
DEFAULT = ev.get("default_as_of", "2025-12-01")
if not kbload.is_date(DEFAULT): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"guangyu-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 guangyu-<kebab-case>")
DEFAULT_D = datetime.date.fromisoformat(DEFAULT)


# ---------- 归一化（README 的判定约定）
def norm(s, year=DEFAULT_D.year):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"\s+", "", s).lower()
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    s = re.sub(r"(?<![\d-])(\d{1,2})月(\d{1,2})日", lambda m: f"{year}-{int(m[1]):02d}-{int(m[2]):02d}", s)
    return s


# ---------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
src_norm = {k: norm(v) for k, v in raw.items()}
ALL_NORM = norm("\n".join(raw.values()))


def date(s):
    return datetime.date.fromisoformat(s)


# ---------- 商品
for d in products:
    pid = d.get("id", "?")
    keys = [k for k in PRODUCT_KEYS if k in d]
    if list(d) != keys or any(k not in d for k in PRODUCT_KEYS if k not in OPTIONAL_PRODUCT_KEYS):
        err(f"{pid}: 字段或顺序错误 {list(d)}")
        continue
    if not re.fullmatch(r"GY-\d{4}", pid): err(f"{pid}: id 格式应为 GY-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(d[k], str) or not d[k]: err(f"{pid}: {k} 为空")
    if not d["name"].startswith("光屿"): err(f"{pid}: name 应以“光屿”开头")
    if not d["name_en"].startswith("GUANGYU "): err(f"{pid}: name_en 应以 GUANGYU 开头")
    if not isinstance(d["price_cny"], (int, float)) or d["price_cny"] <= 0: err(f"{pid}: price_cny 非正数")
    if not d["channels"] or any(c not in CHANNELS for c in d["channels"]): err(f"{pid}: channels 非法 {d['channels']}")
    if d["channels"] != [c for c in CHANNELS if c in d["channels"]]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(d["launched"]): err(f"{pid}: launched 不是日期")
    if d["discontinued"] is not None:
        if not kbload.is_date(d["discontinued"]): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(d["launched"]) and date(d["discontinued"]) <= date(d["launched"]):
            err(f"{pid}: discontinued 早于 launched")
        if "销售状态" not in d["attributes"]: err(f"{pid}: 已停产/下架商品应有 attributes.销售状态")
    if kbload.is_date(d["launched"]) and date(d["launched"]) > DEFAULT_D and "上市状态" not in d["attributes"]:
        err(f"{pid}: 默认评测日尚未上市，应有 attributes.上市状态")
    for k in ("attributes", "specs"):
        if not isinstance(d[k], dict) or not d[k]: err(f"{pid}: {k} 应为非空对象")
        elif any(not isinstance(v, str) or not v for v in d[k].values()): err(f"{pid}: {k} 的值应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(d[k], list) or any(not isinstance(x, str) for x in d[k]): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个 SKU"); vs = []
        skus = set()
        for v in vs:
            sku = v.get("sku", "")
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU {sku} 应以 sku 开头、price_cny 结尾")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku): err(f"{pid}: SKU 编码 {sku} 应为 商品id-后缀")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            bad = set(v) - VARIANT_FIELDS
            if bad: err(f"{pid}: SKU {sku} 含未约定字段 {bad}")
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0: err(f"{pid}: SKU {sku} 价格非法")
        if vs and all(isinstance(v.get("price_cny"), (int, float)) for v in vs):
            lo = min(v["price_cny"] for v in vs)
            if d["price_cny"] != lo: err(f"{pid}: price_cny={d['price_cny']} 应等于最低 SKU 价 {lo}")
        dims = [tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs]
        if len(set(dims)) > 1: err(f"{pid}: 各 SKU 的规格维度不一致")
    rels = d["related"]
    seen = set()
    for r in rels:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项应为 {{type, id}}")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自己")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))
        if r.get("type") == "replaces" and r.get("id") in prod:
            old = prod[r["id"]]
            if old["discontinued"] is None: err(f"{pid}: replaces 的旧款 {r['id']} 未停产")
            elif date(d["launched"]) > date(old["discontinued"]) + datetime.timedelta(days=1):
                warn(f"{pid}: 新款上市晚于旧款停产次日（断档）")
        if r.get("type") == "refill_of" and r.get("id") in prod and prod[r["id"]]["discontinued"]:
            warn(f"{pid}: refill_of 指向已停产商品")
    # 套装
    comps = [r["id"] for r in rels if r.get("type") == "set_contains" and r.get("id") in prod]
    if d["category"] == "套装" or comps:
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个 set_contains")
        val = d["attributes"].get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val)
        if not m: err(f"{pid}: 套装缺少 attributes.单品合计价值（形如 758元）")
        else:
            total = sum(prod[c]["price_cny"] for c in comps)
            if abs(float(m[1]) - total) > 1e-6: err(f"{pid}: 单品合计价值 {val} ≠ 组件 price_cny 之和 {total}")
            if d["price_cny"] >= total: err(f"{pid}: 套装价 {d['price_cny']} 不低于单品合计 {total}")
        if "规格" not in d["attributes"]: err(f"{pid}: 套装缺少 attributes.规格")
        for c in comps:
            cp = prod[c]
            if kbload.is_date(cp["launched"]) and date(cp["launched"]) > date(d["launched"]):
                err(f"{pid}: 组件 {c} 上市晚于套装")
            if cp["discontinued"] and (d["discontinued"] is None or date(cp["discontinued"]) < date(d["discontinued"])):
                err(f"{pid}: 组件 {c} 先于套装停产")

# ---------- 政策
pol_dates = {}
for pid, p in policies.items():
    fm = p["fm"]
    if not re.fullmatch(r"gy-[a-z0-9-]+", pid): err(f"policy {pid}: id 应以 gy- 开头")
    ch = fm["channels"]
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch)
        lst = [x.strip() for x in m[1].split(",")] if m else []
        if not lst or any(c not in CHANNELS for c in lst): err(f"policy {pid}: channels 非法 {ch}")
    if fm["applies_to"] != "all" and not re.fullmatch(r"\[.+\]", fm["applies_to"]): err(f"policy {pid}: applies_to 格式错误")
    ef, et = fm["effective_from"], fm["effective_to"]
    if not kbload.is_date(ef): err(f"policy {pid}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"policy {pid}: effective_to 不是日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and date(et) < date(ef): err(f"policy {pid}: effective_to 早于 effective_from")
    if not p["body"].lstrip().startswith("# " + fm["title"]) and fm["title"] not in p["body"].split("\n", 3)[1]:
        warn(f"policy {pid}: 正文标题与 title 不一致")
    pol_dates[pid] = (ef, et)
for pid, p in policies.items():
    sup = p["fm"]["supersedes"]
    if sup == "null": continue
    if sup not in policies: err(f"policy {pid}: supersedes 指向不存在的 {sup}"); continue
    ef = pol_dates[pid][0]; et_old = pol_dates[sup][1]
    if et_old == "null": err(f"policy {pid}: 被取代的 {sup} 没有 effective_to")
    elif kbload.is_date(ef) and date(et_old) + datetime.timedelta(days=1) != date(ef):
        err(f"policy {pid}: effective_from {ef} 应为 {sup}.effective_to {et_old} 的次日")
    if sum(1 for q in policies.values() if q["fm"]["supersedes"] == sup) > 1: err(f"policy {sup}: 被多个版本取代")
for pid, (ef, et) in pol_dates.items():
    if et != "null" and not any(q["fm"]["supersedes"] == pid for q in policies.values()) and "双11" not in policies[pid]["fm"]["title"] \
            and "618" not in policies[pid]["fm"]["title"]:
        warn(f"policy {pid}: 有 effective_to 但没有后继版本")
# 《》引用的政策标题要存在
titles = {p["fm"]["title"] for p in policies.values()}
for pid, p in policies.items():
    for t in re.findall(r"《([^》]+)》", p["body"]):
        if not any(x.startswith(t) for x in titles) and not t.startswith("读写作业台灯"): err(f"policy {pid}: 引用了不存在的政策《{t}》")
for fid, f in faq.items():
    for t in re.findall(r"《([^》]+)》", f["answer"]):
        if not any(x.startswith(t) for x in titles) and not t.startswith("读写作业台灯"): err(f"faq {fid}: 引用了不存在的政策《{t}》")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空值")
ids = sorted(faq)
if ids != [f"F{i:03d}" for i in range(1, len(ids) + 1)]: err("faq: id 应从 F001 连续编号")


# ---------- 问题
def check_question(d, where, corrected=None):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段或顺序错误 {list(d)}"); return
    if d["lang"] not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if d["channel"] is not None and d["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法")
    if d["as_of"] is not None and not kbload.is_date(d["as_of"]): err(f"{where} {qid}: as_of 不是日期")
    as_of = date(d["as_of"]) if d["as_of"] and kbload.is_date(d["as_of"]) else DEFAULT_D
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d[k], list) or any(not isinstance(x, str) or not x for x in d[k]): err(f"{where} {qid}: {k} 应为非空字符串列表")
    if not isinstance(d["question"], str) or not d["question"].strip(): err(f"{where} {qid}: question 为空")
    if not d["note"]: warn(f"{where} {qid}: note 为空")
    if d["refuse"] != (d["type"] == "refusal"): err(f"{where} {qid}: refuse 与 type 不一致")
    for s in d["sources"]:
        kind, _, sid = s.partition(":")
        if s not in raw: err(f"{where} {qid}: 来源不存在 {s}"); continue
        if kind == "policy":
            ef = pol_dates[sid][0]
            if date(ef) > as_of: err(f"{where} {qid}: 来源 {s} 在 as_of {as_of} 时尚未生效")
            pch = policies[sid]["fm"]["channels"]
            if d["channel"] and pch != "all" and d["channel"] not in pch and d["type"] != "channel":
                warn(f"{where} {qid}: channel={d['channel']} 但引用了仅适用于 {pch} 的 {s}")
    if len(set(d["sources"])) != len(d["sources"]): err(f"{where} {qid}: sources 重复")
    if d["type"] == "refusal":
        if d["must_include"]: err(f"{where} {qid}: 拒答题 must_include 应为空")
        if d["sources"]: warn(f"{where} {qid}: 拒答题通常没有 sources")
        return
    if not d["must_include"]: err(f"{where} {qid}: 非拒答题 must_include 为空")
    if not d["sources"]: err(f"{where} {qid}: 非拒答题 sources 为空")
    src_text = "".join(corrected.get(s, src_norm.get(s, "")) if corrected else src_norm.get(s, "") for s in d["sources"])
    all_text = ALL_NORM if not corrected else norm("\n".join(corrected.get(k, raw[k]) for k in raw))
    for x in d["must_include"]:
        nx = norm(x, as_of.year)
        if nx not in all_text and norm(x) not in all_text: err(f"{where} {qid}: must_include {x!r} 不在知识库原文中")
        elif nx not in src_text and norm(x) not in src_text: warn(f"{where} {qid}: must_include {x!r} 不在其 sources 中")
        if d["lang"] == "en" and re.search(r"[\u4e00-\u9fff]", x): err(f"{where} {qid}: 英文题的 must_include 含中文 {x!r}")
    for x in d["must_not_include"]:
        for y in d["must_include"]:
            if norm(x) in norm(y): err(f"{where} {qid}: must_not_include {x!r} 是 must_include {y!r} 的子串")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}": err(f"qa.jsonl: 第{i}行 id 应为 q{i:03d}，实际 {d.get('id')}")
    if d.get("type") not in TYPES: err(f"qa {d.get('id')}: type 非法 {d.get('type')}")
    check_question(d, "qa")
    q = d.get("question", "")
    if d.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", q): err(f"qa {d['id']}: 英文题含中文")
    if d.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", q): err(f"qa {d['id']}: 中文题不含中文")
if len({d.get("question") for d in qa}) != len(qa): err("qa.jsonl: 有重复的问题")

# ---------- 更正
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = dict(raw)
cor_targets = []
for i, c in enumerate(corrs, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"correction {cid}: 字段或顺序错误 {list(c)}"); continue
    if cid != f"c{i:02d}": err(f"correction 第{i}行 id 应为 c{i:02d}")
    t, f, old, new = c["target"], c["field"], c["old"], c["new"]
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"correction {cid}: old/new 应为不同的字符串")
    if t not in raw: err(f"correction {cid}: target 不存在 {t}"); continue
    kind, _, tid = t.partition(":")
    if f == "price_cny":
        if kind != "product": err(f"correction {cid}: price_cny 只能更正商品")
        elif str(prod[tid]["price_cny"]) != old: err(f"correction {cid}: old {old} ≠ 当前价格 {prod[tid]['price_cny']}")
        elif "variants" in prod[tid]: err(f"correction {cid}: 有 SKU 的商品不能用 price_cny 更正")
        corrected[t] = corrected[t].replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
    elif f == "text":
        if kind == "policy":
            if old not in policies[tid]["body"]: err(f"correction {cid}: old 不在政策正文中")
        elif kind == "faq":
            if old not in faq[tid]["answer"]: err(f"correction {cid}: old 不在 FAQ 答案中")
        else: err(f"correction {cid}: text 只能更正政策或 FAQ")
        corrected[t] = corrected[t].replace(old, new)
    else:
        if kind != "product": err(f"correction {cid}: 属性更正只能针对商品"); continue
        p = prod[tid]
        where = "attributes" if f in p["attributes"] else "specs" if f in p["specs"] else None
        if where is None: err(f"correction {cid}: 商品 {tid} 没有 attributes/specs 键 {f}"); continue
        if p[where][f] != old: err(f"correction {cid}: old {old!r} ≠ 当前值 {p[where][f]!r}")
        corrected[t] = corrected[t].replace(json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))
    cor_targets.append((t, old))
    qd = c["question"]
    if qd.get("id") != "q" + cid: err(f"correction {cid}: 验证题 id 应为 q{cid}")
    if qd.get("type") != "correction": err(f"correction {cid}: 验证题 type 应为 correction")
    if t not in qd.get("sources", []): err(f"correction {cid}: 验证题 sources 应包含 {t}")
    if not any(norm(x) in norm(new) for x in qd.get("must_include", [])): err(f"correction {cid}: must_include 应取自新值")
    if not any(norm(x) in norm(old) for x in qd.get("must_not_include", [])): err(f"correction {cid}: must_not_include 应取自旧值")
for c in corrs:
    if "question" in c and c["question"].get("type") == "correction":
        check_question(c["question"], "correction", {k: norm(v) for k, v in corrected.items()})
        for x in c["question"]["must_not_include"]:
            if norm(x) in norm(corrected[c["target"]]) and c["field"] != "price_cny":
                warn(f"correction {c['id']}: 旧值 {x!r} 在更正后的目标中仍出现")
# qa.jsonl 不得依赖被更正的事实
for d in qa:
    for t, old in cor_targets:
        if t in d.get("sources", []) and any(norm(x) in norm(old) or norm(old) in norm(x) for x in d.get("must_include", [])):
            err(f"qa {d['id']}: 依赖被更正的事实（{t} {old!r}）")

# ---------- README 计数
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "corrections.jsonl": len(corrs)}
for f, n in counts.items():
    m = re.search(r"\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|", readme)
    if not m: err(f"README: 文件表中找不到 {f}")
    elif int(m[1]) != n: err(f"README: {f} 数量写的是 {m[1]}，实际 {n}")
tc = {t: sum(1 for d in qa if d.get("type") == t) for t in TYPES}
lc = {l: sum(1 for d in qa if d.get("lang") == l) for l in ("en", "zh")}
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in TYPES) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in lc) + "。"
if line not in readme: err(f"README: 分布行应为「{line}」")
nv = sum(1 for d in products if "variants" in d)
if not re.search(rf"{nv}个商品有", readme): err(f"README: 应写明 variants 的商品数（{nv}个商品有）")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（有 SKU {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print("题型:", tc, "语言:", lc)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
