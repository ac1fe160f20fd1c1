#!/usr/bin/env python3
"""声屿 SHENGYU（乐器）评测集一致性校验，只用标准库，不依赖任何外部模块。

用法：python3 check.py        退出码：0 = 无错误，1 = 有错误

校验内容（与 ../../shared/eval/dev、dev2 的 README 所述一致，另加几项）：
  - 商品：字段齐全、id 格式、渠道代码、日期；specs 为字符串值对象；variants 的 SKU 以商品 id 开头、维度字段一致且已知、
    没有重复 SKU / 重复维度组合、price_cny 等于最低 SKU 价；关系类型合法、指向的商品存在；换代关系（旧款已停产、新款不早于旧款上市）；
    停产商品的 销售状态 写明停产日期；未上市商品的 上市状态 写明上市日期；
    套装：单品合计价值 = Σ 组件价 × 数量（规格中写了 SKU 编码时按该 SKU 售价），组件不晚于套装上市，且规格中引用的 SKU 存在。
  - 政策：YAML front matter 键与顺序、id 与文件名一致、日期、渠道代码、applies_to（all 或 商品类目/商品 id 列表）、
    supersedes 指向存在的政策且有效期首尾衔接。
  - FAQ：表头、id 唯一、字段非空。
  - 问题（qa.jsonl 与 corrections 的验证题）：键与顺序、type/lang/channel/as_of 合法、sources 存在、
    引用的政策在提问日已生效；引用提问日已过期的政策版本时 note 须说明按下单日期/活动订单；
    拒答题 must_include 为空；非拒答题的每个 must_include 都是知识库原文（商品行含 specs、variants，政策全文，FAQ）的子串
    （按 README 的归一化：去空白、全角转半角、英文小写、YYYY年M月D日 → YYYY-MM-DD）；
    英文题 must_include 只用数字、name_en 片段或渠道名；must_not_include 不与 must_include 冲突。
  - 更正：target 存在、old 值与当前值一致（price_cny / attributes / specs 键；text 时 old 在目标中恰好出现 1 次）、
    验证题 must_include ⊂ new、must_not_include ⊂ old；qa.jsonl 不依赖被更正的事实。
  - eval.json 与 README 中的数量、题型分布、语言分布与实际一致。
"""
import csv
import collections
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(HERE, "kb")
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "suitable_for", "not_suitable_for", "related"]
VARIANT_DIMS = {"sku", "price_cny", "finish", "color", "size", "body", "scale", "pickup", "fit", "gauge"}
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include", "sources", "refuse", "note"]
CJK = re.compile(r"[\u4e00-\u9fff]")

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def is_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def norm(s):
    """README 的归一化：全角转半角（NFKC）、英文小写、去空白、YYYY年M月D日 → YYYY-MM-DD。"""
    s = unicodedata.normalize("NFKC", str(s)).lower()
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return re.sub(r"\s+", "", s)


def read_jsonl(path):
    out = []
    if not os.path.exists(path):
        err(f"缺少文件 {os.path.relpath(path, HERE)}")
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{n}: JSON 错误 {e}")
    return out


