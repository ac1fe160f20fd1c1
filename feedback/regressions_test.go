package feedback_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"kgrag/feedback"
	"kgrag/kg"
)

func TestRegressions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		if err := e.st.PutTrace(e.ctx, e.kb, kg.Trace{ID: "ans-1", KB: e.kb, CreatedAt: tStart, Question: "烟酰胺亮白精华现在多少钱一瓶",
			Channel: "tmall", Language: "zh", Status: "ANSWERED", Answer: "299元"}); err != nil {
			t.Fatal(err)
		}
		in := priceInput("279")
		in.AnswerID = "ans-1"
		price := mustApprove(t, e, mustSubmit(t, e, "agent", in).ID)
		size := mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "ATTRIBUTE", EntityID: "LJ-1024", Key: "净含量"},
			NewValue: "20g", Reason: "r"}).ID)
		faq := mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "F012"},
			OldValue: "「我的-积分」", NewValue: "「会员中心-积分明细」", Reason: "r"}).ID)
		rel := mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "RELATION", EntityID: "LJ-1024", Key: "IN_CATEGORY", To: "cat-serum"},
			NewValue: "ADD", Reason: "r"}).ID)
		rejected := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "ATTRIBUTE", EntityID: "LJ-1024", Key: "price_cny"}, NewValue: "1", Reason: "r"})
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", rejected.ID, ""); err != nil {
			t.Fatal(err)
		}
		mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "ATTRIBUTE", EntityID: "LJ-1024", Key: "price_cny"}, NewValue: "2", Reason: "pending"})

		rs, err := e.fb.Regressions(e.ctx, e.kb)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		if want := []string{price.ID, size.ID, faq.ID, rel.ID}; !slices.Equal(ids, want) {
			t.Fatalf("Regressions = %v, want one per approved correction %v", ids, want)
		}
		tests := []struct {
			name      string
			got       feedback.Regression
			question  string // substring
			generated bool
			channel   string
			expected  []string
			forbidden []string
			fact      feedback.ExpectedFact
		}{
			{"from the answer", rs[0], "烟酰胺亮白精华现在多少钱一瓶", false, "tmall", []string{"279"}, []string{"299"},
				feedback.ExpectedFact{Kind: "ATTRIBUTE", EntityID: "LJ-1002", Key: "price_cny", Value: "279", Version: price.AppliedVersion}},
			{"generated attribute", rs[1], "水光保湿眼霜的净含量", true, "", []string{"20g"}, []string{"15g"},
				feedback.ExpectedFact{Kind: "ATTRIBUTE", EntityID: "LJ-1024", Key: "净含量", Value: "20g", Version: size.AppliedVersion}},
			{"generated faq", rs[2], "小程序在哪里看积分", true, "", []string{"「会员中心-积分明细」"}, []string{"「我的-积分」"},
				feedback.ExpectedFact{Kind: "TEXT", EntityID: "F012", Value: "「会员中心-积分明细」", Version: faq.AppliedVersion}},
			{"generated relation", rs[3], "水光保湿眼霜和精华", true, "", nil, nil,
				feedback.ExpectedFact{Kind: "RELATION", EntityID: "LJ-1024", Key: "IN_CATEGORY", To: "cat-serum", Value: "ADD", Version: rel.AppliedVersion}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := tc.got
				if !strings.Contains(r.Question, tc.question) || r.Generated != tc.generated || r.Channel != tc.channel || r.Language != "zh" {
					t.Errorf("case = %q (generated %v, channel %q, language %q), want %q (generated %v, channel %q, zh)",
						r.Question, r.Generated, r.Channel, r.Language, tc.question, tc.generated, tc.channel)
				}
				if !slices.Equal(r.Expected, tc.expected) && !(len(r.Expected) == 0 && len(tc.expected) == 0) {
					t.Errorf("Expected = %q, want %q", r.Expected, tc.expected)
				}
				if !slices.Equal(r.Forbidden, tc.forbidden) && !(len(r.Forbidden) == 0 && len(tc.forbidden) == 0) {
					t.Errorf("Forbidden = %q, want %q", r.Forbidden, tc.forbidden)
				}
				if len(r.Facts) != 1 || r.Facts[0] != tc.fact {
					t.Errorf("Facts = %+v, want [%+v]", r.Facts, tc.fact)
				}
				if r.CreatedBy != "trainer" || r.CreatedAt.IsZero() || r.SupersededBy != "" {
					t.Errorf("case made by %q at %v, superseded by %q; want by trainer, not superseded", r.CreatedBy, r.CreatedAt, r.SupersededBy)
				}
			})
		}
		if ok, missing, forbidden := rs[0].Run("现在售价279元。"); !ok || missing != nil || forbidden != nil {
			t.Errorf("Run(new value) = %v, %v, %v; want pass", ok, missing, forbidden)
		}
		if ok, missing, forbidden := rs[0].Run("售价299元。"); ok || len(missing) != 1 || len(forbidden) != 1 {
			t.Errorf("Run(old value) = %v, %v, %v; want fail, 279 missing and 299 forbidden", ok, missing, forbidden)
		}

		// Corrected again: the older case is superseded and the newer one
		// forbids both old values.
		again := mustApprove(t, e, mustSubmit(t, e, "agent", priceInput("259")).ID)
		rs, _ = e.fb.Regressions(e.ctx, e.kb)
		first, last := rs[0], rs[len(rs)-1]
		if first.SupersededBy != again.ID || last.ID != again.ID || !slices.Equal(last.Forbidden, []string{"279", "299"}) {
			t.Errorf("after a second price correction: first superseded by %q, last %s forbids %q; want superseded by %s, forbidding 279 and 299",
				first.SupersededBy, last.ID, last.Forbidden, again.ID)
		}
	})
}

// Corrections approved before regression cases were kept get theirs on
// the first read.
func TestRegressionsBackfill(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		docs := e.fb.Docs
		c := feedback.Correction{ID: "cor-old-1", KB: e.kb, Target: feedback.Target{Kind: "ATTRIBUTE", EntityID: "LJ-1002", Key: "price_cny"},
			OldValue: "319", NewValue: "299", Reason: "r", Status: feedback.Approved, BaseVersion: 1, SubmittedBy: "a", SubmittedAt: tSeed,
			ReviewedBy: "old-trainer", ReviewedAt: tSeed, AppliedVersion: 1}
		data, _ := json.Marshal(c)
		if _, err := docs.PutDoc(e.ctx, e.kb, "corrections", c.ID, data, 0); err != nil {
			t.Fatal(err)
		}
		rs, err := e.fb.Regressions(e.ctx, e.kb)
		if err != nil || len(rs) != 1 || rs[0].ID != c.ID || rs[0].CreatedBy != "old-trainer" || !slices.Equal(rs[0].Expected, []string{"299"}) {
			t.Fatalf("Regressions = %+v, %v; want the backfilled case of %s", rs, err, c.ID)
		}
		if _, err := docs.GetDoc(e.ctx, e.kb, "regressions", c.ID); err != nil {
			t.Errorf("backfilled case not stored: %v", err)
		}
	})
}
