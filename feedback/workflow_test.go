package feedback_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
)

func TestSubmitApproveAttribute(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c := mustSubmit(t, e, "agent-1", priceInput("279.00"))
		if c.Status != feedback.Pending || c.OldValue != "299" || c.NewValue != "279" || c.BaseVersion != 1 || c.SubmittedBy != "agent-1" {
			t.Fatalf("Submit = %+v, want PENDING 299 → 279 on version 1 by agent-1", c)
		}
		if got := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny"); got != "299" {
			t.Fatalf("price after submit = %s, want 299 (nothing changes before approval)", got)
		}
		if p := corrections(t, e, feedback.Pending); len(p) != 1 || p[0].ID != c.ID {
			t.Fatalf("List(PENDING) = %v, want [%s]", p, c.ID)
		}
		beforeApproval := e.clock.peek()

		a := mustApprove(t, e, c.ID)
		if a.Status != feedback.Approved || a.ReviewedBy != "trainer" || a.AppliedVersion != 2 || a.ReviewNote != "ok" {
			t.Fatalf("Approve = %+v, want APPROVED by trainer at version 2", a)
		}
		ent := mustEntity(t, e, "LJ-1002", time.Time{})
		if got := attr(ent, "price_cny"); got != "279" || ent.Version != 2 {
			t.Fatalf("price after approval = %s (version %d), want 279 (version 2)", got, ent.Version)
		}
		want := kg.Provenance{Kind: kg.ProvCorrection, Correction: c.ID, Actor: "agent-1", Approver: "trainer"}
		if p := ent.Provenance; p.Kind != want.Kind || p.Correction != want.Correction || p.Actor != want.Actor || p.Approver != want.Approver {
			t.Errorf("provenance = %+v, want %+v", p, want)
		}
		// Other attributes are untouched.
		if got := attr(ent, "净含量"); got != "30ml" {
			t.Errorf("净含量 = %s, want 30ml", got)
		}
		// The old version is closed, not lost.
		if got := attr(mustEntity(t, e, "LJ-1002", beforeApproval), "price_cny"); got != "299" {
			t.Errorf("price as of before the approval = %s, want 299", got)
		}
		vs := entityVersions(t, e, "LJ-1002")
		if len(vs) != 2 || vs[0].ValidTo == nil || vs[1].ValidTo != nil || attr(vs[0], "price_cny") != "299" {
			t.Errorf("history = %+v, want version 1 (299, closed) and version 2 (open)", vs)
		}
		if got, err := e.fb.Get(e.ctx, e.kb, c.ID); err != nil || got.Status != feedback.Approved {
			t.Errorf("Get = %+v, %v; want APPROVED", got, err)
		}
		if p := corrections(t, e, feedback.Pending); len(p) != 0 {
			t.Errorf("List(PENDING) after approval = %v, want none", p)
		}
	})
}

func TestValueKinds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		tests := []struct {
			key, value, want string
		}{
			{"in_stock", "FALSE", "false"},
			{"launch_date", "2024-05-01", "2024-05-01"},
			{"skin_types", "油性、干性, 敏感肌", "油性、干性、敏感肌"},
			{"净含量", "50ml", "50ml"},
		}
		for _, tc := range tests {
			in := feedback.SubmitInput{Target: feedback.Target{Kind: "attribute", EntityID: "LJ-1002", Key: tc.key}, NewValue: tc.value, Reason: "r"}
			c := mustSubmit(t, e, "agent", in)
			mustApprove(t, e, c.ID)
			if got := attr(mustEntity(t, e, "LJ-1002", time.Time{}), tc.key); got != tc.want {
				t.Errorf("%s after correcting to %q = %q, want %q", tc.key, tc.value, got, tc.want)
			}
		}
	})
}

func TestReject(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c := mustSubmit(t, e, "agent-1", priceInput("279"))
		r, err := e.fb.Reject(e.ctx, e.kb, "trainer", c.ID, "price is right")
		if err != nil || r.Status != feedback.Rejected || r.ReviewedBy != "trainer" || r.ReviewNote != "price is right" {
			t.Fatalf("Reject = %+v, %v; want REJECTED by trainer", r, err)
		}
		if vs := entityVersions(t, e, "LJ-1002"); len(vs) != 1 || attr(vs[0], "price_cny") != "299" {
			t.Errorf("history after reject = %+v, want only version 1 at 299", vs)
		}
		if _, err := e.fb.Approve(e.ctx, e.kb, "trainer", c.ID, ""); !errors.Is(err, kg.ErrConflict) {
			t.Errorf("Approve(rejected) = %v, want ErrConflict", err)
		}
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", c.ID, ""); !errors.Is(err, kg.ErrConflict) {
			t.Errorf("Reject(rejected) = %v, want ErrConflict", err)
		}
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", "cor-missing", ""); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("Reject(missing) = %v, want ErrNotFound", err)
		}
		if rs, err := e.fb.Regressions(e.ctx, e.kb); err != nil || len(rs) != 0 {
			t.Errorf("Regressions after reject = %v, %v; want none", rs, err)
		}
	})
}

