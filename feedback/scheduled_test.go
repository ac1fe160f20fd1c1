package feedback_test

import (
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
)

// An approved correction applies now even when the entity has a scheduled
// change: the scheduled version keeps the field it changes itself and
// takes the corrected value of the others.
func TestApproveWithScheduledChange(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		future := time.Now().UTC().AddDate(1, 0, 0).Truncate(time.Second)
		if _, err := e.st.Apply(e.ctx, e.kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "LJ-1002", ValidFrom: future,
			Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: "199"}}}}}); err != nil {
			t.Fatal(err)
		}
		price := mustSubmit(t, e, "agent-1", priceInput("279"))
		size := mustSubmit(t, e, "agent-1", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1002", Key: "净含量"},
			NewValue: "50ml", Reason: "包装已更新"})
		for _, c := range []feedback.Correction{price, size} {
			if _, err := e.fb.Approve(e.ctx, e.kb, "trainer", c.ID, "ok"); err != nil {
				t.Fatalf("Approve(%s) with a scheduled change = %v, want it applied", c.ID, err)
			}
		}
		now := mustEntity(t, e, "LJ-1002", time.Time{})
		if attr(now, "price_cny") != "279" || attr(now, "净含量") != "50ml" {
			t.Errorf("now: price %s 净含量 %s, want 279 and 50ml", attr(now, "price_cny"), attr(now, "净含量"))
		}
		later := mustEntity(t, e, "LJ-1002", future.Add(time.Hour))
		if attr(later, "price_cny") != "199" || attr(later, "净含量") != "50ml" {
			t.Errorf("after the scheduled change: price %s 净含量 %s, want 199 (scheduled) and 50ml (corrected)", attr(later, "price_cny"), attr(later, "净含量"))
		}
	})
}
