package tokenize

import (
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/go-ego/gse"
)

// GSE is a Tokenizer that segments CJK runs into dictionary words with
// go-ego/gse's segmentation (simplified Chinese dictionary embedded in the
// binary, about 5 MB of text; HMM for unknown words; see WordSegmenter);
// other runs are words as in Bigrams. With Search, long words are also split into
// the shorter dictionary words they contain ("search mode"), which helps a
// question that uses part of a compound.
type GSE struct {
	seg    *WordSegmenter
	search bool
}

var (
	gseOnce sync.Once
	gseSeg  *WordSegmenter
	gseErr  error
)

// Segmenter returns the process's one word segmenter over gse's embedded
// simplified-Chinese dictionary, loaded on first use: gse loads the
// dictionary (about a second and 400 MB allocated), its words and
// frequencies are copied into a WordSegmenter (about 15 MiB), and gse's
// structures are dropped and their memory returned to the operating system.
func Segmenter() (*WordSegmenter, error) {
	gseOnce.Do(func() {
		gseSeg, gseErr = loadSegmenter()
		// The ~130 MiB of gse's dictionary are garbage now: give the pages
		// back at once rather than leaving them to the background
		// scavenger (a one-off collection at start-up).
		debug.FreeOSMemory()
	})
	return gseSeg, gseErr
}

func loadSegmenter() (*WordSegmenter, error) {
	var s gse.Segmenter
	s.SkipLog = true
	if err := s.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("tokenize: load gse dictionary: %w", err)
	}
	return newWordSegmenter(s.Dict)
}

// NewGSE returns a GSE tokenizer over the shared Segmenter (see the
// retrieval README).
func NewGSE(search bool) (*GSE, error) {
	s, err := Segmenter()
	if err != nil {
		return nil, err
	}
	return &GSE{seg: s, search: search}, nil
}

// Name implements Tokenizer.
func (t *GSE) Name() string {
	if t.search {
		return "gse-search-v2"
	}
	return "gse-v2"
}

// AppendTokens implements Tokenizer.
func (t *GSE) AppendTokens(dst []string, text string) []string {
	Runs(Normalize(text), func(run string, cjk bool) {
		if !cjk {
			dst = AppendWord(dst, run)
			return
		}
		var words []string
		if t.search {
			words = t.seg.CutSearch(run)
		} else {
			words = t.seg.Cut(run)
		}
		dst = append(dst, words...)
	})
	return dst
}