func TestSubmitBadInput(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		attrT := func(id, key string) feedback.Target {
			return feedback.Target{Kind: feedback.TargetAttribute, EntityID: id, Key: key}
		}
		long := strings.Repeat("长", 2001)
		tests := []struct {
			name string
			kb   string
			in   feedback.SubmitInput
			want string
			msg  string // in the error message
		}{
			{"missing entity", "", feedback.SubmitInput{Target: attrT("LJ-404", "price_cny"), NewValue: "1", Reason: "r"}, "not found", "LJ-404"},
			{"retired entity", "", feedback.SubmitInput{Target: attrT("LJ-1099", "price_cny"), NewValue: "49", Reason: "r"}, "invalid", "RETIRED"},
			{"bad entity id", "", feedback.SubmitInput{Target: attrT("", "price_cny"), NewValue: "1", Reason: "r"}, "invalid", "entityId"},
			{"unknown attribute", "", feedback.SubmitInput{Target: attrT("LJ-1002", "colour"), NewValue: "red", Reason: "r"}, "invalid", "price_cny"},
			{"not a number", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "abc", Reason: "r"}, "invalid", "not a number"},
			{"NaN", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "NaN", Reason: "r"}, "invalid", "not a number"},
			{"infinity", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "-Inf", Reason: "r"}, "invalid", "not a number"},
			{"hex number", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "0x1p8", Reason: "r"}, "invalid", "not a number"},
			{"underscored number", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "2_99", Reason: "r"}, "invalid", "not a number"},
			{"not a boolean", "", feedback.SubmitInput{Target: attrT("LJ-1002", "in_stock"), NewValue: "maybe", Reason: "r"}, "invalid", "true or false"},
			{"not a date", "", feedback.SubmitInput{Target: attrT("LJ-1002", "launch_date"), NewValue: "2025-13-01", Reason: "r"}, "invalid", "not a date"},
			{"empty new value", "", feedback.SubmitInput{Target: attrT("LJ-1002", "净含量"), NewValue: "  ", Reason: "r"}, "invalid", "newValue"},
			{"same value", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "299.0", Reason: "r"}, "invalid", "already"},
			{"empty reason", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "279", Reason: " \n"}, "invalid", "reason"},
			{"long reason", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "279", Reason: long}, "invalid", "reason"},
			{"long evidence", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "279", Reason: "r", Evidence: strings.Repeat("e", 4001)}, "invalid", "evidence"},
			{"long value", "", feedback.SubmitInput{Target: attrT("LJ-1002", "净含量"), NewValue: strings.Repeat("v", kg.MaxValueLen+1), Reason: "r"}, "invalid", "longer"},
			{"old value differs", "", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), OldValue: "289", NewValue: "279", Reason: "r"}, "conflict", "299"},
			{"missing answer", "", feedback.SubmitInput{AnswerID: "ans-404", Target: attrT("LJ-1002", "price_cny"), NewValue: "279", Reason: "r"}, "not found", "ans-404"},
			{"unknown kind", "", feedback.SubmitInput{Target: feedback.Target{Kind: "VIBE", EntityID: "LJ-1002"}, NewValue: "x", Reason: "r"}, "invalid", "VIBE"},
			{"text without old", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetText, EntityID: "F012"}, NewValue: "x", Reason: "r"}, "invalid", "oldValue"},
			{"text unchanged", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetText, EntityID: "F012"}, OldValue: "x", NewValue: "x", Reason: "r"}, "invalid", "same"},
			{"bad kb", "Bad KB", feedback.SubmitInput{Target: attrT("LJ-1002", "price_cny"), NewValue: "279", Reason: "r"}, "invalid", "knowledge base"},
			{"relation bad type", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "LOVES", To: "cat-eye"}, NewValue: "ADD", Reason: "r"}, "invalid", "LOVES"},
			{"relation missing to", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "IN_CATEGORY", To: "cat-404"}, NewValue: "ADD", Reason: "r"}, "not found", "cat-404"},
			{"relation retired to", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "REPLACES", To: "LJ-1099"}, NewValue: "ADD", Reason: "r"}, "invalid", "RETIRED"},
			{"relation to itself", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "RELATED_TO", To: "LJ-1002"}, NewValue: "ADD", Reason: "r"}, "invalid", "itself"},
			{"relation bad verb", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "IN_CATEGORY", To: "cat-eye"}, NewValue: "MAYBE", Reason: "r"}, "invalid", "ADD or RETIRE"},
			{"relation add existing", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "IN_CATEGORY", To: "cat-serum"}, NewValue: "ADD", Reason: "r"}, "invalid", "already exists"},
			{"relation retire missing", "", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation, EntityID: "LJ-1002", Key: "IN_CATEGORY", To: "cat-eye"}, NewValue: "RETIRE", Reason: "r"}, "not found", "no active relation"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				kb := e.kb
				if tc.kb != "" {
					kb = tc.kb
				}
				_, err := e.fb.Submit(e.ctx, kb, "agent", tc.in)
				if got := errKind(err); got != tc.want || !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("Submit = %v (%s), want %s mentioning %q", err, got, tc.want, tc.msg)
				}
			})
		}
		if all := corrections(t, e, ""); len(all) != 0 {
			t.Errorf("corrections after bad input = %v, want none stored", all)
		}
		if vs := entityVersions(t, e, "LJ-1002"); len(vs) != 1 {
			t.Errorf("LJ-1002 has %d versions after bad input, want 1", len(vs))
		}
		if got := auditActions(t, e, feedback.AuditQuery{}); len(got) != 0 {
			t.Errorf("audit log after bad input = %v, want empty", got)
		}
	})
}

