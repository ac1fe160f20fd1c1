#!/usr/bin/env python3
"""颐安居养老（anju）评测集一致性检查。只用标准库；知识库的读取用 ../kbload.py。

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
VARIANT_DIMS = {"room", "care", "stay", "duration", "frequency", "diet", "campus", "mode"}
ROOMS = {"单人间", "双人间", "套房"}
CARE_LEVELS = ["自理", "半护理", "全护理", "特护"]
STAYS = ["1-6天（每日价）", "7天及以上（每日价）"]
CAMPUSES = {"杭州西溪院区", "杭州滨江院区", "上海闵行院区", "苏州园区院区"}
HOME_CATEGORIES = {"上门护理", "助浴服务", "适老化改造"}
RENO_SET_ITEMS = {"适老化改造", "适老用品", "评估服务"}
# 必须存在的政策版本链（旧版 → 新版）与活动政策
POLICY_CHAINS = [("ajl-fees-2024", "ajl-fees-2025"), ("ajl-homecare-2024", "ajl-homecare-2025")]
# 按签约日期切换、长住合同在当期合同期内继续适用的旧版本：as_of 晚于其失效日也可以引用（题目须说明签约时间）
CONTRACT_POLICIES = {"ajl-fees-2024"}
CAMPAIGN = "ajl-double11-2025"
CAMPUS_POLICY = "ajl-campuses"
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
if EV.get("name") != "anju": err("eval.json: name 应为 anju")
DEFAULT = d(EV.get("default_as_of", "2025-12-01"))

# ---------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_N = N("\n".join(raw.values()))
policies_preview = {k: v["body"] for k, v in policies.items()}

# ---------- 商品
categories = set()
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = [k for k in PRODUCT_KEYS if k in p or k not in PRODUCT_OPTIONAL]
    if keys != expect: err(f"{pid}: 字段顺序/缺失，应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"AJ-\d{4}", str(pid)): err(f"{pid}: id 格式应为 AJ-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(p.get("name", "")).startswith("颐安居"): warn(f"{pid}: name 不以品牌名“颐安居”开头")
    if not str(p.get("name_en", "")).startswith("YIANJU"): warn(f"{pid}: name_en 不以 YIANJU 开头")
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

# 行业规则：机构入住写明院区地址/入住要求/收费说明；SKU 的房型、护理等级、天数档、时长、院区取值合法；
# 特护只在西溪院区、套房只收自理/半护理；喘息服务“7天及以上”日价低于“1-6天”；上门类服务写明服务区域；
# 装修院区与未开业院区的日期与院区政策一致
campus_body = policies_preview.get(CAMPUS_POLICY, "")
for p in products:
    pid, cat = p.get("id"), p.get("category")
    sp, at = p.get("specs", {}), p.get("attributes", {})
    vs = p.get("variants", []) if isinstance(p.get("variants"), list) else []
    if cat == "机构入住":
        if "院区地址" not in sp: err(f"{pid}: 机构入住缺少 specs.院区地址")
        elif sp["院区地址"] not in campus_body: err(f"{pid}: 院区地址 {sp['院区地址']} 与《院区信息》不一致")
        if "入住要求" not in at: err(f"{pid}: 机构入住缺少 attributes.入住要求")
        if "收费说明" not in at and "价格说明" not in at: err(f"{pid}: 机构入住缺少 attributes.收费说明/价格说明")
        if "评估" not in at.get("入住要求", ""): err(f"{pid}: 入住要求应写明入住评估")
    if cat == "喘息服务":
        for k in ("计价说明", "入住要求"):
            if k not in at: err(f"{pid}: 喘息服务缺少 attributes.{k}")
        by_care = {}
        for v in vs:
            if v.get("stay") not in STAYS: err(f"{v.get('sku')}: stay 应为 {STAYS} 之一")
            by_care.setdefault(v.get("care"), {})[v.get("stay")] = v.get("price_cny")
        for c, m in by_care.items():
            if set(m) != set(STAYS): err(f"{pid}: 护理等级 {c} 缺少天数档")
            elif not m[STAYS[1]] < m[STAYS[0]]: err(f"{pid}: {c} 的“7天及以上”日价应低于“1-6天”")
        if any(v.get("care") == "特护" for v in vs): err(f"{pid}: 喘息服务不接收特护长者")
    if cat in HOME_CATEGORIES and not any(k.startswith(("服务区域", "核销区域")) for k in at):
        err(f"{pid}: 上门类服务缺少 attributes.服务区域")
    for v in vs:
        sku = v.get("sku")
        if "room" in v and v["room"] not in ROOMS: err(f"{sku}: room 应为 {ROOMS} 之一")
        if "care" in v and v["care"] not in CARE_LEVELS: err(f"{sku}: care 应为 {CARE_LEVELS} 之一")
        if "campus" in v and v["campus"] not in CAMPUSES: err(f"{sku}: campus 应为 {CAMPUSES} 之一")
        if "duration" in v and not re.fullmatch(r"\d+分钟|.*（\d+小时）", v["duration"]): err(f"{sku}: duration 应形如 60分钟 或 半日（4小时）")
        if v.get("care") == "特护" and "西溪" not in at.get("院区", "") + sp.get("院区", ""):
            err(f"{sku}: 特护只在西溪院区提供")
        if v.get("room") == "套房" and v.get("care") not in ("自理", "半护理"): err(f"{sku}: 套房只接收自理、半护理长者")
    # 同一商品内：护理等级越高，同房型月费越高
    if cat == "机构入住" and vs and "care" in vs[0]:
        rooms = {}
        for v in vs: rooms.setdefault(v.get("room"), []).append((CARE_LEVELS.index(v["care"]) if v.get("care") in CARE_LEVELS else 0, v.get("price_cny")))
        for r, lst in rooms.items():
            lst.sort()
            if any(a[1] >= b[1] for a, b in zip(lst, lst[1:])): err(f"{pid}: {r} 的月费应随护理等级递增")
    # 装修与未开业院区
    for k in ("院区状态", "上市状态"):
        if k in at:
            for dt in re.findall(r"\d{4}-\d{2}-\d{2}", at[k]):
                if dt not in campus_body: err(f"{pid}: attributes.{k} 中的日期 {dt} 不在《院区信息》中")
    if kbload.is_date(p.get("launched") or "") and d(p["launched"]) > DEFAULT and "预约登记" not in at.get("上市状态", ""):
        err(f"{pid}: 未开业/未上市商品应在 上市状态 写明预约登记安排")

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
            if prod[c].get("category") not in RENO_SET_ITEMS: err(f"{pid}: 套装单品 {c} 的类目应为 {RENO_SET_ITEMS} 之一")
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
    if not re.fullmatch(r"ajl-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 ajl- 开头")
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
# 两个版本的档位比例互不重叠（must_not_include 可以用旧比例）
for old_id, new_id in POLICY_CHAINS:
    if old_id in policies and new_id in policies:
        old_pct = set(re.findall(r"\d+%", policies[old_id]["body"]))
        new_pct = set(re.findall(r"\d+%", policies[new_id]["body"].split("与2024版相比")[0]))
        if old_pct & new_pct: err(f"{new_id}: 与 {old_id} 的档位比例重叠 {sorted(old_pct & new_pct)}")
        if "已失效" not in policies[old_id]["body"]: err(f"{old_id}: 旧版正文应标注“已失效”")
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
            lo = when - datetime.timedelta(days=30)
            if sid in CONTRACT_POLICIES and et and et < lo:
                # 长住合同在当期合同期内继续适用签约时的版本：题目须写明签约时间（问题中出现“签”）
                if "签" not in qd.get("question", "") and "sign" not in qd.get("question", "").lower():
                    err(f"{where} {qid}: 引用签约版本政策 {sid}，但题目没有说明签约时间")
                et = None
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
