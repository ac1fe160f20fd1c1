#!/usr/bin/env python3
"""茗岫评测集一致性检查（仅标准库）。用法：python3 check.py
检查商品、政策、FAQ、评测题、更正和 README 统计之间的一致性；有错误时退出码为 1。"""
import copy, datetime, json, os, re, sys, unicodedata
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
VARIANT_DIMS = {"net_weight", "pack", "color", "size", "capacity", "duration"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

EVAL = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
DEFAULT_AS_OF = EVAL.get("default_as_of")
if list(EVAL) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(EVAL)}")
if not kbload.is_date(DEFAULT_AS_OF or ""): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"mingxiu-[a-z]+(-[a-z]+)*", EVAL.get("name", "")): err("eval.json: name 格式应为 mingxiu-<kebab-case>")
D = datetime.date.fromisoformat


def norm(s):
    """README 的归一化：全角转半角（NFKC）、日期统一成 YYYY-MM-DD、去空白、英文小写。"""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", s)
    return kbload.norm(s)


raw, products, prod, policies, faq, _ = kbload.load_kb(KB, FM_KEYS, err)
ALL_NORM = norm("\n".join(raw.values()))


# ---------------------------------------------------------------- 商品
def is_num(x): return isinstance(x, (int, float)) and not isinstance(x, bool)
def str_dict(d): return isinstance(d, dict) and all(isinstance(k, str) and isinstance(v, str) and v for k, v in d.items())
def fmt_price(x): return str(int(x)) if float(x).is_integer() else str(x)

