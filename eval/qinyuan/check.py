#!/usr/bin/env python3
"""沁源（qinyuan）评测集一致性检查。仅用标准库；读取由 ../kbload.py 完成。

用法：python3 check.py      —— 打印错误与警告，有错误时退出码为 1。
"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
PROD_REQUIRED = [k for k in PROD_KEYS if k != "variants"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_DIMS = {"flux", "flow", "color", "pack", "capacity", "mode", "service", "term"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def nz(s):
    """README 的归一化：全角转半角（NFKC）、去空白、英文小写。"""
    return kbload.norm(unicodedata.normalize("NFKC", s))

def d(s): return datetime.date.fromisoformat(s)

# ---------------------------------------------------------------- 读取
raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if set(ev) != {"default_as_of", "name"}: err(f"eval.json: 键应为 default_as_of/name，实际 {list(ev)}")
DEFAULT = ev.get("default_as_of")
if not kbload.is_date(DEFAULT or ""): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"qinyuan-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 格式应为 qinyuan-<kebab-case>")
default_date = d(DEFAULT)

# 全部知识文本（商品行、政策全文、FAQ 全文），按 README 归一化
kb_text = (open(os.path.join(KB, "products.jsonl"), encoding="utf-8").read()
           + "".join(p["text"] for p in policies.values())
           + open(os.path.join(KB, "faq.csv"), encoding="utf-8").read())
KB_N = nz(kb_text)
RAW_N = {k: nz(v) for k, v in raw.items()}

# ---------------------------------------------------------------- 商品
for n, p in enumerate(products, 1):
    pid = p.get("id", f"#{n}")
    keys = list(p)
    if [k for k in PROD_KEYS if k in keys] != keys or any(k not in keys for k in PROD_REQUIRED):
        err(f"{pid}: 字段顺序/缺失错误 {keys}")
    if not re.fullmatch(r"QY-\d{4}", str(p.get("id"))): err(f"{pid}: id 格式应为 QY-+4位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if not p.get("name", "").startswith("沁源"): err(f"{pid}: name 应以品牌名“沁源”开头")
    if not p.get("name_en", "").startswith("QINYUAN "): err(f"{pid}: name_en 应以 QINYUAN 开头")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(disc) <= d(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        if "销售状态" not in p.get("attributes", {}): warn(f"{pid}: 已停产但 attributes 无 销售状态")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not v: err(f"{pid}: {k} 应为非空对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 的值应为非空字符串")
    dup = set(p.get("attributes", {})) & set(p.get("specs", {}))
    if dup: err(f"{pid}: attributes 与 specs 键重复 {dup}")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            dims = None
            for v in vs:
                if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {list(v)}")
                if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", str(v.get("sku"))): err(f"{pid}: SKU 编码应为 商品id-后缀：{v.get('sku')}")
                vp = v.get("price_cny")
                if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{pid}: {v.get('sku')} price_cny 非法")
                ds = set(v) - {"sku", "price_cny"}
                if not ds or ds - VARIANT_DIMS: err(f"{pid}: {v.get('sku')} 规格维度非法 {ds}")
                if dims is None: dims = ds
                elif ds != dims: err(f"{pid}: 各 SKU 规格维度不一致")
            prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
            if prices and price != min(prices): err(f"{pid}: price_cny {price} 应等于最低 SKU 价 {min(prices)}")
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); rel = []
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))

# 关系语义
for pid, p in prod.items():
    rel = p.get("related") or []
    comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
    attrs = p.get("attributes", {})
    if p.get("category") == "套装":
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个单品")
        v = attrs.get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", v)
        if not m: err(f"{pid}: 套装缺少 单品合计价值（格式 N元）")
        else:
            total = sum(prod[c]["price_cny"] for c in comps)
            if abs(float(m.group(1)) - total) > 1e-6: err(f"{pid}: 单品合计价值 {v} ≠ 单品价格之和 {total}")
            if p["price_cny"] >= total: warn(f"{pid}: 套装价不低于单品合计")
        if "规格" not in attrs: err(f"{pid}: 套装缺少 规格")
        for c in comps:
            if not set(p["channels"]) <= set(prod[c]["channels"]):
                warn(f"{pid}: 套装渠道 {p['channels']} 超出单品 {c} 的渠道 {prod[c]['channels']}")
            if prod[c].get("discontinued") and (not p.get("discontinued") or p["discontinued"] > prod[c]["discontinued"]):
                err(f"{pid}: 套装包含已停产单品 {c}")
    elif comps: err(f"{pid}: 非套装商品不应有 set_contains")
    for r in rel:
        o = prod.get(r.get("id"))
        if not o: continue
        if r["type"] == "replaces":
            if not o.get("discontinued"): err(f"{pid}: replaces 的旧款 {o['id']} 未停产")
            elif d(p["launched"]) > d(o["discontinued"]) + datetime.timedelta(days=1): warn(f"{pid}: 新款上市晚于旧款停产")
            if "替代" not in o.get("attributes", {}).get("销售状态", ""): warn(f"{o['id']}: 销售状态未说明替代款")
        if r["type"] == "refill_of" and o.get("category") in ("替换滤芯", "耗材", "套装"):
            err(f"{pid}: refill_of 应指向主商品，而不是 {o['category']}")
        if r["type"] == "refill_of" and p.get("category") not in ("替换滤芯", "耗材"):
            err(f"{pid}: refill_of 只用于替换滤芯/耗材")
# 至少要有的形态
if not any(p.get("discontinued") and any(q2 for q2 in prod.values() if {"type": "replaces", "id": p["id"]} in q2["related"]) for p in prod.values()):
    err("商品中缺少“停产并由新款替代”的情形")
if not any(d(p["launched"]) > default_date for p in prod.values()): err("商品中缺少默认评测日尚未上市的商品")
if not any(len(p["channels"]) == 1 for p in prod.values()): err("商品中缺少渠道独家商品")
nvar = sum(1 for p in products if "variants" in p)

# ---------------------------------------------------------------- 政策
for pid, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"qy-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 qy- 开头")
    c = fm.get("channels", "")
    if c != "all":
        m = re.fullmatch(r"\[(.*)\]", c)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(x not in CHANNELS for x in items): err(f"{pid}: channels 非法 {c}")
        pol["ch"] = items
    else: pol["ch"] = list(CHANNELS)
    a = fm.get("applies_to", "")
    if a != "all" and not re.fullmatch(r"\[[^\]]+\]", a): err(f"{pid}: applies_to 应为 all 或 [品类, ...]")
    elif a != "all":
        cats = {p["category"] for p in products}
        for x in a[1:-1].split(","):
            if x.strip() not in cats: err(f"{pid}: applies_to 品类不存在 {x.strip()}")
    if not kbload.is_date(fm.get("effective_from", "")): err(f"{pid}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null":
        if not kbload.is_date(et): err(f"{pid}: effective_to 不是日期或 null")
        elif d(et) < d(fm["effective_from"]): err(f"{pid}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        old = policies.get(sup)
        if not old: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        elif old["fm"]["effective_to"] == "null": err(f"{pid}: 被取代的 {sup} 没有 effective_to")
        elif d(old["fm"]["effective_to"]) + datetime.timedelta(days=1) != d(fm["effective_from"]):
            err(f"{pid}: 版本未衔接：{sup} 至 {old['fm']['effective_to']}，{pid} 自 {fm['effective_from']}")
    title = fm.get("title", "")
    if f"# " not in pol["body"] or title not in pol["body"]: warn(f"{pid}: 正文标题与 title 不一致")
    for m in re.finditer(r"\d{4}-\d{2}-\d{2}", pol["text"]):
        if not kbload.is_date(m.group(0)): err(f"{pid}: 正文中的日期非法 {m.group(0)}")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"}
for pid, pol in policies.items():
    if pol["fm"]["effective_to"] != "null" and pid not in superseded and "活动" not in pol["fm"]["title"] and "大促" not in pol["fm"]["title"]:
        warn(f"{pid}: 有 effective_to 但没有后续版本")
if len(superseded) < 2: err("政策中应至少有两组新旧版本（退换货、会员积分）")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空项")
for m in re.finditer(r"QY-\d{4}", "".join(p["text"] for p in policies.values()) + "".join(f["answer"] for f in faq.values())):
    if m.group(0) not in prod: err(f"政策/FAQ 提到不存在的商品 {m.group(0)}")

# ---------------------------------------------------------------- 问题
def check_question(q, where, corr=False):
    keys = list(q)
    if keys != QA_KEYS: err(f"{where}: 字段顺序应为 {QA_KEYS}，实际 {keys}")
    if q.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if q.get("channel") is not None and q.get("channel") not in CHANNELS: err(f"{where}: channel 非法 {q.get('channel')}")
    if q.get("as_of") is not None and not kbload.is_date(q.get("as_of")): err(f"{where}: as_of 不是日期")
    if not corr and q.get("type") not in TYPES: err(f"{where}: type 非法 {q.get('type')}")
    if corr and q.get("type") != "correction": err(f"{where}: 更正验证题 type 应为 correction")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(q.get(k), list) or any(not isinstance(x, str) or not x for x in q.get(k, [])):
            err(f"{where}: {k} 应为非空字符串列表")
    if not isinstance(q.get("question"), str) or not q.get("question").strip(): err(f"{where}: question 为空")
    if not isinstance(q.get("note"), str) or not q.get("note"): err(f"{where}: note 为空")
    if q.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where}: 英文题含中文")
    if q.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where}: 中文题不含中文")
    refuse = q.get("refuse")
    if (q.get("type") == "refusal") != (refuse is True): err(f"{where}: refuse 与 type 不一致")
    if refuse:
        if q["must_include"]: err(f"{where}: 拒答题 must_include 应为空")
        if q["sources"]: err(f"{where}: 拒答题 sources 应为空")
        return
    if not q["must_include"]: err(f"{where}: 非拒答题 must_include 为空")
    if not q["sources"]: err(f"{where}: 非拒答题 sources 为空")
    for s in q["sources"]:
        if s not in raw: err(f"{where}: source 不存在 {s}")
    src_n = "".join(RAW_N.get(s, "") for s in q["sources"])
    for x in q["must_include"]:
        if corr: continue  # 更正验证题的 must_include 在更正后的文本中（见下方更正检查）
        if nz(x) not in KB_N: err(f"{where}: must_include “{x}” 不在知识库原文中")
        elif nz(x) not in src_n: warn(f"{where}: must_include “{x}” 不在其 sources 中")
        if q.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", x): err(f"{where}: 英文题的 must_include 含中文 “{x}”")
        if any(nz(y) == nz(x) for y in q["must_not_include"]): err(f"{where}: “{x}” 同时在 must_include 与 must_not_include")
    for y in q["must_not_include"]:
        if any(nz(y) in nz(x) for x in q["must_include"]): err(f"{where}: must_not_include “{y}” 是某个 must_include 的子串")
    # 时间：引用的政策须在 as_of（或默认评测日）已生效；过期政策只有在版本/活动订单规则下才可被引用
    when = d(q["as_of"]) if q.get("as_of") else default_date
    for s in q["sources"]:
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            if d(fm["effective_from"]) > when: err(f"{where}: 引用的 {s} 在 {when} 尚未生效")
            if fm["effective_to"] != "null" and d(fm["effective_to"]) < when:
                err(f"{where}: 引用的 {s} 在 {when} 已失效")
            if q.get("channel") and q["channel"] not in policies[s[7:]]["ch"]:
                warn(f"{where}: channel={q['channel']} 的题引用了只适用于 {policies[s[7:]]['ch']} 的 {s}")
    # 过期旧版本的政策必须配 as_of
    if any(s.startswith("policy:") and policies.get(s[7:], {}).get("fm", {}).get("effective_to", "null") != "null"
           for s in q["sources"]) and not q.get("as_of"):
        err(f"{where}: 引用有期限的政策却没有 as_of")
    if q.get("type") == "temporal" and not q.get("as_of") and not any(
            s.startswith("product:") and (prod.get(s[8:], {}).get("discontinued") or d(prod.get(s[8:], {}).get("launched", "2000-01-01")) > default_date)
            for s in q["sources"]):
        warn(f"{where}: temporal 题没有 as_of，也不涉及停产/未上市商品")

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [q.get("id") for q in qa]
if ids != [f"q{i:03d}" for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应为连续的 q001, q002, ...")
for q in qa: check_question(q, q.get("id"))
qtexts = Counter(q.get("question") for q in qa)
for t, n in qtexts.items():
    if n > 1: err(f"qa.jsonl: 问题重复 {t}")
# 问题不照抄知识库：问题文本（去掉标点后）不应是 FAQ 问题原样
faq_q = {nz(re.sub(r"[？?！!，,。.]", "", f["question"])) for f in faq.values()}
for q in qa:
    if nz(re.sub(r"[？?！!，,。.]", "", q["question"])) in faq_q: warn(f"{q['id']}: 问题与 FAQ 问题原文相同")

# ---------------------------------------------------------------- 更正
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
for n, c in enumerate(corrs, 1):
    cid = c.get("id")
    if cid != f"c{n:02d}": err(f"corrections: 第{n}条 id 应为 c{n:02d}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, tid = tgt.partition(":")
    if field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        elif str(prod[tid]["price_cny"]) != old: err(f"{cid}: old {old} ≠ 当前价格 {prod[tid]['price_cny']}")
        elif "variants" in prod[tid]: err(f"{cid}: 有 SKU 的商品不能只改 price_cny（会与最低 SKU 价不一致）")
        if any(f"set_contains" == r["type"] and r["id"] == tid for p in products for r in p["related"]):
            err(f"{cid}: 改价的商品是某个套装的单品，会使单品合计价值失真")
    elif field == "text":
        if kind == "policy": body = policies[tid]["body"]
        elif kind == "faq": body = faq[tid]["answer"]
        else: err(f"{cid}: text 只能更正政策或 FAQ"); continue
        if body.count(old) != 1: err(f"{cid}: old 在目标中出现 {body.count(old)} 次（应为1次）")
        if nz(old) in nz(kb_text.replace(body, "")): warn(f"{cid}: old 文本在其他来源中也出现，更正后会不一致")
    else:
        if kind != "product": err(f"{cid}: 属性/规格更正只能针对商品")
        else:
            p = prod[tid]
            cur = p["attributes"].get(field, p["specs"].get(field))
            if cur is None: err(f"{cid}: 商品 {tid} 没有 attributes/specs 键 {field}")
            elif cur != old: err(f"{cid}: old “{old}” ≠ 当前值 “{cur}”")
    q = c.get("question", {})
    check_question(q, f"{cid}.question", corr=True)
    if q.get("id") != "q" + str(cid): err(f"{cid}: 验证题 id 应为 q{cid}")
    if tgt not in q.get("sources", []): err(f"{cid}: 验证题 sources 应包含 target")
    for x in q.get("must_include", []):
        if nz(x) not in nz(new): err(f"{cid}: must_include “{x}” 不在 new 中")
    for y in q.get("must_not_include", []):
        if nz(y) not in nz(old): err(f"{cid}: must_not_include “{y}” 不在 old 中")
    # qa.jsonl 不能依赖被更正的事实
    for qq in qa:
        if tgt in qq["sources"] and any(nz(x) in nz(old) for x in qq["must_include"]):
            err(f"{cid}: {qq['id']} 依赖被更正的事实（{tgt}）")
        if field == "price_cny":
            for s in qq["sources"]:
                p = prod.get(s[8:]) if s.startswith("product:") else None
                if p and {"type": "set_contains", "id": tid} in p["related"]: err(f"{cid}: {qq['id']} 依赖含被改价单品的套装")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
tc = Counter(q["type"] for q in qa); lc = Counter(q["lang"] for q in qa)
want = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
        "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
for f, n in want.items():
    m = re.search(r"^\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {f}")
    elif int(m.group(1)) != n: err(f"README: {f} 数量写为 {m.group(1)}，实际 {n}")
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 分布行应为：{line}")
m = re.search(r"`variants`（新增，可选，(\d+)个商品有）", readme)
if not m or int(m.group(1)) != nvar: err(f"README: variants 商品数应为 {nvar}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {nvar}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}")
print(f"题型：{dict(sorted(tc.items()))}；语言：{dict(sorted(lc.items()))}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
