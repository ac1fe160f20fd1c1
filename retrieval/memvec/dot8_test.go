package memvec

import (
	"math"
	"math/rand/v2"
	"testing"
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

func TestWeightIDs(t *testing.T) {
	k := newKBIndex(4, false)
	for i := range 1 << 16 {
		w := float32(i) / 4
		if id := k.wid(w); k.wvals[id] != w {
			t.Fatalf("wid(%v) → %v", w, k.wvals[id])
		}
	}
	if id := k.wid(0.25); k.wvals[id] != 0.25 || len(k.wvals) != 1<<16 {
		t.Errorf("known weight: %v, %d weights", k.wvals[id], len(k.wvals))
	}
	// Full: a new weight takes the closest known one.
	if id := k.wid(100.1); k.wvals[id] != 100 || len(k.wvals) != 1<<16 {
		t.Errorf("wid(100.1) when full → %v (%d weights), want 100", k.wvals[id], len(k.wvals))
	}
}
