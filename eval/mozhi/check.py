#!/usr/bin/env python3
"""墨栈 MOZHI 评测集一致性检查（仅标准库）。用法：python3 check.py
退出码：有错误为 1，否则为 0。警告不影响退出码。"""
import datetime, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kbload  # noqa: E402

KB = os.path.join(HERE, "kb")
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
CHANNELS = ["tmall", "douyin", "xiaohongshu", "wechat", "web"]
PROD_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
             "attributes", "specs", "variants", "suitable_for", "not_suitable_for", "related"]
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
VARIANT_FIELDS = {"sku", "price_cny", "tip", "pack", "length", "color", "nib", "line_width", "ruling",
                  "size", "dimensions", "colors", "qty"}
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def halfwidth(s):
    out = []
    for ch in s:
        o = ord(ch)
        if o == 0x3000: out.append(" ")
        elif 0xFF01 <= o <= 0xFF5E: out.append(chr(o - 0xFEE0))
        else: out.append(ch)
    return "".join(out)

def N(s):
    """README 约定的归一化：去空白、全角转半角、英文忽略大小写。"""
    return kbload.norm(halfwidth(s))

def d(s): return datetime.date.fromisoformat(s)

# ---------- eval.json
ev = json.load(open(os.path.join(HERE, "eval.json"), encoding="utf-8"))
if list(ev) != ["default_as_of", "name"]: err(f"eval.json: 键应为 default_as_of, name，实际 {list(ev)}")
if not kbload.is_date(ev.get("default_as_of", "")): err("eval.json: default_as_of 不是日期")
if not re.fullmatch(r"mozhi-[a-z0-9]+(-[a-z0-9]+)*", ev.get("name", "")): err("eval.json: name 应为 mozhi-<kebab-case>")
DEFAULT = d(ev["default_as_of"])

# ---------- 知识库
raw, products, prod, policies, faq, all_raw_norm = kbload.load_kb(KB, FM_KEYS, err)
ALL_N = N("\n".join(open(os.path.join(KB, "products.jsonl"), encoding="utf-8").read().splitlines())
          + "".join(p["text"] for p in policies.values())
          + open(os.path.join(KB, "faq.csv"), encoding="utf-8").read())
RAW_N = {k: N(v) for k, v in raw.items()}
# 渠道代码与中文名按 README 的判定约定互相对应：商品的 channels 字段也算作其渠道中文名的出处
CH_ZH = {"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网"}
for _p in products:
    if isinstance(_p.get("channels"), list):
        RAW_N[f"product:{_p.get('id')}"] += N("".join(CH_ZH.get(c, "") for c in _p["channels"]))

