package neo4jkg

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

// A write transaction works on a set of locked heads held in memory: it
// locks and loads the heads it needs, lets the kg rules compute new versions
// on the loaded state (so later operations of a batch see earlier ones), and
// flushes every new version at the end with a few UNWIND statements.

// entSlot is one locked entity head.
type entSlot struct {
	orig *kg.Entity // latest stored version when locked; nil if none
	cur  *kg.Entity // latest version, counting this transaction's writes
	// dirty are the versions this transaction writes, by version: new
	// ones, and stored ones it closes.
	dirty map[int64]kg.Entity
	// vs are the stored versions from the live one on (with this
	// transaction's writes), loaded when the head has scheduled changes.
	vs     []kg.Entity
	loaded bool
	exists bool   // the head node exists (stored, or made by our MERGE)
	eid    string // the head node's element id, when it exists
}

// put records versions the kg rules computed.
func (s *entSlot) put(puts []kg.Entity) {
	if s.dirty == nil {
		s.dirty = map[int64]kg.Entity{}
	}
	for _, p := range puts {
		s.dirty[p.Version] = p
		if s.loaded {
			if i := slices.IndexFunc(s.vs, func(v kg.Entity) bool { return v.Version == p.Version }); i >= 0 {
				s.vs[i] = p
			} else {
				s.vs = append(s.vs, p)
			}
		}
		if s.cur == nil || p.Version > s.cur.Version {
			s.cur = &p
		}
	}
}

// write appends next after the head (merges).
func (s *entSlot) write(next kg.Entity) {
	if s.cur != nil {
		s.put([]kg.Entity{kg.Close(*s.cur, next.ValidFrom)})
	}
	s.put([]kg.Entity{next})
}

// relSlot is one locked relation head.
type relSlot struct {
	key    kg.RelationKey
	orig   *kg.Relation
	cur    *kg.Relation
	dirty  map[int64]kg.Relation
	vs     []kg.Relation
	loaded bool
	exists bool
	eid    string
}

func (s *relSlot) put(puts []kg.Relation) {
	if s.dirty == nil {
		s.dirty = map[int64]kg.Relation{}
	}
	for _, p := range puts {
		s.dirty[p.Version] = p
		if s.loaded {
			if i := slices.IndexFunc(s.vs, func(v kg.Relation) bool { return v.Version == p.Version }); i >= 0 {
				s.vs[i] = p
			} else {
				s.vs = append(s.vs, p)
			}
		}
		if s.cur == nil || p.Version > s.cur.Version {
			s.cur = &p
		}
	}
}

func (s *relSlot) write(next kg.Relation) {
	if s.cur != nil {
		s.put([]kg.Relation{kg.Close(*s.cur, next.ValidFrom)})
	}
	s.put([]kg.Relation{next})
}

const (
	// liveEntityVersions reads the stored versions valid at $at or later.
	// A composite index serves only predicates on all of its properties:
	// "version IS NOT NULL" lets the (kb, id, version) one seek here.
	liveEntityVersions = `MATCH (v:EntityVersion {kb: $kb, id: $id})
WHERE v.version IS NOT NULL AND (v.validTo IS NULL OR v.validTo > $at)
RETURN v.data AS data`
	liveRelationVersions = `MATCH (v:RelationVersion {kb: $kb, id: $id})
WHERE v.version IS NOT NULL AND (v.validTo IS NULL OR v.validTo > $at)
RETURN v.data AS data`
)

// entityTimeline returns the versions of a locked entity the kg rules need
// at time at: the head alone, or (with scheduled changes) every live one.
func (t *txn) entityTimeline(ctx context.Context, s *entSlot, at time.Time) ([]kg.Entity, error) {
	if s.cur == nil {
		return nil, nil
	}
	if !kg.HasScheduled(s.cur, at) {
		return []kg.Entity{*s.cur}, nil
	}
	if !s.loaded {
		recs, err := t.run(ctx, liveEntityVersions, map[string]any{"id": s.cur.ID, "at": utc(at)})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			e, err := fromJSON[kg.Entity](rec, "data")
			if err != nil {
				return nil, err
			}
			if d, ok := s.dirty[e.Version]; ok {
				*e = d
			}
			s.vs = append(s.vs, *e)
		}
		for v, d := range s.dirty {
			if s.orig == nil || v > s.orig.Version {
				s.vs = append(s.vs, d)
			}
		}
		s.loaded = true
	}
	return slices.Clone(s.vs), nil
}

