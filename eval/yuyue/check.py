#!/usr/bin/env python3
"""渔悦 YUYUE（钓具）评测集一致性检查。只用标准库和上级目录的 kbload.py。
用法：python3 check.py    —— 打印错误和警告，有错误时退出码为 1。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
CHANNEL_EN = {"tmall": "tmall", "douyin": "douyin", "xiaohongshu": "xiaohongshu", "wechat": "wechat", "web": "web"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
OPTIONAL_PROD = {"variants"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "length", "sections", "weight", "power", "lure_weight", "packed_length",
                  "size", "gear_ratio", "max_drag", "line_capacity", "handle", "diameter", "strength",
                  "color", "count", "pack", "capacity", "dimensions", "weight_range"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def fw2hw(s):
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E: out.append(chr(o - 0xFEE0))
        elif o == 0x3000: out.append(" ")
        else: out.append(ch)
    return "".join(out)


def N(s):
    """README 约定的归一化：去空白、全角转半角、英文小写。"""
    return kbload.norm(fw2hw(s))


def D(s): return datetime.date.fromisoformat(s)


def fm_list(v):
    v = v.strip()
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    if not m: return None
    return [x.strip() for x in m.group(1).split(",") if x.strip()]


# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_N = N("\n".join(raw.values()))
eval_cfg = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(eval_cfg) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(eval_cfg)}")
DEFAULT = eval_cfg.get("default_as_of", "")
if not kbload.is_date(DEFAULT): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"yuyue-[a-z]+(-[a-z]+)*", eval_cfg.get("name", "")): err("eval.json: name 应为 yuyue-<行业英文 kebab-case>")

# ---------------------------------------------------------------- 商品
for d in products:
    pid = d.get("id", "?")
    keys = [k for k in PROD_KEYS if k in d or k not in OPTIONAL_PROD]
    if list(d) != keys: err(f"{pid}: 字段顺序/集合应为 {keys}，实际 {list(d)}")
    if not re.fullmatch(r"YY-\d{4}", str(pid)): err(f"{pid}: id 格式应为 YY-+4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(d.get(k), str) or not d.get(k): err(f"{pid}: {k} 为空")
    if not d.get("name", "").startswith("渔悦"): warn(f"{pid}: name 不以品牌名开头")
    if not d.get("name_en", "").startswith("YUYUE "): err(f"{pid}: name_en 应以 YUYUE 开头")
    price = d.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 非正数")
    ch = d.get("channels", [])
    if not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch): err(f"{pid}: channels 非法 {ch}")
    if ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(d.get("launched", "")): err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(d.get("launched", "")) and D(disc) < D(d["launched"]): err(f"{pid}: 停产早于上市")
        if not any("停产" in v or "下架" in v for v in d["attributes"].values()): warn(f"{pid}: 已停产/下架但 attributes 未说明")
    for k in ("attributes", "specs"):
        v = d.get(k)
        if not isinstance(v, dict): err(f"{pid}: {k} 应为对象"); continue
        if k == "specs" and not v: err(f"{pid}: specs 为空")
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) for x in d.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "渠道说明" in d["attributes"] and len(ch) == len(CHANNELS): warn(f"{pid}: 有渠道说明但全渠道销售")
    # variants
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            dims = None
            for v in vs:
                s = v.get("sku", "")
                if not s.startswith(pid + "-") or len(s) <= len(pid) + 1: err(f"{pid}: SKU {s} 应以 {pid}- 开头")
                if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU {s} 应以 sku 开头、price_cny 结尾")
                bad = set(v) - VARIANT_FIELDS
                if bad: err(f"{pid}: SKU {s} 含未知字段 {bad}")
                if dims is None: dims = list(v)
                elif list(v) != dims: err(f"{pid}: SKU {s} 字段与其他 SKU 不一致")
                p = v.get("price_cny")
                if not isinstance(p, (int, float)) or p <= 0: err(f"{pid}: SKU {s} price_cny 非正数")
                if "count" in v and not isinstance(v["count"], int): err(f"{pid}: SKU {s} count 应为整数")
            if min(v.get("price_cny", 0) for v in vs) != price: err(f"{pid}: price_cny {price} ≠ 最低 SKU 价 {min(v.get('price_cny', 0) for v in vs)}")
    # relations
    for r in d.get("related", []):
        if list(r) != ["type", "id"]: err(f"{pid}: related 项应为 {{type, id}}")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 未知关系 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
    if len({(r.get('type'), r.get('id')) for r in d.get("related", [])}) != len(d.get("related", [])): err(f"{pid}: related 重复")

for d in products:
    pid = d["id"]
    rels = d.get("related", [])
    comps = [r["id"] for r in rels if r["type"] == "set_contains" and r["id"] in prod]
    if d["category"] == "套装":
        if not comps: err(f"{pid}: 套装没有 set_contains")
        for k in ("规格", "单品合计价值"):
            if k not in d["attributes"]: err(f"{pid}: 套装缺少 attributes.{k}")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", d["attributes"].get("单品合计价值", ""))
        if not m: err(f"{pid}: 单品合计价值格式应为 数字+元")
        else:
            total = round(sum(prod[c]["price_cny"] for c in comps), 2)
            if abs(total - float(m.group(1))) > 0.001: err(f"{pid}: 单品合计价值 {m.group(1)} ≠ 各单品 price_cny 之和 {total}")
            if d["price_cny"] >= total: err(f"{pid}: 套装价不低于单品合计价值")
        for c in comps:
            if prod[c]["category"] == "套装": err(f"{pid}: 套装包含套装 {c}")
            if D(prod[c]["launched"]) > D(d["launched"]): err(f"{pid}: 组件 {c} 晚于套装上市")
            if prod[c]["discontinued"] and (d["discontinued"] is None or D(prod[c]["discontinued"]) < D(d["discontinued"])):
                err(f"{pid}: 组件 {c} 先于套装停产")
            cname = prod[c]["name"].replace("渔悦", "")
            cname = re.sub(r"（.*?）", "", cname)
            if cname[:4] not in d["attributes"].get("规格", ""): warn(f"{pid}: 规格中未见组件 {c} {cname}")
    elif comps: err(f"{pid}: 非套装商品含 set_contains")
    for r in rels:
        t, o = r["type"], prod.get(r["id"])
        if o is None: continue
        if t == "replaces":
            if not o["discontinued"]: err(f"{pid}: replaces 的 {o['id']} 未停产")
            elif D(d["launched"]) > D(o["discontinued"]) + datetime.timedelta(days=1): warn(f"{pid}: 新款上市与旧款停产之间有空档")
            if d["discontinued"]: err(f"{pid}: 替代款本身已停产")
            if "替代" not in o["attributes"].get("销售状态", ""): err(f"{o['id']}: 被替代但销售状态未写替代")
        if t == "refill_of":
            if d["category"] != "替换装": err(f"{pid}: refill_of 但 category 不是 替换装")
            if o["category"] in ("替换装", "套装"): err(f"{pid}: refill_of 指向 {o['category']}")
        if t == "compatible_with" and o["category"] == "套装": err(f"{pid}: compatible_with 指向套装")
    if d["category"] == "替换装" and not any(r["type"] == "refill_of" for r in rels): err(f"{pid}: 替换装没有 refill_of")
    if "适配说明" in d["attributes"] and d["category"] not in ("鱼竿", "渔轮") and not any(r["type"] == "compatible_with" for r in rels):
        warn(f"{pid}: 有适配说明但没有 compatible_with")
    if d["discontinued"] is None and "停产" in d["attributes"].get("销售状态", ""): err(f"{pid}: 销售状态写停产但 discontinued 为 null")
    if D(d["launched"]) > D(DEFAULT) and "上市" not in "".join(d["attributes"].values()): err(f"{pid}: 未上市商品 attributes 未写上市日期")

# ---------------------------------------------------------------- 政策
for pid, p in policies.items():
    fm = p["fm"]
    if not re.fullmatch(r"yy-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 yy- 开头")
    chs = fm_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and (not chs or any(c not in CHANNELS for c in chs))): err(f"{pid}: channels 非法 {fm.get('channels')}")
    ap = fm_list(fm.get("applies_to", ""))
    cats = {d["category"] for d in products}
    if ap is None or (ap != "all" and any(a not in cats for a in ap)): err(f"{pid}: applies_to 非法 {fm.get('applies_to')}")
    if not kbload.is_date(fm.get("effective_from", "")): err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null" and not kbload.is_date(et): err(f"{pid}: effective_to 应为日期或 null")
    if et != "null" and kbload.is_date(et) and kbload.is_date(fm.get("effective_from", "")) and D(et) < D(fm["effective_from"]):
        err(f"{pid}: effective_to 早于 effective_from")
    if not re.search(r"^# ", p["body"], re.M): err(f"{pid}: 正文缺少标题")
    if fm.get("title") and fm["title"] not in p["body"] and fm["title"].split("（")[0] not in p["body"]: warn(f"{pid}: 正文未出现标题")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{sup}: 被 {pid} 取代但 effective_to 为 null")
            elif D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
                err(f"{pid}: 版本不衔接：{sup} 止于 {old['effective_to']}，{pid} 始于 {fm['effective_from']}")
            if fm["effective_from"] not in p["body"]: err(f"{pid}: 正文未写生效日期")
            if "已失效" not in policies[sup]["body"]: warn(f"{sup}: 已被取代但正文未标注已失效")
superseded = [p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"]
if len(superseded) != len(set(superseded)): err("政策：同一版本被多次取代")
for pid, p in policies.items():
    if p["fm"]["effective_to"] != "null" and pid not in superseded:
        # 到期但未被取代：活动、召回等有期限的文件
        if not any(w in p["fm"]["title"] for w in ("活动", "大促", "召回")): warn(f"{pid}: 有 effective_to 但没有后继版本")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]) : err(f"faq {fid}: tags 含空项")
ids = list(faq)
if ids != sorted(ids): err("faq: id 未按顺序排列")

# ---------------------------------------------------------------- 问题
def src_text(s):
    return raw.get(s)

name_en_n = N(" ".join(d["name_en"] for d in products))
def check_item_lang_en(qid, item):
    if not item.isascii(): err(f"{qid}: 英文题的 must_include 含非 ASCII：{item}"); return
    if re.search(r"\d", item): return
    if N(item) in name_en_n: return
    if item.lower() in CHANNEL_EN: return
    err(f"{qid}: 英文题的 must_include 应为数字、name_en 片段或渠道代码：{item}")

def check_question(d, where, qtypes):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where}{qid}: 字段顺序应为 {QA_KEYS}，实际 {list(d)}")
    if not isinstance(d.get("question"), str) or not d["question"].strip(): err(f"{qid}: question 为空")
    if d.get("lang") not in ("zh", "en"): err(f"{qid}: lang 非法")
    elif d["lang"] == "en" and not d["question"].isascii(): warn(f"{qid}: 英文题含非 ASCII 字符")
    elif d["lang"] == "zh" and not re.search(r"[\u4e00-\u9fff]", d["question"]): err(f"{qid}: 中文题不含汉字")
    if d.get("channel") is not None and d["channel"] not in CHANNELS: err(f"{qid}: channel 非法 {d['channel']}")
    if d.get("as_of") is not None and not kbload.is_date(d["as_of"]): err(f"{qid}: as_of 不是日期")
    if d.get("type") not in qtypes: err(f"{qid}: type 非法 {d.get('type')}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) or not x for x in d.get(k, [])): err(f"{qid}: {k} 应为非空字符串列表")
    if not isinstance(d.get("refuse"), bool): err(f"{qid}: refuse 应为布尔值")
    if not d.get("note"): err(f"{qid}: note 为空")
    refuse = d.get("type") == "refusal"
    if d.get("refuse") != refuse: err(f"{qid}: refuse 与 type 不一致")
    for s in d.get("sources", []):
        if s not in raw: err(f"{qid}: 来源不存在 {s}")
    if refuse:
        if d["must_include"]: err(f"{qid}: 拒答题 must_include 应为空")
        if d["sources"]: err(f"{qid}: 拒答题 sources 应为空")
        return
    if not d["must_include"]: err(f"{qid}: 非拒答题 must_include 为空")
    if not d["sources"]: err(f"{qid}: 非拒答题 sources 为空")
    src_n = N("".join(raw.get(s, "") for s in d["sources"]))
    for item in d["must_include"]:
        if N(item) not in ALL_N: err(f"{qid}: must_include「{item}」不在知识库原文中")
        elif N(item) not in src_n: warn(f"{qid}: must_include「{item}」不在其 sources 中")
        if d["lang"] == "en": check_item_lang_en(qid, item)
    for item in d["must_not_include"]:
        if any(N(item) in N(x) or N(x) in N(item) for x in d["must_include"]): err(f"{qid}: must_not_include「{item}」与 must_include 冲突")
    # 渠道与政策/商品
    ch = d.get("channel")
    as_of = D(d["as_of"]) if d.get("as_of") else D(DEFAULT)
    for s in d["sources"]:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            chs = fm_list(fm["channels"])
            if ch and chs != "all" and ch not in chs:
                warn(f"{qid}: channel={ch} 引用了只适用于 {chs} 的 {sid}")
            if D(fm["effective_from"]) > as_of: err(f"{qid}: as_of {as_of} 时 {sid} 尚未生效")
            if fm["effective_to"] != "null" and D(fm["effective_to"]) < as_of:
                # 订单在有效期内下单、稍后提问是允许的（按下单日期选版本），但不能差得太远
                if (as_of - D(fm["effective_to"])).days > 20 and d["type"] not in ("temporal",):
                    err(f"{qid}: as_of {as_of} 时 {sid} 早已失效")
        if kind == "product" and sid in prod and ch and d["type"] == "channel":
            pass
    if d["type"] == "temporal" and d.get("as_of") is None: warn(f"{qid}: temporal 题没有 as_of")

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
seen = set()
for n, d in enumerate(qa, 1):
    if d.get("id") in seen: err(f"qa: id 重复 {d.get('id')}")
    seen.add(d.get("id"))
    if d.get("id") != f"q{n:03d}": err(f"qa 第{n}行: id 应为 q{n:03d}")
    check_question(d, "", TYPES)

# 渠道题：问到的商品不在该渠道销售时，must_include 应指向真实销售渠道
CH_ZH = {"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网"}
for d in qa:
    if d.get("type") != "channel" or not d.get("channel"): continue
    for s in d["sources"]:
        kind, _, sid = s.partition(":")
        if kind == "product" and sid in prod and d["channel"] not in prod[sid]["channels"]:
            names = [CH_ZH[c] for c in prod[sid]["channels"]] + [c for c in prod[sid]["channels"]]
            if not any(N(m) in {N(x) for x in names} for m in d["must_include"]):
                warn(f"{d['id']}: 商品 {sid} 不在 {d['channel']} 销售，但 must_include 未给出其销售渠道")

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = []  # (target, old)
for n, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{n:02d}": err(f"corrections 第{n}行: id 应为 c{n:02d}")
    t, fld, old, new = c.get("target", ""), c.get("field", ""), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{cid}: reason 为空")
    kind, _, tid = t.partition(":")
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if kind == "product":
        p = prod[tid]
        if fld == "price_cny":
            if str(p["price_cny"]) != old: err(f"{cid}: {tid} price_cny 为 {p['price_cny']}，不是 {old}")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
            try: float(new)
            except ValueError: err(f"{cid}: 新价格不是数字")
        elif fld in p["attributes"] or fld in p["specs"]:
            cur = p["attributes"].get(fld, p["specs"].get(fld))
            if cur != old: err(f"{cid}: {tid}.{fld} 为「{cur}」，不是「{old}」")
        else: err(f"{cid}: {tid} 没有字段 {fld}")
    else:
        if fld != "text": err(f"{cid}: 政策/FAQ 只能用 field=text")
        body = policies[tid]["text"] if kind == "policy" else faq[tid]["answer"]
        cnt = body.count(old)
        if cnt != 1: err(f"{cid}: old 在 {t} 中出现 {cnt} 次（应恰好 1 次）")
    corrected.append((t, old))
    qd = c.get("question", {})
    if qd.get("type") != "correction": err(f"{cid}: 验证题 type 应为 correction")
    if qd.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    if list(qd) != QA_KEYS: err(f"{cid}: 验证题字段顺序错误")
    if t not in qd.get("sources", []): err(f"{cid}: 验证题 sources 应含 target")
    if qd.get("refuse") is not False: err(f"{cid}: 验证题 refuse 应为 false")
    for item in qd.get("must_include", []):
        if N(item) not in N(new): err(f"{cid}: 验证题 must_include「{item}」不在 new 中")
    for item in qd.get("must_not_include", []):
        if N(item) not in N(old): err(f"{cid}: 验证题 must_not_include「{item}」不在 old 中")
        if N(item) in N(new): err(f"{cid}: 验证题 must_not_include「{item}」也在 new 中")
    if qd.get("lang") not in ("zh", "en") or (qd.get("channel") is not None and qd["channel"] not in CHANNELS):
        err(f"{cid}: 验证题 lang/channel 非法")
# qa.jsonl 不得依赖被更正的事实（含套装的单品合计价值依赖被改价的组件）
price_fixed = {c["target"].partition(":")[2] for c in corr if c.get("field") == "price_cny"}
for d in qa:
    for t, old in corrected:
        if t in d.get("sources", []) and any(N(old) in N(m) or N(m) in N(old) for m in d["must_include"]):
            err(f"{d['id']}: 依赖被更正的事实 {t}「{old}」")
    for s in d.get("sources", []):
        kind, _, sid = s.partition(":")
        if kind == "product" and sid in prod:
            for r in prod[sid]["related"]:
                if r["type"] == "set_contains" and r["id"] in price_fixed:
                    err(f"{d['id']}: 套装 {sid} 的单品合计价值依赖被更正价格的 {r['id']}")
for c in corr:
    tid = c["target"].partition(":")[2]
    if c.get("field") == "price_cny":
        for d in products:
            if any(r["type"] == "set_contains" and r["id"] == tid for r in d["related"]):
                warn(f"{c['id']}: 改价的 {tid} 是套装 {d['id']} 的组件，更正后其单品合计价值不再相加")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
def table_count(fname):
    m = re.search(r"^\|\s*`" + re.escape(fname) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    return int(m.group(1)) if m else None
expect = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "corrections.jsonl": len(corr), "eval.json": 1}
for k, v in expect.items():
    got = table_count(k)
    if got is None: err(f"README: 文件表缺少 {k} 的数量")
    elif got != v: err(f"README: {k} 写的是 {got}，实际 {v}")
tc = Counter(d.get("type") for d in qa); lc = Counter(d.get("lang") for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nvar = sum(1 for d in products if "variants" in d)
if not re.search(rf"{nvar}\s*个商品有", readme): err(f"README: 应写明 {nvar} 个商品有 variants")
if eval_cfg.get("default_as_of") and eval_cfg["default_as_of"] not in readme: err("README: 未写默认评测日")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（有 SKU {nvar}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
