// Package embed has the offline default retrieval.Embedder: deterministic
// hashed text features, no model and no network. CJK text contributes its
// character unigrams, bigrams and trigrams, other text its lower-case words
// and their character trigrams; each feature is weighted by kind and by
// sublinear term frequency (1+ln tf), hashed with a sign into Dim buckets
// (the hashing trick), and the vector is L2-normalised, so the dot product
// of two vectors is their cosine similarity: overlap of wording, robust to
// the lack of spaces in Chinese and to English inflection.
package embed

import (
	"context"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"kgrag/retrieval"
	"kgrag/retrieval/tokenize"
)

// DefaultDim is the dimension of the default Hashed embedder.
const DefaultDim = 512

// Options tune a Hashed embedder; zero values take the defaults. Changing
// any of them changes Name, so an index built with other settings is
// detected.
type Options struct {
	Dim int // default DefaultDim

	// Feature weights; negative disables a kind.
	Unigram, Bigram, Trigram float32 // CJK characters; defaults 0.5, 1, 0.5
	Word, WordGram           float32 // other words and their char trigrams; defaults 1, 0.25
}

// Hashed is the offline embedder. Safe for concurrent use.
type Hashed struct {
	o    Options
	name string
	pool sync.Pool
}

var _ retrieval.Embedder = (*Hashed)(nil)

// New returns a Hashed embedder.
func New(o Options) (*Hashed, error) {
	if o.Dim == 0 {
		o.Dim = DefaultDim
	}
	if o.Dim < 8 || o.Dim > 1<<16 {
		return nil, fmt.Errorf("embed: dimension %d out of range [8, 65536]: %w", o.Dim, retrieval.ErrInvalid)
	}
	def := func(w *float32, d float32) {
		switch {
		case *w == 0:
			*w = d
		case *w < 0:
			*w = 0
		}
	}
	def(&o.Unigram, 0.5)
	def(&o.Bigram, 1)
	def(&o.Trigram, 0.5)
	def(&o.Word, 1)
	def(&o.WordGram, 0.25)
	h := &Hashed{o: o}
	h.name = fmt.Sprintf("hashed-v2-d%d-u%g-b%g-t%g-w%g-g%g", o.Dim, o.Unigram, o.Bigram, o.Trigram, o.Word, o.WordGram)
	h.pool.New = func() any { return &acc{feats: make(map[uint64]feat, 1024)} }
	return h, nil
}

// Dim implements retrieval.Embedder.
func (h *Hashed) Dim() int { return h.o.Dim }

// Name implements retrieval.Embedder.
func (h *Hashed) Name() string { return h.name }

// Embed implements retrieval.Embedder. An empty text (or one with no
// letters, digits or CJK characters) gets the zero vector, which is
// similar to nothing.
func (h *Hashed) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	flat := make([]float32, len(texts)*h.o.Dim) // one allocation for the batch
	for i, t := range texts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("embed: %w", err)
			}
		}
		out[i] = flat[i*h.o.Dim : (i+1)*h.o.Dim : (i+1)*h.o.Dim]
		h.embed(t, out[i])
	}
	return out, nil
}

type feat struct {
	n uint32
	w float32
}

type acc struct {
	feats map[uint64]feat
	offs  []int
}

// Feature kinds, mixed into the hash so equal strings of different kinds
// land in different buckets.
const (
	kUni = iota + 1
	kBi
	kTri
	kWord
	kWordGram
)

func (h *Hashed) embed(text string, v []float32) {
	a := h.pool.Get().(*acc)
	defer func() { clear(a.feats); h.pool.Put(a) }()
	add := func(kind byte, s string, w float32) {
		if w == 0 {
			return
		}
		k := hash(kind, s)
		f := a.feats[k]
		f.n++
		f.w = w
		a.feats[k] = f
	}
	tokenize.Runs(tokenize.Normalize(text), func(run string, cjk bool) {
		if !cjk {
			add(kWord, run, h.o.Word)
			tokenize.WordParts(run, func(p string) { add(kWord, p, h.o.Word*0.5) })
			if h.o.WordGram > 0 && len(run) >= 3 && !isDigits(run) {
				addWordGrams(run, func(g string) { add(kWordGram, g, h.o.WordGram) })
			}
			return
		}
		// offsets of the run's runes, plus its end
		o := a.offs[:0]
		for i := range run {
			o = append(o, i)
		}
		o = append(o, len(run))
		a.offs = o
		n := len(o) - 1
		for i := range n {
			add(kUni, run[o[i]:o[i+1]], h.o.Unigram*stopWeight(run[o[i]:o[i+1]]))
			if i+2 <= n {
				add(kBi, run[o[i]:o[i+2]], h.o.Bigram)
			}
			if i+3 <= n {
				add(kTri, run[o[i]:o[i+3]], h.o.Trigram)
			}
		}
	})
	var sum float64
	for k, f := range a.feats {
		w := f.w * (1 + float32(math.Log(float64(f.n))))
		if k>>63 != 0 {
			w = -w
		}
		v[k%uint64(len(v))] += w
	}
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}

// hash is 64-bit FNV-1a of the kind byte and s.
func hash(kind byte, s string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(kind)
	h *= 1099511628211
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	// FNV's high bits mix poorly for short keys; finish like splitmix64.
	h ^= h >> 31
	h *= 0x7fb5d329728ea185
	h ^= h >> 27
	return h
}

// addWordGrams calls fn with the character trigrams of word padded with
// spaces at both ends (" re", "ret", …, "ns ").
func addWordGrams(word string, fn func(string)) {
	var buf [128]byte
	if len(word)+2 > len(buf) {
		return
	}
	p := buf[:0]
	p = append(p, ' ')
	p = append(p, word...)
	p = append(p, ' ')
	s := string(p) // one allocation per word; grams are substrings of it
	var offs [130]int
	o := offs[:0]
	for i := range s {
		o = append(o, i)
	}
	o = append(o, len(s))
	for i := 0; i+3 < len(o); i++ {
		fn(s[o[i]:o[i+3]])
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

// stopWeight damps the Chinese function characters that appear in almost
// every text, which hashed features cannot discount by IDF.
func stopWeight(ch string) float32 {
	r, _ := utf8.DecodeRuneInString(ch)
	if _, ok := stopChars[r]; ok {
		return 0.2
	}
	return 1
}

var stopChars = func() map[rune]struct{} {
	m := map[rune]struct{}{}
	for _, r := range "的了是吗呢啊吧么我你他她它们在有和与及或这那个一不也就都请问要能可以会为对于被把从到而" {
		m[r] = struct{}{}
	}
	return m
}()
