#!/usr/bin/env python3
"""帘舍评测集一致性检查（仅标准库）。用法：python3 check.py
检查商品/政策/FAQ/问题/更正的格式与相互引用，以及非拒答题 must_include 能在知识库原文中找到。
退出码：有错误为 1，否则为 0。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PROD_KEYS_REQ = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                 "attributes", "specs"]
PROD_KEYS_TAIL = ["suitable_for", "not_suitable_for", "related"]
VARIANT_FIELDS = {"color", "blackout", "pattern", "size", "track", "rod", "length", "control"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
D = datetime.date.fromisoformat


def norm(s):
    """README 的归一化：去空白、全角转半角、英文小写、中文日期转 YYYY-MM-DD。"""
    s = kbload.norm(s)
    s = "".join(chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日",
               lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", s)
    return s


def money(x):
    return (f"{x:.2f}".rstrip("0").rstrip(".")) if isinstance(x, float) else str(x)


# ---------------------------------------------------------------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"lianshe-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 lianshe-<kebab-case>")
DEFAULT = D(ev["default_as_of"])

raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_NORM = norm(all_raw_norm)

# ---------------------------------------------------------------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    exp = PROD_KEYS_REQ + [k for k in ("variants", "ingredients") if k in p] + PROD_KEYS_TAIL
    if keys != exp: err(f"{pid}: 字段顺序应为 {exp}，实际 {keys}")
    if not re.fullmatch(r"LS-\d{4}", str(pid)): err(f"{pid}: id 格式应为 LS-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not re.fullmatch(r"[\x20-\x7e]+", p.get("name_en", "")): err(f"{pid}: name_en 含非 ASCII 字符")
    if not p.get("name", "").startswith("帘舍"): warn(f"{pid}: name 不以品牌名开头")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    dis = p.get("discontinued")
    if dis is not None:
        if not kbload.is_date(dis): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(dis) <= D(p["launched"]): err(f"{pid}: 停产日早于上市日")
        if "销售状态" not in p.get("attributes", {}): err(f"{pid}: 已停产/下架商品缺少 attributes.销售状态")
        elif dis not in p["attributes"]["销售状态"]: err(f"{pid}: 销售状态中未写停产日期 {dis}")
    if kbload.is_date(p.get("launched") or "") and D(p["launched"]) > DEFAULT:
        st = p.get("attributes", {}).get("上市状态", "")
        if p["launched"] not in st: err(f"{pid}: 默认评测日尚未上市，attributes.上市状态 应写上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or (k == "specs" and not v): err(f"{pid}: {k} 应为{'非空' if k == 'specs' else ''}对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 的值应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU"); vs = []
        skus = [v.get("sku") for v in vs]
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        dims = None
        for v in vs:
            sku = v.get("sku", "?")
            if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{sku}: SKU 字段应以 sku 开头、price_cny 结尾")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", str(sku)): err(f"{sku}: SKU 应为 {pid}-后缀")
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{sku}: price_cny 应为正数")
            d = set(v) - {"sku", "price_cny"}
            if not d or d - VARIANT_FIELDS: err(f"{sku}: 规格字段非法 {sorted(d)}")
            if dims is None: dims = d
            elif d != dims: err(f"{sku}: 各 SKU 规格维度不一致")
            for kk in d:
                if not isinstance(v[kk], str) or not v[kk]: err(f"{sku}: {kk} 应为非空字符串")
        prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
        if prices and price != min(prices): err(f"{pid}: price_cny={price} 应等于最低 SKU 价 {min(prices)}")
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); rel = []
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        t, tid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 关系类型非法 {t}")
        if tid not in prod: err(f"{pid}: 关系指向不存在的商品 {tid}"); continue
        if tid == pid: err(f"{pid}: 关系指向自己")
        if (t, tid) in seen: err(f"{pid}: 关系重复 {t} {tid}")
        seen.add((t, tid))
        q = prod[tid]
        if t == "replaces":
            if not q.get("discontinued"): err(f"{pid}: replaces {tid}，但 {tid} 未停产")
            elif p.get("discontinued"): err(f"{pid}: 替代款自身已停产")
            elif p["launched"] > q["discontinued"]: warn(f"{pid}: 上市晚于 {tid} 停产，存在断档")
            if p.get("name", "")[2:] not in q.get("attributes", {}).get("销售状态", ""):
                err(f"{tid}: 销售状态未提到替代款 {p.get('name', '')[2:]}")
        if t == "refill_of" and p.get("category") != "替换装": warn(f"{pid}: refill_of 但 category 不是替换装")
        if t == "set_contains" and q.get("category") == "套装": err(f"{pid}: 套装内含套装 {tid}")
    comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if len(comps) < 2: err(f"{pid}: 套装至少包含 2 个单品")
        a = p.get("attributes", {})
        if "规格" not in a or "单品合计价值" not in a: err(f"{pid}: 套装缺少 attributes.规格/单品合计价值")
        else:
            total = round(sum(prod[c]["price_cny"] for c in comps), 2)
            if a["单品合计价值"] != f"{money(total)}元": err(f"{pid}: 单品合计价值 {a['单品合计价值']} ≠ 组成商品价格之和 {money(total)}元")
            if not price < total: err(f"{pid}: 套装价 {price} 不低于单品合计 {money(total)}")
        for c in comps:
            if not set(p["channels"]) <= set(prod[c]["channels"]) and "服务" != prod[c]["category"]:
                warn(f"{pid}: 套装渠道 {p['channels']} 超出单品 {c} 的渠道")
            if prod[c].get("discontinued") and (not p.get("discontinued") or p["discontinued"] > prod[c]["discontinued"]):
                err(f"{pid}: 套装在售但单品 {c} 已停产")
    elif comps: err(f"{pid}: 非套装商品含 set_contains")

n_var = sum(1 for p in products if "variants" in p)

# ---------------------------------------------------------------- 政策
for pid, po in policies.items():
    fm = po["fm"]
    if not re.fullmatch(r"ls-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 ls- 开头")
    chs = fm["channels"]
    if chs != "all":
        m = re.fullmatch(r"\[(.*)\]", chs)
        lst = [x.strip() for x in m.group(1).split(",")] if m else []
        if not lst or any(c not in CHANNELS for c in lst): err(f"{pid}: channels 非法 {chs}")
    if not kbload.is_date(fm["effective_from"]): err(f"{pid}: effective_from 不是日期")
    if fm["effective_to"] != "null":
        if not kbload.is_date(fm["effective_to"]): err(f"{pid}: effective_to 不是日期")
        elif D(fm["effective_to"]) < D(fm["effective_from"]): err(f"{pid}: effective_to 早于 effective_from")
    if f"# " not in po["body"] or fm["title"] not in po["body"]: warn(f"{pid}: 正文标题与 title 不一致")
    sup = fm["supersedes"]
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}"); continue
        old = policies[sup]["fm"]
        if old["effective_to"] == "null": err(f"{pid}: 被取代的 {sup} 没有 effective_to")
        elif D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
            err(f"{pid}: {sup} 的 effective_to 应为本政策生效前一天")
        if "已失效" not in policies[sup]["body"]: warn(f"{sup}: 已被取代但正文未标注已失效")
        if sup not in po["body"] and old["title"] not in po["body"]: warn(f"{pid}: 正文未提到被取代的 {old['title']}")
superseded = {po["fm"]["supersedes"] for po in policies.values()}
for pid, po in policies.items():
    if po["fm"]["effective_to"] != "null" and pid not in superseded and po["fm"]["effective_to"] >= ev["default_as_of"]:
        warn(f"{pid}: 在默认评测日仍有效但设置了 effective_to")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 为空")


# ---------------------------------------------------------------- 问题
def check_question(d, where, corr=False, kb_norm=ALL_NORM, raw_src=raw):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段顺序应为 {QA_KEYS}")
    if d.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if d.get("channel") is not None and d["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法")
    if d.get("as_of") is not None and not kbload.is_date(d["as_of"]): err(f"{where} {qid}: as_of 不是日期")
    t = d.get("type")
    if corr:
        if t != "correction": err(f"{where} {qid}: 更正验证题 type 应为 correction")
    elif t not in TYPES: err(f"{where} {qid}: type 非法 {t}")
    if d.get("refuse") is not (t == "refusal"): err(f"{where} {qid}: refuse 与 type 不一致")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) or not x for x in d.get(k, [])):
            err(f"{where} {qid}: {k} 应为非空字符串列表")
    if not isinstance(d.get("note"), str) or not d["note"]: err(f"{where} {qid}: note 为空")
    asof = D(d["as_of"]) if d.get("as_of") and kbload.is_date(d["as_of"]) else DEFAULT
    if t == "refusal":
        if d["must_include"] or d["sources"]: err(f"{where} {qid}: 拒答题的 must_include/sources 应为空")
        return
    if not d["must_include"]: err(f"{where} {qid}: must_include 为空")
    if not d["sources"]: err(f"{where} {qid}: sources 为空")
    src_norm = ""
    for s in d["sources"]:
        if s not in raw_src: err(f"{where} {qid}: 来源不存在 {s}"); continue
        src_norm += norm(raw_src[s])
        kind, _, sid = s.partition(":")
        if kind == "policy":
            fm = policies[sid]["fm"]
            if D(fm["effective_from"]) > asof: err(f"{where} {qid}: 引用的 {sid} 在 as_of {asof} 尚未生效")
            if fm["effective_to"] != "null" and D(fm["effective_to"]) < asof - datetime.timedelta(days=75):
                err(f"{where} {qid}: 引用的 {sid} 在 as_of {asof} 之前早已失效")
            if d["channel"] and fm["channels"] != "all" and d["channel"] not in fm["channels"]:
                warn(f"{where} {qid}: channel={d['channel']} 的题引用了只适用于 {fm['channels']} 的 {sid}")
        if kind == "product" and sid in prod and D(prod[sid]["launched"]) > asof and t not in ("temporal", "correction"):
            warn(f"{where} {qid}: 引用了 as_of 时尚未上市的 {sid}")
    if len(set(d["sources"])) != len(d["sources"]): err(f"{where} {qid}: sources 重复")
    for m in d["must_include"]:
        nm = norm(m)
        if nm not in kb_norm: err(f"{where} {qid}: must_include {m!r} 不在知识库原文中")
        elif nm not in src_norm: warn(f"{where} {qid}: must_include {m!r} 不在其 sources 中")
        if d["lang"] == "en" and not re.fullmatch(r"[\x20-\x7e]+", m): err(f"{where} {qid}: 英文题 must_include 含非 ASCII {m!r}")
    for m in d["must_include"]:
        for n in d["must_not_include"]:
            if norm(n) in norm(m): err(f"{where} {qid}: must_not_include {n!r} 是 must_include {m!r} 的子串")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [d.get("id") for d in qa]
if len(set(ids)) != len(ids): err("qa.jsonl: id 重复")
for i, d in enumerate(qa, 1):
    if d.get("id") != f"q{i:03d}": err(f"qa.jsonl:{i}: id 应为 q{i:03d}")
    check_question(d, "qa")
qs = [norm(d.get("question", "")) for d in qa]
if len(set(qs)) != len(qs): err("qa.jsonl: 有重复的问题文本")

# ---------------------------------------------------------------- 更正
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
fixed = dict(raw)  # 应用更正后的原文（用于核对验证题）
for i, c in enumerate(corrs, 1):
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    if cid != f"c{i:02d}": err(f"corrections.jsonl:{i}: id 应为 c{i:02d}")
    tgt, field, old, new = c.get("target"), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串"); continue
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, sid = tgt.partition(":")
    if field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        elif money(prod[sid]["price_cny"]) != old: err(f"{cid}: old {old} ≠ 当前价格 {prod[sid]['price_cny']}")
        elif "variants" in prod[sid]: err(f"{cid}: 有 SKU 的商品不能用 price_cny 更正")
        elif any(r["type"] == "set_contains" and r["id"] == sid for p in products for r in p["related"]):
            err(f"{cid}: {sid} 是套装组成商品，改价会破坏单品合计价值")
        fixed[tgt] = raw[tgt].replace(f'"price_cny": {old},', f'"price_cny": {new},', 1)
    elif field == "text":
        if kind == "policy": body = policies[sid]["body"]
        elif kind == "faq": body = faq[sid]["answer"]
        else: err(f"{cid}: text 只能更正政策或 FAQ"); continue
        if body.count(old) != 1: err(f"{cid}: old 在 {tgt} 中出现 {body.count(old)} 次（应为 1 次）")
        fixed[tgt] = raw[tgt].replace(old, new, 1)
    else:
        if kind != "product": err(f"{cid}: 键名更正只能用于商品"); continue
        p = prod[sid]
        where_ = [k for k in ("attributes", "specs") if field in p[k]]
        if len(where_) != 1: err(f"{cid}: {sid} 的 attributes/specs 中找不到唯一的键 {field}"); continue
        if p[where_[0]][field] != old: err(f"{cid}: old {old!r} ≠ 当前值 {p[where_[0]][field]!r}")
        fixed[tgt] = raw[tgt].replace(json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False), 1)
    q = c.get("question", {})
    if not isinstance(q, dict): err(f"{cid}: question 应为对象"); continue
    if q.get("id") != f"qc{cid[1:]}": err(f"{cid}: 验证题 id 应为 qc{cid[1:]}")
    if tgt not in q.get("sources", []): err(f"{cid}: 验证题 sources 应包含 {tgt}")
    for m in q.get("must_include", []):
        if norm(m) not in norm(new): err(f"{cid}: must_include {m!r} 不在 new 中")
    for m in q.get("must_not_include", []):
        if norm(m) not in norm(old): err(f"{cid}: must_not_include {m!r} 不在 old 中")
    # qa 不得依赖被更正的事实
    for d in qa:
        if tgt in d.get("sources", []) and any(norm(m) in norm(old) or norm(old) in norm(m) for m in d.get("must_include", [])):
            err(f"{cid}: qa {d['id']} 依赖被更正的事实 {old!r}")
fixed_norm = norm("".join(fixed.values()))
for c in corrs:
    if isinstance(c.get("question"), dict):
        check_question(c["question"], c.get("id", "?"), corr=True, kb_norm=fixed_norm, raw_src=fixed)
        if c.get("target") in fixed and isinstance(c.get("new"), str) and norm(c["new"]) not in norm(fixed[c["target"]]):
            err(f"{c['id']}: 更正未能应用到 {c['target']}")

# ---------------------------------------------------------------- README 计数
tc = Counter(d.get("type") for d in qa)
lc = Counter(d.get("lang") for d in qa)
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
rp = os.path.join(HERE, "README.md")
if not os.path.exists(rp): err("缺少 README.md")
else:
    readme = open(rp, encoding="utf-8").read()
    for f, n in counts.items():
        m = re.search(r"^\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        if not m: err(f"README: 文件表缺少 {f}")
        elif int(m.group(1)) != n: err(f"README: {f} 数量写的是 {m.group(1)}，实际 {n}")
    dist = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
    if dist not in readme: err(f"README: 题型/语言分布行应为：{dist}")
    m = re.search(r"(\d+)个商品有", readme)
    if not m or int(m.group(1)) != n_var: err(f"README: variants 商品数应为 {n_var}")
    if f"`default_as_of`" not in readme or ev["default_as_of"] not in readme: err("README: 未写明默认评测日")

# ---------------------------------------------------------------- 汇总
print(f"商品 {len(products)}（含 variants {n_var}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print("题型：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)))
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
