#!/usr/bin/env python3
"""迅刃 XUNREN 评测集一致性检查（仅标准库）。

用法：python3 check.py      # 0 个错误时退出码为 0
检查内容：商品字段顺序与格式、渠道、日期、SKU（编码前缀、price_cny = 最低 SKU 价）、关系指向已有商品、
套装单品合计价值、停产/换代/未上市的说明、政策 front matter 与版本链、FAQ、问题格式、
非拒答题的 must_include 能在知识库原文中找到（尽量在其 sources 中）、更正的一致性、README 中的数量。
"""
import collections, copy, datetime, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "ingredients", "suitable_for", "not_suitable_for", "related"]
PROD_REQUIRED = [k for k in PROD_KEYS if k not in ("variants", "ingredients")]
VARIANT_KEYS = ["sku", "switch", "color", "size", "dimensions", "material", "pack", "price_cny"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)
D = datetime.date.fromisoformat
norm = kbload.norm


def ordered_subset(keys, allowed):
    """keys 是否按 allowed 中的先后顺序排列、且都在 allowed 中。"""
    idx = [allowed.index(k) if k in allowed else -1 for k in keys]
    return -1 not in idx and idx == sorted(idx)


def num(v): return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt_price(v): return str(int(v)) if num(v) and float(v).is_integer() else str(v)


# ---------------------------------------------------------------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"xunren-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 xunren-<kebab-case>")
DEFAULT = D(ev["default_as_of"])

# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)

# ---------------------------------------------------------------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    if not ordered_subset(keys, PROD_KEYS): err(f"{pid}: 字段顺序/名称不符 {keys}")
    for k in PROD_REQUIRED:
        if k not in p: err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(r"XR-\d{4}", str(pid)): err(f"{pid}: id 应为 XR- + 4位数字")
    if not str(p.get("name", "")).startswith("迅刃"): err(f"{pid}: name 应以“迅刃”开头")
    if not str(p.get("name_en", "")).startswith("XUNREN "): err(f"{pid}: name_en 应以 XUNREN 开头")
    if not isinstance(p.get("category"), str) or not p.get("category"): err(f"{pid}: category 为空")
    if not num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS}")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(disc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(disc) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        elif not any(disc in v for v in p.get("attributes", {}).values()): err(f"{pid}: 停产商品的 attributes 未写明停产日期 {disc}")
    if kbload.is_date(p.get("launched") or "") and D(p["launched"]) > DEFAULT:
        if not any(p["launched"] in v for v in p.get("attributes", {}).values()):
            err(f"{pid}: 未上市商品的 attributes 未写明上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not v: err(f"{pid}: {k} 应为非空对象")
        elif any(not isinstance(a, str) or not isinstance(b, str) or not b for a, b in v.items()):
            err(f"{pid}: {k} 的键和值都应为非空字符串")
    if set(p.get("attributes", {})) & set(p.get("specs", {})): err(f"{pid}: attributes 与 specs 有重复键")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个SKU"); vs = []
        skus = set()
        dims = None
        for v in vs:
            sku = v.get("sku", "?")
            if not ordered_subset(list(v), VARIANT_KEYS) or list(v)[0] != "sku" or list(v)[-1] != "price_cny":
                err(f"{sku}: SKU 字段顺序/名称不符 {list(v)}")
            if not re.fullmatch(re.escape(pid) + r"-[A-Z0-9]+", sku): err(f"{pid}: SKU 编码 {sku} 应为 商品id-后缀")
            if sku in skus: err(f"{pid}: SKU 重复 {sku}")
            skus.add(sku)
            if not num(v.get("price_cny")) or v["price_cny"] <= 0: err(f"{sku}: price_cny 应为正数")
            d = tuple(k for k in v if k not in ("sku", "price_cny"))
            if not d: err(f"{sku}: 缺少规格维度字段")
            if dims is not None and d != dims: err(f"{pid}: 各 SKU 的规格维度字段不一致")
            dims = d
        combos = [tuple(v.get(k) for k in (dims or ())) for v in vs]
        if len(set(combos)) != len(combos): err(f"{pid}: 有两个 SKU 规格完全相同")
        prices = [v["price_cny"] for v in vs if num(v.get("price_cny"))]
        if prices and p.get("price_cny") != min(prices): err(f"{pid}: price_cny {p.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); rel = []
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        if r.get("type") not in REL_TYPES: err(f"{pid}: 关系类型非法 {r.get('type')}")
        if r.get("id") not in prod: err(f"{pid}: 关系指向不存在的商品 {r.get('id')}")
        if r.get("id") == pid: err(f"{pid}: 关系指向自身")
        if (r.get("type"), r.get("id")) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r.get("type"), r.get("id")))

