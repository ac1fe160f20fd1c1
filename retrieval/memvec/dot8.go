package memvec

import "math"

// dotI8 is the kernel of the quantised dense scan: int8 · int8 summed in
// int32 (exact: at most 65536 × 127² < 2³¹). AVX2 assembly where the CPU
// has it and it agrees with plain Go on a probe, plain Go otherwise.
var dotI8, simdI8 = pickDotI8()

func pickDotI8() (func(a, b []int8) int32, bool) {
	k := dotI8Kernel()
	if k == nil {
		return dotI8Go, false
	}
	for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 67, 512, 1031} {
		a, b := make([]int8, n), make([]int8, n)
		for i := range a {
			a[i] = int8(i*37%255 - 127)
			b[i] = int8(i*91%251 - 125)
		}
		if k(a, b) != dotI8Go(a, b) {
			return dotI8Go, false
		}
	}
	return k, true
}

func dotI8Go(a, b []int8) int32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += int32(a[i]) * int32(b[i])
		s1 += int32(a[i+1]) * int32(b[i+1])
		s2 += int32(a[i+2]) * int32(b[i+2])
		s3 += int32(a[i+3]) * int32(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += int32(a[i]) * int32(b[i])
	}
	return s0 + s1 + s2 + s3
}

// quantize appends v (finite) as int8 codes with one scale per vector:
// v[i] ≈ scale · code[i], codes in [-127, 127]. A zero vector has scale 0.
func quantize(dst []int8, v []float32) ([]int8, float32) {
	var m float32
	for _, f := range v {
		m = max(m, float32(math.Abs(float64(f))))
	}
	if m == 0 {
		return append(dst, make([]int8, len(v))...), 0
	}
	inv := 127 / m
	for _, f := range v {
		dst = append(dst, int8(max(-127, min(127, math.Round(float64(f*inv))))))
	}
	return dst, m / 127
}
