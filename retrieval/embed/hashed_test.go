package embed

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"kgrag/retrieval"
)

func mustNew(t *testing.T, o Options) *Hashed {
	t.Helper()
	h, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestEmbedBasics(t *testing.T) {
	h := mustNew(t, Options{})
	if h.Dim() != DefaultDim {
		t.Errorf("Dim = %d, want %d", h.Dim(), DefaultDim)
	}
	texts := []string{"澜肌水光玻尿酸精华液 30ml", "Return policy", "", "，。!!"}
	a, err := h.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := h.Embed(context.Background(), texts)
	for i := range texts {
		var n float64
		for j := range a[i] {
			n += float64(a[i][j]) * float64(a[i][j])
			if a[i][j] != b[i][j] {
				t.Fatalf("Embed(%q) not deterministic", texts[i])
			}
		}
		want := 1.0
		if i >= 2 {
			want = 0 // nothing to embed: the zero vector
		}
		if math.Abs(n-want) > 1e-5 {
			t.Errorf("Embed(%q) squared norm = %v, want %v", texts[i], n, want)
		}
	}
	if _, err := New(Options{Dim: 3}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("New(Dim 3) = %v, want ErrInvalid", err)
	}
	if mustNew(t, Options{Dim: 256}).Name() == h.Name() {
		t.Error("Name does not change with the dimension")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Embed(ctx, texts); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed(canceled) = %v, want context.Canceled", err)
	}
}

// TestSimilarity checks that a question is closer to the text that answers
// it than to an unrelated one, in Chinese and in English.
func TestSimilarity(t *testing.T) {
	h := mustNew(t, Options{})
	tests := []struct{ q, near, far string }{
		{"买多少包邮？", "普通地区单笔实付满99元包邮，未满收取运费8元。", "A醇紧致精华视黄醇浓度0.3%，仅晚间使用。"},
		{"视黄醇浓度多少", "澜肌A醇紧致精华，视黄醇浓度：0.3%。", "澜肌水光玻尿酸精华液，净含量：30ml。"},
		{"退货运费谁出", "非质量问题退货，退货运费由顾客承担。", "会员积分有效期为24个月。"},
		{"How do I return an item?", "Returns: items can be returned within 7 days of delivery.", "Our sunscreen has SPF50+ PA++++."},
		{"sunscreen SPF", "Clear Sunscreen Fluid, SPF50+ PA++++", "Membership points expire after 24 months."},
		{"ＳＰＦ是多少", "清透防晒乳 SPF50+ PA++++", "发票在订单完成后开具。"},
	}
	for _, tc := range tests {
		v, err := h.Embed(context.Background(), []string{tc.q, tc.near, tc.far})
		if err != nil {
			t.Fatal(err)
		}
		if n, f := cos(v[0], v[1]), cos(v[0], v[2]); n <= f {
			t.Errorf("cos(%q, near) = %.3f ≤ cos(far) = %.3f", tc.q, n, f)
		}
	}
}

func TestConcurrentEmbed(t *testing.T) {
	h := mustNew(t, Options{})
	want, _ := h.Embed(context.Background(), []string{"积雪草修护霜一罐多少克"})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got, _ := h.Embed(context.Background(), []string{strings.Repeat("干扰", 3), "积雪草修护霜一罐多少克"})
				for j := range got[1] {
					if got[1][j] != want[0][j] {
						t.Error("concurrent Embed differs")
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

func FuzzEmbed(f *testing.F) {
	h, _ := New(Options{Dim: 64})
	for _, s := range []string{"澜肌水光", "Return policy", "", strings.Repeat("长", 200), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := h.Embed(context.Background(), []string{s})
		if err != nil {
			t.Fatal(err)
		}
		var n float64
		for _, x := range v[0] {
			if math.IsNaN(float64(x)) {
				t.Fatalf("NaN for %q", s)
			}
			n += float64(x) * float64(x)
		}
		if n != 0 && math.Abs(n-1) > 1e-4 {
			t.Fatalf("norm² %v for %q", n, s)
		}
	})
}
