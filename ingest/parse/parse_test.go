package parse

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

type parseCase struct {
	name     string
	file     string
	data     string
	kind     Kind
	products int
	faqs     int
	sections int
	title    string
	contains string // in some section's text
}

var parseCases = []parseCase{
	{name: "products jsonl", file: "products.jsonl",
		data: `{"id": "P-1", "name": "水光精华", "name_en": "Hydra Serum", "category": "精华", "price_cny": 259, "channels": ["tmall", "抖音"], "launched": "2023-03-01", "discontinued": null, "attributes": {"净含量": "30ml", "系列": "水光系列"}, "ingredients": ["甘油"], "related": [{"type": "refill_of", "id": "P-0"}]}` + "\n\n" +
			`{"id": "P-2", "name": "面霜", "category": "面霜", "price_cny": 19.90, "channels": "all"}`,
		kind: KindProduct, products: 2},
	{name: "products csv with Chinese headers", file: "商品.csv",
		data: "货号,商品名称,品类,价格,渠道,成分,净含量\nP-1,水光精华,精华,259,天猫|抖音,甘油|泛醇,30ml\n",
		kind: KindProduct, products: 1},
	{name: "faq csv", file: "faq.csv",
		data: "id,question,answer,tags\nF1,能开发票吗？,可以，下单后在订单页申请。,发票|售后\nF2,\"Ship abroad?\",\"No, mainland China only.\",shipping\n",
		kind: KindFAQ, faqs: 2},
	{name: "faq jsonl", file: "qa.jsonl",
		data: `{"question": "多久发货？", "answer": "48小时内。"}`, kind: KindFAQ, faqs: 1},
	{name: "faq json array", file: "qa.json",
		data: "[\n {\"q\": \"多久发货？\", \"a\": \"48小时内。\"},\n {\"q\": \"包邮吗？\", \"a\": \"满99包邮。\"}\n]", kind: KindFAQ, faqs: 2},
	{name: "policy markdown", file: "policies/returns.md",
		data: "---\nid: r-2025\ntitle: 退货政策\nchannels: [douyin]\napplies_to: [精华]\neffective_from: 2025-07-01\neffective_to: null\nsupersedes: r-2024\n---\n\n# 退货政策\n\n导言。\n\n## 一、无理由\n\n1. 七天无理由。\n2. 未拆封。\n\n## 二、质量\n\n30天内可退。\n",
		kind: KindPolicy, sections: 3, title: "退货政策", contains: "1. 七天无理由。"},
	{name: "generic markdown", file: "guide.md",
		data: "# Guide\n\nSome *emphasis* and `code` and a [link](http://x).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		kind: KindDoc, sections: 1, title: "Guide", contains: "1 | 2"},
	{name: "markdown front matter without policy keys", file: "notes/a.md",
		data: "---\ntitle: 笔记\nchannels: all\n---\n正文。\n", kind: KindDoc, sections: 1, title: "笔记"},
	{name: "text", file: "a.txt", data: "第一段。\n还是第一段。\n\n第二段.\n", kind: KindDoc, sections: 2, contains: "第二段."},
	{name: "html", file: "p.html",
		data: "<html><head><title>页</title><style>x{}</style><script>var a=1</script></head><body><h1>标题</h1><p>正文<b>加粗</b>。</p><ul><li>一</li><li>二</li></ul><h2>子</h2><table><tr><td>a</td><td>b</td></tr></table></body></html>",
		kind: KindDoc, sections: 2, title: "页", contains: "- 一"},
	{name: "generic csv", file: "t.csv", data: "城市,电话\n上海,021-1\n", kind: KindDoc, sections: 1, contains: "城市：上海"},
	{name: "generic jsonl", file: "d.jsonl", data: `{"id": "a", "title": "T", "text": "hello world."}`, kind: KindDoc, sections: 1, contains: "hello"},
	{name: "utf8 bom csv", file: "faq.csv", data: "\ufeffid,question,answer\nF1,问,答\n", kind: KindFAQ, faqs: 1},
}

func TestParseFormats(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(Input{Name: tc.file, Data: []byte(tc.data)})
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.file, err)
			}
			if doc.Kind != tc.kind || len(doc.Products) != tc.products || len(doc.FAQs) != tc.faqs || len(doc.Sections) != tc.sections {
				t.Fatalf("Parse(%q) = kind %s, %d products, %d faqs, %d sections %+v; want %s, %d, %d, %d",
					tc.file, doc.Kind, len(doc.Products), len(doc.FAQs), len(doc.Sections), doc.Sections, tc.kind, tc.products, tc.faqs, tc.sections)
			}
			if tc.title != "" && doc.Title != tc.title {
				t.Errorf("title = %q, want %q", doc.Title, tc.title)
			}
			if tc.contains != "" {
				found := false
				for _, s := range doc.Sections {
					found = found || strings.Contains(s.Text, tc.contains)
				}
				if !found {
					t.Errorf("no section contains %q: %+v", tc.contains, doc.Sections)
				}
			}
		})
	}
}