# ---------- 商品
for p in products:
    pid = p.get("id", "?")
    keys = list(p)
    expect = [k for k in PROD_KEYS if k in p]
    if keys != expect: err(f"{pid}: 字段顺序应为 {expect}，实际 {keys}")
    for k in PROD_KEYS:
        if k != "variants" and k not in p: err(f"{pid}: 缺少字段 {k}")
    if not re.fullmatch(r"MZ-\d{4}", pid): err(f"{pid}: id 格式应为 MZ-四位数字")
    for k in ("name", "name_en", "category"):
        if not isinstance(p.get(k), str) or not p.get(k): err(f"{pid}: {k} 应为非空字符串")
    if p.get("name") and not p["name"].startswith("墨栈"): err(f"{pid}: name 应以“墨栈”开头")
    if p.get("name_en") and not p["name_en"].startswith("MOZHI "): err(f"{pid}: name_en 应以“MOZHI ”开头")
    pr = p.get("price_cny")
    if not isinstance(pr, (int, float)) or isinstance(pr, bool) or pr <= 0: err(f"{pid}: price_cny 应为正数")
    ch = p.get("channels")
    if not isinstance(ch, list) or not ch or any(c not in CHANNELS for c in ch) or len(set(ch)) != len(ch):
        err(f"{pid}: channels 非法 {ch}")
    elif ch != [c for c in CHANNELS if c in ch]: err(f"{pid}: channels 顺序应为 {CHANNELS} 的子序列")
    if not kbload.is_date(p.get("launched") or ""): err(f"{pid}: launched 不是日期")
    dc = p.get("discontinued")
    if dc is not None:
        if not kbload.is_date(dc): err(f"{pid}: discontinued 不是日期")
        elif kbload.is_date(p.get("launched") or "") and d(dc) <= d(p["launched"]): err(f"{pid}: 停产日期早于上市日期")
    for k in ("attributes", "specs"):
        v = p.get(k)
        if not isinstance(v, dict): err(f"{pid}: {k} 应为对象"); continue
        for kk, vv in v.items():
            if not isinstance(vv, str) or not vv: err(f"{pid}: {k}.{kk} 应为非空字符串")
    if isinstance(p.get("specs"), dict) and not p["specs"]: err(f"{pid}: specs 不能为空")
    for k in ("suitable_for", "not_suitable_for"):
        if not isinstance(p.get(k), list) or any(not isinstance(x, str) for x in p.get(k, [])): err(f"{pid}: {k} 应为字符串列表")
    # 在售状态说明
    if dc and "销售状态" not in p.get("attributes", {}): warn(f"{pid}: 已停产商品缺少 attributes.销售状态")
    if kbload.is_date(p.get("launched") or "") and d(p["launched"]) > DEFAULT and "上市状态" not in p.get("attributes", {}):
        warn(f"{pid}: 未上市商品缺少 attributes.上市状态")
    # variants
    if "variants" in p:
        vs = p["variants"]
        if not isinstance(vs, list) or len(vs) < 2: err(f"{pid}: variants 应为至少2个SKU的列表"); vs = []
        skus = []
        for v in vs:
            if not isinstance(v, dict): err(f"{pid}: variant 应为对象"); continue
            if list(v)[:1] != ["sku"] or list(v)[-1:] != ["price_cny"]: err(f"{pid}: variant 字段应以 sku 开头、price_cny 结尾 {list(v)}")
            bad = set(v) - VARIANT_FIELDS
            if bad: err(f"{pid}: variant 含未登记字段 {sorted(bad)}")
            s = v.get("sku", "")
            if not re.fullmatch(re.escape(pid) + r"-[0-9A-Z]+", s): err(f"{pid}: SKU 编码 {s} 应为 商品id + 后缀")
            skus.append(s)
            vp = v.get("price_cny")
            if not isinstance(vp, (int, float)) or isinstance(vp, bool) or vp <= 0: err(f"{s}: price_cny 应为正数")
        if len(set(skus)) != len(skus): err(f"{pid}: SKU 重复")
        dims = [tuple(sorted(set(v) - {"sku", "price_cny"})) for v in vs if isinstance(v, dict)]
        if len(set(dims)) > 1: err(f"{pid}: 各 SKU 的规格维度字段不一致")
        prices = [v.get("price_cny") for v in vs if isinstance(v, dict) and isinstance(v.get("price_cny"), (int, float))]
        if prices and pr != min(prices): err(f"{pid}: price_cny={pr} 应等于最低 SKU 价 {min(prices)}")
    # related
    rel = p.get("related")
    if not isinstance(rel, list): err(f"{pid}: related 应为列表"); continue
    seen = set()
    for r in rel:
        if list(r) != ["type", "id"]: err(f"{pid}: related 项字段应为 type, id")
        t, rid = r.get("type"), r.get("id")
        if t not in REL_TYPES: err(f"{pid}: 非法关系类型 {t}")
        if rid not in prod: err(f"{pid}: 关系指向不存在的商品 {rid}")
        if rid == pid: err(f"{pid}: 关系指向自身")
        if (t, rid) in seen: err(f"{pid}: 关系重复 {t} {rid}")
        seen.add((t, rid))
        if rid in prod:
            tgt = prod[rid]
            if t == "replaces":
                if not tgt.get("discontinued"): err(f"{pid}: replaces {rid}，但 {rid} 未停产")
                elif d(p["launched"]) > d(tgt["discontinued"]) + datetime.timedelta(days=1):
                    warn(f"{pid}: 替代品上市晚于旧款停产")
            if t == "set_contains" and tgt.get("category") == "套装": err(f"{pid}: 套装不应包含套装 {rid}")
    # 套装价值
    comps = [r["id"] for r in rel if r.get("type") == "set_contains" and r.get("id") in prod]
    if p.get("category") == "套装":
        if not comps: err(f"{pid}: 套装没有 set_contains")
        a = p.get("attributes", {})
        if "规格" not in a or "单品合计价值" not in a: err(f"{pid}: 套装缺少 规格/单品合计价值")
        else:
            m = re.fullmatch(r"(\d+(?:\.\d+)?)元", a["单品合计价值"])
            total = sum(prod[c]["price_cny"] for c in comps)
            if not m or abs(float(m.group(1)) - total) > 1e-9:
                err(f"{pid}: 单品合计价值 {a['单品合计价值']} ≠ 组件价格之和 {total}")
            elif pr >= total: err(f"{pid}: 套装价 {pr} 不低于单品合计 {total}")
            n_plus = a["规格"].count("+") + 1
            if n_plus != len(comps): err(f"{pid}: 规格列出 {n_plus} 件，set_contains 有 {len(comps)} 件")
        for c in comps:
            cp = prod[c]
            if cp.get("discontinued") and (not p.get("discontinued") or d(cp["discontinued"]) < d(p["discontinued"])):
                err(f"{pid}: 组件 {c} 已停产而套装仍在售")
            if not set(p.get("channels", [])) <= set(cp.get("channels", [])) and p.get("category") == "套装":
                pass  # 套装可以在组件未单独上架的渠道销售，不作要求
    elif comps: err(f"{pid}: 非套装商品含 set_contains")

