// Package memvec is the embedded, in-process retrieval.Index: the default
// when no Qdrant is configured. Points are persisted in a bbolt file in the
// data directory (one nested bucket per knowledge base; every Upsert or
// Delete is one fsynced transaction, so a crash keeps each call whole or
// not at all). At Open, what search needs is loaded into memory: the
// inverted index, the filter fields, and the dense vectors as int8 codes
// with a scale per vector; chunk texts and payloads stay in the file and
// are read for the hits. Dense search scans the codes with SIMD int8 dot
// products and rescores the best candidates with the stored float32
// vectors (exact scores); sparse search walks the inverted index with BM25
// IDF from each knowledge base's own statistics; hybrid search fuses both
// with reciprocal rank fusion.
package memvec

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"kgrag/retrieval"
)

// FileName is the index file inside the data directory.
const FileName = "chunks.db"

// Limits on stored values; longer ones are refused with ErrInvalid.
const (
	maxKBLen = 256
	maxIDLen = 1024
)

// Options configure Open.
type Options struct {
	// Dim is the dense vector dimension. Required for a new index; for an
	// existing one it must match the stored dimension or be 0.
	Dim int
	// NoSync skips fsync on commit: faster, but a machine crash may lose
	// or corrupt recent writes. For tests and benchmarks only.
	NoSync bool
	// LockTimeout bounds the wait for another process to release the
	// index file; default 2s.
	LockTimeout time.Duration
	// DenseOnDemand keeps a knowledge base's dense vectors out of memory
	// until its first dense (or hybrid) search, which reads them from the
	// file (about a second per 100k chunks) and keeps them from then on.
	// For deployments that search keyword-only.
	DenseOnDemand bool
}

// Index is the embedded retrieval.Index. Safe for concurrent use: searches
// run in parallel; writes are serialised and block searches only while
// they are applied in memory, not while they are written to disk.
type Index struct {
	db       *bolt.DB
	dim      int
	onDemand bool // Options.DenseOnDemand

	wmu sync.Mutex   // serialises writers: disk commit then memory apply, in one order
	mu  sync.RWMutex // guards kbs and closed
	kbs map[string]*kbIndex

	closed bool
}

var _ retrieval.Index = (*Index)(nil)

var (
	bucketMeta = []byte("meta")
	bucketKBs  = []byte("kbs")
	keyDim     = []byte("dim")
	keyFormat  = []byte("format")
)

const formatVersion = 1

// Open opens (or creates) the index in dir and loads it into memory. It
// fails with ErrUnavailable if another process holds the index.
func Open(dir string, o Options) (*Index, error) {
	if o.Dim < 0 || o.Dim > 1<<16 {
		return nil, fmt.Errorf("memvec: open: dimension %d: %w", o.Dim, retrieval.ErrInvalid)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("memvec: open: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if o.LockTimeout <= 0 {
		o.LockTimeout = 2 * time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.LockTimeout, NoSync: o.NoSync, NoFreelistSync: true})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("memvec: open %s: in use by another process: %w", path, retrieval.ErrUnavailable)
		}
		return nil, fmt.Errorf("memvec: open %s: %v: %w", path, err, retrieval.ErrUnavailable)
	}
	x := &Index{db: db, kbs: map[string]*kbIndex{}, onDemand: o.DenseOnDemand}
	if err := x.load(o.Dim); err != nil {
		db.Close()
		return nil, fmt.Errorf("memvec: open %s: %w", path, err)
	}
	releaseMapped(db)
	return x, nil
}

// load checks the stored format and dimension and reads every point.
func (x *Index) load(dim int) error {
	return x.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if v := meta.Get(keyFormat); v != nil {
			if len(v) != 4 || le.Uint32(v) != formatVersion {
				return fmt.Errorf("unknown index format %x", v)
			}
		} else if err := meta.Put(keyFormat, le.AppendUint32(nil, formatVersion)); err != nil {
			return err
		}
		if v := meta.Get(keyDim); v != nil {
			stored := int(le.Uint32(v))
			if dim != 0 && dim != stored {
				return fmt.Errorf("index has dimension %d, want %d (rebuild it after changing the embedder): %w", stored, dim, retrieval.ErrInvalid)
			}
			dim = stored
		} else {
			if dim == 0 {
				return fmt.Errorf("new index needs a dimension: %w", retrieval.ErrInvalid)
			}
			if err := meta.Put(keyDim, le.AppendUint32(nil, uint32(dim))); err != nil {
				return err
			}
		}
		x.dim = dim
		kbs, err := tx.CreateBucketIfNotExists(bucketKBs)
		if err != nil {
			return err
		}
		return kbs.ForEachBucket(func(name []byte) error {
			k := newKBIndex(dim, x.onDemand)
			buf := make([]float32, dim) // add keeps int8 codes, not the vector
			err := kbs.Bucket(name).ForEach(func(key, v []byte) error {
				p, err := decodePointInto(v, dim, buf)
				if err != nil {
					return fmt.Errorf("kb %q point %q: %w", name, key, err)
				}
				k.add(&p)
				return nil
			})
			if err != nil {
				return err
			}
			if k.live > 0 {
				k.trim()
				x.kbs[string(name)] = k
			}
			return nil
		})
	})
}

