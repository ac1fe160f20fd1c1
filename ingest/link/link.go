// Package link finds the entities a text mentions: every name, alias and id
// of the knowledge base's current entities, folded like kg.NormalizeName
// (full/half width, case, spaces and common punctuation), matched in one pass
// with an Aho–Corasick automaton, leftmost-longest, so "澜肌水光保湿面霜替换装"
// links the refill and not also the cream whose name it contains. Latin
// names match on word boundaries only ("app" does not match in "apply").
package link

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"
	"golang.org/x/text/unicode/norm"
)

// Limits on patterns, in runes after folding.
const (
	MinCJK   = 2  // a name with Chinese characters
	MinLatin = 3  // a name of Latin letters and digits only
	MaxRunes = 64 // longer names (FAQ questions) are not linked by name
)

// Names is what a Linker is built from; kg.Store implements it.
type Names interface {
	// Names calls fn with every name and alias of the current active entities.
	Names(ctx context.Context, kb string, fn func(id, name string) error) error
}

// Linker matches entity names in text. Safe for concurrent use.
type Linker struct {
	ac  *ahocorasick.Automaton
	ids [][]string // by pattern id
	pat []string
}

// Build reads every name of kb's entities from s.
func Build(ctx context.Context, s Names, kb string) (*Linker, error) {
	var pairs [][2]string
	err := s.Names(ctx, kb, func(id, name string) error {
		pairs = append(pairs, [2]string{id, name})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("link: read names: %w", err)
	}
	return New(pairs)
}

// New builds a Linker from (id, name) pairs. Every id is a name of its
// entity too.
func New(pairs [][2]string) (*Linker, error) {
	byPat := map[string][]string{}
	var order []string
	add := func(id, name string) {
		f, _ := Fold(name)
		if !usable(f) {
			return
		}
		if _, ok := byPat[f]; !ok {
			order = append(order, f)
		}
		for _, x := range byPat[f] {
			if x == id {
				return
			}
		}
		byPat[f] = append(byPat[f], id)
	}
	for _, p := range pairs {
		add(p[0], p[1])
		add(p[0], p[0])
	}
	l := &Linker{}
	if len(order) == 0 {
		return l, nil
	}
	ac, err := ahocorasick.NewBuilder().AddStrings(order).SetMatchKind(ahocorasick.LeftmostLongest).Build()
	if err != nil {
		return nil, fmt.Errorf("link: build matcher: %w", err)
	}
	l.ac, l.pat = ac, order
	l.ids = make([][]string, len(order))
	for i, p := range order {
		l.ids[i] = byPat[p]
	}
	return l, nil
}

func usable(f string) bool {
	n := utf8.RuneCountInString(f)
	if n == 0 || n > MaxRunes {
		return false
	}
	for _, r := range f {
		if r >= 0x80 {
			return n >= MinCJK
		}
	}
	return n >= MinLatin
}

// Find returns the ids of the entities text mentions, in order of first
// mention, each once.
func (l *Linker) Find(text string) []string {
	if l == nil || l.ac == nil || text == "" {
		return nil
	}
	f, bound := Fold(text)
	hay := []byte(f)
	var out []string
	seen := map[string]bool{}
	// coregx/ahocorasick v0.3.1's FindAll does not honour LeftmostLongest
	// (it returns the shorter "澜肌水光保湿面霜" inside "…面霜替换装"), so
	// take every match and choose leftmost-longest, non-overlapping, here.
	ms := l.ac.FindAllOverlapping(hay)
	ms = slices.DeleteFunc(ms, func(m ahocorasick.Match) bool { return !edgesOK(hay, bound, m.Start, m.End) })
	slices.SortFunc(ms, func(a, b ahocorasick.Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return (b.End - b.Start) - (a.End - a.Start)
	})
	end := 0
	for _, m := range ms {
		if m.Start < end {
			continue
		}
		end = m.End
		for _, id := range l.ids[m.PatternID] {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

func isWordByte(b byte) bool {
	return b < 0x80 && (b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z')
}

// edgesOK: a match that starts or ends with a Latin letter or digit must
// not continue a word in the text.
func edgesOK(hay []byte, bound []bool, s, e int) bool {
	if isWordByte(hay[s]) && s > 0 && !bound[s] && isWordByte(hay[s-1]) {
		return false
	}
	if isWordByte(hay[e-1]) && e < len(hay) && !bound[e] && isWordByte(hay[e]) {
		return false
	}
	return true
}

// dropped are the runes kg.NormalizeName removes.
func dropped(r rune) bool {
	switch r {
	case '·', '・', '-', '_', '(', ')', '（', '）', '"', '\'', '“', '”', '《', '》':
		return true
	}
	return unicode.IsSpace(r)
}

// Fold folds s like kg.NormalizeName. bound[i] is true when a dropped rune
// stood before byte i of the result (or i is 0 or len), so word boundaries
// survive the folding.
func Fold(s string) (string, []bool) {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	bound := make([]bool, 0, len(s)+1)
	gap := true
	for _, r := range s {
		if dropped(r) {
			gap = true
			continue
		}
		r = unicode.ToLower(r)
		n := utf8.RuneLen(r)
		if n < 0 {
			continue
		}
		for i := 0; i < n; i++ {
			bound = append(bound, gap && i == 0)
		}
		gap = false
		b.WriteRune(r)
	}
	bound = append(bound, true)
	return b.String(), bound
}
