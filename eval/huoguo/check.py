#!/usr/bin/env python3
"""渝焰火锅（huoguo）评测集一致性检查。只用标准库；知识库的读取用 ../kbload.py。

用法：python3 check.py        （退出码 0 = 没有错误；警告不影响退出码）
"""
import datetime, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
CHANNEL_NAMES = {"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PRODUCT_OPTIONAL = {"variants", "ingredients"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"pot", "spice", "store", "portion", "size", "weight", "slot", "tier"}
DISH_CATEGORIES = {"锅底", "荤菜", "素菜小吃", "饮品", "自助小料"}
RETAIL_CATEGORIES = {"零售底料", "零售蘸料"}
SET_CATEGORIES = {"套餐", "套装"}
POT_VALUES, SPICE_VALUES, PORTION_VALUES = {"单锅", "鸳鸯锅", "四宫格"}, ["微辣", "中辣", "特辣"], {"整份", "半份"}
SLOT_VALUES = {"工作日午市", "工作日晚市", "周末及节假日"}
FLAGSHIP = "解放碑旗舰店"
# 活动订单的使用与售后在活动结束后仍按活动规则执行（预售券使用期至 2026-01-31，过期自动退款于 2026-02 处理）
CAMPAIGN_AFTERSALE_UNTIL = "2026-02-28"
# 必须存在的政策版本链（旧版 → 新版）与活动政策
POLICY_CHAINS = [("HGL-voucher-2024", "HGL-voucher-2025"), ("HGL-card-2024", "HGL-card-2025")]
CAMPAIGN = "HGL-double11-2025"
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
QA_TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


# ---------- 归一化（README 的判定约定：去空白、全角转半角、英文小写、日期统一为 YYYY-MM-DD）
def to_halfwidth(s):
    out = []
    for ch in s:
        o = ord(ch)
        if o == 0x3000: out.append(" ")
        elif 0xFF01 <= o <= 0xFF5E: out.append(chr(o - 0xFEE0))
        else: out.append(ch)
    return "".join(out)


def norm_dates(s, year="2025"):
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    s = re.sub(r"(?<![\d年])(\d{1,2})月(\d{1,2})日",
               lambda m: f"{year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}", s)
    return s


def N(s, year="2025"):
    return kbload.norm(norm_dates(to_halfwidth(s), year))


def d(s): return datetime.date.fromisoformat(s)


def parse_list(v):
    """front matter 值：all / null / [a, b] / 单个值"""
    v = v.strip()
    if v.startswith("[") and v.endswith("]"):
        return [x.strip() for x in v[1:-1].split(",") if x.strip()]
    return v


# ---------- eval.json
try:
    EV = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    EV = {}; err(f"eval.json 解析失败: {e}")
if list(EV) != ["default_as_of", "name"]: err(f"eval.json 键应为 default_as_of, name，实际 {list(EV)}")
if not kbload.is_date(EV.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if EV.get("name") != "huoguo": err("eval.json: name 应为 huoguo")
DEFAULT = d(EV.get("default_as_of", "2025-12-01"))

# ---------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_N = N("\n".join(raw.values()))

# ---------- 商品
categories = set()
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = [k for k in PRODUCT_KEYS if k in p or k not in PRODUCT_OPTIONAL]
    if keys != expect: err(f"{pid}: 字段顺序/缺失，应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"HG-\d{4}", str(pid)): err(f"{pid}: id 格式应为 HG-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(p.get("name", "")).startswith("渝焰"): warn(f"{pid}: name 不以品牌名“渝焰”开头")
    if not str(p.get("name_en", "")).startswith("YUYAN"): warn(f"{pid}: name_en 不以 YUYAN 开头")
    categories.add(p.get("category"))
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(disc) <= d(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        status = p.get("attributes", {}).get("销售状态", "")
        if disc not in status: err(f"{pid}: 已停产/下架商品的 attributes.销售状态 应写明日期 {disc}")
    if kbload.is_date(p.get("launched") or "") and d(p["launched"]) > DEFAULT:
        if p["launched"] not in json.dumps(p.get("attributes", {}), ensure_ascii=False):
            err(f"{pid}: 未上市商品的 attributes 应写明上市日期 {p['launched']}")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not v: err(f"{pid}: {k} 应为非空对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # 渠道说明与 channels 一致
    note = p.get("attributes", {}).get("渠道说明")
    if note:
        if any(w in note for w in ("仅", "独家", "专享")):
            mentioned = [c for c in CHANNELS if CHANNEL_NAMES[c] in note]
            if set(mentioned) != set(ch or []): err(f"{pid}: 渠道说明“{note}”与 channels {ch} 不一致")
    elif len(ch or []) == 1:
        warn(f"{pid}: 单渠道商品缺少 attributes.渠道说明")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个SKU的列表"); vs = []
        skus = set()
        for v in vs:
            sku = v.get("sku", "")
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {v}")
            if not sku.startswith(pid + "-") or len(sku) <= len(pid) + 1: err(f"{pid}: SKU 编码 {sku} 应为 商品id + 后缀")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{sku}: price_cny 应为正数")
            dims = [k for k in v if k not in ("sku", "price_cny")]
            if not dims: err(f"{sku}: 没有规格维度字段")
            for k in dims:
                if k not in VARIANT_DIMS: err(f"{sku}: 未约定的规格维度字段 {k}")
        dimsets = {tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs}
        if len(dimsets) > 1: err(f"{pid}: 各 SKU 的规格维度字段不一致 {dimsets}")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"{pid}: price_cny={price} 应等于最低 SKU 售价 {min(prices)}")

# 行业规则：堂食菜品标注过敏原、锅底标注辣度，零售底料/蘸料有保质期与储存方式，包间有容纳人数与服务费、SKU 按门店×时段，
# 团购券写明有效期/使用期与券面内容，套餐写明适用门店；SKU 取值与价格方向：整份>半份、特辣>微辣=中辣、旗舰店价>其他门店、
# 重量越大越贵、储值档位“充N送M”的售价=N
def _same_except(vs, dim):
    groups = {}
    for v in vs:
        key = tuple((k, v[k]) for k in v if k not in ("sku", "price_cny", dim))
        groups.setdefault(key, {})[v.get(dim)] = v.get("price_cny")
    return groups.values()


for p in products:
    pid, cat = p.get("id"), p.get("category")
    sp, at = p.get("specs", {}), p.get("attributes", {})
    vs = p.get("variants", []) if isinstance(p.get("variants"), list) else []
    if cat in DISH_CATEGORIES and "过敏原" not in at: err(f"{pid}: 堂食菜品缺少 attributes.过敏原")
    if cat == "锅底" and "辣度" not in at: err(f"{pid}: 锅底缺少 attributes.辣度")
    if cat in RETAIL_CATEGORIES:
        for k in ("保质期", "储存方式"):
            if k not in sp: err(f"{pid}: 零售商品缺少 specs.{k}")
        if "净含量" not in sp and "规格" not in sp: err(f"{pid}: 零售商品缺少 specs.净含量/规格")
        if "过敏原" not in at: err(f"{pid}: 零售商品缺少 attributes.过敏原")
    if cat == "包间服务":
        if not re.fullmatch(r"\d+-\d+人", sp.get("容纳人数", "")): err(f"{pid}: 包间 specs.容纳人数 应形如 6-8人")
        if "服务费" not in at: err(f"{pid}: 包间缺少 attributes.服务费")
        if not vs or any(set(v) != {"sku", "store", "slot", "price_cny"} for v in vs): err(f"{pid}: 包间 SKU 应按 store×slot 计价")
    if cat == "团购券":
        if not any("有效期" in k or "使用期" in k for k in at): err(f"{pid}: 团购券缺少有效期/使用期")
        if "券面内容" not in at: err(f"{pid}: 团购券缺少 attributes.券面内容")
    if cat == "套餐" and "适用门店" not in at: err(f"{pid}: 套餐缺少 attributes.适用门店")
    for v in vs:
        sku = v.get("sku")
        if "pot" in v and v["pot"] not in POT_VALUES: err(f"{sku}: pot 取值应为 {POT_VALUES}")
        if "spice" in v and v["spice"] not in SPICE_VALUES: err(f"{sku}: spice 取值应为 {SPICE_VALUES}")
        if "portion" in v and v["portion"] not in PORTION_VALUES: err(f"{sku}: portion 取值应为 {PORTION_VALUES}")
        if "slot" in v and v["slot"] not in SLOT_VALUES: err(f"{sku}: slot 取值应为 {SLOT_VALUES}")
        if "weight" in v and not re.fullmatch(r"\d+g", v["weight"]): err(f"{sku}: weight 应形如 250g")
        if "tier" in v:
            m = re.fullmatch(r"充(\d+)送(\d+)", v["tier"])
            if not m: err(f"{sku}: tier 应形如 充500送50")
            elif int(m.group(1)) != v.get("price_cny"): err(f"{sku}: 储值档位 {v['tier']} 的售价应为充值金额")
            elif v["tier"] not in json.dumps(p.get("specs", {}), ensure_ascii=False): err(f"{sku}: specs.充值档位 未写明 {v['tier']}")
    if vs and "portion" in vs[0]:
        for g in _same_except(vs, "portion"):
            if "整份" in g and "半份" in g and not g["整份"] > g["半份"]: err(f"{pid}: 整份应比半份贵 {g}")
    if vs and "spice" in vs[0]:
        for g in _same_except(vs, "spice"):
            if set(g) == set(SPICE_VALUES) and not (g["微辣"] == g["中辣"] < g["特辣"]): err(f"{pid}: 特辣应比微辣/中辣贵且微辣=中辣 {g}")
    if vs and "store" in vs[0] and cat != "包间服务":
        for g in _same_except(vs, "store"):
            if FLAGSHIP in g and "其他门店" in g and not g[FLAGSHIP] > g["其他门店"]: err(f"{pid}: 旗舰店价应高于其他门店 {g}")
        if "旗舰店价" not in at: err(f"{pid}: 按门店计价的商品缺少 attributes.旗舰店价")
    if vs and "weight" in vs[0]:
        for g in _same_except(vs, "weight"):
            ws = sorted(g, key=lambda w: int(w[:-1]))
            if [g[w] for w in ws] != sorted(g[w] for w in ws): err(f"{pid}: 重量越大应越贵 {g}")
    if cat == "包间服务" and vs:
        for g in _same_except(vs, "slot"):
            if set(g) == SLOT_VALUES and not (g["工作日午市"] < g["工作日晚市"] < g["周末及节假日"]):
                err(f"{pid}: 最低消费应为 工作日午市 < 工作日晚市 < 周末及节假日 {g}")
    rel_types = {r.get("type") for r in p.get("related", [])}
    if cat == "团购券" and "套餐" in at.get("券面内容", "") and "兑换" in at.get("券面内容", "") and "compatible_with" not in rel_types:
        err(f"{pid}: 兑换套餐的团购券应有 compatible_with 指向套餐")

# 关系
for p in products:
    pid = p.get("id")
    rels = p.get("related", [])
    seen = set()
    for r in rels:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        t, rid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 关系类型 {t} 不允许")
        if rid not in prod: err(f"{pid}: 关系指向不存在的商品 {rid}"); continue
        if rid == pid: err(f"{pid}: 关系指向自己")
        if (t, rid) in seen: err(f"{pid}: 关系重复 {t} {rid}")
        seen.add((t, rid))
        q = prod[rid]
        if t == "set_contains" and p.get("category") not in SET_CATEGORIES: err(f"{pid}: 只有套餐/套装可以 set_contains")
        if t == "replaces":
            if not q.get("discontinued"): err(f"{pid}: replaces {rid}，但 {rid} 未停产")
            elif d(p["launched"]) > d(q["discontinued"]) + datetime.timedelta(days=31): warn(f"{pid}: 上市日期与被替代款停产日期相隔超过一个月")
            if "替代" not in q.get("attributes", {}).get("销售状态", ""):
                warn(f"{rid}: 销售状态没有提到替代款")
        if t == "refill_of" and p.get("category") not in ("补充装", "替换装"):
            warn(f"{pid}: refill_of 商品的类目不是补充装/替换装")
        if t == "compatible_with" and q.get("discontinued") and not p.get("discontinued"):
            pass  # 在售配件兼容已停产机型是允许的（老用户仍需配件）
    # 套装价值
    if p.get("category") in SET_CATEGORIES:
        comps = [r["id"] for r in rels if r.get("type") == "set_contains" and r.get("id") in prod]
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个商品")
        val = p.get("attributes", {}).get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val)
        if not m: err(f"{pid}: 套装缺少 attributes.单品合计价值（形如 1387元）")
        else:
            total = sum(prod[c]["price_cny"] for c in comps)
            if abs(float(m.group(1)) - total) > 1e-6: err(f"{pid}: 单品合计价值 {val} ≠ 各单品 price_cny 之和 {total}")
            if p.get("price_cny", 0) >= total: err(f"{pid}: 套装价 {p.get('price_cny')} 不低于单品合计 {total}")
        if "规格" not in p.get("attributes", {}): err(f"{pid}: 套装缺少 attributes.规格")
        for c in comps:
            q = prod[c]
            if not set(p.get("channels", [])) <= set(q.get("channels", [])):
                warn(f"{pid}: 套装渠道 {p.get('channels')} 超出单品 {c} 的渠道")
            if q.get("discontinued") and (not p.get("discontinued") or d(q["discontinued"]) < d(p["discontinued"])):
                err(f"{pid}: 套装内单品 {c} 已停产")
            if "variants" in q:
                # 单品合计价值按 price_cny（最低 SKU）计算：套装规格里写明的 SKU 规格须是最低价 SKU
                lowp = min(v["price_cny"] for v in q["variants"])
                lows = [v for v in q["variants"] if v["price_cny"] == lowp]
                spec = p["attributes"].get("规格", "")
                if not any(str(val).split("（")[0] in spec for v in lows for k, val in v.items() if k not in ("sku", "price_cny")):
                    warn(f"{pid}: 套装规格没有写明 {c} 的规格，或写明的不是最低价 SKU")

# ---------- 政策
for pid_, pol in policies.items():
    fm = pol["fm"]
    for k in ("effective_from",):
        if not kbload.is_date(fm.get(k, "")): err(f"{pid_}: {k} 不是日期")
    et = fm.get("effective_to")
    if et != "null" and not kbload.is_date(et or ""): err(f"{pid_}: effective_to 应为日期或 null")
    if kbload.is_date(et or "") and kbload.is_date(fm.get("effective_from", "")) and d(et) < d(fm["effective_from"]):
        err(f"{pid_}: effective_to 早于 effective_from")
    if not re.fullmatch(r"HGL-[A-Za-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 HGL- 开头")
    chs = parse_list(fm.get("channels", ""))
    if chs != "all" and (not isinstance(chs, list) or any(c not in CHANNELS for c in chs)): err(f"{pid_}: channels 非法 {chs}")
    ap = parse_list(fm.get("applies_to", ""))
    if ap != "all":
        if not isinstance(ap, list): err(f"{pid_}: applies_to 应为 all 或列表")
        else:
            for c in ap:
                if c not in categories: err(f"{pid_}: applies_to 中的类目 {c} 没有任何商品")
    title = fm.get("title", "")
    if f"# {title}" not in pol["body"] and title not in pol["body"]: warn(f"{pid_}: 正文标题与 front matter title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if not kbload.is_date(old.get("effective_to") or ""): err(f"{sup}: 被 {pid_} 取代但 effective_to 为空")
            elif d(old["effective_to"]) + datetime.timedelta(days=1) != d(fm["effective_from"]):
                err(f"{pid_}: 生效日 {fm['effective_from']} 应为 {sup} 失效日 {old['effective_to']} 的次日")
            if sup not in pol["body"] and policies[sup]["fm"]["title"] not in pol["body"]:
                warn(f"{pid_}: 正文没有说明取代了哪个版本")
# 版本链：旧版有失效日、新版取代旧版且从次日生效；活动政策有起止日期
for old_id, new_id in POLICY_CHAINS:
    if old_id not in policies or new_id not in policies: err(f"缺少版本链政策 {old_id} → {new_id}"); continue
    if policies[new_id]["fm"].get("supersedes") != old_id: err(f"{new_id}: supersedes 应为 {old_id}")
    if policies[new_id]["fm"].get("effective_to") != "null": err(f"{new_id}: 现行版本的 effective_to 应为 null")
if CAMPAIGN not in policies: err(f"缺少活动政策 {CAMPAIGN}")
else:
    cf = policies[CAMPAIGN]["fm"]
    if not kbload.is_date(cf.get("effective_to") or ""): err(f"{CAMPAIGN}: 活动政策应有 effective_to")
    if "活动" not in cf.get("title", ""): err(f"{CAMPAIGN}: 活动政策标题应含“活动”")
    # 活动限定商品的下架日 = 活动政策失效日
    for p in products:
        if "双11限定" in json.dumps(p.get("attributes", {}), ensure_ascii=False) and p.get("discontinued") != cf.get("effective_to"):
            err(f"{p['id']}: 双11限定商品的 discontinued 应为 {cf.get('effective_to')}")

# 失效的政策应在正文中标明
for pid_, pol in policies.items():
    et = pol["fm"].get("effective_to")
    superseded_by = [x for x, p in policies.items() if p["fm"].get("supersedes") == pid_]
    if superseded_by and "已失效" not in pol["body"]: warn(f"{pid_}: 已被取代但正文未标注“已失效”")
    if kbload.is_date(et or "") and d(et) < DEFAULT and not superseded_by and "活动" not in pol["fm"]["title"]:
        warn(f"{pid_}: 在默认评测日前已失效且没有后继版本")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 有空项")
ids = sorted(faq)
if ids != [f"F{i:03d}" for i in range(1, len(ids) + 1)]: warn("faq: id 不连续")

# ---------- 问题
def check_question(qd, where, kb_norm, raw_map, is_correction=False):
    qid = qd.get("id", "?")
    expect = QA_KEYS
    if list(qd) != expect: err(f"{where} {qid}: 字段顺序应为 {expect}，实际 {list(qd)}")
    if not qd.get("question"): err(f"{where} {qid}: question 为空")
    lang = qd.get("lang")
    if lang not in ("zh", "en"): err(f"{where} {qid}: lang 应为 zh/en")
    q = qd.get("question", "")
    if lang == "en" and re.search(r"[\u4e00-\u9fff]", q): warn(f"{where} {qid}: 英文题含中文")
    if lang == "zh" and not re.search(r"[\u4e00-\u9fff]", q): err(f"{where} {qid}: 中文题不含中文")
    ch = qd.get("channel")
    if ch is not None and ch not in CHANNELS: err(f"{where} {qid}: channel 非法 {ch}")
    as_of = qd.get("as_of")
    if as_of is not None and not kbload.is_date(as_of): err(f"{where} {qid}: as_of 不是日期")
    t = qd.get("type")
    if is_correction:
        if t != "correction": err(f"{where} {qid}: type 应为 correction")
    elif t not in QA_TYPES: err(f"{where} {qid}: type 非法 {t}")
    refuse = qd.get("refuse")
    if not isinstance(refuse, bool): err(f"{where} {qid}: refuse 应为布尔值")
    if refuse != (t == "refusal"): err(f"{where} {qid}: refuse 与 type 不一致")
    mi, mn, src = qd.get("must_include"), qd.get("must_not_include"), qd.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mn), ("sources", src)):
        if not isinstance(v, list) or any(not isinstance(x, str) or not x for x in v): err(f"{where} {qid}: {k} 应为非空字符串列表")
    mi, mn, src = mi or [], mn or [], src or []
    if len(set(src)) != len(src): err(f"{where} {qid}: sources 重复")
    for s in src:
        if s not in raw_map: err(f"{where} {qid}: source {s} 不存在")
    year = (as_of or str(DEFAULT))[:4]
    if refuse:
        if mi: err(f"{where} {qid}: 拒答题 must_include 应为空")
        if src: err(f"{where} {qid}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where} {qid}: 非拒答题 must_include 为空")
    if not src: err(f"{where} {qid}: 非拒答题 sources 为空")
    src_norm = N("\n".join(raw_map[s] for s in src if s in raw_map), year)
    for m in mi:
        nm = N(m, year)
        if nm not in kb_norm: err(f"{where} {qid}: must_include “{m}” 不在知识库原文中")
        elif nm not in src_norm: warn(f"{where} {qid}: must_include “{m}” 不在其 sources 中")
        if lang == "en" and re.search(r"[\u4e00-\u9fff]", m): err(f"{where} {qid}: 英文题的 must_include 含中文 “{m}”")
    for m in mn:
        if any(N(m, year) == N(x, year) or N(m, year) in N(x, year) for x in mi):
            err(f"{where} {qid}: must_not_include “{m}” 与 must_include 冲突")
    # 时间与渠道
    when = d(as_of) if as_of and kbload.is_date(as_of) else DEFAULT
    for s in src:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            ef = d(fm["effective_from"])
            et = d(fm["effective_to"]) if kbload.is_date(fm.get("effective_to") or "") else None
            # 订单视为在 as_of 之前的几天至一个月内下单；题目写明了购买/充值/下单日期的（note 中写作“购买日YYYY-MM-DD”），
            # 按该日期确定版本；活动订单在活动结束后仍按活动规则使用与售后（至 CAMPAIGN_AFTERSALE_UNTIL）
            lo = when - datetime.timedelta(days=30)
            mo = re.search(r"(?:购买日|充值日|下单日)(\d{4}-\d{2}-\d{2})", qd.get("note", ""))
            if mo and kbload.is_date(mo.group(1)):
                od = d(mo.group(1))
                if od > when: err(f"{where} {qid}: note 中的下单日期 {od} 晚于提问日 {when}")
                bad = ef > od or (et is not None and et < od)
            else:
                bad = ef > when or (et is not None and et < lo)
                if sid == CAMPAIGN and ef <= when <= d(CAMPAIGN_AFTERSALE_UNTIL): bad = False
            if bad:
                if as_of is None: err(f"{where} {qid}: as_of 为 null（默认 {DEFAULT}）却引用了当日无效的政策 {sid}")
                else: err(f"{where} {qid}: 引用的政策 {sid}（{ef}~{et}）与 as_of {as_of} 不匹配")
            if t != "temporal" and fm.get("supersedes") == "null" and et and as_of is None:
                warn(f"{where} {qid}: 非时间题引用了有失效日的政策 {sid}")
            chs = parse_list(fm.get("channels", ""))
            if ch and chs != "all" and ch not in chs:
                warn(f"{where} {qid}: channel {ch} 不在政策 {sid} 的适用渠道 {chs} 中")
        if kind == "product" and sid in prod:
            pr = prod[sid]
            if d(pr["launched"]) > when and t not in ("temporal", "comparison"):
                warn(f"{where} {qid}: 引用了 as_of 时尚未上市的商品 {sid}")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
qids = [x.get("id") for x in qa]
if len(set(qids)) != len(qids): err("qa.jsonl: id 重复")
if qids != [f"q{i:03d}" for i in range(1, len(qids) + 1)]: err("qa.jsonl: id 应为 q001 起连续编号")
for x in qa: check_question(x, "qa", ALL_N, raw)
qtexts = [N(x.get("question", "")) for x in qa]
if len(set(qtexts)) != len(qtexts): err("qa.jsonl: 有重复的问题文本")

# ---------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = dict(raw)  # source id -> 文本（应用更正后）
for i, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"corrections {cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{i:02d}": err(f"corrections {cid}: id 应为 c{i:02d}")
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"corrections {cid}: old/new 应为不同的字符串"); continue
    kind, _, tid = tgt.partition(":")
    if tgt not in raw: err(f"corrections {cid}: target {tgt} 不存在"); continue
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            pc = p["price_cny"]
            if old != (str(int(pc)) if float(pc).is_integer() else str(pc)):
                err(f"corrections {cid}: old {old} ≠ 当前价格 {pc}")
            if "variants" in p: err(f"corrections {cid}: 有 SKU 的商品不能用 price_cny 更正（SKU 价格格式不支持）")
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            cur = p.get("attributes", {}).get(field, p.get("specs", {}).get(field))
            if cur != old: err(f"corrections {cid}: old “{old}” ≠ 当前值 “{cur}”")
        else: err(f"corrections {cid}: 商品 {tid} 没有 attributes/specs 键 {field}")
    elif kind in ("policy", "faq"):
        if field != "text": err(f"corrections {cid}: 政策/FAQ 的 field 只能是 text")
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        if body.count(old) != 1: err(f"corrections {cid}: old 在目标中出现 {body.count(old)} 次（应恰好1次）")
    else: err(f"corrections {cid}: target 类型不支持 {kind}")
    if not c.get("reason"): err(f"corrections {cid}: reason 为空")
    # 应用更正（用于核对验证题）
    txt = corrected[tgt]
    if kind == "product" and field == "price_cny":
        txt = txt.replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
    elif kind == "product":
        txt = txt.replace(f'"{field}": "{old}"', f'"{field}": "{new}"', 1)
    else:
        txt = txt.replace(old, new, 1)
    if txt == corrected[tgt]: err(f"corrections {cid}: 更正未能应用到 {tgt}")
    corrected[tgt] = txt
    qd = c.get("question", {})
    if not isinstance(qd, dict): err(f"corrections {cid}: question 应为对象"); continue
    if qd.get("id") != f"qc{i:02d}": err(f"corrections {cid}: 验证题 id 应为 qc{i:02d}")
    if tgt not in qd.get("sources", []): err(f"corrections {cid}: 验证题 sources 应包含 {tgt}")
    if not any(N(m) in N(new) for m in qd.get("must_include", [])): err(f"corrections {cid}: 验证题 must_include 应取自新值")
    if not any(N(m) in N(old) for m in qd.get("must_not_include", [])): err(f"corrections {cid}: 验证题 must_not_include 应取自旧值")
CORR_N = N("\n".join(corrected.values()))
for c in corr:
    if isinstance(c.get("question"), dict):
        check_question(c["question"], "corrections", CORR_N, corrected, is_correction=True)
# qa.jsonl 不得依赖被更正的事实
for c in corr:
    tgt, old, field = c.get("target"), c.get("old", ""), c.get("field")
    for x in qa:
        if tgt in x.get("sources", []):
            for m in x.get("must_include", []):
                if m and N(m) in N(old) and (len(N(m)) >= 3 or N(m) == N(old)):
                    err(f"qa {x['id']}: must_include “{m}” 依赖被 {c.get('id')} 更正的事实")
        if x.get("refuse"): continue
        kind, _, tid = (tgt or "").partition(":")
        if kind == "product" and field == "price_cny" and tid in (s.partition(":")[2] for s in x.get("sources", [])):
            if old in x.get("must_include", []): err(f"qa {x['id']}: 依赖被 {c.get('id')} 更正的价格")

# ---------- README
readme_path = os.path.join(HERE, "README.md")
if not os.path.exists(readme_path): err("README.md 不存在")
else:
    rd = open(readme_path, encoding="utf-8").read()
    counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
              "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
    for name, n in counts.items():
        m = re.search(r"^\|\s*`" + re.escape(name) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", rd, re.M)
        if not m: err(f"README: 文件表缺少 `{name}` 一行")
        elif int(m.group(1)) != n: err(f"README: `{name}` 数量写 {m.group(1)}，实际 {n}")
    from collections import Counter
    tc, lc = Counter(x.get("type") for x in qa), Counter(x.get("lang") for x in qa)
    line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
    if line not in rd: err(f"README: 题型/语言分布行应为：{line}")
    nv = sum(1 for p in products if "variants" in p)
    m = re.search(r"`variants`（[^）]*?(\d+)个商品有）", rd)
    if not m or int(m.group(1)) != nv: err(f"README: 应写明 variants（新增，可选，{nv}个商品有）")
    if f"**{EV.get('default_as_of')}**" not in rd: err("README: 没有写明默认评测日")
    m = re.search(r"(\d+) 个错误", rd)
    if m and int(m.group(1)) != len(errors): warn("README: 校验段落写的错误数与本次结果不同")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU 的 {sum(1 for p in products if 'variants' in p)}），政策 {len(policies)}，FAQ {len(faq)}，"
      f"问题 {len(qa)}，更正 {len(corr)}；{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
