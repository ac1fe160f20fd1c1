package answer

import (
	"strings"
	"testing"
)

// TestVerifyClaims covers what verification checks beyond TestVerify:
// dates, percentages, durations and decimals must occur in the evidence the
// sentence cites (not in other evidence), and markers must name evidence.
func TestVerifyClaims(t *testing.T) {
	evs := []piece{
		ev("[1]", "fact", "LJ-1013", "澜肌A醇紧致晚霜替换装的视黄醇浓度：0.1%"),
		ev("[2]", "chunk", "returns-2025#0", "本政策自2025-07-01起生效。签收后30天内，商品出现破损、漏液等质量问题，可申请退货或换货。"),
		ev("[3]", "chunk", "shipping#0", "现货订单付款后48小时内发货。普通地区单笔实付满99元包邮，未满99元收取运费8元。"),
		ev("[4]", "fact", "LJ-1025", "LANJI Clear Sunscreen Fluid: price is 159 CNY (159元)"),
		ev("[5]", "chunk", "double11#0", "双十一活动自2025年10月20日开始，11月11日结束。"),
	}
	cases := []struct {
		name      string
		sentence  string
		supported bool
		problem   string
	}{
		{"percentage", "晚霜替换装的视黄醇浓度是0.1%。[1]", true, ""},
		{"wrong percentage", "晚霜替换装的视黄醇浓度是0.3%。[1]", false, "0.3%"},
		{"date", "2025-07-01起生效，质量问题签收后30天内可退换。[2]", true, ""},
		{"wrong date", "2025-06-01起生效，质量问题签收后30天内可退换。[2]", false, "2025-06-01"},
		{"date with day and month swapped", "本政策自2025-01-07起生效。[2]", false, "2025-01-07"},
		{"Chinese date", "双十一活动自10月20日开始，11月11日结束。[5]", true, ""},
		{"Chinese date swapped", "双十一活动自11月20日开始。[5]", false, "11月20日"},
		{"number inside a longer number", "质量问题签收后3天内可退换。[2]", false, "number 3 "},
		{"number inside a decimal", "晚霜替换装的视黄醇浓度是1%。[1]", false, "1%"},
		{"duration", "现货订单付款后48小时内发货。[3]", true, ""},
		{"wrong duration", "现货订单付款后24小时内发货。[3]", false, "24"},
		{"number from uncited evidence", "质量问题签收后48天内可退换。[2]", false, "48"},
		{"two markers share the numbers", "满99元包邮，质量问题30天内可退换。[2][3]", true, ""},
		{"price with a decimal", "运费是8.5元。[3]", false, "8.5"},
		{"English", "The Clear Sunscreen Fluid's price is 159 CNY.[4]", true, ""},
		{"English wrong price", "The Clear Sunscreen Fluid's price is 99 CNY.[4]", false, "99"},
		{"marker of missing evidence", "现货订单付款后48小时内发货。[9]", false, "does not exist"},
		{"no marker", "现货订单付款后48小时内发货。", false, "no citation"},
		{"words not in the evidence", "下单即送价值199元的大礼包和终身会员资格。[3]", false, "199"},
		{"promise not in the evidence", "我们保证为您全额退款并额外补偿现金红包。[2]", false, "terms"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, checks := verify(tc.sentence, evs)
			if len(checks) != 1 {
				t.Fatalf("verify(%q) checked %d sentences, want 1: %+v", tc.sentence, len(checks), checks)
			}
			c := checks[0]
			if c.Supported != tc.supported || !strings.Contains(c.Problem, tc.problem) {
				t.Errorf("verify(%q) = supported %v problem %q, want %v %q", tc.sentence, c.Supported, c.Problem, tc.supported, tc.problem)
			}
			if want := map[bool]string{true: tc.sentence, false: ""}[tc.supported]; got != want {
				t.Errorf("verify(%q) kept %q, want %q", tc.sentence, got, want)
			}
		})
	}
}

// An English answer quoting Chinese text keeps the spaces between its
// sentences; Chinese sentences join without one.
func TestJoinSentences(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"Price is 79 CNY.[1]", "商品：清泉Pro，保修期：整机3年.[2]", "Leak Guard fits it.[3]"}, "Price is 79 CNY.[1] 商品：清泉Pro，保修期：整机3年.[2] Leak Guard fits it.[3]"},
		{[]string{"续航：约90分钟。[1]", "充电时间：约1小时。[2]"}, "续航：约90分钟。[1]充电时间：约1小时。[2]"},
		{[]string{"One.[1]"}, "One.[1]"},
	} {
		if got := joinSentences(c.in); got != c.want {
			t.Errorf("joinSentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