// Dim returns the dense vector dimension.
func (x *Index) Dim() int { return x.dim }

// Close closes the index; later calls fail with ErrUnavailable.
func (x *Index) Close() error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	x.kbs = nil
	if err := x.db.Close(); err != nil {
		return fmt.Errorf("memvec: close: %w", err)
	}
	return nil
}

var errClosed = fmt.Errorf("memvec: index closed: %w", retrieval.ErrUnavailable)

// Upsert implements retrieval.Index. The whole call is one transaction.
func (x *Index) Upsert(ctx context.Context, points []retrieval.Point) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memvec: upsert: %w", err)
	}
	if len(points) == 0 {
		return nil
	}
	prepared := make([]retrieval.Point, len(points))
	vals := make([][]byte, len(points))
	for i := range points {
		p, err := x.prepare(&points[i])
		if err != nil {
			return fmt.Errorf("memvec: upsert point %d (%q): %w", i, points[i].Chunk.ID, err)
		}
		prepared[i] = p
		if vals[i], err = encodePoint(&p); err != nil {
			return fmt.Errorf("memvec: upsert point %d (%q): %w", i, p.Chunk.ID, err)
		}
	}

	x.wmu.Lock()
	defer x.wmu.Unlock()
	if x.isClosed() {
		return errClosed
	}
	// old[i] holds the sparse terms of the point that prepared[i] replaces,
	// read inside the transaction, so document frequencies stay exact.
	old := make([][]uint32, len(points))
	err := x.db.Update(func(tx *bolt.Tx) error {
		kbs := tx.Bucket(bucketKBs)
		for i := range prepared {
			c := &prepared[i].Chunk
			b, err := kbs.CreateBucketIfNotExists([]byte(c.KB))
			if err != nil {
				return err
			}
			key := []byte(c.ID)
			if v := b.Get(key); v != nil {
				if old[i], err = decodeSparseIndices(v, x.dim); err != nil {
					return fmt.Errorf("stored point %q: %w", c.ID, err)
				}
			}
			if err := b.Put(key, vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("memvec: upsert: %v: %w", err, retrieval.ErrUnavailable)
	}

	x.mu.Lock()
	defer x.mu.Unlock()
	for i := range prepared {
		p := &prepared[i]
		k := x.kbs[p.Chunk.KB]
		if k == nil {
			k = newKBIndex(x.dim, x.onDemand)
			x.kbs[p.Chunk.KB] = k
		}
		if slot, ok := k.ids[p.Chunk.ID]; ok {
			k.remove(slot, old[i])
		}
		k.add(p)
	}
	for _, k := range x.kbs {
		k.maybeCompact()
	}
	return nil
}

func (x *Index) isClosed() bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.closed
}

// prepare validates a point and returns the copy the index keeps: chunk
// slices cloned, dense vector L2-normalised (cosine similarity, as Qdrant's
// Cosine distance does on upload).
func (x *Index) prepare(p *retrieval.Point) (retrieval.Point, error) {
	c := p.Chunk
	switch {
	case c.KB == "" || len(c.KB) > maxKBLen:
		return retrieval.Point{}, fmt.Errorf("kb %q: missing or longer than %d bytes: %w", c.KB, maxKBLen, retrieval.ErrInvalid)
	case c.ID == "" || len(c.ID) > maxIDLen:
		return retrieval.Point{}, fmt.Errorf("id: missing or longer than %d bytes: %w", maxIDLen, retrieval.ErrInvalid)
	case c.ValidFrom != nil && c.ValidTo != nil && !c.ValidFrom.Before(*c.ValidTo):
		return retrieval.Point{}, fmt.Errorf("validity %v..%v is empty: %w", *c.ValidFrom, *c.ValidTo, retrieval.ErrInvalid)
	}
	dense, err := normalized(p.Dense, x.dim)
	if err != nil {
		return retrieval.Point{}, err
	}
	if err := checkSparse(p.Sparse); err != nil {
		return retrieval.Point{}, err
	}
	out := retrieval.Point{Chunk: cloneChunk(c), Dense: dense, Sparse: retrieval.Sparse{
		Indices: append([]uint32(nil), p.Sparse.Indices...),
		Values:  append([]float32(nil), p.Sparse.Values...),
	}}
	return out, nil
}

// normalized checks a dense vector and returns a unit-length copy (the zero
// vector stays zero).
func normalized(v []float32, dim int) ([]float32, error) {
	if len(v) != dim {
		return nil, fmt.Errorf("dense vector has %d dimensions, want %d: %w", len(v), dim, retrieval.ErrInvalid)
	}
	var sum float64
	for _, f := range v {
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nil, fmt.Errorf("dense vector has a non-finite value: %w", retrieval.ErrInvalid)
		}
		sum += float64(f) * float64(f)
	}
	out := make([]float32, dim)
	if sum == 0 {
		return out, nil
	}
	inv := 1 / math.Sqrt(sum)
	for i, f := range v {
		out[i] = float32(float64(f) * inv)
	}
	return out, nil
}