# ---------- 政策
for pid, pol in policies.items():
    fm = pol["fm"]
    if not re.fullmatch(r"mz-[a-z0-9-]+", pid): err(f"{pid}: 政策 id 应为 mz- 开头的 kebab-case")
    chv = fm.get("channels", "")
    if chv != "all":
        m = re.fullmatch(r"\[(.*)\]", chv)
        lst = [x.strip() for x in m.group(1).split(",")] if m else []
        if not lst or any(x not in CHANNELS for x in lst): err(f"{pid}: channels 非法 {chv}")
    if fm.get("applies_to") != "all" and not re.fullmatch(r"\[.+\]", fm.get("applies_to", "")): err(f"{pid}: applies_to 非法")
    ef, et, sp = fm.get("effective_from"), fm.get("effective_to"), fm.get("supersedes")
    if not kbload.is_date(ef or ""): err(f"{pid}: effective_from 不是日期")
    if et != "null":
        if not kbload.is_date(et or ""): err(f"{pid}: effective_to 不是日期")
        elif kbload.is_date(ef or "") and d(et) < d(ef): err(f"{pid}: effective_to 早于 effective_from")
    if not re.search(r"^# ", pol["body"], re.M): err(f"{pid}: 正文缺少一级标题")
    if fm.get("title") and fm["title"] not in pol["body"] and fm["title"].split("（")[0] not in pol["body"]:
        warn(f"{pid}: 正文未出现标题")
    if sp != "null":
        if sp not in policies: err(f"{pid}: supersedes 指向不存在的政策 {sp}"); continue
        old = policies[sp]["fm"]
        if old.get("effective_to") == "null": err(f"{pid}: 取代 {sp}，但 {sp} 没有 effective_to")
        elif kbload.is_date(ef or "") and d(old["effective_to"]) + datetime.timedelta(days=1) != d(ef):
            err(f"{pid}: {sp} 的 effective_to 应为 {pid} 生效前一天")
        if old.get("supersedes") == pid: err(f"{pid}: 版本循环")
superseded = {p["fm"]["supersedes"] for p in policies.values() if p["fm"]["supersedes"] != "null"}
for pid, pol in policies.items():
    et = pol["fm"].get("effective_to")
    if pid in superseded and "已失效" not in pol["body"]: warn(f"{pid}: 旧版本正文未注明已失效")

# ---------- FAQ
for fid, f in faq.items():
    if not re.fullmatch(r"F\d{3}", fid): err(f"faq {fid}: id 格式应为 F三位数字")
    if not f["question"] or not f["answer"]: err(f"faq {fid}: 问题或答案为空")
    if not all(f["tags"]): err(f"faq {fid}: tags 含空值")

# ---------- 问题
def pol_window(pid):
    fm = policies[pid]["fm"]
    return d(fm["effective_from"]), (None if fm["effective_to"] == "null" else d(fm["effective_to"]))

qa = kbload.read_jsonl(os.path.join(HERE, "qa.jsonl"), err)
ids = Counter(q.get("id") for q in qa)
for k, n in ids.items():
    if n > 1: err(f"qa: id 重复 {k}")
