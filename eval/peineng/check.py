#!/usr/bin/env python3
"""沛能评测集一致性检查（仅标准库）。用法：python3 check.py
错误（ERROR）会使退出码为 1；警告（WARN）只提示。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"edition", "color", "pack", "length", "size", "fits", "plan"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def d(s): return datetime.date.fromisoformat(s)
def is_num(x): return isinstance(x, (int, float)) and not isinstance(x, bool)
def fmt_price(x): return str(int(x)) if is_num(x) and float(x).is_integer() else str(x)
CJK = re.compile(r"[\u4e00-\u9fff]")

# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
eval_cfg = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(eval_cfg) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(eval_cfg)}")
DEFAULT = d(eval_cfg["default_as_of"])
if not re.fullmatch(r"peineng-[a-z0-9]+(-[a-z0-9]+)*", eval_cfg.get("name", "")): err("eval.json: name 格式应为 peineng-<kebab-case>")

# ---------------------------------------------------------------- 商品
def chk_channels(where, ch):
    if not isinstance(ch, list) or not ch: err(f"{where}: channels 必须是非空列表"); return
    for c in ch:
        if c not in CHANNELS: err(f"{where}: 未知渠道 {c}")
    if len(set(ch)) != len(ch): err(f"{where}: channels 重复")

for p in products:
    pid = p.get("id", "?")
    w = f"product:{pid}"
    keys = [k for k in PROD_KEYS if k != "variants" or "variants" in p]
    if list(p) != keys: err(f"{w}: 字段顺序应为 {keys}，实际 {list(p)}")
    if not re.fullmatch(r"PN-\d{4}", pid): err(f"{w}: id 格式应为 PN-四位数字")
    if not p.get("name", "").startswith("沛能"): err(f"{w}: name 应以品牌名“沛能”开头")
    if not p.get("name_en", "").startswith("PEINENG "): err(f"{w}: name_en 应以 PEINENG 开头")
    if CJK.search(p.get("name_en", "")): err(f"{w}: name_en 含中文")
    if not is_num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{w}: price_cny 必须为正数")
    chk_channels(w, p.get("channels"))
    if not kbload.is_date(p.get("launched") or ""): err(f"{w}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{w}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(disc) < d(p["launched"]): err(f"{w}: 停产早于上市")
    for fld in ("attributes", "specs"):
        v = p.get(fld)
        if not isinstance(v, dict): err(f"{w}: {fld} 必须是对象"); continue
        if fld == "specs" and not v: err(f"{w}: specs 不能为空")
        for k, x in v.items():
            if not isinstance(x, str) or not x: err(f"{w}: {fld}.{k} 必须是非空字符串")
    if set(p.get("attributes", {})) & set(p.get("specs", {})): err(f"{w}: attributes 与 specs 键名重复")
    for fld in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(fld), list) or not all(isinstance(x, str) for x in p.get(fld, [])): err(f"{w}: {fld} 必须是字符串列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{w}: variants 至少2个 SKU"); vs = []
        skus = []
        for v in vs:
            ks = list(v)
            if not ks or ks[0] != "sku" or ks[-1] != "price_cny": err(f"{w}: SKU 字段应以 sku 开头、price_cny 结尾：{ks}")
            for k in ks[1:-1]:
                if k not in VARIANT_DIMS: err(f"{w}: SKU 未知规格维度 {k}")
            s = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", s): err(f"{w}: SKU 编码 {s} 应为 商品id + '-' + 后缀")
            skus.append(s)
            if not is_num(v.get("price_cny")): err(f"{w}: SKU {s} price_cny 不是数字")
        if len(set(skus)) != len(skus): err(f"{w}: SKU 重复")
        prices = [v["price_cny"] for v in vs if is_num(v.get("price_cny"))]
        if prices and p.get("price_cny") != min(prices): err(f"{w}: price_cny {p.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")
        dims = [tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs]
        if len(set(dims)) > 1: err(f"{w}: 各 SKU 的规格维度不一致")
    # related
    rel = p.get("related", [])
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{w}: related 项字段应为 type,id")
        t, tid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{w}: 未知关系类型 {t}")
        if tid not in prod: err(f"{w}: 关系指向不存在的商品 {tid}")
        if tid == pid: err(f"{w}: 关系指向自身")
        if (t, tid) in seen: err(f"{w}: 重复关系 {t} {tid}")
        seen.add((t, tid))
        if t == "replaces" and tid in prod:
            old = prod[tid]
            if not old.get("discontinued"): err(f"{w}: replaces {tid}，但 {tid} 未停产")
            elif kbload.is_date(old["discontinued"]) and d(p["launched"]) > d(old["discontinued"]) + datetime.timedelta(days=1):
                warn(f"{w}: 替代品上市晚于旧款停产次日")
    if any(r.get("type") == "set_contains" for r in rel):
        if p.get("category") != "套装": err(f"{w}: 有 set_contains 但 category 不是 套装")
        comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
        total = sum(prod[c]["price_cny"] for c in comps)
        val = p.get("attributes", {}).get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val)
        if not m: err(f"{w}: 套装缺少 单品合计价值（形如 1898元）")
        elif float(m.group(1)) != total: err(f"{w}: 单品合计价值 {val} ≠ 组成商品价格之和 {fmt_price(total)}")
        if m and p["price_cny"] >= float(m.group(1)): warn(f"{w}: 套装价不低于单品合计价值")
        for c in comps:
            if prod[c].get("launched") and d(prod[c]["launched"]) > d(p["launched"]): err(f"{w}: 组成商品 {c} 上市晚于套装")
            if not set(p["channels"]) <= set(prod[c]["channels"]) and p["category"] == "套装":
                pass  # 套装可以在单品不单独销售的渠道销售，不作要求
        if "规格" not in p.get("attributes", {}): err(f"{w}: 套装缺少 规格")
    elif p.get("category") == "套装": err(f"{w}: category 为 套装 但没有 set_contains")

# 目录性要求
cats = Counter(p.get("category") for p in products)
if not any(p.get("discontinued") and any(r["type"] == "replaces" and r["id"] == p["id"] for q in products for r in q.get("related", [])) for p in products):
    err("商品：缺少“停产并由新品替代”的商品")
if not any(d(p["launched"]) > DEFAULT for p in products if kbload.is_date(p.get("launched") or "")): err("商品：缺少默认评测日尚未上市的商品")
if not any(len(p.get("channels", [])) == 1 for p in products): err("商品：缺少单一渠道专供商品")
if not any(r["type"] == "refill_of" for p in products for r in p["related"]): err("商品：缺少 refill_of 耗材")
nv = sum("variants" in p for p in products)
if not 12 <= nv <= 15: warn(f"商品：有 variants 的商品 {nv} 个（目标 12-15）")

# ---------------------------------------------------------------- 政策
def parse_list(v):
    v = v.strip()
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    if not m: return None
    return [x.strip() for x in m.group(1).split(",") if x.strip()]

for pid, po in policies.items():
    fm, w = po["fm"], f"policy:{pid}"
    if not re.fullmatch(r"pn-[a-z0-9]+(-[a-z0-9]+)*", pid): err(f"{w}: id 应为 pn- 开头的 kebab-case")
    ch = parse_list(fm["channels"])
    if ch is None: err(f"{w}: channels 应为 all 或 [..]")
    elif ch != "all":
        for c in ch:
            if c not in CHANNELS: err(f"{w}: 未知渠道 {c}")
    at = parse_list(fm["applies_to"])
    if at is None: err(f"{w}: applies_to 应为 all 或 [..]")
    elif at != "all":
        for c in at:
            if c not in cats: err(f"{w}: applies_to 中的类目 {c} 不存在于商品 category")
    if not kbload.is_date(fm["effective_from"]): err(f"{w}: effective_from 不是日期")
    if fm["effective_to"] != "null":
        if not kbload.is_date(fm["effective_to"]): err(f"{w}: effective_to 不是日期或 null")
        elif d(fm["effective_to"]) < d(fm["effective_from"]): err(f"{w}: effective_to 早于 effective_from")
    m = re.search(r"^# (.+)$", po["body"], re.M)
    if not m: err(f"{w}: 正文缺少一级标题")
    elif fm["title"] not in m.group(1): err(f"{w}: 标题“{m.group(1)}”与 title“{fm['title']}”不一致")
    sup = fm["supersedes"]
    if sup != "null":
        if sup not in policies: err(f"{w}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old["effective_to"] == "null": err(f"{w}: 被取代的 {sup} 没有 effective_to")
            elif d(old["effective_to"]) + datetime.timedelta(days=1) != d(fm["effective_from"]):
                err(f"{w}: {sup} 的 effective_to {old['effective_to']} 与本版 effective_from {fm['effective_from']} 不衔接")
            if fm["effective_to"] != "null": warn(f"{w}: 新版本也有 effective_to")
    # 旧版要在正文里写明失效
    if fm["effective_to"] != "null" and any(policies[o]["fm"]["supersedes"] == pid for o in policies):
        if "已失效" not in po["body"]: warn(f"{w}: 已被取代的版本正文未注明“已失效”")
sup_targets = [po["fm"]["supersedes"] for po in policies.values() if po["fm"]["supersedes"] != "null"]
if len(sup_targets) != len(set(sup_targets)): err("政策：同一版本被多次取代")
if len(sup_targets) < 2: err("政策：应至少有两组新旧版本（退换货、会员积分）")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq:{fid}: id 格式应为 F+三位数字")
    if not f["question"] or not f["answer"]: err(f"faq:{fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq:{fid}: tags 有空项")

# ---------------------------------------------------------------- qa
def src_ok(s):
    return s in raw

def active_at(pid, day):
    fm = policies[pid]["fm"]
    return d(fm["effective_from"]) <= day and (fm["effective_to"] == "null" or day <= d(fm["effective_to"]))

def check_question(qd, w, allowed_types, corr=False):
    if list(qd) != QA_KEYS: err(f"{w}: 字段顺序应为 {QA_KEYS}，实际 {list(qd)}")
    if not isinstance(qd.get("question"), str) or not qd["question"].strip(): err(f"{w}: question 为空")
    if qd.get("lang") not in ("zh", "en"): err(f"{w}: lang 只能是 zh/en")
    if qd.get("lang") == "en" and CJK.search(qd.get("question", "")) and not re.search(r"[A-Za-z]{3}", qd["question"]): err(f"{w}: 英文题主体不是英文")
    if qd.get("lang") == "zh" and not CJK.search(qd.get("question", "")): err(f"{w}: 中文题没有中文")
    ch = qd.get("channel")
    if ch is not None and ch not in CHANNELS: err(f"{w}: 未知渠道 {ch}")
    asof = qd.get("as_of")
    if asof is not None and not kbload.is_date(asof): err(f"{w}: as_of 不是日期")
    day = d(asof) if asof and kbload.is_date(asof) else DEFAULT
    if qd.get("type") not in allowed_types: err(f"{w}: 未知题型 {qd.get('type')}")
    for fld in ("must_include", "must_not_include", "sources"):
        v = qd.get(fld)
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v): err(f"{w}: {fld} 必须是非空字符串的列表")
    if not isinstance(qd.get("refuse"), bool): err(f"{w}: refuse 必须是布尔值")
    if (qd.get("type") == "refusal") != (qd.get("refuse") is True): err(f"{w}: refuse 与 type=refusal 不一致")
    if not qd.get("note"): warn(f"{w}: note 为空")
    srcs = qd.get("sources", [])
    for s in srcs:
        if not src_ok(s): err(f"{w}: 来源 {s} 不存在")
    if len(set(srcs)) != len(srcs): err(f"{w}: sources 重复")
    if qd.get("refuse"):
        if qd.get("must_include"): err(f"{w}: 拒答题 must_include 必须为空")
        if srcs: warn(f"{w}: 拒答题带有 sources")
        return
    if not srcs: err(f"{w}: 非拒答题缺少 sources")
    src_norm = kbload.norm("".join(raw[s] for s in srcs if s in raw))
    for mi in qd.get("must_include", []):
        n = kbload.norm(mi)
        if n not in all_raw_norm: err(f"{w}: must_include “{mi}” 不在知识库原文中")
        elif n not in src_norm: warn(f"{w}: must_include “{mi}” 不在其 sources 中")
        if qd.get("lang") == "en" and CJK.search(mi): err(f"{w}: 英文题的 must_include “{mi}” 含中文")
    for mi in qd.get("must_include", []):
        for mn in qd.get("must_not_include", []):
            if kbload.norm(mn) in kbload.norm(mi): err(f"{w}: must_include “{mi}” 含 must_not_include “{mn}”")
    if not qd.get("must_include"): err(f"{w}: 非拒答题 must_include 为空")
    # 时间与渠道一致性
    for s in srcs:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            fm = policies[sid]["fm"]
            if d(fm["effective_from"]) > day: err(f"{w}: 引用的 {s} 在 as_of {day} 时尚未生效")
            pch = parse_list(fm["channels"])
            if ch and pch not in ("all", None) and ch not in pch and qd.get("type") != "channel":
                warn(f"{w}: channel={ch} 但 {s} 仅适用于 {pch}")
            if asof is None and not active_at(sid, day) and not corr:
                warn(f"{w}: as_of 为 null（默认 {day}），但引用了当日已失效的 {s}")
    if qd.get("type") == "temporal" and asof is None: err(f"{w}: temporal 题必须给出 as_of")

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [x.get("id") for x in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for n, x in enumerate(qa, 1):
    if x.get("id") != f"q{n:03d}": err(f"qa.jsonl:{n}: id 应为 q{n:03d}")
    check_question(x, f"qa:{x.get('id')}", TYPES)
    if x.get("type") == "channel" and x.get("channel") is None: err(f"qa:{x.get('id')}: channel 题必须给出 channel")
norm_q = Counter(kbload.norm(x.get("question", "")) for x in qa)
for k, v in norm_q.items():
    if v > 1: err(f"qa.jsonl: 重复的问题 {k}")

# ---------------------------------------------------------------- corrections
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
corrected = []  # (target, old)
for n, c in enumerate(corrs, 1):
    w = f"correction:{c.get('id')}"
    if list(c) != CORR_KEYS: err(f"{w}: 字段顺序应为 {CORR_KEYS}")
    if c.get("id") != f"c{n:02d}": err(f"{w}: id 应为 c{n:02d}")
    for k in ("old", "new", "reason"):
        if not isinstance(c.get(k), str) or not c[k]: err(f"{w}: {k} 必须是非空字符串")
    if c.get("old") == c.get("new"): err(f"{w}: old 与 new 相同")
    t, fld = c.get("target", ""), c.get("field")
    kind, _, tid = t.partition(":")
    if t not in raw: err(f"{w}: target {t} 不存在"); continue
    if kind == "product":
        p = prod[tid]
        if fld == "price_cny":
            if fmt_price(p["price_cny"]) != c["old"]: err(f"{w}: old {c['old']} ≠ 当前价格 {p['price_cny']}")
            if "variants" in p: err(f"{w}: 有 SKU 的商品不能只改 SPU 价格（SKU 价格无法更正）")
        elif fld in p["attributes"] or fld in p["specs"]:
            cur = p["attributes"].get(fld, p["specs"].get(fld))
            if cur != c["old"]: err(f"{w}: old “{c['old']}” ≠ 当前值 “{cur}”")
        else: err(f"{w}: 商品没有字段 {fld}")
    elif kind in ("policy", "faq"):
        if fld != "text": err(f"{w}: 政策/FAQ 的 field 只能是 text")
        body = policies[tid]["body"] if kind == "policy" else faq[tid]["answer"]
        cnt = body.count(c["old"])
        if cnt != 1: err(f"{w}: old 在目标中出现 {cnt} 次（应恰好1次）")
    else: err(f"{w}: 未知 target 类型")
    corrected.append((t, c.get("old", ""), c.get("new", "")))
    qd = c.get("question", {})
    # 更正题：must_include 应在更正后的新值里，而不是更正前的知识库
    if not isinstance(qd, dict) or list(qd) != QA_KEYS: err(f"{w}: question 字段顺序应为 {QA_KEYS}"); continue
    if qd.get("id") != "q" + c.get("id", ""): err(f"{w}: question.id 应为 q{c.get('id')}")
    if qd.get("type") != "correction" or qd.get("refuse") is not False: err(f"{w}: question.type 应为 correction 且 refuse=false")
    if t not in qd.get("sources", []): err(f"{w}: question.sources 应包含 target")
    for mi in qd.get("must_include", []):
        if kbload.norm(mi) not in kbload.norm(c.get("new", "")): err(f"{w}: question.must_include “{mi}” 不在 new 中")
    for mn in qd.get("must_not_include", []):
        if kbload.norm(mn) not in kbload.norm(c.get("old", "")): err(f"{w}: question.must_not_include “{mn}” 不在 old 中")
    if not qd.get("must_include") or not qd.get("must_not_include"): err(f"{w}: question 须有 must_include 和 must_not_include")
    if qd.get("lang") not in ("zh", "en") or (qd.get("channel") not in CHANNELS + [None]): err(f"{w}: question lang/channel 非法")

# qa 不依赖被更正的事实
for x in qa:
    for t, old, new in corrected:
        if t in x.get("sources", []):
            for mi in x.get("must_include", []):
                if kbload.norm(mi) in kbload.norm(old) or kbload.norm(old) in kbload.norm(mi):
                    err(f"qa:{x['id']}: must_include “{mi}” 依赖被 {t} 更正的旧值 “{old}”")

# ---------------------------------------------------------------- README 计数
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "corrections.jsonl": len(corrs), "eval.json": 1}
for fn, n in counts.items():
    m = re.search(r"^\| `" + re.escape(fn) + r"` \|.*\| (\d+) \|$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fn}")
    elif int(m.group(1)) != n: err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
tc = Counter(x.get("type") for x in qa)
lc = Counter(x.get("lang") for x in qa)
line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
m = re.search(r"`variants`（[^，]*，(\d+)个商品有）", readme)
if not m or int(m.group(1)) != nv: err(f"README: variants 商品数应写 {nv}")

# ---------------------------------------------------------------- 输出
for m in warnings: print("WARN ", m)
for m in errors: print("ERROR", m)
print(f"products {len(products)}（variants {nv}），policies {len(policies)}，faq {len(faq)}，qa {len(qa)}，corrections {len(corrs)}")
print(f"题型 {dict(sorted(tc.items()))}；语言 {dict(sorted(lc.items()))}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