func checkSparse(s retrieval.Sparse) error {
	if len(s.Indices) != len(s.Values) {
		return fmt.Errorf("sparse vector has %d indices and %d values: %w", len(s.Indices), len(s.Values), retrieval.ErrInvalid)
	}
	for i, v := range s.Values {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("sparse vector has a non-finite value: %w", retrieval.ErrInvalid)
		}
		if i > 0 && s.Indices[i] <= s.Indices[i-1] {
			return fmt.Errorf("sparse vector indices not strictly ascending at %d: %w", i, retrieval.ErrInvalid)
		}
	}
	return nil
}

func cloneChunk(c retrieval.Chunk) retrieval.Chunk {
	c.HeadingPath = cloneStrings(c.HeadingPath)
	c.Channels = cloneStrings(c.Channels)
	c.EntityIDs = cloneStrings(c.EntityIDs)
	if c.ValidFrom != nil {
		t := *c.ValidFrom
		c.ValidFrom = &t
	}
	if c.ValidTo != nil {
		t := *c.ValidTo
		c.ValidTo = &t
	}
	return c
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// Delete implements retrieval.Index. The whole call is one transaction.
func (x *Index) Delete(ctx context.Context, f retrieval.Filter) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("memvec: delete: %w", err)
	}
	m, err := newMatcher(&f)
	if err != nil {
		return 0, fmt.Errorf("memvec: delete: %w", err)
	}
	x.wmu.Lock()
	defer x.wmu.Unlock()
	// Only writers change kbs, and we hold wmu, so reading without mu is safe.
	if x.isClosed() {
		return 0, errClosed
	}
	k := x.kbs[f.KB]
	if k == nil {
		return 0, nil
	}
	var slots []int32
	k.candidates(m, func(slot int32) bool {
		slots = append(slots, slot)
		return true
	})
	if len(slots) == 0 {
		return 0, nil
	}
	old := make([][]uint32, len(slots))
	err = x.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKBs).Bucket([]byte(f.KB))
		if b == nil {
			return fmt.Errorf("kb %q missing on disk", f.KB)
		}
		for i, s := range slots {
			key := []byte(k.docs[s].id)
			if v := b.Get(key); v != nil {
				if old[i], err = decodeSparseIndices(v, x.dim); err != nil {
					return fmt.Errorf("stored point %q: %w", key, err)
				}
			}
			if err := b.Delete(key); err != nil {
				return err
			}
		}
		if len(slots) == k.live {
			return tx.Bucket(bucketKBs).DeleteBucket([]byte(f.KB))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("memvec: delete: %v: %w", err, retrieval.ErrUnavailable)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for i, s := range slots {
		k.remove(s, old[i])
	}
	if k.live == 0 {
		delete(x.kbs, f.KB)
	} else {
		k.maybeCompact()
	}
	return len(slots), nil
}

