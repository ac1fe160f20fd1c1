package feedback

import "testing"

func TestSpreads(t *testing.T) {
	tests := []struct {
		old, new string
		want     bool
	}{
		{"单笔实付满99元包邮", "单笔实付满109元包邮", true},
		{"满99元包邮", "满109元包邮", true},
		{"订单完成后180天内可申请补开发票", "订单完成后365天内可申请补开发票", true},
		{"99元", "109元", false},            // a bare amount: a price, a fee or a threshold elsewhere
		{"180天", "365天", false},           // a bare duration
		{"「我的-积分」", "「会员中心-积分明细」", false}, // nothing stays but the brackets
		{"free shipping over $99", "free shipping over $109", true},
	}
	for _, tc := range tests {
		if got := spreads(tc.old, tc.new); got != tc.want {
			t.Errorf("spreads(%q, %q) = %v, want %v", tc.old, tc.new, got, tc.want)
		}
	}
}

func TestReplaceValue(t *testing.T) {
	tests := []struct{ text, old, new, want string }{
		{"满99元包邮；满199元包邮", "99元包邮", "109元包邮", "满109元包邮；满199元包邮"},
		{"a 99 b 99", "99", "109", "a 109 b 109"},
		{"1.99 and 99.5", "99", "109", "1.99 and 99.5"},
		{"none", "99", "109", "none"},
	}
	for _, tc := range tests {
		if got := replaceValue(tc.text, tc.old, tc.new); got != tc.want {
			t.Errorf("replaceValue(%q, %q, %q) = %q, want %q", tc.text, tc.old, tc.new, got, tc.want)
		}
	}
}
