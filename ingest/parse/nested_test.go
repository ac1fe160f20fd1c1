package parse

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"kgrag/kg"
)

// catalogShapes are product records with nested objects and lists of
// objects; they also seed FuzzParse.
var catalogShapes = []string{
	`{"id": "BW-5002", "name": "贝窝轻旅推车2代", "name_en": "BEIWO Travel Stroller 2", "category": "婴儿推车", "price_cny": 1499, "channels": ["tmall", "suning"], ` +
		`"attributes": {"净含量": "30ml", "保修期": "2年", "冲泡建议": {"水温": "40-50℃", "比例": {"奶粉": "4.5g"}}}, ` +
		`"specs": {"吸力": "8000Pa", "容量": "4.5L", "噪音": "≤32dB", "适用年龄": "0-6月龄", "靠背角度": "100°-175°（可平躺）", "折叠尺寸": "50×44×22cm", "保修期": "3年", "配件": ["雨罩", "杯架"], "档位": 9}, ` +
		`"variants": [{"sku": "BW-5002-BL", "color": "雾霾蓝", "price_cny": 1499}, {"sku": "BW-5002-OA", "color": "燕麦米", "price_cny": "¥1,599"}]}`,
	`{"id": "BW-3001", "name": "贝窝云柔纸尿裤", "price_cny": 139, "specs": {"夜间吸收": "约12小时"}, "variants": [` +
		`{"size": "M", "weight_range": "6-11kg", "count": 62, "price_cny": 139}, {"size": "L", "weight_range": "9-14kg", "count": 52, "price_cny": 139, "channels": ["douyin"]}]}`,
}