func TestApproveConflicts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		t.Run("twice", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "净含量"}, NewValue: "20g", Reason: "r"})
			mustApprove(t, e, c.ID)
			_, err := e.fb.Approve(e.ctx, e.kb, "trainer2", c.ID, "")
			if !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), "already approved") {
				t.Errorf("second Approve = %v, want ErrConflict saying it is already approved", err)
			}
			if vs := entityVersions(t, e, "LJ-1024"); len(vs) != 2 {
				t.Errorf("LJ-1024 has %d versions, want 2", len(vs))
			}
		})
		t.Run("target changed", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", priceInput("279"))
			mustApply(t, e, kg.Batch{At: e.clock.Now(), Entities: []kg.EntityUpsert{{ID: "LJ-1002", Attributes: []kg.Attribute{num("price_cny", "289")},
				Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "alice"}}}})
			_, err := e.fb.Approve(e.ctx, e.kb, "trainer", c.ID, "")
			if !errors.Is(err, kg.ErrConflict) {
				t.Fatalf("Approve after the target changed = %v, want ErrConflict", err)
			}
			for _, want := range []string{"price_cny", `"299"`, `"289"`, "alice"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("conflict %q does not say %s", err, want)
				}
			}
			if got := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny"); got != "289" {
				t.Errorf("price = %s, want 289 (the correction applied nothing)", got)
			}
			if got, _ := e.fb.Get(e.ctx, e.kb, c.ID); got.Status != feedback.Pending {
				t.Errorf("correction status = %s, want PENDING", got.Status)
			}
		})
		t.Run("unrelated attribute changed", func(t *testing.T) {
			cur := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny")
			c := mustSubmit(t, e, "agent", priceInput("269"))
			if c.OldValue != cur {
				t.Fatalf("OldValue = %s, want %s", c.OldValue, cur)
			}
			mustApply(t, e, kg.Batch{At: e.clock.Now(), Entities: []kg.EntityUpsert{{ID: "LJ-1002", Attributes: []kg.Attribute{str("净含量", "35ml")},
				Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "alice"}}}})
			a := mustApprove(t, e, c.ID)
			ent := mustEntity(t, e, "LJ-1002", time.Time{})
			if attr(ent, "price_cny") != "269" || attr(ent, "净含量") != "35ml" || a.AppliedVersion != ent.Version {
				t.Errorf("after approval: %+v (applied %d), want price 269, 净含量 35ml", ent.Attributes, a.AppliedVersion)
			}
		})
		t.Run("target retired", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "price_cny"}, NewValue: "189", Reason: "r"})
			mustApply(t, e, kg.Batch{At: e.clock.Now(), Retire: []kg.Retirement{{EntityID: "LJ-1024", Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "bob"}}}})
			_, err := e.fb.Approve(e.ctx, e.kb, "trainer", c.ID, "")
			if !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), "RETIRED") {
				t.Errorf("Approve of a retired target = %v, want ErrConflict saying RETIRED", err)
			}
		})
		t.Run("missing", func(t *testing.T) {
			if _, err := e.fb.Approve(e.ctx, e.kb, "trainer", "cor-404", ""); !errors.Is(err, kg.ErrNotFound) {
				t.Errorf("Approve(missing) = %v, want ErrNotFound", err)
			}
		})
	})
}

// An approval interrupted after the graph write (the record still says
// PENDING) is finished by approving again, without a second version.
func TestApproveResumes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c := mustSubmit(t, e, "agent", priceInput("279"))
		res := mustApply(t, e, kg.Batch{At: e.clock.Now(), Entities: []kg.EntityUpsert{{ID: "LJ-1002", BaseVersion: 1,
			Attributes: []kg.Attribute{num("price_cny", "279")},
			Provenance: kg.Provenance{Kind: kg.ProvCorrection, Correction: c.ID, Actor: "agent", Approver: "first-trainer"}}}})
		a, err := e.fb.Approve(e.ctx, e.kb, "second-trainer", c.ID, "")
		if err != nil {
			t.Fatalf("Approve after an interrupted approval = %v", err)
		}
		if a.AppliedVersion != res.Entities[0].Version || a.ReviewedBy != "first-trainer" {
			t.Errorf("Approve = version %d by %s, want version %d by first-trainer (what the graph holds)", a.AppliedVersion, a.ReviewedBy, res.Entities[0].Version)
		}
		if vs := entityVersions(t, e, "LJ-1002"); len(vs) != 2 {
			t.Errorf("LJ-1002 has %d versions, want 2", len(vs))
		}
	})
}

