package kg

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestValidChannel(t *testing.T) {
	good := []string{"tmall", "suning", "jd-home", "shop_2", "a", strings.Repeat("x", 32)}
	bad := []string{"", "Tmall", "天猫", "my shop", "-x", "_x", strings.Repeat("x", 33), "a.b"}
	for _, c := range good {
		if err := ValidChannel(c); err != nil {
			t.Errorf("ValidChannel(%q) = %v, want nil", c, err)
		}
	}
	for _, c := range bad {
		if err := ValidChannel(c); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidChannel(%q) = %v, want ErrInvalid", c, err)
		}
	}
}

func TestChannelTable(t *testing.T) {
	t.Cleanup(func() { SetChannels("") })
	cases := []struct{ in, code string }{
		{"tmall", "tmall"}, {"Tmall", "tmall"}, {"天猫", "tmall"}, {"淘宝", "tmall"}, {"抖音", "douyin"},
		{"小红书", "xiaohongshu"}, {"微信小程序", "wechat"}, {"小程序", "wechat"}, {"官网", "web"}, {"京东", "jd"},
		{"拼多多", "pdd"}, {"Official website", "web"}, {"suning", "suning"}, {"苏宁易购", ""}, {"my shop", ""},
	}
	for _, tc := range cases {
		code, ok := ChannelCode(tc.in)
		if code != tc.code || ok != (tc.code != "") {
			t.Errorf("ChannelCode(%q) = %q, %v; want %q", tc.in, code, ok, tc.code)
		}
	}
	if n := ChannelName("douyin", "zh"); n != "抖音" {
		t.Errorf(`ChannelName("douyin", "zh") = %q`, n)
	}
	if n := ChannelName("douyin", "en"); n != "Douyin" {
		t.Errorf(`ChannelName("douyin", "en") = %q`, n)
	}
	if n := ChannelName("suning", "zh"); n != "suning" {
		t.Errorf(`ChannelName("suning", "zh") = %q, want the code`, n)
	}

	// Configuration adds channels and renames default ones.
	if err := SetChannels("suning=苏宁易购/Suning/苏宁, jdhome=京东家居/JD Home; web=品牌官网"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, code string }{{"苏宁易购", "suning"}, {"苏宁", "suning"}, {"Suning", "suning"},
		{"京东家居", "jdhome"}, {"jd home", "jdhome"}, {"京东", "jd"}, {"品牌官网", "web"}, {"官网", "web"}} {
		if code, _ := ChannelCode(tc.in); code != tc.code {
			t.Errorf("after SetChannels: ChannelCode(%q) = %q, want %q", tc.in, code, tc.code)
		}
	}
	if n := ChannelName("suning", "en"); n != "Suning" {
		t.Errorf(`ChannelName("suning", "en") = %q`, n)
	}
	if n, en := ChannelName("web", "zh"), ChannelName("web", "en"); n != "品牌官网" || en != "Official website" {
		t.Errorf(`ChannelName("web") = %q, %q; want the configured Chinese name and the default English one`, n, en)
	}
	codes := ChannelCodes()
	if codes[0] != "tmall" || !slices.Contains(codes, "suning") || ChannelRank("suning") >= ChannelRank("zzz") || ChannelRank("tmall") != 0 {
		t.Errorf("ChannelCodes() = %v", codes)
	}
	for _, bad := range []string{"Bad Code=x", "nocode", "x=", "x=\x01"} {
		if err := SetChannels(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("SetChannels(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	// A failed configuration leaves the table as it was.
	if code, _ := ChannelCode("苏宁易购"); code != "suning" {
		t.Errorf("after a bad SetChannels: ChannelCode(苏宁易购) = %q", code)
	}
	if err := SetChannels(""); err != nil {
		t.Fatal(err)
	}
	if code, ok := ChannelCode("苏宁易购"); ok {
		t.Errorf("after SetChannels(\"\"): ChannelCode(苏宁易购) = %q, want unknown", code)
	}
}

func TestChannelNameOf(t *testing.T) {
	e := &Entity{ID: "channel:suning", Type: "Channel", Name: "苏宁易购", Aliases: []Alias{{Text: "Suning", Lang: "en"}, {Text: "suning"}}}
	if n := ChannelNameOf(e, "suning", "zh"); n != "苏宁易购" {
		t.Errorf("ChannelNameOf(zh) = %q", n)
	}
	if n := ChannelNameOf(e, "suning", "en"); n != "Suning" {
		t.Errorf("ChannelNameOf(en) = %q", n)
	}
	bare := &Entity{ID: "channel:suning", Type: "Channel", Name: "suning"}
	if n := ChannelNameOf(bare, "suning", "zh"); n != "suning" {
		t.Errorf("ChannelNameOf(bare) = %q", n)
	}
	if n := ChannelNameOf(nil, "tmall", "zh"); n != "天猫" {
		t.Errorf("ChannelNameOf(nil, tmall) = %q", n)
	}
}
