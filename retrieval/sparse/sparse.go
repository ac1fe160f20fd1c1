// Package sparse is the keyword side of retrieval: it turns text into a
// retrieval.Sparse vector of hashed terms, with BM25 term-frequency
// saturation in the document values, the way Qdrant's BM25 guide builds
// them (k1 1.2, b 0.75, a fixed average length). The inverse document
// frequency is left to the index, which knows its own statistics.
package sparse

import (
	"math"
	"slices"
	"sync"

	"kgrag/retrieval"
	"kgrag/retrieval/tokenize"
)

// Options tune an Encoder; zero values take the defaults.
type Options struct {
	K1     float64 // saturation; default 1.2
	B      float64 // length normalisation; default 0.75 (use a negative value for 0)
	AvgLen float64 // the typical document length in terms; default 200
}

// Encoder is a retrieval.SparseEncoder over a tokenizer. Safe for concurrent use.
type Encoder struct {
	tok        tokenize.Tokenizer
	k1, b, avg float64
	pool       sync.Pool
}

var _ retrieval.SparseEncoder = (*Encoder)(nil)

// New returns an Encoder; a nil tokenizer means the default,
// tokenize.Bigrams{Unigrams: true}.
func New(tok tokenize.Tokenizer, o Options) *Encoder {
	if tok == nil {
		tok = tokenize.Bigrams{Unigrams: true}
	}
	if o.K1 <= 0 {
		o.K1 = 1.2
	}
	switch {
	case o.B == 0:
		o.B = 0.75
	case o.B < 0:
		o.B = 0
	}
	if o.AvgLen <= 0 {
		o.AvgLen = 200
	}
	e := &Encoder{tok: tok, k1: o.K1, b: o.B, avg: o.AvgLen}
	e.pool.New = func() any { return &scratch{} }
	return e
}

type scratch struct {
	toks []string
	ids  []uint32
}

// Name implements retrieval.SparseEncoder.
func (e *Encoder) Name() string { return "bm25-" + e.tok.Name() }

// TermID is the id of a term in a sparse vector: 32-bit FNV-1a of its
// bytes. Stable across processes and versions, since ids are stored.
func TermID(term string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
		h *= 16777619
	}
	return h
}

// terms tokenizes text into sorted term ids (with repeats) in s.ids.
func (e *Encoder) terms(s *scratch, text string) {
	s.toks = e.tok.AppendTokens(s.toks[:0], text)
	s.ids = s.ids[:0]
	for _, t := range s.toks {
		s.ids = append(s.ids, TermID(t))
	}
	slices.Sort(s.ids)
	clear(s.toks) // do not pin the text through the pool
}

// EncodeDocument implements retrieval.SparseEncoder: each distinct term
// gets tf·(k1+1) / (tf + k1·(1−b+b·len/avgLen)).
func (e *Encoder) EncodeDocument(text string) retrieval.Sparse {
	s := e.pool.Get().(*scratch)
	defer e.pool.Put(s)
	e.terms(s, text)
	if len(s.ids) == 0 {
		return retrieval.Sparse{}
	}
	norm := e.k1 * (1 - e.b + e.b*float64(len(s.ids))/e.avg)
	n := distinct(s.ids)
	out := retrieval.Sparse{Indices: make([]uint32, 0, n), Values: make([]float32, 0, n)}
	for i := 0; i < len(s.ids); {
		j := i + 1
		for j < len(s.ids) && s.ids[j] == s.ids[i] {
			j++
		}
		tf := float64(j - i)
		out.Indices = append(out.Indices, s.ids[i])
		out.Values = append(out.Values, float32(tf*(e.k1+1)/(tf+norm)))
		i = j
	}
	return out
}

// EncodeQuery implements retrieval.SparseEncoder: each distinct term of the
// question weighs 1, so the score is the sum of the matched terms' IDF-weighted
// document values.
func (e *Encoder) EncodeQuery(text string) retrieval.Sparse {
	s := e.pool.Get().(*scratch)
	defer e.pool.Put(s)
	e.terms(s, text)
	if len(s.ids) == 0 {
		return retrieval.Sparse{}
	}
	out := retrieval.Sparse{Indices: slices.Compact(slices.Clone(s.ids))}
	out.Values = make([]float32, len(out.Indices))
	for i := range out.Values {
		out.Values[i] = 1
	}
	return out
}

func distinct(sorted []uint32) int {
	n := 0
	for i := range sorted {
		if i == 0 || sorted[i] != sorted[i-1] {
			n++
		}
	}
	return n
}

// IDF is the inverse document frequency that an index applies to a term
// found in df of n documents: ln(1 + (n − df + 0.5)/(df + 0.5)), the same
// formula as Qdrant's idf modifier, never negative.
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n-df)+0.5)/(float64(df)+0.5))
}