func (t *txn) relationTimeline(ctx context.Context, s *relSlot, at time.Time) ([]kg.Relation, error) {
	if s.cur == nil {
		return nil, nil
	}
	if !kg.HasScheduled(s.cur, at) {
		return []kg.Relation{*s.cur}, nil
	}
	if !s.loaded {
		recs, err := t.run(ctx, liveRelationVersions, map[string]any{"id": s.key.String(), "at": utc(at)})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			r, err := fromJSON[kg.Relation](rec, "data")
			if err != nil {
				return nil, err
			}
			if d, ok := s.dirty[r.Version]; ok {
				*r = d
			}
			s.vs = append(s.vs, *r)
		}
		for v, d := range s.dirty {
			if s.orig == nil || v > s.orig.Version {
				s.vs = append(s.vs, d)
			}
		}
		s.loaded = true
	}
	return slices.Clone(s.vs), nil
}

type txn struct {
	tx     neo4j.ManagedTransaction
	kb     string
	ents   map[string]*entSlot
	rels   map[string]*relSlot // by relation id, from-[TYPE]->to
	merged [][2]string         // keep, merge
}

func newTxn(tx neo4j.ManagedTransaction, kb string) *txn {
	return &txn{tx: tx, kb: kb, ents: map[string]*entSlot{}, rels: map[string]*relSlot{}}
}

func (t *txn) run(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if params == nil {
		params = map[string]any{}
	}
	params["kb"] = t.kb
	return run(ctx, t.tx, cypher, params)
}

// Locking is a SET on the head: Neo4j takes an exclusive node lock for it and
// holds it until the transaction ends; the REMOVE leaves no trace. Each head
// is read after its lock is taken (Neo4j reads the last committed state, not
// a snapshot), so what is read is the state the last writer committed. Ids
// are locked in sorted order to make deadlocks between batches rare (the
// driver retries those). The heads' element ids let flush find them again
// without an index seek.
const (
	lockEntitiesMerge = `UNWIND $ids AS id
MERGE (e:Entity {kb: $kb, id: id})
SET e._lock = true REMOVE e._lock
RETURN id, e.data AS data, elementId(e) AS eid`
	lockEntitiesMatch = `UNWIND $ids AS id
MATCH (e:Entity {kb: $kb, id: id})
SET e._lock = true REMOVE e._lock
RETURN id, e.data AS data, elementId(e) AS eid`

	lockRelationsMerge = `UNWIND $rows AS row
MERGE (r:Relation {kb: $kb, id: row.id})
ON CREATE SET r.from = row.from, r.type = row.type, r.to = row.to
SET r._lock = true REMOVE r._lock
RETURN row.id AS id, r.data AS data, elementId(r) AS eid`
	lockRelationsMatch = `UNWIND $rows AS row
MATCH (r:Relation {kb: $kb, id: row.id})
SET r._lock = true REMOVE r._lock
RETURN row.id AS id, r.data AS data, elementId(r) AS eid`

	// entityIDs reads the element ids of entities not locked.
	entityIDs = `UNWIND $ids AS id
MATCH (e:Entity {kb: $kb, id: id})
RETURN id, elementId(e) AS eid`

	// adjacent lists the relations touching any of $ids, through the
	// (kb, from) and (kb, to) indexes.
	adjacent = `UNWIND $ids AS id
MATCH (r:Relation {kb: $kb, from: id})
RETURN r.from AS from, r.type AS type, r.to AS to
UNION
UNWIND $ids AS id
MATCH (r:Relation {kb: $kb, to: id})
RETURN r.from AS from, r.type AS type, r.to AS to`
)

