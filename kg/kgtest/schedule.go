package kgtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
)

// Scheduled changes, on fixed transaction times: tF and tG are after every
// batch time, so versions valid from them are scheduled.
var (
	t3 = time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	tF = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	tG = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

func scheduled(t *testing.T, s kg.Store, kb, id string, at time.Time) []kg.ScheduledChange {
	t.Helper()
	h, err := s.History(context.Background(), kb, id)
	if err != nil {
		t.Fatalf("History(%q) = %v", id, err)
	}
	return kg.ScheduledIn(h, at)
}

func wantErr(t *testing.T, what string, err, want error, msg string) {
	t.Helper()
	if !errors.Is(err, want) || !strings.Contains(fmtErr(err), msg) {
		t.Errorf("%s = %v, want %v mentioning %q", what, err, want, msg)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// An edit effective now applies to the current version and carries over
// into the scheduled one for the fields the scheduled one does not change.
func testScheduledCarryOver(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "x", "259")}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: tF,
		Attributes: []kg.Attribute{num("price_cny", "199")}, Provenance: user("tina")}}})
	// The version read now is version 1; an edit based on it is not stale.
	res, err := s.Apply(ctx, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P1", BaseVersion: 1,
		Attributes: []kg.Attribute{num("price_cny", "279"), str("净含量", "50ml")}, Provenance: user("ana")}}})
	if err != nil {
		t.Fatalf("edit now with a scheduled change = %v, want it applied", err)
	}
	if e := res.Entities[0]; !e.ValidFrom.Equal(t2) || e.ValidTo == nil || !e.ValidTo.Equal(tF) || attr(e, "price_cny") != "279" {
		t.Errorf("edit result = %v..%v price %s, want %v..%v price 279", e.ValidFrom, e.ValidTo, attr(e, "price_cny"), t2, tF)
	}
	now := mustEntity(t, s, kb, "P1", t2.Add(time.Hour))
	if attr(now, "price_cny") != "279" || attr(now, "净含量") != "50ml" {
		t.Errorf("now: price %s 净含量 %s, want 279 and 50ml", attr(now, "price_cny"), attr(now, "净含量"))
	}
	later := mustEntity(t, s, kb, "P1", tF.Add(time.Hour))
	if attr(later, "price_cny") != "199" || attr(later, "净含量") != "50ml" {
		t.Errorf("after the scheduled change: price %s 净含量 %s, want 199 (its own) and 50ml (carried over)", attr(later, "price_cny"), attr(later, "净含量"))
	}
	if later.Provenance.Actor != "tina" {
		t.Errorf("scheduled version's provenance = %+v, want tina's", later.Provenance)
	}
	if before := mustEntity(t, s, kb, "P1", t1); attr(before, "price_cny") != "259" || before.Version != 1 {
		t.Errorf("as of t1 = v%d price %s, want v1 at 259 (the past is kept)", before.Version, attr(before, "price_cny"))
	}
	sc := scheduled(t, s, kb, "P1", t2)
	if len(sc) != 1 || sc[0].Entity == nil || !sc[0].Entity.ValidFrom.Equal(tF) || attr(*sc[0].Entity, "净含量") != "50ml" {
		t.Fatalf("scheduled changes = %+v, want one at %v carrying 50ml", sc, tF)
	}
	// A stale base is still a conflict.
	_, err = s.Apply(ctx, kb, kg.Batch{At: t2.Add(time.Minute), Entities: []kg.EntityUpsert{{ID: "P1", BaseVersion: 1,
		Attributes: []kg.Attribute{num("price_cny", "1")}}}})
	wantErr(t, "edit on a stale base", err, kg.ErrConflict, "version")
	// Each version valid at some time is valid at exactly that time.
	h, _ := s.History(ctx, kb, "P1")
	for _, at := range []time.Time{t0, t1, t2, t3, tF, tG} {
		n := 0
		for _, v := range h.Entities {
			if v.ValidAt(at) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d versions valid at %v, want 1: %+v", n, at, h.Entities)
		}
	}
	// The head (the latest stored version) is the last in time.
	if p, err := s.Entities(ctx, kb, kg.EntityQuery{}); err != nil || len(p.Entities) != 1 || p.Entities[0].ValidTo != nil {
		t.Errorf("Entities = %+v, %v", p, err)
	}
}

