#!/usr/bin/env python3
"""云裳 YUNSHANG（女装）评测集一致性校验。只用标准库；知识库的读取交给 ../kbload.py。

用法：python3 check.py        退出码：0 = 无错误，1 = 有错误

校验内容：
- 商品：字段与顺序、id 格式（YS-0000）、渠道、日期（停产晚于上市）、specs/attributes 为字符串值对象；
  variants：SKU 编码以商品 id 开头、维度字段已知且各 SKU 一致、维度组合不重复、price_cny = 最低 SKU 价，
  SKU 已区分的维度（衣长/裙长/裤长）不再写在 SPU specs 中；
  关系：类型合法、指向存在、不自关联；replaces 的旧款已停产、新款上市不早于旧款停产、旧款 销售状态 写明新款名称；
  refill_of 的商品类目为 替换装；套装 单品合计价值 = Σ 组件价（规格中写了 SKU 编码时按该 SKU 价），组件不晚于套装上市；
  停产商品 销售状态 写明停产/下架日期；未上市商品 上市状态 写明上市日期；活动限定商品的下架日期写在活动规则中。
- 政策：front matter（由 kbload 检查键与顺序）、日期、channels/applies_to、supersedes 与有效期首尾衔接、
  被取代版本正文写明新版本生效日、有截止日期的政策正文写明截止日、一级标题与 title 一致。
- FAQ：id 格式、字段非空。
- 问题（qa.jsonl 与 corrections 中的验证题）：键与顺序、取值合法、sources 存在；引用的政策在提问日已生效，
  引用已过期版本时 note 说明按下单日期/活动订单；不同时引用同一政策的新旧两版；
  非拒答题的 must_include 都能在知识库原文中找到（按 README 的归一化），并尽量在其 sources 原文中；
  英文题 must_include 只能是数字、name_en 片段或渠道名；must_not_include 与 must_include 不冲突、
  非拒答题的 must_not_include 是知识库中真实存在的写法；拒答题 must_include 与 sources 为空；
  提问日尚未上市的商品只出现在 temporal 题中；非渠道题带渠道时，引用的商品应在该渠道有售（警告）。
- 更正：target 存在；old 等于当前值（price_cny / attributes / specs）或 old 在政策正文、FAQ 答案中恰好出现1次；
  验证题 must_include 在 new 中、must_not_include 在 old 中；qa.jsonl 不依赖被更正的事实；被改价的商品不是套装组件；
  有 variants 的商品不能只改 price_cny。
- README：题型分布行、语言分布、文件表中的数量与实际一致。
"""
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # 不在 ../ 留下 __pycache__
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"sku", "price_cny", "size", "color", "bust", "waist", "hip", "length", "sleeve", "fill", "version", "pack"}
LENGTH_SPECS = {"衣长", "裙长", "裤长"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources",
           "refuse", "note"]
BRAND = "云裳"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def is_date(s):
    return isinstance(s, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) is not None and kbload.is_date(s)