// Get implements retrieval.Index; chunks come back in the order of ids.
func (x *Index) Get(ctx context.Context, kb string, ids []string) ([]retrieval.Chunk, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memvec: get: %w", err)
	}
	if kb == "" {
		return nil, fmt.Errorf("memvec: get: missing kb: %w", retrieval.ErrInvalid)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, errClosed
	}
	out := []retrieval.Chunk{}
	if x.kbs[kb] == nil {
		return out, nil
	}
	err := x.view(kb, func(st *stored) error {
		for _, id := range ids {
			c, ok, err := st.chunk(id)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memvec: get: %w", err)
	}
	return out, nil
}

// ensureDense builds kb's int8 codes from the file if they are not kept
// (Options.DenseOnDemand). It holds the writer lock, so memory and file
// agree while it reads, and blocks searches only to install the codes.
func (x *Index) ensureDense(kb string) error {
	x.mu.RLock()
	k := x.kbs[kb]
	need := k != nil && k.noDense
	x.mu.RUnlock()
	if !need {
		return nil
	}
	x.wmu.Lock()
	defer x.wmu.Unlock()
	if x.isClosed() {
		return errClosed
	}
	// Only writers change kbs and a kb's ids, and we hold wmu.
	if k = x.kbs[kb]; k == nil || !k.noDense {
		return nil
	}
	dim := k.dim
	dense := make([]int8, len(k.docs)*dim)
	scale := make([]float32, len(k.docs))
	buf := make([]float32, dim)
	err := x.view(kb, func(st *stored) error {
		if st.b == nil {
			return nil
		}
		return st.b.ForEach(func(key, v []byte) error {
			s, ok := k.ids[string(key)]
			if !ok {
				return nil
			}
			if err := decodeDense(v, dim, buf); err != nil {
				return fmt.Errorf("stored point %q: %v: %w", key, err, retrieval.ErrUnavailable)
			}
			_, scale[s] = quantize(dense[int(s)*dim:int(s)*dim:int(s+1)*dim], buf)
			return nil
		})
	})
	if err != nil {
		return err
	}
	releaseMapped(x.db)
	x.mu.Lock()
	k.dense, k.scale, k.noDense = dense, scale, false
	x.mu.Unlock()
	return nil
}

// stored reads one knowledge base's points from the file, inside a read
// transaction. The file may be one write ahead of memory: a writer commits
// to the file first and then applies the write in memory.
type stored struct {
	b   *bolt.Bucket // nil: the knowledge base is gone from the file
	dim int
	vec []float32
}

// view runs fn with a reader of kb's stored points. Callers hold x.mu.
func (x *Index) view(kb string, fn func(st *stored) error) error {
	return x.db.View(func(tx *bolt.Tx) error {
		st := &stored{dim: x.dim}
		if kbs := tx.Bucket(bucketKBs); kbs != nil {
			st.b = kbs.Bucket([]byte(kb))
		}
		return fn(st)
	})
}

// chunk returns the stored chunk with the id; false if there is none.
func (st *stored) chunk(id string) (retrieval.Chunk, bool, error) {
	if st.b == nil {
		return retrieval.Chunk{}, false, nil
	}
	v := st.b.Get([]byte(id))
	if v == nil {
		return retrieval.Chunk{}, false, nil
	}
	c, err := decodeChunk(v, st.dim)
	if err != nil {
		return retrieval.Chunk{}, false, fmt.Errorf("stored point %q: %v: %w", id, err, retrieval.ErrUnavailable)
	}
	return c, true, nil
}

// dense returns the stored unit vector with the id (valid until the next
// call), or nil if there is none.
func (st *stored) dense(id string) ([]float32, error) {
	if st.b == nil {
		return nil, nil
	}
	v := st.b.Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	if cap(st.vec) < st.dim {
		st.vec = make([]float32, st.dim)
	}
	st.vec = st.vec[:st.dim]
	if err := decodeDense(v, st.dim, st.vec); err != nil {
		return nil, fmt.Errorf("stored point %q: %v: %w", id, err, retrieval.ErrUnavailable)
	}
	return st.vec, nil
}

// Count implements retrieval.Index.
func (x *Index) Count(ctx context.Context, f retrieval.Filter) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("memvec: count: %w", err)
	}
	m, err := newMatcher(&f)
	if err != nil {
		return 0, fmt.Errorf("memvec: count: %w", err)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return 0, errClosed
	}
	k := x.kbs[f.KB]
	if k == nil {
		return 0, nil
	}
	if m.all() {
		return k.live, nil
	}
	n := 0
	k.candidates(m, func(int32) bool { n++; return true })
	return n, nil
}

// KBs lists the knowledge bases that have chunks, for operators.
func (x *Index) KBs() []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]string, 0, len(x.kbs))
	for kb := range x.kbs {
		out = append(out, kb)
	}
	return out
}