func TestConcurrentApprovals(t *testing.T) {
	const n = 8
	forEachBackend(t, func(t *testing.T, e *env) {
		t.Run("different corrections of one attribute", func(t *testing.T) {
			var ids []string
			for i := range n {
				c := mustSubmit(t, e, fmt.Sprintf("agent-%d", i), priceInput(fmt.Sprint(200+i)))
				if c.BaseVersion != 1 {
					t.Fatalf("BaseVersion = %d, want 1", c.BaseVersion)
				}
				ids = append(ids, c.ID)
			}
			errs := approveAll(e, ids)
			wins := 0
			winner := ""
			for i, err := range errs {
				switch {
				case err == nil:
					wins++
					winner = ids[i]
				case !errors.Is(err, kg.ErrConflict):
					t.Errorf("Approve(%s) = %v, want nil or ErrConflict", ids[i], err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d approvals won, want exactly 1 (errors %v)", wins, errs)
			}
			vs := entityVersions(t, e, "LJ-1002")
			if len(vs) != 2 || vs[1].Provenance.Correction != winner {
				t.Errorf("history has %d versions (last by %s), want 2, the last by %s", len(vs), vs[len(vs)-1].Provenance.Correction, winner)
			}
			if a := corrections(t, e, feedback.Approved); len(a) != 1 || a[0].ID != winner {
				t.Errorf("approved corrections = %v, want only %s", a, winner)
			}
			if p := corrections(t, e, feedback.Pending); len(p) != n-1 {
				t.Errorf("%d corrections pending, want %d", len(p), n-1)
			}
		})
		t.Run("one correction", func(t *testing.T) {
			c := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "price_cny"}, NewValue: "179", Reason: "r"})
			ids := slices.Repeat([]string{c.ID}, n)
			errs := approveAll(e, ids)
			wins := 0
			for _, err := range errs {
				switch {
				case err == nil:
					wins++
				case !errors.Is(err, kg.ErrConflict):
					t.Errorf("Approve = %v, want nil or ErrConflict", err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d approvals won, want exactly 1 (errors %v)", wins, errs)
			}
			if vs := entityVersions(t, e, "LJ-1024"); len(vs) != 2 || attr(vs[1], "price_cny") != "179" {
				t.Errorf("LJ-1024 history = %+v, want exactly one new version at 179", vs)
			}
			if got := auditActions(t, e, feedback.AuditQuery{Action: "approveCorrection", Subject: c.ID}); len(got) != 1 {
				t.Errorf("audit has %d approvals of %s, want 1", len(got), c.ID)
			}
			rs, _ := e.fb.Regressions(e.ctx, e.kb)
			if n := len(slices.DeleteFunc(rs, func(r feedback.Regression) bool { return r.ID != c.ID })); n != 1 {
				t.Errorf("%d regression cases of %s, want 1", n, c.ID)
			}
		})
		t.Run("one statement", func(t *testing.T) {
			var ids []string
			for i := range n {
				c := mustSubmit(t, e, fmt.Sprintf("agent-%d", i), feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetText, EntityID: "lj-invoice"},
					OldValue: "180天内可申请补开发票", NewValue: fmt.Sprintf("%d天内可申请补开发票", 360+i), Reason: "r"})
				ids = append(ids, c.ID)
			}
			errs := approveAll(e, ids)
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if !errors.Is(err, kg.ErrConflict) {
					t.Errorf("Approve = %v, want nil or ErrConflict", err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d approvals of corrections of one statement won, want exactly 1 (errors %v)", wins, errs)
			}
			out, _, notes, err := e.fb.Review(e.ctx, e.kb, []string{"lj-invoice"}, "订单完成后180天内可申请补开发票。")
			if err != nil || len(notes) != 1 || strings.Contains(out, "180天") {
				t.Errorf("Review = %q, %v, %v; want the statement patched once", out, notes, err)
			}
		})
		t.Run("relation", func(t *testing.T) {
			var ids []string
			for i := range n {
				c := mustSubmit(t, e, fmt.Sprintf("agent-%d", i), feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetRelation,
					EntityID: "LJ-1002", Key: "COMPATIBLE_WITH", To: "LJ-1024"}, NewValue: "add", Reason: "r"})
				ids = append(ids, c.ID)
			}
			errs := approveAll(e, ids)
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if !errors.Is(err, kg.ErrConflict) {
					t.Errorf("Approve = %v, want nil or ErrConflict", err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d approvals won, want exactly 1 (errors %v)", wins, errs)
			}
			if rs := relationVersions(t, e, kg.RelationKey{From: "LJ-1002", Type: "COMPATIBLE_WITH", To: "LJ-1024"}); len(rs) != 1 {
				t.Errorf("relation has %d versions, want 1", len(rs))
			}
		})
	})
}

