package memvec

import (
	"fmt"
	"math"
	"slices"
	"time"

	"kgrag/retrieval"
)

// kbIndex is one knowledge base in memory: what search scans and filters
// on, not the chunks themselves (their text and payload are read from the
// bbolt file for the hits) nor the exact dense vectors (int8 codes with a
// scale per vector are scanned; the best candidates are rescored with the
// stored float32 vectors). Slots are assigned in insertion order; a
// replaced or deleted point leaves a dead slot (its postings stay until
// compaction, and searches skip it), so deletes cost no posting-list
// surgery. Guarded by Index.mu.
type kbIndex struct {
	dim   int
	ids   map[string]int32 // live chunk id → slot
	docs  []doc            // by slot
	dense []int8           // slot*dim …: codes of the unit-length vector
	scale []float32        // by slot: vector ≈ scale · codes
	// noDense: dense and scale are not kept (Options.DenseOnDemand until
	// the first dense search of this knowledge base builds them).
	noDense bool
	post    map[uint32]plist
	// Each slot's distinct term weights (its BM25 tf values: one per term
	// frequency in the chunk, so a handful) are w[wOff[slot]:], up to the
	// next slot's; a posting holds the index of its weight there (plist.ws).
	w    []float32
	wOff []uint32
	df   map[uint32]int32 // live documents per term
	live int
	dead int

	// Filter fields per slot, packed so that filtered scans touch no
	// pointers: see slotMeta.
	meta     []slotMeta
	chanBits map[string]uint64 // channel → its bit (at most 63)
	kindIDs  map[string]uint32
	srcIDs   map[string]uint32
}

// slotMeta is what pre-filters read for a slot.
type slotMeta struct {
	from, to int64  // validity in Unix nanoseconds, clamped; unbounded ends are the extremes
	chans    uint64 // channel bits; 0: every channel; overflowBit: see the chunk
	kind     uint32
	src      uint32
}

const overflowBit = 1 << 63

func nanos(t *time.Time, unbounded int64) int64 {
	switch {
	case t == nil:
		return unbounded
	case t.Year() < 1700:
		return math.MinInt64
	case t.Year() > 2200:
		return math.MaxInt64
	}
	return t.UnixNano()
}

func intern(m map[string]uint32, s string) uint32 {
	id, ok := m[s]
	if !ok {
		id = uint32(len(m))
		m[s] = id
	}
	return id
}

func (k *kbIndex) slotMeta(c *retrieval.Chunk) slotMeta {
	md := slotMeta{
		from: nanos(c.ValidFrom, math.MinInt64), to: nanos(c.ValidTo, math.MaxInt64),
		kind: intern(k.kindIDs, c.Kind), src: intern(k.srcIDs, c.SourceID),
	}
	for _, ch := range c.Channels {
		bit, ok := k.chanBits[ch]
		if !ok {
			if len(k.chanBits) >= 63 {
				md.chans |= overflowBit
				continue
			}
			bit = 1 << len(k.chanBits)
			k.chanBits[ch] = bit
		}
		md.chans |= bit
	}
	return md
}

// doc is what filters and tie-breaks need of a chunk.
type doc struct {
	id    string
	ents  []string // EntityIDs
	chans []string // Channels, kept only when the slot's channel bits overflow
	alive bool
}

// plist is a term's posting list, slots ascending: the low 16 bits of each
// slot, with starts[b] the index of the first posting whose slot is at
// least b<<16, and each document's weight (its BM25 tf value) as an index
// into the slot's weights (kbIndex.w): 3 bytes a posting.
type plist struct {
	lo     []uint16
	ws     []uint8
	starts []int32
}

// push appends a posting; slot is larger than every slot in the list.
func (pl *plist) push(slot int32, w uint8) {
	for int(slot>>16) >= len(pl.starts) {
		pl.starts = append(pl.starts, int32(len(pl.lo)))
	}
	pl.lo = append(pl.lo, uint16(slot))
	pl.ws = append(pl.ws, w)
}

// each calls fn for every posting in slot order.
func (pl *plist) each(fn func(slot int32, w uint8)) {
	for b, start := range pl.starts {
		end := len(pl.lo)
		if b+1 < len(pl.starts) {
			end = int(pl.starts[b+1])
		}
		hi := int32(b) << 16
		ws := pl.ws[start:end]
		for j, lo := range pl.lo[start:end] {
			fn(hi|int32(lo), ws[j])
		}
	}
}

// maxSlotWeights is how many distinct weights a slot can hold (a posting
// indexes them with a byte).
const maxSlotWeights = 256

// slotWeight returns the index of weight w among the weights of the slot
// being added, whose weights start at k.w[start], adding it. Past
// maxSlotWeights distinct weights in one chunk (not seen with the BM25
// encoder: it makes one per term frequency) a new weight takes the
// closest known one.
func (k *kbIndex) slotWeight(start int, w float32) uint8 {
	ws := k.w[start:]
	for i, v := range ws {
		if v == w {
			return uint8(i)
		}
	}
	if len(ws) < maxSlotWeights {
		k.w = append(k.w, w)
		return uint8(len(ws))
	}
	best := 0
	for i, v := range ws {
		if math.Abs(float64(v-w)) < math.Abs(float64(ws[best]-w)) {
			best = i
		}
	}
	return uint8(best)
}