// lockEntities locks and loads the heads of ids not loaded yet. With create,
// missing heads are created (empty until flush fills them), which also
// serialises concurrent creators of one id on the uniqueness constraint.
func (t *txn) lockEntities(ctx context.Context, ids []string, create bool) error {
	var need []string
	for _, id := range ids {
		if s, ok := t.ents[id]; ok && (s.exists || !create) {
			continue
		}
		need = append(need, id)
	}
	if len(need) == 0 {
		return nil
	}
	slices.Sort(need)
	need = slices.Compact(need)
	q := lockEntitiesMatch
	if create {
		q = lockEntitiesMerge
	}
	recs, err := t.run(ctx, q, map[string]any{"ids": need})
	if err != nil {
		return err
	}
	for _, id := range need {
		t.ents[id] = &entSlot{}
	}
	for _, rec := range recs {
		e, err := fromJSON[kg.Entity](rec, "data")
		if err != nil {
			return err
		}
		t.ents[getString(rec, "id")] = &entSlot{orig: e, cur: e, exists: true, eid: getString(rec, "eid")}
	}
	return nil
}

// lockRelations is lockEntities for relation heads.
func (t *txn) lockRelations(ctx context.Context, keys []kg.RelationKey, create bool) error {
	var need []kg.RelationKey
	for _, k := range keys {
		if s, ok := t.rels[k.String()]; ok && (s.exists || !create) {
			continue
		}
		need = append(need, k)
	}
	if len(need) == 0 {
		return nil
	}
	slices.SortFunc(need, func(a, b kg.RelationKey) int {
		if a.String() < b.String() {
			return -1
		}
		if a.String() > b.String() {
			return 1
		}
		return 0
	})
	need = slices.Compact(need)
	rows := make([]map[string]any, len(need))
	for i, k := range need {
		rows[i] = map[string]any{"id": k.String(), "from": k.From, "type": k.Type, "to": k.To}
	}
	q := lockRelationsMatch
	if create {
		q = lockRelationsMerge
	}
	recs, err := t.run(ctx, q, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	for _, k := range need {
		t.rels[k.String()] = &relSlot{key: k}
	}
	for _, rec := range recs {
		r, err := fromJSON[kg.Relation](rec, "data")
		if err != nil {
			return err
		}
		s := t.rels[getString(rec, "id")]
		s.orig, s.cur, s.exists, s.eid = r, r, true, getString(rec, "eid")
	}
	return nil
}

// lockAdjacent locks and loads every stored relation touching ids.
func (t *txn) lockAdjacent(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	recs, err := t.run(ctx, adjacent, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	keys := make([]kg.RelationKey, 0, len(recs))
	for _, rec := range recs {
		keys = append(keys, kg.RelationKey{From: getString(rec, "from"), Type: getString(rec, "type"), To: getString(rec, "to")})
	}
	return t.lockRelations(ctx, keys, false)
}

// touching returns the loaded relations with id at one end, ordered by
// relation id.
func (t *txn) touching(id string) []*relSlot {
	var out []*relSlot
	for _, rid := range slices.Sorted(maps.Keys(t.rels)) {
		s := t.rels[rid]
		if s.cur != nil && (s.key.From == id || s.key.To == id) {
			out = append(out, s)
		}
	}
	return out
}

// redirect follows the stored merge redirects from id, locking every head on
// the way, and returns the id that holds it now (id itself when it is not
// merged or does not exist). A batch cannot merge or unmerge entities, so
// what it finds stays right for the whole batch.
func (t *txn) redirect(ctx context.Context, id string) (string, error) {
	for range 10 {
		if err := t.lockEntities(ctx, []string{id}, false); err != nil {
			return "", err
		}
		e := t.ents[id].cur
		if e == nil || e.Status != kg.StatusMerged {
			return id, nil
		}
		id = e.MergedInto
	}
	return "", fmt.Errorf("entity %q: merge redirects loop", id)
}

// Apply writes a batch in one transaction.
func (s *Store) Apply(ctx context.Context, kb string, b kg.Batch) (kg.Applied, error) {
	if err := b.Normalize(); err != nil {
		return kg.Applied{}, fmt.Errorf("neo4jkg: apply: %w", err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.Applied{}, fmt.Errorf("neo4jkg: apply: %w", err)
	}
	res, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.Applied, error) {
		return newTxn(tx, kb).apply(ctx, &b, s.now)
	})
	if err != nil {
		return kg.Applied{}, wrap("apply", err)
	}
	return res, nil
}

// apply locks every head the batch touches, then takes the transaction
// time (b.At, or now), computes the new versions in batch order and flushes
// them. The time is taken after the locks so that a writer that waited for
// another never stamps its versions earlier than the ones it waited for
// (which the kg rules would reject as a validFrom in the past).
func (t *txn) apply(ctx context.Context, b *kg.Batch, now func() time.Time) (kg.Applied, error) {
	var res kg.Applied

	// Lock.
	upserted := map[string]bool{}
	for _, u := range b.Entities {
		upserted[u.ID] = true
	}
	if err := t.lockEntities(ctx, slices.Collect(maps.Keys(upserted)), true); err != nil {
		return res, err
	}
	ups := slices.Clone(b.Relations)
	if len(ups) > 0 {
		var ends []string
		for _, u := range ups {
			ends = append(ends, u.From, u.To)
		}
		if err := t.lockEntities(ctx, ends, false); err != nil {
			return res, err
		}
		// Ends are existence- and status-checked below, after the
		// entity upserts of the batch, in batch order as memkg does.
		var keys []kg.RelationKey
		for i := range ups {
			u := &ups[i]
			for _, end := range []*string{&u.From, &u.To} {
				id, err := t.redirect(ctx, *end)
				if err != nil {
					return res, err
				}
				*end = id
			}
			present := func(id string) bool { return upserted[id] || t.ents[id].cur != nil }
			if u.From != u.To && present(u.From) && present(u.To) {
				keys = append(keys, kg.RelationKey{From: u.From, Type: u.Type, To: u.To})
			}
		}
		if err := t.lockRelations(ctx, keys, true); err != nil {
			return res, err
		}
	}
	if len(b.Retire) > 0 {
		var ents []string
		var keys []kg.RelationKey
		for _, r := range b.Retire {
			if r.Relation != nil {
				keys = append(keys, *r.Relation)
			} else {
				ents = append(ents, r.EntityID)
			}
		}
		if err := t.lockEntities(ctx, ents, false); err != nil {
			return res, err
		}
		if err := t.lockAdjacent(ctx, ents); err != nil {
			return res, err
		}
		if err := t.lockRelations(ctx, keys, false); err != nil {
			return res, err
		}
	}

	if len(b.Cancel) > 0 {
		var ents []string
		var keys []kg.RelationKey
		for _, c := range b.Cancel {
			if c.Relation != nil {
				keys = append(keys, *c.Relation)
			} else {
				ents = append(ents, c.EntityID)
			}
		}
		if err := t.lockEntities(ctx, ents, false); err != nil {
			return res, err
		}
		if err := t.lockRelations(ctx, keys, false); err != nil {
			return res, err
		}
	}

	at := b.At
	if at.IsZero() {
		at = now().UTC()
	}
	count := func(changed bool) {
		if changed {
			res.Changed++
		} else {
			res.Unchanged++
		}
	}
	for _, u := range b.Entities {
		s := t.ents[u.ID]
		vs, err := t.entityTimeline(ctx, s, at)
		if err != nil {
			return res, err
		}
		w, err := kg.UpsertEntity(s.cur, vs, u, t.kb, at)
		if err != nil {
			return res, err
		}
		if w.Changed {
			s.put(w.Puts)
		}
		count(w.Changed)
		res.Entities = append(res.Entities, w.Result)
	}
	for i, u := range ups {
		orig := b.Relations[i]
		for _, end := range []struct{ asked, id string }{{orig.From, u.From}, {orig.To, u.To}} {
			e := t.ents[end.id].cur
			if e == nil {
				return res, fmt.Errorf("relations[%d]: entity %q does not exist: %w", i, end.asked, kg.ErrInvalid)
			}
			if e.Status != kg.StatusActive {
				return res, fmt.Errorf("relations[%d]: entity %q is retired; restore it first: %w", i, end.asked, kg.ErrInvalid)
			}
		}
		if u.From == u.To {
			return res, fmt.Errorf("relations[%d]: both ends are entity %q after merges: %w", i, u.From, kg.ErrInvalid)
		}
		s := t.rels[kg.RelationKey{From: u.From, Type: u.Type, To: u.To}.String()]
		vs, err := t.relationTimeline(ctx, s, at)
		if err != nil {
			return res, err
		}
		w, err := kg.UpsertRelation(s.cur, vs, u, t.kb, at)
		if err != nil {
			return res, err
		}
		if w.Changed {
			s.put(w.Puts)
		}
		count(w.Changed)
		res.Relations = append(res.Relations, w.Result)
	}
	for i, r := range b.Retire {
		ret, changed, err := t.retire(ctx, r, at)
		if err != nil {
			return res, annotate(err, "retire[%d]", i)
		}
		count(changed)
		res.Retired = append(res.Retired, ret)
	}
	for i, c := range b.Cancel {
		ret, err := t.cancel(ctx, c, at)
		if err != nil {
			return res, annotate(err, "cancel[%d]", i)
		}
		count(true)
		res.Cancelled = append(res.Cancelled, ret)
	}
	return res, t.flush(ctx)
}

// retire works on locked heads only.
func (t *txn) retire(ctx context.Context, r kg.Retirement, at time.Time) (kg.Retired, bool, error) {
	if r.Relation != nil {
		s := t.rels[r.Relation.String()]
		if s == nil || s.cur == nil {
			return kg.Retired{}, false, fmt.Errorf("relation %s: %w", r.Relation, kg.ErrNotFound)
		}
		vs, err := t.relationTimeline(ctx, s, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		w, err := kg.RetireRelation(*s.cur, vs, r, at)
		if err != nil || !w.Changed {
			return kg.Retired{Relation: &w.Result}, false, err
		}
		s.put(w.Puts)
		return kg.Retired{Relation: &w.Result}, true, nil
	}
	s := t.ents[r.EntityID]
	if s == nil || s.cur == nil {
		return kg.Retired{}, false, fmt.Errorf("entity %q: %w", r.EntityID, kg.ErrNotFound)
	}
	vs, err := t.entityTimeline(ctx, s, at)
	if err != nil {
		return kg.Retired{}, false, err
	}
	w, err := kg.RetireEntity(*s.cur, vs, r, at)
	if err != nil || !w.Changed {
		return kg.Retired{Entity: &w.Result}, false, err
	}
	s.put(w.Puts)
	// A retired entity takes its relations with it, from the same time.
	for _, rs := range t.touching(r.EntityID) {
		rvs, err := t.relationTimeline(ctx, rs, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		rw, err := kg.RetireRelation(*rs.cur, rvs, kg.Retirement{ValidFrom: w.Result.ValidFrom, Provenance: r.Provenance}, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		if rw.Changed {
			rs.put(rw.Puts)
		}
	}
	return kg.Retired{Entity: &w.Result}, true, nil
}

// cancel works on locked heads only.
func (t *txn) cancel(ctx context.Context, c kg.ScheduledCancel, at time.Time) (kg.Retired, error) {
	if c.Relation != nil {
		s := t.rels[c.Relation.String()]
		if s == nil || s.cur == nil {
			return kg.Retired{}, fmt.Errorf("relation %s: %w", c.Relation, kg.ErrNotFound)
		}
		vs, err := t.relationTimeline(ctx, s, at)
		if err != nil {
			return kg.Retired{}, err
		}
		w, err := kg.CancelRelationChange(*s.cur, vs, c, at)
		if err != nil {
			return kg.Retired{}, err
		}
		s.put(w.Puts)
		return kg.Retired{Relation: &w.Result}, nil
	}
	s := t.ents[c.EntityID]
	if s == nil || s.cur == nil {
		return kg.Retired{}, fmt.Errorf("entity %q: %w", c.EntityID, kg.ErrNotFound)
	}
	vs, err := t.entityTimeline(ctx, s, at)
	if err != nil {
		return kg.Retired{}, err
	}
	w, err := kg.CancelEntityChange(*s.cur, vs, c, at)
	if err != nil {
		return kg.Retired{}, err
	}
	s.put(w.Puts)
	return kg.Retired{Entity: &w.Result}, nil
}

// MergeEntities folds m.Merge into m.Keep in one transaction.
func (s *Store) MergeEntities(ctx context.Context, kb string, m kg.Merge) (kg.Entity, error) {
	op := fmt.Sprintf("merge %q into %q", m.Merge, m.Keep)
	if err := kg.ValidID("keep", m.Keep); err != nil {
		return kg.Entity{}, wrap(op, err)
	}
	if err := kg.ValidID("merge", m.Merge); err != nil {
		return kg.Entity{}, wrap(op, err)
	}
	if m.Keep == m.Merge {
		return kg.Entity{}, wrap(op, fmt.Errorf("%w: an entity cannot be merged into itself", kg.ErrInvalid))
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.Entity{}, wrap(op, err)
	}
	out, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.Entity, error) {
		return newTxn(tx, kb).merge(ctx, m, s.now)
	})
	if err != nil {
		return kg.Entity{}, wrap(op, err)
	}
	return out, nil
}

// merge locks both entities, merge's relations and the relations they move
// to, then (like apply) takes the time and computes.
func (t *txn) merge(ctx context.Context, m kg.Merge, now func() time.Time) (kg.Entity, error) {
	if err := t.lockEntities(ctx, []string{m.Keep, m.Merge}, false); err != nil {
		return kg.Entity{}, err
	}
	keep, merge := t.ents[m.Keep], t.ents[m.Merge]
	for _, id := range []string{m.Keep, m.Merge} {
		if t.ents[id].cur == nil {
			return kg.Entity{}, fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
	}
	if err := t.lockAdjacent(ctx, []string{m.Merge}); err != nil {
		return kg.Entity{}, err
	}
	moved := func(rc *kg.Relation) kg.RelationKey {
		k := rc.Key()
		if k.From == m.Merge {
			k.From = m.Keep
		} else {
			k.To = m.Keep
		}
		return k
	}
	var keys []kg.RelationKey
	for _, rs := range t.touching(m.Merge) {
		if k := moved(rs.cur); rs.cur.Status == kg.StatusActive && k.From != k.To {
			keys = append(keys, k)
		}
	}
	if err := t.lockRelations(ctx, keys, true); err != nil {
		return kg.Entity{}, err
	}

	at := m.At
	if at.IsZero() {
		at = now().UTC()
	}
	nk, nm, err := kg.MergeVersions(*keep.cur, *merge.cur, m, at)
	if err != nil {
		return kg.Entity{}, err
	}
	keep.write(nk)
	merge.write(nm)
	t.merged = append(t.merged, [2]string{m.Keep, m.Merge})

	// Move every active relation of merge onto keep.
	prov := nk.Provenance
	for _, rs := range t.touching(m.Merge) {
		rc := *rs.cur
		if rc.Status != kg.StatusActive {
			continue
		}
		rn, _, err := kg.RetireRelationVersion(rc, kg.Retirement{Provenance: prov}, at)
		if err != nil {
			return kg.Entity{}, err
		}
		rs.write(rn)
		k := moved(&rc)
		if k.From == k.To {
			continue // a relation between the two merged entities disappears
		}
		target := t.rels[k.String()]
		next, changed, err := kg.NextRelation(target.cur, kg.RelationUpsert{From: k.From, Type: k.Type, To: k.To,
			Channels: &rc.Channels, Attributes: rc.Attributes, ReplaceAttributes: true, Provenance: prov}, t.kb, at)
		if err != nil {
			return kg.Entity{}, err
		}
		if changed {
			target.write(next)
		}
	}
	return nk, t.flush(ctx)
}

// Statements of flush. Rows are maps built by entityHead and friends, with
// the element id of the head (eid) and, for relations, of the entities at
// its ends (a, b): locked heads are found by element id, not by an index
// seek.
const (
	closeEntityVersions = `UNWIND $rows AS row
MATCH (v:EntityVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.props
RETURN count(v) AS n`
	createEntityVersions = `UNWIND $rows AS row
MATCH (e) WHERE elementId(e) = row.eid
CREATE (e)-[:VERSION]->(v:EntityVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.props`
	updateEntityHeads = `UNWIND $rows AS row
MATCH (e) WHERE elementId(e) = row.eid
SET e += row.props
FOREACH (n IN [(e)<-[:NAMES]-(x:Name) | x] | DETACH DELETE n)
FOREACH (norm IN row.names | CREATE (:Name {kb: $kb, norm: norm, id: row.id})-[:NAMES]->(e))`
	// + label from typeLabel
	labelEntities = `UNWIND $eids AS eid
MATCH (e) WHERE elementId(e) = eid
SET e:`
	linkMerged = `UNWIND $rows AS row
MATCH (k) WHERE elementId(k) = row.keep
MATCH (m) WHERE elementId(m) = row.merge
MERGE (k)-[:MERGED_FROM]->(m)`

	closeRelationVersions = `UNWIND $rows AS row
MATCH (v:RelationVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.props
RETURN count(v) AS n`
	createRelationVersions = `UNWIND $rows AS row
MATCH (r) WHERE elementId(r) = row.eid
CREATE (r)-[:VERSION]->(v:RelationVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.props`
	updateRelationHeads = `UNWIND $rows AS row
MATCH (r) WHERE elementId(r) = row.eid
SET r += row.props`
	// ... + type from mirrorType + mirrorRelationsEnd
	mirrorRelations = `UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
MERGE (a)-[m:`
	mirrorRelationsEnd = `]->(b)
SET m += row.mirror`

	// A head this transaction created (its lock made it, empty) with its
	// one version is written in one statement: the head, its version and
	// (for a relation) its mirror, which cannot exist yet, so it is
	// created rather than merged. The label or mirror type is appended.
	createEntities = `UNWIND $rows AS row
MATCH (e) WHERE elementId(e) = row.eid
SET e += row.props
CREATE (e)-[:VERSION]->(v:EntityVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.vprops
FOREACH (norm IN row.names | CREATE (:Name {kb: $kb, norm: norm, id: row.id})-[:NAMES]->(e))`
	createEntitiesLabel = `
SET e:`
	createRelations = `UNWIND $rows AS row
MATCH (r) WHERE elementId(r) = row.eid
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
SET r += row.props
CREATE (r)-[:VERSION]->(v:RelationVersion {kb: $kb, id: row.id, version: row.version})
SET v += row.vprops
CREATE (a)-[m:`
	createRelationsEnd = `]->(b)
SET m += row.mirror
RETURN count(*) AS n`
)

// created reports whether a head is new in this transaction and gets only
// one version: it is written by createEntities or createRelations.
func created[T any](exists bool, orig *T, dirty map[int64]T) bool {
	return exists && orig == nil && len(dirty) == 1
}

// flush writes every version the transaction computed: the stored versions
// it closed or rewrote are updated, the new versions are created, and the
// heads (with names, labels and mirrors) move to the latest.
func (t *txn) flush(ctx context.Context) error {
	var closeRows, versionRows, headRows []map[string]any
	newByLabel := map[string][]string{}
	fresh := map[string][]map[string]any{} // by label ("": none)
	for _, id := range slices.Sorted(maps.Keys(t.ents)) {
		s := t.ents[id]
		if len(s.dirty) == 0 {
			if s.exists && s.orig == nil {
				return fmt.Errorf("entity %q: head created but no version written", id)
			}
			continue
		}
		if !s.exists {
			return fmt.Errorf("entity %q: versions computed for a head not locked", id)
		}
		row, data, err := entityHead(s.cur)
		if err != nil {
			return err
		}
		row["eid"] = s.eid
		if created(s.exists, s.orig, s.dirty) {
			row["version"], row["vprops"] = s.cur.Version, entityVersionProps(s.cur, data)
			l, _ := typeLabel(s.cur.Type)
			fresh[l] = append(fresh[l], row)
			continue
		}
		headRows = append(headRows, row)
		if s.orig == nil {
			if l, ok := typeLabel(s.cur.Type); ok {
				newByLabel[l] = append(newByLabel[l], s.eid)
			}
		}
		for _, v := range slices.Sorted(maps.Keys(s.dirty)) {
			e := s.dirty[v]
			row, err := entityVersion(&e)
			if err != nil {
				return err
			}
			row["eid"] = s.eid
			if s.orig != nil && v <= s.orig.Version {
				closeRows = append(closeRows, row) // a stored version, rewritten
			} else {
				versionRows = append(versionRows, row)
			}
		}
	}
	for _, l := range slices.Sorted(maps.Keys(fresh)) {
		q := createEntities
		if l != "" {
			q += createEntitiesLabel + l
		}
		if _, err := t.run(ctx, q, map[string]any{"rows": fresh[l]}); err != nil {
			return err
		}
	}
	if err := t.flushRows(ctx, closeEntityVersions, createEntityVersions, updateEntityHeads, closeRows, versionRows, headRows); err != nil {
		return err
	}
	for _, l := range slices.Sorted(maps.Keys(newByLabel)) {
		if _, err := t.run(ctx, labelEntities+l, map[string]any{"eids": newByLabel[l]}); err != nil {
			return err
		}
	}
	if len(t.merged) > 0 {
		rows := make([]map[string]any, len(t.merged))
		for i, m := range t.merged {
			rows[i] = map[string]any{"keep": t.ents[m[0]].eid, "merge": t.ents[m[1]].eid}
		}
		if _, err := t.run(ctx, linkMerged, map[string]any{"rows": rows}); err != nil {
			return err
		}
	}

	ends, err := t.endIDs(ctx)
	if err != nil {
		return err
	}
	closeRows, versionRows, headRows = nil, nil, nil
	mirrors := map[string][]map[string]any{}
	fresh = map[string][]map[string]any{} // by mirror type
	for _, id := range slices.Sorted(maps.Keys(t.rels)) {
		s := t.rels[id]
		if len(s.dirty) == 0 {
			if s.exists && s.orig == nil {
				return fmt.Errorf("relation %s: head created but no version written", id)
			}
			continue
		}
		if !s.exists {
			return fmt.Errorf("relation %s: versions computed for a head not locked", id)
		}
		row, data, err := relationHead(s.cur)
		if err != nil {
			return err
		}
		row["eid"], row["a"], row["b"] = s.eid, ends[s.key.From], ends[s.key.To]
		// REL mirrors several relation types with one relationship type,
		// so a new head's REL mirror may exist: those are merged below.
		mt := mirrorType(s.key.Type)
		if mt != "REL" && created(s.exists, s.orig, s.dirty) {
			row["version"], row["vprops"] = s.cur.Version, relationVersionProps(s.cur, data)
			fresh[mt] = append(fresh[mt], row)
			continue
		}
		headRows = append(headRows, row)
		mirrors[mt] = append(mirrors[mt], row)
		for _, v := range slices.Sorted(maps.Keys(s.dirty)) {
			r := s.dirty[v]
			row, err := relationVersion(&r)
			if err != nil {
				return err
			}
			row["eid"] = s.eid
			if s.orig != nil && v <= s.orig.Version {
				closeRows = append(closeRows, row)
			} else {
				versionRows = append(versionRows, row)
			}
		}
	}
	for _, mt := range slices.Sorted(maps.Keys(fresh)) {
		recs, err := t.run(ctx, createRelations+mt+createRelationsEnd, map[string]any{"rows": fresh[mt]})
		if err != nil {
			return err
		}
		if n, _ := recs[0].Get("n"); n != int64(len(fresh[mt])) {
			return fmt.Errorf("created %v relations, want %d: the store is inconsistent", n, len(fresh[mt]))
		}
	}
	if err := t.flushRows(ctx, closeRelationVersions, createRelationVersions, updateRelationHeads, closeRows, versionRows, headRows); err != nil {
		return err
	}
	for _, mt := range slices.Sorted(maps.Keys(mirrors)) {
		if _, err := t.run(ctx, mirrorRelations+mt+mirrorRelationsEnd, map[string]any{"rows": mirrors[mt]}); err != nil {
			return err
		}
	}
	return nil
}

// endIDs returns the element ids of the entities at the ends of the
// relations flush writes: from the locked heads, and read for the others
// (the far ends of the relations a merge moves).
func (t *txn) endIDs(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	var missing []string
	for _, s := range t.rels {
		if len(s.dirty) == 0 {
			continue
		}
		for _, id := range []string{s.key.From, s.key.To} {
			if _, ok := out[id]; ok {
				continue
			}
			if e, ok := t.ents[id]; ok && e.eid != "" {
				out[id] = e.eid
			} else {
				out[id] = ""
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	recs, err := t.run(ctx, entityIDs, map[string]any{"ids": missing})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		out[getString(rec, "id")] = getString(rec, "eid")
	}
	return out, nil
}

func (t *txn) flushRows(ctx context.Context, closeQ, createQ, headQ string, closeRows, versionRows, headRows []map[string]any) error {
	if len(closeRows) > 0 {
		recs, err := t.run(ctx, closeQ, map[string]any{"rows": closeRows})
		if err != nil {
			return err
		}
		if n, _ := recs[0].Get("n"); n != int64(len(closeRows)) {
			return fmt.Errorf("closed %v stored versions, want %d: the store is inconsistent", n, len(closeRows))
		}
	}
	if len(versionRows) > 0 {
		if _, err := t.run(ctx, createQ, map[string]any{"rows": versionRows}); err != nil {
			return err
		}
	}
	if len(headRows) > 0 {
		if _, err := t.run(ctx, headQ, map[string]any{"rows": headRows}); err != nil {
			return err
		}
	}
	return nil
}