for i, q in enumerate(qa, 1):
    qid = q.get("id", f"#{i}")
    if list(q) != QA_KEYS: err(f"{qid}: 字段应为 {QA_KEYS}，实际 {list(q)}"); continue
    if qid != "q%03d" % i: err(f"{qid}: id 应按顺序编号 q{i:03d}")
    if not isinstance(q["question"], str) or not q["question"].strip(): err(f"{qid}: question 为空")
    if q["lang"] not in ("zh", "en"): err(f"{qid}: lang 非法")
    if q["lang"] == "en" and re.search(r"[\u4e00-\u9fff]", q["question"]): warn(f"{qid}: 英文题含汉字")
    if q["lang"] == "zh" and not re.search(r"[\u4e00-\u9fff]", q["question"]): err(f"{qid}: 中文题不含汉字")
    if q["channel"] is not None and q["channel"] not in CHANNELS: err(f"{qid}: channel 非法 {q['channel']}")
    if q["as_of"] is not None and not kbload.is_date(q["as_of"]): err(f"{qid}: as_of 不是日期")
    if q["type"] not in TYPES: err(f"{qid}: type 非法 {q['type']}")
    for k in ("must_include", "must_not_include", "sources"):
        if not isinstance(q[k], list) or any(not isinstance(x, str) or not x for x in q[k]): err(f"{qid}: {k} 应为非空字符串列表")
    if not isinstance(q["note"], str) or not q["note"]: err(f"{qid}: note 为空")
    if q["refuse"] != (q["type"] == "refusal"): err(f"{qid}: refuse 与 type 不一致")
    for s in q["sources"]:
        if s not in raw: err(f"{qid}: 来源不存在 {s}")
    if q["type"] == "temporal" and q["as_of"] is None: err(f"{qid}: temporal 题需要 as_of")
    if q["refuse"]:
        if q["must_include"] or q["sources"]: err(f"{qid}: 拒答题 must_include/sources 应为空")
        continue
    if not q["must_include"]: err(f"{qid}: must_include 为空")
    if not q["sources"]: err(f"{qid}: sources 为空")
    src_n = "".join(RAW_N.get(s, "") for s in q["sources"])
    for m in q["must_include"]:
        nm = N(m)
        if nm not in ALL_N: err(f"{qid}: must_include {m!r} 不在知识库原文中")
        elif nm not in src_n: warn(f"{qid}: must_include {m!r} 不在其 sources 中")
        if q["lang"] == "en" and re.search(r"[\u4e00-\u9fff]", m): err(f"{qid}: 英文题 must_include 含汉字 {m!r}")
    for m in q["must_not_include"]:
        if any(N(m) in N(x) for x in q["must_include"]): err(f"{qid}: must_not_include {m!r} 与 must_include 冲突")
    asof = d(q["as_of"]) if q["as_of"] and kbload.is_date(q["as_of"]) else DEFAULT
    for s in q["sources"]:
        kind, _, sid = s.partition(":")
        if kind == "policy" and sid in policies:
            f0, t0 = pol_window(sid)
            if f0 > asof: err(f"{qid}: 引用的 {sid} 在 as_of {asof} 尚未生效")
            if t0 is not None and t0 < asof - datetime.timedelta(days=31):
                warn(f"{qid}: 引用的 {sid} 在 as_of {asof} 前一个多月已失效")
            if q["as_of"] is None and t0 is not None and t0 < DEFAULT:
                err(f"{qid}: as_of 为空（默认 {DEFAULT}）却引用已失效的 {sid}")
            chv = policies[sid]["fm"]["channels"]
            if q["channel"] and chv != "all" and q["channel"] not in chv and q["type"] != "channel":
                warn(f"{qid}: channel {q['channel']} 不在 {sid} 的适用渠道 {chv}")
        if kind == "product" and sid in prod and q["channel"] and q["type"] not in ("channel",):
            if q["channel"] not in prod[sid]["channels"]: warn(f"{qid}: channel {q['channel']} 不在 {sid} 的销售渠道")

