package tokenize

import (
	"fmt"
	"sync"

	"github.com/go-ego/gse"
)

// GSE is a Tokenizer that segments CJK runs into dictionary words with
// go-ego/gse (simplified Chinese dictionary embedded in the binary, about
// 33 MB; HMM for unknown words); other runs are words as in Bigrams. With Search, long words are also split into
// the shorter dictionary words they contain ("search mode"), which helps a
// question that uses part of a compound.
type GSE struct {
	seg    *gse.Segmenter
	search bool
}

var (
	gseOnce sync.Once
	gseSeg  *gse.Segmenter
	gseErr  error
)

// Segmenter returns the process's one gse segmenter with the embedded
// simplified-Chinese dictionary, loaded on first use (about a second and
// 200 MB: every user of gse in the process shares it).
func Segmenter() (*gse.Segmenter, error) {
	gseOnce.Do(func() {
		var s gse.Segmenter
		s.SkipLog = true
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			gseErr = fmt.Errorf("tokenize: load gse dictionary: %w", err)
			return
		}
		gseSeg = &s
	})
	return gseSeg, gseErr
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
			words = t.seg.CutSearch(run, true)
		} else {
			words = t.seg.Cut(run, true)
		}
		dst = append(dst, words...)
	})
	return dst
}
