package kg

import (
	"fmt"
	"slices"
	"time"
)

// The functions in this file are the versioning rules every backend shares:
// a backend reads the current versions, asks these functions for the next
// ones, and writes both the closed and the new version in one transaction.

// NextEntity computes the version an upsert produces from the current
// version cur (nil when the entity does not exist). changed is false when the
// upsert changes nothing; then next is cur and nothing must be written.
func NextEntity(cur *Entity, u EntityUpsert, kb string, at time.Time) (next Entity, changed bool, err error) {
	if u.BaseVersion > 0 {
		v := int64(0)
		if cur != nil {
			v = cur.Version
		}
		if v != u.BaseVersion {
			return Entity{}, false, fmt.Errorf("entity %q is at version %d, the edit was based on version %d; reload it and apply the edit again: %w", u.ID, v, u.BaseVersion, ErrConflict)
		}
	}
	validFrom := u.ValidFrom
	if validFrom.IsZero() {
		validFrom = at
	}
	prov := u.Provenance
	prov.RecordedAt = at
	if cur == nil {
		if u.Type == "" {
			return Entity{}, false, invalid("entity %q does not exist; type is required to create it", u.ID)
		}
		if u.Name == "" {
			return Entity{}, false, invalid("entity %q does not exist; name is required to create it", u.ID)
		}
		if len(u.RemoveAttributes) > 0 {
			return Entity{}, false, invalid("entity %q does not exist; there are no attributes to remove", u.ID)
		}
		e := Entity{KB: kb, ID: u.ID, Type: u.Type, Name: u.Name, Status: StatusActive,
			Version: 1, ValidFrom: validFrom, Provenance: prov, Attributes: sortAttrs(u.Attributes)}
		if u.Aliases != nil {
			e.Aliases = *u.Aliases
		}
		if u.Channels != nil {
			e.Channels = *u.Channels
		}
		return e, true, nil
	}
	if cur.Status == StatusMerged {
		return Entity{}, false, invalid("entity %q was merged into %q; edit %q instead", u.ID, cur.MergedInto, cur.MergedInto)
	}
	if u.Type != "" && u.Type != cur.Type {
		return Entity{}, false, invalid("entity %q is a %s; its type cannot change to %s (retire it and create a new one)", u.ID, cur.Type, u.Type)
	}
	n := cloneEntity(*cur)
	n.Status = StatusActive // an upsert of a retired entity restores it
	if u.Name != "" {
		n.Name = u.Name
	}
	if u.Aliases != nil {
		n.Aliases = *u.Aliases
	}
	if u.Channels != nil {
		n.Channels = *u.Channels
	}
	n.Attributes, err = nextAttrs(n.Attributes, u.Attributes, u.RemoveAttributes, u.ReplaceAttributes, u.ID)
	if err != nil {
		return Entity{}, false, err
	}
	if sameEntityState(cur, &n) {
		return *cur, false, nil
	}
	if validFrom.Before(cur.ValidFrom) {
		return Entity{}, false, invalid("entity %q: validFrom %s is before the current version's validFrom %s", u.ID, validFrom.Format(time.RFC3339), cur.ValidFrom.Format(time.RFC3339))
	}
	n.Version = cur.Version + 1
	n.ValidFrom = validFrom
	n.ValidTo = nil
	n.Provenance = prov
	return n, true, nil
}

// NextRelation computes the version a relation upsert produces.
func NextRelation(cur *Relation, u RelationUpsert, kb string, at time.Time) (next Relation, changed bool, err error) {
	k := RelationKey{From: u.From, Type: u.Type, To: u.To}
	if u.BaseVersion > 0 {
		v := int64(0)
		if cur != nil {
			v = cur.Version
		}
		if v != u.BaseVersion {
			return Relation{}, false, fmt.Errorf("relation %s is at version %d, the edit was based on version %d; reload it and apply the edit again: %w", k, v, u.BaseVersion, ErrConflict)
		}
	}
	validFrom := u.ValidFrom
	if validFrom.IsZero() {
		validFrom = at
	}
	prov := u.Provenance
	prov.RecordedAt = at
	if cur == nil {
		r := Relation{KB: kb, From: u.From, Type: u.Type, To: u.To, Status: StatusActive, Version: 1,
			ValidFrom: validFrom, Provenance: prov, Attributes: sortAttrs(u.Attributes)}
		if u.Channels != nil {
			r.Channels = *u.Channels
		}
		return r, true, nil
	}
	n := cloneRelation(*cur)
	n.Status = StatusActive
	if u.Channels != nil {
		n.Channels = *u.Channels
	}
	n.Attributes, err = nextAttrs(n.Attributes, u.Attributes, nil, u.ReplaceAttributes, k.String())
	if err != nil {
		return Relation{}, false, err
	}
	if sameRelationState(cur, &n) {
		return *cur, false, nil
	}
	if validFrom.Before(cur.ValidFrom) {
		return Relation{}, false, invalid("relation %s: validFrom %s is before the current version's validFrom %s", k, validFrom.Format(time.RFC3339), cur.ValidFrom.Format(time.RFC3339))
	}
	n.Version = cur.Version + 1
	n.ValidFrom = validFrom
	n.ValidTo = nil
	n.Provenance = prov
	return n, true, nil
}