# ---------- 更正
corr = kbload.read_jsonl(os.path.join(HERE, "corrections.jsonl"), err)
CORR_KEYS = ["id", "target", "field", "old", "new", "reason", "question"]
state = {}  # 依次应用后的值
for i, c in enumerate(corr, 1):
    cid = c.get("id", f"#{i}")
    if list(c) != CORR_KEYS: err(f"{cid}: 字段应为 {CORR_KEYS}"); continue
    if cid != "c%02d" % i: err(f"{cid}: id 应为 c{i:02d}")
    if not isinstance(c["old"], str) or not isinstance(c["new"], str) or c["old"] == c["new"]: err(f"{cid}: old/new 应为不同的字符串")
    tgt, field = c["target"], c["field"]
    if tgt not in raw: err(f"{cid}: target 不存在 {tgt}"); continue
    kind, _, sid = tgt.partition(":")
    if field == "price_cny":
        if kind != "product": err(f"{cid}: price_cny 只能更正商品")
        else:
            cur = state.get((tgt, field), prod[sid]["price_cny"])
            if str(cur) != c["old"]: err(f"{cid}: old {c['old']} ≠ 当前价格 {cur}")
            state[(tgt, field)] = c["new"]
            for p in products:
                if any(r["type"] == "set_contains" and r["id"] == sid for r in p["related"]):
                    warn(f"{cid}: {sid} 是套装 {p['id']} 的组件，改价会使其单品合计价值不一致")
    elif field == "text":
        if kind == "policy": cur = state.get((tgt, field), policies[sid]["body"])
        elif kind == "faq": cur = state.get((tgt, field), faq[sid]["answer"])
        else: err(f"{cid}: text 只能更正政策或 FAQ"); continue
        if cur.count(c["old"]) != 1: err(f"{cid}: old 子串在目标中出现 {cur.count(c['old'])} 次（应为1次）")
        state[(tgt, field)] = cur.replace(c["old"], c["new"])
    else:
        if kind != "product": err(f"{cid}: 键名更正只能用于商品"); continue
        p = prod[sid]
        where = [k for k in ("attributes", "specs") if field in p.get(k, {})]
        if len(where) != 1: err(f"{cid}: 键 {field} 应恰好出现在 attributes 或 specs 之一"); continue
        cur = state.get((tgt, field), p[where[0]][field])
        if cur != c["old"]: err(f"{cid}: old {c['old']!r} ≠ 当前值 {cur!r}")
        state[(tgt, field)] = c["new"]
    q = c["question"]
    if list(q) != QA_KEYS: err(f"{cid}: question 字段应为 {QA_KEYS}"); continue
    if q["id"] != "qc%02d" % i: err(f"{cid}: question.id 应为 qc{i:02d}")
    if q["type"] != "correction" or q["refuse"]: err(f"{cid}: question.type 应为 correction 且 refuse=false")
    if q["sources"] != [tgt]: err(f"{cid}: question.sources 应为 [{tgt}]")
    for m in q["must_include"]:
        if m not in c["new"]: err(f"{cid}: must_include {m!r} 不在 new 中")
        if m in c["old"]: err(f"{cid}: must_include {m!r} 也在 old 中")
    for m in q["must_not_include"]:
        if m not in c["old"]: err(f"{cid}: must_not_include {m!r} 不在 old 中")
        if m in c["new"]: err(f"{cid}: must_not_include {m!r} 出现在 new 中")
    # qa 不得依赖被更正的事实
    for qq in qa:
        if tgt in qq.get("sources", []):
            for m in qq.get("must_include", []):
                if N(m) in N(c["old"]) and (field != "price_cny" or m == c["old"]):
                    err(f"{cid}: {qq['id']} 的 must_include {m!r} 依赖被更正的值")

# ---------- README 计数
rp = os.path.join(HERE, "README.md")
readme = open(rp, encoding="utf-8").read() if os.path.exists(rp) else ""
if not readme: err("README.md 缺失或为空")
def table_count(fname):
    m = re.search(r"^\|\s*`" + re.escape(fname) + r"`\s*\|.*\|\s*(\d+)\s*\|\s*$", readme, re.M)
    return int(m.group(1)) if m else None
actual = {"kb/products.jsonl": len(products), "kb/policies/*.md": len(policies), "kb/faq.csv": len(faq),
          "qa.jsonl": len(qa), "eval.json": 1, "corrections.jsonl": len(corr)}
for k, v in actual.items():
    n = table_count(k)
    if n is None: err(f"README: 文件表缺少 {k}")
    elif n != v: err(f"README: {k} 写的是 {n}，实际 {v}")
tc = Counter(q["type"] for q in qa if "type" in q)
lc = Counter(q["lang"] for q in qa if "lang" in q)
line = "题型分布：" + ", ".join(f"{k} {tc[k]}" for k in sorted(tc)) + "；语言：" + ", ".join(f"{k} {lc[k]}" for k in sorted(lc)) + "。"
if line not in readme: err(f"README: 题型/语言分布行应为：{line}")
nv = sum(1 for p in products if "variants" in p)
m = re.search(r"(\d+)个商品有", readme)
if not m or int(m.group(1)) != nv: err(f"README: variants 商品数应为 {nv}")

# ---------- 输出
for w in warnings: print("警告:", w)
for e in errors: print("错误:", e)
print(f"商品 {len(products)}（含 variants {nv}），政策 {len(policies)}，FAQ {len(faq)}，问题 {len(qa)}，更正 {len(corr)}")
print(dict(sorted(tc.items())), dict(sorted(lc.items())))
print(f"{len(errors)} 个错误，{len(warnings)} 个警告")
sys.exit(1 if errors else 0)
