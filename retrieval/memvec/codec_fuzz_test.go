package memvec

import (
	"encoding/binary"
	"testing"
	"time"

	"kgrag/retrieval"
)

// FuzzDecodePoint feeds the on-disk point decoder arbitrary bytes (a
// corrupt or truncated data file): it returns an error or a point, never
// panics or allocates what the bytes do not hold, and what it decodes
// encodes back to a point that decodes again. Seeds: stored points of the
// shapes the index writes, and corruptions of them.
func FuzzDecodePoint(f *testing.F) {
	const dim = 4
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	points := []retrieval.Point{
		{Chunk: retrieval.Chunk{KB: "kb", ID: "c1", SourceID: "faq.csv", Text: "保修多久？两年。"}, Dense: []float32{1, 0, 0, 0}},
		{Chunk: retrieval.Chunk{KB: "kb", ID: "c2", SourceID: "p.md", Channels: []string{"tmall"}, ValidFrom: &from, EntityIDs: []string{"P1"}},
			Dense: []float32{0.5, 0.5, 0.5, 0.5}, Sparse: retrieval.Sparse{Indices: []uint32{3, 9}, Values: []float32{1.5, 0.25}}},
	}
	for _, p := range points {
		b, err := encodePoint(&p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, dim)
		f.Add(b[:len(b)-3], dim) // truncated
		f.Add(b, dim+1)          // another dimension
	}
	// A sparse count whose byte size overflows: 8 × (2^61 + 1) wraps to 8.
	huge := []byte{pointVersion}
	huge = binary.AppendUvarint(huge, 2)
	huge = append(huge, "{}"...)
	huge = binary.AppendUvarint(huge, 1<<61+1)
	huge = append(huge, make([]byte, 8)...)
	f.Add(huge, 0)
	f.Add([]byte{}, dim)
	f.Add([]byte{pointVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, dim)

	f.Fuzz(func(t *testing.T, b []byte, dim int) {
		if dim < 0 || dim > 64 {
			return // the dimension comes from the index's own metadata, not the record
		}
		p, err := decodePoint(b, dim)
		if _, ierr := decodeSparseIndices(b, dim); (ierr == nil) != (err == nil) && err == nil {
			t.Fatalf("decodePoint accepted what decodeSparseIndices refused: %v", ierr)
		}
		if err != nil {
			return
		}
		if len(p.Dense) != dim || len(p.Sparse.Indices) != len(p.Sparse.Values) {
			t.Fatalf("decoded point has %d dense values (dim %d) and %d/%d sparse", len(p.Dense), dim, len(p.Sparse.Indices), len(p.Sparse.Values))
		}
		k := newKBIndex(dim, false)
		k.add(&p) // what Open does with it
		again, err := encodePoint(&p)
		if err != nil {
			return // e.g. a chunk JSON with invalid UTF-8 that marshals differently
		}
		if _, err := decodePoint(again, dim); err != nil {
			t.Fatalf("re-encoded point does not decode: %v", err)
		}
	})
}