// weight is the weight of a posting of slot s with index wi.
func (k *kbIndex) weight(s int32, wi uint8) float32 {
	return k.w[k.wOff[s]+uint32(wi)]
}

// slotWeights are the weights of slot s.
func (k *kbIndex) slotWeights(s int) []float32 {
	end := len(k.w)
	if s+1 < len(k.wOff) {
		end = int(k.wOff[s+1])
	}
	return k.w[k.wOff[s]:end]
}

func newKBIndex(dim int, noDense bool) *kbIndex {
	return &kbIndex{dim: dim, noDense: noDense, ids: map[string]int32{}, post: map[uint32]plist{}, df: map[uint32]int32{},
		chanBits: map[string]uint64{}, kindIDs: map[string]uint32{}, srcIDs: map[string]uint32{}}
}

// add appends a prepared point as a new live slot; the caller has removed
// any live point with the same id.
func (k *kbIndex) add(p *retrieval.Point) {
	slot := int32(len(k.docs))
	md := k.slotMeta(&p.Chunk)
	d := doc{id: p.Chunk.ID, ents: p.Chunk.EntityIDs, alive: true}
	if md.chans&overflowBit != 0 {
		d.chans = p.Chunk.Channels
	}
	k.docs = append(k.docs, d)
	k.meta = append(k.meta, md)
	if !k.noDense {
		var sc float32
		k.dense, sc = quantize(k.dense, p.Dense)
		k.scale = append(k.scale, sc)
	}
	start := len(k.w)
	k.wOff = append(k.wOff, uint32(start))
	for i, t := range p.Sparse.Indices {
		pl := k.post[t]
		pl.push(slot, k.slotWeight(start, p.Sparse.Values[i]))
		k.post[t] = pl
		k.df[t]++
	}
	k.ids[p.Chunk.ID] = slot
	k.live++
}

// remove kills a live slot; terms are the sparse indices it was stored with.
func (k *kbIndex) remove(slot int32, terms []uint32) {
	d := &k.docs[slot]
	if !d.alive {
		return
	}
	d.alive = false
	delete(k.ids, d.id)
	*d = doc{} // free the payload now; the slot stays until compaction
	for _, t := range terms {
		if k.df[t]--; k.df[t] <= 0 {
			delete(k.df, t)
		}
	}
	if !k.noDense {
		clear(k.dense[int(slot)*k.dim : int(slot+1)*k.dim])
		k.scale[slot] = 0
	}
	k.live--
	k.dead++
}

// maybeCompact drops dead slots once they are a quarter of the slots (and
// at least 1024), renumbering the live ones in order.
func (k *kbIndex) maybeCompact() {
	if k.dead < 1024 || k.dead*4 < len(k.docs) {
		return
	}
	k.compact()
}

func (k *kbIndex) compact() {
	remap := make([]int32, len(k.docs))
	docs := make([]doc, 0, k.live)
	meta := make([]slotMeta, 0, k.live)
	var dense []int8
	var scale []float32
	var w []float32
	wOff := make([]uint32, 0, k.live)
	if !k.noDense {
		dense, scale = make([]int8, 0, k.live*k.dim), make([]float32, 0, k.live)
	}
	for s := range k.docs {
		if !k.docs[s].alive {
			remap[s] = -1
			continue
		}
		remap[s] = int32(len(docs))
		k.ids[k.docs[s].id] = int32(len(docs))
		docs = append(docs, k.docs[s])
		meta = append(meta, k.meta[s])
		wOff = append(wOff, uint32(len(w)))
		w = append(w, k.slotWeights(s)...)
		if !k.noDense {
			dense = append(dense, k.dense[s*k.dim:(s+1)*k.dim]...)
			scale = append(scale, k.scale[s])
		}
	}
	for t, pl := range k.post {
		var out plist
		pl.each(func(s int32, wi uint8) {
			if r := remap[s]; r >= 0 {
				out.push(r, wi)
			}
		})
		if len(out.lo) == 0 {
			delete(k.post, t)
		} else {
			k.post[t] = out.clone()
		}
	}
	k.docs, k.meta, k.dead = docs, meta, 0
	k.w, k.wOff = w, wOff
	if !k.noDense {
		k.dense, k.scale = dense, scale
	}
}

// clone copies the list without spare capacity.
func (pl *plist) clone() plist {
	return plist{lo: slices.Clone(pl.lo), ws: slices.Clone(pl.ws), starts: slices.Clone(pl.starts)}
}