// Approvals and rejections of one correction racing: exactly one wins,
// and the graph agrees with the record.
func TestApproveRejectRace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		outcomes := map[string]int{}
		for round := range 6 {
			price := fmt.Sprint(100 + round)
			c := mustSubmit(t, e, "agent", priceInput(price))
			errs := make([]error, 8)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					if i%2 == 0 {
						_, errs[i] = e.fb.Approve(e.ctx, e.kb, "trainer", c.ID, "")
					} else {
						_, errs[i] = e.fb.Reject(e.ctx, e.kb, "trainer", c.ID, "")
					}
				}()
			}
			close(start)
			wg.Wait()
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if !errors.Is(err, kg.ErrConflict) {
					t.Errorf("review = %v, want nil or ErrConflict", err)
				}
			}
			got, err := e.fb.Get(e.ctx, e.kb, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if wins != 1 || got.ApprovingBy != "" {
				t.Fatalf("round %d: %d reviews won, record %+v; want exactly 1 and no claim left (errors %v)", round, wins, got, errs)
			}
			outcomes[got.Status]++
			applied := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny") == price
			if applied != (got.Status == feedback.Approved) {
				t.Fatalf("round %d: correction %s but price applied = %v", round, got.Status, applied)
			}
		}
		t.Logf("outcomes: %v", outcomes)
	})
}

// A correction whose approval is in progress cannot be rejected or
// approved again, until the claim expires (the approver died).
func TestApprovalClaim(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c := mustSubmit(t, e, "agent", priceInput("279"))
		c.ApprovingBy, c.ApprovingSince = "trainer-a", e.clock.Now()
		data, _ := json.Marshal(c)
		if _, err := e.fb.Docs.PutDoc(e.ctx, e.kb, "corrections", c.ID, data, c.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer-b", c.ID, ""); !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), "trainer-a") {
			t.Errorf("Reject during an approval = %v, want ErrConflict naming trainer-a", err)
		}
		if _, err := e.fb.Approve(e.ctx, e.kb, "trainer-b", c.ID, ""); !errors.Is(err, kg.ErrConflict) {
			t.Errorf("Approve during an approval = %v, want ErrConflict", err)
		}
		e.clock.advance(3 * time.Minute)
		a, err := e.fb.Approve(e.ctx, e.kb, "trainer-b", c.ID, "")
		if err != nil || a.ReviewedBy != "trainer-b" || a.ApprovingBy != "" {
			t.Errorf("Approve after the claim expired = %+v, %v; want approved by trainer-b", a, err)
		}
	})
}

func approveAll(e *env, ids []string) []error {
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = e.fb.Approve(e.ctx, e.kb, fmt.Sprintf("trainer-%d", i), id, "")
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func TestRelationCorrections(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		add := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "relation", EntityID: "LJ-1024", Key: "IN_CATEGORY", To: "cat-serum"},
			NewValue: "add", Reason: "眼霜也属于精华类目"})
		if add.NewValue != "ADD" || add.OldValue != "" {
			t.Errorf("Submit(ADD) = %+v, want NewValue ADD and no OldValue", add)
		}
		ret := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "RELATION", EntityID: "LJ-1002", Key: "IN_CATEGORY", To: "cat-serum"},
			NewValue: "RETIRE", Reason: "类目调整"})
		if ret.OldValue != "LJ-1002-[IN_CATEGORY]->cat-serum" {
			t.Errorf("Submit(RETIRE).OldValue = %q, want the relation", ret.OldValue)
		}
		beforeRetire := e.clock.peek()
		a := mustApprove(t, e, add.ID)
		r := mustApprove(t, e, ret.ID)

		ns, err := e.st.Neighbours(e.ctx, e.kb, "LJ-1024", kg.NeighbourQuery{RelationTypes: []string{"IN_CATEGORY"}, Direction: kg.Out})
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, n := range ns {
			to = append(to, n.Entity.ID)
			if n.Entity.ID == "cat-serum" && (n.Relation.Provenance.Correction != add.ID || n.Relation.Provenance.Approver != "trainer" || n.Relation.Version != a.AppliedVersion) {
				t.Errorf("added relation = %+v, want provenance of %s approved by trainer", n.Relation, add.ID)
			}
		}
		slices.Sort(to)
		if !slices.Equal(to, []string{"cat-eye", "cat-serum"}) {
			t.Errorf("LJ-1024 categories = %v, want [cat-eye cat-serum]", to)
		}
		ns, _ = e.st.Neighbours(e.ctx, e.kb, "LJ-1002", kg.NeighbourQuery{RelationTypes: []string{"IN_CATEGORY"}, Direction: kg.Out})
		if len(ns) != 0 {
			t.Errorf("LJ-1002 categories after RETIRE = %v, want none", ns)
		}
		// Retired, not lost.
		ns, _ = e.st.Neighbours(e.ctx, e.kb, "LJ-1002", kg.NeighbourQuery{RelationTypes: []string{"IN_CATEGORY"}, Direction: kg.Out, AsOf: beforeRetire})
		if len(ns) != 1 {
			t.Errorf("LJ-1002 categories as of before = %v, want cat-serum", ns)
		}
		rv := relationVersions(t, e, kg.RelationKey{From: "LJ-1002", Type: "IN_CATEGORY", To: "cat-serum"})
		if len(rv) != 2 || rv[1].Status != kg.StatusRetired || rv[1].Provenance.Correction != ret.ID || r.AppliedVersion != 2 {
			t.Errorf("retired relation history = %+v (applied %d), want version 2 RETIRED by %s", rv, r.AppliedVersion, ret.ID)
		}

		// A relation changed since submission is a conflict that says how.
		again := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "RELATION", EntityID: "LJ-1024", Key: "IN_CATEGORY", To: "cat-eye"},
			NewValue: "RETIRE", Reason: "r"})
		mustApply(t, e, kg.Batch{At: e.clock.Now(), Retire: []kg.Retirement{{Relation: &kg.RelationKey{From: "LJ-1024", Type: "IN_CATEGORY", To: "cat-eye"},
			Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "carol"}}}})
		_, err = e.fb.Approve(e.ctx, e.kb, "trainer", again.ID, "")
		if !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), "retired") || !strings.Contains(err.Error(), "carol") {
			t.Errorf("Approve of a relation retired meanwhile = %v, want ErrConflict saying carol retired it", err)
		}
	})
}

