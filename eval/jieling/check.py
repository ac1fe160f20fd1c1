#!/usr/bin/env python3
"""洁翎 JIELING（家居清洁日化）评测集一致性校验（仅用标准库）。

用法：python3 check.py        退出码：0 = 无错误，1 = 有错误

知识库的读取（products.jsonl、policies/*.md 的 YAML front matter、faq.csv、各来源原文）使用上一级目录的
共享模块 ../kbload.py，本脚本不再复制加载代码。

校验内容：
- 商品：字段与顺序、id 格式（JL-0000）、渠道合法、日期合法（停产晚于上市）、specs 为非空字符串对象；
  variants 的 SKU 编码以商品 id 开头、维度字段已知且各 SKU 一致、无重复、price_cny = 最低 SKU 价，
  SKU 维度（香型/净含量/容量/数量）不与 SPU specs 重复；关系类型合法、指向存在的商品、不自关联；
  replaces 的旧款已停产且 销售状态 写明替代商品；refill_of 的商品类目为 替换装；
  套装 单品合计价值 = Σ 组件价 × 数量（规格中写了 SKU 编码时按该 SKU 价），组件不晚于套装上市；
  停产商品 销售状态 写明停产日期，未上市商品 上市状态 写明上市日期，限定商品下架日期与活动政策一致。
- 政策：front matter 取值合法、applies_to 指向存在的商品或类目、正文一级标题与 title 一致、
  新旧版本有效期首尾衔接、双方正文写明生效日与截止日。
- FAQ：id 格式、字段非空、标签非空。
- 问题（qa.jsonl 与更正验证题）：键与顺序、lang/channel/as_of/type 合法、sources 存在；
  引用的政策在提问日已生效，引用提问日已过期的版本时 note 须说明按下单日期或活动订单；
  同一题不同时引用新旧两个版本；未上市商品只出现在 temporal 题；
  非拒答题的 must_include 都在知识库原文中（按 README 的归一化：NFKC、小写、去空白、中文日期转 YYYY-MM-DD），
  并尽量在其 sources 原文中；英文题 must_include 只能是数字、name_en 片段或渠道名；
  must_not_include 与 must_include 不冲突且（非拒答题）为知识库中的真实写法；拒答题 must_include 为空。
- 更正：target 存在；old 与当前值一致（price_cny / attributes / specs），或 old 子串在政策正文/FAQ 答案中恰好出现1次；
  验证题 must_include 在 new 中、must_not_include 在 old 中；qa.jsonl 中没有题目依赖被更正的事实；
  被改价的商品不是套装组件。
- README：题型/语言分布行与表格中的数量与实际一致。
"""
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402  (../kbload.py)

KB = os.path.join(HERE, "kb")
ID_RE = r"JL-\d{4}"
BRAND = "洁翎"
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "net_weight", "volume", "pack", "scent", "count", "color"}
# SKU 维度 -> SPU specs 中不应再出现的同义规格
DIM_SPEC_CLASH = {"scent": ["香型"], "net_weight": ["净含量"], "volume": ["净含量", "容量"], "count": ["规格", "每盒颗数"],
                  "color": ["颜色"]}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def is_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    return kbload.is_date(s)


