package memvec

import (
	"math"

	"github.com/viterin/vek"
	"github.com/viterin/vek/vek32"
)

// dot is the dense similarity kernel: vek's AVX2 dot product where the CPU
// has it and it agrees with plain Go on a probe, plain Go otherwise.
var dot, simd = pickDot()

func pickDot() (func(a, b []float32) float32, bool) {
	if !vek.Info().Acceleration {
		return dotGo, false
	}
	a, b := make([]float32, 67), make([]float32, 67) // odd length: exercises the tail
	for i := range a {
		a[i] = float32(i%7) - 3
		b[i] = float32(i%5)*0.5 - 1
	}
	if math.Abs(float64(vek32.Dot(a, b)-dotGo(a, b))) > 1e-3 {
		return dotGo, false
	}
	return vek32.Dot, true
}

// SIMD reports whether dense search uses the SIMD kernel.
func SIMD() bool { return simd }

func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