func TestTextCorrections(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		faq := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "text", EntityID: "F012"},
			OldValue: "「我的-积分」", NewValue: "「会员中心-积分明细」", Reason: "小程序改版"})
		pol := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "lj-invoice"},
			OldValue: "订单完成后180天内可申请补开发票", NewValue: "订单完成后365天内可申请补开发票", Reason: "期限延长"})
		// Before approval nothing is patched.
		out, stale, notes, err := e.fb.Review(e.ctx, e.kb, []string{"F012"}, "在微信小程序「我的-积分」页面查看。")
		if err != nil || stale || out != "在微信小程序「我的-积分」页面查看。" || len(notes) != 0 {
			t.Errorf("Review before approval = %q, %v, %v, %v; want the text unchanged", out, stale, notes, err)
		}

		a := mustApprove(t, e, faq.ID)
		ent := mustEntity(t, e, "F012", time.Time{})
		if got := attr(ent, "answer"); got != "在微信小程序「会员中心-积分明细」页面查看积分余额。" || ent.Version != 2 || a.AppliedVersion != 2 || ent.Provenance.Correction != faq.ID {
			t.Errorf("F012 after approval: answer %q, version %d (applied %d), provenance %+v; want the answer patched as version 2 by %s",
				got, ent.Version, a.AppliedVersion, ent.Provenance, faq.ID)
		}
		p := mustApprove(t, e, pol.ID)
		if vs := entityVersions(t, e, "lj-invoice"); len(vs) != 1 || p.AppliedVersion != 1 {
			t.Errorf("lj-invoice: %d versions, applied %d; want no new version (no attribute states the text)", len(vs), p.AppliedVersion)
		}

		// The statement is corrected; another correction of it is a conflict
		// that says by whom, and nothing changes.
		dup := mustSubmit(t, e, "agent-2", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "lj-invoice"},
			OldValue: "订单完成后180天内可申请补开发票", NewValue: "订单完成后一年内可申请补开发票", Reason: "r"})
		_, err = e.fb.Approve(e.ctx, e.kb, "trainer", dup.ID, "")
		if !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), pol.ID) || !strings.Contains(err.Error(), "365天") {
			t.Errorf("Approve of a second correction of one statement = %v, want ErrConflict naming %s and its new value", err, pol.ID)
		}
		// A failed approval does not hold its statement.
		failed := mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "lj-invoice"},
			OldValue: "电子发票", NewValue: "数电发票", Reason: "r"})
		mustApply(t, e, kg.Batch{At: e.clock.Now(), Retire: []kg.Retirement{{EntityID: "lj-invoice", Provenance: kg.Provenance{Kind: kg.ProvUser}}}})
		if _, err := e.fb.Approve(e.ctx, e.kb, "trainer", failed.ID, ""); !errors.Is(err, kg.ErrConflict) {
			t.Fatalf("Approve with the target retired = %v, want ErrConflict", err)
		}
		mustApply(t, e, kg.Batch{At: e.clock.Now(), Entities: []kg.EntityUpsert{{ID: "lj-invoice", Provenance: kg.Provenance{Kind: kg.ProvUser}}}})
		won := mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: "TEXT", EntityID: "lj-invoice"},
			OldValue: "电子发票", NewValue: "全电发票", Reason: "r"}).ID)
		if _, err := e.fb.Approve(e.ctx, e.kb, "trainer", failed.ID, ""); !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), won.ID) {
			t.Errorf("Approve of the failed correction again = %v, want ErrConflict naming %s", err, won.ID)
		}

		tests := []struct {
			name      string
			entities  []string
			text      string
			want      string
			wantNotes int
		}{
			{"faq chunk", []string{"F012"}, "积分在「我的-积分」里。", "积分在「会员中心-积分明细」里。", 1},
			{"policy chunk", []string{"lj-invoice"}, "说明：订单完成后180天内可申请补开发票。", "说明：订单完成后365天内可申请补开发票。", 1},
			{"chunk mentioning the policy", []string{"F099", "lj-invoice"}, "订单完成后180天内可申请补开发票", "订单完成后365天内可申请补开发票", 1},
			// A statement is corrected wherever it is stated; a bare value
			// ("「我的-积分」" keeps no words around what changed) only in
			// the target's own text.
			{"other entity", []string{"LJ-1002"}, "订单完成后180天内可申请补开发票", "订单完成后365天内可申请补开发票", 1},
			{"other entity, bare value", []string{"LJ-1002"}, "「我的-积分」", "「我的-积分」", 0},
			{"no entities, statement", nil, "说明：订单完成后180天内可申请补开发票。", "说明：订单完成后365天内可申请补开发票。", 1},
			{"no statement", []string{"F012"}, "积分可以抵现。", "积分可以抵现。", 0},
			{"no entities", nil, "「我的-积分」", "「我的-积分」", 0},
			{"two statements", []string{"lj-invoice"}, "订单完成后180天内可申请补开发票，开具电子发票。", "订单完成后365天内可申请补开发票，开具全电发票。", 2},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				out, stale, notes, err := e.fb.Review(e.ctx, e.kb, tc.entities, tc.text)
				if err != nil || stale || out != tc.want || len(notes) != tc.wantNotes {
					t.Errorf("Review(%v, %q) = %q, stale %v, notes %v, %v; want %q with %d notes", tc.entities, tc.text, out, stale, notes, err, tc.want, tc.wantNotes)
				}
			})
		}
	})
}