def norm(s):
    """README 约定的判定归一化：全角转半角（NFKC）、英文小写、去空白、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"\s+", "", s)
    return re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
                  lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)


# ---------------------------------------------------------------- 加载（共享模块）
raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
all_norm = [norm(t) for t in raw.values()]
def in_kb(s): return any(norm(s) in t for t in all_norm)

ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
DEFAULT_AS_OF = ev.get("default_as_of")
if not is_date(DEFAULT_AS_OF or "") or not ev.get("name"):
    err("eval.json: 需要 default_as_of（日期）和 name")
    DEFAULT_AS_OF = "2025-12-01"

# ---------------------------------------------------------------- 商品
categories = {d.get("category") for d in prod.values()}
for pid, d in prod.items():
    keys = [k for k in PRODUCT_KEYS if k in d]
    if list(d) != keys:
        err(f"{pid}: 字段顺序应为 {PRODUCT_KEYS}（variants 可选），实际 {list(d)}")
    for k in PRODUCT_KEYS:
        if k not in d and k != "variants":
            err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(ID_RE, pid or ""):
        err(f"{pid}: id 格式应为 JL-0000")
    if not d.get("name", "").startswith(BRAND):
        err(f"{pid}: name 应以品牌名 {BRAND} 开头")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0:
        err(f"{pid}: price_cny 非正数")
    chs = d.get("channels") or []
    if not chs or not set(chs) <= CHANNELS or len(set(chs)) != len(chs):
        err(f"{pid}: channels 非法 {chs}")
    if not is_date(d.get("launched", "")):
        err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None and (not is_date(disc) or disc <= d.get("launched", "")):
        err(f"{pid}: discontinued 日期错误")
    attrs, specs = d.get("attributes", {}), d.get("specs")
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        err(f"{pid}: attributes 须为字符串值的对象")
        attrs = {}
    if not isinstance(specs, dict) or not specs or not all(isinstance(v, str) for v in specs.values()):
        err(f"{pid}: specs 须为非空的字符串值对象")
        specs = {}
    if set(attrs) & set(specs):
        err(f"{pid}: attributes 与 specs 有同名键 {set(attrs) & set(specs)}（更正目标会不唯一）")
    for k in ("suitable_for", "not_suitable_for", "related"):
        if not isinstance(d.get(k), list):
            err(f"{pid}: {k} 须为列表")
    if disc and disc not in attrs.get("销售状态", ""):
        err(f"{pid}: 已停产但 attributes.销售状态 未写明停产日期 {disc}")
    if d.get("launched", "") > DEFAULT_AS_OF and d["launched"] not in attrs.get("上市状态", ""):
        err(f"{pid}: 未上市商品的 attributes.上市状态 须写明上市日期 {d['launched']}")
    if len(chs) < len(CHANNELS) and "渠道说明" not in attrs and d.get("category") not in ("替换装", "套装", "清洁工具") \
            and d.get("launched", "") <= DEFAULT_AS_OF and not disc:
        warn(f"{pid}: 只在部分渠道销售 {chs} 但没有 渠道说明")
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
            if not sku.startswith(pid + "-"):
                err(f"{pid}: SKU {sku} 不以商品 id 开头")
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0:
                err(f"{pid}: SKU {sku} 的 price_cny 非正数")
            if set(v) - VARIANT_DIMS:
                err(f"{pid}: SKU {sku} 有未知维度字段 {set(v) - VARIANT_DIMS}")
            if len(v) < 3:
                err(f"{pid}: SKU {sku} 没有规格维度字段")
            for k, val in v.items():
                if k != "price_cny" and not isinstance(val, str):
                    err(f"{pid}: SKU {sku} 的 {k} 应为字符串")
            for dim, clash in DIM_SPEC_CLASH.items():
                if dim in v and any(c in specs for c in clash):
                    err(f"{pid}: SKU 已区分 {dim}，SPU specs 不应再写 {clash}")
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
        if r["type"] == "replaces":
            old = prod[r["id"]]
            if not old.get("discontinued"):
                err(f"{pid}: replaces {old['id']} 但旧款未停产")
            elif d["launched"] < old["discontinued"]:
                warn(f"{pid}: 新款上市早于旧款停产（新旧并售）")
            if d["name"] not in old.get("attributes", {}).get("销售状态", ""):
                err(f"{pid}: 旧款 {old['id']} 的 销售状态 未写明由 {d['name']} 替代")
        if r["type"] == "refill_of":
            if d.get("category") != "替换装":
                err(f"{pid}: refill_of 的商品类目应为 替换装")
            if set(d["channels"]) - set(prod[r["id"]]["channels"]):
                err(f"{pid}: 替换装在主商品不销售的渠道上架 {set(d['channels']) - set(prod[r['id']]['channels'])}")
        if r["type"] == "compatible_with" and prod[r["id"]].get("discontinued"):
            warn(f"{pid}: 配套对象 {r['id']} 已停产")
    # 套装：单品合计价值
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        if d.get("category") != "套装":
            err(f"{pid}: 有 set_contains 但类目不是 套装")
        parts = [p.strip() for p in attrs.get("规格", "").split(" + ")]
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(parts) != len(comps):
            err(f"{pid}: 规格项数 {len(parts)} 与 set_contains 数量 {len(comps)} 不一致")
        else:
            total = 0
            for c, n, part in zip(comps, qty, parts):
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
                if cp["name"].split("（")[0] not in part:
                    err(f"{pid}: 规格项 {part!r} 未写明组件名 {cp['name']}")
                total += price * n
                if cp["launched"] > d["launched"]:
                    err(f"{pid}: 组件 {c} 晚于套装上市")
                if cp.get("discontinued") and cp["discontinued"] < (d.get("discontinued") or "9999"):
                    warn(f"{pid}: 组件 {c} 早于套装停产")
            want = attrs.get("单品合计价值", "")
            if want != f"{round(total, 2):g}元":
                err(f"{pid}: 单品合计价值 {want} ≠ 计算值 {round(total, 2):g}元")
            if d["price_cny"] >= total:
                warn(f"{pid}: 套装价不低于单品合计价值")
    elif "单品合计价值" in attrs:
        err(f"{pid}: 有 单品合计价值 但没有 set_contains")

# ---------------------------------------------------------------- 政策
for pid, p in policies.items():
    fm, body = p["fm"], p["body"]
    if not is_date(fm.get("effective_from", "")):
        err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to", "")
    if et != "null" and (not is_date(et) or et < fm.get("effective_from", "")):
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
            elif x.strip() in prod and prod[x.strip()]["name"] not in body and \
                    prod[x.strip()]["name"].split("（")[0] not in body:
                warn(f"{pid}: applies_to 中的 {x.strip()} 未在正文出现")
    if not body.lstrip().startswith("# "):
        err(f"{pid}: 正文缺少一级标题")
    else:
        h1 = body.lstrip().split("\n", 1)[0][2:].strip()
        if fm.get("title", "") not in h1:
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
                warn(f"{pid}: 正文未提及被取代的《{policies[sup]['fm'].get('title')}》")
            if fm["effective_from"] not in policies[sup]["body"]:
                err(f"{sup}: 已被取代，但正文未写明新版本生效日 {fm['effective_from']}")
        if fm["effective_from"] not in body:
            err(f"{pid}: 正文未写明生效日 {fm['effective_from']}")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"].get("supersedes", "null") != "null"}
for pid, p in policies.items():
    et = p["fm"].get("effective_to")
    if pid in superseded and et == "null":
        err(f"{pid}: 已被取代但 effective_to 为 null")
    if is_date(et or "") and et not in p["body"]:
        err(f"{pid}: 有截止日期 {et}，但正文未写明")

# 限定商品的下架日期与活动政策一致
for pid, d in prod.items():
    if d.get("discontinued") and "限定" in d["attributes"].get("销售状态", ""):
        if not any(d["name"] in p["body"] and d["discontinued"] in p["body"] for p in policies.values()):
            err(f"{pid}: 限定商品的下架日期 {d['discontinued']} 未在任何活动政策中出现")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid):
        err(f"faq {fid}: id 格式应为 F+3位数字")
    if not (f["question"].strip() and f["answer"].strip()) or any(not t.strip() for t in f["tags"]):
        err(f"faq {fid}: question/answer/tags 不能为空")


# ---------------------------------------------------------------- 问题
def check_question(d, where, allow_types):
    if list(d) != QA_KEYS:
        err(f"{where}: 键应为 {QA_KEYS}")
    lang, t = d.get("lang"), d.get("type")
    if lang not in ("zh", "en"):
        err(f"{where}: lang 非法")
    has_han = bool(re.search(r"[\u4e00-\u9fff]", d.get("question", "")))
    if lang == "en" and has_han:
        err(f"{where}: 英文题中含中文")
    if lang == "zh" and not has_han:
        err(f"{where}: 中文题中没有中文")
    if d.get("channel") is not None and d["channel"] not in CHANNELS:
        err(f"{where}: channel 非法")
    if d.get("as_of") is not None and not is_date(d["as_of"]):
        err(f"{where}: as_of 非日期")
    if t not in allow_types:
        err(f"{where}: type 非法 {t}")
    if not isinstance(d.get("refuse"), bool):
        err(f"{where}: refuse 应为布尔值")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])):
            err(f"{where}: {k} 须为非空字符串列表")
    if not d.get("note"):
        err(f"{where}: 缺少 note")
    day = d.get("as_of") or DEFAULT_AS_OF
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
            if d.get("channel") and fm["channels"] != "all" and t not in ("channel", "correction") \
                    and d["channel"] not in fm["channels"].strip("[]").replace(" ", "").split(","):
                warn(f"{where}: 政策 {sid} 不适用渠道 {d['channel']}")
        if kind == "product":
            p = prod[sid]
            if d.get("channel") and t not in ("channel", "correction") and d["channel"] not in p["channels"]:
                warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
            if p["launched"] > day and t != "temporal":
                err(f"{where}: 商品 {sid} 在提问日 {day} 尚未上市，题型应为 temporal")
    pol_src = [s.partition(":")[2] for s in d.get("sources", []) if s.startswith("policy:")]
    for s in pol_src:
        if policies.get(s, {}).get("fm", {}).get("supersedes") in pol_src:
            err(f"{where}: 同时引用了 {s} 与其被取代版本")
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
    src_norm = [norm(raw[s]) for s in d.get("sources", []) if s in raw]
    for mi in d.get("must_include", []):
        if len(mi) > (24 if lang == "en" else 16):
            warn(f"{where}: must_include {mi!r} 过长（应只写取值）")
        if t == "correction":
            continue
        if not in_kb(mi):
            err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif not any(norm(mi) in s for s in src_norm):
            warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
    if lang == "en":
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in norm(p.get("name_en", "")) for p in prod.values())
                    or norm(mi) in CHANNELS):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    mi_norm = [norm(x) for x in d.get("must_include", [])]
    for mn in d.get("must_not_include", []):
        if any(norm(mn) in x or x in norm(mn) for x in mi_norm):
            err(f"{where}: must_not_include {mn!r} 与 must_include 冲突")
        if t != "correction" and not in_kb(mn):
            err(f"{where}: must_not_include {mn!r} 不是知识库中的写法（应为被取代版本的数值等）")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}":
        err(f"qa.jsonl 第{i}行: id 应为 q{i:03d}")
    check_question(d, d.get("id", "?"), TYPES)
for k, n in collections.Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa).items():
    if n > 1:
        err(f"qa.jsonl: 完全相同的题目（含 as_of、channel）出现 {n} 次：{k[0]}")

# ---------------------------------------------------------------- 更正
corrections = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
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
                err(f"{cid}: 有 variants 的商品不能只改 price_cny（SKU 价无法更正）")
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
        if body.count(old) != 1:
            err(f"{cid}: old 子串在目标中出现 {body.count(old)} 次（应为1次）")
    else:
        err(f"{cid}: {kind} 目标只能用 field=text")
    qd = c.get("question", {})
    if qd.get("id") != "q" + (cid or ""):
        err(f"{cid}: question.id 应为 q{cid}")
    check_question(qd, f"{cid}.question", {"correction"})
    if tgt not in qd.get("sources", []):
        err(f"{cid}: question.sources 应包含 target")
    for mi in qd.get("must_include", []):
        if norm(mi) not in norm(new):
            err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in qd.get("must_not_include", []):
        if norm(mn) not in norm(old):
            err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    corrected.append((tgt, old))
if len({c.get("id") for c in corrections}) != len(corrections):
    err("corrections.jsonl: id 重复")
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) == norm(old) for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")
# 同一事实在别处也有原文（如 FAQ 与政策重复）时，更正后会前后矛盾
for tgt, old in corrected:
    if not tgt.startswith(("policy:", "faq:")):
        continue
    others = [k for k, v in raw.items() if k != tgt and old in v]
    if others:
        warn(f"更正 {tgt} 的 old {old!r} 也出现在 {others}，更正后将不一致")

# ---------------------------------------------------------------- README 计数
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
    if f"{nv}个商品有" not in readme:
        err(f"README.md: 应写明 variants 的商品数（{nv}个商品有）")
else:
    err("缺少 README.md")

print(f"商品 {len(prod)}（含 variants {sum('variants' in d for d in prod.values())}），政策 {len(policies)}，"
      f"FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
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