// Several scheduled changes: a now-edit carries over into each, and a
// field one of them changes is kept by the later ones.
func testScheduledChain(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "x", "259")}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: tF, Attributes: []kg.Attribute{num("price_cny", "199")}}}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: tG, Name: "x2"}}})
	mustApply(t, s, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P1", Name: "y",
		Attributes: []kg.Attribute{num("price_cny", "279")}, RemoveAttributes: []string{"净含量"}}}})
	for _, c := range []struct {
		at          time.Time
		name, price string
	}{{t2, "y", "279"}, {tF, "y", "199"}, {tG, "x2", "199"}} {
		e := mustEntity(t, s, kb, "P1", c.at)
		if e.Name != c.name || attr(e, "price_cny") != c.price || attr(e, "净含量") != "<none>" {
			t.Errorf("as of %v: %s, price %s, 净含量 %s; want %s, %s, none", c.at, e.Name, attr(e, "price_cny"), attr(e, "净含量"), c.name, c.price)
		}
	}
	if sc := scheduled(t, s, kb, "P1", t2); len(sc) != 2 {
		t.Errorf("scheduled = %d, want 2", len(sc))
	}
	// Cancelling the first takes its price out of the second, which keeps
	// its own name.
	res := mustApply(t, s, kb, kg.Batch{At: t3, Cancel: []kg.ScheduledCancel{{EntityID: "P1", Version: scheduled(t, s, kb, "P1", t3)[0].Entity.Version}}})
	if len(res.Cancelled) != 1 || res.Cancelled[0].Entity == nil || attr(*res.Cancelled[0].Entity, "price_cny") != "279" {
		t.Errorf("Cancel = %+v", res)
	}
	if e := mustEntity(t, s, kb, "P1", tF); attr(e, "price_cny") != "279" || e.Name != "y" {
		t.Errorf("at tF after cancel: %s %s, want y 279", e.Name, attr(e, "price_cny"))
	}
	if e := mustEntity(t, s, kb, "P1", tG); attr(e, "price_cny") != "279" || e.Name != "x2" {
		t.Errorf("at tG after cancel: %s %s, want x2 279", e.Name, attr(e, "price_cny"))
	}
	if sc := scheduled(t, s, kb, "P1", t3); len(sc) != 1 || !sc[0].Entity.ValidFrom.Equal(tG) {
		t.Errorf("scheduled after cancel = %+v, want the one at tG", sc)
	}

	// A relation's scheduled change is listed with the entity's and can be
	// cancelled the same way.
	ctx := context.Background()
	rel := kg.RelationKey{From: "P2", Type: "REPLACES", To: "P1"}
	mustApply(t, s, kb, kg.Batch{At: t3, Entities: []kg.EntityUpsert{product("P2", "z", "1")},
		Relations: []kg.RelationUpsert{{From: rel.From, Type: rel.Type, To: rel.To}}})
	mustApply(t, s, kb, kg.Batch{At: t3, Relations: []kg.RelationUpsert{{From: rel.From, Type: rel.Type, To: rel.To, ValidFrom: tF,
		Attributes: []kg.Attribute{str("note", "later")}}}})
	var rv int64
	for _, c := range scheduled(t, s, kb, "P1", t3) {
		if c.Relation != nil && c.Relation.Key() == rel {
			rv = c.Relation.Version
		}
	}
	if rv == 0 {
		t.Fatalf("the relation's scheduled change is not listed: %+v", scheduled(t, s, kb, "P1", t3))
	}
	res = mustApply(t, s, kb, kg.Batch{At: t3.Add(time.Minute), Cancel: []kg.ScheduledCancel{{Relation: &rel, Version: rv}}})
	if r := res.Cancelled[0].Relation; r == nil || len(r.Attributes) != 0 || r.ValidTo != nil {
		t.Errorf("relation cancel = %+v", res.Cancelled[0])
	}
	if ns, err := s.Neighbours(ctx, kb, "P2", kg.NeighbourQuery{AsOf: tF.Add(time.Hour), Direction: kg.Out}); err != nil || len(ns) != 1 || len(ns[0].Relation.Attributes) != 0 {
		t.Errorf("relation after tF once cancelled = %+v, %v; want it without the scheduled attribute", ns, err)
	}
}

