package memvec

import "golang.org/x/sys/cpu"

//go:noescape
func dotI8AVX2(a, b *int8, n int) int32

func dotI8Asm(a, b []int8) int32 {
	b = b[:len(a)]
	n := len(a) &^ 15
	var s int32
	if n > 0 {
		s = dotI8AVX2(&a[0], &b[0], n)
	}
	for i := n; i < len(a); i++ {
		s += int32(a[i]) * int32(b[i])
	}
	return s
}

func dotI8Kernel() func(a, b []int8) int32 {
	if cpu.X86.HasAVX2 {
		return dotI8Asm
	}
	return nil
}
