// Package guard tells knowledge from text that speaks to the assistant.
//
// The knowledge base states facts and rules for customers; it never
// addresses the assistant, reassigns its role, tells it to ignore its
// rules or dictates what it must answer. Text that does is an injection
// planted in a source (or typed in a question), and text that carries a
// credential is never an answer. Both are recognised by their language
// form (who is addressed, imperative orders about answering, role
// reassignment, prompt markers, the shape of a secret), never by a list
// of a brand's words, and after folding away the disguises: zero-width
// and other format characters, spacing (also between Han characters),
// full width, traditional characters and encodings (base64, \u escapes,
// HTML entities, percent encoding).
//
// Ingest withholds such sentences from chunks (and warns a trainer with
// the file and line); the answering engine withholds them again from
// evidence, refuses such questions and drops credential-like sentences
// from answers.
package guard

import (
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

var (
	t2sOnce sync.Once
	t2s     *opencc.OpenCC
	t2sErr  error
	// traditional holds the Han characters of the basic block that OpenCC
	// writes differently in simplified Chinese: text without any of them
	// is converted as it is, without the (slow) phrase segmentation.
	traditional map[rune]bool
)

func loadT2S() {
	t2s, t2sErr = opencc.New("t2s")
	if t2sErr != nil {
		return
	}
	var all []rune
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		all = append(all, r)
	}
	// One character per line, so no phrase spans two.
	var b strings.Builder
	for _, r := range all {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	out, err := t2s.Convert(b.String())
	if err != nil {
		return
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(all) {
		return // no fast path: convert everything
	}
	m := map[rune]bool{}
	for i, r := range all {
		if lines[i] != string(r) {
			m[r] = true
		}
	}
	traditional = m
}

// ToSimplified converts traditional Chinese to simplified with OpenCC; the
// text is returned unchanged if the converter cannot load.
func ToSimplified(s string) string {
	t2sOnce.Do(loadT2S)
	if t2sErr != nil || !needsT2S(s) {
		return s
	}
	out, err := t2s.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// needsT2S: s has a Han character that is traditional, or one outside the
// basic block (whose conversion is not tabled).
func needsT2S(s string) bool {
	for _, r := range s {
		if r < 0x2E80 {
			continue
		}
		if traditional == nil && unicode.Is(unicode.Han, r) {
			return true
		}
		if r >= 0x4E00 && r <= 0x9FFF {
			if traditional[r] {
				return true
			}
			continue
		}
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// invisible reports runes that render as nothing or are used to split a
// word without showing: format characters (zero-width space and joiners,
// the BOM, bidi controls, soft hyphen), control characters other than
// line breaks and tabs, variation selectors and combining marks left
// alone after composition.
func invisible(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cc, r):
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0: // Hangul fillers render blank
		return true
	}
	return false
}

// latinLookalikes are Cyrillic and Greek lower-case letters drawn like
// Latin ones, which spell "ignоre" past an ASCII pattern. Only the
// matching form maps them; text is stored and shown as written.
var latinLookalikes = strings.NewReplacer(
	"а", "a", "в", "b", "е", "e", "ё", "e", "к", "k", "м", "m", "н", "h", "о", "o", "р", "p", "с", "c", "т", "t",
	"у", "y", "х", "x", "і", "i", "ј", "j", "ѕ", "s", "ԁ", "d", "ԛ", "q", "ԝ", "w", "ɡ", "g", "ı", "i",
	"α", "a", "ε", "e", "ι", "i", "κ", "k", "ν", "v", "ο", "o", "ρ", "p", "τ", "t", "υ", "u", "χ", "x",
)

// StripInvisible removes the runes that render as nothing (see above).
func StripInvisible(s string) string {
	if !strings.ContainsFunc(s, invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// cjk reports Han characters and CJK punctuation, between which a space
// carries nothing in Chinese text.
func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF ||
		strings.ContainsRune("“”‘’…—·", r)
}

// Fold is the matching form of text: invisible characters removed, NFKC
// (full width to half width), traditional to simplified Chinese, lower
// case, Cyrillic and Greek look-alikes as Latin letters, white space collapsed to one space and removed next to Han
// characters and CJK punctuation ("忽 略 以 上" is "忽略以上"), and English
// spelled out letter by letter joined ("i g n o r e" is "ignore").
// Line breaks are kept: they end sentences.
func Fold(s string) string {
	s = StripInvisible(s)
	s = norm.NFKC.String(s)
	s = StripInvisible(s) // NFKC can expose some (e.g. from compatibility forms)
	s = ToSimplified(s)
	s = strings.ToLower(s)
	if strings.ContainsFunc(s, func(r rune) bool { return r >= 0x370 && r < 0x530 || r == 0x261 || r == 0x131 }) {
		s = latinLookalikes.Replace(s)
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\n' {
			for len(out) > 0 && out[len(out)-1] == ' ' {
				out = out[:len(out)-1]
			}
			out = append(out, r)
			continue
		}
		if !unicode.IsSpace(r) {
			out = append(out, r)
			continue
		}
		j := i
		for j+1 < len(rs) && unicode.IsSpace(rs[j+1]) && rs[j+1] != '\n' {
			j++
		}
		var prev, next rune
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		if j+1 < len(rs) {
			next = rs[j+1]
		}
		i = j
		if prev == 0 || prev == '\n' || next == 0 || next == '\n' || cjk(prev) || cjk(next) {
			continue
		}
		out = append(out, ' ')
	}
	return joinSpelled(string(out))
}

// joinSpelled joins runs of at least four single letters separated by
// single spaces ("i g n o r e a l l" → "ignoreall"): words spelled out to
// slip past matching. Word boundaries inside the run are lost, which the
// patterns allow for by matching such runs without spaces too.
func joinSpelled(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = joinSpelled(l)
		}
		return strings.Join(lines, "\n")
	}
	words := strings.Split(s, " ")
	var b strings.Builder
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && len([]rune(words[j])) == 1 && unicode.IsLetter([]rune(words[j])[0]) && !unicode.Is(unicode.Han, []rune(words[j])[0]) {
			j++
		}
		if j-i >= 4 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.Join(words[i:j], ""))
			i = j
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i])
		i++
	}
	return b.String()
}

// dense is folded text without anything but letters and digits: the form
// Chinese patterns also match, so punctuation or symbols sprinkled between
// characters ("忽*略*以*上*规*则") do not hide them.
func dense(folded string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, folded)
}
