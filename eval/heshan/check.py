#!/usr/bin/env python3
"""禾膳 HESHAN 评测集一致性检查（仅标准库）。

用法：python3 check.py        # 在任意目录运行均可
有错误时退出码为 1；警告不影响退出码。
"""
import datetime, json, os, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
TYPES = ["aggregation", "channel", "comparison", "lookup", "multi_hop", "refusal", "temporal"]
PROD_KEYS_REQ = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                 "attributes", "specs", "suitable_for", "not_suitable_for", "related"]
PROD_KEYS_OPT = {"variants": "specs", "ingredients": "variants"}  # 可选键及其应紧随的位置
VARIANT_FIELDS = {"sku", "price_cny", "net_weight", "count", "pack", "spice", "serving", "color", "size",
                  "fits", "contents"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def N(s):
    """判定用归一化：全角转半角（NFKC）、去空白、英文小写。"""
    return kbload.norm(unicodedata.normalize("NFKC", s))


def D(s): return datetime.date.fromisoformat(s)


def money(x):
    x = round(x, 2)
    return (str(int(x)) if x == int(x) else ("%.2f" % x).rstrip("0").rstrip(".")) + "元"


def num_str(x):
    return str(int(x)) if float(x) == int(x) else str(x)


# ---------------------------------------------------------------- eval.json
try:
    ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
except Exception as e:
    err(f"eval.json: 读取失败 {e}"); ev = {}
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of,name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"heshan-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 heshan-<kebab-case>")
DEFAULT = D(ev.get("default_as_of", "2025-12-01")) if kbload.is_date(ev.get("default_as_of", "")) else D("2025-12-01")

# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_N = N(all_raw_norm)
RAW_N = {k: N(v) for k, v in raw.items()}

