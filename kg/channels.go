package kg

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
)

// Channels: a channel is any code a brand sells through. The codes below
// are the common Chinese e-commerce and customer-service channels with
// their display names and the names people call them by; they are the one
// channel table of the service. A deployment adds or renames channels
// with SetChannels (kgrag reads KGRAG_CHANNELS), and a knowledge base's
// own Channel entity names its channel for that knowledge base
// (ChannelNameOf).

// ChannelInfo is a channel code with its display names and the other
// names that stand for it ("淘宝" for tmall).
type ChannelInfo struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`   // Chinese display name
	NameEN   string   `json:"nameEn"` // English display name
	Synonyms []string `json:"synonyms,omitempty"`
}

// defaultChannels are in display order.
var defaultChannels = []ChannelInfo{
	{Code: "tmall", Name: "天猫", NameEN: "Tmall", Synonyms: []string{"淘宝", "天猫旗舰店", "天猫商城"}},
	{Code: "douyin", Name: "抖音", NameEN: "Douyin", Synonyms: []string{"tiktok", "抖店", "抖音小店", "抖音商城"}},
	{Code: "xiaohongshu", Name: "小红书", NameEN: "Xiaohongshu", Synonyms: []string{"red", "rednote", "小红书店铺"}},
	{Code: "wechat", Name: "微信小程序", NameEN: "WeChat Mini Program", Synonyms: []string{"微信", "小程序", "weixin", "wechat mini program", "微信商城"}},
	{Code: "web", Name: "官网", NameEN: "Official website", Synonyms: []string{"网站", "官方网站", "官方商城", "website", "official website", "official site"}},
	{Code: "jd", Name: "京东", NameEN: "JD", Synonyms: []string{"jd.com", "京东商城", "京东自营", "jingdong"}},
	{Code: "pdd", Name: "拼多多", NameEN: "Pinduoduo", Synonyms: []string{"pinduoduo", "拼多多旗舰店"}},
	{Code: "app", Name: "App", NameEN: "App", Synonyms: []string{"品牌app", "官方app"}},
	{Code: "offline", Name: "线下门店", NameEN: "Offline stores", Synonyms: []string{"线下", "门店", "实体店", "专柜", "offline store"}},
}

// Channels are the default channel codes, in display order. Any code that
// passes ValidChannel is accepted; ChannelCodes adds the configured ones.
var Channels = func() []string {
	out := make([]string, len(defaultChannels))
	for i, c := range defaultChannels {
		out[i] = c.Code
	}
	return out
}()

var channelRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_\-]{0,31}$`)

// ValidChannel checks the form of a channel code: 1-32 lower-case
// letters, digits, '_' and '-', starting with a letter or digit. Every
// such code is a channel; the table only names them.
func ValidChannel(ch string) error {
	if !channelRE.MatchString(ch) {
		return invalid("channel %q: want a code of 1-32 lower-case letters, digits, '_' and '-' (e.g. tmall, douyin, web)", clip(ch))
	}
	return nil
}

// channelTable is the table in force: the defaults with the configured
// channels over them.
type channelTable struct {
	list   []ChannelInfo
	byCode map[string]int
	byName map[string]string // folded name or synonym → code
}

var channels atomic.Pointer[channelTable]

func init() { channels.Store(buildChannels(nil)) }

func buildChannels(extra []ChannelInfo) *channelTable {
	t := &channelTable{byCode: map[string]int{}, byName: map[string]string{}}
	add := func(c ChannelInfo) {
		if i, ok := t.byCode[c.Code]; ok {
			old := t.list[i]
			if c.Name == "" {
				c.Name = old.Name
			}
			if c.NameEN == "" {
				c.NameEN = old.NameEN
			}
			// The names it had stay names of it.
			c.Synonyms = append(append(slices.Clone(old.Synonyms), old.Name, old.NameEN), c.Synonyms...)
			t.list[i] = c
			return
		}
		t.byCode[c.Code] = len(t.list)
		t.list = append(t.list, c)
	}
	for _, c := range defaultChannels {
		add(c)
	}
	for _, c := range extra {
		add(c)
	}
	// Configured names win over default synonyms: later entries overwrite.
	for _, c := range t.list {
		for _, n := range c.Synonyms {
			if n != "" {
				t.byName[foldChannel(n)] = c.Code
			}
		}
	}
	for _, c := range t.list {
		for _, n := range []string{c.Name, c.NameEN, c.Code} {
			if n != "" {
				t.byName[foldChannel(n)] = c.Code
			}
		}
	}
	for _, c := range extra {
		for _, n := range append([]string{c.Name, c.NameEN}, c.Synonyms...) {
			if n != "" {
				t.byName[foldChannel(n)] = c.Code
			}
		}
	}
	return t
}

