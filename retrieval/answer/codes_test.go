package answer

import "testing"

func TestSerialMatch(t *testing.T) {
	cases := []struct {
		code, sentence string
		want           bool
	}{
		{"AF52504031877", "序列号以AF52504或AF52505开头的属于召回范围", true},
		{"AF52506", "序列号以其他数字开头的AF5（如AF52503、AF52506）不在召回范围内", true},
		{"AF52506", "序列号以AF52504或AF52505开头的属于召回范围", false},
		{"4002250906B", "即批号为4002250901B至4002250910B的产品", true},
		{"4002250911B", "即批号为4002250901B至4002250910B的产品", false},
		{"4002250906A", "即批号为4002250901B至4002250910B的产品", false},
		{"4002250906B", "商品编号SM-4002的夏威夷果", false}, // a short prefix is no rule
		{"BW500124090831", "车架编号以BW5001-2408、BW5001-2409或BW5001-2410开头", true},
		{"BW500124110831", "车架编号以BW5001-2408、BW5001-2409或BW5001-2410开头", false},
	}
	for _, c := range cases {
		if got := serialMatch(c.code, c.sentence); got != c.want {
			t.Errorf("serialMatch(%q, %q) = %v, want %v", c.code, c.sentence, got, c.want)
		}
	}
}

func TestTrimCoined(t *testing.T) {
	segOnce.Do(loadSegmenter)
	if seg == nil {
		t.Fatal("no segmenter")
	}
	terms := contentTerms(fold("生巧要怎么放 开了盒能放几天"))
	for _, w := range terms {
		if w == "生巧要" {
			t.Fatalf("terms %v keep the particle the segmenter glued on", terms)
		}
	}
	if got := trimCoined("面霜"); got != "面霜" {
		t.Errorf("trimCoined(面霜) = %q", got)
	}
}

func TestListAfter(t *testing.T) {
	text := "## 一、无理由退货\n\n1. 自签收次日起7天内可申请无理由退货。\n2. 以下商品一经拆封，不支持无理由退货：\n   1. 贴身衣物；\n   2. 已使用的水壶。\n3. 套装需整套退回。\n"
	got := listAfter(text, "以下商品一经拆封，不支持无理由退货：")
	if len(got) != 2 || got[0] != "1. 贴身衣物；" || got[1] != "2. 已使用的水壶。" {
		t.Errorf("nested list: %q, want its two sub-items only", got)
	}
	table := tableRows("我们在2个城市开设门店：\n\n| 城市 | 地址 |\n|---|---|\n| 晋江 | 世纪大道188号 |\n| 成都 | 东大街166号 |\n\n## 二、营业时间\n")
	got = listAfter(table, "我们在2个城市开设门店：")
	if len(got) != 2 || got[1] != "城市：成都，地址：东大街166号。" {
		t.Errorf("table: %q, want its two rows", got)
	}
	if got := listAfter(text, "1. 自签收次日起7天内可申请无理由退货。"); got != nil {
		t.Errorf("a sentence without a colon introduces %q", got)
	}
}