for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expected = [k for k in PROD_KEYS if k in p or k not in PROD_OPTIONAL]
    if keys != expected: err(f"{pid}: 字段顺序/缺失，应为 {expected}，实际 {keys}")
    if not re.fullmatch(r"MX-\d{4}", str(pid)): err(f"{pid}: id 格式应为 MX-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 为空")
    if not str(p.get("name", "")).startswith("茗岫"): err(f"{pid}: name 应以品牌名茗岫开头")
    if not re.fullmatch(r"[\x20-\x7e]+", p.get("name_en", "")) or not p.get("name_en", "").startswith("MINGXIU "):
        err(f"{pid}: name_en 应为 ASCII 且以 MINGXIU 开头")
    if not is_num(p.get("price_cny")) or p["price_cny"] <= 0: err(f"{pid}: price_cny 非正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or len(set(ch)) != len(ch) or any(c not in CHANNELS for c in ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    dc = p.get("discontinued")
    if dc is not None:
        if not kbload.is_date(dc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(dc) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        elif dc not in json.dumps(p.get("attributes"), ensure_ascii=False): err(f"{pid}: 已停产商品的 attributes 应写明停产/下架日期 {dc}")
    if kbload.is_date(p.get("launched") or "") and DEFAULT_AS_OF and D(p["launched"]) > D(DEFAULT_AS_OF):
        if p["launched"] not in json.dumps(p.get("attributes"), ensure_ascii=False):
            err(f"{pid}: 未上市商品的 attributes 应写明上市日期 {p['launched']}")
    if not str_dict(p.get("attributes")): err(f"{pid}: attributes 应为 字符串→非空字符串")
    if not str_dict(p.get("specs")) or not p.get("specs"): err(f"{pid}: specs 应为非空 字符串→非空字符串")
    dup = set(p.get("attributes") or {}) & set(p.get("specs") or {})
    if dup: err(f"{pid}: attributes 与 specs 键重复 {dup}（更正按键名定位，必须唯一）")
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少2个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            dims = None
            for v in vs:
                vk = list(v)
                if not vk or vk[0] != "sku" or vk[-1] != "price_cny": err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾 {vk}")
                if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", str(v.get("sku"))): err(f"{pid}: SKU {v.get('sku')} 应为 商品id-后缀")
                if not is_num(v.get("price_cny")) or v["price_cny"] <= 0: err(f"{pid}: SKU {v.get('sku')} price_cny 非正数")
                d = set(vk[1:-1])
                if not d or not d <= VARIANT_DIMS: err(f"{pid}: SKU {v.get('sku')} 规格维度非法 {d - VARIANT_DIMS or '空'}")
                if dims is None: dims = d
                elif d != dims: err(f"{pid}: 各 SKU 的规格维度不一致")
                for k in d:
                    if not isinstance(v[k], str) or not v[k]: err(f"{pid}: SKU {v.get('sku')} 的 {k} 应为非空字符串")
            prices = [v.get("price_cny") for v in vs if is_num(v.get("price_cny"))]
            if prices and p.get("price_cny") != min(prices): err(f"{pid}: price_cny {p.get('price_cny')} ≠ 最低 SKU 价 {min(prices)}")
    if "ingredients" in p and (not isinstance(p["ingredients"], list) or not all(isinstance(x, str) and x for x in p["ingredients"])):
        err(f"{pid}: ingredients 应为字符串列表")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or not all(isinstance(x, str) and x for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    rels = p.get("related")
    if not isinstance(rels, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rels:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id"); continue
        if r["type"] not in REL_TYPES: err(f"{pid}: 关系类型非法 {r['type']}")
        if r["id"] not in prod: err(f"{pid}: 关系指向不存在的商品 {r['id']}")
        if r["id"] == pid: err(f"{pid}: 关系指向自身")
        if (r["type"], r["id"]) in seen: err(f"{pid}: 关系重复 {r}")
        seen.add((r["type"], r["id"]))

# 关系语义
for p in products:
    pid = p.get("id"); attrs = p.get("attributes") or {}
    comps = [r["id"] for r in p.get("related", []) if isinstance(r, dict) and r.get("type") == "set_contains" and r.get("id") in prod]
    if comps:
        total = sum(prod[c]["price_cny"] for c in comps)
        want = fmt_price(total) + "元"
        if attrs.get("单品合计价值") != want: err(f"{pid}: 单品合计价值 {attrs.get('单品合计价值')} ≠ 组成商品 price_cny 之和 {want}")
        if not is_num(p.get("price_cny")) or p["price_cny"] >= total: err(f"{pid}: 套装价应低于单品合计价值")
        if "规格" not in attrs: err(f"{pid}: 套装缺少 attributes.规格")
        for c in comps:
            if prod[c].get("discontinued") and prod[c]["discontinued"] < (p.get("launched") or ""):
                err(f"{pid}: 套装组成 {c} 在套装上市前已停产")
            if (prod[c].get("launched") or "") > (p.get("launched") or ""):
                err(f"{pid}: 套装组成 {c} 上市晚于套装")
            if p.get("discontinued") is None and prod[c].get("discontinued"):
                err(f"{pid}: 在售套装含已停产商品 {c}")
    elif "单品合计价值" in attrs: err(f"{pid}: 有单品合计价值但没有 set_contains")
    for r in p.get("related", []):
        if not isinstance(r, dict) or r.get("id") not in prod: continue
        t = prod[r["id"]]
        if r["type"] == "replaces":
            if not t.get("discontinued"): err(f"{pid}: replaces {r['id']}，但被替代商品未停产")
            elif p.get("launched", "9") > t["discontinued"] and (D(p["launched"]) - D(t["discontinued"])).days > 1:
                warn(f"{pid}: 替代品上市与 {r['id']} 停产之间有空档")
            if pid not in json.dumps(t.get("attributes"), ensure_ascii=False) and p["name"].replace("茗岫", "") not in json.dumps(t.get("attributes"), ensure_ascii=False):
                err(f"{pid}: 被替代商品 {r['id']} 的 attributes 未写明由本品替代")
        if r["type"] in ("refill_of", "compatible_with"):
            if "适配说明" not in (p.get("attributes") or {}) and r["type"] == "refill_of": err(f"{pid}: refill_of 商品应有 attributes.适配说明")
            if t.get("category") in ("礼盒",): err(f"{pid}: {r['type']} 不应指向套装 {r['id']}")

# ---------------------------------------------------------------- 政策
pol_chain = {}
for pid, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"mx-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应以 mx- 开头")
    for k in ("title",):
        if not fm.get(k): err(f"{pid}: {k} 为空")
    ch = fm.get("channels")
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch or "")
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(x not in CHANNELS for x in items): err(f"{pid}: channels 应为 all 或渠道代码列表，实际 {ch}")
        pol["channels"] = items
    else: pol["channels"] = list(CHANNELS)
    ap = fm.get("applies_to")
    if ap != "all":
        m = re.fullmatch(r"\[(.*)\]", ap or "")
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items: err(f"{pid}: applies_to 应为 all 或列表")
        for x in items:
            if x.startswith("MX-") and x not in prod: err(f"{pid}: applies_to 指向不存在的商品 {x}")
            if x.startswith("MX-") and x in prod and prod[x]["name"].replace("茗岫", "")[:4] not in pol["body"]:
                warn(f"{pid}: 正文未提及 applies_to 中的 {x}")
    ef, et, sup = fm.get("effective_from"), fm.get("effective_to"), fm.get("supersedes")
    if not kbload.is_date(ef or ""): err(f"{pid}: effective_from 不是日期")
    if et != "null":
        if not kbload.is_date(et or ""): err(f"{pid}: effective_to 应为日期或 null")
        elif kbload.is_date(ef or "") and D(et) < D(ef): err(f"{pid}: effective_to 早于 effective_from")
    if sup != "null":
        if sup not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sup}")
        else:
            old = policies[sup]["fm"]
            if old.get("effective_to") == "null": err(f"{pid}: 被取代的 {sup} 没有 effective_to")
            elif kbload.is_date(ef or "") and kbload.is_date(old["effective_to"]) and D(old["effective_to"]) + datetime.timedelta(days=1) != D(ef):
                err(f"{pid}: {sup}.effective_to({old['effective_to']}) 的次日应为本政策 effective_from({ef})")
            if old.get("channels") and not set(policies[sup].get("channels", CHANNELS)) <= set(pol["channels"]) | set(CHANNELS):
                pass
            if f"{ef}" not in pol["body"]: err(f"{pid}: 新版本正文应写明生效日期 {ef}")
            oldbody = policies[sup]["body"]
            if "已失效" not in oldbody or ef not in oldbody and str(D(ef) - datetime.timedelta(days=1)) not in oldbody:
                err(f"{sup}: 旧版本正文应注明已失效及切换日期")
            pol_chain[sup] = pid
    if not pol["body"].strip().startswith("#"): err(f"{pid}: 正文应以标题开始")
    if fm.get("title") and fm["title"] not in pol["body"] and fm["title"].split("（")[0] not in pol["body"]:
        warn(f"{pid}: 正文标题与 front matter title 不一致")
superseded = set(pol_chain)
for pid, pol in policies.items():
    et = pol["fm"].get("effective_to")
    if pid in superseded: continue
    if et != "null" and not re.search(r"(活动|大促|限定)", pol["fm"]["title"]):
        err(f"{pid}: 有 effective_to 却没有后继版本，也不是活动规则")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 有空项")
fids = sorted(faq)
if fids != [f"F{i:03d}" for i in range(1, len(fids) + 1)]: err("faq: id 应从 F001 连续编号")


# ---------------------------------------------------------------- 评测题（qa.jsonl 与更正的验证题共用）
def src_text(srcs, texts):
    return norm("\n".join(texts.get(s, "") for s in srcs))

def check_question(q, where, texts, all_norm, is_correction=False):
    qid = q.get("id", "?")
    if list(q) != QA_KEYS: err(f"{where} {qid}: 字段顺序应为 {QA_KEYS}，实际 {list(q)}")
    if not isinstance(q.get("question"), str) or not q["question"].strip(): err(f"{where} {qid}: question 为空")
    if q.get("lang") not in ("zh", "en"): err(f"{where} {qid}: lang 非法")
    if q.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where} {qid}: 英文题含中文")
    if q.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", q.get("question", "")): err(f"{where} {qid}: 中文题不含中文")
    if q.get("channel") is not None and q["channel"] not in CHANNELS: err(f"{where} {qid}: channel 非法 {q['channel']}")
    if q.get("as_of") is not None and not kbload.is_date(q["as_of"]): err(f"{where} {qid}: as_of 不是日期")
    t = q.get("type")
    if is_correction:
        if t != "correction": err(f"{where} {qid}: 更正验证题 type 应为 correction")
    elif t not in TYPES: err(f"{where} {qid}: type 非法 {t}")
    mi, mni, srcs = q.get("must_include"), q.get("must_not_include"), q.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mni), ("sources", srcs)):
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v): err(f"{where} {qid}: {k} 应为非空字符串列表"); return
    if len(set(mi)) != len(mi) or len(set(srcs)) != len(srcs): err(f"{where} {qid}: must_include 或 sources 有重复")
    if not isinstance(q.get("refuse"), bool): err(f"{where} {qid}: refuse 应为布尔值")
    if (t == "refusal") != (q.get("refuse") is True): err(f"{where} {qid}: refuse 与 type=refusal 不一致")
    if not isinstance(q.get("note"), str) or not q["note"]: err(f"{where} {qid}: note 为空")
    for s in srcs:
        if s not in texts: err(f"{where} {qid}: sources 指向不存在的 {s}")
    if q.get("refuse"):
        if mi: err(f"{where} {qid}: 拒答题 must_include 应为空")
        if srcs: err(f"{where} {qid}: 拒答题 sources 应为空")
        return
    if not mi: err(f"{where} {qid}: 非拒答题 must_include 为空")
    if not srcs: err(f"{where} {qid}: 非拒答题 sources 为空")
    st = src_text(srcs, texts)
    for x in mi:
        n = norm(x)
        if q.get("lang") == "en" and not re.fullmatch(r"[\x20-\x7e]+", x): err(f"{where} {qid}: 英文题的 must_include 应只含 ASCII：{x}")
        if n not in all_norm: err(f"{where} {qid}: must_include「{x}」不在知识库原文中")
        elif n not in st: warn(f"{where} {qid}: must_include「{x}」不在其 sources 中")
    for x in mni:
        for y in mi:
            if norm(x) in norm(y): err(f"{where} {qid}: must_not_include「{x}」是 must_include「{y}」的子串")
    # 渠道与日期
    day = q.get("as_of") or DEFAULT_AS_OF
    for s in srcs:
        if s.startswith("policy:") and s[7:] in policies:
            pol = policies[s[7:]]; fm = pol["fm"]
            if q.get("channel") and q["channel"] not in pol["channels"] and t != "channel":
                warn(f"{where} {qid}: channel={q['channel']} 引用了不适用该渠道的 {s}")
            if kbload.is_date(day or "") and kbload.is_date(fm["effective_from"]):
                if D(day) < D(fm["effective_from"]): err(f"{where} {qid}: as_of {day} 早于 {s} 生效日")
                if fm["effective_to"] != "null" and (D(day) - D(fm["effective_to"])).days > 31:
                    err(f"{where} {qid}: as_of {day} 时 {s} 早已失效")
        if s.startswith("product:") and s[8:] in prod and q.get("channel") and t not in ("channel",):
            p = prod[s[8:]]
            if q["channel"] not in p["channels"]: warn(f"{where} {qid}: channel={q['channel']} 引用了该渠道不销售的 {s}")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [q.get("id") for q in qa]