# ---------------------------------------------------------------- 商品
prev = None
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    exp = list(PROD_KEYS_REQ)
    if "variants" in p: exp.insert(exp.index("specs") + 1, "variants")
    if "ingredients" in p: exp.insert(exp.index("variants" if "variants" in p else "specs") + 1, "ingredients")
    if keys != exp: err(f"{pid}: 字段顺序/集合应为 {exp}，实际 {keys}")
    if not re.fullmatch(r"HS-\d{4}", str(pid)): err(f"{pid}: id 格式应为 HS-4位数字")
    if prev and str(pid) <= prev: warn(f"{pid}: id 未按升序排列")
    prev = str(pid)
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if p.get("name_en") and not p["name_en"].startswith("HESHAN "): warn(f"{pid}: name_en 不以 HESHAN 开头")
    if not isinstance(p.get("price_cny"), (int, float)) or p.get("price_cny", 0) <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: warn(f"{pid}: channels 顺序与标准顺序不同")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    dis = p.get("discontinued")
    if dis is not None:
        if not kbload.is_date(dis): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and D(dis) <= D(p["launched"]): err(f"{pid}: discontinued 早于 launched")
        status = json.dumps(p.get("attributes", {}), ensure_ascii=False)
        if dis not in status: warn(f"{pid}: 已停产/下架但 attributes 未写明日期 {dis}")
    if kbload.is_date(p.get("launched") or "") and D(p["launched"]) > DEFAULT:
        if p["launched"] not in json.dumps(p.get("attributes", {}), ensure_ascii=False):
            err(f"{pid}: 未上市商品应在 attributes 中写明上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict): err(f"{pid}: {k} 应为对象"); continue
        if k == "specs" and not v: err(f"{pid}: specs 不能为空")
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    if "ingredients" in p and (not isinstance(p["ingredients"], list) or not p["ingredients"]): err(f"{pid}: ingredients 应为非空列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少应有2个SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            dims = None
            for v in vs:
                sku = v.get("sku", "?")
                if list(v)[0] != "sku" or list(v)[-1] != "price_cny": err(f"{sku}: SKU 字段应以 sku 开头、price_cny 结尾")
                if not str(sku).startswith(pid + "-") or not re.fullmatch(r"[A-Z0-9]+", str(sku)[len(pid) + 1:]):
                    err(f"{sku}: SKU 编码应为 {pid}-<大写字母/数字后缀>")
                unk = set(v) - VARIANT_FIELDS
                if unk: err(f"{sku}: 未知 SKU 字段 {sorted(unk)}")
                if not isinstance(v.get("price_cny"), (int, float)) or v.get("price_cny", 0) <= 0: err(f"{sku}: price_cny 应为正数")
                if "count" in v and not isinstance(v["count"], int): err(f"{sku}: count 应为整数")
                d = tuple(sorted(set(v) - {"sku", "price_cny"}))
                if not d: err(f"{sku}: 缺少规格维度字段")
                if dims is None: dims = d
                elif d != dims: err(f"{pid}: 各 SKU 的规格维度字段不一致 {dims} / {d}")
            prices = [v.get("price_cny") for v in vs if isinstance(v.get("price_cny"), (int, float))]
            if prices and p.get("price_cny") != min(prices):
                err(f"{pid}: price_cny {p.get('price_cny')} 应等于最低 SKU 价 {min(prices)}")

# 关系
for p in products:
    pid = p.get("id")
    rel = p.get("related", [])
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id")
        t, tid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 未知关系类型 {t}")
        if tid not in prod: err(f"{pid}: 关系 {t} 指向不存在的商品 {tid}"); continue
        if tid == pid: err(f"{pid}: 关系指向自身")
        if (t, tid) in seen: err(f"{pid}: 重复关系 {t} {tid}")
        seen.add((t, tid))
        q = prod[tid]
        if t == "replaces":
            if not q.get("discontinued"): err(f"{pid}: replaces {tid}，但后者未停产")
            elif kbload.is_date(p.get("launched") or "") and D(p["launched"]) > D(q["discontinued"]) + datetime.timedelta(days=1):
                err(f"{pid}: 替代品上市 {p['launched']} 晚于被替代品停产次日")
            if q.get("category") != p.get("category"): warn(f"{pid}: replaces 跨品类 {tid}")
            if p.get("name") and p["name"].replace("禾膳", "")[:2] not in json.dumps(q.get("attributes"), ensure_ascii=False):
                warn(f"{tid}: 被替代品的 attributes 未提到替代品名称")
        if t == "set_contains" and p.get("category") != "套装": err(f"{pid}: 非套装商品使用 set_contains")
        if t == "refill_of" and q.get("category") != p.get("category"): warn(f"{pid}: refill_of 跨品类 {tid}")
        if t in ("refill_of", "compatible_with"):
            if q.get("discontinued") and not p.get("discontinued") and t == "refill_of":
                warn(f"{pid}: refill_of 已停产商品 {tid}")
    # 套装价值
    comps = [r.get("id") for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if len(comps) < 2: err(f"{pid}: 套装至少包含2个单品")
        val = p.get("attributes", {}).get("单品合计价值")
        tot = sum(prod[c]["price_cny"] for c in comps)
        if val != money(tot): err(f"{pid}: 单品合计价值 {val} 应为 {money(tot)}（set_contains 各商品 price_cny 之和）")
        if isinstance(p.get("price_cny"), (int, float)) and p["price_cny"] >= tot: err(f"{pid}: 套装价不低于单品合计价值")
        for c in comps:
            if prod[c].get("discontinued") and kbload.is_date(p.get("launched") or "") and D(prod[c]["discontinued"]) < D(p["launched"]):
                err(f"{pid}: 套装包含上市前已停产的 {c}")
            if not set(p.get("channels", [])) <= set(prod[c].get("channels", [])):
                warn(f"{pid}: 套装渠道超出单品 {c} 的渠道")
        if "规格" not in p.get("attributes", {}): err(f"{pid}: 套装缺少 attributes.规格")

# ---------------------------------------------------------------- 政策
for pid_, pol in policies.items():
    fm = pol["fm"]
    ch = fm.get("channels", "")
    if ch != "all":
        m = re.fullmatch(r"\[(.*)\]", ch)
        items = [x.strip() for x in m.group(1).split(",")] if m else []
        if not items or any(x not in CHANNELS for x in items): err(f"{pid_}: channels 非法 {ch}")
    at = fm.get("applies_to", "")
    if at != "all" and not re.fullmatch(r"\[[^\]]+\]", at): err(f"{pid_}: applies_to 应为 all 或 [列表]")
    if at not in ("all", ""):
        cats = {p.get("category") for p in products}
        for c in re.fullmatch(r"\[(.*)\]", at).group(1).split(","):
            if c.strip() not in cats: err(f"{pid_}: applies_to 中的品类 {c.strip()} 不存在")
    if not kbload.is_date(fm.get("effective_from", "")): err(f"{pid_}: effective_from 不是日期")
    et = fm.get("effective_to")
    if et != "null":
        if not kbload.is_date(et or ""): err(f"{pid_}: effective_to 应为日期或 null")
        elif kbload.is_date(fm.get("effective_from", "")) and D(et) < D(fm["effective_from"]): err(f"{pid_}: effective_to 早于 effective_from")
    if not pol["body"].lstrip().startswith("# "): err(f"{pid_}: 正文应以一级标题开头")
    title = fm.get("title", "")
    if title and title not in pol["body"] and title.split("（")[0] not in pol["body"]: warn(f"{pid_}: 正文未出现标题")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}"); continue
        old = policies[sup]["fm"]
        if old.get("effective_to") == "null": err(f"{sup}: 已被 {pid_} 取代，但 effective_to 为 null")
        elif kbload.is_date(old.get("effective_to", "")) and kbload.is_date(fm.get("effective_from", "")):
            if D(old["effective_to"]) + datetime.timedelta(days=1) != D(fm["effective_from"]):
                err(f"{pid_}: 生效日 {fm['effective_from']} 应为 {sup} 失效日 {old['effective_to']} 的次日")
        if old.get("channels") != fm.get("channels"): warn(f"{pid_}: 与被取代版本 {sup} 的 channels 不同")
superseded = [p["fm"]["supersedes"] for p in policies.values() if p["fm"].get("supersedes") != "null"]
if len(superseded) != len(set(superseded)): err("政策：同一版本被多个新版本取代")
for pid_, pol in policies.items():
    if pol["fm"].get("effective_to") not in ("null", None) and pid_ not in superseded:
        # 有截止日但没被取代：只允许活动类规则
        if "活动" not in pol["fm"].get("title", ""): warn(f"{pid_}: 有 effective_to 但未被任何版本取代")

# ---------------------------------------------------------------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F+3位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 为空")
fids = sorted(faq)
if fids != ["F%03d" % i for i in range(1, len(fids) + 1)]: warn("faq: id 不连续")


# ---------------------------------------------------------------- 问题
def policy_channels(pol):
    ch = pol["fm"].get("channels")
    return CHANNELS if ch == "all" else [x.strip() for x in ch.strip("[]").split(",")]


def check_question(x, where, corr=False):
    keys = list(x)
    if keys != QA_KEYS: err(f"{where}: 字段顺序应为 {QA_KEYS}，实际 {keys}")
    if x.get("lang") not in ("zh", "en"): err(f"{where}: lang 非法")
    if not x.get("question"): err(f"{where}: question 为空")
    if x.get("lang") == "en" and re.search(r"[\u4e00-\u9fff]", x.get("question", "")): warn(f"{where}: 英文题含中文")
    if x.get("lang") == "zh" and not re.search(r"[\u4e00-\u9fff]", x.get("question", "")): err(f"{where}: 中文题不含中文")
    if x.get("channel") is not None and x.get("channel") not in CHANNELS: err(f"{where}: channel 非法 {x.get('channel')}")
    if x.get("as_of") is not None and not kbload.is_date(x.get("as_of")): err(f"{where}: as_of 不是日期")
    t = x.get("type")
    if corr:
        if t != "correction": err(f"{where}: 更正验证题 type 应为 correction")
    elif t not in TYPES: err(f"{where}: type 非法 {t}")
    mi, mn, src = x.get("must_include"), x.get("must_not_include"), x.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mn), ("sources", src)):
        if not isinstance(v, list) or any(not isinstance(s, str) or not s for s in v): err(f"{where}: {k} 应为非空字符串列表")
    if not isinstance(mi, list) or not isinstance(mn, list) or not isinstance(src, list): return
    if not isinstance(x.get("refuse"), bool): err(f"{where}: refuse 应为布尔值")
    if not x.get("note"): err(f"{where}: note 为空")
    if (t == "refusal") != (x.get("refuse") is True): err(f"{where}: refuse 与 type=refusal 不一致")
    if x.get("refuse"):
        if mi: err(f"{where}: 拒答题 must_include 应为空")
        if src: warn(f"{where}: 拒答题 sources 通常为空")
        return
    if not mi: err(f"{where}: 非拒答题 must_include 为空")
    if not src: err(f"{where}: 非拒答题 sources 为空")
    if len(set(src)) != len(src): err(f"{where}: sources 重复")
    for s in src:
        if s not in raw: err(f"{where}: source 不存在 {s}")
    for a in mi:
        for b in mn:
            if N(b) and N(b) in N(a): err(f"{where}: must_include '{a}' 含 must_not_include '{b}'")
    if corr: return
    src_n = "".join(RAW_N.get(s, "") for s in src)
    for a in mi:
        if N(a) not in ALL_N: err(f"{where}: must_include '{a}' 不在知识库原文中")
        elif N(a) not in src_n: warn(f"{where}: must_include '{a}' 不在其 sources 中")
        if x.get("lang") == "en" and re.search(r"[^\x00-\x7f]", a): err(f"{where}: 英文题 must_include 含非 ASCII 字符 '{a}'")
    # 日期与渠道
    day = D(x["as_of"]) if kbload.is_date(x.get("as_of") or "") else DEFAULT
    for s in src:
        if s.startswith("policy:") and s[7:] in policies:
            fm = policies[s[7:]]["fm"]
            ef = D(fm["effective_from"]) if kbload.is_date(fm.get("effective_from", "")) else None
            et = D(fm["effective_to"]) if kbload.is_date(fm.get("effective_to", "")) else None
            if (ef and day < ef) or (et and day > et):
                err(f"{where}: 引用的 {s} 在 {day} 不生效")
            if x.get("channel") and x["channel"] not in policy_channels(policies[s[7:]]):
                warn(f"{where}: channel={x['channel']} 引用了只适用于 {fm.get('channels')} 的 {s}")
    if t == "temporal" and x.get("as_of") is None: err(f"{where}: temporal 题应给出 as_of")
    if t == "channel" and x.get("channel") is None: err(f"{where}: channel 题应给出 channel")


qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = [x.get("id") for x in qa]
if ids != ["q%03d" % i for i in range(1, len(qa) + 1)]: err("qa.jsonl: id 应为 q001 起连续编号")
qs = Counter(x.get("question") for x in qa)
for k, v in qs.items():
    if v > 1: err(f"qa.jsonl: 题目重复 {k}")
for x in qa: check_question(x, x.get("id", "?"))

# ---------------------------------------------------------------- 更正
corrs = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
if [c.get("id") for c in corrs] != ["c%02d" % i for i in range(1, len(corrs) + 1)]: err("corrections.jsonl: id 应为 c01 起连续编号")
kb_after = {k: v for k, v in raw.items()}
for c in corrs:
    cid = c.get("id", "?")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段顺序应为 {CORR_KEYS}")
    t, f, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串"); continue
    if t not in raw: err(f"{cid}: target 不存在 {t}"); continue
    if f == "price_cny":
        if not t.startswith("product:"): err(f"{cid}: price_cny 只能更正商品")
        elif num_str(prod[t[8:]]["price_cny"]) != old: err(f"{cid}: old {old} 与当前价格 {prod[t[8:]]['price_cny']} 不符")
        elif "variants" in prod[t[8:]]: err(f"{cid}: 有 SKU 的商品不能只改 price_cny")
        try: float(new)
        except ValueError: err(f"{cid}: new 不是数字")
    elif f == "text":
        if t.startswith("policy:"): body = policies[t[7:]]["body"]
        elif t.startswith("faq:"): body = faq[t[4:]]["answer"]
        else: err(f"{cid}: text 只能更正政策或 FAQ"); continue
        n = body.count(old)
        if n != 1: err(f"{cid}: old 在目标正文中出现 {n} 次（应恰好1次）")
    else:
        if not t.startswith("product:"): err(f"{cid}: 键名更正只能用于商品"); continue
        p = prod[t[8:]]
        where = [k for k in ("attributes", "specs") if f in p.get(k, {})]
        if len(where) != 1: err(f"{cid}: 字段 {f} 应恰好存在于 attributes 或 specs 之一"); continue
        if p[where[0]][f] != old: err(f"{cid}: old 与 {where[0]}.{f} 当前值 {p[where[0]][f]} 不符")
    kb_after[t] = kb_after[t].replace(old, new)
    qq = c.get("question", {})
    if qq.get("id") != "q" + cid: err(f"{cid}: 验证题 id 应为 q{cid}")
    check_question(qq, f"{cid}.question", corr=True)
    for a in qq.get("must_include", []):
        if N(a) not in N(new): err(f"{cid}: 验证题 must_include '{a}' 不在 new 中")
    for b in qq.get("must_not_include", []):
        if N(b) not in N(old): err(f"{cid}: 验证题 must_not_include '{b}' 不在 old 中")
    if t not in qq.get("sources", []): err(f"{cid}: 验证题 sources 应包含 target")
    # qa.jsonl 不得依赖被更正的事实
    for x in qa:
        if t in x.get("sources", []):
            for a in x.get("must_include", []):
                if N(a) and N(a) in N(old) and N(a) not in N(new): err(f"{x['id']}: must_include '{a}' 依赖被 {cid} 更正的事实")
