package tokenize

import (
	"runtime"
	"sync"
	"testing"
)

type syncOnce = sync.Once

// benchText is a typical ~300-character chunk (policy text, mixed Chinese,
// digits and a little English).
const benchText = `本政策适用于在澜肌官方渠道（天猫澜肌官方旗舰店、抖音澜肌官方旗舰店、小红书澜肌官方店、澜肌微信小程序、澜肌官网）购买的商品。` +
	`自签收次日起7天内（含第7天），可申请无理由退货。签收后30天内，商品出现破损、漏液、变质、异味、缺件等质量问题，可申请退货或换货。` +
	`官网及微信小程序订单享退货运费补贴：无理由退货寄回后，按实际运费补贴，每单最高12元。Clear Sunscreen Fluid SPF50+ PA++++, 50ml. ` +
	`仓库签收退货并验货通过后，3个工作日内按原支付方式退款。`

func benchTokenizer(b *testing.B, tok Tokenizer) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	var dst []string
	for b.Loop() {
		dst = tok.AppendTokens(dst[:0], benchText)
	}
	b.ReportMetric(float64(len(dst)), "tokens/op")
}

func BenchmarkBigrams(b *testing.B)       { benchTokenizer(b, Bigrams{}) }
func BenchmarkUniBigrams(b *testing.B)    { benchTokenizer(b, Bigrams{Unigrams: true}) }
func BenchmarkGSE(b *testing.B)           { tok, _ := NewGSE(false); benchTokenizer(b, tok) }
func BenchmarkGSESearchMode(b *testing.B) { tok, _ := NewGSE(true); benchTokenizer(b, tok) }

// BenchmarkGSELoad measures loading the gse dictionary (done once per
// process) and the heap it keeps.
func BenchmarkGSELoad(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		gseOnce = *new(syncOnce)
		gseSeg, gseErr = nil, nil
		if _, err := NewGSE(false); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "dict-heap-MiB")
}
