#!/usr/bin/env python3
"""印岚 YINLAN 评测集一致性检查（仅标准库）。用法：python3 check.py
检查商品/政策/FAQ/问题/更正的格式与相互引用、套装价格、政策版本链、
must_include 能否在知识库原文中找到、README 中的数量是否一致。
有错误时退出码为 1；警告不影响退出码。"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_OPTIONAL = {"variants", "ingredients"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "color", "edition", "connectivity", "capacity", "yield", "pack",
                  "size", "plan", "pages", "overage", "scope"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def norm(s):
    """README 约定的归一化：全角转半角（NFKC）、去空白、英文小写、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return kbload.norm(s)


def fmt_num(x):
    return ("%.2f" % x).rstrip("0").rstrip(".")


def day(s): return datetime.date.fromisoformat(s)


# ---------- eval.json
try:
    EV = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    EV = {}; err(f"eval.json: 解析失败 {e}")
if list(EV) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(EV)}")
DEFAULT = EV.get("default_as_of", "2025-12-01")
if not kbload.is_date(DEFAULT): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"yinlan-[a-z0-9]+(-[a-z0-9]+)*", EV.get("name", "")): err("eval.json: name 应为 yinlan-<kebab-case>")

# ---------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_NORM = norm("\n".join(raw.values()))
RAW_NORM = {k: norm(v) for k, v in raw.items()}
categories = {p.get("category") for p in products}