# 关系语义
for p in products:
    pid = p["id"]
    rels = p.get("related", [])
    comps = [r["id"] for r in rels if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个 set_contains")
        total = sum(prod[c]["price_cny"] for c in comps)
        v = p.get("attributes", {}).get("单品合计价值")
        if v != f"{fmt_price(total)}元": err(f"{pid}: 单品合计价值 {v} ≠ 组成商品 price_cny 之和 {fmt_price(total)}元")
        if total <= p.get("price_cny", 0): err(f"{pid}: 套装价不低于单品合计价值")
        for c in comps:
            if D(prod[c]["launched"]) > D(p["launched"]): err(f"{pid}: 组成商品 {c} 晚于套装上市")
            if prod[c]["discontinued"] and D(prod[c]["discontinued"]) < D(p["launched"]): err(f"{pid}: 组成商品 {c} 在套装上市前已停产")
            if not set(p["channels"]) <= set(prod[c]["channels"]) and prod[c]["channels"]:
                warn(f"{pid}: 套装渠道不是组成商品 {c} 渠道的子集")
    elif comps: err(f"{pid}: 非套装商品有 set_contains")
    for r in rels:
        t, tid = r.get("type"), r.get("id")
        if tid not in prod: continue
        if t == "replaces":
            old = prod[tid]
            if not old.get("discontinued"): err(f"{pid}: replaces {tid}，但 {tid} 未停产")
            elif D(p["launched"]) > D(old["discontinued"]) + datetime.timedelta(days=1):
                warn(f"{pid}: 替代款上市晚于 {tid} 停产次日")
            if p["name"] not in " ".join(old.get("attributes", {}).values()): err(f"{tid}: 销售状态未写明由 {p['name']} 替代")
        if t == "refill_of" and prod[tid].get("category") in ("套装",): err(f"{pid}: refill_of 不应指向套装")
        if t in ("refill_of", "compatible_with") and p.get("category") == "套装": err(f"{pid}: 套装不应有 {t}")
    # 写了“仅适配”的商品，其 compatible_with/refill_of 目标名应都出现在适配说明中
    fit = p.get("attributes", {}).get("适配说明", "")
    if fit.startswith("仅适配"):
        tgt = [r["id"] for r in rels if r.get("type") in ("compatible_with", "refill_of") and r.get("id") in prod]
        if len(tgt) != 1: err(f"{pid}: “仅适配”的商品应恰好有1个适配目标，实际 {tgt}")
replaced = collections.Counter(r["id"] for p in products for r in p["related"] if r.get("type") == "replaces")
for tid, n in replaced.items():
    if n > 1: err(f"{tid}: 被多个商品 replaces")
for p in products:
    if p.get("discontinued") and p["id"] not in replaced and "无替代" not in json.dumps(p["attributes"], ensure_ascii=False) \
            and p.get("category") != "套装":
        warn(f"{p['id']}: 已停产但没有替代款，也未写明“无替代”")

# ---------------------------------------------------------------- 政策
def parse_list(v):
    if v == "all": return "all"
    m = re.fullmatch(r"\[(.*)\]", v)
    if not m: return None
    return [x.strip() for x in m.group(1).split(",") if x.strip()]

categories = {p["category"] for p in products}
titles = set()
for pid_, pol in policies.items():
    fm = pol["fm"]
    if fm.get("title") in titles: err(f"{pid_}: 标题重复")
    titles.add(fm.get("title"))
    if not re.fullmatch(r"xr-[a-z0-9-]+", pid_): err(f"{pid_}: 政策 id 应以 xr- 开头")
    chs = parse_list(fm.get("channels", ""))
    if chs is None or (chs != "all" and (not chs or any(c not in CHANNELS for c in chs))): err(f"{pid_}: channels 非法 {fm.get('channels')}")
    ap = parse_list(fm.get("applies_to", ""))
    if ap is None or (ap != "all" and any(a not in categories for a in ap)): err(f"{pid_}: applies_to 应为 all 或已有品类列表 {fm.get('applies_to')}")
    if not kbload.is_date(fm.get("effective_from", "")): err(f"{pid_}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null":
        if not kbload.is_date(et): err(f"{pid_}: effective_to 不是日期或 null")
        elif D(et) < D(fm["effective_from"]): err(f"{pid_}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{sup}: 被 {pid_} 取代但 effective_to 为 null")
            elif D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
                err(f"{sup} → {pid_}: 版本未衔接（{old['effective_to']} 的次日应为 {fm['effective_from']}）")
            if "已失效" not in policies[sup]["body"]: err(f"{sup}: 已被取代，正文应注明“已失效”")
            if pid_.rsplit("-", 1)[0] != sup.rsplit("-", 1)[0]:
                warn(f"{pid_}: 与被取代政策 {sup} 的 id 前缀不同")
    if not pol["body"].lstrip().startswith("# " + fm.get("title", "")) and fm.get("title", "") not in pol["body"][:80]:
        warn(f"{pid_}: 正文一级标题与 title 不一致")
succ = collections.Counter(p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null")
for s, n in succ.items():
    if n > 1: err(f"{s}: 被多个政策取代")
# 过期而未被取代的政策只能是活动规则
for pid_, pol in policies.items():
    et = pol["fm"]["effective_to"]
    if et != "null" and pid_ not in succ and not re.search(r"(618|double11)", pid_): warn(f"{pid_}: 已到期但没有后续版本")

def policy_in_effect(pid_, day):
    fm = policies[pid_]["fm"]
    return D(fm["effective_from"]) <= day and (fm["effective_to"] == "null" or day <= D(fm["effective_to"]))

# ---------------------------------------------------------------- FAQ
for n, (fid, f) in enumerate(faq.items(), 1):
    if fid != f"F{n:03d}": err(f"faq: id 应依次编号，{fid} 处应为 F{n:03d}")
    if not f["question"] or not f["answer"]: err(f"{fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"{fid}: tags 为空")

# ---------------------------------------------------------------- 问题
def check_question(d, where, kb_norm, src_raw, allowed_types, correction=False):
    qid = d.get("id", "?")
    if list(d) != QA_KEYS: err(f"{where} {qid}: 字段顺序/名称不符 {list(d)}")
    if d.get("lang") not in ("zh", "en"): err(f"{qid}: lang 非法")
    if d.get("channel") is not None and d.get("channel") not in CHANNELS: err(f"{qid}: channel 非法")
    if d.get("as_of") is not None and not kbload.is_date(d["as_of"]): err(f"{qid}: as_of 不是日期")
    if d.get("type") not in allowed_types: err(f"{qid}: type 非法 {d.get('type')}")
    if not isinstance(d.get("question"), str) or not d["question"].strip(): err(f"{qid}: question 为空")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(d.get(k), list) or any(not isinstance(x, str) or not x for x in d.get(k, [])): err(f"{qid}: {k} 应为非空字符串列表")
    if not isinstance(d.get("refuse"), bool): err(f"{qid}: refuse 应为布尔值")
    if not d.get("note"): err(f"{qid}: note 为空")
    is_cjk = bool(re.search(r"[\u4e00-\u9fff]", d.get("question", "")))
    if d.get("lang") == "en" and is_cjk: err(f"{qid}: lang=en 但问题含中文")
    if d.get("lang") == "zh" and not is_cjk: err(f"{qid}: lang=zh 但问题不含中文")
    if d.get("refuse") != (d.get("type") == "refusal"): err(f"{qid}: refuse 与 type=refusal 不一致")
    if d.get("refuse"):
        if d.get("must_include") or d.get("sources"): err(f"{qid}: 拒答题的 must_include 和 sources 应为空")
        return
    if not d.get("must_include"): err(f"{qid}: 非拒答题缺少 must_include")
    if not d.get("sources"): err(f"{qid}: 非拒答题缺少 sources")
    for s in d.get("sources", []):
        if s not in src_raw: err(f"{qid}: sources 指向不存在的 {s}")
    day = D(d["as_of"]) if d.get("as_of") else DEFAULT
    for s in d.get("sources", []):
        if s.startswith("policy:") and s[7:] in policies:
            if not policy_in_effect(s[7:], day): err(f"{qid}: {s} 在 {day} 不生效")
            chs = parse_list(policies[s[7:]]["fm"]["channels"])
            if d.get("channel") and chs != "all" and d["channel"] not in chs and d.get("type") != "channel":
                warn(f"{qid}: channel={d['channel']} 但引用的 {s} 只适用于 {chs}")
    src_norm = norm("\n".join(src_raw.get(s, "") for s in d.get("sources", [])))
    for m in d.get("must_include", []):
        if d.get("lang") == "en" and not m.isascii(): err(f"{qid}: 英文题的 must_include 应只含 ASCII：{m}")
        if norm(m) not in kb_norm: err(f"{qid}: must_include “{m}” 在知识库原文中找不到")
        elif norm(m) not in src_norm: warn(f"{qid}: must_include “{m}” 不在其 sources 中")
        for x in d.get("must_not_include", []):
            if norm(x) in norm(m): err(f"{qid}: must_not_include “{x}” 是 must_include “{m}” 的子串")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [d.get("id") for d in qa]
for n, i in enumerate(ids, 1):
    if i != f"q{n:03d}": err(f"qa.jsonl: id 应依次编号，第{n}行为 {i}")
texts = collections.Counter(norm(d.get("question", "")) for d in qa)
for t, n in texts.items():
    if n > 1: err(f"qa.jsonl: 问题重复：{t}")
for d in qa:
    check_question(d, "qa.jsonl", all_raw_norm, raw, TYPES)
    if d.get("type") == "temporal" and not d.get("as_of") and not any(
            s.startswith("product:") and s[8:] in prod and (D(prod[s[8:]]["launched"]) > DEFAULT or prod[s[8:]]["discontinued"])
            for s in d.get("sources", [])):
        warn(f"{d.get('id')}: temporal 题没有 as_of，也不涉及未上市/停产商品")
    if d.get("type") == "channel" and not d.get("channel"): err(f"{d.get('id')}: channel 题应给出 channel")

# ---------------------------------------------------------------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
prod2 = copy.deepcopy(prod)
pol2 = {k: v["text"] for k, v in policies.items()}
faq2 = {k: dict(v) for k, v in faq.items()}
for n, c in enumerate(corr, 1):
    cid = c.get("id", "?")
    if cid != f"c{n:02d}": err(f"corrections: id 应依次编号，第{n}行为 {cid}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序/名称不符 {list(c)}")
    if not isinstance(c.get("old"), str) or not isinstance(c.get("new"), str) or c.get("old") == c.get("new"):
        err(f"{cid}: old/new 应为不同的字符串")
    if not c.get("reason"): err(f"{cid}: reason 为空")
    t, field = c.get("target", ""), c.get("field")
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    kind, tid = t.split(":", 1)
    if kind == "product":
        p = prod2[tid]
        if field == "price_cny":
            if fmt_price(p["price_cny"]) != c["old"]: err(f"{cid}: old {c['old']} ≠ 当前价格 {p['price_cny']}")
            if "variants" in p: err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
            if any(r.get("type") == "set_contains" and r.get("id") == tid for q_ in products for r in q_["related"]):
                err(f"{cid}: {tid} 是套装组成商品，改价会破坏单品合计价值")
            p["price_cny"] = float(c["new"]) if "." in c["new"] else int(c["new"])
        elif field in p.get("attributes", {}) or field in p.get("specs", {}):
            box = p["attributes"] if field in p["attributes"] else p["specs"]
            if box[field] != c["old"]: err(f"{cid}: old “{c['old']}” ≠ 当前值 “{box[field]}”")
            box[field] = c["new"]
        else: err(f"{cid}: 商品 {tid} 没有字段 {field}")
    elif field != "text": err(f"{cid}: 政策/FAQ 的更正 field 应为 text")
    elif kind == "policy":
        cnt = policies[tid]["body"].count(c["old"])
        if cnt != 1: err(f"{cid}: old 在 {t} 正文中出现 {cnt} 次（应为1次）")
        pol2[tid] = pol2[tid].replace(c["old"], c["new"])
    elif kind == "faq":
        cnt = faq2[tid]["answer"].count(c["old"])
        if cnt != 1: err(f"{cid}: old 在 {t} 答案中出现 {cnt} 次（应为1次）")
        faq2[tid]["answer"] = faq2[tid]["answer"].replace(c["old"], c["new"])
    # qa.jsonl 不应依赖被更正的事实
    for d in qa:
        if t in d.get("sources", []):
            for m in d.get("must_include", []):
                if norm(m) in norm(c["old"]): err(f"{cid}: qa {d['id']} 的 must_include “{m}” 依赖被更正的旧值")
# 更正后的知识文本
raw2 = {}
for pid, p in prod2.items(): raw2[f"product:{pid}"] = json.dumps(p, ensure_ascii=False)
for k, v in pol2.items(): raw2[f"policy:{k}"] = v
for k, v in faq2.items(): raw2[f"faq:{k}"] = ",".join([k, v["question"], v["answer"], "|".join(v["tags"])])
kb2_norm = norm("\n".join(raw2.values()))
for c in corr:
    qd = c.get("question", {})
    if not isinstance(qd, dict): err(f"{c.get('id')}: question 应为对象"); continue
    if qd.get("id") != "q" + c.get("id", ""): err(f"{c.get('id')}: 验证题 id 应为 q{c.get('id')}")
    check_question(qd, "corrections.jsonl", kb2_norm, raw2, ["correction"], correction=True)
    if c.get("target") not in qd.get("sources", []): err(f"{c.get('id')}: 验证题 sources 应包含 target")
    if not any(norm(m) in norm(c.get("new", "")) for m in qd.get("must_include", [])): err(f"{c.get('id')}: 验证题 must_include 应取自新值")
    if not any(norm(m) in norm(c.get("old", "")) for m in qd.get("must_not_include", [])): err(f"{c.get('id')}: 验证题 must_not_include 应取自旧值")
    for m in qd.get("must_not_include", []):
        if norm(m) in norm(raw2.get(c.get("target"), "")): warn(f"{c.get('id')}: 旧值 “{m}” 更正后仍出现在 {c.get('target')} 中")

# ---------------------------------------------------------------- README
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
actual = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for f, n in actual.items():
    m = re.search(r"^\|\s*`" + re.escape(f) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表中找不到 {f} 的数量")
    elif int(m.group(1)) != n: err(f"README: {f} 数量写的是 {m.group(1)}，实际 {n}")
tc = collections.Counter(d.get("type") for d in qa)
lc = collections.Counter(d.get("lang") for d in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
if f"{nv}个商品有" not in readme: err(f"README: 应写明 variants 的商品数（{nv}个商品有）")

# ---------------------------------------------------------------- 汇总
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含SKU {nv}）、政策 {len(policies)}、FAQ {len(faq)}、问题 {len(qa)}、更正 {len(corr)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
