#!/usr/bin/env python3
"""绘壁 HUIBI 评测集一致性检查（仅用标准库）。

用法：python3 check.py    退出码 0 = 没有错误（警告不影响退出码）。
检查：商品字段顺序与格式、渠道、日期、SKU（编码前缀、price_cny = 最低 SKU 价）、关系指向、
套装单品合计价值、政策 front matter 与版本链、FAQ、问题格式与分布、must_include 出现在知识库原文
（优先在 sources 中）、更正、README 中的数量。"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs"]
PROD_TAIL = ["suitable_for", "not_suitable_for", "related"]
OPTIONAL = ["variants", "ingredients"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "capacity", "net_weight", "color", "finish", "size"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
err = errors.append
warn = warnings.append
D = datetime.date.fromisoformat


def nfkc_norm(s):
    """README 的归一化：全角转半角、去空白、小写。"""
    return kbload.norm(unicodedata.normalize("NFKC", s))


# ---------------------------------------------------------------- 读取
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
eval_cfg = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if set(eval_cfg) != {"default_as_of", "name"}: err(f"eval.json: 键应为 default_as_of/name，实际 {list(eval_cfg)}")
DEFAULT = eval_cfg.get("default_as_of", "")
if not kbload.is_date(DEFAULT): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"huibi-[a-z0-9]+(-[a-z0-9]+)*", eval_cfg.get("name", "")): err("eval.json: name 格式应为 huibi-<kebab-case>")

# ---------------------------------------------------------------- 商品
for d in products:
    pid = d.get("id", "?")
    keys = list(d)
    expect = PROD_KEYS + [k for k in OPTIONAL if k in d] + PROD_TAIL
    if keys != expect: err(f"{pid}: 字段顺序应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"HB-\d{4}", str(pid)): err(f"{pid}: id 格式应为 HB-四位数字")
    if not d.get("name", "").startswith("绘壁"): err(f"{pid}: name 应以“绘壁”开头")
    if not re.fullmatch(r"HUIBI [\x20-\x7e]+", d.get("name_en", "")): err(f"{pid}: name_en 应为以 HUIBI 开头的英文")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0: err(f"{pid}: price_cny 应为正数")
    ch = d.get("channels", [])
    if not ch or any(c not in CHANNELS for c in ch): err(f"{pid}: channels 非法 {ch}")
    if ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(d.get("launched", "")): err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(d.get("launched", "")) and D(disc) < D(d["launched"]): err(f"{pid}: 停产早于上市")
        status = d["attributes"].get("销售状态", "")
        if disc not in status: err(f"{pid}: 已停产但 attributes.销售状态 未写停产/下架日期 {disc}")
    for grp in ("attributes", "specs"):
        g = d.get(grp)
        if not isinstance(g, dict) or not g: err(f"{pid}: {grp} 应为非空对象"); continue
        for k, v in g.items():
            if not isinstance(v, str) or not v: err(f"{pid}: {grp}.{k} 的值应为非空字符串")
    for grp in ("suitable_for", "not_suitable_for"):
        if not isinstance(d.get(grp), list) or not all(isinstance(x, str) for x in d.get(grp, [])):
            err(f"{pid}: {grp} 应为字符串列表")
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个 SKU"); continue
        skus = [v.get("sku") for v in vs]
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        dims = None
        for v in vs:
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {v}")
            if not str(v.get("sku", "")).startswith(pid + "-"): err(f"{pid}: SKU {v.get('sku')} 前缀应为 {pid}-")
            if set(v) - VARIANT_FIELDS: err(f"{pid}: SKU 未知字段 {set(v) - VARIANT_FIELDS}")
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0: err(f"{pid}: SKU 价格非法 {v}")
            if dims is None: dims = set(v)
            elif set(v) != dims: err(f"{pid}: 各 SKU 的规格维度不一致")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and d.get("price_cny") != min(prices): err(f"{pid}: price_cny {d.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")

# 关系
for d in products:
    pid = d["id"]
    rel = d.get("related", [])
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自己")
        if r.get("type") == "replaces" and r.get("id") in prod:
            old = prod[r["id"]]
            if not old.get("discontinued"): err(f"{pid}: replaces {r['id']}，但后者未停产")
            elif D(d["launched"]) > D(old["discontinued"]) + datetime.timedelta(days=31):
                warn(f"{pid}: 上市日期 {d['launched']} 与被替代的 {r['id']} 停产日期 {old['discontinued']} 间隔超过一个月")
            elif D(d["launched"]) < D(old["launched"]): err(f"{pid}: 替代款上市早于旧款")
    if len({(r.get("type"), r.get("id")) for r in rel}) != len(rel): err(f"{pid}: related 重复")
    sets = [r["id"] for r in rel if r.get("type") == "set_contains"]
    if d.get("category") == "套装":
        if not sets: err(f"{pid}: 套装没有 set_contains")
        val = d["attributes"].get("单品合计价值", "")
        total = sum(prod[s]["price_cny"] for s in sets if s in prod)
        total_s = f"{total:g}元"
        if val != total_s: err(f"{pid}: 单品合计价值 {val} ≠ 组件 price_cny 之和 {total_s}")
        if d["price_cny"] >= total: err(f"{pid}: 套装价不低于单品合计价值")
        for s in sets:
            if s in prod and not set(d["channels"]) <= set(prod[s]["channels"]):
                warn(f"{pid}: 套装渠道 {d['channels']} 超出组件 {s} 的渠道")
            if s in prod and prod[s].get("discontinued") and D(prod[s]["discontinued"]) < D(d["launched"]):
                err(f"{pid}: 组件 {s} 在套装上市前已停产")
    elif sets: err(f"{pid}: 非套装商品有 set_contains")
    for r in rel:
        if r.get("type") == "refill_of" and d.get("category") not in ("替换装", "施工工具"):
            warn(f"{pid}: refill_of 商品的类目为 {d.get('category')}")
replaced = {r["id"] for d in products for r in d["related"] if r["type"] == "replaces"}
for d in products:
    st = d["attributes"].get("销售状态", "")
    if d.get("discontinued") and "替代" in st and "无替代" not in st and d["id"] not in replaced:
        err(f"{d['id']}: 销售状态写有替代款，但没有商品 replaces 它")
    if d["id"] in replaced and "无替代" in st: err(f"{d['id']}: 写着无替代，却被 replaces")
    if kbload.is_date(d.get("launched", "")) and D(d["launched"]) > D(DEFAULT):
        if "上市" not in json.dumps(d["attributes"], ensure_ascii=False): warn(f"{d['id']}: 未上市商品没有上市状态说明")

# ---------------------------------------------------------------- 政策
for pid_, p in policies.items():
    fm = p["fm"]
    chs = fm.get("channels", "")
    if chs != "all":
        m = re.fullmatch(r"\[(.*)\]", chs)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(x not in CHANNELS for x in items): err(f"{pid_}: channels 非法 {chs}")
    at = fm.get("applies_to", "")
    if at != "all" and at not in prod: err(f"{pid_}: applies_to 指向不存在的商品 {at}")
    ef, et = fm.get("effective_from", ""), fm.get("effective_to", "")
    if not kbload.is_date(ef): err(f"{pid_}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"{pid_}: effective_to 应为日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and D(et) < D(ef): err(f"{pid_}: effective_to 早于 effective_from")
    sup = fm.get("supersedes", "")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}")
        else:
            oet = policies[sup]["fm"]["effective_to"]
            if not kbload.is_date(oet): err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
            elif kbload.is_date(ef) and D(oet) + datetime.timedelta(days=1) != D(ef):
                err(f"{pid_}: 版本不衔接：{sup} 到 {oet}，本版从 {ef} 开始")
    if fm.get("title", "") not in p["body"]: warn(f"{pid_}: 正文标题与 title 不一致")
sup_targets = Counter(p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null")
for s, n in sup_targets.items():
    if n > 1: err(f"{s}: 被多个政策取代")
for pid_, p in policies.items():
    if kbload.is_date(p["fm"]["effective_to"]) and pid_ not in sup_targets and p["fm"]["effective_to"] != "null":
        # 有截止日期但无后继：只允许活动类政策
        if not re.search(r"(618|double11|11)", pid_): warn(f"{pid_}: 有 effective_to 但没有后继版本")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 为空")

# ---------------------------------------------------------------- 问题
def valid_at(policy_id, day):
    fm = policies[policy_id]["fm"]
    if D(fm["effective_from"]) > day: return False
    return fm["effective_to"] == "null" or D(fm["effective_to"]) >= day


def src_text(sources):
    return nfkc_norm("".join(raw.get(s, "") for s in sources))


ALL_NORM = nfkc_norm(all_raw_norm)


def check_question(d, where, allowed_types, corrected_raw=None):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段顺序应为 {QA_KEYS}，实际 {list(d)}")
    if d.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if d.get("channel") is not None and d.get("channel") not in CHANNELS: err(f"{where} {qid}: channel 非法")
    if d.get("as_of") is not None and not kbload.is_date(d["as_of"]): err(f"{where} {qid}: as_of 不是日期")
    if d.get("type") not in allowed_types: err(f"{where} {qid}: type 非法 {d.get('type')}")
    if not isinstance(d.get("question"), str) or not d["question"].strip(): err(f"{where} {qid}: question 为空")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])):
            err(f"{where} {qid}: {k} 应为非空字符串列表")
    if d.get("refuse") != (d.get("type") == "refusal"): err(f"{where} {qid}: refuse 与 type 不一致")
    for s in d.get("sources", []):
        if s not in raw: err(f"{where} {qid}: source 不存在 {s}")
    mi, mni = d.get("must_include", []), d.get("must_not_include", [])
    for a in mi:
        for b in mni:
            if nfkc_norm(b) in nfkc_norm(a): err(f"{where} {qid}: must_not_include “{b}” 是 must_include “{a}” 的子串")
    if d.get("refuse"):
        if mi: err(f"{where} {qid}: 拒答题 must_include 应为空")
        if d.get("sources"): err(f"{where} {qid}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where} {qid}: 非拒答题 must_include 为空")
    if not d.get("sources"): err(f"{where} {qid}: 非拒答题 sources 为空")
    if d.get("lang") == "en":
        for a in mi:
            if not a.isascii(): err(f"{where} {qid}: 英文题 must_include 应为 ASCII（数字、name_en 片段或渠道代码）：{a}")
    everything = ALL_NORM if corrected_raw is None else nfkc_norm("".join(corrected_raw.values()))
    stext = src_text(d.get("sources", [])) if corrected_raw is None else nfkc_norm("".join(corrected_raw.get(s, "") for s in d.get("sources", [])))
    for a in mi:
        na = nfkc_norm(a)
        if na not in everything: err(f"{where} {qid}: must_include “{a}” 不在知识库原文中")
        elif na not in stext: warn(f"{where} {qid}: must_include “{a}” 不在其 sources 中")
    day = D(d["as_of"]) if d.get("as_of") else D(DEFAULT)
    for s in d.get("sources", []):
        if s.startswith("policy:") and s[7:] in policies:
            pid_ = s[7:]
            if not valid_at(pid_, day) and d.get("type") != "temporal":
                warn(f"{where} {qid}: 引用的 {pid_} 在 {day} 不生效")
            if d.get("type") == "temporal" and not valid_at(pid_, day):
                fm = policies[pid_]["fm"]
                # 时态题可以引用下单时生效的旧版本：as_of 之前的版本
                if D(fm["effective_from"]) > day: err(f"{where} {qid}: {pid_} 在 as_of {day} 尚未生效")
            chs = policies[pid_]["fm"]["channels"]
            if d.get("channel") and chs != "all" and d["channel"] not in chs:
                warn(f"{where} {qid}: channel={d['channel']} 的题引用了仅适用于 {chs} 的 {pid_}")
        if s.startswith("product:") and s[8:] in prod and d.get("channel"):
            if d["channel"] not in prod[s[8:]]["channels"] and d.get("type") != "channel":
                warn(f"{where} {qid}: {s[8:]} 不在 {d['channel']} 渠道销售")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for n, d in enumerate(qa, 1):
    if d.get("id") != f"q{n:03d}": err(f"qa.jsonl:{n}: id 应为 q{n:03d}")
    check_question(d, "qa", TYPES)
# 版本题：temporal 题必须至少有一个 source 在 as_of 或其前生效
for d in qa:
    if d.get("type") == "temporal" and not d.get("as_of"): err(f"qa {d['id']}: temporal 题应给出 as_of")
    if d.get("type") == "channel" and not d.get("channel"): err(f"qa {d['id']}: channel 题应给出 channel")
# 两个版本的政策都应被时态题覆盖
used = {s[7:] for d in qa for s in d["sources"] if s.startswith("policy:")}
for pid_ in policies:
    if pid_ not in used: warn(f"{pid_}: 没有题目引用")

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = dict(raw)
for n, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"corrections {cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{n:02d}": err(f"corrections:{n}: id 应为 c{n:02d}")
    t, field, old, new = c.get("target", ""), c.get("field", ""), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if t.startswith("product:"):
        d = prod[t[8:]]
        if field == "price_cny":
            if f"{d['price_cny']:g}" != old: err(f"{cid}: old {old} ≠ 当前价格 {d['price_cny']}")
            if "variants" in d: err(f"{cid}: 有 SKU 的商品不能用 price_cny 更正")
            corrected[t] = corrected[t].replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
        elif field in d["attributes"] or field in d["specs"]:
            grp = d["attributes"] if field in d["attributes"] else d["specs"]
            if grp[field] != old: err(f"{cid}: old “{old}” ≠ 当前值 “{grp[field]}”")
            corrected[t] = corrected[t].replace(f'"{field}": "{old}"', f'"{field}": "{new}"', 1)
        else: err(f"{cid}: 商品没有字段 {field}")
    elif field == "text":
        body = policies[t[7:]]["body"] if t.startswith("policy:") else faq[t[4:]]["answer"]
        cnt = body.count(old)
        if cnt != 1: err(f"{cid}: old 在目标中出现 {cnt} 次（应为1次）")
        corrected[t] = corrected[t].replace(old, new, 1)
    else: err(f"{cid}: field 非法 {field}")
    if old in raw[t] and corrected[t] == raw[t]: err(f"{cid}: 更正未生效")
    qd = c.get("question", {})
    check_question(qd, "corrections", ["correction"], corrected_raw=corrected)
    if qd.get("id") != f"qc{n:02d}": err(f"{cid}: question.id 应为 qc{n:02d}")
    if t not in qd.get("sources", []): err(f"{cid}: question.sources 应包含 target")
    for a in qd.get("must_include", []):
        if a not in new: err(f"{cid}: must_include “{a}” 不在 new 中")
    for b in qd.get("must_not_include", []):
        if b not in old: err(f"{cid}: must_not_include “{b}” 不在 old 中")
    # qa.jsonl 不得依赖被更正的事实
    for d in qa:
        if t in d.get("sources", []):
            for a in d.get("must_include", []):
                if nfkc_norm(a) in nfkc_norm(old) and nfkc_norm(a) not in nfkc_norm(new):
                    err(f"{cid}: qa {d['id']} 的 must_include “{a}” 依赖被更正的值")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
def table_count(fname):
    m = re.search(r"^\|\s*`" + re.escape(fname) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    return int(m.group(1)) if m else None
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for k, v in counts.items():
    got = table_count(k)
    if got != v: err(f"README: {k} 数量写的是 {got}，实际 {v}")
tc = Counter(d["type"] for d in qa)
lc = Counter(d["lang"] for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 分布行应为：{line}")
nv = sum(1 for d in products if "variants" in d)
if f"{nv}个商品有" not in readme: err(f"README: 应写明 variants 为 {nv}个商品有")
for pid_ in policies:
    if f"`{pid_}`" not in readme: warn(f"README: 关键设定未提及政策 {pid_}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