// RetireEntityVersion computes the retired version of an entity. Retiring a
// retired entity is not a change.
func RetireEntityVersion(cur Entity, r Retirement, at time.Time) (next Entity, changed bool, err error) {
	if r.BaseVersion > 0 && r.BaseVersion != cur.Version {
		return Entity{}, false, fmt.Errorf("entity %q is at version %d, the retirement was based on version %d: %w", cur.ID, cur.Version, r.BaseVersion, ErrConflict)
	}
	switch cur.Status {
	case StatusRetired:
		return cur, false, nil
	case StatusMerged:
		return Entity{}, false, invalid("entity %q was merged into %q; retire %q instead", cur.ID, cur.MergedInto, cur.MergedInto)
	}
	n := cloneEntity(cur)
	n.Status = StatusRetired
	return bump(n, cur.ValidFrom, r.ValidFrom, r.Provenance, at)
}

// RetireRelationVersion computes the retired version of a relation.
func RetireRelationVersion(cur Relation, r Retirement, at time.Time) (next Relation, changed bool, err error) {
	if r.BaseVersion > 0 && r.BaseVersion != cur.Version {
		return Relation{}, false, fmt.Errorf("relation %s is at version %d, the retirement was based on version %d: %w", cur.ID(), cur.Version, r.BaseVersion, ErrConflict)
	}
	if cur.Status != StatusActive {
		return cur, false, nil
	}
	n := cloneRelation(cur)
	n.Status = StatusRetired
	validFrom := r.ValidFrom
	if validFrom.IsZero() {
		validFrom = at
	}
	if validFrom.Before(cur.ValidFrom) {
		validFrom = cur.ValidFrom
	}
	prov := r.Provenance
	prov.RecordedAt = at
	n.Version, n.ValidFrom, n.ValidTo, n.Provenance = cur.Version+1, validFrom, nil, prov
	return n, true, nil
}

func bump(n Entity, curFrom, validFrom time.Time, prov Provenance, at time.Time) (Entity, bool, error) {
	if validFrom.IsZero() {
		validFrom = at
	}
	if validFrom.Before(curFrom) {
		validFrom = curFrom
	}
	prov.RecordedAt = at
	n.Version++
	n.ValidFrom, n.ValidTo, n.Provenance = validFrom, nil, prov
	return n, true, nil
}

