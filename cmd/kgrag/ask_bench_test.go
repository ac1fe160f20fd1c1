package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/retrieval"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// Benchmarks of ask end to end: the answering engine as GraphQL ask runs
// it (link, graph facts, hybrid search, corrections review, compose,
// verify, store the trace), on the dev knowledge base alone and with
// synthetic policy and FAQ chunks added up to 10k and 100k chunks. The
// tokenizer, embedder and Index benchmarks live in retrieval (see
// retrieval/README.md).
//
//	go test ./cmd/kgrag -run XXX -bench Ask -benchtime 200x

// benchEnv is a deployment with the dev knowledge base ingested.
func benchEnv(b *testing.B) (*evalEnv, *evaluate.Set) {
	b.Helper()
	dir, ok := evaluate.FindShared("KGRAG_DEV_SET", filepath.Join("eval", "dev"))
	if !ok {
		b.Skip("shared/eval/dev not found beside the repository; set KGRAG_DEV_SET")
	}
	set, err := evaluate.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	env, err := openEvalEnv(b.TempDir(), set.DefaultAsOf)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	ctx := context.Background()
	col, err := env.Ingester.Collect(ctx, evalKB, []string{filepath.Join(dir, "kb")})
	if err != nil {
		b.Fatal(err)
	}
	if err := env.ingest(ctx, evalKB, col.Inputs); err != nil {
		b.Fatal(err)
	}
	return env, set
}

