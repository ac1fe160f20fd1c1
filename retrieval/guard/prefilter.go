package guard

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// A prefilter is the literals one of which any match of a pattern holds,
// found from the pattern itself: text without any of them is not run
// through the (much slower) regular expression. nil: no such set.
type prefilter []string

func newPrefilter(re *regexp.Regexp) prefilter {
	p, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	lits, ok := required(p.Simplify())
	if !ok {
		return nil
	}
	return lits
}

// may reports whether s (lower case) may match.
func (p prefilter) may(s string) bool {
	if p == nil {
		return true
	}
	for _, l := range p {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// required returns literals one of which every match of re contains.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		return []string{s}, s != ""
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			l, ok := required(s)
			if !ok {
				return nil, false
			}
			out = append(out, l...)
		}
		return out, true
	case syntax.OpConcat:
		// Any part's literals will do; the part whose shortest literal is
		// longest filters best.
		var best []string
		bestLen := 0
		for _, s := range re.Sub {
			l, ok := required(s)
			if !ok {
				continue
			}
			m := -1
			for _, x := range l {
				if n := utf8.RuneCountInString(x); m < 0 || n < m {
					m = n
				}
			}
			if m > bestLen {
				best, bestLen = l, m
			}
		}
		return best, best != nil
	}
	return nil, false
}