def norm(s):
    """README 的判定归一化：全角转半角（NFKC）、英文小写、去空白、中文日期转 YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return s


# ---------------------------------------------------------------- 加载
raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
raw_norm = {k: norm(v) for k, v in raw.items()}
def in_kb(s): return any(norm(s) in t for t in raw_norm.values())

ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
DEFAULT_AS_OF = ev.get("default_as_of")
if not is_date(DEFAULT_AS_OF or "") or not ev.get("name"):
    err("eval.json: 需要 default_as_of（日期）和 name")
    DEFAULT_AS_OF = "2025-12-01"

# ---------------------------------------------------------------- 商品
categories = {d.get("category") for d in products}
for d in products:
    pid = d.get("id")
    keys = [k for k in PRODUCT_KEYS if k in d]
    if keys != list(d):
        err(f"{pid}: 字段应按 {PRODUCT_KEYS} 的顺序且无多余字段，实际 {list(d)}")
    for k in PRODUCT_KEYS:
        if k not in d and k != "variants":
            err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(r"YS-\d{4}", pid or ""):
        err(f"{pid}: id 格式应为 YS-0000")
    if not (d.get("name") or "").startswith(BRAND):
        err(f"{pid}: name 应以品牌名 {BRAND} 开头")
    if not isinstance(d.get("price_cny"), (int, float)) or d["price_cny"] <= 0:
        err(f"{pid}: price_cny 须为正数")
    chs = d.get("channels") or []
    if not chs or not set(chs) <= set(CHANNELS) or len(set(chs)) != len(chs):
        err(f"{pid}: channels 非法 {chs}")
    if not is_date(d.get("launched", "")):
        err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None and (not is_date(disc) or disc <= d.get("launched", "")):
        err(f"{pid}: discontinued 日期错误 {disc}")
    attrs, specs = d.get("attributes"), d.get("specs")
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        err(f"{pid}: attributes 须为字符串值的对象"); attrs = {}
    if not isinstance(specs, dict) or not specs or not all(isinstance(v, str) for v in specs.values()):
        err(f"{pid}: specs 须为非空的字符串值对象"); specs = {}
    dup = set(attrs) & set(specs)
    if dup:
        err(f"{pid}: 键 {dup} 同时出现在 attributes 与 specs 中")
    for k in ("suitable_for", "not_suitable_for", "related"):
        if not isinstance(d.get(k), list):
            err(f"{pid}: {k} 须为列表")
    if disc and disc not in attrs.get("销售状态", ""):
        err(f"{pid}: 已停产/下架，但 attributes.销售状态 未写明日期 {disc}")
    if d.get("launched", "") > DEFAULT_AS_OF and d["launched"] not in attrs.get("上市状态", ""):
        err(f"{pid}: 未上市商品的 attributes.上市状态 须写明上市日期 {d['launched']}")
    if len(chs) == 1 and "渠道说明" not in attrs:
        warn(f"{pid}: 只在 {chs[0]} 销售但没有 渠道说明")
    if "渠道说明" in attrs and len(chs) == len(CHANNELS):
        err(f"{pid}: 全渠道销售却有 渠道说明")
    # variants
    if "variants" in d:
        vs = d["variants"] if isinstance(d["variants"], list) else []
        if len(vs) < 2:
            err(f"{pid}: variants 须为至少2个 SKU 的列表")
        for v in vs:
            sku = v.get("sku", "")
            if not sku.startswith(pid + "-"):
                err(f"{pid}: SKU {sku} 不以商品 id 开头")
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0:
                err(f"{pid}: SKU {sku} 缺少正数 price_cny")
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
            err(f"{pid}: 有维度组合完全相同的 SKU")
        if vs and d.get("price_cny") != min(v.get("price_cny", 0) for v in vs):
            err(f"{pid}: price_cny {d.get('price_cny')} 应等于最低 SKU 价 {min(v.get('price_cny', 0) for v in vs)}")
        if vs and "length" in vs[0] and LENGTH_SPECS & set(specs):
            err(f"{pid}: SKU 已区分长度，specs 中不应再写 {LENGTH_SPECS & set(specs)}")
        if vs and "size" in vs[0] and "尺码" in specs:
            err(f"{pid}: SKU 已区分尺码，specs 中不应再写 尺码")

# 关系与套装
for d in products:
    pid, attrs = d.get("id"), d.get("attributes", {})
    seen = set()
    for r in d.get("related", []):
        t, rid = r.get("type"), r.get("id")
        if set(r) != {"type", "id"} or t not in REL_TYPES:
            err(f"{pid}: 关系非法 {r}")
        if rid not in prod:
            err(f"{pid}: 关系指向不存在的商品 {r}"); continue
        if rid == pid:
            err(f"{pid}: 自关联")
        if (t, rid) in seen:
            err(f"{pid}: 关系重复 {r}")
        seen.add((t, rid))
        if t == "replaces":
            old = prod[rid]
            if not old.get("discontinued"):
                err(f"{pid}: replaces {rid}，但旧款未停产")
            elif d["launched"] < old["discontinued"]:
                warn(f"{pid}: 新款上市早于旧款停产（新旧并售）")
            short = d["name"][len(BRAND):]
            if short not in old.get("attributes", {}).get("销售状态", ""):
                err(f"{pid}: 旧款 {rid} 的 销售状态 未写明由 {short} 替代")
        if t == "refill_of" and d.get("category") != "替换装":
            err(f"{pid}: refill_of 的商品类目应为 替换装")
        if t == "compatible_with" and "适配说明" not in attrs and d.get("category") not in ("护理用品",):
            warn(f"{pid}: 有 compatible_with 但没有 适配说明")
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps:
        parts = [p.strip() for p in attrs.get("规格", "").split(" + ")]
        if len(parts) != len(comps):
            err(f"{pid}: 规格项数 {len(parts)} 与 set_contains 数量 {len(comps)} 不一致")
            continue
        total = 0
        for c, part in zip(comps, parts):
            if c not in prod:
                continue
            cp = prod[c]
            qty = int(m.group(1)) if (m := re.search(r"×(\d+)$", part)) else 1
            price = cp["price_cny"]
            m = re.search(r"（(" + re.escape(c) + r"-[A-Z0-9]+)）", part)
            if m:
                sku = {v["sku"]: v for v in cp.get("variants", [])}.get(m.group(1))
                if not sku:
                    err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}"); continue
                price = sku["price_cny"]
            elif "variants" in cp and len({v["price_cny"] for v in cp["variants"]}) > 1:
                err(f"{pid}: 组件 {c} 各 SKU 不同价，规格中须写明 SKU 编码")
            if cp["name"][len(BRAND):] not in part:
                err(f"{pid}: 规格项 {part!r} 与组件 {c} 名称 {cp['name']} 不对应")
            total += price * qty
            if cp["launched"] > d["launched"]:
                err(f"{pid}: 组件 {c} 晚于套装上市")
            if cp.get("discontinued") and cp["discontinued"] < (d.get("discontinued") or "9999"):
                warn(f"{pid}: 组件 {c} 早于套装停产")
        if attrs.get("单品合计价值") != f"{total:g}元":
            err(f"{pid}: 单品合计价值 {attrs.get('单品合计价值')} ≠ 计算值 {total:g}元")
        if d["price_cny"] >= total:
            warn(f"{pid}: 套装价不低于单品合计价值")
    elif "单品合计价值" in attrs:
        err(f"{pid}: 有 单品合计价值 但没有 set_contains")

# ---------------------------------------------------------------- 政策
def fm_list(v):
    return [x.strip() for x in v.strip("[]").split(",")] if v.startswith("[") and v.endswith("]") else None

for pid, p in policies.items():
    fm, body = p["fm"], p["body"]
    if not is_date(fm.get("effective_from", "")):
        err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to", "")
    if et != "null" and (not is_date(et) or et < fm.get("effective_from", "")):
        err(f"{pid}: effective_to 错误 {et}")
    ch = fm.get("channels", "")
    if ch != "all" and (fm_list(ch) is None or not set(fm_list(ch)) <= set(CHANNELS)):
        err(f"{pid}: channels 非法 {ch}")
    at = fm.get("applies_to", "")
    if at != "all":
        items = fm_list(at)
        if items is None:
            err(f"{pid}: applies_to 应为 all 或 [列表]")
        else:
            for x in items:
                if x not in prod and x not in categories:
                    err(f"{pid}: applies_to 指向不存在的商品或类目 {x}")
    h1 = body.lstrip().split("\n", 1)[0]
    if not h1.startswith("# ") or fm.get("title", "") not in h1:
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
    if is_date(et or "") and pid not in superseded and et not in p["body"]:
        err(f"{pid}: 有截止日期 {et}，但正文未写明")
# 正文中引用的《政策名》都存在（允许不带版本号的泛指）
titles = {p["fm"]["title"] for p in policies.values()}
base_titles = {re.sub(r"（\d{4}版）$", "", t) for t in titles}
for pid, p in policies.items():
    for ref in re.findall(r"《([^》]+)》", p["body"]):
        if ref not in titles and ref not in base_titles and not ref.startswith("国家"):
            err(f"{pid}: 引用了不存在的政策《{ref}》")
for fid, f in faq.items():
    for ref in re.findall(r"《([^》]+)》", f["answer"]):
        if ref not in titles and ref not in base_titles:
            err(f"faq {fid}: 引用了不存在的政策《{ref}》")
# 活动限定商品的下架日期写在活动规则中
for d in products:
    if d.get("discontinued") and "限定" in d["attributes"].get("销售状态", ""):
        if not any(d["name"] in p["body"] and d["discontinued"] in p["body"] for p in policies.values()):
            err(f"{d['id']}: 限定商品的下架日期 {d['discontinued']} 未在任何活动规则中出现")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid):
        err(f"faq {fid}: id 格式应为 F+3位数字")
    if not (f["question"].strip() and f["answer"].strip()) or any(not t.strip() for t in f["tags"]):
        err(f"faq {fid}: question/answer/tags 不能为空")
if list(faq) != [f"F{i:03d}" for i in range(1, len(faq) + 1)]:
    err("faq.csv: id 应从 F001 起连续编号")

# ---------------------------------------------------------------- 问题
name_en_norm = [norm(p.get("name_en", "")) for p in products]


def check_question(d, where, allow_types):
    if list(d) != QA_KEYS:
        err(f"{where}: 键应为 {QA_KEYS}")
    lang, t = d.get("lang"), d.get("type")
    if lang not in ("zh", "en"):
        err(f"{where}: lang 非法")
    has_zh = re.search(r"[\u4e00-\u9fff]", d.get("question", "")) is not None
    if (lang == "en") == has_zh:
        err(f"{where}: lang={lang} 与题目文字不符")
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
    if len(set(d.get("sources", []))) != len(d.get("sources", [])):
        err(f"{where}: sources 重复")
    for s in d.get("sources", []):
        if s not in raw:
            err(f"{where}: source 不存在 {s}"); continue
        kind, _, sid = s.partition(":")
        if kind == "policy":
            fm = policies[sid]["fm"]
            if fm["effective_from"] > day:
                err(f"{where}: 引用的政策 {sid} 在提问日 {day} 尚未生效")
            if is_date(fm["effective_to"]) and fm["effective_to"] < day and not re.search(r"下单|活动订单", d.get("note", "")):
                err(f"{where}: 引用了提问日 {day} 已过期的 {sid}，note 未说明按下单日期/活动订单")
            pch = fm_list(fm["channels"])
            if d.get("channel") and pch and d["channel"] not in pch and t not in ("channel", "correction"):
                warn(f"{where}: 政策 {sid} 只适用于 {pch}，题目渠道为 {d['channel']}")
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
            err(f"{where}: 拒答题不应有 sources")
        return
    if t == "refusal":
        err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"):
        err(f"{where}: 非拒答题缺少 must_include")
    if not d.get("sources"):
        err(f"{where}: 非拒答题缺少 sources")
    src_norm = [raw_norm[s] for s in d.get("sources", []) if s in raw_norm]
    for mi in d.get("must_include", []):
        if len(mi) > (24 if lang == "en" else 16):
            warn(f"{where}: must_include {mi!r} 过长（应只写取值）")
        if norm(mi) in norm(d.get("question", "")):
            warn(f"{where}: must_include {mi!r} 已出现在题目中")
        if t == "correction":
            continue
        if not in_kb(mi):
            err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif not any(norm(mi) in s for s in src_norm):
            warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
        if lang == "en" and not (re.search(r"\d", mi) or any(norm(mi) in n for n in name_en_norm)
                                 or norm(mi) in CHANNELS):
            err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    mi_norm = [norm(x) for x in d.get("must_include", [])]
    for mn in d.get("must_not_include", []):
        if any(norm(mn) in x for x in mi_norm):
            err(f"{where}: must_not_include {mn!r} 与 must_include 冲突")
        if t != "correction" and not in_kb(mn):
            err(f"{where}: must_not_include {mn!r} 不是知识库中的写法（应为被取代版本的数值等）")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}":
        err(f"qa.jsonl 第{i}行: id 应为 q{i:03d}")
    check_question(d, d.get("id", f"第{i}行"), TYPES)
for k, n in collections.Counter((d.get("question"), d.get("as_of"), d.get("channel")) for d in qa).items():
    if n > 1:
        err(f"qa.jsonl: 完全相同的题目（含 as_of、channel）出现 {n} 次：{k[0]}")

# ---------------------------------------------------------------- 更正
corrections = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = []
set_components = {r["id"] for p in products for r in p.get("related", []) if r.get("type") == "set_contains"}
for i, c in enumerate(corrections, 1):
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if cid != f"c{i:02d}":
        err(f"corrections.jsonl 第{i}行: id 应为 c{i:02d}")
    if list(c) != ["id", "target", "field", "old", "new", "reason", "question"]:
        err(f"{cid}: 键应为 id,target,field,old,new,reason,question")
    if not (isinstance(old, str) and isinstance(new, str)) or old == new:
        err(f"{cid}: old/new 须为不同的字符串"); continue
    if tgt not in raw:
        err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, tid = tgt.partition(":")
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old:
                err(f"{cid}: 旧价格 {old} ≠ 当前 {p['price_cny']}")
            if "variants" in p:
                err(f"{cid}: 有 variants 的商品不能只改 price_cny")
            if tid in set_components:
                err(f"{cid}: {tid} 是套装组件，改价会使套装 单品合计价值 失真")
        elif field in p["attributes"] or field in p["specs"]:
            cur = p["attributes"].get(field, p["specs"].get(field))
            if cur != old:
                err(f"{cid}: {field} 当前值 {cur!r} ≠ old {old!r}")
        else:
            err(f"{cid}: 商品 {tid} 没有字段 {field}")
    elif field == "text":
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        if body.count(old) != 1:
            err(f"{cid}: old 子串在目标中出现 {body.count(old)} 次（应为1次）")
        others = [k for k, v in raw.items() if k != tgt and old in v]
        if others:
            warn(f"{cid}: old {old!r} 也出现在 {others}，更正后将前后矛盾")
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
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) in norm(old)
                                                for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")

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
    for label, n in [("`kb/products.jsonl`", len(prod)), ("`kb/policies/*.md`", len(policies)),
                     ("`kb/faq.csv`", len(faq)), ("`qa.jsonl`", len(qa)), ("`corrections.jsonl`", len(corrections))]:
        m = re.search(re.escape(label) + r".*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if not m or int(m.group(1)) != n:
            err(f"README.md: {label} 的数量应为 {n}")
    m = re.search(r"`variants`（可选，(\d+)个商品有）", readme)
    nv = sum("variants" in d for d in products)
    if not m or int(m.group(1)) != nv:
        err(f"README.md: 应写明 `variants`（可选，{nv}个商品有）")
else:
    err("缺少 README.md")

# ---------------------------------------------------------------- 汇总
print(f"商品 {len(prod)}（含 variants {sum('variants' in d for d in products)}），政策 {len(policies)}，FAQ {len(faq)}，"
      f"问题 {len(qa)}，更正 {len(corrections)}")
print("题型：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())))
print("语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())))
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print("as_of：" + ", ".join(f"{k} {v}" for k, v in sorted(
    collections.Counter('null' if d.get('as_of') is None else 'set' for d in qa).items())))
for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