func TestStaleChunks(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		mustApprove(t, e, mustSubmit(t, e, "agent", priceInput("279")).ID)
		mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "净含量"},
			NewValue: "20g", Reason: "规格升级"}).ID)
		tests := []struct {
			name     string
			entities []string
			text     string
			stale    bool
		}{
			{"states the old price", []string{"LJ-1002"}, "烟酰胺亮白精华售价299元。", true},
			{"states the new price", []string{"LJ-1002"}, "烟酰胺亮白精华售价279元。", false},
			{"states both", []string{"LJ-1002"}, "原价299元，现价279元。", false},
			{"a longer number", []string{"LJ-1002"}, "套装价1299元。", false},
			{"a decimal", []string{"LJ-1002"}, "小样299.5元。", false},
			{"mentions the product only", []string{"LJ-2000", "LJ-1002"}, "比烟酰胺亮白精华（299元）更便宜。", false},
			{"old size", []string{"LJ-1024"}, "水光保湿眼霜，净含量15g。", true},
			{"a bigger size", []string{"LJ-1024"}, "水光保湿眼霜家庭装115g。", false},
			{"other entity", []string{"LJ-1099"}, "售价299元。", false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				out, stale, notes, err := e.fb.Review(e.ctx, e.kb, tc.entities, tc.text)
				if err != nil || stale != tc.stale || out != tc.text {
					t.Errorf("Review(%v, %q) = %q, stale %v, %v; want stale %v and the text unchanged", tc.entities, tc.text, out, stale, err, tc.stale)
				}
				if stale && (len(notes) != 1 || !strings.Contains(notes[0], "stale")) {
					t.Errorf("notes = %v, want one saying stale", notes)
				}
			})
		}
		// Corrected again: both superseded values are stale, the current one is not.
		mustApprove(t, e, mustSubmit(t, e, "agent", priceInput("259")).ID)
		for text, want := range map[string]bool{"售价299元": true, "售价279元": true, "售价259元": false} {
			if _, stale, _, _ := e.fb.Review(e.ctx, e.kb, []string{"LJ-1002"}, text); stale != want {
				t.Errorf("Review(%q) after the second correction: stale %v, want %v", text, stale, want)
			}
		}
		// Corrected back to the first value: a chunk stating it is right again.
		mustApprove(t, e, mustSubmit(t, e, "agent", priceInput("299")).ID)
		if _, stale, _, _ := e.fb.Review(e.ctx, e.kb, []string{"LJ-1002"}, "售价299元"); stale {
			t.Errorf("Review(售价299元) after the price went back to 299: stale, want fresh")
		}
	})
}

func TestTrustedAgents(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c := mustSubmit(t, e, "bot", priceInput("279"))
		if c.Status != feedback.Pending {
			t.Fatalf("Submit with no trusted agents = %s, want PENDING (off by default)", c.Status)
		}
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", c.ID, ""); err != nil {
			t.Fatal(err)
		}
		e.fb.TrustedAgents = []string{"bot"}
		c = mustSubmit(t, e, "bot", priceInput("279"))
		if c.Status != feedback.Approved || c.ReviewedBy != "bot" || !strings.Contains(c.ReviewNote, "trusted") {
			t.Errorf("Submit by a trusted agent = %+v, want APPROVED by bot", c)
		}
		if got := attr(mustEntity(t, e, "LJ-1002", time.Time{}), "price_cny"); got != "279" {
			t.Errorf("price = %s, want 279", got)
		}
		c = mustSubmit(t, e, "someone", priceInput("269"))
		if c.Status != feedback.Pending {
			t.Errorf("Submit by an untrusted agent = %s, want PENDING", c.Status)
		}
	})
}

