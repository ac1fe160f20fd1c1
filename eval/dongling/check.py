#!/usr/bin/env python3
"""冬岭 DONGLING（大家电）评测集一致性校验（仅用标准库）。

用法：python3 check.py        退出码：0 = 无错误，1 = 有错误

知识库的读取用共享的 ../kbload.py（load_kb / read_jsonl / is_date），本脚本只做校验：
- 商品：必填字段（name_en 可缺省）、字段顺序、id 格式 DL-0000、商品名以"冬岭"开头、渠道合法、日期合法（停产晚于上市）、
  每个商品都有 specs（字符串值）、attributes 与 specs 不重键；variants 的 SKU 编码为 商品id-后缀、维度字段已知且各 SKU 一致、
  无重复 SKU/维度组合、price_cny = 最低 SKU 价；关系类型合法且指向存在的商品、不自关联；replaces 的旧款已停产、
  旧款 销售状态 写明新款名；refill_of 的商品类目为 耗材；套装 单品合计价值 = Σ 组件价 × 数量（规格中写了 SKU 编码时按该 SKU 价）；
  停产商品的 销售状态 写明停产日期、未上市商品的 上市状态 写明上市日期、活动限定商品的下架日期写在活动政策里；
  只在一个渠道销售的商品有 渠道说明。
- 本行业的交叉校验：商品 保修期 与《保修、延保与维修收费说明》的保修表一致；空调各匹数 SKU 的适用面积与 FAQ 选购说明一致；
  空调 安装说明 中的免费铜管长度与《安装服务与辅材收费标准》一致；燃气热水器的气源 SKU 写在安全要求里；
  每台整机都有 能效等级 且能在能效补贴表中找到对应档位；以旧换新政策覆盖全部整机类目、且不适用于抖音/小红书；
  渠道说明 中写到的渠道与 channels 一致；抖音渠道规则说不卖的服务类商品确实不在抖音销售；
  延保卡购买时限与保修说明一致；空调清洗服务城市与 FAQ 一致；楼层费在配送说明和 FAQ 中写法一致。
- 政策：front matter 键与顺序、id 与文件名一致、日期合法、channels/applies_to 合法、supersedes 存在且有效期首尾衔接、
  被取代版本写明新版本生效日、正文一级标题与 title 一致、《…》引用的文档存在。
- FAQ：id 格式 F000、字段非空。
- 问题（qa.jsonl 与 corrections 的验证题）：键与顺序、lang/channel/as_of/type 合法、sources 存在；引用的政策在提问日已生效，
  引用已过期版本时 note 说明按下单日期/活动订单；非拒答题的 must_include 都能在知识库原文中找到（按 README 的归一化：
  去空白、全角转半角、英文小写、中文日期转 YYYY-MM-DD），并尽量在其 sources 原文中；英文题 must_include 只用数字、
  name_en 片段或渠道名；must_not_include 与 must_include 不冲突，非拒答题的 must_not_include 是知识库里真实存在的写法；
  拒答题 must_include 为空；引用未上市商品的题必须是 temporal；题目带渠道时引用的商品/政策应适用于该渠道（否则警告）。
- 更正：target 存在；旧值与当前值一致或 old 子串在目标正文中恰好出现 1 次；验证题 must_include 在 new 中、
  must_not_include 在 old 中；qa.jsonl 没有题目依赖被更正的事实；被改价商品不是套装组件、没有 variants。
- README：题型/语言分布行、表格中的数量、有 variants 的商品数与实际一致。
"""
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
sys.path.insert(0, os.path.dirname(HERE))
from kbload import is_date, load_kb, read_jsonl as _read_jsonl  # noqa: E402

CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "color", "capacity", "dimensions", "pack", "hp", "cooling", "area", "unit", "gas", "term"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
REQUIRED_KEYS = [k for k in PRODUCT_KEYS if k not in ("name_en", "variants")]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
BRAND = "冬岭"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
def read_jsonl(path): return _read_jsonl(path, err)