func parseShape(t *testing.T, line string) Product {
	t.Helper()
	doc, err := Parse(Input{Name: "products.jsonl", Data: []byte(line)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(doc.Products) != 1 {
		t.Fatalf("Parse: %d products, want 1", len(doc.Products))
	}
	return doc.Products[0]
}

func attrByKey(as []kg.Attribute, key string) (kg.Attribute, bool) {
	for _, a := range as {
		if a.Key == key {
			return a, true
		}
	}
	return kg.Attribute{}, false
}

func showNum(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

func TestNestedAttributes(t *testing.T) {
	p := parseShape(t, catalogShapes[0])
	cases := []struct {
		key, path, kind, text, num, max, unit string
	}{
		{"净含量", "", "STRING", "30ml", "30", "-", "ml"}, // a flat value gets its measure too
		{"保修期", "", "STRING", "2年", "2", "-", "年"},
		{"水温", "冲泡建议.水温", "STRING", "40-50℃", "40", "50", "℃"},
		{"奶粉", "冲泡建议.比例.奶粉", "STRING", "4.5g", "4.5", "-", "g"},
		{"吸力", "specs.吸力", "STRING", "8000Pa", "8000", "-", "Pa"},
		{"容量", "specs.容量", "STRING", "4.5L", "4.5", "-", "L"},
		{"噪音", "specs.噪音", "STRING", "≤32dB", "32", "-", "dB"},
		{"适用年龄", "specs.适用年龄", "STRING", "0-6月龄", "0", "6", "月龄"},
		{"靠背角度", "specs.靠背角度", "STRING", "100°-175°（可平躺）", "100", "175", "°"},
		{"折叠尺寸", "specs.折叠尺寸", "STRING", "50×44×22cm", "-", "-", ""},
		{"配件", "specs.配件", "LIST", "雨罩、杯架", "-", "-", ""},
		{"档位", "specs.档位", "NUMBER", "9", "9", "-", ""},
		// specs.保修期 meets the flat 保修期: it keeps its value under its path.
		{"specs.保修期", "specs.保修期", "STRING", "3年", "3", "-", "年"},
	}
	for _, tc := range cases {
		a, ok := attrByKey(p.Attributes, tc.key)
		if !ok {
			t.Errorf("no attribute %q in %+v", tc.key, p.Attributes)
			continue
		}
		if a.Path != tc.path || string(a.Kind) != tc.kind || a.Text() != tc.text || showNum(a.Num) != tc.num || showNum(a.Max) != tc.max || a.Unit != tc.unit {
			t.Errorf("attribute %q = path %q %s %q num %s max %s unit %q; want path %q %s %q num %s max %s unit %q", tc.key,
				a.Path, a.Kind, a.Text(), showNum(a.Num), showNum(a.Max), a.Unit, tc.path, tc.kind, tc.text, tc.num, tc.max, tc.unit)
		}
	}
	if len(p.Attributes) != len(cases) {
		t.Errorf("%d attributes, want %d: %+v", len(p.Attributes), len(cases), p.Attributes)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "attributes.保修期") || !strings.Contains(p.Warnings[0], "specs.保修期") {
		t.Errorf("warnings = %q, want one naming attributes.保修期 and specs.保修期", p.Warnings)
	}
	// An unknown channel code is a channel.
	if strings.Join(p.Channels, ",") != "tmall,suning" {
		t.Errorf("channels = %v", p.Channels)
	}
}

func TestVariants(t *testing.T) {
	p := parseShape(t, catalogShapes[0])
	if len(p.Variants) != 2 {
		t.Fatalf("variants = %+v", p.Variants)
	}
	v := p.Variants[1]
	if v.ID != "BW-5002-OA" || v.Name != "贝窝轻旅推车2代 燕麦米" || v.NameEN != "BEIWO Travel Stroller 2 燕麦米" || v.List != "variants" || v.Index != 1 {
		t.Errorf("variant = %+v", v)
	}
	price, _ := attrByKey(v.Attributes, "price_cny")
	color, _ := attrByKey(v.Attributes, "color")
	if price.Kind != kg.KindNumber || price.Value != "1599" || showNum(price.Num) != "1599" || price.Path != "variants.price_cny" {
		t.Errorf("price = %+v", price)
	}
	if color.Value != "燕麦米" || color.Path != "variants.color" || len(v.Attributes) != 2 {
		t.Errorf("attributes = %+v", v.Attributes)
	}

	q := parseShape(t, catalogShapes[1])
	if len(q.Variants) != 2 {
		t.Fatalf("variants = %+v", q.Variants)
	}
	m, l := q.Variants[0], q.Variants[1]
	if m.ID != "BW-3001/1" || l.ID != "BW-3001/2" || m.Name != "贝窝云柔纸尿裤 M" || l.Name != "贝窝云柔纸尿裤 L" {
		t.Errorf("variants without sku = %q %q, %q %q", m.ID, m.Name, l.ID, l.Name)
	}
	count, _ := attrByKey(m.Attributes, "count")
	weight, _ := attrByKey(m.Attributes, "weight_range")
	if count.Kind != kg.KindNumber || showNum(count.Num) != "62" || weight.Unit != "kg" || showNum(weight.Num) != "6" || showNum(weight.Max) != "11" {
		t.Errorf("count %+v, weight %+v", count, weight)
	}
	if m.Channels != nil || strings.Join(l.Channels, ",") != "douyin" {
		t.Errorf("channels = %v, %v; want nil (the product's) and douyin", m.Channels, l.Channels)
	}
	if a, ok := attrByKey(q.Attributes, "夜间吸收"); !ok || a.Path != "specs.夜间吸收" || showNum(a.Num) != "12" {
		t.Errorf("the product keeps its specs: %+v", q.Attributes)
	}
}

func TestVariantNames(t *testing.T) {
	cases := []struct {
		name, variants string
		want           []string
	}{
		{"first differing field", `[{"sku": "A-1", "net_weight": "400g", "price_cny": 168}, {"sku": "A-2", "net_weight": "800g", "price_cny": 298}]`, []string{"P 400g", "P 800g"}},
		{"two fields when one repeats", `[{"sku": "A-1", "size": "M", "color": "红"}, {"sku": "A-2", "size": "M", "color": "蓝"}, {"sku": "A-3", "size": "L", "color": "红"}]`, []string{"P M 红", "P M 蓝", "P L 红"}},
		{"a lone variant", `[{"sku": "A-1", "size": "M"}]`, []string{"P M"}},
		{"only a price", `[{"sku": "A-1", "price_cny": 1}, {"sku": "A-2", "price_cny": 2}]`, []string{"P A-1", "P A-2"}},
		{"own names", `[{"sku": "A-1", "name": "P 旅行装"}, {"sku": "A-2", "name": "家庭装"}]`, []string{"P 旅行装", "P 家庭装"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := parseShape(t, `{"id": "P-1", "name": "P", "price_cny": 1, "variants": `+tc.variants+`}`)
			var got []string
			for _, v := range p.Variants {
				got = append(got, v.Name)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("names = %q, want %q", got, tc.want)
			}
		})
	}
}

func deep(levels int) string {
	s := `"x"`
	for i := 0; i < levels; i++ {
		s = fmt.Sprintf(`{"k%d": %s}`, levels-i, s)
	}
	return s
}

func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"k%d": "v"`, i)
	}
	b.WriteString("}")
	return b.String()
}

func manyItems(n int, item string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = strings.ReplaceAll(item, "#", fmt.Sprint(i))
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// shapeErrors are catalogs that break the shape rules; every error names
// the path. They also seed FuzzParse.
var shapeErrors = []badCase{
	{"variant price not a number", "products.jsonl", `{"id": "P-1", "name": "a", "price_cny": 1}` + "\n" + `{"id": "P-2", "name": "b", "price_cny": 1}` + "\n" +
		`{"id": "P-3", "name": "c", "price_cny": 1, "variants": [{"sku": "S-1"}, {"sku": "S-2"}, {"sku": "S-3", "price_cny": "abc"}]}`,
		`products.jsonl:3: variants[2].price_cny: "abc" is not a number`, false},
	{"duplicate sku in the file", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "S-1"}]}` + "\n" + `{"id": "P-2", "name": "b", "variants": [{"sku": "S-2"}, {"sku": "S-1"}]}`,
		`products.jsonl:2: variants[1]: sku "S-1" is used twice (first at line 1)`, false},
	{"duplicate sku in a product", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "S-1"}, {"sku": "S-1"}]}`,
		`products.jsonl:1: variants[1]: sku "S-1" is used twice (first at variants[0])`, false},
	{"sku is the product id", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "P-1"}]}`,
		`products.jsonl:1: variants[0]: sku "P-1" is the product's own id`, false},
	{"sku a product id", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "P-2"}]}` + "\n" + `{"id": "P-2", "name": "b"}`,
		`products.jsonl:2: id "P-2" is used twice (first at line 1)`, false},
	{"bad sku", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "S 1"}]}`, `products.jsonl:1: variants[0].sku "S 1" is not a valid id`, false},
	{"bad variant value", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "S-1", "size": [["M"], {"a": [[[[[["x"]]]]]]}]}]}`, `variants[0].size[1]`, false},
	{"too deep", "products.jsonl", `{"id": "P-1", "name": "a", "specs": ` + deep(5) + `}`, `products.jsonl:1: specs.k1.k2.k3.k4: nested more than 4 levels deep`, false},
	{"too deep in attributes", "products.jsonl", `{"id": "P-1", "name": "a", "attributes": ` + deep(5) + `}`, `products.jsonl:1: attributes.k1.k2.k3.k4: nested more than 4 levels deep`, false},
	{"too many keys", "products.jsonl", `{"id": "P-1", "name": "a", "specs": {"inner": ` + manyKeys(MaxKeys+1) + `}}`, `products.jsonl:1: specs.inner: 201 keys; the limit is 200`, false},
	{"too many attributes", "products.jsonl", `{"id": "P-1", "name": "a", "specs": {"a": ` + manyKeys(150) + `, "b": ` + manyKeys(150) + `}}`, `attributes (nested ones flattened); the limit is 200`, false},
	{"list too long", "products.jsonl", `{"id": "P-1", "name": "a", "specs": {"配件": ` + manyItems(kg.MaxListItems+1, `"x#"`) + `}}`, `products.jsonl:1: specs.配件: 201 items; the limit is 200`, false},
	{"too many variants", "products.jsonl", `{"id": "P-1", "name": "a", "variants": ` + manyItems(MaxVariants+1, `{"sku": "S-#"}`) + `}`, `products.jsonl:1: variants: 501 items; the limit is 500`, false},
	{"mixed list", "products.jsonl", `{"id": "P-1", "name": "a", "variants": [{"sku": "S-1"}, "S-2"]}`, `products.jsonl:1: variants: a list of objects and other values`, false},
	{"repeated nested key", "products.jsonl", `{"id": "P-1", "name": "a", "specs": {"吸力": "1Pa", "吸力": "2Pa"}}`, `products.jsonl:1: specs: key "吸力" appears twice`, false},
	{"bad nested key", "products.jsonl", `{"id": "P-1", "name": "a", "specs": {"吸力#max": "1Pa"}}`, `products.jsonl:1: specs.吸力#max: key "吸力#max"`, false},
	{"json too deep", "products.jsonl", `{"id": "P-1", "name": "a", "specs": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, `nested deeper than 64 levels`, false},
}

func TestShapeErrors(t *testing.T) {
	for _, tc := range shapeErrors {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(Input{Name: tc.file, Data: []byte(tc.data)})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v, want ErrInvalid containing %q", err, tc.want)
			}
		})
	}
}
