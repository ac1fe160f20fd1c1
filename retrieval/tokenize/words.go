package tokenize

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/go-ego/gse/hmm"
)

// WordSegmenter is gse's Chinese word segmentation (Cut and CutSearch with
// HMM for unknown words) over a compact copy of gse's dictionary: the same
// words and frequencies in one pointer-free hash table, about 15 MiB of heap
// instead of the ~130 MiB that gse's Segmenter keeps (a double-array trie
// with int-sized cells, a per-word slice of per-character slices, and the
// sub-word segmentations for gse's Segment API, which Cut and CutSearch never
// read). Its output is gse's, word for word: the segmentation code below
// follows gse v0.80.3's cutDAG and cutForSearch (dag.go), and a test compares
// both on the dev sets' texts. Safe for concurrent use.
type WordSegmenter struct {
	seed  maphash.Seed
	mask  uint64
	slots []uint32 // open addressing, linear probing: 0 empty, else key index + 1

	blob string   // the words' bytes, one after another
	off  []uint32 // key i is blob[off[i] : off[i]+n[i]]
	n    []uint16
	// freq[i] is word i's frequency; keys from len(freq) on are proper
	// prefixes of words that are not words themselves (gse's trie tells
	// "prefix of a word" apart from "no such path", and the DAG search stops
	// only at the latter).
	freq []float64
	// pos[i] is word i's part of speech in gse's dictionary (jieba's tags:
	// "n" noun, "ns" place name, "v" verb…), as an index into posTags.
	pos       []uint8
	posTags   []string
	logTotal  float64 // math.Log of the dictionary's total frequency
	keyCount  int
	wordCount int
}

// newWordSegmenter copies the words and frequencies of a loaded gse
// dictionary (the trie's keys are Token.Text: alphanumerics lower-cased).
func newWordSegmenter(dict *gse.Dictionary) (*WordSegmenter, error) {
	toks := dict.Tokens
	if len(toks) == 0 {
		return nil, fmt.Errorf("tokenize: empty gse dictionary")
	}
	words := make([]string, len(toks))
	size := 0
	for i := range toks {
		words[i] = toks[i].Text()
		size += len(words[i])
	}
	if size > math.MaxUint32 {
		return nil, fmt.Errorf("tokenize: gse dictionary too large (%d bytes)", size)
	}
	var blob strings.Builder
	blob.Grow(size)
	for _, w := range words {
		blob.WriteString(w)
	}
	s := &WordSegmenter{
		seed:      maphash.MakeSeed(),
		blob:      blob.String(),
		freq:      make([]float64, len(words)),
		pos:       make([]uint8, len(words)),
		wordCount: len(words),
	}
	// Keys: the words, then every proper prefix (at a character boundary)
	// that is not itself a word, pointing into its word's bytes.
	type ref struct {
		off uint32
		n   uint16
	}
	keys := make(map[string]ref, 2*len(words))
	at := uint32(0)
	for i, w := range words {
		if len(w) > math.MaxUint16 {
			return nil, fmt.Errorf("tokenize: gse word of %d bytes", len(w))
		}
		if _, dup := keys[w]; dup {
			return nil, fmt.Errorf("tokenize: gse dictionary holds %q twice", w)
		}
		keys[w] = ref{at, uint16(len(w))}
		s.off = append(s.off, at)
		s.n = append(s.n, uint16(len(w)))
		s.freq[i] = toks[i].Freq()
		tag := toks[i].Pos()
		k := slices.Index(s.posTags, tag)
		if k < 0 {
			if len(s.posTags) > math.MaxUint8 {
				return nil, fmt.Errorf("tokenize: gse dictionary has more than %d parts of speech", math.MaxUint8+1)
			}
			k = len(s.posTags)
			s.posTags = append(s.posTags, tag)
		}
		s.pos[i] = uint8(k)
		at += uint32(len(w))
	}
	at = 0
	for _, w := range words {
		for j := 0; j < len(w); {
			_, size := utf8.DecodeRuneInString(w[j:])
			j += size
			if j >= len(w) {
				break
			}
			if _, ok := keys[w[:j]]; !ok {
				keys[w[:j]] = ref{at, uint16(j)}
				s.off = append(s.off, at)
				s.n = append(s.n, uint16(j))
			}
		}
		at += uint32(len(w))
	}
	keys = nil
	s.keyCount = len(s.off)
	s.off = s.off[:len(s.off):len(s.off)]
	s.n = s.n[:len(s.n):len(s.n)]
	// A table of at least twice the keys keeps probe runs short (a lookup
	// that misses, the common case at the end of each DAG step, scans to an
	// empty slot).
	tableSize := uint64(1) << bits.Len64(uint64(2*s.keyCount-1))
	s.mask = tableSize - 1
	s.slots = make([]uint32, tableSize)
	for i := range s.keyCount {
		h := maphash.String(s.seed, s.key(i)) & s.mask
		for s.slots[h] != 0 {
			h = (h + 1) & s.mask
		}
		s.slots[h] = uint32(i + 1)
	}
	s.logTotal = math.Log(dict.TotalFreq())
	return s, nil
}

func (s *WordSegmenter) key(i int) string {
	o := s.off[i]
	return s.blob[o : o+uint32(s.n[i])]
}

