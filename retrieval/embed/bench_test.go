package embed

import (
	"context"
	"strings"
	"testing"
)

// benchText is a typical ~300-character chunk.
var benchText = strings.Repeat("自签收次日起7天内（含第7天），可申请无理由退货。官网及微信小程序订单享退货运费补贴，每单最高12元。Clear Sunscreen Fluid SPF50+. ", 3)

func BenchmarkEmbed(b *testing.B) {
	for _, dim := range []int{256, 512, 1024} {
		h, _ := New(Options{Dim: dim})
		batch := make([]string, 64)
		for i := range batch {
			batch[i] = benchText
		}
		b.Run("dim="+itoa(dim), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := h.Embed(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "texts/s")
		})
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
