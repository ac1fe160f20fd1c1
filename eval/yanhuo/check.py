#!/usr/bin/env python3
"""烟火 YANHUO（厨具锅具）评测集一致性校验。只用标准库；知识库的读取（商品、政策 front matter、FAQ、
各来源原文）用上一级目录的 ../kbload.py，不在这里重复实现。

用法：python3 check.py        退出码：0 = 没有错误，1 = 有错误（警告不影响退出码）

校验内容：
- 商品：字段及顺序、id 格式（YH-0000）、渠道、上市/停产日期、specs/attributes 为字符串值且不重名；
  variants：SKU 编码 = 商品 id + 后缀、维度字段已知且各 SKU 一致、无重复、price_cny = 最低 SKU 价（起售价）；
  关系：类型合法、目标存在、不自关联；replaces 的旧款已停产、旧款 销售状态 写明替代款、新款不早于旧款停产上市；
  refill_of 的商品类目为 替换装；套装 单品合计价值 = Σ 组件价（规格中写明 SKU 编码的按该 SKU 价）、组件不晚于套装上市；
  停产商品 销售状态 写明停产日期；未上市商品 上市状态 写明上市日期；只在部分渠道销售的商品有 渠道说明；
  活动限定商品的下架日期写在活动政策里。
- 政策：front matter（由 kbload 检查键与顺序）、日期、channels/applies_to 合法、一级标题 = title；
  supersedes 指向存在的版本且有效期首尾衔接、旧版正文写明新版生效日、新版正文写明自身生效日；有截止日的政策正文写明截止日。
- FAQ：id 格式、字段非空。
- 问题（qa.jsonl 及 corrections 的验证题）：键及顺序、lang 与题面文字一致、channel/as_of/type 合法、sources 存在；
  引用的政策在提问日已生效，引用已过期版本时 note 说明按下单日期/活动订单；不同时引用新旧两版；
  未上市商品只出现在 temporal 题；拒答题 must_include 为空；非拒答题的 must_include 都在知识库原文中（按 README 的归一化）
  且尽量在其 sources 原文中；英文题 must_include 只能是数字（可带单位）、name_en 片段或渠道名；
  must_not_include 不与 must_include 冲突，且（非拒答题）是知识库中真实存在的写法。
- 更正：target 存在、old 与当前值一致（price_cny / attributes / specs）或 old 子串在政策正文/FAQ 答案中恰好出现1次；
  验证题 must_include 出自 new、must_not_include 出自 old；qa.jsonl 不依赖被更正的事实；改价商品不是套装组件、没有 variants。
- README：题型/语言分布行、文件表中的数量、variants 商品数与实际一致。
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
import kbload  # noqa: E402

CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_KEYS = {"sku", "price_cny", "size", "capacity", "color", "weight", "dimensions"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "suitable_for", "not_suitable_for", "related"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def norm(s):
    """README 的判定归一化：全角转半角（NFKC）、日期 YYYY年M月D日 → YYYY-MM-DD，再由 kbload.norm 去空白、转小写。"""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return kbload.norm(s)


def is_date(s):
    return isinstance(s, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) is not None and kbload.is_date(s)


def read_jsonl(name):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        err(f"缺少文件 {name}")
        return []
    return kbload.read_jsonl(path, err)


# ============================================================ 加载
raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
raw_norm = {k: norm(v) for k, v in raw.items()}
def in_kb(s): return any(norm(s) in t for t in raw_norm.values())

try:
    ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    err(f"eval.json 读取失败: {e}"); ev = {}
AS_OF = ev.get("default_as_of")
if not is_date(AS_OF) or not ev.get("name"):
    err("eval.json 需要 default_as_of（日期）和 name")
    AS_OF = "2025-12-01"

# ============================================================ 商品
categories = {p.get("category") for p in prod.values()}
for p in products:
    pid = p.get("id", "?")
    if [k for k in p if k != "variants"] != PRODUCT_KEYS:
        err(f"{pid}: 字段应为 {PRODUCT_KEYS}（可另有 variants），实际 {list(p)}")
    if not re.fullmatch(r"YH-\d{4}", pid):
        err(f"{pid}: id 格式应为 YH-0000")
    if not p.get("name") or not p.get("category"):
        err(f"{pid}: name/category 为空")
    if not p.get("name_en"):
        warn(f"{pid}: 没有 name_en")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or price <= 0:
        err(f"{pid}: price_cny 须为正数")
    chs = p.get("channels") or []
    if not chs or not set(chs) <= set(CHANNELS) or len(set(chs)) != len(chs):
        err(f"{pid}: channels 非法 {chs}")
    launched, disc = p.get("launched"), p.get("discontinued")
    if not is_date(launched):
        err(f"{pid}: launched 不是日期"); launched = "0000-00-00"
    if disc is not None and (not is_date(disc) or disc <= launched):
        err(f"{pid}: discontinued 须为晚于 launched 的日期或 null")
    attrs, specs = p.get("attributes"), p.get("specs")
    if not isinstance(attrs, dict) or not all(isinstance(v, str) and v for v in attrs.values()):
        err(f"{pid}: attributes 须为字符串值的对象"); attrs = {}
    if not isinstance(specs, dict) or not specs or not all(isinstance(v, str) and v for v in specs.values()):
        err(f"{pid}: specs 须为非空、字符串值的对象"); specs = {}
    if set(attrs) & set(specs):
        err(f"{pid}: attributes 与 specs 键重名 {set(attrs) & set(specs)}")
    for k in ("suitable_for", "not_suitable_for", "related"):
        if not isinstance(p.get(k), list):
            err(f"{pid}: {k} 须为列表")
    if disc and disc not in attrs.get("销售状态", ""):
        err(f"{pid}: 已停产，attributes.销售状态 须写明停产日期 {disc}")
    if launched > AS_OF and launched not in attrs.get("上市状态", ""):
        err(f"{pid}: 未上市，attributes.上市状态 须写明上市日期 {launched}")
    if len(chs) <= 3 and "渠道说明" not in attrs:
        warn(f"{pid}: 只在 {chs} 销售，没有 渠道说明")

    if "variants" in p:
        vs = p["variants"] if isinstance(p["variants"], list) else []
        if len(vs) < 2:
            err(f"{pid}: variants 至少要有2个 SKU")
        for v in vs:
            sku = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku):
                err(f"{pid}: SKU 编码 {sku!r} 应为 商品id-后缀")
            if not isinstance(v.get("price_cny"), (int, float)) or v["price_cny"] <= 0:
                err(f"{pid}: SKU {sku} 缺少有效 price_cny")
            if set(v) - VARIANT_KEYS:
                err(f"{pid}: SKU {sku} 有未知字段 {set(v) - VARIANT_KEYS}")
            if len(v) < 3:
                err(f"{pid}: SKU {sku} 没有规格维度字段")
            if any(not isinstance(val, str) for k, val in v.items() if k != "price_cny"):
                err(f"{pid}: SKU {sku} 的维度值须为字符串")
        if len({v.get("sku") for v in vs}) != len(vs):
            err(f"{pid}: SKU 编码重复")
        if len({frozenset(v) for v in vs}) > 1:
            err(f"{pid}: 各 SKU 的维度字段不一致")
        combos = [tuple(sorted((k, x) for k, x in v.items() if k not in ("sku", "price_cny"))) for v in vs]
        if len(set(combos)) != len(combos):
            err(f"{pid}: 有维度取值完全相同的 SKU")
        dims = set().union(*[set(v) for v in vs]) - {"sku", "price_cny"} if vs else set()
        if {"size", "capacity", "weight"} & dims & set(specs):
            err(f"{pid}: SKU 维度已区分的规格不应再写在 specs 里")
        if vs and price != min(v.get("price_cny", 0) for v in vs):
            err(f"{pid}: price_cny 应等于最低 SKU 价（起售价）")

# ---- 关系
for p in products:
    pid, attrs = p.get("id"), p.get("attributes") or {}
    seen = set()
    for r in p.get("related", []):
        rt, rid = r.get("type"), r.get("id")
        if set(r) != {"type", "id"} or rt not in REL_TYPES:
            err(f"{pid}: 关系非法 {r}"); continue
        if rid not in prod:
            err(f"{pid}: 关系指向不存在的商品 {rid}"); continue
        if rid == pid:
            err(f"{pid}: 关系指向自己")
        if (rt, rid) in seen:
            err(f"{pid}: 关系重复 {r}")
        seen.add((rt, rid))
        target = prod[rid]
        if rt == "replaces":
            if not target.get("discontinued"):
                err(f"{pid}: replaces {rid}，但旧款没有停产")
            elif p["launched"] < target["discontinued"]:
                warn(f"{pid}: 新款上市早于旧款 {rid} 停产（新旧并售）")
            if p["name"] not in target.get("attributes", {}).get("销售状态", ""):
                err(f"{rid}: 销售状态 应写明由 {p['name']} 替代")
        if rt == "refill_of" and p.get("category") != "替换装":
            err(f"{pid}: refill_of 的商品类目应为 替换装")
        if rt in ("refill_of", "compatible_with") and target["launched"] > AS_OF:
            warn(f"{pid}: {rt} 指向未上市商品 {rid}")
    if p.get("category") == "替换装" and not any(r.get("type") == "refill_of" for r in p.get("related", [])):
        err(f"{pid}: 类目为 替换装 但没有 refill_of")

    comps = [r["id"] for r in p.get("related", []) if r.get("type") == "set_contains" and r.get("id") in prod]
    if comps:
        parts = [x.strip() for x in attrs.get("规格", "").split(" + ") if x.strip()]
        if len(parts) != len(comps):
            err(f"{pid}: 规格 有 {len(parts)} 项，set_contains 有 {len(comps)} 个")
            continue
        total = 0
        for cid, part in zip(comps, parts):
            c = prod[cid]
            n = int(m.group(1)) if (m := re.search(r"×(\d+)$", part)) else 1
            cprice = c["price_cny"]
            m = re.search(r"（(" + re.escape(cid) + r"-[A-Z0-9]+)）", part)
            if m:
                sku = {v["sku"]: v for v in c.get("variants", [])}.get(m.group(1))
                if not sku:
                    err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}"); continue
                cprice = sku["price_cny"]
            elif len({v["price_cny"] for v in c.get("variants", [])}) > 1:
                err(f"{pid}: 组件 {cid} 的各 SKU 不同价，规格 中须写明 SKU 编码")
            total += cprice * n
            short = re.sub(r"（.*?）", "", c["name"].replace("烟火", ""))
            if short[:4] not in part:
                warn(f"{pid}: 规格项 {part!r} 看不出是组件 {c['name']}")
            if c["launched"] > p["launched"]:
                err(f"{pid}: 组件 {cid} 比套装晚上市")
            if p.get("discontinued") is None and c.get("discontinued"):
                err(f"{pid}: 在售套装含已停产组件 {cid}")
        if attrs.get("单品合计价值") != f"{total:g}元":
            err(f"{pid}: 单品合计价值 {attrs.get('单品合计价值')!r} ≠ 计算值 {total:g}元")
        if p["price_cny"] >= total:
            warn(f"{pid}: 套装价不低于单品合计价值")
    elif "单品合计价值" in attrs:
        err(f"{pid}: 有 单品合计价值 但没有 set_contains")

# ============================================================ 政策
def fm_list(v): return [x.strip() for x in v.strip()[1:-1].split(",")] if v.startswith("[") and v.endswith("]") else None

for pid, pol in policies.items():
    fm, body = pol["fm"], pol["body"]
    ef, et = fm.get("effective_from", ""), fm.get("effective_to", "")
    if not is_date(ef):
        err(f"{pid}: effective_from 不是日期")
    if et != "null" and (not is_date(et) or et < ef):
        err(f"{pid}: effective_to 须为 null 或不早于 effective_from 的日期")
    for key, allowed in (("channels", set(CHANNELS)), ("applies_to", set(prod) | categories)):
        v = fm.get(key, "")
        if v == "all":
            continue
        items = fm_list(v)
        if items is None or not items or not set(items) <= allowed:
            err(f"{pid}: {key} 非法 {v}")
    h1 = body.lstrip().split("\n", 1)[0]
    if h1 != "# " + fm.get("title", ""):
        err(f"{pid}: 一级标题 {h1!r} 与 title 不一致")
    if is_date(et) and et not in body:
        err(f"{pid}: 正文未写明截止日 {et}")
    sup = fm.get("supersedes", "null")
    if sup != "null":
        if sup not in policies:
            err(f"{pid}: supersedes 指向不存在的 {sup}"); continue
        old = policies[sup]
        oet = old["fm"].get("effective_to", "")
        if not is_date(oet) or not is_date(ef) or \
                datetime.date.fromisoformat(oet) + datetime.timedelta(days=1) != datetime.date.fromisoformat(ef):
            err(f"{pid}: 与被取代的 {sup} 有效期不衔接（{oet} → {ef}）")
        if ef not in old["body"]:
            err(f"{sup}: 正文未写明新版本生效日 {ef}")
        if ef not in body:
            err(f"{pid}: 正文未写明生效日 {ef}")
        if old["fm"].get("title", "") not in body:
            warn(f"{pid}: 正文未提到被取代的《{old['fm'].get('title')}》")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"].get("supersedes", "null") != "null"}
for s in superseded:
    if s in policies and policies[s]["fm"].get("effective_to") == "null":
        err(f"{s}: 已被取代但 effective_to 为 null")

for pid, p in prod.items():
    st = p["attributes"].get("销售状态", "")
    if "活动限定" in st and p.get("discontinued"):
        if not any(p["name"] in x["body"] and p["discontinued"] in x["body"] for x in policies.values()):
            err(f"{pid}: 活动限定商品的名称与下架日期 {p['discontinued']} 未写在任何活动政策中")

# ============================================================ FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid):
        err(f"faq {fid}: id 格式应为 F000")
    if not f["question"].strip() or not f["answer"].strip() or not all(t.strip() for t in f["tags"]):
        err(f"faq {fid}: question/answer/tags 不能为空")

# ============================================================ 问题
name_en_norm = [norm(p.get("name_en") or "") for p in prod.values()]


def check_question(d, where, allowed_types):
    if list(d) != QA_KEYS:
        err(f"{where}: 键应为 {QA_KEYS}")
    lang, t, text = d.get("lang"), d.get("type"), d.get("question", "")
    if not text.strip():
        err(f"{where}: 题面为空")
    if lang not in ("zh", "en"):
        err(f"{where}: lang 非法 {lang}")
    elif (lang == "zh") != bool(re.search(r"[\u4e00-\u9fff]", text)):
        err(f"{where}: 题面文字与 lang={lang} 不符")
    if d.get("channel") is not None and d["channel"] not in CHANNELS:
        err(f"{where}: channel 非法 {d['channel']}")
    if d.get("as_of") is not None and not is_date(d["as_of"]):
        err(f"{where}: as_of 须为日期或 null")
    if t not in allowed_types:
        err(f"{where}: type 非法 {t}")
    if not isinstance(d.get("refuse"), bool):
        err(f"{where}: refuse 须为布尔值")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])):
            err(f"{where}: {k} 须为非空字符串的列表")
    if not d.get("note"):
        err(f"{where}: 缺少 note")

    day = d.get("as_of") or AS_OF
    srcs = [s for s in d.get("sources", []) if isinstance(s, str)]
    for s in srcs:
        if s not in raw:
            err(f"{where}: source 不存在 {s}"); continue
        kind, _, sid = s.partition(":")
        if kind == "policy":
            fm = policies[sid]["fm"]
            if fm["effective_from"] > day:
                err(f"{where}: 引用的 {sid} 在提问日 {day} 尚未生效")
            if is_date(fm["effective_to"]) and fm["effective_to"] < day and not re.search(r"下单|活动订单", d.get("note", "")):
                err(f"{where}: 引用了提问日 {day} 已过期的 {sid}，note 须说明按下单日期/活动订单")
            pch = fm_list(fm["channels"])
            if d.get("channel") and pch and d["channel"] not in pch and t != "channel":
                warn(f"{where}: {sid} 不适用于渠道 {d['channel']}")
        elif kind == "product":
            p = prod[sid]
            if p["launched"] > day and t != "temporal":
                err(f"{where}: {sid} 在提问日 {day} 尚未上市，题型应为 temporal")
            if d.get("channel") and d["channel"] not in p["channels"] and t not in ("channel", "correction"):
                warn(f"{where}: {sid} 不在渠道 {d['channel']} 销售")
    pol_ids = [s.partition(":")[2] for s in srcs if s.startswith("policy:")]
    for s in pol_ids:
        if s in policies and policies[s]["fm"].get("supersedes") in pol_ids:
            err(f"{where}: 同时引用了 {s} 和它取代的旧版")

    mi_norm = [norm(x) for x in d.get("must_include", []) if isinstance(x, str)]
    for mn in d.get("must_not_include", []):
        if any(norm(mn) in x or x in norm(mn) for x in mi_norm):
            err(f"{where}: must_not_include {mn!r} 与 must_include 冲突")
    if d.get("refuse"):
        if t != "refusal":
            err(f"{where}: refuse=true 但 type={t}")
        if d.get("must_include"):
            err(f"{where}: 拒答题的 must_include 应为空")
        if srcs:
            warn(f"{where}: 拒答题带了 sources")
        return
    if t == "refusal":
        err(f"{where}: type=refusal 但 refuse=false")
    if not d.get("must_include"):
        err(f"{where}: 非拒答题缺少 must_include")
    if not srcs:
        err(f"{where}: 非拒答题缺少 sources")
    for mn in d.get("must_not_include", []):
        if t != "correction" and not in_kb(mn):
            err(f"{where}: must_not_include {mn!r} 不是知识库里的写法")
    src_norm = [raw_norm[s] for s in srcs if s in raw_norm]
    for mi in d.get("must_include", []):
        if len(mi) > (24 if lang == "en" else 16):
            warn(f"{where}: must_include {mi!r} 偏长（应只写取值）")
        if lang == "en" and not (re.search(r"\d", mi) or any(norm(mi) in n for n in name_en_norm) or norm(mi) in CHANNELS):
            err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
        if t == "correction":
            continue
        if not in_kb(mi):
            err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif not any(norm(mi) in s for s in src_norm):
            warn(f"{where}: must_include {mi!r} 不在它的 sources 原文中")


qa = read_jsonl("qa.jsonl")
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}":
        err(f"qa.jsonl 第{i}行: id 应为 q{i:03d}")
    check_question(d, d.get("id", f"第{i}行"), TYPES)
for key, n in collections.Counter((d.get("question"), d.get("channel"), d.get("as_of")) for d in qa).items():
    if n > 1:
        err(f"qa.jsonl: 同一题出现 {n} 次：{key[0]}")

# ============================================================ 更正
corrections = read_jsonl("corrections.jsonl")
component_of = {r["id"] for p in prod.values() for r in p.get("related", []) if r.get("type") == "set_contains"}
corrected = []
for i, c in enumerate(corrections, 1):
    cid = c.get("id", f"第{i}行")
    if list(c) != CORR_KEYS:
        err(f"{cid}: 键应为 {CORR_KEYS}")
    if cid != f"c{i:02d}":
        err(f"{cid}: id 应为 c{i:02d}")
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or not old or old == new:
        err(f"{cid}: old/new 须为不同的非空字符串"); continue
    if tgt not in raw:
        err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, tid = tgt.partition(":")
    if kind == "product":
        p = prod[tid]
        if field == "price_cny":
            if f"{p['price_cny']:g}" != old:
                err(f"{cid}: old {old} ≠ 当前价格 {p['price_cny']}")
            if "variants" in p:
                err(f"{cid}: {tid} 有 variants，不能只改 price_cny")
            if tid in component_of:
                err(f"{cid}: {tid} 是套装组件，改价会让套装的 单品合计价值 失真")
        elif field in p["attributes"] or field in p["specs"]:
            cur = p["attributes"].get(field, p["specs"].get(field))
            if cur != old:
                err(f"{cid}: {field} 当前值 {cur!r} ≠ old {old!r}")
        else:
            err(f"{cid}: 商品 {tid} 没有字段 {field}")
    elif field == "text":
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        if body.count(old) != 1:
            err(f"{cid}: old 在目标正文中出现 {body.count(old)} 次（应为1次）")
        elsewhere = [k for k, v in raw.items() if k != tgt and old in v]
        if elsewhere:
            warn(f"{cid}: old {old!r} 也出现在 {elsewhere}，更正后知识库前后不一致")
    else:
        err(f"{cid}: {kind} 目标的 field 只能是 text")
    if not c.get("reason"):
        err(f"{cid}: 缺少 reason")
    q = c.get("question") or {}
    if q.get("id") != "q" + cid:
        err(f"{cid}: question.id 应为 q{cid}")
    check_question(q, f"{cid}.question", {"correction"})
    if tgt not in q.get("sources", []):
        err(f"{cid}: question.sources 须包含 target")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new):
            err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old):
            err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    corrected.append((tgt, old))
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) in norm(old) for mi in d.get("must_include", [])):
            err(f"{d.get('id')}: 依赖了被更正的事实 {tgt} {old!r}")

# ============================================================ README
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
type_line = ("题型分布：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())) +
             "；语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())) + "。")
readme_path = os.path.join(HERE, "README.md")
if not os.path.exists(readme_path):
    err("缺少 README.md")
else:
    readme = open(readme_path, encoding="utf-8").read()
    if type_line not in readme:
        err(f"README.md: 题型分布行应为：{type_line}")
    for label, n in (("`kb/products.jsonl`", len(prod)), ("`kb/policies/*.md`", len(policies)), ("`kb/faq.csv`", len(faq)),
                     ("`qa.jsonl`", len(qa)), ("`corrections.jsonl`", len(corrections))):
        m = re.search(re.escape(label) + r".*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if not m or int(m.group(1)) != n:
            err(f"README.md: 文件表中 {label} 的数量应为 {n}")
    nv = sum("variants" in p for p in prod.values())
    if f"{nv}个商品有" not in readme:
        err(f"README.md: 应写明有 variants 的商品数（{nv}个商品有）")
    if "eval/yanhuo" not in readme.split("\n", 1)[0]:
        err("README.md: 第一行应为说明本集来历的引用块")

# ============================================================ 输出
print(f"商品 {len(prod)}（含 variants {sum('variants' in p for p in prod.values())}），政策 {len(policies)}，"
      f"FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print(type_line)
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print("as_of：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter('null' if d.get('as_of') is None else 'set' for d in qa).items())))
for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
