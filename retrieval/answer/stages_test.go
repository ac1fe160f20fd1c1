package answer

import (
	"testing"
	"time"

	"kgrag/kg"
)

func TestHoldsAt(t *testing.T) {
	at := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		s    string
		want bool
	}{
		{"质量问题退换货：2025-07-01及之后下单的订单为签收后30天内", false},
		{"自2025-04-01起，积分有效期为24个月", true},
		{"自2025年7月1日起，积分有效期为18个月", false},
		{"2025-07-01前已获得的积分，有效期延长为18个月", true},
		{"签收后15天内可申请退换", true},
		{"2025-04-01前签约、仍在合同期内的，押金30000元", false},
		{"2025-07-01前签约、仍在合同期内的，押金30000元", true},
		{"未在2025-06-01前付款尾款视为放弃", true},
	}
	for _, tc := range cases {
		if got := holdsAt(tc.s, at); got != tc.want {
			t.Errorf("holdsAt(%q, %s) = %v, want %v", tc.s, at.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestArabicNumerals(t *testing.T) {
	for in, want := range map[string]string{"双十一": "双11", "六一八": "618", "二十天": "20天", "十二月": "12月", "退货": "退货"} {
		if got := arabicNumerals(in); got != want {
			t.Errorf("arabicNumerals(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasNumberUnitEnds(t *testing.T) {
	src := "旺季4月1日-10月31日8:00-17:00"
	for n, want := range map[string]bool{"10月31日": true, "4月1日": true, "8:00": true, "0": false, "7": false} {
		if got := hasNumber(src, n); got != want {
			t.Errorf("hasNumber(%q, %q) = %v, want %v", src, n, got, want)
		}
	}
}

func TestCodeShape(t *testing.T) {
	for in, want := range map[string]string{"BW-5201": "AA-9999", "BW3A250602": "AA9A999999", "M2": "A9"} {
		if got := codeShape(in); got != want {
			t.Errorf("codeShape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMeasuredBy(t *testing.T) {
	num := func(f float64) *float64 { return &f }
	byName := func(n string) *measure {
		for i := range measures {
			if measures[i].name == n {
				return &measures[i]
			}
		}
		t.Fatalf("no measure %q", n)
		return nil
	}
	cases := []struct {
		a       kg.Attribute
		measure string
		want    bool
	}{
		{kg.Attribute{Key: "重量", Value: "6.2kg", Num: num(6.2), Unit: "kg"}, "mass", true},
		{kg.Attribute{Key: "折叠尺寸", Value: "50×44×22cm"}, "length", true},
		{kg.Attribute{Key: "续航", Value: "满电约可使用4次（每次约15分钟）"}, "times", true},
		{kg.Attribute{Key: "保质期", Value: "18个月", Num: num(18), Unit: "个月"}, "count", false},
		{kg.Attribute{Key: "乳铁蛋白含量", Value: "50mg/100g"}, "length", false},
	}
	for _, tc := range cases {
		if got := byName(tc.measure).measuredBy(tc.a); got != tc.want {
			t.Errorf("%s.measuredBy(%s %q) = %v, want %v", tc.measure, tc.a.Key, tc.a.Value, got, tc.want)
		}
	}
}

// TestAttrsFor: what a question asks is found by the entity's own keys,
// units and concepts — no word list names them.
func TestAttrsFor(t *testing.T) {
	num := func(f float64) *float64 { return &f }
	ent := &kg.Entity{ID: "P1", Type: "Product", Name: "轻旅推车", Attributes: []kg.Attribute{
		{Key: "price_cny", Kind: kg.KindNumber, Value: "1499", Num: num(1499)},
		{Key: "重量", Value: "6.2kg", Num: num(6.2), Unit: "kg"},
		{Key: "最大承重", Value: "22kg", Num: num(22), Unit: "kg"},
		{Key: "折叠尺寸", Value: "50×44×22cm"},
		{Key: "保修期", Value: "车架2年"},
		{Key: "功率", Value: "1800W", Num: num(1800), Unit: "W"},
	}}
	lex := &kg.Lexicon{Attributes: []kg.LexAttribute{{Key: "重量"}, {Key: "最大承重"}, {Key: "折叠尺寸"}, {Key: "保修期"}, {Key: "功率"}}}
	cases := []struct {
		q    string
		want []string
	}{
		{"收起来多大 多重", []string{"重量", "折叠尺寸"}},
		{"保修几年", []string{"保修期"}},
		{"功率多大", []string{"功率"}},
		{"多少钱", []string{"price_cny"}},
		{"最大承重多少", []string{"最大承重"}},
	}
	for _, tc := range cases {
		nq := Normalize(tc.q)
		u := understand(nq)
		tt := &turn{nq: nq, u: u, masked: joinUnits(textUnits(nq)), lex: lex}
		tt.plan = &tt.u.plan
		tt.keys, tt.keySpans = askedKeys(tt.masked, nq, lex)
		var got []string
		for _, p := range tt.attrsFor(ent) {
			got = append(got, p.attr.Key)
		}
		if !sameSet(got, tc.want) {
			t.Errorf("attrsFor(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestCNNumber(t *testing.T) {
	for in, want := range map[string]int{"一百": 100, "两千五": 2500, "三百五十": 350, "一万二千": 12000, "两百": 200, "一千零五": 1005, "十五万": 150000} {
		if got, ok := cnNumber(in); !ok || got != want {
			t.Errorf("cnNumber(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"百", "一二百"} {
		if got, ok := cnNumber(bad); ok {
			t.Errorf("cnNumber(%q) = %d, want no numeral", bad, got)
		}
	}
	if got := Normalize("积分一百个能抵多少钱 双十一"); got != "积分100个能抵多少钱 双十一" {
		t.Errorf("Normalize = %q", got)
	}
}
