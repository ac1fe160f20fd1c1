package parse

import (
	"fmt"
	"strings"

	"kgrag/kg"
)

// ChannelNames are the Chinese and English display names of the channel codes.
var ChannelNames = map[string][2]string{
	"tmall":       {"天猫", "Tmall"},
	"douyin":      {"抖音", "Douyin"},
	"xiaohongshu": {"小红书", "Xiaohongshu"},
	"wechat":      {"微信小程序", "WeChat Mini Program"},
	"web":         {"官网", "Official website"},
	"jd":          {"京东", "JD"},
	"pdd":         {"拼多多", "Pinduoduo"},
	"app":         {"App", "App"},
	"offline":     {"线下门店", "Offline stores"},
}

var channelSynonyms = map[string]string{
	"天猫": "tmall", "淘宝": "tmall", "抖音": "douyin", "tiktok": "douyin", "小红书": "xiaohongshu", "red": "xiaohongshu",
	"微信": "wechat", "微信小程序": "wechat", "小程序": "wechat", "官网": "web", "网站": "web", "website": "web",
	"京东": "jd", "拼多多": "pdd", "线下": "offline", "门店": "offline", "线下门店": "offline",
}

// allWords mean "every channel" (or "everything" for applies_to).
var allWords = map[string]bool{"all": true, "*": true, "全部": true, "全渠道": true, "所有": true, "any": true}

// Channel returns the channel code of a code or name ("天猫", "Tmall", "tmall").
func Channel(s string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if c, ok := channelSynonyms[k]; ok {
		return c, nil
	}
	if err := kg.ValidChannel(k); err != nil {
		return "", fmt.Errorf("unknown channel %q; known: %s", s, strings.Join(kg.Channels, ", "))
	}
	return k, nil
}

// channels reads a channel list; "all" (or an empty value) is nil.
func channels(v any) ([]string, error) {
	items, all, err := listOrAll(v)
	if err != nil || all {
		return nil, err
	}
	var out []string
	for _, it := range items {
		c, err := Channel(it)
		if err != nil {
			return nil, err
		}
		if !containsStr(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
