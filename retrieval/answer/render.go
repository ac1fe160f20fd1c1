package answer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"kgrag/kg"
)

// Formats of Render.
const (
	FormatPlain       = "PLAIN"
	FormatMarkdown    = "MARKDOWN"
	FormatDouyinCard  = "DOUYIN_CARD"
	FormatXiaohongshu = "XIAOHONGSHU"
	FormatWeChat      = "WECHAT"
)

// Render formats an answer for a channel's style. Markers become footnotes
// (Markdown), stay inline (plain), or are dropped with the sources listed
// after the text (WeChat, Xiaohongshu, Douyin card).
func Render(a *Answer, format string) (string, error) {
	text := a.Text
	switch strings.ToUpper(format) {
	case "", FormatPlain:
		return text, nil
	case FormatMarkdown:
		var b strings.Builder
		b.WriteString(markerRE.ReplaceAllString(text, "[^$1]"))
		if len(a.Citations) > 0 {
			b.WriteString("\n\n")
			for _, c := range a.Citations {
				fmt.Fprintf(&b, "[^%s]: %s `%s`%s\n", strings.Trim(c.Marker, "[]"), c.Quote, c.ID, versionSuffix(c))
			}
		}
		return b.String(), nil
	case FormatWeChat:
		plain := strings.TrimSpace(markerRE.ReplaceAllString(text, ""))
		return plain + sources(a, "\n——\n依据：", "\n——\nSources: "), nil
	case FormatXiaohongshu:
		plain := strings.TrimSpace(markerRE.ReplaceAllString(text, ""))
		var b strings.Builder
		if a.Language == "en" {
			b.WriteString("Hi there ✨\n")
		} else {
			b.WriteString("宝子你好呀✨\n")
		}
		for _, s := range splitAnswer(plain) {
			b.WriteString("📌 ")
			b.WriteString(s)
			b.WriteString("\n")
		}
		return strings.TrimRight(b.String(), "\n") + sources(a, "\n📎 依据：", "\n📎 Sources: "), nil
	case FormatDouyinCard:
		// A short card: the first sentence, clipped, and where it comes from.
		plain := strings.TrimSpace(markerRE.ReplaceAllString(text, ""))
		first := plain
		if ss := splitAnswer(plain); len(ss) > 0 {
			first = ss[0]
		}
		if utf8.RuneCountInString(first) > 60 {
			first = string([]rune(first)[:59]) + "…"
		}
		title := "官方客服"
		if a.Language == "en" {
			title = "Official support"
		}
		return fmt.Sprintf("【%s】%s%s", title, first, sources(a, "\n依据：", "\nSources: ")), nil
	}
	return "", fmt.Errorf("%w: format %q: want PLAIN, MARKDOWN, DOUYIN_CARD, XIAOHONGSHU or WECHAT", kg.ErrInvalid, format)
}

func versionSuffix(c kg.Citation) string {
	if c.Version > 0 {
		return fmt.Sprintf(" v%d", c.Version)
	}
	return ""
}

func sources(a *Answer, zh, en string) string {
	if len(a.Citations) == 0 {
		return ""
	}
	var ids []string
	for _, c := range a.Citations {
		id := c.ID
		if c.EntityID != "" && c.Kind == "fact" {
			id = c.EntityID
		}
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if a.Language == "en" {
		return en + strings.Join(ids, ", ")
	}
	return zh + strings.Join(ids, "、")
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
