#!/usr/bin/env python3
"""Consistency check for the dev4 (山茗记 SHANMINGJI) evaluation set. Stdlib only.

Usage: python3 check.py [DIR]   (DIR defaults to the directory of this script)
Exit code 1 if any error was found; warnings do not fail the check.
"""
import csv
import io
import json
import os
import re
import sys
from collections import Counter

BASE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
KB = os.path.join(BASE, "kb")
CHANNELS = {"tmall", "douyin", "xiaohongshu", "wechat", "web", "jd"}
TYPES = {"lookup", "multi_hop", "channel", "temporal", "comparison", "aggregation", "refusal"}
REL_TYPES = {"set_contains", "refill_of", "replaces", "compatible_with"}
PRODUCT_KEYS = ["id", "name", "name_en", "category", "price_cny", "channels", "launched", "discontinued",
                "attributes", "specs", "suitable_for", "not_suitable_for", "related"]
QA_KEYS = ["id", "question", "lang", "channel", "as_of", "type", "must_include", "must_not_include",
           "sources", "refuse", "note"]
FM_KEYS = ["id", "title", "channels", "applies_to", "effective_from", "effective_to", "supersedes"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def squash(s):
    return re.sub(r"\s+", "", s)


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((n, line, json.loads(line)))
            except json.JSONDecodeError as e:
                err(f"{os.path.relpath(path, BASE)}:{n}: JSON parse error: {e}")
    return rows


# ---------------------------------------------------------------- products
products, product_raw = {}, {}
for n, line, p in read_jsonl(os.path.join(KB, "products.jsonl")):
    pid = p.get("id")
    missing = [k for k in PRODUCT_KEYS if k not in p]
    if missing:
        err(f"product {pid}: missing keys {missing}")
    if pid in products:
        err(f"product {pid}: duplicate id")
    products[pid] = p
    product_raw[pid] = line
    for c in p.get("channels", []):
        if c not in CHANNELS:
            err(f"product {pid}: unknown channel {c}")
    for k in ("launched", "discontinued"):
        v = p.get(k)
        if v is not None and not DATE.match(v):
            err(f"product {pid}: bad {k} {v}")
    if p.get("discontinued") and p.get("launched") and p["discontinued"] < p["launched"]:
        err(f"product {pid}: discontinued before launched")
    if not isinstance(p.get("specs"), dict):
        err(f"product {pid}: specs must be an object")
    vs = p.get("variants")
    if vs is not None:
        skus = [v.get("sku") for v in vs]
        if len(set(skus)) != len(skus):
            err(f"product {pid}: duplicate SKU")
        for v in vs:
            if not str(v.get("sku", "")).startswith(pid + "-"):
                err(f"product {pid}: SKU {v.get('sku')} does not start with product id")
            if "price_cny" not in v:
                err(f"product {pid}: SKU {v.get('sku')} without price_cny")
        if vs and p.get("price_cny") != min(v.get("price_cny", 0) for v in vs):
            err(f"product {pid}: price_cny {p.get('price_cny')} != lowest SKU price")

for pid, p in products.items():
    for r in p.get("related", []):
        if r.get("type") not in REL_TYPES:
            err(f"product {pid}: unknown relation type {r.get('type')}")
        if r.get("id") not in products:
            err(f"product {pid}: relation target {r.get('id')} does not exist")
        if r.get("id") == pid:
            err(f"product {pid}: relation to itself")
    # set value = sum of contained item prices (SKU chosen by its size appearing in 规格)
    contains = [r["id"] for r in p.get("related", []) if r.get("type") == "set_contains" and r.get("id") in products]
    if contains:
        spec_txt = p.get("attributes", {}).get("规格", "")
        total = 0
        for cid in contains:
            c = products[cid]
            price = c["price_cny"]
            for v in c.get("variants", []) or []:
                labels = [str(v.get(k)) for k in ("net_weight", "pack") if v.get(k)]
                labels = [l.split("（")[0] for l in labels]
                if any(l and l in spec_txt for l in labels):
                    price = v["price_cny"]
                    break
            total += price
        declared = p.get("attributes", {}).get("单品合计价值")
        if declared is None:
            warn(f"product {pid}: set without 单品合计价值")
        elif declared != f"{total:g}元":
            err(f"product {pid}: 单品合计价值 {declared} != computed {total:g}元")
    # replaces: old product should be discontinued
    for r in p.get("related", []):
        if r.get("type") == "replaces" and r.get("id") in products and not products[r["id"]].get("discontinued"):
            warn(f"product {pid}: replaces {r['id']} which is not discontinued")

# ---------------------------------------------------------------- policies
policies, policy_raw, policy_body = {}, {}, {}
pol_dir = os.path.join(KB, "policies")
for fn in sorted(os.listdir(pol_dir)):
    if not fn.endswith(".md"):
        continue
    raw = open(os.path.join(pol_dir, fn), encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not m:
        err(f"policy {fn}: missing YAML front matter")
        continue
    fm = {}
    for line in m.group(1).splitlines():
        k, _, v = line.partition(":")
        fm[k.strip()] = v.strip()
    missing = [k for k in FM_KEYS if k not in fm]
    if missing:
        err(f"policy {fn}: front matter missing {missing}")
    pid = fm.get("id")
    if pid + ".md" != fn:
        warn(f"policy {fn}: id {pid} differs from file name")
    if pid in policies:
        err(f"policy {pid}: duplicate id")
    policies[pid] = fm
    policy_raw[pid] = raw
    policy_body[pid] = m.group(2)
    ch = fm.get("channels", "")
    if ch != "all":
        for c in re.findall(r"[a-z]+", ch):
            if c not in CHANNELS:
                err(f"policy {pid}: unknown channel {c}")
    for k in ("effective_from", "effective_to"):
        v = fm.get(k)
        if v not in (None, "null") and not DATE.match(v):
            err(f"policy {pid}: bad {k} {v}")
    if fm.get("effective_to") not in (None, "null") and fm["effective_to"] < fm.get("effective_from", ""):
        err(f"policy {pid}: effective_to before effective_from")
for pid, fm in policies.items():
    sup = fm.get("supersedes")
    if sup not in (None, "null"):
        if sup not in policies:
            err(f"policy {pid}: supersedes unknown {sup}")
        else:
            old_to = policies[sup].get("effective_to")
            if old_to in (None, "null"):
                err(f"policy {pid}: superseded {sup} has no effective_to")

# ---------------------------------------------------------------- faq
faq, faq_raw = {}, {}
faq_text = open(os.path.join(KB, "faq.csv"), encoding="utf-8").read()
rdr = csv.reader(io.StringIO(faq_text))
header = next(rdr)
if header != ["id", "question", "answer", "tags"]:
    err(f"faq.csv: bad header {header}")
for row in rdr:
    if len(row) != 4:
        err(f"faq.csv: bad row {row[:1]}")
        continue
    if row[0] in faq:
        err(f"faq {row[0]}: duplicate id")
    faq[row[0]] = {"question": row[1], "answer": row[2], "tags": row[3].split("|")}
    faq_raw[row[0]] = ",".join(row)

# ---------------------------------------------------------------- KB text
kb_files = {"kb/products.jsonl": open(os.path.join(KB, "products.jsonl"), encoding="utf-8").read(),
            "kb/faq.csv": faq_text}
for pid, raw in policy_raw.items():
    kb_files[f"kb/policies/{pid}.md"] = raw
kb_sq = {k: squash(v) for k, v in kb_files.items()}
kb_sq_low = {k: v.lower() for k, v in kb_sq.items()}


def in_kb(s):
    s2 = squash(s)
    if any(s2 in t for t in kb_sq.values()):
        return "exact"
    if any(s2.lower() in t for t in kb_sq_low.values()):
        return "nocase"
    return None


def source_text(src):
    kind, _, sid = src.partition(":")
    if kind == "product":
        return product_raw.get(sid)
    if kind == "policy":
        return policy_raw.get(sid)
    if kind == "faq":
        return faq_raw.get(sid)
    return None


# ---------------------------------------------------------------- qa
def check_question(q, where, correction=False):
    missing = [k for k in QA_KEYS if k not in q]
    if missing:
        err(f"{where}: missing keys {missing}")
    if q.get("lang") not in ("zh", "en"):
        err(f"{where}: bad lang {q.get('lang')}")
    if q.get("channel") is not None and q["channel"] not in CHANNELS:
        err(f"{where}: bad channel {q['channel']}")
    if q.get("as_of") is not None and not DATE.match(str(q["as_of"])):
        err(f"{where}: bad as_of {q['as_of']}")
    t = q.get("type")
    if correction:
        if t != "correction":
            err(f"{where}: correction question type should be 'correction'")
    elif t not in TYPES:
        err(f"{where}: bad type {t}")
    if (t == "refusal") != bool(q.get("refuse")):
        err(f"{where}: refuse flag inconsistent with type {t}")
    for s in q.get("sources", []):
        if source_text(s) is None:
            err(f"{where}: unknown source {s}")
    if q.get("refuse"):
        if q.get("must_include"):
            err(f"{where}: refusal with must_include")
        return
    if not q.get("must_include"):
        err(f"{where}: non-refusal without must_include")
    if not q.get("sources"):
        err(f"{where}: non-refusal without sources")
    if correction:
        return
    src_sq = [squash(source_text(s) or "").lower() for s in q.get("sources", [])]
    for mi in q.get("must_include", []):
        hit = in_kb(mi)
        if hit is None:
            err(f"{where}: must_include {mi!r} not found verbatim in KB")
        elif not any(squash(mi).lower() in t for t in src_sq):
            warn(f"{where}: must_include {mi!r} not in any cited source")
        if squash(mi) in [squash(x) for x in q.get("must_not_include", [])]:
            err(f"{where}: {mi!r} in both must_include and must_not_include")


qas = read_jsonl(os.path.join(BASE, "qa.jsonl"))
ids = Counter(q["id"] for _, _, q in qas)
for k, c in ids.items():
    if c > 1:
        err(f"qa: duplicate id {k}")
for n, _, q in qas:
    check_question(q, f"qa {q.get('id')}")

# ---------------------------------------------------------------- corrections
def get_field(p, field):
    if field == "price_cny":
        v = p.get("price_cny")
        return None if v is None else f"{v:g}" if isinstance(v, (int, float)) else str(v)
    path = field.split(".")
    for top in ("attributes", "specs"):
        cur = p.get(top, {})
        ok = True
        for k in path:
            if isinstance(cur, dict) and k in cur:
                cur = cur[k]
            else:
                ok = False
                break
        if ok:
            return cur
    return None


corr = read_jsonl(os.path.join(BASE, "corrections.jsonl"))
qa_ids = set(ids)
for n, _, c in corr:
    where = f"correction {c.get('id')}"
    for k in ("id", "target", "field", "old", "new", "reason", "question"):
        if k not in c:
            err(f"{where}: missing {k}")
    if not isinstance(c.get("old"), str) or not isinstance(c.get("new"), str):
        err(f"{where}: old/new must be strings")
    kind, _, tid = c.get("target", "").partition(":")
    field = c.get("field")
    if kind == "product":
        p = products.get(tid)
        if p is None:
            err(f"{where}: unknown target {c['target']}")
        elif field == "text":
            err(f"{where}: field 'text' not valid for a product")
        else:
            v = get_field(p, field)
            if v is None:
                err(f"{where}: field {field} not found in {tid}")
            elif str(v) != c["old"]:
                err(f"{where}: old {c['old']!r} != current {v!r}")
    elif kind == "policy":
        if tid not in policies:
            err(f"{where}: unknown target {c['target']}")
        elif field != "text" or c["old"] not in policy_body[tid]:
            err(f"{where}: old text not found in policy {tid}")
    elif kind == "faq":
        if tid not in faq:
            err(f"{where}: unknown target {c['target']}")
        elif field != "text" or c["old"] not in faq[tid]["answer"]:
            err(f"{where}: old text not found in FAQ {tid} answer")
    else:
        err(f"{where}: bad target {c.get('target')}")
    q = c.get("question", {})
    check_question(q, f"{where}/{q.get('id')}", correction=True)
    if q.get("id") in qa_ids:
        err(f"{where}: question id clashes with qa.jsonl")
    for mi in q.get("must_include", []):
        if squash(mi) not in squash(c.get("new", "")):
            warn(f"{where}: must_include {mi!r} not part of the new value")
    for mn in q.get("must_not_include", []):
        if squash(mn) not in squash(c.get("old", "")):
            warn(f"{where}: must_not_include {mn!r} not part of the old value")
    # qa.jsonl must not depend on corrected facts
    if kind == "product":
        for _, _, qq in qas:
            if c["target"] in qq.get("sources", []) and any(squash(c["old"]) == squash(x) or squash(c["old"]) in squash(x)
                                                          for x in qq.get("must_include", [])):
                err(f"{where}: qa {qq['id']} depends on corrected value {c['old']!r}")
    elif kind in ("policy", "faq"):
        for _, _, qq in qas:
            if c["target"] in qq.get("sources", []) and any(squash(x) in squash(c["old"]) for x in qq.get("must_include", [])):
                warn(f"{where}: qa {qq['id']} may depend on corrected text")

# ---------------------------------------------------------------- eval.json
try:
    ev = json.load(open(os.path.join(BASE, "eval.json"), encoding="utf-8"))
    if not DATE.match(str(ev.get("default_as_of"))):
        err("eval.json: bad default_as_of")
    if not ev.get("name"):
        err("eval.json: missing name")
except Exception as e:  # noqa: BLE001
    err(f"eval.json: {e}")

# ---------------------------------------------------------------- report
types = Counter(q["type"] for _, _, q in qas)
langs = Counter(q["lang"] for _, _, q in qas)
print(f"products {len(products)} (with variants {sum(1 for p in products.values() if p.get('variants'))}), "
      f"policies {len(policies)}, faq {len(faq)}, qa {len(qas)}, corrections {len(corr)}")
print("types:", ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
print("langs:", ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
print("channels used in qa:", dict(Counter(q["channel"] for _, _, q in qas)))
for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
sys.exit(1 if errors else 0)