if ids != [f"q{i:03d}" for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应从 q001 连续编号")
for q in qa: check_question(q, "qa", raw, ALL_NORM)
qtexts = [norm(q.get("question", "")) for q in qa]
if len(set(qtexts)) != len(qtexts): err("qa.jsonl: 有重复的问题")
# 问题不要照抄知识库：问题（去标点后）整句出现在知识库中视为照抄
for q in qa:
    core = re.sub(r"[\W_]+", "", norm(q.get("question", "")))
    if len(core) >= 8 and core in re.sub(r"[\W_]+", "", ALL_NORM): warn(f"qa {q['id']}: 问题与知识库原文逐字相同")

# ---------------------------------------------------------------- 更正
def apply_correction(c, prods, texts, where):
    t, f, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{where}: old/new 应为不同的字符串"); return
    if t.startswith("product:"):
        pid = t[8:]
        if pid not in prods: err(f"{where}: 目标商品不存在 {pid}"); return
        p = prods[pid]
        if f == "price_cny":
            if fmt_price(p["price_cny"]) != old: err(f"{where}: 价格 old={old} 与现值 {p['price_cny']} 不符"); return
            if "variants" in p: err(f"{where}: 有 SKU 的商品不能只改 price_cny"); return
            if any(r["type"] == "set_contains" and r["id"] == pid for q in prods.values() for r in q["related"]):
                warn(f"{where}: {pid} 是套装组成，改价后单品合计价值将不一致")
            p["price_cny"] = float(new) if "." in new else int(new)
        elif f in ("text",): err(f"{where}: 商品不能用 text 更正"); return
        else:
            hits = [k for k in ("attributes", "specs") if f in p.get(k, {})]
            if len(hits) != 1: err(f"{where}: 键 {f} 应在 attributes 或 specs 中恰好出现一次"); return
            if p[hits[0]][f] != old: err(f"{where}: {f} old={old} 与现值 {p[hits[0]][f]} 不符"); return
            p[hits[0]][f] = new
        texts[t] = json.dumps(p, ensure_ascii=False)
    elif t.startswith("policy:") or t.startswith("faq:"):
        if f != "text": err(f"{where}: 政策/FAQ 只能用 field=text"); return
        if t not in texts: err(f"{where}: 目标不存在 {t}"); return
        body = policies[t[7:]]["body"] if t.startswith("policy:") else faq[t[4:]]["answer"]
        if body.count(old) != 1: err(f"{where}: old 在目标正文/答案中应恰好出现一次（实际 {body.count(old)} 次）"); return
        texts[t] = texts[t].replace(old, new)
    else: err(f"{where}: target 格式非法 {t}")


corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
cprod = copy.deepcopy(prod); ctexts = dict(raw)
for i, c in enumerate(corrs, 1):
    where = f"corrections {c.get('id')}"
    if list(c) != ["id", "target", "field", "old", "new", "reason", "question"]: err(f"{where}: 字段顺序错误 {list(c)}")
    if c.get("id") != f"c{i:02d}": err(f"{where}: id 应为 c{i:02d}")
    if not c.get("reason"): err(f"{where}: reason 为空")
    apply_correction(c, cprod, ctexts, where)
    qq = c.get("question") or {}
    if qq.get("id") != "q" + str(c.get("id")): err(f"{where}: 验证题 id 应为 q{c.get('id')}")
    if c.get("target") not in (qq.get("sources") or []): err(f"{where}: 验证题 sources 应包含更正目标")
    for x in qq.get("must_include", []):
        if norm(x) not in norm(c.get("new", "")): err(f"{where}: 验证题 must_include「{x}」应出自 new")
    for x in qq.get("must_not_include", []):
        if norm(x) not in norm(c.get("old", "")): err(f"{where}: 验证题 must_not_include「{x}」应出自 old")
C_NORM = norm("\n".join(ctexts.values()))
for c in corrs:
    if isinstance(c.get("question"), dict): check_question(c["question"], f"corrections {c.get('id')}", ctexts, C_NORM, True)
    for x in c.get("question", {}).get("must_not_include", []):
        if norm(x) in src_text(c["question"].get("sources", []), ctexts) and norm(x) in norm(c.get("old", "")):
            # 旧值在更正后的来源中仍出现（来自别处的同名文字）时提醒
            warn(f"corrections {c.get('id')}: 旧值「{x}」在更正后的来源中仍出现")
# qa.jsonl 不依赖被更正的事实：更正前后都成立
for q in qa:
    if q.get("refuse"): continue
    touched = [c for c in corrs if c.get("target") in q.get("sources", [])]
    st_after = src_text(q["sources"], ctexts)
    for x in q["must_include"]:
        if norm(x) not in C_NORM: err(f"qa {q['id']}: 更正后 must_include「{x}」不再出现在知识库中")
        elif norm(x) in src_text(q["sources"], raw) and norm(x) not in st_after: err(f"qa {q['id']}: 更正后 must_include「{x}」不再出现在其 sources 中")
    for c in touched:
        for x in q["must_include"]:
            if norm(x) in norm(c.get("old", "")): err(f"qa {q['id']}: 依赖被 {c['id']} 更正的旧值「{x}」")

# ---------------------------------------------------------------- README 统计
readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
for fn, n in counts.items():
    m = re.search(r"^\|\s*`" + re.escape(fn) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    if not m: err(f"README: 文件表缺少 {fn}")
    elif int(m.group(1)) != n: err(f"README: {fn} 数量写的是 {m.group(1)}，实际 {n}")
tc = Counter(q.get("type") for q in qa); lc = Counter(q.get("lang") for q in qa)
line = "题型分布：" + ", ".join(f"{t} {tc[t]}" for t in sorted(tc)) + "；语言：" + ", ".join(f"{l} {lc[l]}" for l in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为「{line}」")
nv = sum(1 for p in products if "variants" in p)
if not re.search(rf"{nv}个商品有", readme): err(f"README: 应写明 {nv}个商品有 variants")
if "0 个错误" not in readme: err("README: 校验一节应写明 0 个错误")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 SKU 的 {nv}）、政策 {len(policies)}、FAQ {len(faq)}、问题 {len(qa)}、更正 {len(corrs)}")
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
