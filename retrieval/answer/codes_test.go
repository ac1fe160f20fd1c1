package answer

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
)

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

// "解了", "太慢": a verb with its particle and the customer's judgement
// are no topic a text must cover; "限速" is.
func TestParticleAndJudgementNoTerms(t *testing.T) {
	segOnce.Do(loadSegmenter)
	if seg == nil {
		t.Fatal("no segmenter")
	}
	terms := contentTerms(fold("能不能帮我把限速解了 25太慢了"))
	if !slices.Contains(terms, "限速") || slices.Contains(terms, "解了") || slices.Contains(terms, "太慢") {
		t.Errorf("contentTerms(能不能帮我把限速解了 25太慢了) = %v, want 限速 without 解了 and 太慢", terms)
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

func TestRuleDate(t *testing.T) {
	asOf := time.Date(2025, 4, 5, 12, 0, 0, 0, time.UTC)
	cases := []struct{ q, want string }{
		{"3月20号天猫买的云垫 码数小了 还能换码吗", "2025-03-20"},
		{"我是2024年12月30日下单的 能退吗", "2024-12-30"},
		{"下单时间是3月1日 发票怎么开", "2025-03-01"},
		{"i placed an order on mar 2 during the sale", "2025-03-02"},
		{"12月20号买的 还能退吗", "2024-12-20"}, // no year, after as-of: last year
		{"积分多久过期", "2025-04-05"},
		{"4月5号能到吗", "2025-04-05"},   // a date that is no order date
		{"1.8米的床买哪个", "2025-04-05"}, // a size
		{"1-3个月买一次", "2025-04-05"},  // a span
		{"11.8下单的耳机 能退吗", "2024-11-08"},
		{"2025/3/1买的", "2025-03-01"},
		// A month without its day: its middle.
		{"今年2月买的 保修几年", "2025-02-15"},
		{"去年7月份买的", "2024-07-15"},
		{"3个月买一次", "2025-04-05"}, // a span
		{"ordered a tent on your website on mar 22 during the sale", "2025-03-22"},
		// Enrolled in a class ("报的"), not a price quoted ("报的价").
		{"3月2号报的裱花蛋糕班 上完16课时了 今天想退", "2025-03-02"},
		{"3月2号报的价 现在还算数吗", "2025-04-05"},
		// 下 of 下单 after a date: "下的吸顶灯" (not 下午).
		{"3月20号下的吸顶灯 收到第12天灯不亮了", "2025-03-20"},
		{"2月份下的写真单 想改期", "2025-02-15"},
		{"3月20号下午4点想取消", "2025-04-05"},
		{"3月28号寄的包裹丢了 没保价", "2025-03-28"},
		{"3月28号寄回的 钱什么时候退", "2025-04-05"},
	}
	for _, c := range cases {
		if got := ruleDate(c.q, asOf).Format(time.DateOnly); got != c.want {
			t.Errorf("ruleDate(%q) = %s, want %s", c.q, got, c.want)
		}
	}
	if got := ruleDate("3月20号买的", time.Time{}); !got.IsZero() {
		t.Errorf("ruleDate without an as-of date = %v, want zero", got)
	}
}

func TestNamesOutOfForce(t *testing.T) {
	s := "现行《会员积分规则（2025版）》单笔抵扣不超过订单实付金额的20%。"
	if !namesOutOfForce(s, []string{"会员积分规则（2025版）"}) || namesOutOfForce(s, []string{"会员积分规则（2024版）"}) {
		t.Errorf("namesOutOfForce(%q) reads the wrong title", s)
	}
}

func TestReadSerial(t *testing.T) {
	rule := "1. 生产批号共10位，印于罐底：第1-2位为品牌代码\"BW\"，第3位为段位（1=1段，2=2段，3=3段），第4位为工厂代码，第5-10位为生产日期（YYMMDD）。"
	if got, want := readSerial("BW3A250602", rule), "BW3A250602：第1-2位「BW」为品牌代码，第3位「3」为段位：3段，第4位「A」为工厂代码，第5-10位「250602」为生产日期：2025-06-02。"; got != want {
		t.Errorf("readSerial = %q, want %q", got, want)
	}
	lj := "2. 批号为8位，印于外盒底部及瓶身：第1-2位为品牌代码\"LJ\"，第3-4位为生产年份，第5位字母为生产月份，第6-8位为生产流水号。\n3. 月份字母对照：A=1月、B=2月、K=11月、L=12月。"
	if got := readSerial("LJ24K215", lj); !strings.Contains(got, "「24」为生产年份：2024年") || !strings.Contains(got, "「K」为生产月份：11月") {
		t.Errorf("readSerial(LJ24K215) = %q, want the year 2024 and the month 11月", got)
	}
	if got := readSerial("BW3A2506", rule); got != "" {
		t.Errorf("a number of another length is read: %q", got)
	}
}

// A word only one product's variants add to its name names that variant;
// one several products' variants share names none.
func TestValueVariant(t *testing.T) {
	lex := &kg.Lexicon{Entities: []kg.LexEntity{
		{ID: "P", Type: "Product", Name: "鲸听Pods 3 主动降噪真无线耳机"},
		{ID: "P-BL", Type: "Variant", Name: "鲸听Pods 3 主动降噪真无线耳机 海盐蓝（限定色）", Parent: "P"},
		{ID: "P-WH", Type: "Variant", Name: "鲸听Pods 3 主动降噪真无线耳机 白色", Parent: "P"},
		{ID: "Q", Type: "Product", Name: "鲸听MagGo 充电宝"},
		{ID: "Q-WH", Type: "Variant", Name: "鲸听MagGo 充电宝 白色", Parent: "Q"},
	}}
	tr := &turn{idx: newLexIndex(lex)}
	tr.masked = "海盐蓝那个多少钱"
	if v, p, w := tr.valueVariant(); v != "P-BL" || p != "P" || w != "海盐蓝" {
		t.Errorf("valueVariant(海盐蓝) = %q %q %q, want P-BL P 海盐蓝", v, p, w)
	}
	tr.masked = "白色的多少钱"
	if v, p, _ := tr.valueVariant(); v != "" || p != "" {
		t.Errorf("valueVariant(白色) = %q %q, want none: two products have it", v, p)
	}
}

func TestContainsWholeWord(t *testing.T) {
	for _, c := range []struct {
		q, w string
		want bool
	}{{"what sizes do you have", "s", false}, {"size s please", "s", true}, {"30ml", "3", false}, {"xl码", "xl", true}, {"250g装", "250g", true}} {
		if got := containsWholeWord(c.q, c.w); got != c.want {
			t.Errorf("containsWholeWord(%q, %q) = %v, want %v", c.q, c.w, got, c.want)
		}
	}
}

// "how long does the mountain white tea EDT last": of the names the
// question's words match alike, the one alone whose names say a Latin word
// the question adds (EDT) is linked.
func TestPreferLatinWord(t *testing.T) {
	lex := &kg.Lexicon{Entities: []kg.LexEntity{
		{ID: "C", Type: "Product", Name: "香岑 山岚白茶香薰蜡烛", Aliases: []kg.Alias{{Text: "XIANGCEN Mountain White Tea Scented Candle"}}},
		{ID: "R", Type: "Product", Name: "香岑 山岚白茶藤条香薰", Aliases: []kg.Alias{{Text: "XIANGCEN Mountain White Tea Reed Diffuser"}}},
		{ID: "E", Type: "Product", Name: "香岑 山岚白茶淡香水 EDT", Aliases: []kg.Alias{{Text: "XIANGCEN Mountain White Tea Eau de Toilette"}}},
	}}
	all := []Link{{ID: "C", Matched: 16, start: 3, end: 6}, {ID: "R", Matched: 16, start: 3, end: 6}, {ID: "E", Matched: 16, start: 3, end: 6}}
	tr := &turn{idx: newLexIndex(lex), nq: "how long does the mountain white tea edt last on skin?"}
	if got := preferLatinWord(tr, all, []Link{all[0]}); got[0].ID != "E" {
		t.Errorf("preferLatinWord(…edt…) links %s, want E", got[0].ID)
	}
	tr.nq = "how long does the mountain white tea last?"
	if got := preferLatinWord(tr, all, []Link{all[0]}); got[0].ID != "C" {
		t.Errorf("preferLatinWord(no word of one's own) links %s, want C as found", got[0].ID)
	}
}

func TestClockRange(t *testing.T) {
	for _, c := range []struct {
		q, s string
		want bool
	}{
		{"晚上9点想约人上门", "20:00至次日7:00的夜间上门，每次加收80元", true},
		{"早上6点能上门吗", "20:00至次日7:00的夜间上门，每次加收80元", true},
		{"下午3点能上门吗", "20:00至次日7:00的夜间上门，每次加收80元", false},
		{"下午3点能上门吗", "服务时段8:00-18:00", true},
		{"9点能上门吗", "服务时段8:00-18:00", false},         // no half of the day
		{"约了明早9点 现在晚上10点", "服务时段8:00-18:00", false}, // two times: hours before
		{"can someone come at 9 pm?", "20:00-22:00可预约夜间取件", true},
	} {
		m := clockSaid(c.q)
		if got := m >= 0 && clockRangeHolds(c.s, m); got != c.want {
			t.Errorf("%q in %q: %v, want %v", c.q, c.s, got, c.want)
		}
	}
}

func TestIndexesOf(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   []int
	}{
		{"南京西路南京", "南京", []int{0, 12}},
		{"aaa", "aa", []int{0}},
		{"abc", "x", nil},
		{"abc", "", nil},
	} {
		if got := indexesOf(c.s, c.sub); !slices.Equal(got, c.want) {
			t.Errorf("indexesOf(%q, %q) = %v, want %v", c.s, c.sub, got, c.want)
		}
	}
}
