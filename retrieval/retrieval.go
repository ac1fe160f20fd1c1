// Package retrieval finds the evidence for an answer: embedders (an offline
// default and an OpenAI-compatible one), the chunk Index with its embedded
// (memvec) and Qdrant (qdrantvec) implementations, and hybrid search that
// fuses dense and keyword results.
package retrieval

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Errors; backends wrap them with context.
var (
	ErrInvalid     = errors.New("invalid input")
	ErrNotFound    = errors.New("not found")
	ErrUnavailable = errors.New("index unavailable")
)

// Chunk is a piece of a source document, with what search filters on.
type Chunk struct {
	KB          string   `json:"kb"`
	ID          string   `json:"id"`       // stable: derived from source id and position
	SourceID    string   `json:"sourceId"` // the source document (e.g. "policies/lj-returns-2025.md")
	Kind        string   `json:"kind"`     // product, policy, faq, doc
	Title       string   `json:"title,omitempty"`
	HeadingPath []string `json:"headingPath,omitempty"`
	Position    int      `json:"position"` // order within the source
	Text        string   `json:"text"`
	Hash        string   `json:"hash"` // content hash of Text and metadata
	Lang        string   `json:"lang,omitempty"`
	Channels    []string `json:"channels,omitempty"` // empty: every channel
	// ValidFrom/ValidTo bound when the chunk's content is in force (a
	// policy's effective dates); nil: unbounded.
	ValidFrom *time.Time `json:"validFrom,omitempty"`
	ValidTo   *time.Time `json:"validTo,omitempty"`
	EntityIDs []string   `json:"entityIds,omitempty"` // entities the chunk mentions or belongs to
}

// ValidAt reports whether the chunk is in force at t.
func (c *Chunk) ValidAt(t time.Time) bool {
	return (c.ValidFrom == nil || !t.Before(*c.ValidFrom)) && (c.ValidTo == nil || t.Before(*c.ValidTo))
}

// OnChannel reports whether the chunk applies to the channel ("" matches all).
func (c *Chunk) OnChannel(ch string) bool {
	return ch == "" || len(c.Channels) == 0 || slices.Contains(c.Channels, ch)
}

// Sparse is a sparse vector: term ids and weights, ids ascending.
type Sparse struct {
	Indices []uint32  `json:"indices"`
	Values  []float32 `json:"values"`
}

// Point is what the index stores for a chunk: its vectors and the chunk as payload.
type Point struct {
	Chunk  Chunk
	Dense  []float32
	Sparse Sparse
}

// Filter restricts a search, count or delete. KB is required; every other
// field narrows further when set.
type Filter struct {
	KB        string
	Channel   string    // chunks for this channel or for all channels
	AsOf      time.Time // chunks in force at this instant
	SourceIDs []string  // any of
	EntityIDs []string  // mentioning any of
	Kinds     []string  // any of
	IDs       []string  // any of
}

// Query is a hybrid search: dense and sparse candidates (Prefetch of each)
// under the same filter, fused with reciprocal rank fusion. A query with
// only one of the vectors is a plain dense or sparse search.
type Query struct {
	Dense    []float32
	Sparse   Sparse
	Filter   Filter
	Limit    int // results; default 10
	Prefetch int // candidates per side; default 4×Limit
}

// Hit is one search result. Score is the fused score (or the single
// side's score); the per-side ranks are 0 when the chunk was not a
// candidate on that side.
type Hit struct {
	Chunk       Chunk
	Score       float64
	DenseScore  float64
	SparseScore float64
	DenseRank   int
	SparseRank  int
}

// Index stores chunk points and searches them. Implementations never return
// or touch points outside Filter.KB, and are safe for concurrent use.
type Index interface {
	// Upsert stores points, replacing those with the same (KB, ID).
	Upsert(ctx context.Context, points []Point) error
	// Delete removes the points matching the filter and reports how many.
	Delete(ctx context.Context, f Filter) (int, error)
	// Search runs a query; ErrInvalid for a malformed one.
	Search(ctx context.Context, q Query) ([]Hit, error)
	// Get returns the chunks with the ids, in the order found; missing ids are skipped.
	Get(ctx context.Context, kb string, ids []string) ([]Chunk, error)
	// Count counts the points matching the filter.
	Count(ctx context.Context, f Filter) (int, error)
	Close() error
}

// Embedder turns texts into dense vectors.
type Embedder interface {
	// Embed returns one vector per text, each of Dim() floats, L2-normalised.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dim() int
	// Name identifies the model, so an index built with another is detected.
	Name() string
}

// RRF fuses ranked lists with reciprocal rank fusion: score = Σ 1/(k+rank).
const RRFK = 60