// Retiring takes effect now and cancels the scheduled changes; cancelling
// and its errors; a scheduled change blocks a merge with a clear message.
func testScheduledRetireCancel(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "x", "259"), product("P2", "z", "1")},
		Relations: []kg.RelationUpsert{{From: "P2", Type: "REPLACES", To: "P1"}}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: tF, Attributes: []kg.Attribute{num("price_cny", "199")}}},
		Relations: []kg.RelationUpsert{{From: "P2", Type: "REPLACES", To: "P1", ValidFrom: tF, Attributes: []kg.Attribute{str("note", "later")}}}})

	_, err := s.MergeEntities(ctx, kb, kg.Merge{Keep: "P2", Merge: "P1", At: t2})
	wantErr(t, "merge with a scheduled change", err, kg.ErrInvalid, "scheduled change (version 2")

	_, err = s.Apply(ctx, kb, kg.Batch{At: t2, Cancel: []kg.ScheduledCancel{{EntityID: "P1", Version: 1}}})
	wantErr(t, "cancel a version in effect", err, kg.ErrInvalid, "no scheduled version 1")
	_, err = s.Apply(ctx, kb, kg.Batch{At: t2, Cancel: []kg.ScheduledCancel{{EntityID: "P404", Version: 2}}})
	wantErr(t, "cancel on a missing entity", err, kg.ErrNotFound, "P404")
	_, err = s.Apply(ctx, kb, kg.Batch{At: t2, Cancel: []kg.ScheduledCancel{{EntityID: "P1", Version: 0}}})
	wantErr(t, "cancel version 0", err, kg.ErrInvalid, "version")

	// A relation's scheduled change carries a now-edit too.
	mustApply(t, s, kb, kg.Batch{At: t2, Relations: []kg.RelationUpsert{{From: "P2", Type: "REPLACES", To: "P1", Channels: chans("tmall")}}})
	ns, err := s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{AsOf: tF.Add(time.Hour)})
	if err != nil || len(ns) != 1 || attr(kg.Entity{Attributes: ns[0].Relation.Attributes}, "note") != "later" || strings.Join(ns[0].Relation.Channels, ",") != "tmall" {
		t.Errorf("relation after tF = %+v, %v; want note later and channel tmall", ns, err)
	}

	res := mustApply(t, s, kb, kg.Batch{At: t3, Retire: []kg.Retirement{{EntityID: "P1"}}})
	if e := res.Retired[0].Entity; e == nil || e.Status != kg.StatusRetired || !e.ValidFrom.Equal(t3) {
		t.Errorf("retire result = %+v, want RETIRED from %v", e, t3)
	}
	for _, at := range []time.Time{t3.Add(time.Hour), tF.Add(time.Hour), tG} {
		if e := mustEntity(t, s, kb, "P1", at); e.Status != kg.StatusRetired {
			t.Errorf("as of %v: %s, want RETIRED (retire means now)", at, e.Status)
		}
		if ns, _ := s.Neighbours(ctx, kb, "P2", kg.NeighbourQuery{AsOf: at}); len(ns) != 0 {
			t.Errorf("as of %v: P2 has neighbours %+v, want none", at, ns)
		}
	}
	if e := mustEntity(t, s, kb, "P1", t2); e.Status != kg.StatusActive || attr(e, "price_cny") != "259" {
		t.Errorf("before the retirement = %+v, want active at 259", e)
	}
	if sc := scheduled(t, s, kb, "P1", t3); len(sc) != 0 {
		t.Errorf("scheduled after retire = %+v, want none", sc)
	}
	h, _ := s.History(ctx, kb, "P1")
	cancelled := 0
	for _, v := range h.Entities {
		if v.ValidTo != nil && v.ValidTo.Equal(v.ValidFrom) && v.ValidFrom.Equal(tF) {
			cancelled++
		}
	}
	if cancelled == 0 {
		t.Errorf("history lost the cancelled scheduled version: %+v", h.Entities)
	}

	// An entity that only exists from a scheduled time: an edit effective
	// earlier is refused naming the scheduled version; cancelling its
	// creation is refused too.
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P3", Type: "Product", Name: "new", ValidFrom: tF}}})
	_, err = s.Apply(ctx, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P3", Name: "newer"}}})
	wantErr(t, "edit before the entity's scheduled start", err, kg.ErrInvalid, "scheduled version 1")
	_, err = s.Apply(ctx, kb, kg.Batch{At: t2, Cancel: []kg.ScheduledCancel{{EntityID: "P3", Version: 1}}})
	wantErr(t, "cancel the creation", err, kg.ErrInvalid, "retire it instead")
	mustApply(t, s, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P3", Name: "newer", ValidFrom: tF}}})
	if e := mustEntity(t, s, kb, "P3", tF); e.Name != "newer" {
		t.Errorf("P3 at tF = %q, want newer", e.Name)
	}
}
