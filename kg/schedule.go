package kg

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Scheduled changes.
//
// A version whose ValidFrom is after the transaction time is a scheduled
// change: it is stored like any version, and becomes the one read "now"
// when its time comes. The versions of an entity (or relation) that matter
// for a write at time at are its live versions: the one valid at at and the
// scheduled ones after it, in time order. The rules here work on them:
//
//   - An edit effective before a scheduled change (a now-edit, or one
//     scheduled earlier) applies to the version valid at its ValidFrom and
//     carries over into every later scheduled version, field by field: a
//     scheduled version takes the edit's value of a field (the name, the
//     aliases, the channels, the status, each attribute by key) when it
//     still holds the value the edited version had, and keeps its own value
//     when it changes that field itself. The carried-over versions are
//     written as new versions with the same ValidFrom; the ones they replace
//     are closed at their own start (never valid), so history keeps them.
//   - Retiring takes effect now (or at its ValidFrom) and cancels the
//     scheduled changes after it.
//   - Cancelling a scheduled change closes it at its own start and takes its
//     changes back out of the scheduled versions after it by the same field
//     rule; the state before it is written again as a new version from now.
//
// Version numbers keep growing and the latest stored version (the head) is
// always the last one in time, so a backend stores what these functions
// return (the Puts) by (id, version) and moves its head to the highest.

// Scheduled reports whether the version is a scheduled change at time at:
// it was recorded ahead of the time it takes effect, that time is after
// at, and it was neither replaced nor cancelled. (A version that merely
// starts a little after at, written by a concurrent edit whose clock ran
// ahead, is not one: edits are not slipped in before it.)
func (e *Entity) Scheduled(at time.Time) bool {
	return e.ValidFrom.After(at) && e.ValidFrom.After(e.Provenance.RecordedAt) && !empty(e.ValidFrom, e.ValidTo)
}

// Scheduled reports whether the relation version is a scheduled change at
// time at.
func (r *Relation) Scheduled(at time.Time) bool {
	return r.ValidFrom.After(at) && r.ValidFrom.After(r.Provenance.RecordedAt) && !empty(r.ValidFrom, r.ValidTo)
}

func scheduled[T Entity | Relation](v *T, at time.Time) bool {
	switch x := any(v).(type) {
	case *Entity:
		return x.Scheduled(at)
	case *Relation:
		return x.Scheduled(at)
	}
	return false
}

// settled is the index of the last live version that is not a scheduled
// change (-1 if every one is): edits may be placed after its start only.
func settled[T Entity | Relation](lv []T, at time.Time) int {
	k := -1
	for i := range lv {
		if !scheduled(&lv[i], at) {
			k = i
		}
	}
	return k
}

// HasScheduled reports whether a head (the latest stored version) has
// scheduled changes at time at, so that its live versions must be read
// before a write; without them the head is the only live version.
func HasScheduled[T Entity | Relation](head *T, at time.Time) bool {
	if head == nil {
		return false
	}
	from, _ := span(head)
	return from.After(at)
}

func empty(from time.Time, to *time.Time) bool { return to != nil && !to.After(from) }

// EntityWrite is what one operation writes for one entity.
type EntityWrite struct {
	// Result is the version the operation produced: the new version, or
	// the version it left as it was when Changed is false.
	Result  Entity
	Changed bool
	// Puts are the versions to store by (id, version), new and rewritten
	// ones; the one with the highest version is the new head.
	Puts []Entity
}

// RelationWrite is what one operation writes for one relation.
type RelationWrite struct {
	Result  Relation
	Changed bool
	Puts    []Relation
}

// ScheduledCancel cancels a scheduled version of an entity (EntityID) or of
// a relation (Relation).
type ScheduledCancel struct {
	EntityID   string       `json:"entityId,omitempty"`
	Relation   *RelationKey `json:"relation,omitempty"`
	Version    int64        `json:"version"`
	Provenance Provenance   `json:"provenance"`
}

// versionOps are the accessors the generic timeline rules need.
type versionOps[T any] struct {
	what    func(*T) string // "entity \"P1\"" for messages
	version func(*T) int64
	// merge3 returns later with the changes from base to edit applied to
	// the fields where later still equals base.
	merge3 func(later, base, edit T) T
	clone  func(T) T
}

