package tokenize

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc 123", "abc 123"},
		{"SPF50+ PA++++", "spf50+ pa++++"},
		{"ＡＢＣ１２３", "abc123"},
		{"澜肌　水光", "澜肌 水光"},
		{"Élan", "élan"},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBigrams(t *testing.T) {
	tests := []struct {
		name string
		tok  Bigrams
		in   string
		want []string
	}{
		{"empty", Bigrams{Unigrams: true}, "", nil},
		{"punctuation only", Bigrams{Unigrams: true}, "，。!?  ", nil},
		{"single han", Bigrams{}, "水", []string{"水"}},
		{"bigrams", Bigrams{}, "水光精华", []string{"水光", "光精", "精华"}},
		{"uni+bigrams", Bigrams{Unigrams: true}, "水光精", []string{"水", "水光", "光", "光精", "精"}},
		{"mixed", Bigrams{}, "A醇紧致精华 0.3%", []string{"a", "醇紧", "紧致", "致精", "精华", "0.3"}},
		{"english", Bigrams{}, "Return Policy, LJ-1001!", []string{"return", "policy", "lj", "1001"}},
		{"full width", Bigrams{}, "ＳＰＦ５０＋", []string{"spf50", "spf", "50"}},
		{"word parts", Bigrams{}, "30ml 0.3%x", []string{"30ml", "30", "ml", "0.3", "x"}},
		{"sentence end dot", Bigrams{}, "costs 30. Then", []string{"costs", "30", "then"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.tok.AppendTokens(nil, tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("AppendTokens(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzBigrams(f *testing.F) {
	for _, s := range []string{"水光精华", "A醇紧致精华 0.3%", "ＳＰＦ５０＋", "a.b.1.2.", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range (Bigrams{Unigrams: true}).AppendTokens(nil, s) {
			if tok == "" {
				t.Fatalf("empty token from %q", s)
			}
			if !strings.Contains(Normalize(s), tok) {
				t.Fatalf("token %q not in normalised %q", tok, Normalize(s))
			}
		}
	})
}