// trim gives the posting lists and the per-slot arrays back the capacity
// that appending left unused (up to half of each), once a load is done.
func (k *kbIndex) trim() {
	for t, pl := range k.post {
		if cap(pl.lo) > len(pl.lo) || cap(pl.ws) > len(pl.ws) || cap(pl.starts) > len(pl.starts) {
			k.post[t] = pl.clone()
		}
	}
	k.docs, k.meta = shrink(k.docs), shrink(k.meta)
	k.w, k.wOff = shrink(k.w), shrink(k.wOff)
}

// shrink returns s without spare capacity (a copy when it has some).
func shrink[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}

// candidates calls fn for each live slot matching m, in slot order (in the
// order of m's ids when it filters by id), until fn returns false.
func (k *kbIndex) candidates(m *matcher, fn func(slot int32) bool) {
	cf := k.compile(m)
	if len(m.f.IDs) > 0 {
		seen := make(map[int32]bool, len(m.f.IDs))
		for _, id := range m.f.IDs {
			if s, ok := k.ids[id]; ok && !seen[s] && k.ok(cf, s) {
				seen[s] = true
				if !fn(s) {
					return
				}
			}
		}
		return
	}
	for s := range k.docs {
		if k.docs[s].alive && k.ok(cf, int32(s)) && !fn(int32(s)) {
			return
		}
	}
}

// matcher applies a retrieval.Filter to stored chunks.
type matcher struct {
	f                    *retrieval.Filter
	sources, ents, kinds set
}

type set map[string]struct{}

func newSet(xs []string) set {
	if len(xs) == 0 {
		return nil
	}
	s := make(set, len(xs))
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

func (s set) has(x string) bool { _, ok := s[x]; return ok }

func newMatcher(f *retrieval.Filter) (*matcher, error) {
	if f.KB == "" {
		return nil, fmt.Errorf("filter without kb: %w", retrieval.ErrInvalid)
	}
	// An empty list does not filter, like an unset one.
	return &matcher{f: f, sources: newSet(f.SourceIDs), ents: newSet(f.EntityIDs), kinds: newSet(f.Kinds)}, nil
}

// match applies the whole filter to a chunk read from the file (which may
// be newer than the slot it was found by: see Index.Search).
func (m *matcher) match(c *retrieval.Chunk) bool {
	f := m.f
	return c.KB == f.KB &&
		(f.AsOf.IsZero() || c.ValidAt(f.AsOf)) &&
		c.OnChannel(f.Channel) &&
		(m.kinds == nil || m.kinds.has(c.Kind)) &&
		(m.sources == nil || m.sources.has(c.SourceID)) &&
		(m.ents == nil || slices.ContainsFunc(c.EntityIDs, m.ents.has)) &&
		(len(f.IDs) == 0 || slices.Contains(f.IDs, c.ID))
}

// all reports whether the filter selects the whole knowledge base.
func (m *matcher) all() bool {
	f := m.f
	return f.Channel == "" && f.AsOf.IsZero() && len(f.SourceIDs) == 0 && len(f.EntityIDs) == 0 && len(f.Kinds) == 0 && len(f.IDs) == 0
}

// cfilter is a matcher compiled against one knowledge base's dictionaries.
type cfilter struct {
	m       *matcher
	asOf    int64
	hasAsOf bool
	chanBit uint64 // 0 when the kb has no chunk for the channel
	hasChan bool
	kinds   []uint32 // any of; hasKinds with none: nothing matches
	srcs    map[uint32]struct{}
	hasKind bool
	hasSrc  bool
}

func (k *kbIndex) compile(m *matcher) *cfilter {
	f := m.f
	cf := &cfilter{m: m}
	if !f.AsOf.IsZero() {
		cf.hasAsOf, cf.asOf = true, nanos(&f.AsOf, 0)
	}
	if f.Channel != "" {
		cf.hasChan, cf.chanBit = true, k.chanBits[f.Channel]
	}
	if m.kinds != nil {
		cf.hasKind = true
		for kind := range m.kinds {
			if id, ok := k.kindIDs[kind]; ok {
				cf.kinds = append(cf.kinds, id)
			}
		}
	}
	if m.sources != nil {
		cf.hasSrc, cf.srcs = true, map[uint32]struct{}{}
		for src := range m.sources {
			if id, ok := k.srcIDs[src]; ok {
				cf.srcs[id] = struct{}{}
			}
		}
	}
	return cf
}

// ok applies the filter, except ids, to a live slot.
func (k *kbIndex) ok(cf *cfilter, s int32) bool {
	md := &k.meta[s]
	if cf.hasAsOf && (cf.asOf < md.from || cf.asOf >= md.to) {
		return false
	}
	if cf.hasChan && md.chans != 0 && md.chans&cf.chanBit == 0 {
		if md.chans&overflowBit == 0 || !slices.Contains(k.docs[s].chans, cf.m.f.Channel) {
			return false
		}
	}
	if cf.hasKind && !slices.Contains(cf.kinds, md.kind) {
		return false
	}
	if cf.hasSrc {
		if _, ok := cf.srcs[md.src]; !ok {
			return false
		}
	}
	if cf.m.ents != nil && !slices.ContainsFunc(k.docs[s].ents, cf.m.ents.has) {
		return false
	}
	return true
}