// askAll asks every question of the set once and returns the share of
// answerable questions fully correct and of refusal questions refused.
func askAll(b *testing.B, env *evalEnv, set *evaluate.Set) (correct, refused float64) {
	b.Helper()
	ctx := zerolog.New(io.Discard).WithContext(context.Background())
	var rs []evaluate.Result
	for _, q := range set.Questions {
		asOf, err := set.AsOf(q)
		if err != nil {
			b.Fatal(err)
		}
		a, err := env.Engine.Ask(ctx, answer.Request{KB: evalKB, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf, Caller: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		r := evaluate.Result{Answer: a.Text, Status: a.Status}
		Judge(q, &r, asOf)
		rs = append(rs, r)
	}
	s := evaluate.Summarize(rs)
	return s.FullyCorrect, s.RefusalRecall
}

// benchAsk asks the set's questions round robin, one per iteration.
func benchAsk(b *testing.B, env *evalEnv, set *evaluate.Set) {
	ctx := zerolog.New(io.Discard).WithContext(context.Background())
	reqs := make([]answer.Request, len(set.Questions))
	for i, q := range set.Questions {
		asOf, err := set.AsOf(q)
		if err != nil {
			b.Fatal(err)
		}
		reqs[i] = answer.Request{KB: evalKB, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf, Caller: "bench"}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := env.Engine.Ask(ctx, reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAsk: the dev knowledge base (148 chunks, 40 products).
func BenchmarkAsk(b *testing.B) {
	env, set := benchEnv(b)
	correct, refused := askAll(b, env, set)
	benchAsk(b, env, set)
	b.ReportMetric(correct, "fully_correct")
	b.ReportMetric(refused, "refusal_recall")
}

// BenchmarkAskCorpus: the dev knowledge base plus synthetic chunks in the
// same knowledge base, up to 10k and 100k chunks. It also reports the
// dev-set scores with those distractors present.
func BenchmarkAskCorpus(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("chunks=%dk", n/1000), func(b *testing.B) {
			env, set := benchEnv(b)
			ctx := context.Background()
			chunks := synthChunks(evalKB, n-148, 7)
			for len(chunks) > 0 {
				k := min(len(chunks), 4096)
				if err := env.Indexer.IndexChunks(ctx, chunks[:k]); err != nil {
					b.Fatal(err)
				}
				chunks = chunks[k:]
			}
			correct, refused := askAll(b, env, set)
			benchAsk(b, env, set)
			// After the loop: resetting the timer deletes reported metrics.
			b.ReportMetric(correct, "fully_correct")
			b.ReportMetric(refused, "refusal_recall")
		})
	}
}

// Vocabulary of the synthetic catalogue: other product lines of the same
// kind of brand, so terms overlap the dev knowledge base as a bigger
// brand's help centre would.
var (
	synBrands   = []string{"云岚", "沐泽", "青禾", "素研", "初霁", "星屿", "木槿", "澄光"}
	synSeries   = []string{"水润", "修护", "焕亮", "紧致", "净透", "舒缓", "防护", "赋活"}
	synProducts = []string{"精华液", "面霜", "爽肤水", "洁面乳", "眼霜", "面膜", "防晒乳", "身体乳", "卸妆油", "精华油"}
	synAttrs    = []struct{ name, unit string }{{"净含量", "ml"}, {"价格", "元"}, {"保质期", "个月"}, {"开封后使用期限", "个月"}, {"SPF", ""}}
	synTopics   = []string{"退换货", "运费", "发票", "会员积分", "价格保护", "赠品", "预售", "保修", "隐私", "发货"}
	synChannels = []string{"天猫", "抖音", "小红书", "微信小程序", "官网", "京东"}
	synRules    = []string{"签收后%d天内可申请无理由退货", "订单满%d元包邮", "积分有效期为%d个月", "价保期为%d天", "退款在%d个工作日内原路退回",
		"赠品需随正装一并退回，缺失按%d元扣除", "预售商品在付尾款后%d天内发货", "电子发票在确认收货后%d天内开具"}
	synChanCodes = [][]string{nil, nil, {"tmall"}, {"douyin"}, {"xiaohongshu"}, {"wechat", "web"}, {"jd"}}
)

// synthChunks makes n synthetic FAQ, product and policy chunks of about
// 200–400 characters for kb, deterministically from seed.
func synthChunks(kb string, n int, seed uint64) []retrieval.Chunk {
	r := rand.New(rand.NewPCG(seed, 99))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	product := func() (string, string) {
		id := fmt.Sprintf("SY-%05d", r.IntN(20000))
		return id, pick(synBrands) + pick(synSeries) + pick(synProducts)
	}
	out := make([]retrieval.Chunk, 0, n)
	var b strings.Builder
	for i := range n {
		b.Reset()
		id, name := product()
		c := retrieval.Chunk{KB: kb, ID: fmt.Sprintf("synthetic/%03d.md#%d", i/100, i%100), SourceID: fmt.Sprintf("synthetic/%03d.md", i/100),
			Position: i % 100, Channels: synChanCodes[r.IntN(len(synChanCodes))], EntityIDs: []string{id}}
		switch i % 3 {
		case 0:
			a := synAttrs[r.IntN(len(synAttrs))]
			c.Kind, c.Title = "faq", fmt.Sprintf("%s的%s是多少？", name, a.name)
			fmt.Fprintf(&b, "问：%s\n答：%s（货号%s）的%s为%d%s。", c.Title, name, id, a.name, 10+r.IntN(490), a.unit)
			for b.Len() < 600 {
				fmt.Fprintf(&b, "在%s购买时，"+pick(synRules)+"。", pick(synChannels), 1+r.IntN(60))
			}
		case 1:
			c.Kind, c.Title = "product", name
			fmt.Fprintf(&b, "%s（货号%s），%s系列。", name, id, pick(synSeries))
			for _, a := range synAttrs {
				fmt.Fprintf(&b, "%s：%d%s。", a.name, 10+r.IntN(490), a.unit)
			}
			fmt.Fprintf(&b, "在售渠道：%s、%s。", pick(synChannels), pick(synChannels))
		default:
			topic := pick(synTopics)
			c.Kind, c.Title, c.HeadingPath = "policy", pick(synBrands)+topic+"规则", []string{topic, "适用范围"}
			for b.Len() < 700 {
				fmt.Fprintf(&b, "%s渠道的%s订单，"+pick(synRules)+"。", pick(synChannels), name, 1+r.IntN(60))
			}
		}
		c.Text = b.String()
		out = append(out, c)
	}
	return out
}