# ---------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = [k for k in PROD_KEYS if k in p]
    if list(p) != keys or any(k not in p for k in PROD_KEYS if k not in PROD_OPTIONAL):
        err(f"{pid}: 字段顺序/缺失不符，应为 {[k for k in PROD_KEYS if k not in PROD_OPTIONAL or k in p]}，实际 {list(p)}")
    extra = set(p) - set(PROD_KEYS)
    if extra: err(f"{pid}: 未知字段 {extra}")
    if not re.fullmatch(r"YN-\d{4}", str(pid)): err(f"{pid}: id 格式应为 YN-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not str(p.get("name", "")).startswith("印岚"): warn(f"{pid}: name 不以品牌名开头")
    if not str(p.get("name_en", "")).startswith("YINLAN "): warn(f"{pid}: name_en 不以 YINLAN 开头")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序与标准顺序不同")
    if not kbload.is_date(str(p.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(str(p.get("launched"))) and day(disc) <= day(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        elif disc not in json.dumps(p["attributes"], ensure_ascii=False): warn(f"{pid}: 停产日期未写入 attributes")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not v or any(not isinstance(x, str) or not x for x in v.values()):
            err(f"{pid}: {k} 应为非空对象，值为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if len(ch or []) < len(CHANNELS) and ch and len(ch) <= 3 and "渠道说明" not in p.get("attributes", {}) and disc is None:
        warn(f"{pid}: 渠道受限（{ch}）但 attributes 中没有 渠道说明")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个SKU的列表"); vs = []
        skus = [v.get("sku") for v in vs]
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        dims = None
        for v in vs:
            if not str(v.get("sku", "")).startswith(pid + "-"): err(f"{pid}: SKU {v.get('sku')} 应以 {pid}- 开头")
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU {v.get('sku')} 字段应以 sku 开头、price_cny 结尾")
            unk = set(v) - VARIANT_FIELDS
            if unk: err(f"{pid}: SKU {v.get('sku')} 含未登记的字段 {unk}")
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or vp <= 0: err(f"{pid}: SKU {v.get('sku')} price_cny 非法")
            d = tuple(v)
            if dims is None: dims = d
            elif d != dims: err(f"{pid}: 各 SKU 的规格维度字段不一致")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"{pid}: price_cny {price} 应等于最低 SKU 价 {min(prices)}")
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); rel = []
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 未知关系类型 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))
        t = prod.get(r.get("id"))
        if not t: continue
        if r["type"] == "replaces":
            if not t.get("discontinued"): err(f"{pid}: replaces {t['id']}，但后者未停产")
            elif day(p["launched"]) > day(t["discontinued"]) + datetime.timedelta(days=1):
                warn(f"{pid}: 替代品上市晚于旧款停产次日")
            if p.get("name") and p["name"].replace("印岚", "") not in t["attributes"].get("销售状态", ""):
                warn(f"{pid}: 旧款 {t['id']} 的销售状态未写明由谁替代")
    sets = [r["id"] for r in rel if r.get("type") == "set_contains"]
    if sets or p.get("category") == "套装":
        if p.get("category") != "套装": err(f"{pid}: 有 set_contains 但 category 不是 套装")
        if not sets: err(f"{pid}: 套装没有 set_contains")
        total = sum(prod[i]["price_cny"] for i in sets if i in prod)
        val = p.get("attributes", {}).get("单品合计价值")
        if val != fmt_num(total) + "元": err(f"{pid}: 单品合计价值 {val} ≠ 各单品 price_cny 之和 {fmt_num(total)}元")
        if isinstance(price, (int, float)) and price >= total: err(f"{pid}: 套装价 {price} 不低于单品合计 {total}")
        for i in sets:
            c = prod.get(i)
            if not c: continue
            if c.get("launched") > p.get("launched"): err(f"{pid}: 组件 {i} 上市晚于套装")
            if c.get("discontinued") and (not p.get("discontinued") or c["discontinued"] < p["discontinued"]):
                err(f"{pid}: 组件 {i} 已停产而套装仍在售")
            if not set(p.get("channels", [])) <= set(c.get("channels", [])) and c.get("category") != "服务":
                warn(f"{pid}: 套装渠道 {p.get('channels')} 超出组件 {i} 的渠道")
            if "variants" in c and len({v['price_cny'] for v in c['variants']}) > 1:
                # 组件各 SKU 不同价时，套装 规格 必须写明所含的是最低价 SKU（单品合计价值按 price_cny 计）
                low = min(c["variants"], key=lambda v: v["price_cny"])
                spec = p.get("attributes", {}).get("规格", "")
                vals = [str(v).split("（")[0] for k, v in low.items() if k not in ("sku", "price_cny")]
                if not all(x in spec for x in vals):
                    err(f"{pid}: 组件 {i} 各 SKU 不同价，套装 规格 未写明所含的最低价 SKU {low['sku']}（{vals}）")
    for r in rel:
        if r.get("type") in ("refill_of", "compatible_with") and r.get("id") in prod:
            t = prod[r["id"]]
            if t.get("discontinued") and not p.get("discontinued") and r["type"] == "refill_of":
                warn(f"{pid}: refill_of 指向已停产商品 {t['id']}")

# 品牌设定中要求的几类商品都在
if sum(1 for p in products if "variants" in p) < 12: err("带 variants 的商品少于12个")
if not any(p.get("discontinued") and any(r["type"] == "replaces" and r["id"] == p["id"] for q in products for r in q["related"]) for p in products):
    err("缺少被新品替代的停产商品")
if not any(p["launched"] > DEFAULT for p in products): err("缺少默认评测日尚未上市的商品")
if not any(len(p["channels"]) == 1 for p in products): err("缺少单渠道专属商品")

# ---------- 政策
for pid_, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"yn-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 yn- 开头")
    ch = fm.get("channels")
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch or "")
        lst = [x.strip() for x in m.group(1).split(",")] if m else None
        if not lst or any(c not in CHANNELS for c in lst): err(f"{pid_}: channels 非法 {ch}")
        pol["channels"] = lst or []
    else:
        pol["channels"] = list(CHANNELS)
    ap = fm.get("applies_to")
    if ap != "all":
        m = re.fullmatch(r"\[(.*)\]", ap or "")
        lst = [x.strip() for x in m.group(1).split(",")] if m else None
        if not lst or any(c not in categories for c in lst): err(f"{pid_}: applies_to 应为 all 或已有商品类目列表，实际 {ap}")
    ef, et = fm.get("effective_from"), fm.get("effective_to")
    if not kbload.is_date(ef): err(f"{pid_}: effective_from 不是日期")
    if et != "null" and not kbload.is_date(et): err(f"{pid_}: effective_to 应为日期或 null")
    if kbload.is_date(ef) and kbload.is_date(et) and day(et) < day(ef): err(f"{pid_}: effective_to 早于 effective_from")
    title = fm.get("title", "")
    if not re.search(r"^# .*" + re.escape(title.split("（")[0]), pol["body"], re.M): warn(f"{pid_}: 正文一级标题与 title 不一致")
    sup = fm.get("supersedes")
    if sup != "null":
        old = policies.get(sup)
        if not old: err(f"{pid_}: supersedes 指向不存在的政策 {sup}"); continue
        oet = old["fm"].get("effective_to")
        if not (kbload.is_date(oet) and kbload.is_date(ef) and day(oet) + datetime.timedelta(days=1) == day(ef)):
            err(f"{pid_}: 旧版 {sup} 的 effective_to ({oet}) 应为新版 effective_from ({ef}) 的前一天")
        if ef not in pol["body"]: err(f"{pid_}: 正文未写明生效日期 {ef}")
        if "已失效" not in old["body"]: warn(f"{sup}: 已被取代但正文未标注已失效")
