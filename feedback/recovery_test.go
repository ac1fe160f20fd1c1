package feedback_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
)

// crashDocs is the store's documents with the process "killed" between an
// approval's graph write and its record update: the write of an APPROVED
// correction record fails.
type crashDocs struct{ kg.Docs }

var errKilled = errors.New("killed")

func (d crashDocs) PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error) {
	if coll == "corrections" && bytes.Contains(data, []byte(`"status":"APPROVED"`)) {
		return 0, errKilled
	}
	return d.Docs.PutDoc(ctx, kb, coll, id, data, expect)
}

// approveKilled approves c with the process killed after the graph write.
func approveKilled(t *testing.T, e *env, id string) {
	t.Helper()
	docs := e.fb.Docs
	e.fb.Docs = crashDocs{docs}
	defer func() { e.fb.Docs = docs }()
	if _, err := e.fb.Approve(e.ctx, e.kb, "trainer-a", id, ""); !errors.Is(err, errKilled) {
		t.Fatalf("Approve with a crash after the graph write = %v, want the crash", err)
	}
}

// TestRejectAfterInterruptedApproval: an approval killed between its graph
// write and its record update, followed (once its claim expired) by a
// rejection, leaves the graph as it was before the correction, with the
// revert on record (provenance CORRECTION_REVERT naming the correction).
func TestRejectAfterInterruptedApproval(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		t.Run("attribute", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", priceInput("279"))
			approveKilled(t, e, c.ID)
			if got := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny"); got != "279" {
				t.Fatalf("price after the interrupted approval = %s, want 279 (the write landed)", got)
			}
			e.clock.advance(3 * time.Minute)
			r, err := e.fb.Reject(e.ctx, e.kb, "trainer-b", c.ID, "wrong price")
			if err != nil {
				t.Fatalf("Reject = %v", err)
			}
			ent := mustEntity(t, e, "LJ-1002", time.Time{})
			if got := attr(ent, "price_cny"); got != "299" {
				t.Errorf("price after the rejection = %s, want 299 (the rejected correction taken back)", got)
			}
			if ent.Provenance.Kind != kg.ProvCorrectionRevert || ent.Provenance.Correction != c.ID || r.RevertedVersion != ent.Version || r.Status != feedback.Rejected {
				t.Errorf("after the rejection: entity v%d provenance %+v, record %+v; want a CORRECTION_REVERT of %s recorded as revertedVersion", ent.Version, ent.Provenance, r, c.ID)
			}
			// The revert is not an approval to resume.
			if _, err := e.fb.Approve(e.ctx, e.kb, "trainer-b", c.ID, ""); !errors.Is(err, kg.ErrConflict) {
				t.Errorf("Approve after the rejection = %v, want ErrConflict", err)
			}
		})
		t.Run("text", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "F012"},
				OldValue: "「我的-积分」", NewValue: "「会员中心」", Reason: "改版"})
			approveKilled(t, e, c.ID)
			e.clock.advance(3 * time.Minute)
			if _, err := e.fb.Reject(e.ctx, e.kb, "trainer-b", c.ID, ""); err != nil {
				t.Fatalf("Reject = %v", err)
			}
			if got := attr(mustEntity(t, e, "F012", time.Time{}), "answer"); got != "在微信小程序「我的-积分」页面查看积分余额。" {
				t.Errorf("FAQ answer after the rejection = %q, want the original statement", got)
			}
		})
		t.Run("relation", func(t *testing.T) {
			k := kg.RelationKey{From: "LJ-1002", Type: "IN_CATEGORY", To: "cat-serum"}
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "RELATION", EntityID: k.From, Key: k.Type, To: k.To},
				NewValue: "RETIRE", Reason: "r"})
			approveKilled(t, e, c.ID)
			e.clock.advance(3 * time.Minute)
			if _, err := e.fb.Reject(e.ctx, e.kb, "trainer-b", c.ID, ""); err != nil {
				t.Fatalf("Reject = %v", err)
			}
			rv := relationVersions(t, e, k)
			if last := rv[len(rv)-1]; last.Status != kg.StatusActive || last.Provenance.Kind != kg.ProvCorrectionRevert {
				t.Errorf("relation after the rejection = %+v, want it active again by a CORRECTION_REVERT", last)
			}
		})
		t.Run("later edit stays", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "price_cny"},
				NewValue: "189", Reason: "r"})
			approveKilled(t, e, c.ID)
			cur := mustEntity(t, e, "LJ-1024", time.Time{})
			mustApply(t, e, kg.Batch{At: e.clock.Now(), Entities: []kg.EntityUpsert{{ID: "LJ-1024", BaseVersion: cur.Version,
				Attributes: []kg.Attribute{num("price_cny", "179")}, Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "carol"}}}})
			e.clock.advance(3 * time.Minute)
			if _, err := e.fb.Reject(e.ctx, e.kb, "trainer-b", c.ID, ""); err != nil {
				t.Fatalf("Reject = %v", err)
			}
			if got := attr(mustEntity(t, e, "LJ-1024", time.Time{}), "price_cny"); got != "179" {
				t.Errorf("price after the rejection = %s, want carol's 179 kept", got)
			}
		})
	})
}
