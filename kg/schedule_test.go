package kg

import (
	"errors"
	"testing"
	"time"
)

// apply stores puts into a map of versions, as a backend does.
func applyPuts(t *testing.T, vs map[int64]Entity, w EntityWrite, err error) (head *Entity, all []Entity) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range w.Puts {
		vs[p.Version] = p
	}
	var max int64
	for v := range vs {
		max = maxInt(max, v)
	}
	for v := int64(1); v <= max; v++ {
		all = append(all, vs[v])
	}
	h := vs[max]
	return &h, all
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func TestScheduledHistoryChanges(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t1, t2, tF := t0.AddDate(0, 1, 0), t0.AddDate(0, 2, 0), t0.AddDate(0, 10, 0)
	num := func(v string) Attribute { return Attribute{Key: "price", Kind: KindNumber, Value: v} }
	size := func(v string) Attribute { return Attribute{Key: "size", Value: v} }
	vs := map[int64]Entity{}
	w, err := UpsertEntity(nil, nil, EntityUpsert{ID: "P1", Type: "Product", Name: "x", Attributes: []Attribute{num("259"), size("30ml")}}, "kb", t0)
	head, all := applyPuts(t, vs, w, err)
	w, err = UpsertEntity(head, all, EntityUpsert{ID: "P1", ValidFrom: tF, Attributes: []Attribute{num("199")}, Provenance: Provenance{RecordedAt: t1}}, "kb", t1)
	head, all = applyPuts(t, vs, w, err)
	w, err = UpsertEntity(head, all, EntityUpsert{ID: "P1", Attributes: []Attribute{size("50ml")}}, "kb", t2)
	_, all = applyPuts(t, vs, w, err)
	if w.Result.Version != 3 || !w.Result.ValidFrom.Equal(t2) || w.Result.ValidTo == nil || !w.Result.ValidTo.Equal(tF) {
		t.Fatalf("now-edit result = v%d %v..%v, want v3 %v..%v", w.Result.Version, w.Result.ValidFrom, w.Result.ValidTo, t2, tF)
	}
	h := History{Entities: all}
	SortHistory(&h)
	want := map[int64]string{3: "attributes.size", 4: "attributes.price"}
	for _, c := range h.Changes() {
		f, ok := want[c.Version]
		if !ok {
			continue
		}
		if len(c.Fields) != 1 || c.Fields[0].Field != f {
			t.Errorf("version %d changes %+v, want only %s", c.Version, c.Fields, f)
		}
	}
}

func TestMergeAttrs(t *testing.T) {
	a := func(k, v string) Attribute { return Attribute{Key: k, Kind: KindString, Value: v} }
	base := []Attribute{a("k1", "1"), a("k2", "2"), a("k3", "3")}
	edit := []Attribute{a("k1", "1e"), a("k2", "2e"), a("k4", "4e")} // k3 removed, k4 added
	later := []Attribute{a("k1", "1"), a("k2", "2s"), a("k3", "3"), a("k5", "5s")}
	got := mergeAttrs(later, base, edit)
	wantText := "k1=1e k2=2s k4=4e k5=5s"
	s := ""
	for i, x := range got {
		if i > 0 {
			s += " "
		}
		s += x.Key + "=" + x.Value
	}
	if s != wantText {
		t.Errorf("mergeAttrs = %s, want %s (k2 keeps the scheduled value, k3's removal carries over)", s, wantText)
	}
}

func TestPageScheduled(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var h History
	for i := range 5 {
		h.Entities = append(h.Entities, Entity{ID: "P1", Version: int64(i + 2), ValidFrom: at.AddDate(0, i+1, 0)})
	}
	h.Entities = append(h.Entities, Entity{ID: "P1", Version: 1, ValidFrom: at.AddDate(-1, 0, 0)})
	empty := at.AddDate(1, 0, 0)
	h.Entities = append(h.Entities, Entity{ID: "P1", Version: 9, ValidFrom: empty, ValidTo: &empty})
	p, err := PageScheduled(h, at, 2, "")
	if err != nil || p.TotalCount != 5 || len(p.Changes) != 2 || !p.HasNext || p.Changes[0].Version() != 2 {
		t.Fatalf("page 1 = %+v, %v", p, err)
	}
	p, err = PageScheduled(h, at, 4, p.EndCursor)
	if err != nil || len(p.Changes) != 3 || p.HasNext || p.Changes[2].Version() != 6 {
		t.Fatalf("page 2 = %+v, %v", p, err)
	}
	if _, err := PageScheduled(h, at, 2, "!!"); err == nil {
		t.Errorf("bad cursor accepted")
	}
}

// A version that starts a little after the request's time because another
// writer's clock ran ahead is not a scheduled change: an edit is not
// slipped in before it, and a stale base is a conflict as before.
func TestClockSkewIsNotScheduled(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	vs := map[int64]Entity{}
	w, err := UpsertEntity(nil, nil, EntityUpsert{ID: "P1", Type: "Product", Name: "x"}, "kb", t0)
	head, all := applyPuts(t, vs, w, err)
	ahead := t0.Add(time.Hour)
	w, err = UpsertEntity(head, all, EntityUpsert{ID: "P1", Name: "y", BaseVersion: 1}, "kb", ahead)
	head, all = applyPuts(t, vs, w, err)
	behind := ahead.Add(-time.Millisecond)
	if _, err := UpsertEntity(head, all, EntityUpsert{ID: "P1", Name: "z", BaseVersion: 1}, "kb", behind); !errors.Is(err, ErrConflict) {
		t.Errorf("stale base behind a concurrent edit = %v, want ErrConflict", err)
	}
	if _, err := UpsertEntity(head, all, EntityUpsert{ID: "P1", Name: "z"}, "kb", behind); !errors.Is(err, ErrInvalid) {
		t.Errorf("edit behind a concurrent edit = %v, want ErrInvalid (validFrom before the current version)", err)
	}
	if head.Scheduled(behind) {
		t.Errorf("a concurrent edit counts as a scheduled change")
	}
}
