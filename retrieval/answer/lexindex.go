package answer

import (
	"strings"
	"sync"

	"kgrag/kg"
)

// lexIndex is what the stages derive from a knowledge base's lexicon:
// built once per lexicon (a lexicon source hands out the same value until
// it is rebuilt), not once per question.
type lexIndex struct {
	lex *kg.Lexicon
	// products are the products' names as units (codeLinks).
	products []lexProduct
	// known and shapes are the products' and variants' ids and codes, upper
	// case, and their shapes (unknownModel).
	known, shapes map[string]bool
	// mentions holds every folded entity name, alias and attribute key
	// (inKnowledge).
	mentions string
	// variantUnits are the units of each product's variants' names (describedMember).
	variantUnits map[string][]string
}

type lexProduct struct {
	id    string
	runes int
	units []string
}

func newLexIndex(lex *kg.Lexicon) *lexIndex {
	x := &lexIndex{lex: lex, known: map[string]bool{}, shapes: map[string]bool{}, variantUnits: map[string][]string{}}
	var b strings.Builder
	for _, le := range lex.Entities {
		b.WriteString(fold(le.Name))
		b.WriteByte(0)
		for _, a := range le.Aliases {
			b.WriteString(fold(a.Text))
			b.WriteByte(0)
		}
		switch le.Type {
		case "Product":
			x.products = append(x.products, lexProduct{id: le.ID, runes: runeLen(le.Name), units: textUnits(le.Name)})
		case "Variant":
			if le.Parent != "" {
				x.variantUnits[le.Parent] = append(x.variantUnits[le.Parent], textUnits(le.Name)...)
			}
		}
		if le.Type == "Product" || le.Type == "Variant" {
			for _, c := range append([]string{le.ID}, le.Codes...) {
				x.known[strings.ToUpper(c)] = true
				x.shapes[codeShape(strings.ToUpper(c))] = true
			}
		}
	}
	for _, a := range lex.Attributes {
		b.WriteString(fold(a.Key))
		b.WriteByte(0)
	}
	x.mentions = b.String()
	return x
}

// lexIndexes caches the index of each knowledge base's current lexicon.
type lexIndexes struct{ m sync.Map } // kb → *lexIndex

func (c *lexIndexes) get(kb string, lex *kg.Lexicon) *lexIndex {
	if lex == nil {
		return newLexIndex(&kg.Lexicon{})
	}
	if v, ok := c.m.Load(kb); ok && v.(*lexIndex).lex == lex {
		return v.(*lexIndex)
	}
	x := newLexIndex(lex)
	c.m.Store(kb, x)
	return x
}
