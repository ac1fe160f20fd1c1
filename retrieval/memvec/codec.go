package memvec

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"kgrag/retrieval"
)

var le = binary.LittleEndian

// A stored point is: version byte 1, uvarint length + chunk JSON, dim
// float32 (little endian), uvarint n, n uint32 term ids, n float32 values.
const pointVersion = 1

var errCorrupt = errors.New("corrupt point")

func encodePoint(p *retrieval.Point) ([]byte, error) {
	js, err := json.Marshal(&p.Chunk)
	if err != nil {
		return nil, fmt.Errorf("encode chunk: %v: %w", err, retrieval.ErrInvalid)
	}
	n := len(p.Sparse.Indices)
	b := make([]byte, 0, 1+binary.MaxVarintLen64*2+len(js)+4*len(p.Dense)+8*n)
	b = append(b, pointVersion)
	b = binary.AppendUvarint(b, uint64(len(js)))
	b = append(b, js...)
	for _, f := range p.Dense {
		b = le.AppendUint32(b, math.Float32bits(f))
	}
	b = binary.AppendUvarint(b, uint64(n))
	for _, t := range p.Sparse.Indices {
		b = le.AppendUint32(b, t)
	}
	for _, v := range p.Sparse.Values {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	return b, nil
}

// skipToSparse returns the chunk JSON and the rest of b after the dense vector.
func split(b []byte, dim int) (js, dense, rest []byte, err error) {
	if len(b) < 1 || b[0] != pointVersion {
		return nil, nil, nil, fmt.Errorf("%w: version", errCorrupt)
	}
	l, n := binary.Uvarint(b[1:])
	if n <= 0 || uint64(len(b)-1-n) < l {
		return nil, nil, nil, fmt.Errorf("%w: chunk length", errCorrupt)
	}
	off := 1 + n
	js = b[off : off+int(l)]
	off += int(l)
	if len(b)-off < 4*dim {
		return nil, nil, nil, fmt.Errorf("%w: dense vector", errCorrupt)
	}
	return js, b[off : off+4*dim], b[off+4*dim:], nil
}

func decodeSparse(rest []byte, withValues bool) (retrieval.Sparse, error) {
	cnt, n := binary.Uvarint(rest)
	// cnt is compared by division: 8*cnt of a corrupt count can wrap
	// around to the bytes left and allocate beyond them.
	if n <= 0 || cnt > uint64(len(rest)-n)/8 || uint64(len(rest)-n) != 8*cnt {
		return retrieval.Sparse{}, fmt.Errorf("%w: sparse vector", errCorrupt)
	}
	rest = rest[n:]
	var s retrieval.Sparse
	if cnt == 0 {
		return s, nil
	}
	s.Indices = make([]uint32, cnt)
	for i := range s.Indices {
		s.Indices[i] = le.Uint32(rest[4*i:])
	}
	if withValues {
		rest = rest[4*cnt:]
		s.Values = make([]float32, cnt)
		for i := range s.Values {
			s.Values[i] = math.Float32frombits(le.Uint32(rest[4*i:]))
		}
	}
	return s, nil
}

func decodePoint(b []byte, dim int) (retrieval.Point, error) {
	return decodePointInto(b, dim, make([]float32, dim))
}

// decodePointInto decodes a stored point with its dense vector in dense
// (dim long; the caller may reuse it once done with the point).
func decodePointInto(b []byte, dim int, dense32 []float32) (retrieval.Point, error) {
	js, dense, rest, err := split(b, dim)
	if err != nil {
		return retrieval.Point{}, err
	}
	var p retrieval.Point
	if err := json.Unmarshal(js, &p.Chunk); err != nil {
		return retrieval.Point{}, fmt.Errorf("%w: chunk: %v", errCorrupt, err)
	}
	p.Dense = dense32[:dim]
	for i := range p.Dense {
		p.Dense[i] = math.Float32frombits(le.Uint32(dense[4*i:]))
	}
	if p.Sparse, err = decodeSparse(rest, true); err != nil {
		return retrieval.Point{}, err
	}
	return p, nil
}

// decodeChunk reads only the chunk of a stored point.
func decodeChunk(b []byte, dim int) (retrieval.Chunk, error) {
	js, _, _, err := split(b, dim)
	if err != nil {
		return retrieval.Chunk{}, err
	}
	var c retrieval.Chunk
	if err := json.Unmarshal(js, &c); err != nil {
		return retrieval.Chunk{}, fmt.Errorf("%w: chunk: %v", errCorrupt, err)
	}
	return c, nil
}

// decodeDense reads only the dense vector of a stored point into dst (dim long).
func decodeDense(b []byte, dim int, dst []float32) error {
	_, dense, _, err := split(b, dim)
	if err != nil {
		return err
	}
	for i := range dst {
		dst[i] = math.Float32frombits(le.Uint32(dense[4*i:]))
	}
	return nil
}

// decodeSparseIndices reads only the term ids of a stored point.
func decodeSparseIndices(b []byte, dim int) ([]uint32, error) {
	_, _, rest, err := split(b, dim)
	if err != nil {
		return nil, err
	}
	s, err := decodeSparse(rest, false)
	return s.Indices, err
}
