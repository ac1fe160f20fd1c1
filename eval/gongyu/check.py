#!/usr/bin/env python3
"""栖城公寓（gongyu）评测集一致性检查。只用标准库；知识库的读取用 ../kbload.py。

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
VARIANT_DIMS = {"store", "term", "payment", "nights", "hours", "room", "vehicle", "distance", "pet_size"}
# 行业常量：门店、宠物友好门店、未开业门店的开业日、房型、租期档、付款方式、短租晚数档
STORES = ["杭州滨江店", "杭州西溪店", "上海张江店", "上海虹桥店", "南京新街口店", "苏州金鸡湖店"]
PET_STORES = {"杭州滨江店", "南京新街口店"}
STORE_OPENING = {"苏州金鸡湖店": "2026-03-01"}
ROOM_TYPES = ["开间", "一室一厅", "两室一厅"]
TERMS = ["3-5个月", "6-11个月", "12个月及以上"]
PAYMENTS = ["月付", "季付", "年付"]
NIGHTS = ["1-6晚", "7晚及以上"]
LEASE_CATEGORY = "长租房型"
# 必须存在的政策版本链（旧版 → 新版）与活动政策
POLICY_CHAINS = [("GYL-termination-2024", "GYL-termination-2025"), ("GYL-shortstay-2024", "GYL-shortstay-2025")]
CAMPAIGN = "GYL-double11-2025"
# 按签约日期切换、在整个租期内有效的政策（租约最长按36个月计）：引用时不要求订单在 as_of 前一个月内
LEASE_LONG_POLICIES = {"GYL-termination-2024", "GYL-termination-2025", CAMPAIGN}
LEASE_SPAN_DAYS = 1100
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
if EV.get("name") != "gongyu": err("eval.json: name 应为 gongyu")
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
    if not re.fullmatch(r"GY-\d{4}", str(pid)): err(f"{pid}: id 格式应为 GY-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(p.get("name", "")).startswith("栖城"): warn(f"{pid}: name 不以品牌名“栖城”开头")
    if not str(p.get("name_en", "")).startswith("QICHENG"): warn(f"{pid}: name_en 不以 QICHENG 开头")
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

# 行业规则：长租房型的面积/房型/门店/租期说明/付款方式/综合服务费；综合服务费与《水电燃气与综合服务费说明》一致；
# 宠物说明与宠物友好门店一致；未开业门店的房型上市日 = 开业日；SKU 维度取值合法且“租期越长/付款周期越长/连住越久越便宜”；
# 短租写明门店与退款或入住规则；写了适配说明的商品须有配套关系
UTIL_TEXT = policies.get("GYL-utilities", {}).get("body", "")
STORE_TEXT = policies.get("GYL-stores", {}).get("body", "")
def split_stores(v): return [x for x in re.split(r"[、，,]", v) if x]
for p in products:
    pid, cat = p.get("id"), p.get("category")
    sp, at = p.get("specs", {}), p.get("attributes", {})
    vs = p.get("variants", []) if isinstance(p.get("variants"), list) else []
    if cat == LEASE_CATEGORY:
        if not re.fullmatch(r"\d+-\d+㎡", sp.get("面积", "")): err(f"{pid}: 长租房型的 specs.面积 应形如 25-30㎡")
        if "可住人数" not in sp: err(f"{pid}: 长租房型缺少 specs.可住人数")
        for k in ("门店", "房型", "租期说明", "付款方式", "综合服务费"):
            if k not in at: err(f"{pid}: 长租房型缺少 attributes.{k}")
        if at.get("房型") and at["房型"] not in ROOM_TYPES: err(f"{pid}: 房型 {at['房型']} 不在 {ROOM_TYPES}")
        stores = split_stores(at.get("门店", ""))
        for st in stores:
            if st not in STORES: err(f"{pid}: 门店 {st} 不在门店列表中")
        fee = at.get("综合服务费", "")
        if not re.fullmatch(r"\d+元/月", fee): err(f"{pid}: 综合服务费 应形如 150元/月")
        elif fee not in UTIL_TEXT: err(f"{pid}: 综合服务费 {fee} 与 GYL-utilities 的收费标准不一致")
        pet = at.get("宠物", "")
        if pet and not (set(stores) & PET_STORES) and "不接受" not in pet: err(f"{pid}: 门店都不接受宠物，attributes.宠物 应写明不接受")
        if pet and set(stores) <= PET_STORES and "不接受" in pet: err(f"{pid}: 宠物友好门店的房型不应写不接受宠物")
        for st in stores:
            if st in STORE_OPENING:
                if p.get("launched") != STORE_OPENING[st]: err(f"{pid}: 未开业门店 {st} 的房型 launched 应为开业日 {STORE_OPENING[st]}")
                if STORE_OPENING[st] not in STORE_TEXT: err(f"GYL-stores: 没有写明 {st} 的开业日 {STORE_OPENING[st]}")
        for v in vs:
            if "store" in v and v["store"] not in stores: err(f"{v.get('sku')}: store {v['store']} 不在商品的 attributes.门店 中")
        if "年付" in at.get("付款方式", "") and "仅接受年付" in at.get("付款方式", "") and "12个月及以上" not in at.get("租期说明", ""):
            err(f"{pid}: 仅接受年付的房型应写明仅签12个月及以上")
    if cat == "短租":
        if "门店" not in at: err(f"{pid}: 短租缺少 attributes.门店")
        if "退款说明" not in at and "入住时间" not in at: err(f"{pid}: 短租应写明退款说明或入住时间")
        for st in split_stores(at.get("门店", "")):
            if st not in STORES: err(f"{pid}: 门店 {st} 不在门店列表中")
    # SKU 维度取值
    for v in vs:
        sku = v.get("sku")
        if "store" in v and v["store"] not in STORES: err(f"{sku}: store 取值 {v['store']} 不在门店列表中")
        if "term" in v and v["term"] not in TERMS: err(f"{sku}: term 应为 {TERMS} 之一")
        if "payment" in v and v["payment"] not in PAYMENTS: err(f"{sku}: payment 应为 {PAYMENTS} 之一")
        if "nights" in v and v["nights"] not in NIGHTS: err(f"{sku}: nights 应为 {NIGHTS} 之一")
        if "room" in v and v["room"] not in ROOM_TYPES: err(f"{sku}: room 应为 {ROOM_TYPES} 之一")
        if "hours" in v and not re.fullmatch(r"\d+小时", v["hours"]): err(f"{sku}: hours 应形如 2小时")
        if "pet_size" in v and not re.search(r"\d+kg", v["pet_size"]): err(f"{sku}: pet_size 应写明体重范围")
        if ("term" in v or "payment" in v) and cat != LEASE_CATEGORY: err(f"{sku}: 非长租商品不应有 term/payment")
    # 价格单调：同一门店内，租期越长、付款周期越长、连住越久，单价越低
    for dim, order in (("term", TERMS), ("payment", PAYMENTS), ("nights", NIGHTS)):
        groups = {}
        for v in vs:
            if dim in v and v[dim] in order: groups.setdefault(v.get("store"), []).append((order.index(v[dim]), v["price_cny"], v["sku"]))
        for st, rows in groups.items():
            rows.sort()
            for a, b in zip(rows, rows[1:]):
                if not b[1] < a[1]: err(f"{b[2]}: {dim} 档位更长的 SKU 价格应低于 {a[2]}")
    rel_types = {r.get("type") for r in p.get("related", [])}
    if "适配说明" in at and not ({"compatible_with", "refill_of"} & rel_types):
        err(f"{pid}: 写了 attributes.适配说明 却没有 compatible_with/refill_of 关系")
    if cat == "补充装" and "refill_of" not in rel_types: err(f"{pid}: 补充装应有 refill_of 关系")
# 租期档位的边界写法（含/不满）必须在计价说明里
PG = policies.get("GYL-pricing-guide", {}).get("body", "")
for edge in ("含3个月，不满6个月", "含6个月，不满12个月", "含12个月"):
    if edge not in PG: err(f"GYL-pricing-guide: 缺少租期档位边界“{edge}”")
# 宠物友好门店在门店说明里标明
for st in PET_STORES:
    m = re.search(r"\|\s*" + st + r"\s*\|[^\n]*", STORE_TEXT)
    if not m or "宠物友好楼层" not in m.group(0): err(f"GYL-stores: {st} 一行应标明宠物友好楼层")

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
        if t == "set_contains" and p.get("category") != "套装": err(f"{pid}: 只有套装可以 set_contains")
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
    if p.get("category") == "套装":
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
    if not re.fullmatch(r"GYL-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 GYL- 开头、其余为小写字母数字")
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
            # 订单视为在 as_of 之前的几天至一个月内下单（活动订单在活动结束后仍按活动规则售后）
            lo = when - datetime.timedelta(days=LEASE_SPAN_DAYS if sid in LEASE_LONG_POLICIES else 30)
            if ef > when or (et and et < lo):
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
