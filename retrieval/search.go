package retrieval

import (
	"context"
	"fmt"
	"strings"
)

// Limits on a Query; an Index returns ErrInvalid outside them.
const (
	DefaultLimit = 10
	MaxLimit     = 1000 // results per query
	MaxPrefetch  = 10000
)

// SparseEncoder turns text into the keyword (sparse) vector of a chunk or a
// question. Document values carry the term-frequency part of BM25; the
// inverse document frequency is applied at query time by the Index from its
// own statistics (Qdrant's "idf" modifier, memvec's per-KB counts), so query
// values are plain term weights (1 for each distinct term).
type SparseEncoder interface {
	EncodeDocument(text string) Sparse
	EncodeQuery(text string) Sparse
	// Name identifies the tokenisation, so an index built with another is detected.
	Name() string
}

// Mode chooses the sides of a search.
type Mode int

// Search modes; the zero value is hybrid.
const (
	Hybrid Mode = iota
	DenseOnly
	SparseOnly
)

func (m Mode) String() string {
	switch m {
	case Hybrid:
		return "hybrid"
	case DenseOnly:
		return "dense"
	case SparseOnly:
		return "sparse"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// SearchOptions tune a Searcher.Search; the zero value is a hybrid search
// for DefaultLimit hits.
type SearchOptions struct {
	Limit    int // 0: DefaultLimit
	Prefetch int // candidates per side; 0: the Index default (4×Limit)
	Mode     Mode
}

// Searcher answers a question text with chunk hits: it embeds and encodes
// the text and runs one (hybrid) query. Safe for concurrent use when its
// parts are.
type Searcher struct {
	idx Index
	emb Embedder
	sp  SparseEncoder
}

// NewSearcher returns a Searcher over idx. The embedder and sparse encoder
// must be the ones the chunks were indexed with.
func NewSearcher(idx Index, emb Embedder, sp SparseEncoder) *Searcher {
	return &Searcher{idx: idx, emb: emb, sp: sp}
}

// Search finds the chunks that best answer text under f. Returns
// ErrInvalid for an empty text or a bad filter or limit.
func (s *Searcher) Search(ctx context.Context, text string, f Filter, o SearchOptions) ([]Hit, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("retrieval: search: empty text: %w", ErrInvalid)
	}
	q := Query{Filter: f, Limit: o.Limit, Prefetch: o.Prefetch}
	if o.Mode != SparseOnly {
		vs, err := s.emb.Embed(ctx, []string{text})
		if err != nil {
			return nil, fmt.Errorf("retrieval: search: embed question: %w", err)
		}
		if len(vs) != 1 {
			return nil, fmt.Errorf("retrieval: search: embedder returned %d vectors for 1 text", len(vs))
		}
		q.Dense = vs[0]
	}
	if o.Mode != DenseOnly {
		q.Sparse = s.sp.EncodeQuery(text)
		if len(q.Sparse.Indices) == 0 && o.Mode == SparseOnly {
			return nil, nil // no keyword in the text: nothing can match
		}
	}
	hits, err := s.idx.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	return hits, nil
}

// IndexerOptions tune an Indexer; zero values take the defaults.
type IndexerOptions struct {
	BatchSize int // chunks per Embed call and per Upsert; default 256
}

// Indexer turns chunks into points (dense + sparse vectors) and stores
// them. Safe for concurrent use when its parts are.
type Indexer struct {
	idx   Index
	emb   Embedder
	sp    SparseEncoder
	batch int
}

// NewIndexer returns an Indexer writing to idx.
func NewIndexer(idx Index, emb Embedder, sp SparseEncoder, o IndexerOptions) *Indexer {
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	return &Indexer{idx: idx, emb: emb, sp: sp, batch: o.BatchSize}
}

// IndexChunks embeds, encodes and upserts the chunks, replacing any stored
// chunk with the same (KB, ID). Each batch is stored atomically; on error
// the batches before it stay stored, so a retry of the same call completes
// the work. Returns ErrInvalid for a chunk without KB or ID.
func (x *Indexer) IndexChunks(ctx context.Context, chunks []Chunk) error {
	for i := range chunks {
		if chunks[i].KB == "" || chunks[i].ID == "" {
			return fmt.Errorf("retrieval: index chunk %d (%q): missing kb or id: %w", i, chunks[i].ID, ErrInvalid)
		}
	}
	texts := make([]string, 0, x.batch)
	for start := 0; start < len(chunks); start += x.batch {
		part := chunks[start:min(start+x.batch, len(chunks))]
		texts = texts[:0]
		for i := range part {
			texts = append(texts, EmbedText(&part[i]))
		}
		vecs, err := x.emb.Embed(ctx, texts)
		if err != nil {
			return fmt.Errorf("retrieval: index chunks %d-%d: embed: %w", start, start+len(part)-1, err)
		}
		if len(vecs) != len(part) {
			return fmt.Errorf("retrieval: index chunks: embedder returned %d vectors for %d texts", len(vecs), len(part))
		}
		points := make([]Point, len(part))
		for i := range part {
			points[i] = Point{Chunk: part[i], Dense: vecs[i], Sparse: x.sp.EncodeDocument(texts[i])}
		}
		if err := x.idx.Upsert(ctx, points); err != nil {
			return fmt.Errorf("retrieval: index chunks %d-%d: %w", start, start+len(part)-1, err)
		}
	}
	return nil
}

// DeleteSource removes every chunk of the source from the knowledge base
// and reports how many there were.
func (x *Indexer) DeleteSource(ctx context.Context, kb, sourceID string) (int, error) {
	if kb == "" || sourceID == "" {
		return 0, fmt.Errorf("retrieval: delete source %q in kb %q: %w", sourceID, kb, ErrInvalid)
	}
	n, err := x.idx.Delete(ctx, Filter{KB: kb, SourceIDs: []string{sourceID}})
	if err != nil {
		return 0, fmt.Errorf("retrieval: delete source %q: %w", sourceID, err)
	}
	return n, nil
}

// EmbedText is the text a chunk is embedded and keyword-encoded from: its
// title and heading path (context the chunk text often lacks, such as the
// policy a paragraph belongs to) followed by the text. Parts the text
// already starts with are not repeated.
func EmbedText(c *Chunk) string {
	var b strings.Builder
	seen := make([]string, 0, 1+len(c.HeadingPath))
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || strings.HasPrefix(c.Text, s) {
			return
		}
		for _, p := range seen {
			if p == s {
				return
			}
		}
		seen = append(seen, s)
		b.WriteString(s)
		b.WriteString(" / ")
	}
	add(c.Title)
	for _, h := range c.HeadingPath {
		add(h)
	}
	if b.Len() == 0 {
		return c.Text
	}
	s := b.String()
	return s[:len(s)-3] + "\n" + c.Text
}
