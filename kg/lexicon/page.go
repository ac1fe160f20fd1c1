package lexicon

import (
	"fmt"
	"strconv"
	"strings"

	"kgrag/kg"
)

// Page is one page of a lexicon's entities or words.
type Page[T any] struct {
	Items []T
	// Cursors[i] is the cursor of Items[i]: passed as after, the next page
	// starts after that item. The last one is EndCursor.
	Cursors    []string
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// Entities pages through the lexicon's entities in id order: those of
// type typ (all when ""), whose id, name or alias contains nameContains
// (folded as kg.NormalizeName; all when ""), first of them (kg.PageSize)
// after the cursor of a previous page.
func Entities(l *kg.Lexicon, typ, nameContains string, first int, after string) (Page[kg.LexEntity], error) {
	n, err := kg.PageSize(first)
	if err != nil {
		return Page[kg.LexEntity]{}, err
	}
	from := ""
	if after != "" {
		if from, err = kg.DecodeCursor(after); err != nil {
			return Page[kg.LexEntity]{}, err
		}
	}
	needle := kg.NormalizeName(nameContains)
	var p Page[kg.LexEntity]
	for _, e := range l.Entities {
		if typ != "" && e.Type != typ {
			continue
		}
		if needle != "" && !strings.Contains(kg.NormalizeName(e.ID), needle) && !strings.Contains(kg.NormalizeName(e.Name), needle) &&
			!containsAlias(e.Aliases, needle) {
			continue
		}
		p.TotalCount++
		if e.ID <= from {
			continue
		}
		if len(p.Items) == n {
			p.HasNext = true
			continue
		}
		p.Items = append(p.Items, e)
	}
	for _, e := range p.Items {
		p.Cursors = append(p.Cursors, kg.EncodeCursor(e.ID))
	}
	if len(p.Cursors) > 0 {
		p.EndCursor = p.Cursors[len(p.Cursors)-1]
	}
	return p, nil
}

func containsAlias(as []kg.Alias, needle string) bool {
	for _, a := range as {
		if strings.Contains(kg.NormalizeName(a.Text), needle) {
			return true
		}
	}
	return false
}

// Words pages through the lexicon's English words in their order.
func Words(l *kg.Lexicon, first int, after string) (Page[kg.LexWord], error) {
	n, err := kg.PageSize(first)
	if err != nil {
		return Page[kg.LexWord]{}, err
	}
	start := 0
	if after != "" {
		c, err := kg.DecodeCursor(after)
		if err == nil {
			start, err = strconv.Atoi(c)
		}
		if err != nil || start < 0 {
			return Page[kg.LexWord]{}, fmt.Errorf("%w: cursor %q is malformed; pass endCursor of the previous page", kg.ErrInvalid, after)
		}
	}
	p := Page[kg.LexWord]{TotalCount: len(l.Words)}
	if start < len(l.Words) {
		end := min(start+n, len(l.Words))
		p.Items, p.HasNext = l.Words[start:end], end < len(l.Words)
		for i := start + 1; i <= end; i++ {
			p.Cursors = append(p.Cursors, kg.EncodeCursor(strconv.Itoa(i)))
		}
		p.EndCursor = p.Cursors[len(p.Cursors)-1]
	}
	return p, nil
}