// MergeVersions computes the new versions of keep and merge when merge is
// folded into keep: keep gains merge's name and aliases as aliases and the
// attributes it lacks; merge becomes a redirect.
func MergeVersions(keep, merge Entity, m Merge, at time.Time) (newKeep, newMerge Entity, err error) {
	if m.BaseVersion < 0 {
		return Entity{}, Entity{}, invalid("baseVersion %d: want a positive version", m.BaseVersion)
	}
	if m.BaseVersion > 0 && m.BaseVersion != keep.Version {
		return Entity{}, Entity{}, fmt.Errorf("entity %q is at version %d, the merge was based on version %d: %w", keep.ID, keep.Version, m.BaseVersion, ErrConflict)
	}
	for _, e := range []*Entity{&keep, &merge} {
		if e.Scheduled(at) {
			return Entity{}, Entity{}, invalid("entity %q has a scheduled change (version %d, from %s); cancel it before merging, or merge after it takes effect", e.ID, e.Version, day(e.ValidFrom))
		}
	}
	if keep.Status != StatusActive {
		return Entity{}, Entity{}, invalid("entity %q is %s; only an active entity can keep a merge", keep.ID, keep.Status)
	}
	if merge.Status != StatusActive {
		return Entity{}, Entity{}, invalid("entity %q is %s; only an active entity can be merged", merge.ID, merge.Status)
	}
	if keep.Type != merge.Type {
		return Entity{}, Entity{}, invalid("entity %q is a %s and %q a %s; only entities of one type can be merged", keep.ID, keep.Type, merge.ID, merge.Type)
	}
	k := cloneEntity(keep)
	addAlias := func(a Alias) {
		if a.Text != k.Name && !slices.ContainsFunc(k.Aliases, func(b Alias) bool { return b.Text == a.Text }) {
			k.Aliases = append(k.Aliases, a)
		}
	}
	addAlias(Alias{Text: merge.Name})
	for _, a := range merge.Aliases {
		addAlias(a)
	}
	for _, a := range merge.Attributes {
		if _, ok := k.Attr(a.Key); !ok {
			k.Attributes = append(k.Attributes, a)
		}
	}
	k.Attributes = sortAttrs(k.Attributes)
	for _, ch := range merge.Channels {
		if len(k.Channels) > 0 && !slices.Contains(k.Channels, ch) {
			k.Channels = append(k.Channels, ch)
		}
	}
	if len(merge.Channels) == 0 {
		k.Channels = nil // merge applied to every channel, so does the result
	}
	slices.Sort(k.Channels)
	prov := m.Provenance
	prov.Kind = ProvMerge
	if prov.Note == "" {
		prov.Note = fmt.Sprintf("merged %s into %s", merge.ID, keep.ID)
	}
	newKeep, _, _ = bump(k, keep.ValidFrom, at, prov, at)
	mg := cloneEntity(merge)
	mg.Status = StatusMerged
	mg.MergedInto = keep.ID
	newMerge, _, _ = bump(mg, merge.ValidFrom, at, prov, at)
	return newKeep, newMerge, nil
}

// Close returns the closed copy of a version that a new version valid from
// t replaces.
func Close[T Entity | Relation](v T, t time.Time) T {
	switch x := any(&v).(type) {
	case *Entity:
		x.ValidTo = &t
	case *Relation:
		x.ValidTo = &t
	}
	return v
}

func nextAttrs(cur, set []Attribute, remove []string, replace bool, who string) ([]Attribute, error) {
	var out []Attribute
	if replace {
		out = slices.Clone(set)
	} else {
		out = slices.Clone(cur)
		for _, a := range set {
			if i := slices.IndexFunc(out, func(b Attribute) bool { return b.Key == a.Key }); i >= 0 {
				out[i] = a
			} else {
				out = append(out, a)
			}
		}
	}
	for _, k := range remove {
		i := slices.IndexFunc(out, func(b Attribute) bool { return b.Key == k })
		if i < 0 {
			return nil, invalid("%s has no attribute %q to remove", who, k)
		}
		out = slices.Delete(out, i, i+1)
	}
	if len(out) > MaxAttrs {
		return nil, invalid("%s would have %d attributes; the limit is %d", who, len(out), MaxAttrs)
	}
	return sortAttrs(out), nil
}

func sortAttrs(as []Attribute) []Attribute {
	as = slices.Clone(as)
	slices.SortFunc(as, func(a, b Attribute) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	if len(as) == 0 {
		return nil
	}
	return as
}

func sameEntityState(a, b *Entity) bool {
	return a.Name == b.Name && a.Status == b.Status && a.MergedInto == b.MergedInto &&
		slices.Equal(a.Aliases, b.Aliases) && slices.Equal(a.Channels, b.Channels) &&
		slices.EqualFunc(a.Attributes, b.Attributes, Attribute.Equal)
}

func sameRelationState(a, b *Relation) bool {
	return a.Status == b.Status && slices.Equal(a.Channels, b.Channels) &&
		slices.EqualFunc(a.Attributes, b.Attributes, Attribute.Equal)
}

func cloneEntity(e Entity) Entity {
	e.Aliases = slices.Clone(e.Aliases)
	e.Channels = slices.Clone(e.Channels)
	e.Attributes = cloneAttrs(e.Attributes)
	e.ValidTo = nil
	return e
}

func cloneRelation(r Relation) Relation {
	r.Channels = slices.Clone(r.Channels)
	r.Attributes = cloneAttrs(r.Attributes)
	r.ValidTo = nil
	return r
}

func cloneAttrs(as []Attribute) []Attribute {
	out := slices.Clone(as)
	for i := range out {
		out[i].List = slices.Clone(out[i].List)
	}
	return out
}

// VersionAt picks, from versions ordered oldest first, the one valid at t.
func VersionAt[T any](versions []T, t time.Time, valid func(*T, time.Time) bool) (T, bool) {
	for i := len(versions) - 1; i >= 0; i-- {
		if valid(&versions[i], t) {
			return versions[i], true
		}
	}
	var zero T
	return zero, false
}