func TestAuditLog(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c1 := mustSubmit(t, e, "agent-1", priceInput("279"))
		mid := e.clock.Now()
		a1 := mustApprove(t, e, c1.ID)
		c2 := mustSubmit(t, e, "agent-2", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1024", Key: "净含量"},
			NewValue: "20g", Reason: "r"})
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer-2", c2.ID, "no"); err != nil {
			t.Fatal(err)
		}
		if err := e.fb.DismissDuplicate(e.ctx, e.kb, "trainer-2", "LJ-1002", "LJ-1024"); err != nil {
			t.Fatal(err)
		}

		all, next, err := e.fb.AuditLog(e.ctx, e.kb, feedback.AuditQuery{})
		if err != nil || next != "" {
			t.Fatalf("AuditLog = %v, %q", err, next)
		}
		var got []string
		for _, a := range all {
			got = append(got, a.Actor+" "+a.Action+" "+a.Subject)
		}
		want := []string{"agent-1 submitCorrection " + c1.ID, "trainer approveCorrection " + c1.ID,
			"agent-2 submitCorrection " + c2.ID, "trainer-2 rejectCorrection " + c2.ID, "trainer-2 dismissDuplicate LJ-1002|LJ-1024"}
		if !slices.Equal(got, want) {
			t.Fatalf("AuditLog =\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if all[0].Before != nil || !strings.Contains(string(all[0].After), `"status":"PENDING"`) {
			t.Errorf("submit entry: before %s, after %s; want no before and the PENDING correction after", all[0].Before, all[0].After)
		}
		if !strings.Contains(string(all[1].Before), `"status":"PENDING"`) || !strings.Contains(string(all[1].After), `"status":"APPROVED"`) ||
			!strings.Contains(string(all[1].After), fmt.Sprintf(`"appliedVersion":%d`, a1.AppliedVersion)) {
			t.Errorf("approve entry: before %s, after %s; want PENDING → APPROVED with the applied version", all[1].Before, all[1].After)
		}
		if !strings.Contains(string(all[3].After), `"status":"REJECTED"`) {
			t.Errorf("reject entry after = %s, want REJECTED", all[3].After)
		}
		for i := 1; i < len(all); i++ {
			if all[i].At.Before(all[i-1].At) {
				t.Errorf("entries out of order: %v before %v", all[i-1].At, all[i].At)
			}
		}

		filters := []struct {
			name string
			q    feedback.AuditQuery
			want int
		}{
			{"actor", feedback.AuditQuery{Actor: "trainer-2"}, 2},
			{"action", feedback.AuditQuery{Action: "submitCorrection"}, 2},
			{"subject", feedback.AuditQuery{Subject: c1.ID}, 2},
			{"from", feedback.AuditQuery{From: mid}, 4},
			{"to", feedback.AuditQuery{To: mid}, 1},
			{"window", feedback.AuditQuery{From: mid, To: all[3].At}, 2},
			{"nobody", feedback.AuditQuery{Actor: "nobody"}, 0},
		}
		for _, tc := range filters {
			t.Run(tc.name, func(t *testing.T) {
				if got := auditActions(t, e, tc.q); len(got) != tc.want {
					t.Errorf("AuditLog(%+v) = %v, want %d entries", tc.q, got, tc.want)
				}
			})
		}

		// Paging one entry at a time walks the whole log once.
		var paged []string
		q := feedback.AuditQuery{First: 2}
		for range 10 {
			page, next, err := e.fb.AuditLog(e.ctx, e.kb, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range page {
				paged = append(paged, a.Actor+" "+a.Action+" "+a.Subject)
			}
			if next == "" {
				break
			}
			q.After = next
		}
		if !slices.Equal(paged, want) {
			t.Errorf("paged AuditLog = %v, want %v", paged, want)
		}

		// Curation mutations elsewhere write through Audit.
		if err := e.fb.Audit(e.ctx, e.kb, "trainer", "updateEntity", "LJ-1002", map[string]string{"name": "a"}, map[string]string{"name": "b"}); err != nil {
			t.Fatal(err)
		}
		if got := auditActions(t, e, feedback.AuditQuery{Action: "updateEntity"}); len(got) != 1 {
			t.Errorf("AuditLog(updateEntity) = %v, want 1 entry", got)
		}
	})
}

func TestListPaging(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		var ids []string
		for i := range 5 {
			ids = append(ids, mustSubmit(t, e, "agent", priceInput(fmt.Sprint(100+i))).ID)
		}
		if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", ids[1], ""); err != nil {
			t.Fatal(err)
		}
		var got []string
		after := ""
		for range 10 {
			page, next, err := e.fb.List(e.ctx, e.kb, feedback.Pending, 2, after)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				got = append(got, c.ID)
			}
			if next == "" {
				break
			}
			after = next
		}
		want := []string{ids[0], ids[2], ids[3], ids[4]}
		if !slices.Equal(got, want) {
			t.Errorf("List(PENDING) pages = %v, want %v", got, want)
		}
	})
}
