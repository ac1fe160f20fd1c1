package feedback_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
	"kgrag/kg/memkg"
)

// recordCollections are the kg.Docs collections the feedback service keeps.
var recordCollections = []string{"corrections", "ratings", "regressions", "audit", "statements", "conflicts", "duplicate_dismissals"}

// FuzzStoredRecords puts one arbitrary document (a damaged or foreign
// record) into a collection of the feedback service and runs every read
// and the reviews over it: each returns an error or a result, never
// panics, and a review never makes a chunk's text grow without bound.
// Seeds: the records a real workflow writes (submit, approve, reject,
// rate, a regression case, the audit log), in their own collection and in
// the others.
func FuzzStoredRecords(f *testing.F) {
	st, err := memkg.Open(f.TempDir(), memkg.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	fb, err := feedback.New(st)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	var seq atomic.Int64
	newKB := func() string {
		kb := fmt.Sprintf("fz%d", seq.Add(1))
		if _, err := st.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{
			{ID: "LJ-1002", Type: "Product", Name: "精华", Attributes: []kg.Attribute{num("price_cny", "299"), list("skin", "油性", "干性")}},
			{ID: "F012", Type: "FAQ", Name: "积分", Attributes: []kg.Attribute{str("answer", "在「我的-积分」查看。")}},
		}}); err != nil {
			f.Fatal(err)
		}
		if err := st.PutTrace(ctx, kb, kg.Trace{ID: "ans-1", Question: "多少钱", Status: "ANSWERED", CreatedAt: time.Now().Add(-time.Hour)}); err != nil {
			f.Fatal(err)
		}
		return kb
	}

	kb := newKB()
	c1, err := fb.Submit(ctx, kb, "agent", feedback.SubmitInput{AnswerID: "ans-1", Target: feedback.Target{Kind: "ATTRIBUTE", EntityID: "LJ-1002", Key: "price_cny"}, NewValue: "279", Reason: "r"})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := fb.Approve(ctx, kb, "trainer", c1.ID, ""); err != nil {
		f.Fatal(err)
	}
	c2, err := fb.Submit(ctx, kb, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "F012"}, OldValue: "「我的-积分」", NewValue: "「会员」", Reason: "r"})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := fb.Approve(ctx, kb, "trainer", c2.ID, ""); err != nil {
		f.Fatal(err)
	}
	if _, err := fb.Rate(ctx, kb, "agent", "ans-1", false, "bad"); err != nil {
		f.Fatal(err)
	}
	for _, coll := range recordCollections {
		docs, err := fb.Docs.ListDocs(ctx, kb, coll, "", kg.MaxDocList)
		if err != nil {
			f.Fatal(err)
		}
		for _, d := range docs {
			for i := range recordCollections {
				f.Add(uint8(i), d.ID, d.Data)
			}
		}
	}
	f.Add(uint8(0), "cor-x", []byte(`{"id":"cor-x","status":"APPROVED","target":{"kind":"TEXT","entityId":"F012"},"oldValue":"","newValue":"xx"}`))
	f.Add(uint8(0), "cor-y", []byte(`{"id":"cor-y","status":"PENDING","target":{"kind":"ATTRIBUTE","entityId":"LJ-1002","key":"skin"},"oldValue":"油性、干性","newValue":"a,b,,c"}`))
	f.Add(uint8(0), "cor-z", []byte(`null`))

	f.Fuzz(func(t *testing.T, coll uint8, id string, data []byte) {
		if kg.ValidID("id", id) != nil || len(data) > 1<<16 {
			return
		}
		kb := newKB()
		if _, err := fb.Docs.PutDoc(ctx, kb, recordCollections[int(coll)%len(recordCollections)], id, data, kg.AnyVersion); err != nil {
			return
		}
		_, _ = fb.Get(ctx, kb, id)
		_, _, _ = fb.List(ctx, kb, "", kg.MaxPage, "")
		_, _, _ = fb.List(ctx, kb, feedback.Approved, kg.MaxPage, "")
		const text = "精华299元，在「我的-积分」查看。"
		if out, _, _, err := fb.Review(ctx, kb, []string{"LJ-1002", "F012"}, text); err == nil && len(out) > len(text)+2*kg.MaxValueLen {
			t.Errorf("Review grew the chunk from %d to %d bytes", len(text), len(out))
		}
		if u, _, err := fb.Keep(ctx, kb, "catalog.jsonl", kg.EntityUpsert{ID: "F012", Attributes: []kg.Attribute{str("answer", "在「我的-积分」查看。")}}); err == nil {
			for _, a := range u.Attributes {
				if len([]rune(a.Value)) > kg.MaxValueLen {
					t.Errorf("Keep made %s %d characters long", a.Key, len([]rune(a.Value)))
				}
			}
		}
		_, _ = fb.Regressions(ctx, kb)
		_, _, _ = fb.AuditLog(ctx, kb, feedback.AuditQuery{})
		_, _ = fb.KnowledgeGaps(ctx, kb, time.Time{}, time.Time{})
		_, _ = fb.Insights(ctx, kb, time.Time{}, time.Time{})
		_, _ = fb.Conflicts(ctx, kb)
		_, _ = fb.DuplicateSuggestions(ctx, kb, 10)
		_, _ = fb.PruneTraces(ctx, kb, "fuzz", time.Now())
		if strings.HasPrefix(id, "cor") {
			_, _ = fb.Approve(ctx, kb, "trainer", id, "")
			_, _ = fb.Reject(ctx, kb, "trainer", id, "")
		}
	})
}

// TestDamagedCorrectionIgnored: an approved TEXT correction record without
// its statement (damaged; Submit never writes one) patches nothing, where
// an empty statement would be "found" between every two characters.
func TestDamagedCorrectionIgnored(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		data := []byte(`{"id":"cor-x","kb":"` + e.kb + `","status":"APPROVED","target":{"kind":"TEXT","entityId":"F012"},"oldValue":"","newValue":"xx"}`)
		if _, err := e.fb.Docs.PutDoc(e.ctx, e.kb, "corrections", "cor-x", data, 0); err != nil {
			t.Fatal(err)
		}
		const text = "在「我的-积分」查看。"
		if out, _, notes, err := e.fb.Review(e.ctx, e.kb, []string{"F012"}, text); err != nil || out != text {
			t.Errorf("Review = %q %v %v, want the text unchanged", out, notes, err)
		}
		u, _, err := e.fb.Keep(e.ctx, e.kb, "faq.csv", kg.EntityUpsert{ID: "F012", Attributes: []kg.Attribute{str("answer", text)}})
		if err != nil || u.Attributes[0].Value != text {
			t.Errorf("Keep = %+v, %v; want the answer unchanged", u.Attributes, err)
		}
	})
}
