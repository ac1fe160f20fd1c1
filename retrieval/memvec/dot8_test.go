package memvec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"kgrag/retrieval"
)

func TestDotI8(t *testing.T) {
	t.Logf("int8 SIMD kernel: %v", simdI8)
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 16, 31, 32, 48, 100, 512, 1536, 4099} {
		a, b := make([]int8, n), make([]int8, n)
		var want int64
		for i := range a {
			a[i], b[i] = int8(r.IntN(255)-127), int8(r.IntN(255)-127)
			want += int64(a[i]) * int64(b[i])
		}
		if got := dotI8(a, b); int64(got) != want {
			t.Errorf("n=%d: dotI8 = %d, want %d", n, got, want)
		}
		if got := dotI8Go(a, b); int64(got) != want {
			t.Errorf("n=%d: dotI8Go = %d, want %d", n, got, want)
		}
		for i := range a { // the extremes
			a[i], b[i] = -127, 127
		}
		if got := dotI8(a, b); int64(got) != -127*127*int64(n) {
			t.Errorf("n=%d extremes: dotI8 = %d, want %d", n, got, -127*127*n)
		}
	}
}

func TestQuantize(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	v := make([]float32, 512)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	codes, scale := quantize(nil, v)
	if len(codes) != len(v) {
		t.Fatalf("%d codes for %d values", len(codes), len(v))
	}
	for i, f := range v {
		if d := math.Abs(float64(f - scale*float32(codes[i]))); d > float64(scale)/2+1e-6 {
			t.Errorf("value %d: %v ≈ %v·%d off by %v, more than half a step", i, f, scale, codes[i], d)
		}
	}
	zero, s := quantize(nil, make([]float32, 4))
	if s != 0 || len(zero) != 4 || zero[0] != 0 {
		t.Errorf("zero vector → %v, %v; want zero codes, scale 0", zero, s)
	}
}

func TestSlotWeights(t *testing.T) {
	k := newKBIndex(4, false)
	point := func(id string, ws ...float32) *retrieval.Point {
		p := &retrieval.Point{Chunk: retrieval.Chunk{ID: id}, Dense: []float32{1, 0, 0, 0}}
		for i, w := range ws {
			p.Sparse.Indices = append(p.Sparse.Indices, uint32(i))
			p.Sparse.Values = append(p.Sparse.Values, w)
		}
		return p
	}
	// Slot 0: 300 distinct weights; past maxSlotWeights a new weight takes
	// the closest known one. Slot 1: repeated weights are stored once.
	var many []float32
	for i := range 300 {
		many = append(many, float32(i)/4)
	}
	many = append(many, 10.1)
	k.add(point("a", many...))
	k.add(point("b", 0.5, 0.75, 0.5, 0.75))
	check := func(slot int32, want []float32) {
		t.Helper()
		var got []float32
		for term := range want {
			pl := k.post[uint32(term)]
			pl.each(func(s int32, wi uint8) {
				if s == slot {
					got = append(got, k.weight(s, wi))
				}
			})
		}
		if !slices.Equal(got, want) {
			t.Errorf("slot %d weights = %v, want %v", slot, got, want)
		}
	}
	want := slices.Clone(many)
	for i := maxSlotWeights; i < 300; i++ {
		want[i] = many[maxSlotWeights-1] // the closest of the first 256 (0 … 63.75)
	}
	want[300] = 10
	check(0, want)
	check(1, []float32{0.5, 0.75, 0.5, 0.75})
	if n := len(k.slotWeights(1)); n != 2 {
		t.Errorf("slot 1 holds %d weights, want 2", n)
	}
	// Compaction moves a slot's weights with it.
	k.remove(0, point("a", many...).Sparse.Indices)
	k.compact()
	check(0, []float32{0.5, 0.75, 0.5, 0.75})
	if len(k.w) != 2 || len(k.wOff) != 1 {
		t.Errorf("after compaction: %d weights, %d slots; want 2, 1", len(k.w), len(k.wOff))
	}
}