// index is the key index of w (a word when below wordCount, else a
// proper prefix of a word), or -1.
func (s *WordSegmenter) index(w string) int {
	h := maphash.String(s.seed, w) & s.mask
	for {
		e := s.slots[h]
		if e == 0 {
			return -1
		}
		i := int(e - 1)
		if int(s.n[i]) == len(w) && s.key(i) == w {
			return i
		}
		h = (h + 1) & s.mask
	}
}

// find is gse's Dictionary.Find: a word's frequency and true; 0 and true
// for a proper prefix of a word; 0 and false otherwise.
func (s *WordSegmenter) find(w string) (float64, bool) {
	switch i := s.index(w); {
	case i < 0:
		return 0, false
	case i < s.wordCount:
		return s.freq[i], true
	}
	return 0, true
}

// Freq is a dictionary word's frequency (0 for a word it does not have).
func (s *WordSegmenter) Freq(w string) float64 {
	f, _ := s.find(w)
	return f
}

// Pos is a dictionary word's part of speech as gse's dictionary tags it
// (jieba's tag set: "n" noun, "ns" place name, "v" verb, "vn" verbal noun);
// "" for a word it does not have.
func (s *WordSegmenter) Pos(w string) string {
	if i := s.index(w); i >= 0 && i < s.wordCount {
		return s.posTags[s.pos[i]]
	}
	return ""
}

// Words is the number of dictionary words.
func (s *WordSegmenter) Words() int { return s.wordCount }

// Cut segments text into words like gse's Segmenter.Cut(text, true):
// dictionary words by maximum probability, runs of unknown characters by
// gse's HMM.
func (s *WordSegmenter) Cut(text string) []string {
	if gse.ToLower {
		text = strings.ToLower(text)
	}
	// gse works on []rune and looks up string(runes[i:j]); the same strings
	// are substrings of the runes re-encoded (which differs from text only
	// where text is not valid UTF-8).
	runes := []rune(text)
	str := string(runes)
	n := len(runes)
	pos := make([]int, n+1) // byte offset of rune i in str
	for i, p := 0, 0; i < n; i++ {
		pos[i] = p
		p += utf8.RuneLen(runes[i])
		pos[i+1] = p
	}
	sub := func(i, j int) string { return str[pos[i]:pos[j]] }

	// gse's getDag: for each start k, the ends i of the dictionary words
	// runes[k:i+1] (or k alone).
	dag := make([][]int, n)
	for k := range n {
		for i := k; i < n; i++ {
			freq, ok := s.find(sub(k, i+1))
			if !ok {
				break
			}
			if freq > 0 {
				dag[k] = append(dag[k], i)
			}
		}
		if len(dag[k]) == 0 {
			dag[k] = append(dag[k], k)
		}
	}

	// gse's calc: the best route from each position to the end.
	type route struct {
		freq  float64
		index int
		set   bool
	}
	rs := make([]route, n+1)
	rs[n] = route{set: true}
	for idx := n - 1; idx >= 0; idx-- {
		for _, i := range dag[idx] {
			var r route
			if freq, ok := s.find(sub(idx, i+1)); ok {
				r = route{freq: math.Log(freq) - s.logTotal + rs[i+1].freq, index: i, set: true}
			} else {
				r = route{freq: math.Log(1.0) - s.logTotal + rs[i+1].freq, index: i, set: true}
			}
			if v := rs[idx]; !v.set {
				rs[idx] = r
			} else if v.freq < r.freq || (v.freq == r.freq && v.index < r.index) {
				rs[idx] = r
			}
		}
	}

	// gse's cutDAG: follow the route; runs of single characters go to the
	// HMM unless the run is a dictionary word.
	result := make([]string, 0, int(float32(len(text))/gse.RatioWord)+1)
	bufStart := -1
	flush := func(end int) {
		if bufStart < 0 {
			return
		}
		buf := sub(bufStart, end)
		if end-bufStart == 1 {
			result = append(result, buf)
		} else if v, ok := s.find(buf); !ok || v == 0 {
			result = append(result, hmm.Cut(buf)...)
		} else {
			for i := bufStart; i < end; i++ {
				result = append(result, sub(i, i+1))
			}
		}
		bufStart = -1
	}
	for x := 0; x < n; {
		y := rs[x].index + 1
		if y-x == 1 {
			if bufStart < 0 {
				bufStart = x
			}
		} else {
			flush(x)
			result = append(result, sub(x, y))
		}
		x = y
	}
	flush(n)
	return result
}

// CutSearch is gse's Segmenter.CutSearch(text, true): Cut, with each word of
// more than two (three) characters preceded by the dictionary words among
// its character bigrams (trigrams).
func (s *WordSegmenter) CutSearch(text string) []string {
	words := s.Cut(text)
	result := make([]string, 0, int(float32(len(text))/gse.RatioWordFull)+1)
	for _, word := range words {
		runes := []rune(word)
		for _, incr := range []int{2, 3} {
			if len(runes) <= incr {
				continue
			}
			for i := 0; i < len(runes)-incr+1; i++ {
				gram := string(runes[i : i+incr])
				if v, ok := s.find(gram); ok && v > 0 {
					result = append(result, gram)
				}
			}
		}
		result = append(result, word)
	}
	return result
}