def norm(s):
    """判定用归一化（README 的约定）：全角转半角（NFKC）、英文小写、去空白、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return s


# ---------------------------------------------------------------- 加载（../kbload.py）
raw, products, prod, policies, faq, _ = load_kb(KB, FM_KEYS, err)
raw_norm = {k: norm(v) for k, v in raw.items()}
def in_kb(s): return any(norm(s) in t for t in raw_norm.values())

ev_path = os.path.join(HERE, "eval.json")
ev = json.load(open(ev_path, encoding="utf-8")) if os.path.exists(ev_path) else {}
DEFAULT_AS_OF = ev.get("default_as_of")
if not is_date(DEFAULT_AS_OF or "") or not ev.get("name"):
    err("eval.json: 需要 default_as_of（日期）和 name")
    DEFAULT_AS_OF = "2025-12-01"

# ---------------------------------------------------------------- 商品
categories = {d.get("category") for d in prod.values()}
for d in products:
    if list(d) != [k for k in PRODUCT_KEYS if k in d]:
        err(f"{d.get('id')}: 字段顺序应为 {PRODUCT_KEYS}")
n_en = sum(1 for d in prod.values() if d.get("name_en"))
if n_en < len(prod) * 0.8:
    warn(f"只有 {n_en}/{len(prod)} 个商品有 name_en")
for pid, d in prod.items():
    for k in REQUIRED_KEYS:
        if k not in d:
            err(f"{pid}: 缺少字段 {k}")
    extra = set(d) - set(PRODUCT_KEYS)
    if extra:
        err(f"{pid}: 未知字段 {extra}")
    if not re.fullmatch(r"DL-\d{4}", pid or ""):
        err(f"{pid}: id 格式应为 DL-0000")
    if "name_en" in d and (not d["name_en"] or re.search(r"[\u4e00-\u9fff]", d["name_en"])):
        err(f"{pid}: name_en 为空或含中文")
    if not d.get("name", "").startswith(BRAND):
        err(f"{pid}: 商品名应以品牌名 {BRAND} 开头")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0:
        err(f"{pid}: price_cny 非正数")
    chs = d.get("channels") or []
    if not chs or not set(chs) <= CHANNELS or len(set(chs)) != len(chs):
        err(f"{pid}: channels 非法 {chs}")
    if not is_date(d.get("launched", "")):
        err(f"{pid}: launched 不是日期")
        continue
    disc = d.get("discontinued")
    if disc is not None and (not is_date(disc) or disc <= d["launched"]):
        err(f"{pid}: discontinued 日期错误")
    attrs, specs = d.get("attributes", {}), d.get("specs")
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        err(f"{pid}: attributes 须为字符串值的对象")
        attrs = {}
    if not isinstance(specs, dict) or not specs or not all(isinstance(v, str) for v in specs.values()):
        err(f"{pid}: specs 须为非空的字符串值对象")
        specs = {}
    for k in set(attrs) & set(specs):
        err(f"{pid}: 键 {k} 同时出现在 attributes 和 specs")
    for k in ("suitable_for", "not_suitable_for", "related"):
        if not isinstance(d.get(k), list):
            err(f"{pid}: {k} 须为列表")
    if disc and disc not in attrs.get("销售状态", ""):
        err(f"{pid}: 已停产但 attributes.销售状态 未写明停产日期 {disc}")
    if d["launched"] > DEFAULT_AS_OF and d["launched"] not in attrs.get("上市状态", ""):
        err(f"{pid}: 未上市商品的 attributes.上市状态 须写明上市日期 {d['launched']}")
    if len(chs) == 1 and "渠道说明" not in attrs:
        err(f"{pid}: 只在 {chs[0]} 销售但没有 渠道说明")
    # variants
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2:
            err(f"{pid}: variants 须为至少2个 SKU 的列表")
            vs = []
        for v in vs:
            sku = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku):
                err(f"{pid}: SKU {sku} 应为 商品id-后缀（大写字母/数字）")
            if not isinstance(v.get("price_cny"), (int, float)) or v.get("price_cny", 0) <= 0:
                err(f"{pid}: SKU {sku} 缺少 price_cny")
            if set(v) - VARIANT_DIMS:
                err(f"{pid}: SKU {sku} 有未知维度字段 {set(v) - VARIANT_DIMS}")
            if len(v) < 3:
                err(f"{pid}: SKU {sku} 没有规格维度字段")
            for k, val in v.items():
                if k != "price_cny" and not isinstance(val, str):
                    err(f"{pid}: SKU {sku} 的 {k} 应为字符串")
        if len({v.get("sku") for v in vs}) != len(vs):
            err(f"{pid}: SKU 重复")
        if len({frozenset(v) for v in vs}) > 1:
            err(f"{pid}: 各 SKU 的维度字段不一致")
        dims = [tuple((k, v[k]) for k in sorted(v) if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) != len(dims):
            err(f"{pid}: 存在维度值完全相同的 SKU")
        if vs and d.get("price_cny") != min(v["price_cny"] for v in vs):
            err(f"{pid}: price_cny 应等于最低 SKU 价（起售价）")
    # 关系
    seen_rel = set()
    for r in d.get("related", []):
        if r.get("type") not in REL_TYPES:
            err(f"{pid}: 关系类型非法 {r}")
        if r.get("id") not in prod:
            err(f"{pid}: 关系指向不存在的商品 {r}")
            continue
        if r.get("id") == pid:
            err(f"{pid}: 自关联")
        key = (r.get("type"), r.get("id"))
        if key in seen_rel:
            err(f"{pid}: 关系重复 {r}")
        seen_rel.add(key)
        other = prod[r["id"]]
        if r["type"] == "replaces":
            if not other.get("discontinued"):
                err(f"{pid}: replaces {other['id']} 但旧款未停产")
            elif d["launched"] < other["discontinued"]:
                warn(f"{pid}: 新款上市早于旧款停产（新旧并售）")
            status = other.get("attributes", {}).get("销售状态", "")
            if d["name"] not in status and d["name"].replace(BRAND, "", 1) not in status \
                    and re.sub(r"（.*?）$", "", d["name"]) not in status:
                err(f"{pid}: 旧款 {other['id']} 的 销售状态 未写明由 {d['name']} 替代")
        if r["type"] == "refill_of" and d.get("category") != "耗材":
            err(f"{pid}: refill_of 的商品类目应为 耗材")
        if r["type"] in ("compatible_with", "refill_of") and other.get("discontinued") and not d.get("discontinued") \
                and "适配说明" not in attrs:
            warn(f"{pid}: 配套对象 {other['id']} 已停产")
    # 套装：单品合计价值
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        spec = attrs.get("规格", "")
        parts = [p.strip() for p in spec.split(" + ")]
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(parts) != len(comps):
            err(f"{pid}: 规格项数 {len(parts)} 与 set_contains 数量 {len(comps)} 不一致")
        else:
            total = 0
            for c, q, part in zip(comps, qty, parts):
                if c not in prod:
                    continue
                cp = prod[c]
                price = cp["price_cny"]
                m = re.search(r"（(" + re.escape(c) + r"-[A-Z0-9]+)）", part)
                if m:
                    sku = {v["sku"]: v for v in cp.get("variants", [])}.get(m.group(1))
                    if not sku:
                        err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}")
                        continue
                    price = sku["price_cny"]
                elif "variants" in cp and len({v["price_cny"] for v in cp["variants"]}) > 1:
                    err(f"{pid}: 组件 {c} 各 SKU 不同价，规格中须写明 SKU 编码")
                total += price * q
                if cp["launched"] > d["launched"]:
                    err(f"{pid}: 组件 {c} 晚于套装上市")
                if cp.get("discontinued") and cp["discontinued"] < (d.get("discontinued") or "9999"):
                    err(f"{pid}: 组件 {c} 早于套装停产")
                if not set(d["channels"]) <= set(cp["channels"]):
                    warn(f"{pid}: 套装在 {set(d['channels']) - set(cp['channels'])} 销售，但组件 {c} 不在这些渠道单卖")
            want = attrs.get("单品合计价值", "")
            if want != f"{total:g}元":
                err(f"{pid}: 单品合计价值 {want} ≠ 计算值 {total:g}元")
            if d["price_cny"] >= total:
                err(f"{pid}: 套装价不低于单品合计价值")
    elif "单品合计价值" in attrs:
        err(f"{pid}: 有 单品合计价值 但没有 set_contains")

# ---------------------------------------------------------------- 政策
for pid, p in policies.items():
    fm, body = p["fm"], p["body"]
    if not is_date(fm.get("effective_from", "")):
        err(f"{pid}: effective_from 不是日期")
        continue
    et = fm.get("effective_to", "")
    if et != "null" and (not is_date(et) or et < fm["effective_from"]):
        err(f"{pid}: effective_to 错误 {et}")
    ch = fm.get("channels", "")
    if ch != "all":
        items = [x.strip() for x in ch.strip("[]").split(",")]
        if not (ch.startswith("[") and ch.endswith("]")) or not set(items) <= CHANNELS:
            err(f"{pid}: channels 非法 {ch}")
    at = fm.get("applies_to", "")
    if at != "all":
        if not (at.startswith("[") and at.endswith("]")):
            err(f"{pid}: applies_to 应为 all 或 [列表]")
        for x in at.strip("[]").split(","):
            if x.strip() not in prod and x.strip() not in categories:
                err(f"{pid}: applies_to 指向不存在的商品或类目 {x.strip()}")
    if not body.lstrip().startswith("# "):
        err(f"{pid}: 正文缺少一级标题")
    else:
        h1 = body.lstrip().split("\n", 1)[0][2:].strip()
        if fm.get("title", "") != h1:
            err(f"{pid}: 一级标题 {h1!r} 与 title {fm.get('title')!r} 不一致")
    sup = fm.get("supersedes", "null")
    if sup != "null":
        if sup not in policies:
            err(f"{pid}: supersedes 不存在 {sup}")
        else:
            old_to = policies[sup]["fm"].get("effective_to", "")
            if not is_date(old_to) or datetime.date.fromisoformat(old_to) + datetime.timedelta(days=1) != \
                    datetime.date.fromisoformat(fm["effective_from"]):
                err(f"{pid}: 与被取代版本 {sup} 的有效期不衔接")
            if policies[sup]["fm"].get("title", "") not in body:
                err(f"{pid}: 正文未提及被取代的《{policies[sup]['fm'].get('title')}》")
            if fm["effective_from"] not in policies[sup]["body"]:
                err(f"{sup}: 已被取代，但正文未写明新版本生效日 {fm['effective_from']}")
        if fm["effective_from"] not in body:
            err(f"{pid}: 正文未写明生效日 {fm['effective_from']}")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"].get("supersedes", "null") != "null"}
for pid, p in policies.items():
    et = p["fm"].get("effective_to")
    if pid in superseded and et == "null":
        err(f"{pid}: 已被取代但 effective_to 为 null")
    if is_date(et or "") and et not in p["body"] and pid not in superseded:
        err(f"{pid}: 有截止日期 {et}，但正文未写明")
# 政策正文中《…》引用的文档都存在（按标题前缀匹配，如《退换货政策》指现行版本）
titles = [p["fm"]["title"] for p in policies.values()]
for pid, p in policies.items():
    for t in re.findall(r"《(.+?)》", p["body"]):
        if not any(x == t or x.startswith(t) for x in titles):
            err(f"{pid}: 引用了不存在的文档《{t}》")
for fid, f in faq.items():
    for t in re.findall(r"《(.+?)》", f["answer"]):
        if not any(x == t or x.startswith(t) for x in titles):
            err(f"faq {fid}: 引用了不存在的文档《{t}》")

# 活动限定商品的下架日期写在活动政策里
for pid, d in prod.items():
    if d.get("discontinued") and "限定" in d["attributes"].get("销售状态", ""):
        if not any(d["name"] in p["body"] and d["discontinued"] in p["body"] for p in policies.values()):
            err(f"{pid}: 限定商品的下架日期 {d['discontinued']} 未在任何活动政策中出现")

# ---------------------------------------------------------------- 本行业的交叉校验
def body_of(pid):
    if pid not in policies:
        err(f"缺少政策 {pid}")
        return ""
    return policies[pid]["body"]


APPLIANCE_CATS = {"冰箱", "冷柜", "洗衣机", "烘干机", "空调", "热水器"}
CH_NAMES = {"天猫": "tmall", "抖音": "douyin", "小红书": "xiaohongshu", "微信小程序": "wechat", "官网": "web"}

# 保修期：商品的 保修期 与保修表一致（"整机N年，部件M年" 对应表中一行 | N年 | 部件M年 |；"1年" 对应配件行）
warranty = body_of("dl-warranty")
w_rows = [tuple(c.strip() for c in ln.strip().strip("|").split("|")) for ln in warranty.splitlines()
          if ln.startswith("|") and not ln.startswith("|---")]
for pid, d in prod.items():
    w = d["attributes"].get("保修期")
    if not w:
        if d["category"] in APPLIANCE_CATS:
            err(f"{pid}: 整机缺少 保修期")
        continue
    m = re.fullmatch(r"整机(\d+年)，(.+?\d+年)", w)
    if m:
        if not any(len(r) == 3 and r[1] == m.group(1) and r[2] == m.group(2) for r in w_rows):
            err(f"{pid}: 保修期 {w} 在《保修、延保与维修收费说明》的保修表中找不到对应行")
    elif w == "1年":
        if not any(len(r) == 3 and r[0] == "配件" and r[1] == "1年" for r in w_rows):
            err(f"{pid}: 保修期 1年 与保修表的配件行不一致")
    else:
        err(f"{pid}: 保修期 写法应为 整机N年，部件M年 或 1年")
if "整机及主要部件保修期均为1年" not in warranty:
    err("dl-warranty: 缺少商业用途保修说明")

# 空调：匹数 SKU 的适用面积与 FAQ 选购说明一致；1.5匹单品的 适用面积 与 SKU 一致
f006 = faq.get("F006", {}).get("answer", "")
area_of = {}
for pid, d in prod.items():
    for v in d.get("variants", []):
        if "hp" in v:
            area_of.setdefault(v["hp"], set()).add(v["area"])
            if f"{v['hp']}约{v['area']}" not in f006:
                err(f"{pid}: SKU {v['sku']} 的 {v['hp']}/{v['area']} 与 FAQ F006 不一致")
for pid, d in prod.items():
    if d["category"] == "空调" and "1.5匹" in d["name"] and d["specs"].get("适用面积") not in area_of.get("1.5匹", set()):
        err(f"{pid}: 1.5匹空调的 适用面积 与清风1.5匹 SKU 不一致")

# 空调：免费铜管长度与安装标准一致
install = body_of("dl-install")
for pid, d in prod.items():
    m = re.search(r"含(\d+米)连接铜管", d["attributes"].get("安装说明", ""))
    if not m:
        continue
    kind = "挂式空调" if "挂式" in d["name"] else "柜式空调" if "柜式" in d["name"] else "风管机" if "风管机" in d["name"] else None
    row = next((r for r in re.findall(r"^\| (.+?) \| (.+?) \|$", install, re.M) if r[0] == kind), None)
    if not row or not row[1].startswith(m.group(1) + "连接铜管"):
        err(f"{pid}: 安装说明 的免费铜管 {m.group(1)} 与《安装服务与辅材收费标准》中 {kind} 的免费范围不一致")

# 燃气热水器：气源 SKU 写在安全要求里
for pid, d in prod.items():
    for v in d.get("variants", []):
        if "gas" in v:
            code = re.search(r"（(\w+)）", v["gas"]).group(1)
            if f"（{code}）" not in install:
                err(f"{pid}: 气源 {v['gas']} 未写在《安装服务与辅材收费标准》的燃气安全要求中")

# 能效等级：每台整机都有，且能在补贴表中找到档位
tradein = body_of("dl-trade-in")
tiers = re.findall(r"^\| ([^|]*能效[^|]*) \| ([^|]+) \| ([^|]+) \|$", tradein, re.M)
tier_names = {x.strip() for t in tiers for x in t[0].split("、")}
if not tiers:
    err("dl-trade-in: 找不到能效补贴表")
for pid, d in prod.items():
    if d["category"] in APPLIANCE_CATS:
        g = d["specs"].get("能效等级")
        if not g:
            err(f"{pid}: 整机缺少 specs.能效等级")
        elif g not in tier_names:
            err(f"{pid}: 能效等级 {g} 不在能效补贴表中")

# 以旧换新：覆盖全部整机类目，不适用于抖音/小红书
fm = policies.get("dl-trade-in", {}).get("fm", {})
if {x.strip() for x in fm.get("applies_to", "").strip("[]").split(",")} != {d["category"] for d in prod.values()} & APPLIANCE_CATS:
    err("dl-trade-in: applies_to 应正好是全部整机类目")
if {"douyin", "xiaohongshu"} & {x.strip() for x in fm.get("channels", "").strip("[]").split(",")}:
    err("dl-trade-in: 正文说抖音、小红书不支持，channels 却包含它们")

# 渠道说明 中写到的渠道与 channels 一致
for pid, d in prod.items():
    s = d["attributes"].get("渠道说明")
    if not s:
        continue
    named = {c for n, c in CH_NAMES.items() if n in s}
    if named != set(d["channels"]):
        err(f"{pid}: 渠道说明 提到 {sorted(named)}，channels 为 {sorted(d['channels'])}")

# 抖音渠道规则说不销售延保卡和清洗服务
if "不销售延保服务卡和空调深度清洗服务" in body_of("dl-douyin-aftersale"):
    for pid, d in prod.items():
        if d["category"] in ("延保服务", "服务") and "douyin" in d["channels"]:
            err(f"{pid}: 抖音渠道规则说不销售，但 channels 含 douyin")

# 延保卡购买时限与保修说明一致
for pid, d in prod.items():
    if d["category"] == "延保服务":
        m = re.search(r"签收后(\d+天)内", d["attributes"].get("购买时限", ""))
        if not m or f"签收后{m.group(1)}内购买" not in warranty:
            err(f"{pid}: 购买时限 与《保修、延保与维修收费说明》不一致")

# 空调清洗服务城市与 FAQ 一致
for pid, d in prod.items():
    cities = d["attributes"].get("服务城市")
    if cities and cities not in faq.get("F028", {}).get("answer", ""):
        err(f"{pid}: 服务城市 {cities} 与 FAQ F028 不一致")

# 楼层费写法一致
if "每台每层加收20元" not in body_of("dl-shipping") or "每台每层加收20元" not in faq.get("F024", {}).get("answer", ""):
    err("楼层费：配送说明与 FAQ F024 不一致")

# FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid):
        err(f"faq {fid}: id 格式应为 F+3位数字")
    if not (f["question"].strip() and f["answer"].strip() and all(t.strip() for t in f["tags"])):
        err(f"faq {fid}: question/answer/tags 不能为空")


# ---------------------------------------------------------------- 问题
def policy_channels(pid):
    ch = policies[pid]["fm"]["channels"]
    return CHANNELS if ch == "all" else {x.strip() for x in ch.strip("[]").split(",")}


def check_question(d, where, allow_types):
    if list(d) != QA_KEYS:
        err(f"{where}: 键应为 {QA_KEYS}")
    if d.get("lang") not in ("zh", "en"):
        err(f"{where}: lang 非法")
    if d.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", d.get("question", "")):
        err(f"{where}: 英文题中含中文")
    if d.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", d.get("question", "")):
        err(f"{where}: 中文题中没有中文")
    if d.get("channel") is not None and d["channel"] not in CHANNELS:
        err(f"{where}: channel 非法")
    if d.get("as_of") is not None and not is_date(d["as_of"]):
        err(f"{where}: as_of 非日期")
    t = d.get("type")
    if t not in allow_types:
        err(f"{where}: type 非法 {t}")
    if not isinstance(d.get("refuse"), bool):
        err(f"{where}: refuse 应为布尔值")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])):
            err(f"{where}: {k} 须为非空字符串的列表")
    if not d.get("note"):
        err(f"{where}: 缺少 note")
    day = d.get("as_of") or DEFAULT_AS_OF
    if len(set(d.get("sources", []))) != len(d.get("sources", [])):
        err(f"{where}: sources 重复")
    for s in d.get("sources", []):
        if s not in raw:
            err(f"{where}: source 不存在 {s}")
            continue
        kind, _, sid = s.partition(":")
        if kind == "policy":
            fm = policies[sid]["fm"]
            if fm["effective_from"] > day:
                err(f"{where}: 引用的政策 {sid} 在提问日 {day} 尚未生效")
            if is_date(fm["effective_to"]) and fm["effective_to"] < day and not re.search(r"下单|活动订单", d.get("note", "")):
                err(f"{where}: 引用了提问日 {day} 已过期的 {sid}，note 未说明按下单日期/活动订单")
            if d.get("channel") and t not in ("channel", "correction") and d["channel"] not in policy_channels(sid):
                warn(f"{where}: 政策 {sid} 不适用于渠道 {d['channel']}")
        if kind == "product":
            p = prod[sid]
            if d.get("channel") and t not in ("channel", "correction") and d["channel"] not in p["channels"]:
                warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
            if p["launched"] > day and t not in ("temporal", "correction"):
                err(f"{where}: 商品 {sid} 在提问日 {day} 尚未上市，题型应为 temporal")
    pol_src = [s.partition(":")[2] for s in d.get("sources", []) if s.startswith("policy:")]
    for s in pol_src:
        sup = policies.get(s, {}).get("fm", {}).get("supersedes")
        if sup in pol_src:
            err(f"{where}: 同时引用了 {s} 与其被取代版本 {sup}")
    if d.get("refuse"):
        if t != "refusal":
            err(f"{where}: refuse=true 但 type 不是 refusal")
        if d.get("must_include"):
            err(f"{where}: 拒答题 must_include 应为空")
        if d.get("sources"):
            warn(f"{where}: 拒答题带了 sources")
        return
    if t == "refusal":
        err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"):
        err(f"{where}: 非拒答题缺少 must_include")
    if not d.get("sources"):
        err(f"{where}: 非拒答题缺少 sources")
    src_norm = [raw_norm[s] for s in d.get("sources", []) if s in raw]
    for mi in d.get("must_include", []):
        if len(mi) > (24 if d.get("lang") == "en" else 16):
            warn(f"{where}: must_include {mi!r} 过长（应只写取值）")
        if t == "correction":
            continue
        if not in_kb(mi):
            err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif not any(norm(mi) in s for s in src_norm):
            warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
    if d.get("lang") == "en":
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in norm(p.get("name_en", "")) for p in prod.values())
                    or norm(mi) in CHANNELS):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    mi_norm = [norm(x) for x in d.get("must_include", [])]
    for mn in d.get("must_not_include", []):
        if any(norm(mn) == x or norm(mn) in x for x in mi_norm):
            err(f"{where}: must_not_include {mn!r} 与 must_include 冲突")
        if t != "correction" and not in_kb(mn):
            err(f"{where}: must_not_include {mn!r} 不是知识库中的写法（应为被取代版本的数值等）")


qa = read_jsonl(os.path.join(HERE, "qa.jsonl"))
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}":
        err(f"qa.jsonl 第{i}行: id 应为 q{i:03d}")
    check_question(d, d.get("id", "?"), TYPES)
for k, n in collections.Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa).items():
    if n > 1:
        err(f"qa.jsonl: 完全相同的题目（含 as_of、channel）出现 {n} 次：{k[0]}")

# ---------------------------------------------------------------- 更正
corrections = read_jsonl(os.path.join(HERE, "corrections.jsonl"))
corrected = []
for c in corrections:
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if list(c) != ["id", "target", "field", "old", "new", "reason", "question"]:
        err(f"{cid}: 键应为 id,target,field,old,new,reason,question")
    if not (isinstance(old, str) and isinstance(new, str)) or old == new:
        err(f"{cid}: old/new 须为不同的字符串")
        continue
    kind, _, tid = (tgt or "").partition(":")
    if tgt not in raw:
        err(f"{cid}: target 不存在 {tgt}")
        continue
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old:
                err(f"{cid}: 旧价格 {old} ≠ 当前 {p['price_cny']}")
            if "variants" in p:
                err(f"{cid}: 有 variants 的商品不能只改 price_cny")
            for sp in prod.values():
                if any(r.get("type") == "set_contains" and r.get("id") == tid for r in sp.get("related", [])):
                    err(f"{cid}: {tid} 是套装 {sp['id']} 的组件，改价会使其 单品合计价值 失真")
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            cur = p.get("attributes", {}).get(field, p.get("specs", {}).get(field))
            if cur != old:
                err(f"{cid}: {field} 当前值 {cur!r} ≠ old {old!r}")
        else:
            err(f"{cid}: 商品 {tid} 无字段 {field}")
    elif field == "text":
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        n = body.count(old)
        if n != 1:
            err(f"{cid}: old 子串在目标中出现 {n} 次（应为1次）")
    else:
        err(f"{cid}: {kind} 目标只能用 field=text")
    q = c.get("question", {})
    if q.get("id") != "q" + (cid or ""):
        err(f"{cid}: question.id 应为 q{cid}")
    check_question(q, f"{cid}.question", {"correction"})
    if tgt not in q.get("sources", []):
        err(f"{cid}: question.sources 应包含 target")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new):
            err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old):
            err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    corrected.append((tgt, old))
if len({c.get("id") for c in corrections}) != len(corrections):
    err("corrections.jsonl: id 重复")
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) in norm(old) and len(norm(mi)) > 2
                                               for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")
for tgt, old in corrected:
    if not tgt.startswith(("policy:", "faq:")):
        continue
    others = [k for k, v in raw.items() if k != tgt and old in v]
    if others:
        warn(f"更正 {tgt} 的 old {old!r} 也出现在 {others}，更正后将不一致")

# ---------------------------------------------------------------- 汇总与 README 计数
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
type_line = "题型分布：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())) + \
            "；语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())) + "。"
readme_path = os.path.join(HERE, "README.md")
if os.path.exists(readme_path):
    readme = open(readme_path, encoding="utf-8").read()
    if type_line not in readme:
        err(f"README.md: 题型分布行应为：{type_line}")
    for label, n in [("`kb/products.jsonl`", len(prod)), ("`kb/policies/*.md`", len(policies)), ("`kb/faq.csv`", len(faq)),
                     ("`qa.jsonl`", len(qa)), ("`corrections.jsonl`", len(corrections))]:
        m = re.search(re.escape(label) + r".*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if not m or int(m.group(1)) != n:
            err(f"README.md: {label} 的数量应为 {n}")
    nv = sum("variants" in d for d in prod.values())
    if f"{nv}个商品有 `variants`" not in readme:
        err(f"README.md: 应写明 {nv}个商品有 `variants`")
else:
    err("缺少 README.md")

print(f"商品 {len(prod)}（含 specs {sum('specs' in d for d in prod.values())}，含 variants {sum('variants' in d for d in prod.values())}，"
      f"含 name_en {n_en}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print("题型：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())))
print("语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())))
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print("as_of：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter('null' if d.get('as_of') is None else 'set' for d in qa).items())))
for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
