package answer

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"kgrag/kg"
	"kgrag/retrieval/guard"
)

// Verifying: every sentence must cite evidence that states it. Sentences
// that do not survive are dropped.

// verify keeps the sentences supported by the evidence they cite: each
// needs a marker, its words must overlap the cited text, and every number
// in it must occur there or be the difference of two that do ("by 170g" of
// 1450g and 1280g). It returns the supported text and a check per sentence.
func verify(text string, ev []piece) (string, []kg.SentenceCheck) {
	byMarker := map[string]*piece{}
	for i := range ev {
		byMarker[ev[i].Marker] = &ev[i]
	}
	var kept []string
	var checks []kg.SentenceCheck
	for _, s := range splitAnswer(text) {
		c := kg.SentenceCheck{Sentence: s}
		ms := markerRE.FindAllString(s, -1)
		c.Citations = ms
		plain := strings.TrimSpace(markerRE.ReplaceAllString(s, ""))
		var cited strings.Builder
		for _, m := range ms {
			if p, ok := byMarker[m]; ok {
				cited.WriteString(p.Text)
				cited.WriteString("\n")
			}
		}
		src := cited.String()
		switch {
		case guard.Credential(plain):
			// Never an answer, whatever cites it.
			c.Problem = "holds a credential-like string"
		case len(ms) == 0:
			c.Problem = "no citation"
		case src == "":
			c.Problem = "cites evidence that does not exist"
		default:
			c.Supported = true
			for _, n := range numbers(plain) {
				if !hasNumber(src, n) && !differenceOf(n, src) {
					c.Supported, c.Problem = false, fmt.Sprintf("number %s is not in the cited evidence", n)
					break
				}
			}
			if c.Supported {
				// Words keep their spaces here: fold would run English words together.
				st := terms(spaced(plain))
				if ov := overlap(st, terms(spaced(src))); len(st) > 2 && ov < 0.5 || len(st) > 0 && ov == 0 {
					c.Supported, c.Problem = false, fmt.Sprintf("only %.0f%% of its terms are in the cited evidence", ov*100)
				}
			}
		}
		checks = append(checks, c)
		if c.Supported {
			kept = append(kept, s)
		}
	}
	return joinSentences(kept), checks
}

// joinSentences joins an answer's sentences: with a space after one that
// ends as English does (an English answer quoting Chinese text keeps its
// spaces: "…3999 CNY.[1] 商品：…."), none after a Chinese 。.
func joinSentences(ss []string) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			prev := strings.TrimRight(markerRE.ReplaceAllString(ss[i-1], ""), " ")
			if last, _ := utf8.DecodeLastRuneInString(prev); last < utf8.RuneSelf {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// splitAnswer splits an answer into sentences with their trailing markers.
func splitAnswer(text string) []string {
	var out []string
	rest := text
	for rest != "" {
		i := nextStop(rest)
		if i < 0 {
			if s := strings.TrimSpace(rest); s != "" {
				out = append(out, s)
			}
			break
		}
		_, size := utf8DecodeAt(rest, i)
		end := i + size
		// markers right after the stop belong to this sentence
		for {
			m := markerRE.FindStringIndex(rest[end:])
			if m == nil || m[0] != 0 {
				break
			}
			end += m[1]
		}
		if s := strings.TrimSpace(rest[:end]); s != "" {
			out = append(out, s)
		}
		rest = rest[end:]
	}
	return out
}

// nextStop is the index of the first sentence end: a Chinese stop, ! ? or
// a line break, or an English full stop followed by a marker, a space or
// the end (not a decimal point).
func nextStop(s string) int {
	i := strings.IndexAny(s, "。！？!?\n")
	for j := 0; j < len(s) && (i < 0 || j < i); j++ {
		if s[j] != '.' || j == 0 || (s[j-1] >= '0' && s[j-1] <= '9') {
			continue
		}
		if j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '[' {
			return j
		}
	}
	return i
}

func utf8DecodeAt(s string, i int) (rune, int) {
	for j, r := range s[i:] {
		_ = j
		return r, len(string(r))
	}
	return 0, 1
}

// differenceOf reports whether the number n is the difference of two
// numbers of src (not its dates or times).
func differenceOf(n, src string) bool {
	v, err := strconv.ParseFloat(n, 64)
	if err != nil || v <= 0 {
		return false
	}
	var xs []float64
	for _, m := range numbers(src) {
		if x, err := strconv.ParseFloat(m, 64); err == nil && !slices.Contains(xs, x) {
			xs = append(xs, x)
		}
	}
	for _, a := range xs {
		for _, b := range xs {
			if math.Abs(a-b-v) < 1e-6 {
				return true
			}
		}
	}
	return false
}
