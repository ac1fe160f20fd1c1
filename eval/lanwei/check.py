#!/usr/bin/env python3
"""澜卫（lanwei）评测集一致性检查。只用标准库和上级目录的 kbload.py。

用法：python3 check.py        退出码 0 = 没有错误（警告不影响退出码）
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
QTYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]
PROD_REQ = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
            "attributes", "specs"]
PROD_TAIL = ["suitable_for", "not_suitable_for", "related"]
VARIANT_FIELDS = {"color", "pit_distance", "size", "seat_length", "spray_modes", "length", "width",
                  "dimensions", "overflow", "type", "shape", "item"}
DEFAULT_AS_OF = "2025-12-01"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)


def norm(s):
    """README 约定的归一化：去空白、全角转半角（NFKC）、英文小写。"""
    return kbload.norm(unicodedata.normalize("NFKC", s))


# ---------------------------------------------------------------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
all_norm = norm("\n".join(raw.values()))
raw_norm = {k: norm(v) for k, v in raw.items()}

# ---------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = PROD_REQ + (["variants"] if "variants" in p else []) + PROD_TAIL
    if keys != expect: err(f"{pid}: 字段顺序应为 {expect}，实际 {keys}")
    if not re.fullmatch(r"LW-\d{4}", str(pid)): err(f"{pid}: id 格式应为 LW-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 为空")
    if not p.get("name", "").startswith("澜卫"): warn(f"{pid}: name 未以品牌名开头")
    if not p.get("name_en", "").startswith("LANWEI"): warn(f"{pid}: name_en 未以 LANWEI 开头")
    price = p.get("price_cny")
    if not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0:
        err(f"{pid}: price_cny 非正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]:
        warn(f"{pid}: channels 未按 {CHANNELS} 顺序排列")
    if not kbload.is_date(str(p.get("launched"))): err(f"{pid}: launched 不是日期")
    disc = p.get("discontinued")
    if disc is not None:
        if not kbload.is_date(str(disc)): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(str(p.get("launched"))) and disc < p["launched"]:
            err(f"{pid}: discontinued 早于 launched")
        status = p.get("attributes", {}).get("销售状态", "")
        if disc not in status: warn(f"{pid}: attributes.销售状态 未写出停产/下架日期 {disc}")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict) or not v: err(f"{pid}: {k} 应为非空对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 值应为非空字符串")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])):
            err(f"{pid}: {k} 应为字符串列表")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 至少 2 个 SKU")
        else:
            skus = [v.get("sku") for v in vs]
            if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
            for v in vs:
                ks = list(v)
                if ks[:1] != ["sku"] or ks[-1:] != ["price_cny"]:
                    err(f"{pid}: SKU 字段应以 sku 开头、price_cny 结尾：{ks}")
                if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", str(v.get("sku"))):
                    err(f"{pid}: SKU 编码 {v.get('sku')} 应为 商品id-后缀")
                for f in ks[1:-1]:
                    if f not in VARIANT_FIELDS: err(f"{pid}: SKU 字段 {f} 不在约定列表")
                    elif not isinstance(v[f], str) or not v[f]: err(f"{pid}: SKU {v.get('sku')}.{f} 应为非空字符串")
                if len(ks) < 3: err(f"{pid}: SKU {v.get('sku')} 缺少规格维度字段")
                vp = v.get("price_cny")
                if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0:
                    err(f"{pid}: SKU {v.get('sku')} price_cny 非正数")
            dims = [tuple(k for k in v if k not in ("sku", "price_cny")) for v in vs]
            if len(set(dims)) != 1: err(f"{pid}: 各 SKU 的规格维度字段不一致 {set(dims)}")
            combos = [tuple(v.get(k) for k in dims[0]) for v in vs]
            if len(set(combos)) != len(combos): err(f"{pid}: 有两个 SKU 的规格完全相同")
            try:
                if price != min(v["price_cny"] for v in vs):
                    err(f"{pid}: price_cny {price} 应等于最低 SKU 价 {min(v['price_cny'] for v in vs)}")
            except Exception: pass
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); rel = []
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type,id：{r}"); continue
        t, rid = r["type"], r["id"]
        if (t, rid) in seen: err(f"{pid}: related 重复 {t} {rid}")
        seen.add((t, rid))
        if t not in REL_TYPES: err(f"{pid}: 关系类型 {t} 不允许")
        if rid not in prod: err(f"{pid}: related 指向不存在的商品 {rid}"); continue
        if rid == pid: err(f"{pid}: related 指向自己")
        q = prod[rid]
        if t == "replaces":
            if not q.get("discontinued"): err(f"{pid}: replaces {rid}，但 {rid} 没有停产")
            elif p.get("launched") and kbload.is_date(p["launched"]) and \
                    datetime.date.fromisoformat(p["launched"]) > datetime.date.fromisoformat(q["discontinued"]) + datetime.timedelta(days=1):
                warn(f"{pid}: 新款上市 {p['launched']} 晚于旧款停产 {q['discontinued']}（有空档期）")
            if p.get("discontinued"): err(f"{pid}: 替代款本身已停产")
        if t == "refill_of" and p.get("category") != "替换装":
            warn(f"{pid}: refill_of 商品的 category 不是 替换装")
        if t == "set_contains" and p.get("category") != "套装":
            err(f"{pid}: 只有套装可以 set_contains")
    # 套装价值
    if p.get("category") == "套装":
        comps = [r["id"] for r in rel if isinstance(r, dict) and r.get("type") == "set_contains"]
        if len(comps) < 2: err(f"{pid}: 套装至少包含 2 个 set_contains")
        val = p.get("attributes", {}).get("单品合计价值", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)元", val)
        if not m: err(f"{pid}: 套装缺少 单品合计价值（形如 123元）")
        elif all(c in prod for c in comps):
            total = sum(prod[c]["price_cny"] for c in comps)
            if abs(float(m.group(1)) - total) > 1e-6:
                err(f"{pid}: 单品合计价值 {val} ≠ 组成商品 price_cny 之和 {total}")
            if price >= total: err(f"{pid}: 套装价 {price} 不低于单品合计 {total}")
        if "规格" not in p.get("attributes", {}): err(f"{pid}: 套装缺少 attributes.规格")
        for c in comps:
            if c in prod:
                cp = prod[c]
                miss = [x for x in p["channels"] if x not in cp["channels"]]
                if miss: warn(f"{pid}: 组成商品 {c} 不在套装渠道 {miss} 销售")
                if cp.get("discontinued") and p.get("launched") and cp["discontinued"] < p["launched"]:
                    err(f"{pid}: 组成商品 {c} 在套装上市前已停产")
                if cp["launched"] > p["launched"]: err(f"{pid}: 组成商品 {c} 晚于套装上市")
    # 渠道独家：attributes.渠道说明 与 channels 一致（粗查）
    note = p.get("attributes", {}).get("渠道说明", "")
    names = {"天猫": "tmall", "抖音": "douyin", "小红书": "xiaohongshu", "微信小程序": "wechat", "官网": "web"}
    if note:
        said = {c for n, c in names.items() if n in note}
        if said and said != set(p.get("channels", [])):
            err(f"{pid}: 渠道说明“{note}”与 channels {p.get('channels')} 不一致")

# ---------- 政策
by_sup = {}
for pid_, pol in policies.items():
    fm = pol["fm"]
    c = fm.get("channels", "")
    if c != "all":
        m = re.fullmatch(r"\[(.*)\]", c)
        lst = [x.strip() for x in m.group(1).split(",")] if m else None
        if not lst or any(x not in CHANNELS for x in lst): err(f"{pid_}: channels 非法 {c}")
    a = fm.get("applies_to", "")
    if a != "all":
        m = re.fullmatch(r"\[(.*)\]", a)
        cats = {p["category"] for p in products}
        lst = [x.strip() for x in m.group(1).split(",")] if m else None
        if not lst: err(f"{pid_}: applies_to 非法 {a}")
        else:
            for x in lst:
                if x not in cats: err(f"{pid_}: applies_to 中的品类 {x} 没有对应商品")
    ef, et = fm.get("effective_from"), fm.get("effective_to")
    if not kbload.is_date(ef): err(f"{pid_}: effective_from 不是日期")
    if et != "null":
        if not kbload.is_date(et): err(f"{pid_}: effective_to 不是日期")
        elif kbload.is_date(ef) and et < ef: err(f"{pid_}: effective_to 早于 effective_from")
    sup = fm.get("supersedes")
    if sup != "null":
        if sup not in policies: err(f"{pid_}: supersedes 指向不存在的政策 {sup}"); continue
        by_sup.setdefault(sup, []).append(pid_)
        old = policies[sup]["fm"]
        if old.get("effective_to") == "null": err(f"{pid_}: 被取代的 {sup} 没有 effective_to")
        elif kbload.is_date(old["effective_to"]) and kbload.is_date(ef):
            d = datetime.date.fromisoformat(old["effective_to"]) + datetime.timedelta(days=1)
            if d.isoformat() != ef: err(f"{pid_}: 应从 {sup} 失效次日 {d} 起生效，实际 {ef}")
        if ef not in pol["body"]: warn(f"{pid_}: 正文未写出生效日期 {ef}")
        if old.get("effective_to") not in policies[sup]["body"]:
            warn(f"{sup}: 正文未写出失效日期 {old.get('effective_to')}")
    if not pol["body"].strip().startswith("# "): warn(f"{pid_}: 正文应以一级标题开头")
    title = fm.get("title", "")
    if title and title not in pol["body"] and title.split("（")[0] not in pol["body"]:
        warn(f"{pid_}: 正文标题与 title 不一致")
for sup, news in by_sup.items():
    if len(news) > 1: err(f"{sup}: 被多个政策取代 {news}")
for pid_, pol in policies.items():
    fm = pol["fm"]
    if fm.get("effective_to") != "null" and pid_ not in by_sup and kbload.is_date(fm.get("effective_to", "")):
        # 活动规则：有效期结束后不被取代，正文须写出日期
        if fm["effective_to"] not in pol["body"]: err(f"{pid_}: 正文未写出有效期结束日 {fm['effective_to']}")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"].strip() or not f["answer"].strip(): err(f"faq {fid}: 问题或答案为空")
    if any(not t for t in f["tags"]): err(f"faq {fid}: tags 有空项")
ids = list(faq)
if ids != sorted(ids): warn("faq.csv: id 未按顺序排列")


def source_ok(s):
    kind, _, ident = s.partition(":")
    return (kind == "product" and ident in prod) or (kind == "policy" and ident in policies) \
        or (kind == "faq" and ident in faq)


# ---------- qa.jsonl
qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
qids = [q.get("id") for q in qa]
if len(set(qids)) != len(qids): err("qa.jsonl: id 重复")
for n, q in enumerate(qa, 1):
    qid = q.get("id", f"#{n}")
    if list(q) != QA_KEYS: err(f"{qid}: 字段应为 {QA_KEYS}，实际 {list(q)}")
    if qid != f"q{n:03d}": err(f"{qid}: id 应为 q{n:03d}（按顺序编号）")
    if not isinstance(q.get("question"), str) or not q["question"].strip(): err(f"{qid}: question 为空")
    if q.get("lang") not in ("zh", "en"): err(f"{qid}: lang 非法")
    if q.get("channel") is not None and q.get("channel") not in CHANNELS: err(f"{qid}: channel 非法")
    as_of = q.get("as_of")
    if as_of is not None and not kbload.is_date(str(as_of)): err(f"{qid}: as_of 不是日期")
    if q.get("type") not in QTYPES: err(f"{qid}: type 非法 {q.get('type')}")
    mi, mni, src = q.get("must_include"), q.get("must_not_include"), q.get("sources")
    for k, v in (("must_include", mi), ("must_not_include", mni), ("sources", src)):
        if not isinstance(v, list) or any(not isinstance(x, str) or not x for x in v):
            err(f"{qid}: {k} 应为非空字符串列表"); 
    if not isinstance(mi, list) or not isinstance(mni, list) or not isinstance(src, list): continue
    if q.get("refuse") != (q.get("type") == "refusal"): err(f"{qid}: refuse 与 type 不一致")
    if not isinstance(q.get("note"), str) or not q["note"]: err(f"{qid}: note 为空")
    if q.get("type") == "temporal" and as_of is None: err(f"{qid}: temporal 题必须给出 as_of")
    for s in src:
        if not source_ok(s): err(f"{qid}: source {s} 不存在")
    if len(set(src)) != len(src): err(f"{qid}: sources 重复")
    if set(mi) & set(mni): err(f"{qid}: must_include 与 must_not_include 有重叠")
    if q.get("refuse"):
        if mi: err(f"{qid}: 拒答题 must_include 应为空")
        if src: warn(f"{qid}: 拒答题通常没有 sources")
        continue
    if not mi: err(f"{qid}: 非拒答题 must_include 为空")
    if not src: err(f"{qid}: 非拒答题 sources 为空")
    src_text = "".join(raw_norm.get(s, "") for s in src)
    for item in mi:
        ni = norm(item)
        if ni not in all_norm: err(f"{qid}: must_include “{item}” 不在知识库原文中")
        elif ni not in src_text: warn(f"{qid}: must_include “{item}” 不在其 sources 中")
        if q.get("lang") == "en" and not item.isascii(): err(f"{qid}: 英文题的 must_include “{item}” 含非 ASCII 字符")
    for item in mni:
        if norm(item) in norm(q["question"]) and q.get("type") != "refusal":
            warn(f"{qid}: must_not_include “{item}” 出现在问题里")
    # 渠道：题目渠道买不到的商品 / 只在其他渠道生效的政策
    ch = q.get("channel")
    if ch:
        for s in src:
            kind, _, ident = s.partition(":")
            if kind == "policy":
                c = policies[ident]["fm"]["channels"]
                if c != "all" and ch not in c and q.get("type") != "channel":
                    warn(f"{qid}: channel={ch} 引用了只适用于 {c} 的 {ident}")
    if ch and q.get("type") not in ("channel", "refusal"):
        for s in src:
            kind, _, ident = s.partition(":")
            if kind == "product" and ch not in prod[ident]["channels"]:
                warn(f"{qid}: channel={ch} 的题引用了该渠道不销售的 {ident}")
    # 日期：问题当天政策是否已生效（温和检查：只查 sources 中最早生效日晚于 as_of 的情况）
    day = as_of or DEFAULT_AS_OF
    for s in src:
        kind, _, ident = s.partition(":")
        if kind == "policy":
            ef = policies[ident]["fm"]["effective_from"]
            if kbload.is_date(ef) and ef > day: err(f"{qid}: {ident} 在 as_of {day} 时尚未生效")
    # 被取代的旧政策只能在 as_of 处于其有效期内时引用
    for s in src:
        kind, _, ident = s.partition(":")
        if kind == "policy" and ident in by_sup:
            et = policies[ident]["fm"]["effective_to"]
            if day > et: err(f"{qid}: 引用已失效的 {ident}（{et} 失效），as_of={day}")

# ---------- corrections.jsonl
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
cid_seen = set()
qa_src = {s for q in qa for s in q.get("sources", [])}
for n, c in enumerate(corr, 1):
    cid = c.get("id", f"#{n}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段应为 {CORR_KEYS}，实际 {list(c)}")
    if cid != f"c{n:02d}": err(f"{cid}: id 应为 c{n:02d}")
    if cid in cid_seen: err(f"{cid}: id 重复")
    cid_seen.add(cid)
    tgt, field, old, new = c.get("target", ""), c.get("field"), c.get("old"), c.get("new")
    if not isinstance(old, str) or not isinstance(new, str) or old == new: err(f"{cid}: old/new 应为不同的字符串")
    if not source_ok(tgt): err(f"{cid}: target {tgt} 不存在"); continue
    kind, _, ident = tgt.partition(":")
    if field == "text":
        if kind not in ("policy", "faq"): err(f"{cid}: field=text 只能用于政策或 FAQ")
        body = policies[ident]["text"] if kind == "policy" else faq[ident]["answer"]
        if old not in body: err(f"{cid}: old “{old}” 不在 {tgt} 正文中")
        elif body.count(old) != 1: err(f"{cid}: old 在 {tgt} 中出现 {body.count(old)} 次，应唯一")
    elif field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能用于商品")
        elif str(prod[ident]["price_cny"]) != old: err(f"{cid}: old {old} ≠ 当前价格 {prod[ident]['price_cny']}")
        elif "variants" in prod[ident]: err(f"{cid}: 有 SKU 的商品不能只改 SPU 价格（会与 SKU 价冲突）")
    else:
        if kind != "product": err(f"{cid}: 键名更正只能用于商品")
        else:
            p = prod[ident]
            where = [k for k in ("attributes", "specs") if field in p.get(k, {})]
            if len(where) != 1: err(f"{cid}: 键 {field} 应恰好出现在 attributes 或 specs 之一，实际 {where}")
            elif p[where[0]][field] != old: err(f"{cid}: old “{old}” ≠ 当前值 “{p[where[0]][field]}”")
    if tgt in qa_src and norm(old) in norm(" ".join(" ".join(q["must_include"]) for q in qa if tgt in q["sources"])):
        err(f"{cid}: qa.jsonl 中有题目依赖被更正的旧值“{old}”")
    cq = c.get("question", {})
    if list(cq) != QA_KEYS: err(f"{cid}: question 字段应为 {QA_KEYS}")
    if cq.get("id") != "q" + cid: err(f"{cid}: question.id 应为 q{cid}")
    if cq.get("type") != "correction" or cq.get("refuse") is not False: err(f"{cid}: question 的 type/refuse 不对")
    if cq.get("sources") != [tgt]: err(f"{cid}: question.sources 应为 [{tgt}]")
    if cq.get("channel") is not None and cq.get("channel") not in CHANNELS: err(f"{cid}: question.channel 非法")
    if cq.get("lang") not in ("zh", "en"): err(f"{cid}: question.lang 非法")
    if not cq.get("must_include") or not all(norm(x) in norm(new) for x in cq["must_include"]):
        err(f"{cid}: question.must_include 应取自 new 值")
    if not cq.get("must_not_include") or not all(norm(x) in norm(old) for x in cq["must_not_include"]):
        err(f"{cid}: question.must_not_include 应取自 old 值")
    if kind == "product" and ident in prod:
        ch = cq.get("channel")
        if ch and ch not in prod[ident]["channels"]: err(f"{cid}: question.channel {ch} 不销售 {ident}")

# ---------- eval.json
try:
    ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
    if ev.get("default_as_of") != DEFAULT_AS_OF: err("eval.json: default_as_of 应为 2025-12-01")
    if not re.fullmatch(r"lanwei-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 格式不对")
    if list(ev) != ["default_as_of", "name"]: err("eval.json: 字段应为 default_as_of, name")
except Exception as e:
    err(f"eval.json: 读取失败 {e}")

# ---------- README 计数
try:
    readme = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    counts = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
              "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
    for f, nexp in counts.items():
        m = re.search(r"^\| `" + re.escape(f) + r"` \|.*\| (\d+) \|$", readme, re.M)
        if not m: err(f"README: 文件表缺少 {f} 的行")
        elif int(m.group(1)) != nexp: err(f"README: {f} 计数 {m.group(1)} ≠ 实际 {nexp}")
    tc = Counter(q.get("type") for q in qa); lc = Counter(q.get("lang") for q in qa)
    line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + \
        ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
    if line not in readme: err(f"README: 缺少或不一致的分布行，应为：{line}")
    nv = sum(1 for p in products if "variants" in p)
    m = re.search(r"(\d+)个商品有", readme)
    if not m or int(m.group(1)) != nv: err(f"README: variants 商品数应写为 {nv}个商品有")
    for pid_ in re.findall(r"`(LW-\d{4})`", readme):
        if pid_ not in prod: err(f"README: 提到不存在的商品 {pid_}")
    for pol in re.findall(r"`(lw-[a-z0-9-]+)`", readme):
        if pol not in policies: err(f"README: 提到不存在的政策 {pol}")
except FileNotFoundError:
    err("README.md 不存在")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {sum(1 for p in products if 'variants' in p)}），政策 {len(policies)}，"
      f"FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}；{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
