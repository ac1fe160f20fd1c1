package feedback_test

import (
	"errors"
	"strings"
	"testing"

	"kgrag/feedback"
	"kgrag/kg"
)

func TestDuplicateSuggestions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		al := func(as ...kg.Alias) *[]kg.Alias { return &as }
		p := func(id, name string, aliases *[]kg.Alias) kg.EntityUpsert {
			return kg.EntityUpsert{ID: id, Type: "Product", Name: name, Aliases: aliases, Provenance: srcProv}
		}
		mustApply(t, e, kg.Batch{At: tSeed, Entities: []kg.EntityUpsert{
			// A Chinese name whose English alias is another entity's name.
			p("niacinamide-serum", "Niacinamide Brightening Serum", nil),
			// The same code written two ways.
			p("LJ-1001", "玻尿酸保湿面霜", nil),
			p("hyaluronic-cream", "玻尿酸面霜（LJ1001）", nil),
			// Near-identical names.
			p("cica-mist", "积雪草舒缓喷雾", nil),
			p("cica-mist-2", "积雪草舒缓喷雾露", nil),
			// Variants that differ in their numbers are different products.
			p("serum-30", "修护精华 30ml", nil),
			p("serum-50", "修护精华 50ml", nil),
			// Different codes in the names: different products.
			p("LJ-2001", "LJ-2001 焕颜精华液", nil),
			p("LJ-2002", "LJ-2002 焕颜精华液", nil),
			// Near-identical, but one replaces the other: known to differ.
			p("toner-v1", "清爽平衡爽肤水", nil),
			p("toner-v2", "清爽平衡爽肤水新", nil),
			// Same alias, different wording of the name.
			p("sunscreen-a", "轻透防晒乳", al(kg.Alias{Text: "Light Sunscreen", Lang: "en"})),
			p("sunscreen-b", "清透防晒乳液", al(kg.Alias{Text: "light sunscreen", Lang: "en"})),
			// An FAQ named like a product is another type: not a duplicate.
			{ID: "faq-serum", Type: "FAQ", Name: "烟酰胺亮白精华", Provenance: srcProv},
		}, Relations: []kg.RelationUpsert{{From: "toner-v2", Type: "REPLACES", To: "toner-v1", Provenance: srcProv}}})

		got, err := e.fb.DuplicateSuggestions(e.ctx, e.kb, 0)
		if err != nil {
			t.Fatal(err)
		}
		pairs := map[string]feedback.DuplicateSuggestion{}
		for _, s := range got {
			if s.A.ID >= s.B.ID {
				t.Errorf("pair %s, %s is not ordered by id", s.A.ID, s.B.ID)
			}
			pairs[s.A.ID+"|"+s.B.ID] = s
		}
		tests := []struct {
			a, b   string
			want   bool
			reason string // in one of the reasons
		}{
			{"LJ-1002", "niacinamide-serum", true, "English alias"},
			{"LJ-1001", "hyaluronic-cream", true, "same code LJ1001"},
			{"cica-mist", "cica-mist-2", true, "near-identical"},
			{"sunscreen-a", "sunscreen-b", true, "same alias"},
			{"serum-30", "serum-50", false, ""},
			{"LJ-2001", "LJ-2002", false, ""},
			{"toner-v1", "toner-v2", false, ""},
			{"LJ-1002", "faq-serum", false, ""},
		}
		for _, tc := range tests {
			s, ok := pairs[tc.a+"|"+tc.b]
			if ok != tc.want {
				t.Errorf("pair %s, %s suggested = %v, want %v (suggestions %v)", tc.a, tc.b, ok, tc.want, got)
				continue
			}
			if ok && (!contains(s.Reasons, tc.reason) || s.Score <= 0 || s.Score >= 1) {
				t.Errorf("pair %s, %s: score %v, reasons %q; want 0 < score < 1 and a reason with %q", tc.a, tc.b, s.Score, s.Reasons, tc.reason)
			}
		}
		if len(got) != 4 {
			t.Errorf("DuplicateSuggestions = %d pairs, want 4: %v", len(got), got)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Score > got[i-1].Score {
				t.Errorf("suggestions not ordered by score: %v then %v", got[i-1].Score, got[i].Score)
			}
		}
		if one, _ := e.fb.DuplicateSuggestions(e.ctx, e.kb, 1); len(one) != 1 || one[0].A.ID != got[0].A.ID {
			t.Errorf("DuplicateSuggestions(limit 1) = %v, want the best pair only", one)
		}

		// Dismissed pairs are not suggested again, whichever way round.
		if err := e.fb.DismissDuplicate(e.ctx, e.kb, "trainer", "hyaluronic-cream", "LJ-1001"); err != nil {
			t.Fatal(err)
		}
		if err := e.fb.DismissDuplicate(e.ctx, e.kb, "trainer", "LJ-1001", "hyaluronic-cream"); err != nil {
			t.Errorf("dismissing again = %v, want nil", err)
		}
		after, _ := e.fb.DuplicateSuggestions(e.ctx, e.kb, 0)
		for _, s := range after {
			if s.A.ID == "LJ-1001" && s.B.ID == "hyaluronic-cream" {
				t.Errorf("dismissed pair suggested again: %+v", s)
			}
		}
		if len(after) != 3 {
			t.Errorf("suggestions after a dismissal = %d, want 3", len(after))
		}
		if got := auditActions(t, e, feedback.AuditQuery{Action: "dismissDuplicate"}); len(got) != 1 || got[0] != "dismissDuplicate LJ-1001|hyaluronic-cream" {
			t.Errorf("audited dismissals = %v, want one of LJ-1001|hyaluronic-cream", got)
		}

		bad := []struct {
			name, a, b, want string
		}{
			{"same entity", "LJ-1001", "LJ-1001", "invalid"},
			{"missing entity", "LJ-1001", "LJ-404", "not found"},
			{"bad id", "LJ-1001", "", "invalid"},
		}
		for _, tc := range bad {
			if err := e.fb.DismissDuplicate(e.ctx, e.kb, "trainer", tc.a, tc.b); errKind(err) != tc.want {
				t.Errorf("DismissDuplicate(%s: %q, %q) = %v, want %s", tc.name, tc.a, tc.b, err, tc.want)
			}
		}
		if _, err := e.fb.DuplicateSuggestions(e.ctx, e.kb, kg.MaxPage+1); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("DuplicateSuggestions(limit %d) = %v, want ErrInvalid", kg.MaxPage+1, err)
		}
		rep, err := e.fb.DuplicateReport(e.ctx, e.kb, 0)
		if err != nil || rep.Scanned < 20 || rep.Truncated {
			t.Errorf("DuplicateReport = scanned %d, truncated %v, %v; want every entity scanned", rep.Scanned, rep.Truncated, err)
		}
		for _, s := range got {
			if strings.TrimSpace(s.A.Name) == "" || s.A.Type != s.B.Type {
				t.Errorf("suggestion %+v: want named entities of one type", s)
			}
		}
	})
}
