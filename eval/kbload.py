"""Loading shared by the eval sets' consistency checkers (check.py in each
set): the knowledge base's products, policies (with their YAML front
matter) and FAQ, the raw text of each source and all of it normalised.
Standard library only."""
import csv, datetime, json, os, re


def norm(s): return re.sub(r"\s+", "", s).lower()


def is_date(s):
    try: datetime.date.fromisoformat(s); return True
    except Exception: return False


def read_jsonl(path, err):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}: 空行"); continue
            try: out.append(json.loads(line))
            except json.JSONDecodeError as e: err(f"{os.path.basename(path)}:{n}: JSON 解析失败: {e}")
    return out


def load_kb(KB, FM_KEYS, err):
    """Returns raw (source id -> raw text), products (the lines parsed in
    order), prod (id -> product), policies (id -> fm, body, text), faq
    (id -> question, answer, tags) and all_raw_norm; problems go to err."""
    # ---------- 读取知识库
    raw = {}  # source id -> raw text
    prod_path = os.path.join(KB, "products.jsonl")
    products = read_jsonl(prod_path, err)
    prod = {}
    with open(prod_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                try: d = json.loads(line)
                except Exception: continue
                prod[d.get("id")] = d
                raw[f"product:{d.get('id')}"] = line
    if len(prod) != len(products): err("products.jsonl: 商品 id 重复")

    policies = {}
    pdir = os.path.join(KB, "policies")
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".md"): continue
        text = open(os.path.join(pdir, fn), encoding="utf-8").read()
        m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
        if not m: err(f"{fn}: 缺少 YAML front matter"); continue
        fm = {}
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":"); fm[k.strip()] = v.strip()
        if list(fm) != FM_KEYS: err(f"{fn}: front matter 键应为 {FM_KEYS}，实际 {list(fm)}")
        if fm.get("id") + ".md" != fn: err(f"{fn}: id 与文件名不一致")
        policies[fm["id"]] = {"fm": fm, "body": m.group(2), "text": text}
        raw[f"policy:{fm['id']}"] = text

    faq = {}
    with open(os.path.join(KB, "faq.csv"), encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if header != ["id", "question", "answer", "tags"]: err(f"faq.csv: 表头错误 {header}")
        for row in r:
            if len(row) != 4: err(f"faq.csv: 列数错误 {row[:1]}"); continue
            if row[0] in faq: err(f"faq.csv: id 重复 {row[0]}")
            faq[row[0]] = {"question": row[1], "answer": row[2], "tags": row[3].split("|")}
            raw[f"faq:{row[0]}"] = ",".join(row)
    all_raw_norm = norm("\n".join(open(os.path.join(KB, "products.jsonl"), encoding="utf-8").read().splitlines())
                        + "".join(p["text"] for p in policies.values())
                        + open(os.path.join(KB, "faq.csv"), encoding="utf-8").read())
    return raw, products, prod, policies, faq, all_raw_norm
