package feedback

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"kgrag/kg"
)

func TestContainsValue(t *testing.T) {
	tests := []struct {
		text, v string
		want    bool
	}{
		{"售价299元", "299", true},
		{"299", "299", true},
		{"套装1299元", "299", false},
		{"2999元", "299", false},
		{"299.5元", "299", false},
		{"1.299", "299", false},
		{"29.9元", "29.9", true},
		{"299、399", "299", true},
		{"净含量15g", "15g", true},
		{"115g", "15g", false},
		{"15gx2", "15g", false},
		{"15g装", "15g", true},
		{"LJ-1001", "LJ-100", false},
		{"型号LJ-100，", "LJ-100", true},
		{"先299元后1299元", "299", true},
		{"1299元和299元", "299", true},
		{"在「我的-积分」里", "「我的-积分」", true},
		{"anything", "", false},
	}
	for _, tc := range tests {
		if got := containsValue(tc.text, tc.v); got != tc.want {
			t.Errorf("containsValue(%q, %q) = %v, want %v", tc.text, tc.v, got, tc.want)
		}
	}
}

func TestCodes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"LJ-1001 玻尿酸面霜", []string{"LJ1001"}},
		{"玻尿酸面霜（ＬＪ１００１）", []string{"LJ1001"}},
		{"lj_1001 and LJ1001", []string{"LJ1001"}},
		{"防晒 SPF50 PA+++", nil},
		{"2024 新款", nil},
		{"F012", []string{"F012"}},
		{"SKU A12345B", []string{"A12345B"}},
	}
	for _, tc := range tests {
		if got := codes(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("codes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNearName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"积雪草舒缓喷雾", "积雪草舒缓喷雾露", true},
		{"Hydrating Eye Cream", "Hydrating Eye Creme", true},
		{"Hydrating Eye Cream", "hydrating eye-cream", false}, // equal once normalised: the same-name signal's case
		{"修护精华 30ml", "修护精华 50ml", false},
		{"精华", "精华液", false}, // too short to judge
		{"轻透防晒乳", "清透防晒乳液", false},
	}
	for _, tc := range tests {
		if _, got := nearName(tc.a, tc.b); got != tc.want {
			t.Errorf("nearName(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCandidatesScale(t *testing.T) {
	// Sorted neighbourhood keeps the pair count linear: 5000 distinct
	// products yield no pairs and finish quickly.
	var ents []kg.Entity
	for i := range 5000 {
		ents = append(ents, kg.Entity{ID: "p" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i), Type: "Product",
			Name: "产品" + strconv.Itoa(i*7919%100000) + "号"})
	}
	if got := candidates(ents); len(got) != 0 {
		for _, c := range got {
			t.Errorf("unexpected pair %s / %s: %v", c.a.Name, c.b.Name, c.reasons)
			break
		}
	}
}

func TestRatingID(t *testing.T) {
	tests := []struct {
		answer, actor string
	}{
		{"ans-1", "agent-1"},
		{"ans-1", "alice@example.com"},
		{"ans-1", strings.Repeat("k", 300)},
		{strings.Repeat("a", 120), "agent"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		id := ratingID(tc.answer, tc.actor)
		if err := kg.ValidID("rating", id); err != nil {
			t.Errorf("ratingID(%q, %q) = %q: %v", tc.answer, tc.actor, id, err)
		}
		if id != ratingID(tc.answer, tc.actor) {
			t.Errorf("ratingID(%q, %q) is not stable", tc.answer, tc.actor)
		}
		if seen[id] {
			t.Errorf("ratingID(%q, %q) = %q collides", tc.answer, tc.actor, id)
		}
		seen[id] = true
	}
}

func TestStripFillers(t *testing.T) {
	a := bigrams(stripFillers("退货运费谁出"))
	b := bigrams(stripFillers("退货的运费谁来出"))
	if j := jaccard(a, b); j < 0.35 {
		t.Errorf("jaccard of two wordings of one question = %.2f, want ≥ 0.35", j)
	}
}