for c in corrs:
    t = c.get("target")
    if t in kb_after:
        for a in c.get("question", {}).get("must_include", []):
            if N(a) not in N(kb_after[t]): err(f"{c.get('id')}: 应用全部更正后目标中找不到 '{a}'")

# ---------------------------------------------------------------- README 计数
readme_path = os.path.join(HERE, "README.md")
if not os.path.exists(readme_path): err("README.md 不存在")
else:
    rd = open(readme_path, encoding="utf-8").read()
    actual = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
              "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corrs)}
    for fn, n in actual.items():
        m = re.search(r"^\|\s*`" + re.escape(fn) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", rd, re.M)
        if not m: err(f"README: 文件表缺少 {fn}")
        elif int(m.group(1)) != n: err(f"README: {fn} 数量写为 {m.group(1)}，实际 {n}")
    tc = Counter(x.get("type") for x in qa)
    lc = Counter(x.get("lang") for x in qa)
    line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
    if line not in rd: err(f"README: 题型/语言分布行应为「{line}」")
    nv = sum(1 for p in products if "variants" in p)
    m = re.search(r"`variants`（[^）]*?(\d+)个商品有）", rd)
    if not m: warn("README: 未写明有 variants 的商品数")
    elif int(m.group(1)) != nv: err(f"README: 有 variants 的商品数写为 {m.group(1)}，实际 {nv}")
    for pid in re.findall(r"`(HS-\d{4})`", rd):
        if pid not in prod: err(f"README: 提到不存在的商品 {pid}")
    for pol in re.findall(r"`(hs-[a-z0-9-]+)`", rd):
        if pol not in policies: err(f"README: 提到不存在的政策 {pol}")

# ---------------------------------------------------------------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}，政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corrs)}；"
      f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
