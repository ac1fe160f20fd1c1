package kg

import (
	"slices"
	"strings"
	"time"
)

// SortHistory orders versions by the time they were recorded, then by
// subject and version, so histories compare equal across backends.
func SortHistory(h *History) {
	slices.SortStableFunc(h.Entities, func(a, b Entity) int {
		if c := a.Provenance.RecordedAt.Compare(b.Provenance.RecordedAt); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return int(a.Version - b.Version)
	})
	slices.SortStableFunc(h.Relations, func(a, b Relation) int {
		if c := a.Provenance.RecordedAt.Compare(b.Provenance.RecordedAt); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID(), b.ID()); c != 0 {
			return c
		}
		return int(a.Version - b.Version)
	})
}

// Change is one version in a history, with what it changed compared to the
// version before it.
type Change struct {
	Subject    string        `json:"subject"` // entity id or relation id
	Kind       string        `json:"kind"`    // ENTITY or RELATION
	Version    int64         `json:"version"`
	Status     Status        `json:"status"`
	ValidFrom  time.Time     `json:"validFrom"`
	ValidTo    *time.Time    `json:"validTo,omitempty"`
	Provenance Provenance    `json:"provenance"`
	Fields     []FieldChange `json:"fields"`
}

// FieldChange is one field's value before and after a version (nil: absent).
type FieldChange struct {
	Field  string  `json:"field"`
	Before *string `json:"before,omitempty"`
	After  *string `json:"after,omitempty"`
}

// Changes turns a history into a list of changes, in recording order. Each
// version is compared with the version it follows in time (the one that
// ends where it begins), so that an edit made before a scheduled change and
// the scheduled change carried over after it each show what they change;
// a version without one (the first, or one replaced before it took effect)
// is compared with the version recorded before it.
func (h *History) Changes() []Change {
	var out []Change
	prevE := map[string]*Entity{}
	prevR := map[RelationKey]*Relation{}
	type endKey struct {
		id  string
		end time.Time
	}
	endsE := map[endKey]*Entity{}
	for i := range h.Entities {
		if e := &h.Entities[i]; e.ValidTo != nil && e.ValidTo.After(e.ValidFrom) {
			endsE[endKey{e.ID, e.ValidTo.UTC()}] = e
		}
	}
	endsR := map[endKey]*Relation{}
	for i := range h.Relations {
		if r := &h.Relations[i]; r.ValidTo != nil && r.ValidTo.After(r.ValidFrom) {
			endsR[endKey{r.ID(), r.ValidTo.UTC()}] = r
		}
	}
	beforeE := func(e *Entity) *Entity {
		if p := endsE[endKey{e.ID, e.ValidFrom.UTC()}]; p != nil && p != e && !p.Provenance.RecordedAt.After(e.Provenance.RecordedAt) {
			return p
		}
		return prevE[e.ID]
	}
	beforeR := func(r *Relation) *Relation {
		if p := endsR[endKey{r.ID(), r.ValidFrom.UTC()}]; p != nil && p != r && !p.Provenance.RecordedAt.After(r.Provenance.RecordedAt) {
			return p
		}
		return prevR[r.Key()]
	}
	ei, ri := 0, 0
	for ei < len(h.Entities) || ri < len(h.Relations) {
		takeE := ri >= len(h.Relations) ||
			(ei < len(h.Entities) && !h.Entities[ei].Provenance.RecordedAt.After(h.Relations[ri].Provenance.RecordedAt))
		if takeE {
			e := &h.Entities[ei]
			ei++
			out = append(out, Change{Subject: e.ID, Kind: "ENTITY", Version: e.Version, Status: e.Status,
				ValidFrom: e.ValidFrom, ValidTo: e.ValidTo, Provenance: e.Provenance,
				Fields: diff(entityFields(beforeE(e)), entityFields(e))})
			prevE[e.ID] = e
			continue
		}
		r := &h.Relations[ri]
		ri++
		out = append(out, Change{Subject: r.ID(), Kind: "RELATION", Version: r.Version, Status: r.Status,
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Provenance: r.Provenance,
			Fields: diff(relationFields(beforeR(r)), relationFields(r))})
		prevR[r.Key()] = r
	}
	return out
}

type field struct{ name, value string }

func entityFields(e *Entity) []field {
	if e == nil {
		return nil
	}
	fs := []field{{"type", e.Type}, {"name", e.Name}, {"status", string(e.Status)}}
	if len(e.Aliases) > 0 {
		as := make([]string, len(e.Aliases))
		for i, a := range e.Aliases {
			as[i] = a.Text
		}
		fs = append(fs, field{"aliases", strings.Join(as, ", ")})
	}
	if len(e.Channels) > 0 {
		fs = append(fs, field{"channels", strings.Join(e.Channels, ", ")})
	}
	if e.MergedInto != "" {
		fs = append(fs, field{"mergedInto", e.MergedInto})
	}
	for _, a := range e.Attributes {
		fs = append(fs, field{"attributes." + a.Key, a.Text()})
	}
	return fs
}

func relationFields(r *Relation) []field {
	if r == nil {
		return nil
	}
	fs := []field{{"status", string(r.Status)}}
	if len(r.Channels) > 0 {
		fs = append(fs, field{"channels", strings.Join(r.Channels, ", ")})
	}
	for _, a := range r.Attributes {
		fs = append(fs, field{"attributes." + a.Key, a.Text()})
	}
	return fs
}

func diff(before, after []field) []FieldChange {
	var out []FieldChange
	find := func(fs []field, name string) *string {
		for i := range fs {
			if fs[i].name == name {
				return &fs[i].value
			}
		}
		return nil
	}
	for _, f := range after {
		b := find(before, f.name)
		if b == nil || *b != f.value {
			v := f.value
			out = append(out, FieldChange{Field: f.name, Before: b, After: &v})
		}
	}
	for _, f := range before {
		if find(after, f.name) == nil {
			v := f.value
			out = append(out, FieldChange{Field: f.name, Before: &v})
		}
	}
	return out
}
