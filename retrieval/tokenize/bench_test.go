package tokenize

import (
	"testing"
)

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

func BenchmarkBigrams(b *testing.B)    { benchTokenizer(b, Bigrams{}) }
func BenchmarkUniBigrams(b *testing.B) { benchTokenizer(b, Bigrams{Unigrams: true}) }
