package answer

import (
	"regexp"
	"strings"
	"unicode"
)

// Sentence splitting and the term overlap the composer and the verifier
// score with.

// splitSentences splits text at Chinese and English sentence ends and
// line breaks, keeping the terminator with its sentence.
func splitSentences(text string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(text)
	flush := func() {
		s := strings.TrimSpace(b.String())
		s = strings.TrimLeft(s, "-*#> ")
		if runeLen(s) >= 2 {
			out = append(out, s)
		}
		b.Reset()
	}
	for i, r := range rs {
		if r == '\n' {
			flush()
			continue
		}
		b.WriteRune(r)
		switch r {
		case '。', '！', '？', '；', '!', '?', ';':
			flush()
		case '.':
			// An English full stop ends a sentence; a decimal point does not.
			// A list number ("1. ") or a decimal point does not.
			if (i+1 == len(rs) || rs[i+1] == ' ' || rs[i+1] == '\n') && (i == 0 || !unicode.IsDigit(rs[i-1])) {
				flush()
			}
		}
	}
	flush()
	return out
}

// stopGrams are bigrams of question phrasing that say nothing about the topic.
var stopGrams = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`多少 什么 怎么 怎样 可以 能不 不能 你们 我们 他们 一下 请问 现在 还能 这个 那个 是不 不是
		有没 没有 哪个 哪些 是否 吗? 的话 大概 一般 需要 要求 问下 想问 知道 告诉 帮我 麻烦 亲亲 请帮 一个 这款 那款
		你家 们家 能否 是啥 啥时 时候 多久 几天 咋办 怎么 要多 多长 长时 时间 能用 好用 一起 还是 或者 如果 已经 之前 以前 但是 可是 然后
		买的 了吗 了呢 的吗 了吧 我的 我想 想要 的时 有啥 有什 都有 一下 呀呀 啊啊 一瓶 一支 一罐 一单 单买`) {
		stopGrams[w] = true
	}
}

var wordRE = regexp.MustCompile(`[a-z0-9][a-z0-9.+%]*`)

var stopWords = map[string]bool{"the": true, "a": true, "an": true, "is": true, "are": true, "of": true, "your": true, "you": true,
	"what": true, "how": true, "and": true, "or": true, "to": true, "do": true, "does": true, "can": true, "i": true, "my": true,
	"it": true, "in": true, "for": true, "on": true, "with": true, "much": true, "many": true, "s": true, "be": true, "this": true,
	"that": true, "there": true, "any": true, "have": true, "has": true, "me": true, "we": true, "which": true, "than": true}

// terms returns the topical terms of folded text: CJK bigrams (single Han
// characters for one-character runs) and lower-case words, without
// question phrasing.
func terms(s string) map[string]bool {
	out := map[string]bool{}
	var run []rune
	flush := func() {
		if len(run) == 1 {
			out[string(run)] = true
		}
		for i := 0; i+1 < len(run); i++ {
			g := string(run[i : i+2])
			if !stopGrams[g] {
				out[g] = true
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	for _, w := range wordRE.FindAllString(s, -1) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// overlap is the share of q's terms found in t.
func overlap(q, t map[string]bool) float64 {
	if len(q) == 0 {
		return 0
	}
	n := 0
	for g := range q {
		if t[g] {
			n++
		}
	}
	return float64(n) / float64(len(q))
}

var numberRE = regexp.MustCompile(`\d+(?:[.:]\d+)*%?`)

// numbers returns the numbers, prices, percentages, dates and times in s.
func numbers(s string) []string {
	return numberRE.FindAllString(s, -1)
}

var markerRE = regexp.MustCompile(`\[(\d{1,2})\]`)