func span[T Entity | Relation](v *T) (time.Time, *time.Time) {
	switch x := any(v).(type) {
	case *Entity:
		return x.ValidFrom, x.ValidTo
	case *Relation:
		return x.ValidFrom, x.ValidTo
	}
	panic("unreachable")
}

func setSpan[T Entity | Relation](v *T, from time.Time, to *time.Time) {
	switch x := any(v).(type) {
	case *Entity:
		x.ValidFrom, x.ValidTo = from, to
	case *Relation:
		x.ValidFrom, x.ValidTo = from, to
	}
}

func setVersion[T Entity | Relation](v *T, n int64) {
	switch x := any(v).(type) {
	case *Entity:
		x.Version = n
	case *Relation:
		x.Version = n
	}
}

func provenance[T Entity | Relation](v *T) *Provenance {
	switch x := any(v).(type) {
	case *Entity:
		return &x.Provenance
	case *Relation:
		return &x.Provenance
	}
	panic("unreachable")
}

// live returns, from stored versions in any order, the ones valid at at
// or later, ordered by time.
func live[T Entity | Relation](vs []T, at time.Time) []T {
	var out []T
	for _, v := range vs {
		from, to := span(&v)
		if empty(from, to) || (to != nil && !to.After(at)) {
			continue
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int {
		fa, _ := span(&a)
		fb, _ := span(&b)
		return fa.Compare(fb)
	})
	return out
}

// baseAt is the index of the live version valid at t, -1 if none.
func baseAt[T Entity | Relation](lv []T, t time.Time) int {
	i := -1
	for j := range lv {
		if from, _ := span(&lv[j]); !from.After(t) {
			i = j
		}
	}
	return i
}

func day(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// chain lays new versions out in time order: each one ends where the next
// begins and the last stays open. The versions are numbered from next.
func chain[T Entity | Relation](vs []T, next int64) {
	for i := range vs {
		setVersion(&vs[i], next+int64(i))
		from, _ := span(&vs[i])
		var to *time.Time
		if i+1 < len(vs) {
			f, _ := span(&vs[i+1])
			to = &f
		}
		setSpan(&vs[i], from, to)
	}
}

// closeEmpty is v closed at its own start: replaced before it took effect.
func closeEmpty[T Entity | Relation](v T) T {
	from, _ := span(&v)
	setSpan(&v, from, &from)
	return v
}

// closeAt is v closed at t.
func closeAt[T Entity | Relation](v T, t time.Time) T {
	from, _ := span(&v)
	setSpan(&v, from, &t)
	return v
}

// insert computes the writes of an edit valid from t that applies to the
// live version lv[i] and produced edited: lv[i] is closed at t, and every
// later live version is written again with the edit carried over.
func insert[T Entity | Relation](ops versionOps[T], lv []T, i int, edited T, t, at time.Time, head int64) (puts []T) {
	base := lv[i]
	puts = append(puts, closeAt(base, t))
	fresh := []T{edited}
	setSpan(&fresh[0], t, nil)
	for _, l := range lv[i+1:] {
		puts = append(puts, closeEmpty(l))
		n := ops.merge3(ops.clone(l), base, edited)
		p := provenance(&n)
		p.RecordedAt = at
		p.Note = joinNote(p.Note, fmt.Sprintf("scheduled version %d with the change of %s carried over", ops.version(&l), day(t)))
		fresh = append(fresh, n)
	}
	chain(fresh, head+1)
	return append(puts, fresh...)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// checkBase checks an operation's base version: it may name the version
// the operation applies to (what a read as of its time returns) or the
// latest version.
func checkBase[T Entity | Relation](ops versionOps[T], base int64, applies *T, head *T, verb string) error {
	if base <= 0 {
		return nil
	}
	cur := int64(0)
	if applies != nil {
		cur = ops.version(applies)
	}
	if base == cur || (head != nil && base == ops.version(head)) {
		return nil
	}
	name := "it"
	if head != nil {
		name = ops.what(head)
	}
	return fmt.Errorf("%s is at version %d, the %s was based on version %d; reload it and apply the %s again: %w", name, cur, verb, base, verb, ErrConflict)
}

var entityOps = versionOps[Entity]{
	what:    func(e *Entity) string { return fmt.Sprintf("entity %q", e.ID) },
	version: func(e *Entity) int64 { return e.Version },
	clone:   cloneEntity,
	merge3: func(l, base, edit Entity) Entity {
		if l.Name == base.Name {
			l.Name = edit.Name
		}
		if slices.Equal(l.Aliases, base.Aliases) {
			l.Aliases = slices.Clone(edit.Aliases)
		}
		if slices.Equal(l.Channels, base.Channels) {
			l.Channels = slices.Clone(edit.Channels)
		}
		if l.Status == base.Status {
			l.Status = edit.Status
		}
		l.Attributes = mergeAttrs(l.Attributes, base.Attributes, edit.Attributes)
		return l
	},
}

var relationOps = versionOps[Relation]{
	what:    func(r *Relation) string { return "relation " + r.ID() },
	version: func(r *Relation) int64 { return r.Version },
	clone:   cloneRelation,
	merge3: func(l, base, edit Relation) Relation {
		if slices.Equal(l.Channels, base.Channels) {
			l.Channels = slices.Clone(edit.Channels)
		}
		if l.Status == base.Status {
			l.Status = edit.Status
		}
		l.Attributes = mergeAttrs(l.Attributes, base.Attributes, edit.Attributes)
		return l
	},
}

// mergeAttrs applies, attribute by attribute, the change from base to edit
// to later where later holds base's attribute (or, like base, none).
func mergeAttrs(later, base, edit []Attribute) []Attribute {
	find := func(as []Attribute, k string) (Attribute, bool) {
		i := slices.IndexFunc(as, func(a Attribute) bool { return a.Key == k })
		if i < 0 {
			return Attribute{}, false
		}
		return as[i], true
	}
	same := func(a Attribute, aok bool, b Attribute, bok bool) bool {
		return aok == bok && (!aok || a.Equal(b))
	}
	var keys []string
	for _, a := range base {
		keys = append(keys, a.Key)
	}
	for _, a := range edit {
		keys = append(keys, a.Key)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := cloneAttrs(later)
	for _, k := range keys {
		b, bok := find(base, k)
		e, eok := find(edit, k)
		if same(b, bok, e, eok) {
			continue // the edit left it alone
		}
		l, lok := find(out, k)
		if !same(l, lok, b, bok) {
			continue // the scheduled version changes it itself
		}
		out = slices.DeleteFunc(out, func(a Attribute) bool { return a.Key == k })
		if eok {
			e.List = slices.Clone(e.List)
			out = append(out, e)
		}
	}
	return sortAttrs(out)
}

// UpsertEntity computes the writes of an upsert on an entity whose latest
// stored version is head (nil if none) and whose stored versions include
// every live one (vs; a backend passes just the head when
// !HasScheduled(head, at)).
func UpsertEntity(head *Entity, vs []Entity, u EntityUpsert, kb string, at time.Time) (EntityWrite, error) {
	res, changed, puts, err := upsertOn(entityOps, head, vs, u.ValidFrom, at, u.BaseVersion, fmt.Sprintf("entity %q", u.ID),
		func(applies *Entity, t time.Time, dated bool) (Entity, bool, error) {
			u.BaseVersion = 0
			if dated {
				u.ValidFrom = t
			}
			return NextEntity(applies, u, kb, at)
		})
	return EntityWrite{Result: res, Changed: changed, Puts: puts}, err
}

// UpsertRelation is UpsertEntity for a relation.
func UpsertRelation(head *Relation, vs []Relation, u RelationUpsert, kb string, at time.Time) (RelationWrite, error) {
	rk := RelationKey{From: u.From, Type: u.Type, To: u.To}
	res, changed, puts, err := upsertOn(relationOps, head, vs, u.ValidFrom, at, u.BaseVersion, "relation "+rk.String(),
		func(applies *Relation, t time.Time, dated bool) (Relation, bool, error) {
			u.BaseVersion = 0
			if dated {
				u.ValidFrom = t
			}
			return NextRelation(applies, u, kb, at)
		})
	return RelationWrite{Result: res, Changed: changed, Puts: puts}, err
}

// upsertOn is the timeline rule of an upsert valid from validFrom (zero:
// at) with base version base, for an entity or a relation (subject names
// it in messages): after every live version, the plain rule (close the
// current one, add the next); before a scheduled one, the edit applies to
// the version valid then and carries over into the later ones (insert).
// next makes the edited version of the one it applies to (nil: none yet);
// dated says whether it is inserted at t, before a scheduled version.
func upsertOn[T Entity | Relation](ops versionOps[T], head *T, vs []T, validFrom, at time.Time, base int64, subject string,
	next func(applies *T, t time.Time, dated bool) (T, bool, error)) (res T, changed bool, puts []T, err error) {
	lv := live(vs, at)
	t := validFrom
	if t.IsZero() {
		t = at
	}
	k := settled(lv, at)
	if len(lv) > 0 {
		if last, _ := span(&lv[len(lv)-1]); t.Before(last) && k != len(lv)-1 {
			return upsertBefore(ops, head, lv, t, at, k, base, subject, next)
		}
	}
	// After every live version (or none): the plain rule.
	var cur *T
	if len(lv) > 0 {
		cur = &lv[len(lv)-1]
	}
	if err := checkBase(ops, base, cur, head, "edit"); err != nil {
		return res, false, nil, err
	}
	n, changed, err := next(cur, t, false)
	if err != nil || !changed {
		return n, false, nil, err
	}
	if head != nil {
		setVersion(&n, ops.version(head)+1)
	}
	if cur != nil {
		from, _ := span(&n)
		puts = append(puts, Close(*cur, from))
	}
	return n, true, append(puts, n), nil
}

// upsertBefore is upsertOn's rule for an edit valid before the last live
// version (a scheduled one), at version k the one settled at at.
func upsertBefore[T Entity | Relation](ops versionOps[T], head *T, lv []T, t, at time.Time, k int, base int64, subject string,
	next func(applies *T, t time.Time, dated bool) (T, bool, error)) (res T, changed bool, puts []T, err error) {
	i := baseAt(lv, t)
	if i < k {
		if err := checkBase(ops, base, &lv[k], head, "edit"); err != nil {
			return res, false, nil, err
		}
		from, _ := span(&lv[k])
		return res, false, nil, invalid("%s: validFrom %s is before the current version's validFrom %s", subject, day(t), day(from))
	}
	if i < 0 {
		from, _ := span(&lv[0])
		return res, false, nil, invalid("%s takes effect at %s (scheduled version %d); an edit valid from %s has nothing to apply to: give a validFrom on or after that, or cancel the scheduled version", subject, day(from), ops.version(&lv[0]), day(t))
	}
	if err := checkBase(ops, base, &lv[i], head, "edit"); err != nil {
		return res, false, nil, err
	}
	n, changed, err := next(&lv[i], t, true)
	if err != nil || !changed {
		return n, false, nil, err
	}
	puts = insert(ops, lv, i, n, t, at, ops.version(head))
	return puts[len(lv)-i], true, puts, nil
}

// retireOn computes the writes of a retirement valid from t (clamped to the
// first live version): the version valid then is retired from t and every
// later live version is cancelled. retire returns the retired state of a
// version and whether it differs.
func retireOn[T Entity | Relation](ops versionOps[T], lv []T, t, at time.Time, head int64, prov Provenance, retire func(T) (T, bool)) (res T, changed bool, puts []T) {
	if f, _ := span(&lv[max(settled(lv, at), 0)]); t.Before(f) {
		t = f
	}
	i := baseAt(lv, t)
	n, diff := retire(ops.clone(lv[i]))
	if !diff && i == len(lv)-1 {
		return lv[i], false, nil
	}
	puts = append(puts, closeAt(lv[i], t))
	for _, l := range lv[i+1:] {
		puts = append(puts, closeEmpty(l))
	}
	prov.RecordedAt = at
	if len(lv) > i+1 {
		prov.Note = joinNote(prov.Note, fmt.Sprintf("cancels %d scheduled version(s)", len(lv)-i-1))
	}
	*provenance(&n) = prov
	setSpan(&n, t, nil)
	setVersion(&n, head+1)
	return n, true, append(puts, n)
}

// RetireEntity computes the writes of retiring an entity. Retirement means
// now (or r.ValidFrom): it does not wait for scheduled changes, it cancels
// them. Retiring a retired entity without scheduled changes is no change.
func RetireEntity(head Entity, vs []Entity, r Retirement, at time.Time) (EntityWrite, error) {
	lv := live(vs, at)
	if len(lv) == 0 {
		return EntityWrite{}, invalid("entity %q has no version valid now or later", head.ID)
	}
	t := r.ValidFrom
	if t.IsZero() {
		t = at
	}
	i := max(baseAt(lv, t), settled(lv, at), 0)
	if err := checkBase(entityOps, r.BaseVersion, &lv[i], &head, "retirement"); err != nil {
		return EntityWrite{}, err
	}
	if lv[i].Status == StatusMerged {
		return EntityWrite{}, invalid("entity %q was merged into %q; retire %q instead", head.ID, lv[i].MergedInto, lv[i].MergedInto)
	}
	res, changed, puts := retireOn(entityOps, lv, t, at, head.Version, r.Provenance, func(e Entity) (Entity, bool) {
		d := e.Status != StatusRetired
		e.Status = StatusRetired
		return e, d
	})
	return EntityWrite{Result: res, Changed: changed, Puts: puts}, nil
}

// RetireRelation computes the writes of retiring a relation.
func RetireRelation(head Relation, vs []Relation, r Retirement, at time.Time) (RelationWrite, error) {
	lv := live(vs, at)
	if len(lv) == 0 {
		return RelationWrite{}, invalid("relation %s has no version valid now or later", head.ID())
	}
	t := r.ValidFrom
	if t.IsZero() {
		t = at
	}
	i := max(baseAt(lv, t), settled(lv, at), 0)
	if err := checkBase(relationOps, r.BaseVersion, &lv[i], &head, "retirement"); err != nil {
		return RelationWrite{}, err
	}
	res, changed, puts := retireOn(relationOps, lv, t, at, head.Version, r.Provenance, func(x Relation) (Relation, bool) {
		d := x.Status == StatusActive
		if d {
			x.Status = StatusRetired
		}
		return x, d
	})
	return RelationWrite{Result: res, Changed: changed, Puts: puts}, nil
}

// cancel computes the writes of cancelling the scheduled version v: it is
// closed at its own start, the version before it is written again from
// now (or from its own start, when it is scheduled too), and the later
// scheduled versions lose v's changes where they still hold them.
func cancel[T Entity | Relation](ops versionOps[T], lv []T, head T, v int64, at time.Time, prov Provenance) (T, []T, error) {
	var zero T
	j := slices.IndexFunc(lv, func(x T) bool { return ops.version(&x) == v })
	if j < 0 || !scheduled(&lv[j], at) {
		return zero, nil, invalid("%s has no scheduled version %d; list its scheduled changes to see which can be cancelled", ops.what(&head), v)
	}
	if j == 0 {
		return zero, nil, invalid("scheduled version %d creates %s; retire it instead", v, ops.what(&head))
	}
	if settled(lv, at) > j {
		return zero, nil, fmt.Errorf("%s changed after this request's time; try again: %w", ops.what(&head), ErrConflict)
	}
	prev, sched := lv[j-1], lv[j]
	pf, _ := span(&prev)
	from := at
	var puts []T
	switch {
	case scheduled(&prev, at):
		from = pf
		puts = append(puts, closeEmpty(prev))
	case pf.After(at):
		// A concurrent edit with a clock ahead of ours.
		return zero, nil, fmt.Errorf("%s changed at %s, after this request's time; try again: %w", ops.what(&head), day(pf), ErrConflict)
	default:
		puts = append(puts, closeAt(prev, at))
	}
	puts = append(puts, closeEmpty(sched))
	again := ops.clone(prev)
	sf, _ := span(&sched)
	prov.RecordedAt = at
	prov.Note = joinNote(prov.Note, fmt.Sprintf("cancels scheduled version %d (from %s)", v, day(sf)))
	*provenance(&again) = prov
	setSpan(&again, from, nil)
	fresh := []T{again}
	for _, l := range lv[j+1:] {
		puts = append(puts, closeEmpty(l))
		n := ops.merge3(ops.clone(l), sched, prev)
		p := provenance(&n)
		p.RecordedAt = at
		p.Note = joinNote(p.Note, fmt.Sprintf("scheduled version %d without cancelled version %d", ops.version(&l), v))
		fresh = append(fresh, n)
	}
	chain(fresh, ops.version(&head)+1)
	return fresh[0], append(puts, fresh...), nil
}

// CancelEntityChange computes the writes of cancelling a scheduled version
// of an entity. Result is the version that holds from now on instead.
func CancelEntityChange(head Entity, vs []Entity, c ScheduledCancel, at time.Time) (EntityWrite, error) {
	res, puts, err := cancel(entityOps, live(vs, at), head, c.Version, at, c.Provenance)
	if err != nil {
		return EntityWrite{}, err
	}
	return EntityWrite{Result: res, Changed: true, Puts: puts}, nil
}

// CancelRelationChange computes the writes of cancelling a scheduled
// version of a relation.
func CancelRelationChange(head Relation, vs []Relation, c ScheduledCancel, at time.Time) (RelationWrite, error) {
	res, puts, err := cancel(relationOps, live(vs, at), head, c.Version, at, c.Provenance)
	if err != nil {
		return RelationWrite{}, err
	}
	return RelationWrite{Result: res, Changed: true, Puts: puts}, nil
}

// ScheduledChange is one scheduled version of an entity or of a relation.
type ScheduledChange struct {
	Entity   *Entity   `json:"entity,omitempty"`
	Relation *Relation `json:"relation,omitempty"`
}

// ValidFrom is when the scheduled change takes effect.
func (c ScheduledChange) ValidFrom() time.Time {
	if c.Entity != nil {
		return c.Entity.ValidFrom
	}
	return c.Relation.ValidFrom
}

// Version is the number of the scheduled version.
func (c ScheduledChange) Version() int64 {
	if c.Entity != nil {
		return c.Entity.Version
	}
	return c.Relation.Version
}

// ScheduledPage is one page of scheduled changes.
type ScheduledPage struct {
	Changes    []ScheduledChange
	Cursors    []string // one per change: pass as after to continue after it
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// PageScheduled cuts a page of first changes (0: DefaultPage) after the
// cursor from the scheduled changes of a history at time at.
func PageScheduled(h History, at time.Time, first int, after string) (ScheduledPage, error) {
	n, err := PageSize(first)
	if err != nil {
		return ScheduledPage{}, err
	}
	all := ScheduledIn(h, at)
	start := 0
	if after != "" {
		c, err := DecodeCursor(after)
		if err != nil {
			return ScheduledPage{}, err
		}
		if _, err := fmt.Sscanf(c, "%d", &start); err != nil || start < 0 {
			return ScheduledPage{}, fmt.Errorf("%w: cursor %q is malformed; pass endCursor of the previous page", ErrInvalid, after)
		}
	}
	p := ScheduledPage{TotalCount: len(all)}
	if start >= len(all) {
		return p, nil
	}
	end := min(start+n, len(all))
	p.Changes, p.HasNext = all[start:end], end < len(all)
	for i := start; i < end; i++ {
		p.Cursors = append(p.Cursors, EncodeCursor(fmt.Sprint(i+1)))
	}
	p.EndCursor = EncodeCursor(fmt.Sprint(end))
	return p, nil
}

// ScheduledIn lists the scheduled versions of a history at time at, the
// earliest first (entities before relations at the same instant).
func ScheduledIn(h History, at time.Time) []ScheduledChange {
	var out []ScheduledChange
	for i := range h.Entities {
		if e := h.Entities[i]; e.Scheduled(at) {
			out = append(out, ScheduledChange{Entity: &e})
		}
	}
	for i := range h.Relations {
		if r := h.Relations[i]; r.Scheduled(at) {
			out = append(out, ScheduledChange{Relation: &r})
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduledChange) int {
		if c := a.ValidFrom().Compare(b.ValidFrom()); c != 0 {
			return c
		}
		return cmp.Compare(boolInt(a.Entity == nil), boolInt(b.Entity == nil))
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
