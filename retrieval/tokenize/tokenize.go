// Package tokenize splits Chinese and English text into the terms that the
// keyword (sparse) side of retrieval and the offline embedder are built
// from. Text is normalised first (full-width to half-width, lower case);
// runs of CJK characters and runs of letters/digits are the units, and
// everything else separates them.
//
// Two tokenizers are provided: Bigrams (CJK unigrams and overlapping
// bigrams, plus words; no dictionary, no start-up cost), the default, and
// GSE (the dictionary-based Chinese word segmenter github.com/go-ego/gse,
// whose dictionary loads lazily on first NewGSE). The retrieval README
// records how each retrieves on the dev set.
package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenizer turns text into terms. Implementations are safe for concurrent use.
type Tokenizer interface {
	// AppendTokens appends the terms of text to dst and returns it.
	AppendTokens(dst []string, text string) []string
	// Name identifies the tokenizer and its settings.
	Name() string
}

// Normalize folds full-width ASCII to half-width, the ideographic space to
// a space and letters to lower case. It returns text itself when nothing
// changes, which is the common case for lower-case ASCII and most Chinese.
func Normalize(text string) string {
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if foldRune(r) != r {
			break
		}
		i += n
	}
	if i == len(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:i])
	for _, r := range text[i:] {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return foldRune(r - 0xFEE0)
	case r == 0x3000: // ideographic space
		return ' '
	}
	return unicode.ToLower(r)
}

// IsCJK reports whether r is written without spaces between words: Han,
// kana or Hangul.
func IsCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !IsCJK(r)
}

// Runs calls fn for each maximal run of CJK characters (cjk true) and each
// maximal run of other letters and digits (a word, cjk false) in the
// normalised text, in order. The runs are substrings of norm.
func Runs(norm string, fn func(run string, cjk bool)) {
	start, kind := -1, 0 // kind: 1 CJK, 2 word
	for i, r := range norm {
		k := 0
		if r >= 0x2E80 && IsCJK(r) {
			k = 1
		} else if isWordRune(r) || (r == '.' && kind == 2 && nextIsDigit(norm, i) && prevIsDigit(norm, i)) {
			// keep decimals such as 0.3 in one word
			k = 2
		}
		if k != kind {
			if kind != 0 {
				fn(norm[start:i], kind == 1)
			}
			start, kind = i, k
		}
	}
	if kind != 0 {
		fn(norm[start:], kind == 1)
	}
}

func nextIsDigit(s string, i int) bool { return i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9' }
func prevIsDigit(s string, i int) bool { return i > 0 && '0' <= s[i-1] && s[i-1] <= '9' }

// WordParts calls fn with the letter and digit parts of a word that mixes
// them ("spf50" → "spf", "50"; "30ml" → "30", "ml"), so a question that
// writes them apart still matches. Words of one kind give no parts.
func WordParts(word string, fn func(part string)) {
	start, kind, mixed := 0, 0, false
	var parts [8]string
	ps := parts[:0]
	for i, r := range word {
		k := 1
		if '0' <= r && r <= '9' || r == '.' {
			k = 2
		}
		if i > 0 && k != kind {
			mixed = true
			ps = append(ps, word[start:i])
			start = i
		}
		kind = k
	}
	if !mixed {
		return
	}
	ps = append(ps, word[start:])
	for _, p := range ps {
		fn(p)
	}
}

// AppendWord appends a word and its parts (see WordParts).
func AppendWord(dst []string, w string) []string {
	dst = append(dst, w)
	WordParts(w, func(p string) { dst = append(dst, p) })
	return dst
}

// Bigrams is the dictionary-free tokenizer: each CJK run gives its
// characters (when Unigrams) and its overlapping character bigrams; each
// other run gives one lower-case word (and its letter and digit parts,
// see WordParts).
type Bigrams struct {
	Unigrams bool
}

// Name implements Tokenizer.
func (t Bigrams) Name() string {
	if t.Unigrams {
		return "cjk-uni-bigram-v2"
	}
	return "cjk-bigram-v2"
}

// AppendTokens implements Tokenizer.
func (t Bigrams) AppendTokens(dst []string, text string) []string {
	Runs(Normalize(text), func(run string, cjk bool) {
		if !cjk {
			dst = AppendWord(dst, run)
			return
		}
		dst = appendCJKGrams(dst, run, t.Unigrams)
	})
	return dst
}

// appendCJKGrams appends unigrams (optionally) and bigrams of a CJK run; a
// single-character run always yields its unigram so it is never lost.
func appendCJKGrams(dst []string, run string, uni bool) []string {
	_, first := utf8.DecodeRuneInString(run)
	if first == len(run) {
		return append(dst, run)
	}
	prev := 0 // byte offset of the previous rune
	for i, r := range run {
		_ = r
		if i == 0 {
			continue
		}
		if uni {
			dst = append(dst, run[prev:i])
		}
		_, n := utf8.DecodeRuneInString(run[i:])
		dst = append(dst, run[prev:i+n])
		prev = i
	}
	if uni {
		dst = append(dst, run[prev:])
	}
	return dst
}
