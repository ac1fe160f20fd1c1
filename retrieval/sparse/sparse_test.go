package sparse

import (
	"math"
	"slices"
	"testing"

	"kgrag/retrieval"
	"kgrag/retrieval/tokenize"
)

func TestEncodeDocument(t *testing.T) {
	e := New(tokenize.Bigrams{}, Options{AvgLen: 4})
	tests := []struct {
		name string
		text string
		tf   map[string]int
	}{
		{"empty", "", nil},
		{"words", "return return policy", map[string]int{"return": 2, "policy": 1}},
		{"cjk", "包邮包邮", map[string]int{"包邮": 2, "邮包": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.EncodeDocument(tc.text)
			if len(got.Indices) != len(tc.tf) || len(got.Values) != len(tc.tf) {
				t.Fatalf("EncodeDocument(%q) = %v, want %d terms", tc.text, got, len(tc.tf))
			}
			if !slices.IsSorted(got.Indices) {
				t.Errorf("indices %v not ascending", got.Indices)
			}
			n := 0
			for _, c := range tc.tf {
				n += c
			}
			for term, tf := range tc.tf {
				i, ok := slices.BinarySearch(got.Indices, TermID(term))
				if !ok {
					t.Fatalf("term %q missing", term)
				}
				want := float64(tf) * 2.2 / (float64(tf) + 1.2*(0.25+0.75*float64(n)/4))
				if math.Abs(float64(got.Values[i])-want) > 1e-6 {
					t.Errorf("value of %q = %v, want %v", term, got.Values[i], want)
				}
			}
		})
	}
}

func TestSaturationAndLength(t *testing.T) {
	e := New(nil, Options{})
	val := func(s retrieval.Sparse, term string) float32 {
		i, ok := slices.BinarySearch(s.Indices, TermID(term))
		if !ok {
			return 0
		}
		return s.Values[i]
	}
	one := e.EncodeDocument("refund")
	three := e.EncodeDocument("refund refund refund")
	long := e.EncodeDocument("refund and a great many other words that make this document much longer than the first one")
	if !(val(three, "refund") > val(one, "refund")) || val(three, "refund") >= 3*val(one, "refund") {
		t.Errorf("tf 3 value %v vs tf 1 %v: want more but saturating", val(three, "refund"), val(one, "refund"))
	}
	if !(val(long, "refund") < val(one, "refund")) {
		t.Errorf("long document value %v ≥ short %v: want length normalisation", val(long, "refund"), val(one, "refund"))
	}
}

func TestEncodeQuery(t *testing.T) {
	e := New(nil, Options{})
	q := e.EncodeQuery("包邮 包邮？")
	// uni+bigrams of 包邮 twice: 包, 包邮, 邮 — each once, weight 1
	if len(q.Indices) != 3 || !slices.IsSorted(q.Indices) {
		t.Fatalf("EncodeQuery = %v, want 3 distinct sorted terms", q)
	}
	for _, v := range q.Values {
		if v != 1 {
			t.Errorf("query value %v, want 1", v)
		}
	}
	if q := e.EncodeQuery("？！"); len(q.Indices) != 0 {
		t.Errorf("EncodeQuery(punctuation) = %v, want empty", q)
	}
}

func TestIDF(t *testing.T) {
	if !(IDF(100, 1) > IDF(100, 50)) || IDF(100, 100) <= 0 {
		t.Errorf("IDF(100, 1/50/100) = %v/%v/%v: want decreasing and positive", IDF(100, 1), IDF(100, 50), IDF(100, 100))
	}
}