func foldChannel(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// ParseChannels reads a channel configuration: entries separated by ','
// or ';', each "code=中文名/English name" (the English name optional, and
// more names after further '/' are synonyms):
// "suning=苏宁易购/Suning,jdhome=京东家居/JD Home".
func ParseChannels(spec string) ([]ChannelInfo, error) {
	var out []ChannelInfo
	for _, e := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		code, names, ok := strings.Cut(e, "=")
		code = strings.ToLower(strings.TrimSpace(code))
		if !ok {
			return nil, invalid("channel %q: want code=中文名/English name", clip(e))
		}
		if err := ValidChannel(code); err != nil {
			return nil, err
		}
		c := ChannelInfo{Code: code}
		for i, n := range strings.Split(names, "/") {
			n, err := validText("channel "+code+" name", n, MaxNameLen, false)
			if err != nil {
				return nil, err
			}
			switch {
			case n == "":
			case i == 0:
				c.Name = n
			case i == 1:
				c.NameEN = n
			default:
				c.Synonyms = append(c.Synonyms, n)
			}
		}
		if c.Name == "" && c.NameEN == "" {
			return nil, invalid("channel %q: give at least a display name (code=名称/Name)", code)
		}
		out = append(out, c)
	}
	return out, nil
}

// SetChannels puts the configured channels over the default table (an
// empty spec restores the defaults). kgrag calls it at start with
// KGRAG_CHANNELS; safe for concurrent use with the readers below.
func SetChannels(spec string) error {
	extra, err := ParseChannels(spec)
	if err != nil {
		return fmt.Errorf("KGRAG_CHANNELS: %w", err)
	}
	channels.Store(buildChannels(extra))
	return nil
}

// ChannelCodes returns the codes of the table in force, in display order.
func ChannelCodes() []string {
	t := channels.Load()
	out := make([]string, len(t.list))
	for i, c := range t.list {
		out[i] = c.Code
	}
	return out
}

// ChannelNames are the names and synonyms of the channels in force, folded
// (lower case), with the code each stands for.
func ChannelNames() map[string]string {
	return maps.Clone(channels.Load().byName)
}

// ChannelRank orders channel codes for display: the table's order, then
// codes it does not name, after them.
func ChannelRank(code string) int {
	if i, ok := channels.Load().byCode[code]; ok {
		return i
	}
	return len(channels.Load().list)
}

// ChannelCode returns the channel code a code or name stands for:
// "tmall", "Tmall", "天猫" and "淘宝" are all tmall. A name the table does not
// know is returned as a code when it has a code's form ("suning"), else
// ok is false.
func ChannelCode(s string) (code string, ok bool) {
	k := foldChannel(strings.TrimSpace(s))
	t := channels.Load()
	if _, ok := t.byCode[k]; ok {
		return k, true
	}
	if c, ok := t.byName[k]; ok {
		return c, true
	}
	if ValidChannel(k) == nil {
		return k, true
	}
	return "", false
}

// ChannelName returns the display name of a channel code in a language
// ("en" for English, else Chinese); a code the table does not name is its
// own name.
func ChannelName(code, lang string) string {
	t := channels.Load()
	if i, ok := t.byCode[code]; ok {
		c := t.list[i]
		if lang == "en" && c.NameEN != "" {
			return c.NameEN
		}
		if c.Name != "" {
			return c.Name
		}
		return c.NameEN
	}
	return code
}

// ChannelNameOf returns a channel's display name in a knowledge base: the
// name a trainer gave its Channel entity (or its alias in the language)
// when the entity names it other than by its code, else ChannelName.
func ChannelNameOf(e *Entity, code, lang string) string {
	if e != nil && e.Type == "Channel" {
		if lang == "en" {
			for _, a := range e.Aliases {
				if a.Lang == "en" && a.Text != "" {
					return a.Text
				}
			}
		} else if e.Name != "" && e.Name != code {
			return e.Name
		}
	}
	return ChannelName(code, lang)
}