superseded = {p["fm"]["supersedes"] for p in policies.values()}
for pid_, pol in policies.items():
    if pol["fm"].get("effective_to") not in (None, "null") and pid_ not in superseded:
        # 限时活动规则：必须有明确的活动时间
        if "活动" not in pol["fm"].get("title", ""): warn(f"{pid_}: 有 effective_to 却未被取代，也不是活动规则")
if sum(1 for p in policies.values() if p["fm"]["supersedes"] != "null") < 2: err("至少需要两组政策版本（退换货、会员积分）")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空项")

# ---------- 问题
def check_question(d, where, is_corr=False):
    keys = list(d)
    if keys != QA_KEYS: err(f"{where}: 字段顺序应为 {QA_KEYS}，实际 {keys}")
    if d.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if d.get("channel") is not None and d.get("channel") not in CHANNELS: err(f"{where}: channel 非法 {d.get('channel')}")
    if d.get("as_of") is not None and not kbload.is_date(str(d.get("as_of"))): err(f"{where}: as_of 不是日期")
    typ = d.get("type")
    if is_corr:
        if typ != "correction": err(f"{where}: 更正验证题 type 应为 correction")
    elif typ not in TYPES: err(f"{where}: type 非法 {typ}")
    if d.get("refuse") is not (typ == "refusal"): err(f"{where}: refuse 应当且仅当 type=refusal 时为 true")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) or not x for x in d.get(k, [])):
            err(f"{where}: {k} 应为非空字符串列表")
    if not d.get("question") or not d.get("note"): err(f"{where}: question/note 为空")
    if d.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", d.get("question", "")): warn(f"{where}: 英文题含中文")
    if d.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", d.get("question", "")): err(f"{where}: 中文题不含中文")
    for s in d.get("sources", []):
        if s not in raw: err(f"{where}: source 不存在 {s}")
    if typ == "refusal":
        if d.get("must_include"): err(f"{where}: 拒答题 must_include 应为空")
        if d.get("sources"): err(f"{where}: 拒答题 sources 应为空")
        return
    if not d.get("must_include"): err(f"{where}: 非拒答题 must_include 为空")
    if not d.get("sources"): err(f"{where}: 非拒答题 sources 为空")
    for m in d.get("must_include", []):
        nm = norm(m)
        if nm not in ALL_NORM:
            if not is_corr: err(f"{where}: must_include {m!r} 在知识库原文中找不到")
        elif not is_corr and not any(nm in RAW_NORM.get(s, "") for s in d.get("sources", [])):
            warn(f"{where}: must_include {m!r} 不在其 sources 中")
        if d.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", m): err(f"{where}: 英文题的 must_include 含中文 {m!r}")
    for m in d.get("must_not_include", []):
        for k in d.get("must_include", []):
            if norm(m) in norm(k): err(f"{where}: must_not_include {m!r} 是 must_include {k!r} 的子串")
    # 日期与版本
    as_of = d.get("as_of") or DEFAULT
    for s in d.get("sources", []):
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            if kbload.is_date(fm["effective_from"]) and day(fm["effective_from"]) > day(as_of):
                err(f"{where}: 引用的 {s} 在 as_of {as_of} 时尚未生效")
            if kbload.is_date(fm["effective_to"]) and day(fm["effective_to"]) + datetime.timedelta(days=30) < day(as_of):
                err(f"{where}: 引用的 {s} 在 as_of {as_of} 前早已失效（订单视为 as_of 前几天下单）")
            if typ not in ("channel",) and d.get("channel") and d["channel"] not in policies[s[7:]]["channels"]:
                warn(f"{where}: channel {d['channel']} 不在 {s} 的适用渠道内")
        if s.startswith("product:") and s[8:] in prod and typ == "channel" and d.get("channel"):
            pass


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for n, d in enumerate(qa, 1):
    if d.get("id") != f"q{n:03d}": err(f"qa.jsonl:{n}: id 应为 q{n:03d}（按顺序编号）")
    check_question(d, d.get("id", f"qa:{n}"))
