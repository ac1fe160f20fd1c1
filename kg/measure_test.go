package kg

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

type measureCase struct {
	in   string
	num  string // "" when not a measure
	max  string
	unit string
}

var measureCases = []measureCase{
	{"8000Pa", "8000", "", "Pa"},
	{"4.5L", "4.5", "", "L"},
	{"65N·m", "65", "", "N·m"},
	{"0.8kW·h", "0.8", "", "kW·h"},
	{"≤32dB", "32", "", "dB"},
	{"≥ 99.9%", "99.9", "", "%"},
	{"<5ppm", "5", "", "ppm"},
	{"30ml", "30", "", "ml"},
	{"4.5 L", "4.5", "", "L"},
	{"0-6月龄", "0", "6", "月龄"},
	{"6-11kg", "6", "11", "kg"},
	{"6 - 11 kg", "6", "11", "kg"},
	{"100°-175°", "100", "175", "°"},
	{"100°-175°（可平躺）", "100", "175", "°"},
	{"-20℃~180℃", "-20", "180", "℃"},
	{"40至50℃", "40", "50", "℃"},
	{"3到5天", "3", "5", "天"},
	{"11.2g/100g", "11.2", "", "g/100g"},
	{"2只/盒", "2", "", "只/盒"},
	{"约12小时", "12", "", "小时"},
	{"约0-12个月", "0", "12", "个月"},
	{"15kg以上", "15", "", "kg"},
	{"6个月以上", "6", "", "个月"},
	{"0岁+", "0", "", "岁"},
	{"270g（27g×10条）", "270", "", "g"},
	{"-300mmHg", "-300", "", "mmHg"},
	{"2000mAh", "2000", "", "mAh"},
	{"1,000mAh", "1000", "", "mAh"},
	{"３０ｍｌ", "30", "", "ｍｌ"},
	{"12.9", "12.9", "", ""},
	{"24个月", "24", "", "个月"},
	{"9档", "9", "", "档"},
	{"up to 60 min", "60", "", "min"},
	// Not measures.
	{"50×44×22cm", "", "", ""},
	{"80抽×12包", "", "", ""},
	{"6个月-3岁", "", "", ""},
	{"360°旋转", "", "", ""},
	{"11档高度调节", "", "", ""},
	{"7天无理由退货", "", "", ""},
	{"S号奶嘴（0-3个月）", "", "", ""},
	{"1平勺（约4.5g）配30ml温水", "", "", ""},
	{"ECE R129", "", "", ""},
	{"Type-C", "", "", ""},
	{"2025-04-30", "", "", ""},
	{"400-820-8820", "", "", ""},
	{"12 months warranty", "", "", ""},
	{"M", "", "", ""},
	{"", "", "", ""},
	{"-", "", "", ""},
	{"g/100g", "", "", ""},
	{"5-", "", "", ""},
	{"10-5kg", "", "", ""},
	{"1e400", "", "", ""},
}

func fmtNum(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprint(*f)
}

func TestParseMeasure(t *testing.T) {
	for _, tc := range measureCases {
		t.Run(tc.in, func(t *testing.T) {
			num, max, unit := ParseMeasure(tc.in)
			if fmtNum(num) != tc.num || fmtNum(max) != tc.max || unit != tc.unit {
				t.Errorf("ParseMeasure(%q) = %s, %s, %q; want %s, %s, %q", tc.in, fmtNum(num), fmtNum(max), unit, tc.num, tc.max, tc.unit)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	cases := []struct {
		in             Attribute
		num, max, unit string
	}{
		{Attribute{Key: "price_cny", Kind: KindNumber, Value: "139"}, "139", "", ""},
		{Attribute{Key: "吸力", Kind: KindString, Value: "8000Pa"}, "8000", "", "Pa"},
		{Attribute{Key: "吸力", Kind: KindString, Value: "强劲", Unit: "Pa"}, "", "", ""}, // a new text drops the old unit
		{Attribute{Key: "tags", Kind: KindList, List: []string{"30ml"}}, "", "", ""},
		{Attribute{Key: "count", Kind: KindNumber, Value: "62", Unit: "片"}, "62", "", "片"},
	}
	for _, tc := range cases {
		got := Measure(tc.in)
		if fmtNum(got.Num) != tc.num || fmtNum(got.Max) != tc.max || got.Unit != tc.unit {
			t.Errorf("Measure(%+v) = %s, %s, %q; want %s, %s, %q", tc.in, fmtNum(got.Num), fmtNum(got.Max), got.Unit, tc.num, tc.max, tc.unit)
		}
	}
}

// FuzzParseMeasure checks that no text makes the parser panic, that what
// it finds is finite and ordered, and that the unit is part of the text.
func FuzzParseMeasure(f *testing.F) {
	for _, tc := range measureCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		num, max, unit := ParseMeasure(s)
		if num == nil {
			if max != nil || unit != "" {
				t.Fatalf("ParseMeasure(%q) = nil, %v, %q", s, max, unit)
			}
			return
		}
		if math.IsNaN(*num) || math.IsInf(*num, 0) || max != nil && (math.IsNaN(*max) || math.IsInf(*max, 0) || *max < *num) {
			t.Fatalf("ParseMeasure(%q) = %v, %v", s, *num, fmtNum(max))
		}
		if !strings.Contains(s, unit) {
			t.Fatalf("ParseMeasure(%q): unit %q is not in the text", s, unit)
		}
	})
}