// TestNegativeNumber: a negative number is a number in ingest as it is in
// curation and corrections (kg.ParseNumber is the one rule).
func TestNegativeNumber(t *testing.T) {
	doc, err := Parse(Input{Name: "products.jsonl", Data: []byte(`{"id": "P-1", "name": "a", "price_cny": "-5", "attributes": {"k": -2.50}}`)})
	if err != nil {
		t.Fatalf("Parse = %v, want a negative number accepted", err)
	}
	if p := doc.Products[0]; p.PriceCNY != "-5" || len(p.Attributes) != 1 || p.Attributes[0].Value != "-2.5" {
		t.Errorf("product = %+v, want price -5 and k -2.5", p)
	}
}

func TestProductFields(t *testing.T) {
	doc, err := Parse(Input{Name: "products.jsonl", Data: []byte(parseCases[0].data)})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Products[0]
	if p.PriceCNY != "259" || p.Series != "水光系列" || p.Launched != "2023-03-01" || p.Discontinued != "" ||
		strings.Join(p.Channels, ",") != "tmall,douyin" || len(p.Related) != 1 || p.Related[0].Type != "refill_of" {
		t.Errorf("product = %+v", p)
	}
	if len(p.Attributes) != 2 || p.Attributes[0].Key != "净含量" || p.Attributes[1].Key != "系列" {
		t.Errorf("attributes (in source order) = %+v", p.Attributes)
	}
	if q := doc.Products[1]; q.PriceCNY != "19.9" || q.Channels != nil {
		t.Errorf("second product = %+v (want price 19.9, all channels)", q)
	}
	pol, err := Parse(Input{Name: "policies/returns.md", Data: []byte(parseCases[5].data)})
	if err != nil {
		t.Fatal(err)
	}
	if x := pol.Policy; x.ID != "r-2025" || x.EffectiveFrom != "2025-07-01" || x.EffectiveTo != "" ||
		strings.Join(x.Channels, ",") != "douyin" || strings.Join(x.AppliesTo, ",") != "精华" || strings.Join(x.Supersedes, ",") != "r-2024" {
		t.Errorf("policy = %+v", x)
	}
	if hp := pol.Sections[1].HeadingPath; strings.Join(hp, "/") != "退货政策/一、无理由" {
		t.Errorf("heading path = %v", hp)
	}
}

func TestEncodings(t *testing.T) {
	csv := "id,question,answer,tags\nF1,可以开发票吗？,可以，在订单页申请电子发票。,发票|售后\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, declared, wantEnc string
		data                    []byte
	}{
		{"gbk detected", "", "gb18030", []byte(gbk)},
		{"gbk declared", "gbk", "gbk", []byte(gbk)},
		{"gb18030 declared", "GB18030", "gb18030", []byte(gbk)},
		{"utf-8", "", "utf-8", []byte(csv)},
		{"utf-8 bom", "", "utf-8", append([]byte{0xEF, 0xBB, 0xBF}, csv...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(Input{Name: "faq.csv", Data: tc.data, Encoding: tc.declared})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Encoding != tc.wantEnc || len(doc.FAQs) != 1 || doc.FAQs[0].Question != "可以开发票吗？" {
				t.Errorf("Parse = encoding %s, faqs %+v; want %s and the question decoded", doc.Encoding, doc.FAQs, tc.wantEnc)
			}
		})
	}
	// UTF-8 declared for GBK bytes: refused with the line.
	_, err = Parse(Input{Name: "faq.csv", Data: []byte(gbk), Encoding: "utf-8"})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("GBK declared as UTF-8: %v, want an unsupported-encoding error at line 2", err)
	}
}

type badCase struct {
	name, file, data string
	want             string // substring of the error
	unsupported      bool
}

