// Package chunk splits text into pieces for search: sentence-aware for
// Chinese and English (。！？；… and . ! ? before a space), packed up to a
// size with an overlap of whole sentences, so a chunk never starts or ends
// inside a sentence unless one sentence alone is longer than a chunk.
package chunk

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options size the chunks, in runes (characters); zero values take the defaults.
type Options struct {
	Size    int // most runes in a chunk; default 500
	Overlap int // runes of trailing sentences repeated at the start of the next chunk; default 60
}

// Defaults.
const (
	DefaultSize    = 500
	DefaultOverlap = 60
	MinSize        = 20
)

// WithDefaults fills zero fields and keeps the overlap below half the size.
func (o Options) WithDefaults() Options {
	if o.Size <= 0 {
		o.Size = DefaultSize
	}
	if o.Size < MinSize {
		o.Size = MinSize
	}
	if o.Overlap < 0 {
		o.Overlap = 0
	}
	if o.Overlap == 0 && o.Size == DefaultSize {
		o.Overlap = DefaultOverlap
	}
	if o.Overlap > o.Size/2 {
		o.Overlap = o.Size / 2
	}
	return o
}

func isTerminal(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '…', '!', '?':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '”', '’', '"', '\'', '）', ')', '」', '』', '】', '》', ']', '〉':
		return true
	}
	return false
}

// Sentences splits text into sentences. The pieces concatenate back to
// text exactly: each keeps its terminator, closing quotes and the
// whitespace after it. A line break always ends a sentence (list items and
// table rows are sentences of their own).
func Sentences(text string) []string {
	var out []string
	start := 0
	// Work on byte offsets for slicing but decide on runes; offsets come
	// from the decoder, so invalid UTF-8 (one byte per error) stays aligned.
	var rs []rune
	var offs []int
	for o := 0; o < len(text); {
		r, n := utf8.DecodeRuneInString(text[o:])
		rs = append(rs, r)
		offs = append(offs, o)
		o += n
	}
	offs = append(offs, len(text))
	cut := func(i int) { // cut after rune i-1, absorbing closers and spaces
		for i < len(rs) && (isCloser(rs[i]) || isTerminal(rs[i])) {
			i++
		}
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if offs[i] > start {
			out = append(out, text[start:offs[i]])
			start = offs[i]
		}
	}
	for i := 0; i < len(rs); i++ {
		if offs[i] < start {
			continue
		}
		r := rs[i]
		switch {
		case r == '\n':
			cut(i + 1)
		case isTerminal(r):
			cut(i + 1)
		case r == '.':
			// An English full stop: followed by a space, a line end, the
			// end, or CJK; not a decimal point (0.3%) or a domain name.
			// Not after a list number ("1. ") either.
			if (i+1 == len(rs) || unicode.IsSpace(rs[i+1]) || isCloser(rs[i+1]) || isCJK(rs[i+1])) && !listNumber(text[start:offs[i]]) {
				cut(i + 1)
			}
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// listNumber reports whether s is only a list item's number ("1", " 12").
func listNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isCJK(r rune) bool { return unicode.Is(unicode.Han, r) }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// Split packs the sentences of text into chunks of at most o.Size runes
// (trimmed), each after the first starting with up to o.Overlap runes of
// the previous chunk's last sentences.
func Split(text string, o Options) []string {
	o = o.WithDefaults()
	var pieces []string
	for _, s := range Sentences(text) {
		pieces = append(pieces, hardSplit(s, o.Size)...)
	}
	var (
		out []string
		cur []string
		n   int
	)
	emit := func() {
		if t := strings.TrimSpace(strings.Join(cur, "")); t != "" {
			out = append(out, t)
		}
	}
	for _, p := range pieces {
		pl := runeLen(p)
		if n > 0 && n+pl > o.Size {
			emit()
			// Carry whole trailing sentences, never all of cur (progress).
			var keep []string
			kn := 0
			for i := len(cur) - 1; i >= 1; i-- {
				l := runeLen(cur[i])
				if kn+l > o.Overlap || kn+l+pl > o.Size {
					break
				}
				keep = append([]string{cur[i]}, keep...)
				kn += l
			}
			cur, n = keep, kn
		}
		cur = append(cur, p)
		n += pl
	}
	if n > 0 {
		emit()
	}
	return out
}

// hardSplit cuts a piece longer than size at a comma or space near the
// end of each window, or at size runes when there is none.
func hardSplit(s string, size int) []string {
	rs := []rune(s)
	if len(rs) <= size {
		return []string{s}
	}
	var out []string
	for len(rs) > size {
		cut := size
	search:
		for i := size; i > size/2; i-- {
			switch rs[i-1] {
			case '，', '、', ',', '：', ':', ' ', '\t':
				cut = i
				break search
			}
		}
		out = append(out, string(rs[:cut]))
		rs = rs[cut:]
	}
	if len(rs) > 0 {
		out = append(out, string(rs))
	}
	return out
}

// Lang guesses the language of a text: "zh" when it is mostly Chinese,
// "en" when mostly Latin letters, "" when it cannot tell.
func Lang(text string) string {
	han, latin := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	switch {
	case han > 0 && han*4 >= latin:
		return "zh"
	case latin > 0:
		return "en"
	}
	return ""
}