# ====================================================================== 加载知识库（原文 raw 用于 must_include 校验）
raw = {}                      # "product:ID" / "policy:ID" / "faq:ID" -> 原文
prod = {}
with open(os.path.join(KB, "products.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"products.jsonl:{n}: JSON 错误 {e}")
            continue
        pid = d.get("id")
        if pid in prod:
            err(f"{pid}: 商品 id 重复")
        prod[pid] = d
        raw[f"product:{pid}"] = line.rstrip("\n")

policies = {}
pol_dir = os.path.join(KB, "policies")
for fn in sorted(os.listdir(pol_dir)):
    if not fn.endswith(".md"):
        err(f"policies/{fn}: 不是 .md 文件")
        continue
    text = open(os.path.join(pol_dir, fn), encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not m:
        err(f"policies/{fn}: 缺少 YAML front matter")
        continue
    fm = {}
    keys = []
    for ln in m.group(1).splitlines():
        k, sep, v = ln.partition(":")
        if not sep:
            err(f"policies/{fn}: front matter 行无法解析 {ln!r}")
            continue
        keys.append(k.strip())
        fm[k.strip()] = v.strip()
    if keys != FM_KEYS:
        err(f"policies/{fn}: front matter 键应为 {FM_KEYS}，实际 {keys}")
    pid = fm.get("id", "")
    if pid + ".md" != fn:
        err(f"policies/{fn}: id {pid} 与文件名不一致")
    if pid in policies:
        err(f"{pid}: 政策 id 重复")
    policies[pid] = {"fm": fm, "body": m.group(2), "text": text}
    raw[f"policy:{pid}"] = text

faq = {}
with open(os.path.join(KB, "faq.csv"), encoding="utf-8", newline="") as f:
    rd = csv.DictReader(f)
    if rd.fieldnames != ["id", "question", "answer", "tags"]:
        err(f"faq.csv: 表头应为 id,question,answer,tags，实际 {rd.fieldnames}")
    for r in rd:
        fid = r.get("id")
        if fid in faq:
            err(f"faq {fid}: id 重复")
        if not re.fullmatch(r"F\d{3}", fid or ""):
            err(f"faq {fid}: id 格式")
        if not all((r.get(k) or "").strip() for k in ("question", "answer", "tags")):
            err(f"faq {fid}: 字段为空")
        faq[fid] = r
        raw[f"faq:{fid}"] = f"{r['question']}\n{r['answer']}\n{r['tags']}"

all_raw_norm = norm("\n".join(raw.values()))
categories = {d.get("category") for d in prod.values()}

# ====================================================================== eval.json
ev = {}
try:
    ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except (OSError, json.JSONDecodeError) as e:
    err(f"eval.json: {e}")
if not is_date(ev.get("default_as_of", "")) or not ev.get("name"):
    err("eval.json: 需要 default_as_of（日期）和 name")
DEFAULT_AS_OF = ev.get("default_as_of", "2025-12-01")

# ====================================================================== 商品
for pid, d in prod.items():
    if list(d)[:10] != PRODUCT_KEYS[:10] or any(k not in d for k in PRODUCT_KEYS):
        err(f"{pid}: 字段缺失或顺序不对（应为 {PRODUCT_KEYS}，variants 可选且在 specs 之后）")
    extra = set(d) - set(PRODUCT_KEYS) - {"variants"}
    if extra:
        err(f"{pid}: 未知字段 {extra}")
    if not re.fullmatch(r"SY-\d{4}", pid or ""):
        err(f"{pid}: id 格式应为 SY-dddd")
    for k in ("name", "name_en", "category"):
        if not isinstance(d.get(k), str) or not d.get(k):
            err(f"{pid}: {k} 为空")
    if CJK.search(d.get("name_en", "")):
        err(f"{pid}: name_en 含中文")
    if not isinstance(d.get("price_cny"), (int, float)) or d.get("price_cny", 0) <= 0:
        err(f"{pid}: price_cny 非法")
    if not d.get("channels") or not set(d.get("channels", [])) <= CHANNELS or len(set(d["channels"])) != len(d["channels"]):
        err(f"{pid}: channels 非法 {d.get('channels')}")
    if not is_date(d.get("launched", "")):
        err(f"{pid}: launched 不是日期")
    disc = d.get("discontinued")
    if disc is not None and (not is_date(disc) or disc <= d.get("launched", "")):
        err(f"{pid}: discontinued 日期错误")
    for k in ("attributes", "specs"):
        v = d.get(k)
        if not (isinstance(v, dict) and v and all(isinstance(x, str) and x for x in v.values())):
            err(f"{pid}: {k} 须为非空、字符串值的对象")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(d.get(k), list):
            err(f"{pid}: {k} 须为列表")
    attrs = d.get("attributes", {})
    if disc:
        if disc not in attrs.get("销售状态", ""):
            err(f"{pid}: 已停产/下架，但 attributes.销售状态 未写明日期 {disc}")
    if d.get("launched", "") > DEFAULT_AS_OF and d["launched"] not in attrs.get("上市状态", ""):
        err(f"{pid}: 默认评测日尚未上市，但 attributes.上市状态 未写明上市日期")
    # ---- variants
    if "variants" in d:
        vs = d["variants"]
        if not isinstance(vs, list) or len(vs) < 2:
            err(f"{pid}: variants 应为至少 2 个 SKU 的列表")
            vs = vs if isinstance(vs, list) else []
        for v in vs:
            if not str(v.get("sku", "")).startswith(pid + "-"):
                err(f"{pid}: SKU {v.get('sku')} 不以商品 id 开头")
            if not isinstance(v.get("price_cny"), (int, float)):
                err(f"{pid}: SKU {v.get('sku')} 缺少 price_cny")
            if set(v) - VARIANT_DIMS:
                err(f"{pid}: SKU {v.get('sku')} 有未知维度字段 {set(v) - VARIANT_DIMS}")
            if any(not isinstance(x, str) for k, x in v.items() if k not in ("price_cny",)):
                err(f"{pid}: SKU {v.get('sku')} 的维度值须为字符串")
        if len({v.get("sku") for v in vs}) != len(vs):
            err(f"{pid}: SKU 重复")
        if len({frozenset(v) for v in vs}) > 1:
            err(f"{pid}: 各 SKU 的维度字段不一致")
        dims = [tuple((k, v[k]) for k in sorted(v) if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) != len(dims):
            err(f"{pid}: 存在维度值完全相同的 SKU")
        if vs and d.get("price_cny") != min(v.get("price_cny", 0) for v in vs):
            err(f"{pid}: price_cny 应等于最低 SKU 价")
    # ---- 关系
    seen_rel = set()
    for rel in d.get("related", []):
        key = (rel.get("type"), rel.get("id"))
        if key in seen_rel:
            err(f"{pid}: 关系重复 {rel}")
        seen_rel.add(key)
        if rel.get("type") not in REL_TYPES:
            err(f"{pid}: 关系类型非法 {rel}")
        if rel.get("id") not in prod:
            err(f"{pid}: 关系指向不存在的商品 {rel}")
        if rel.get("id") == pid:
            err(f"{pid}: 自关联")
        if rel.get("type") == "replaces" and rel.get("id") in prod:
            old = prod[rel["id"]]
            if not old.get("discontinued"):
                err(f"{pid}: replaces {old['id']} 但旧款未停产")
            elif d.get("launched", "") < old.get("launched", ""):
                err(f"{pid}: 新款上市早于旧款")
            elif d.get("discontinued"):
                err(f"{pid}: 替代款自身已停产")
    # ---- 套装
    comps = [r["id"] for r in d.get("related", []) if r.get("type") == "set_contains"]
    if comps or d.get("category") == "套装":
        spec = attrs.get("规格", "")
        parts = [p.strip() for p in spec.split(" + ")] if spec else []
        qty = [int(m.group(1)) if (m := re.search(r"×(\d+)$", p)) else 1 for p in parts]
        if len(parts) != len(comps):
            err(f"{pid}: 规格项数（{len(parts)}）与 set_contains 数量（{len(comps)}）不一致")
        else:
            total = 0
            for c, q, part in zip(comps, qty, parts):
                if c not in prod:
                    continue
                price = prod[c]["price_cny"]
                m = re.search(r"（(" + re.escape(c) + r"-[A-Z0-9]+)）", part)
                if m:
                    sku = {v["sku"]: v for v in prod[c].get("variants", [])}.get(m.group(1))
                    if not sku:
                        err(f"{pid}: 规格引用了不存在的 SKU {m.group(1)}")
                        continue
                    price = sku["price_cny"]
                elif re.search(r"SY-\d{4}-", part):
                    err(f"{pid}: 规格项 {part!r} 的 SKU 编码不属于对应组件 {c}")
                elif "variants" in prod[c] and len({v["price_cny"] for v in prod[c]["variants"]}) > 1:
                    err(f"{pid}: 组件 {c} 各 SKU 不同价，但规格未写 SKU 编码")
                total += price * q
            want = attrs.get("单品合计价值", "")
            if want != f"{total:g}元":
                err(f"{pid}: 单品合计价值 {want!r} ≠ 计算值 {total:g}元")
            if d.get("price_cny", 0) >= total:
                warn(f"{pid}: 套装价不低于单品合计")
        for c in comps:
            if c in prod and prod[c]["launched"] > d.get("launched", ""):
                err(f"{pid}: 组件 {c} 晚于套装上市")

# ====================================================================== 政策
titles = collections.Counter(p["fm"].get("title") for p in policies.values())
for t, n in titles.items():
    if n > 1:
        err(f"政策标题重复：{t}")
superseded_by = {}
for pid, p in policies.items():
    fm = p["fm"]
    if not is_date(fm.get("effective_from", "")):
        err(f"{pid}: effective_from 非日期")
    eto = fm.get("effective_to", "")
    if eto != "null" and (not is_date(eto) or eto < fm.get("effective_from", "")):
        err(f"{pid}: effective_to 错误")
    ch = fm.get("channels", "")
    if ch != "all":
        if not (ch.startswith("[") and ch.endswith("]")):
            err(f"{pid}: channels 应为 all 或 [列表]")
        items = [x.strip() for x in ch.strip("[]").split(",")]
        if not set(items) <= CHANNELS:
            err(f"{pid}: channels 非法 {ch}")
    at = fm.get("applies_to", "")
    if at != "all":
        if not (at.startswith("[") and at.endswith("]")):
            err(f"{pid}: applies_to 应为 all 或 [列表]")
        for x in at.strip("[]").split(","):
            if x.strip() not in prod and x.strip() not in categories:
                err(f"{pid}: applies_to 中的 {x.strip()!r} 既不是商品 id 也不是商品类目")
    if not p["body"].lstrip().startswith("# "):
        err(f"{pid}: 正文应以一级标题开头")
    sup = fm.get("supersedes", "")
    if sup != "null":
        if sup not in policies:
            err(f"{pid}: supersedes 不存在 {sup}")
            continue
        superseded_by[sup] = pid
        old_to = policies[sup]["fm"].get("effective_to", "")
        if not is_date(old_to) or not is_date(fm.get("effective_from", "")) or \
                datetime.date.fromisoformat(old_to) + datetime.timedelta(days=1) != datetime.date.fromisoformat(fm["effective_from"]):
            err(f"{pid}: 与被取代版本 {sup} 的有效期不衔接")
        if eto != "null":
            warn(f"{pid}: 新版本也有截止日期")
for sup, new in superseded_by.items():
    if "已失效" not in policies[sup]["body"]:
        warn(f"{sup}: 已被 {new} 取代，但正文没有写“已失效”")

# ====================================================================== 问题
name_en_norm = [norm(p.get("name_en", "")) for p in prod.values()]


def check_question(d, where, correction=False):
    if list(d) != QA_KEYS:
        err(f"{where}: 键应为 {QA_KEYS}")
    if not isinstance(d.get("question"), str) or not d.get("question", "").strip():
        err(f"{where}: question 为空")
    lang = d.get("lang")
    if lang not in ("zh", "en"):
        err(f"{where}: lang 非法")
    elif lang == "zh" and not CJK.search(d.get("question", "")):
        err(f"{where}: lang=zh 但题目不含中文")
    elif lang == "en" and CJK.search(d.get("question", "")):
        err(f"{where}: lang=en 但题目含中文")
    if d.get("channel") is not None and d["channel"] not in CHANNELS:
        err(f"{where}: channel 非法")
    if d.get("as_of") is not None and not is_date(d["as_of"]):
        err(f"{where}: as_of 非日期")
    t = d.get("type")
    if t not in ({"correction"} if correction else TYPES):
        err(f"{where}: type 非法 {t}")
    if t == "temporal" and d.get("as_of") is None:
        err(f"{where}: temporal 题须给出 as_of")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or not all(isinstance(x, str) and x for x in d.get(k, [])):
            err(f"{where}: {k} 须为非空字符串列表")
    if not isinstance(d.get("refuse"), bool):
        err(f"{where}: refuse 须为布尔值")
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
        if kind == "product" and d.get("channel") and t not in ("channel", "correction") and d["channel"] not in prod[sid]["channels"]:
            warn(f"{where}: 商品 {sid} 不在渠道 {d['channel']} 销售")
    if len(set(d.get("sources", []))) != len(d.get("sources", [])):
        err(f"{where}: sources 重复")
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
    src_norm = norm("\n".join(raw.get(s, "") for s in d.get("sources", [])))
    for mi in d.get("must_include", []):
        if not correction and norm(mi) not in all_raw_norm:
            err(f"{where}: must_include {mi!r} 不在知识库原文中")
        elif not correction and norm(mi) not in src_norm:
            warn(f"{where}: must_include {mi!r} 不在其 sources 原文中")
        if len(mi) > 20:
            warn(f"{where}: must_include {mi!r} 过长（应是值，不是句子）")
    if lang == "en":
        for mi in d.get("must_include", []):
            if not (re.search(r"\d", mi) or any(norm(mi) in n for n in name_en_norm) or norm(mi) in CHANNELS):
                err(f"{where}: 英文题 must_include {mi!r} 不是数字、name_en 片段或渠道名")
    mi_norm = [norm(x) for x in d.get("must_include", [])]
    for mn in d.get("must_not_include", []):
        if norm(mn) in mi_norm:
            err(f"{where}: must_not_include 与 must_include 冲突 {mn!r}")
        if not correction and norm(mn) not in all_raw_norm:
            warn(f"{where}: must_not_include {mn!r} 不在知识库原文中（非拒答题通常是旧版本数值）")


qa = read_jsonl(os.path.join(HERE, "qa.jsonl"))
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids):
    err("qa.jsonl: id 重复")
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}":
        err(f"qa.jsonl 第{i}行: id 应为 q{i:03d}")
    check_question(d, d.get("id", "?"))
qtexts = collections.Counter(norm(d.get("question", "")) for d in qa)
for q, n in qtexts.items():
    if n > 1:
        err(f"qa.jsonl: 题目重复 {q}")

# ====================================================================== 更正
corrections = read_jsonl(os.path.join(HERE, "corrections.jsonl"))
corrected = set()
for i, c in enumerate(corrections, 1):
    cid, tgt, field, old, new = c.get("id"), c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if list(c) != ["id", "target", "field", "old", "new", "reason", "question"]:
        err(f"{cid}: 键应为 id,target,field,old,new,reason,question")
    if cid != f"c{i:02d}":
        err(f"corrections 第{i}行: id 应为 c{i:02d}")
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
                err(f"{cid}: 有 SKU 的商品不能只改 SPU 价格")
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            if field in p.get("attributes", {}) and field in p.get("specs", {}):
                err(f"{cid}: {field} 同时在 attributes 和 specs 中，更正目标不明确")
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
        # 同一事实若在别处也写着旧值，更正后知识库会自相矛盾
        others = [k for k, v in raw.items() if k != tgt and norm(old) in norm(v)]
        if others:
            warn(f"{cid}: old 文本也出现在 {others}")
    else:
        err(f"{cid}: {kind} 目标只能用 field=text")
    if not c.get("reason"):
        err(f"{cid}: 缺少 reason")
    q = c.get("question", {})
    check_question(q, f"{cid}.question", correction=True)
    if q.get("type") != "correction":
        err(f"{cid}: question.type 应为 correction")
    if q.get("id") != f"qc{i:02d}":
        err(f"{cid}: question.id 应为 qc{i:02d}")
    if tgt not in q.get("sources", []):
        err(f"{cid}: 验证题 sources 应包含 target")
    for mi in q.get("must_include", []):
        if norm(mi) not in norm(new):
            err(f"{cid}: must_include {mi!r} 不在 new 中")
    for mn in q.get("must_not_include", []):
        if norm(mn) not in norm(old):
            err(f"{cid}: must_not_include {mn!r} 不在 old 中")
    corrected.add((tgt, old))
for d in qa:
    for tgt, old in corrected:
        if tgt in d.get("sources", []) and any(norm(old) in norm(mi) or norm(mi) in norm(old) for mi in d.get("must_include", [])):
            err(f"{d['id']}: 依赖了被更正的事实 {tgt} {old!r}")

# ====================================================================== README 中的数字
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
readme_path = os.path.join(HERE, "README.md")
if not os.path.exists(readme_path):
    err("缺少 README.md")
else:
    readme = open(readme_path, encoding="utf-8").read()
    actual = {"kb/products.jsonl": len(prod), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
              "qa.jsonl": len(qa), "corrections.jsonl": len(corrections)}
    for fn, n in actual.items():
        m = re.search(r"^\|\s*`" + re.escape(fn) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if not m:
            err(f"README: 文件表中找不到 {fn} 的数量")
        elif int(m.group(1)) != n:
            err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
    want_types = ", ".join(f"{k} {v}" for k, v in sorted(tc.items()))
    want_langs = ", ".join(f"{k} {v}" for k, v in sorted(lc.items()))
    if f"题型分布：{want_types}" not in readme:
        err(f"README: 题型分布应写为“{want_types}”")
    if f"语言：{want_langs}" not in readme:
        err(f"README: 语言分布应写为“{want_langs}”")
    if f"**{DEFAULT_AS_OF}**" not in readme:
        err(f"README: 没有写明默认评测日 {DEFAULT_AS_OF}")

# ====================================================================== 汇总
print(f"商品 {len(prod)}（含 specs {sum('specs' in d for d in prod.values())}，含 variants {sum('variants' in d for d in prod.values())}，"
      f"SKU {sum(len(d.get('variants', [])) for d in prod.values())}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrections)}")
print("题型：" + ", ".join(f"{k} {v}" for k, v in sorted(tc.items())))
print("语言：" + ", ".join(f"{k} {v}" for k, v in sorted(lc.items())))
print("渠道：" + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(str(d.get('channel')) for d in qa).items())))
print(f"带 as_of 的题：{sum(1 for d in qa if d.get('as_of'))}；拒答题：{sum(1 for d in qa if d.get('refuse'))}")
for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