# 新旧版本的题：must_not_include 应是旧版本中的写法
for d in qa:
    if d.get("type") == "temporal" and d.get("must_not_include"):
        for m in d["must_not_include"]:
            if norm(m) not in ALL_NORM: warn(f"{d['id']}: must_not_include {m!r} 不在知识库中（预期为被取代的旧值）")

# ---------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
for n, c in enumerate(corr, 1):
    cid = c.get("id", f"c:{n}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{n:02d}": err(f"{cid}: id 应为 c{n:02d}")
    t, fld, old, new = c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if not all(isinstance(x, str) and x for x in (old, new)): err(f"{cid}: old/new 应为非空字符串"); continue
    if old == new: err(f"{cid}: old 与 new 相同")
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if t.startswith("product:"):
        p = prod[t[8:]]
        if fld == "price_cny":
            if fmt_num(p["price_cny"]) != old: err(f"{cid}: old {old} 与当前价格 {p['price_cny']} 不符")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能用 price_cny 更正")
            if any(r["type"] == "set_contains" and r["id"] == p["id"] for q in products for r in q["related"]):
                err(f"{cid}: 被更正价格的商品是套装组件，会使单品合计价值失效")
        elif fld in p["attributes"]:
            if p["attributes"][fld] != old: err(f"{cid}: attributes.{fld} 当前值 {p['attributes'][fld]!r} ≠ old")
        elif fld in p["specs"]:
            if p["specs"][fld] != old: err(f"{cid}: specs.{fld} 当前值 {p['specs'][fld]!r} ≠ old")
        else: err(f"{cid}: 商品没有字段 {fld}")
    else:
        if fld != "text": err(f"{cid}: 政策/FAQ 的更正 field 应为 text")
        text = policies[t[7:]]["body"] if t.startswith("policy:") else faq[t[4:]]["answer"]
        if text.count(old) != 1: err(f"{cid}: old 在目标正文中出现 {text.count(old)} 次（应为1次）")
    q = c.get("question", {})
    check_question(q, f"{cid}.question", is_corr=True)
    if q.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    if t not in q.get("sources", []): err(f"{cid}: 验证题 sources 应包含 target")
    for m in q.get("must_include", []):
        if norm(m) not in norm(new): err(f"{cid}: 验证题 must_include {m!r} 不在 new 中")
    for m in q.get("must_not_include", []):
        if norm(m) not in norm(old): err(f"{cid}: 验证题 must_not_include {m!r} 不在 old 中")
    # qa.jsonl 不得依赖被更正的事实
    for d in qa:
        if t in d.get("sources", []):
            for m in d.get("must_include", []):
                if norm(m) and norm(m) in norm(old) and norm(m) not in norm(new):
                    err(f"{cid}: {d['id']} 的 must_include {m!r} 依赖被更正的旧值")

# ---------- README 数量
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for f, n in counts.items():
    m = re.search(r"^\| `" + re.escape(f) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表中没有 {f}")
    elif int(m.group(1)) != n: err(f"README: {f} 数量写的是 {m.group(1)}，实际 {n}")
tc = Counter(d.get("type") for d in qa); lc = Counter(d.get("lang") for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
if f"{nv}个商品有" not in readme: err(f"README: 应写明 {nv}个商品有 variants")

# ---------- 结果
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}，政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}；"
      f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
