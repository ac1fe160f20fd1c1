#!/usr/bin/env python3
"""洛咖 LUOKA 评测集一致性检查（仅标准库）。用法：python3 check.py；有错误时退出码为 1。"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
CHANNEL_CN = {"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued", "attributes", "specs",
             "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants", "ingredients"}
VARIANT_FIELDS = ["sku", "net_weight", "count", "pack", "size", "cups", "color", "periods", "price_cny"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def nrm(s):
    """README 的归一化：去空白、全角转半角（NFKC）、英文忽略大小写。"""
    return kbload.norm(unicodedata.normalize("NFKC", s))

def d(s): return datetime.date.fromisoformat(s)

def fm_list(v):
    """front matter 值：all / null / [a, b]。"""
    if v in ("all", "null"): return v
    m = re.fullmatch(r"\[(.*)\]", v)
    if not m: return None
    return [x.strip() for x in m.group(1).split(",") if x.strip()]

# ---------------------------------------------------------------- eval.json
try:
    ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    ev = {}; err(f"eval.json: 解析失败 {e}")
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(str(ev.get("default_as_of"))): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"luoka-[a-z]+(-[a-z]+)*", str(ev.get("name", ""))): err("eval.json: name 应为 luoka-<行业英文 kebab-case>")
DEFAULT = d(ev.get("default_as_of", "2025-12-01"))

# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
all_norm = nrm(open(os.path.join(KB, "products.jsonl"), encoding="utf-8").read()
               + "".join(p["text"] for p in policies.values())
               + open(os.path.join(KB, "faq.csv"), encoding="utf-8").read())

# ---------------------------------------------------------------- 商品
categories = set()
for n, p in enumerate(products, 1):
    pid = p.get("id", f"第{n}行")
    expect = [k for k in PROD_KEYS if k in p or k not in PROD_OPTIONAL]
    if list(p) != expect: err(f"{pid}: 字段顺序/缺失，应为 {expect}，实际 {list(p)}")
    if not re.fullmatch(r"LK-\d{4}", str(p.get("id"))): err(f"{pid}: id 应为 LK- + 4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(p.get("name", "")).startswith("洛咖"): err(f"{pid}: name 应以品牌名“洛咖”开头")
    if not str(p.get("name_en", "")).startswith("LUOKA "): err(f"{pid}: name_en 应以 LUOKA 开头")
    if re.search(r"[^\x20-\x7e]", str(p.get("name_en", ""))): err(f"{pid}: name_en 含非 ASCII 字符")
    categories.add(p.get("category"))
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 应按 {CHANNELS} 顺序排列")
    if not kbload.is_date(str(p.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(str(p.get("launched"))) and d(disc) <= d(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        if "销售状态" not in p.get("attributes", {}): err(f"{pid}: 已停产/下架商品应有 attributes.销售状态")
        elif disc not in p["attributes"]["销售状态"]: err(f"{pid}: 销售状态未写明停产/下架日期 {disc}")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or (k == "specs" and not v): err(f"{pid}: {k} 应为{'非空' if k == 'specs' else ''}对象")
        elif any(not isinstance(x, str) or not isinstance(y, str) or not y for x, y in v.items()): err(f"{pid}: {k} 的键值都应为非空字符串")
    if isinstance(p.get("attributes"), dict) and isinstance(p.get("specs"), dict):
        dup = set(p["attributes"]) & set(p["specs"])
        if dup: err(f"{pid}: attributes 与 specs 键重复 {dup}")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "ingredients" in p and (not isinstance(p["ingredients"], list) or not p["ingredients"]): err(f"{pid}: ingredients 应为非空列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个 SKU 的列表")
        else:
            skus = set()
            for v in vs:
                sku = v.get("sku", "")
                if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", str(sku)): err(f"{pid}: SKU 编码应为商品id+后缀：{sku}")
                if sku in skus: err(f"{pid}: SKU 重复 {sku}")
                skus.add(sku)
                keys = list(v)
                if keys[0] != "sku" or keys[-1] != "price_cny": err(f"{sku}: SKU 字段应以 sku 开头、price_cny 结尾")
                bad = [k for k in keys if k not in VARIANT_FIELDS]
                if bad: err(f"{sku}: 未定义的 SKU 字段 {bad}")
                if keys != [k for k in VARIANT_FIELDS if k in v]: err(f"{sku}: SKU 字段顺序应为 {VARIANT_FIELDS}")
                vp = v.get("price_cny")
                if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{sku}: price_cny 应为正数")
                if "count" in v and (not isinstance(v["count"], int) or v["count"] <= 0): err(f"{sku}: count 应为正整数")
                if len(keys) < 3: err(f"{sku}: 缺少规格维度字段")
            dims = [tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs]
            if len(set(dims)) != 1: err(f"{pid}: 各 SKU 的规格维度字段不一致 {set(dims)}")
            prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
            if prices and price != min(prices): err(f"{pid}: price_cny={price} 应等于最低 SKU 价 {min(prices)}")
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 非法关系类型 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自己")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))

def rels(p, t): return [r["id"] for r in p.get("related", []) if r.get("type") == t and r.get("id") in prod]

for pid, p in prod.items():
    # 套装
    comps = rels(p, "set_contains")
    if p.get("category") == "套装" or comps:
        if p.get("category") != "套装": err(f"{pid}: 含 set_contains 的商品 category 应为 套装")
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个商品")
        a = p.get("attributes", {})
        if "规格" not in a or "单品合计价值" not in a: err(f"{pid}: 套装应有 attributes.规格 与 单品合计价值")
        else:
            total = sum(prod[c]["price_cny"] for c in comps)
            m = re.fullmatch(r"(\d+(?:\.\d+)?)元", a["单品合计价值"])
            if not m or float(m.group(1)) != total: err(f"{pid}: 单品合计价值 {a['单品合计价值']} ≠ 组件价格之和 {total}元")
            if not p["price_cny"] < total: err(f"{pid}: 套装价 {p['price_cny']} 应低于单品合计价值 {total}")
        for c in comps:
            if not set(p["channels"]) <= set(prod[c]["channels"]):
                warn(f"{pid}: 套装渠道 {p['channels']} 不是组件 {c} 渠道的子集")
            if prod[c].get("discontinued") and (not p.get("discontinued") or prod[c]["discontinued"] < p["discontinued"]):
                err(f"{pid}: 组件 {c} 已停产但套装仍在售")
            if prod[c]["launched"] > p["launched"]: err(f"{pid}: 组件 {c} 上市晚于套装")
    # 换代
    for old in rels(p, "replaces"):
        o = prod[old]
        if not o.get("discontinued"): err(f"{pid}: replaces {old}，但 {old} 未停产")
        elif p["launched"] > (d(o["discontinued"]) + datetime.timedelta(days=1)).isoformat():
            warn(f"{pid}: 上市 {p['launched']} 晚于被替代款停产次日（{old} 停产 {o['discontinued']}），存在空档")
        if o.get("category") != p.get("category"): err(f"{pid}: replaces {old}，但品类不同")
        if "替代" not in o.get("attributes", {}).get("销售状态", ""): err(f"{old}: 销售状态应写明由哪款替代")
    for tgt in rels(p, "refill_of") + rels(p, "compatible_with"):
        if prod[tgt].get("discontinued") and not p.get("discontinued") and not any(
                not prod[x].get("discontinued") for x in rels(p, "refill_of") + rels(p, "compatible_with")):
            warn(f"{pid}: 只配已停产商品 {tgt}")
    # 适配说明提到“仅适配”的配件必须有配套关系
    a = p.get("attributes", {})
    if "仅适配" in a.get("适配说明", "") and not (rels(p, "compatible_with") or rels(p, "refill_of")):
        err(f"{pid}: 适配说明写“仅适配”但没有 compatible_with/refill_of 关系")
    # 渠道说明与 channels 一致
    cn = {"天猫": "tmall", "抖音": "douyin", "小红书": "xiaohongshu", "微信小程序": "wechat", "官网": "web"}
    if "渠道说明" in a:
        named = [c for k, c in cn.items() if k in a["渠道说明"]]
        if set(named) != set(p["channels"]): err(f"{pid}: 渠道说明“{a['渠道说明']}”与 channels {p['channels']} 不一致")
    # 未上市
    if p["launched"] > DEFAULT.isoformat() and "上市状态" not in a: err(f"{pid}: 默认评测日尚未上市，应有 attributes.上市状态")
    if "上市状态" in a and p["launched"] not in a["上市状态"]: err(f"{pid}: 上市状态未写上市日期")

# 停产商品在默认日不应被其他在售商品作为唯一组件引用（上面已查）；检查行业场景覆盖
cov = {
    "套装": any(rels(p, "set_contains") for p in prod.values()),
    "替换装/耗材": any(rels(p, "refill_of") for p in prod.values()),
    "只配部分商品的配件": any(rels(p, "compatible_with") for p in prod.values()),
    "停产并被替代": any(rels(p, "replaces") for p in prod.values()),
    "默认日未上市": any(p["launched"] > DEFAULT.isoformat() for p in prod.values()),
    "渠道专属": any(len(p["channels"]) <= 2 for p in prod.values()),
}
for k, v in cov.items():
    if not v: err(f"products.jsonl: 缺少场景：{k}")

# ---------------------------------------------------------------- 政策
for pid, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"lk-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 lk- 开头")
    if not fm.get("title"): err(f"{pid}: 缺少 title")
    chs = fm_list(fm.get("channels", ""))
    if chs is None or chs == "null" or (isinstance(chs, list) and (not chs or any(c not in CHANNELS for c in chs))):
        err(f"{pid}: channels 非法 {fm.get('channels')}")
    ap = fm_list(fm.get("applies_to", ""))
    if ap is None or ap == "null" or (isinstance(ap, list) and not ap): err(f"{pid}: applies_to 非法 {fm.get('applies_to')}")
    elif isinstance(ap, list):
        for c in ap:
            if c not in categories: err(f"{pid}: applies_to 中的品类 {c} 不存在于商品 category")
    ef, et = fm.get("effective_from", ""), fm.get("effective_to", "")
    if not kbload.is_date(ef): err(f"{pid}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"{pid}: effective_to 应为日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and et < ef: err(f"{pid}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        else:
            ofm = policies[sup]["fm"]
            if not kbload.is_date(ofm.get("effective_to", "")): err(f"{sup}: 被 {pid} 取代，应有 effective_to")
            elif (d(ofm["effective_to"]) + datetime.timedelta(days=1)).isoformat() != ef:
                err(f"{pid}: 生效日 {ef} 应为被取代版本 {sup} 失效日 {ofm['effective_to']} 的次日")
            if policies[sup]["fm"].get("title", "").split("（")[0] != fm.get("title", "").split("（")[0]:
                warn(f"{pid}: 与被取代版本 {sup} 标题主体不同")
            if ef not in pol["body"]: err(f"{pid}: 正文应写明生效日 {ef}")
            if "取代" not in policies[sup]["body"] or ef not in policies[sup]["body"]: err(f"{sup}: 正文应写明被取代及新版生效日 {ef}")
    title = fm.get("title", "")
    if not pol["body"].lstrip().startswith("# "): err(f"{pid}: 正文应以一级标题开头")
superseded = {p["fm"]["supersedes"] for p in policies.values()}
for pid, pol in policies.items():
    if pol["fm"].get("effective_to") != "null" and pid not in superseded and not re.search(r"(618|double11)", pid):
        warn(f"{pid}: 有失效日但没有被任何版本取代")
for need, pat in (("退换货新旧两版", r"returns"), ("会员积分新旧两版", r"membership")):
    ids = [p for p in policies if re.search(pat, p)]
    if len(ids) < 2 or not any(policies[p]["fm"]["supersedes"] in ids for p in ids): err(f"政策：缺少{need}")
if not any(re.search(r"(618|double11)", p) for p in policies): err("政策：缺少大促规则")
if not any(isinstance(fm_list(p["fm"]["channels"]), list) and len(fm_list(p["fm"]["channels"])) == 1 for p in policies.values()):
    err("政策：缺少渠道专属售后规则")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"].strip() or not f["answer"].strip(): err(f"faq {fid}: 问题或答案为空")
    if not all(t.strip() for t in f["tags"]): err(f"faq {fid}: tags 含空项")
fids = list(faq)
if fids != [f"F{i:03d}" for i in range(1, len(fids) + 1)]: err("faq.csv: id 应从 F001 起连续编号")

# ---------------------------------------------------------------- 问题
def source_text(s):
    if s in raw: return raw[s]
    return None

def check_question(qd, where, is_corr=False):
    keys = list(qd)
    if keys != QA_KEYS: err(f"{where}: 字段应为 {QA_KEYS}，实际 {keys}")
    if not isinstance(qd.get("question"), str) or not qd["question"].strip(): err(f"{where}: question 为空")
    if qd.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if qd.get("channel") is not None and qd.get("channel") not in CHANNELS: err(f"{where}: channel 非法 {qd.get('channel')}")
    ao = qd.get("as_of")
    if ao is not None and not kbload.is_date(str(ao)): err(f"{where}: as_of 应为日期或 null")
    typ = qd.get("type")
    if is_corr:
        if typ != "correction": err(f"{where}: 更正题 type 应为 correction")
    elif typ not in TYPES: err(f"{where}: type 非法 {typ}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(qd.get(k), list) or any(not isinstance(x, str) or not x for x in qd.get(k, [])):
            err(f"{where}: {k} 应为非空字符串列表")
    refuse = qd.get("refuse")
    if not isinstance(refuse, bool): err(f"{where}: refuse 应为布尔值")
    if (typ == "refusal") != (refuse is True): err(f"{where}: refuse 与 type=refusal 不一致")
    if not isinstance(qd.get("note"), str) or not qd["note"]: err(f"{where}: note 为空")
    mi, mni, srcs = qd.get("must_include", []), qd.get("must_not_include", []), qd.get("sources", [])
    if refuse:
        if mi: err(f"{where}: 拒答题 must_include 应为空")
        if srcs: warn(f"{where}: 拒答题带有 sources")
    else:
        if not mi: err(f"{where}: 非拒答题 must_include 为空")
        if not srcs: err(f"{where}: 非拒答题 sources 为空")
    for s in srcs:
        if not re.fullmatch(r"(product|policy|faq):\S+", s): err(f"{where}: source 格式错误 {s}")
        elif source_text(s) is None: err(f"{where}: source 不存在 {s}")
    src_norm = nrm("".join(source_text(s) or "" for s in srcs))
    for m in mi:
        if is_corr: continue  # 更正题的新值在更正前不在知识库中，另行检查
        if qd.get("lang") == "en" and m.lower() in CHANNELS:  # 英文题可用渠道代码，核对其中文渠道名
            if CHANNEL_CN[m.lower()] not in src_norm: warn(f"{where}: 渠道代码 “{m}” 对应的“{CHANNEL_CN[m.lower()]}”不在其 sources 中")
            continue
        if nrm(m) not in all_norm: err(f"{where}: must_include “{m}” 不在知识库原文中")
        elif nrm(m) not in src_norm: warn(f"{where}: must_include “{m}” 不在其 sources 中")
        if qd.get("lang") == "en" and re.search(r"[^\x20-\x7e]", m): err(f"{where}: 英文题 must_include 含非 ASCII 字符 “{m}”")
    for m in mni:
        if any(nrm(m) in nrm(x) for x in mi): err(f"{where}: must_not_include “{m}” 是某个 must_include 的子串")
    if len(set(mi)) != len(mi): err(f"{where}: must_include 重复")
    # 日期与版本
    when = d(ao) if ao and kbload.is_date(ao) else DEFAULT
    for s in srcs:
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            if fm["effective_from"] > when.isoformat() or (fm["effective_to"] != "null" and fm["effective_to"] < when.isoformat()):
                warn(f"{where}: 引用的政策 {s} 在 {when} 不在有效期内")
            chs = fm_list(fm["channels"])
            if qd.get("channel") and isinstance(chs, list) and qd["channel"] not in chs:
                warn(f"{where}: channel={qd['channel']} 引用了只适用于 {chs} 的 {s}")
    # 被取代版本不应出现在 sources 与“现行”问题里
    for s in srcs:
        if s.startswith("policy:") and s[7:] in policies:
            for newer, pol in policies.items():
                if pol["fm"]["supersedes"] == s[7:] and pol["fm"]["effective_from"] <= when.isoformat() and typ != "temporal" and not ao:
                    err(f"{where}: 默认日期下引用了已被 {newer} 取代的 {s}")

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [x.get("id") for x in qa]
if ids != [f"q{i:03d}" for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应从 q001 起连续编号")
seen_q = set()
for x in qa:
    check_question(x, x.get("id", "?"))
    qt = nrm(x.get("question", ""))
    if qt in seen_q: err(f"{x.get('id')}: 问题重复")
    seen_q.add(qt)
    if x.get("type") == "temporal" and x.get("as_of") is None and not any(
            s.startswith("product:") and (prod.get(s[8:], {}).get("discontinued") or prod.get(s[8:], {}).get("launched", "") > DEFAULT.isoformat())
            for s in x.get("sources", [])) and x.get("lang") == "zh":
        warn(f"{x.get('id')}: temporal 题 as_of 为 null 且不涉及上市/下架日期")
    # 问题不应照抄知识库：问题原文（去空白）整体出现在知识库中则警告
    if len(qt) >= 12 and qt in all_norm: warn(f"{x.get('id')}: 问题原文照抄了知识库")
    # 默认日期下的已停产/未上市商品作为唯一来源时提示
tc = Counter(x.get("type") for x in qa)
lc = Counter(x.get("lang") for x in qa)

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
cids = [c.get("id") for c in corr]
if cids != [f"c{i:02d}" for i in range(1, len(corr) + 1)]: err("corrections.jsonl: id 应从 c01 起连续编号")
applied = {}  # target -> text after corrections (for verifying new values)
for c in corr:
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段应为 {CORR_KEYS}")
    tgt, field, old, new = c.get("target", ""), c.get("field", ""), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{cid}: 缺少 reason")
    if source_text(tgt) is None: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, key = tgt.partition(":")
    if field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        elif str(prod[key]["price_cny"]) != old: err(f"{cid}: old={old} 与当前价格 {prod[key]['price_cny']} 不符")
        elif "variants" in prod[key]: err(f"{cid}: 有 SKU 的商品不能只改 SPU 价格")
        elif any(key in rels(p, "set_contains") for p in prod.values()): err(f"{cid}: 该商品是套装组件，改价会破坏单品合计价值")
    elif field == "text":
        if kind == "policy": body = policies[key]["body"]
        elif kind == "faq": body = faq[key]["answer"]
        else: err(f"{cid}: text 只能更正政策正文或 FAQ 答案"); continue
        cnt = body.count(old)
        if cnt != 1: err(f"{cid}: old 在目标中出现 {cnt} 次（应恰好1次）")
    else:
        if kind != "product": err(f"{cid}: 属性/规格更正只能针对商品")
        else:
            p = prod[key]
            where = "attributes" if field in p["attributes"] else "specs" if field in p["specs"] else None
            if not where: err(f"{cid}: 商品 {key} 没有 attributes/specs 键 {field}")
            elif p[where][field] != old: err(f"{cid}: old={old} 与 {where}.{field}={p[where][field]} 不符")
    # 旧值只在目标中出现（否则更正后知识库自相矛盾）
    if field != "price_cny" and isinstance(old, str):
        for s, t in raw.items():
            if s != tgt and nrm(old) in nrm(t) and field == "text":
                err(f"{cid}: 旧文本也出现在 {s} 中，更正后会自相矛盾")
    qd = c.get("question", {})
    check_question(qd, f"{cid}/{qd.get('id')}", is_corr=True)
    if qd.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    if qd.get("sources") != [tgt]: err(f"{cid}: 验证题 sources 应为 [{tgt}]")
    for m in qd.get("must_include", []):
        if nrm(m) not in nrm(new): err(f"{cid}: 验证题 must_include “{m}” 不在新值中")
        if nrm(m) in nrm(old): err(f"{cid}: 验证题 must_include “{m}” 也在旧值中")
    for m in qd.get("must_not_include", []):
        if nrm(m) not in nrm(old): err(f"{cid}: 验证题 must_not_include “{m}” 不在旧值中")
    # qa.jsonl 不得依赖被更正的事实
    for x in qa:
        if tgt in x.get("sources", []) and any(nrm(old) == nrm(m) or (len(nrm(m)) > 2 and nrm(m) in nrm(old)) for m in x.get("must_include", [])):
            err(f"{cid}: {x['id']} 依赖被更正的事实 {tgt} {field}={old}")

# ---------------------------------------------------------------- README
readme_path = os.path.join(HERE, "README.md")
if not os.path.exists(readme_path): err("README.md 不存在")
else:
    rd = open(readme_path, encoding="utf-8").read()
    counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
              "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
    for fn, n in counts.items():
        m = re.search(r"\|\s*`" + re.escape(fn) + r"`\s*\|[^\n]*\|\s*(\d+)\s*\|", rd)
        if not m: err(f"README: 文件表缺少 {fn}")
        elif int(m.group(1)) != n: err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
    line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
    if line not in rd: err(f"README: 题型/语言分布行应为：{line}")
    nv = sum(1 for p in products if "variants" in p)
    if f"{nv}个商品有" not in rd: err(f"README: 应写明 variants “{nv}个商品有”")
    m = re.search(r"(\d+) 个错误", rd)
    if m and m.group(1) != "0": err("README: 校验结论不是 0 个错误")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {sum(1 for p in products if 'variants' in p)}），政策 {len(policies)}，FAQ {len(faq)}，"
      f"问题 {len(qa)}（{', '.join(f'{t} {tc[t]}' for t in sorted(tc))}；{', '.join(f'{l} {lc[l]}' for l in sorted(lc))}），更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