var badCases = []badCase{
	{"json syntax", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1}` + "\n" + `{"id": "P-2", "name": `, "products.jsonl:2: invalid JSON", false},
	{"price not a number", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": "abc"}`, `products.jsonl:1: price_cny: "abc" is not a number`, false},
	{"unknown channel name", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1, "channels": ["火星商城"]}`, `products.jsonl:1: channels: unknown channel "火星商城"`, false},
	{"malformed channel code", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1, "channels": ["my shop!"]}`, `products.jsonl:1: channels: unknown channel "my shop!"`, false},
	{"price not finite", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": "NaN"}`, `products.jsonl:1: price_cny: "NaN" is not a number`, false},
	{"price infinite", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": "Infinity元"}`, `products.jsonl:1: price_cny: "Infinity" is not a number`, false},
	{"price hex", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": "0x1p4"}`, `products.jsonl:1: price_cny: "0x1p4" is not a number`, false},
	{"price underscores", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": "1_000"}`, `products.jsonl:1: price_cny: "1_000" is not a number`, false},
	{"nested number out of range", "products.jsonl", `{"id": "P-1", "name": "a", "attributes": {"k": 1e999}}`, `"1e999" is not a number`, false},
	{"bad date", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1, "launched": "2024-02-30"}`, `products.jsonl:1: launched: "2024-02-30" is not a date`, false},
	{"unknown related type", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1, "related": [{"type": "cousin_of", "id": "P-2"}]}`, `related[0]: type "cousin_of" is unknown`, false},
	{"duplicate id", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1}` + "\n" + `{"id": "P-1", "name": "b", "price_cny": 1}`, `products.jsonl:2: id "P-1" is used twice (first at line 1)`, false},
	{"missing name", "products.jsonl", `{"id": "P-1", "price_cny": 1, "category": "x"}`, "products.jsonl:1: name is missing", false},
	{"csv field count", "faq.csv", "id,question,answer\nF1,q,a\nF2,q,a,extra\n", "faq.csv:3: 4 fields, the header has 3", false},
	{"csv bad quote", "faq.csv", "id,question,answer\nF1,\"q,a\n", "faq.csv:2:", false},
	{"csv empty answer", "faq.csv", "id,question,answer\nF1,q,\n", "faq.csv:2: answer is empty", false},
	{"front matter yaml", "policies/p.md", "---\nid: p\ntitle: [unclosed\n---\n# T\n", "policies/p.md:3: front matter", false},
	{"front matter unclosed", "policies/p.md", "---\nid: p\n", "policies/p.md:1: front matter starts with --- but has no closing --- line", false},
	{"policy bad date", "policies/p.md", "---\nid: p\ntitle: T\neffective_from: 2025-13-01\n---\n", `policies/p.md:4: effective_from: "2025-13-01" is not a date`, false},
	{"policy dates reversed", "policies/p.md", "---\nid: p\ntitle: T\neffective_from: 2025-02-01\neffective_to: 2025-01-01\n---\n", "policies/p.md:5: effective_to 2025-01-01 is before effective_from 2025-02-01", false},
	{"policy without id", "policies/p.md", "---\ntitle: T\nsupersedes: q\n---\n", "policies/p.md:1: front matter: id is missing", false},
	{"policy bad channel", "policies/p.md", "---\nid: p\ntitle: T\nchannels: [月球店]\n---\n", `policies/p.md:4: channels: unknown channel "月球店"`, false},
	{"binary", "a.txt", "abc\x00def", "a.txt: looks like a binary file", true},
	{"pdf", "a.md", "%PDF-1.7 ...", "looks like a PDF document", true},
	{"unknown format", "a.docx", "hello", `a.docx: unknown format ".docx"`, true},
	{"not gb18030 either", "a.txt", "abc\xff\xff def", "", true},
}

func TestBadInput(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(Input{Name: tc.file, Data: []byte(tc.data)})
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error containing %q", tc.name, tc.want)
			}
			if tc.unsupported != errors.Is(err, ErrUnsupported) || !tc.unsupported && !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse error %v: unsupported=%v, want %v", err, errors.Is(err, ErrUnsupported), tc.unsupported)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestOversized(t *testing.T) {
	_, err := Parse(Input{Name: "a.txt", Data: make([]byte, 100), MaxBytes: 10})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "over the 10-byte limit") {
		t.Errorf("oversized: %v", err)
	}
}

func TestSkipBad(t *testing.T) {
	data := `{"id": "P-1", "name": "a", "price_cny": 1}` + "\n" + `{"id": "P-2", "name": ` + "\n" + `{"id": "P-3", "name": "c", "price_cny": "x"}` + "\n" + `{"id": "P-4", "name": "d", "price_cny": 4}`
	doc, err := Parse(Input{Name: "products.jsonl", Data: []byte(data), SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Products) != 2 || len(doc.Skipped) != 2 || !strings.Contains(doc.Skipped[0].Error(), "products.jsonl:2:") {
		t.Errorf("SkipBad: %d products, skipped %v", len(doc.Products), doc.Skipped)
	}
	// Without SkipBad every bad line is reported.
	_, err = Parse(Input{Name: "products.jsonl", Data: []byte(data)})
	if err == nil || !strings.Contains(err.Error(), "products.jsonl:2:") || !strings.Contains(err.Error(), "products.jsonl:3:") {
		t.Errorf("without SkipBad: %v", err)
	}
}

// FuzzParse checks that no input makes a parser panic, and that errors
// are the package's.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.file, []byte(tc.data))
	}
	for _, tc := range badCases {
		f.Add(tc.file, []byte(tc.data))
	}
	for _, line := range catalogShapes {
		f.Add("products.jsonl", []byte(line))
	}
	for _, tc := range shapeErrors {
		if len(tc.data) < 2000 {
			f.Add(tc.file, []byte(tc.data))
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		for _, ext := range []string{".md", ".csv", ".jsonl", ".json", ".html", ".txt"} {
			doc, err := Parse(Input{Name: "f" + ext, Data: data})
			if err != nil {
				if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
					t.Fatalf("Parse(%q) error %v is neither ErrInvalid nor ErrUnsupported", ext, err)
				}
				continue
			}
			if doc.Kind == "" {
				t.Fatalf("Parse(%q): no kind", ext)
			}
		}
	})
}
