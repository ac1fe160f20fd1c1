package neo4jkg

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

const (
	readHeads = `UNWIND $ids AS id
MATCH (e:Entity {kb: $kb, id: id})
WHERE e.data IS NOT NULL
RETURN e.id AS id, e.data AS data`
	// The version valid at $at: validFrom <= $at < validTo, the newest if
	// several (a version closed at its own start is empty).
	entityVersionsAt = `UNWIND $ids AS id
MATCH (v:EntityVersion {kb: $kb, id: id})
WHERE v.validFrom <= $at AND (v.validTo IS NULL OR v.validTo > $at)
WITH id, v ORDER BY v.version DESC
RETURN id, collect(v.data)[0] AS data`
	relationVersionsAt = `UNWIND $ids AS id
MATCH (v:RelationVersion {kb: $kb, id: id})
WHERE v.validFrom <= $at AND (v.validTo IS NULL OR v.validTo > $at)
WITH id, v ORDER BY v.version DESC
RETURN id, collect(v.data)[0] AS data`
)

// reader runs the queries of one read transaction.
type reader struct {
	tx neo4j.ManagedTransaction
	kb string
}

func (r reader) run(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if params == nil {
		params = map[string]any{}
	}
	params["kb"] = r.kb
	return run(ctx, r.tx, cypher, params)
}

func (r reader) heads(ctx context.Context, ids []string) (map[string]*kg.Entity, error) {
	recs, err := r.run(ctx, readHeads, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*kg.Entity, len(recs))
	for _, rec := range recs {
		e, err := fromJSON[kg.Entity](rec, "data")
		if err != nil {
			return nil, err
		}
		out[getString(rec, "id")] = e
	}
	return out, nil
}

// entitiesAt returns, for each id, the version valid at asOf, following merge
// redirects; ids that had none get an ErrNotFound in the second map.
func (r reader) entitiesAt(ctx context.Context, ids []string, asOf time.Time) (map[string]kg.Entity, map[string]error, error) {
	out := map[string]kg.Entity{}
	missing := map[string]error{}
	pending := map[string]string{} // asked id -> id to read next
	for _, id := range ids {
		pending[id] = id
	}
	for round := 0; len(pending) > 0; round++ {
		if round == 10 {
			for id, cur := range pending {
				return nil, nil, fmt.Errorf("entity %q (asked as %q): merge redirects loop", cur, id)
			}
		}
		read := slices.Sorted(maps.Values(pending))
		read = slices.Compact(read)
		heads, err := r.heads(ctx, read)
		if err != nil {
			return nil, nil, err
		}
		at := map[string]kg.Entity{}
		var past []string
		for id, h := range heads {
			if h.ValidAt(asOf) {
				at[id] = *h
			} else {
				past = append(past, id)
			}
		}
		if len(past) > 0 {
			recs, err := r.run(ctx, entityVersionsAt, map[string]any{"ids": past, "at": utc(asOf)})
			if err != nil {
				return nil, nil, err
			}
			for _, rec := range recs {
				e, err := fromJSON[kg.Entity](rec, "data")
				if err != nil {
					return nil, nil, err
				}
				if e != nil {
					at[getString(rec, "id")] = *e
				}
			}
		}
		for asked, id := range pending {
			if heads[id] == nil {
				missing[asked] = fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
				delete(pending, asked)
				continue
			}
			e, ok := at[id]
			if !ok {
				missing[asked] = fmt.Errorf("entity %q did not exist at %s: %w", id, asOf.Format(time.RFC3339), kg.ErrNotFound)
				delete(pending, asked)
				continue
			}
			if e.Status == kg.StatusMerged {
				pending[asked] = e.MergedInto
				continue
			}
			if asked != id {
				e.RedirectedFrom = asked
			}
			out[asked] = e
			delete(pending, asked)
		}
	}
	return out, missing, nil
}

func (r reader) entityAt(ctx context.Context, id string, asOf time.Time) (kg.Entity, error) {
	es, missing, err := r.entitiesAt(ctx, []string{id}, asOf)
	if err != nil {
		return kg.Entity{}, err
	}
	if err := missing[id]; err != nil {
		return kg.Entity{}, err
	}
	return es[id], nil
}

// Entity returns the version valid at asOf, following merge redirects.
func (s *Store) Entity(ctx context.Context, kb, id string, asOf time.Time) (kg.Entity, error) {
	if err := kg.ValidID("id", id); err != nil {
		return kg.Entity{}, wrap("entity", err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.Entity{}, wrap("entity", err)
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	e, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.Entity, error) {
		return reader{tx, kb}.entityAt(ctx, id, asOf)
	})
	if err != nil {
		return kg.Entity{}, wrap("entity", err)
	}
	return e, nil
}

var _ kg.EntityBatchReader = (*Store)(nil)

// EntitiesAt reads many entities in one transaction (a few statements
// whatever their number), as Entity reads one.
func (s *Store) EntitiesAt(ctx context.Context, kb string, ids []string, asOf time.Time) (map[string]kg.Entity, error) {
	if err := kg.ValidReadIDs(ids); err != nil {
		return nil, wrap("entities", err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return nil, wrap("entities", err)
	}
	if len(ids) == 0 {
		return map[string]kg.Entity{}, nil
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	out, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]kg.Entity, error) {
		es, _, err := reader{tx, kb}.entitiesAt(ctx, ids, asOf)
		return es, err
	})
	if err != nil {
		return nil, wrap("entities", err)
	}
	return out, nil
}

var _ kg.RelationBatchReader = (*Store)(nil)

// LatestRelations reads the heads of many relations in one statement.
func (s *Store) LatestRelations(ctx context.Context, kb string, keys []kg.RelationKey) (map[kg.RelationKey]kg.Relation, error) {
	if len(keys) > kg.MaxReadIDs {
		return nil, wrap("relations", fmt.Errorf("%w: %d relations, at most %d in one read", kg.ErrInvalid, len(keys), kg.MaxReadIDs))
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		if err := kg.ValidID("from", k.From); err != nil {
			return nil, wrap("relations", err)
		}
		if err := kg.ValidID("to", k.To); err != nil {
			return nil, wrap("relations", err)
		}
		if err := kg.ValidRelationType(k.Type); err != nil {
			return nil, wrap("relations", err)
		}
		ids[i] = k.String()
	}
	if err := kg.ValidKB(kb); err != nil {
		return nil, wrap("relations", err)
	}
	out, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[kg.RelationKey]kg.Relation, error) {
		recs, err := reader{tx, kb}.run(ctx, latestRelations, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[kg.RelationKey]kg.Relation, len(recs))
		for _, rec := range recs {
			r, err := fromJSON[kg.Relation](rec, "data")
			if err != nil {
				return nil, err
			}
			out[r.Key()] = *r
		}
		return out, nil
	})
	if err != nil {
		return nil, wrap("relations", err)
	}
	return out, nil
}

const latestRelations = `UNWIND $ids AS id
MATCH (r:Relation {kb: $kb, id: id})
WHERE r.data IS NOT NULL
RETURN r.data AS data`

// Entities lists the latest versions, ordered by id.
func (s *Store) Entities(ctx context.Context, kb string, q kg.EntityQuery) (kg.EntityPage, error) {
	n, err := kg.PageSize(q.First)
	if err != nil {
		return kg.EntityPage{}, wrap("entities", err)
	}
	after := ""
	if q.After != "" {
		if after, err = kg.DecodeCursor(q.After); err != nil {
			return kg.EntityPage{}, wrap("entities", err)
		}
	}
	if q.Type != "" {
		if err := kg.ValidEntityType(q.Type); err != nil {
			return kg.EntityPage{}, wrap("entities", err)
		}
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.EntityPage{}, wrap("entities", err)
	}
	statuses := []string{string(kg.StatusActive)}
	if q.IncludeRetired {
		statuses = append(statuses, string(kg.StatusRetired))
	}
	params := map[string]any{"statuses": statuses, "type": q.Type, "needle": kg.NormalizeName(q.NameContains),
		"after": after, "limit": n + 1}
	// The WHERE clause is put together from fixed fragments, so the
	// planner sees only the filters in use.
	// "id IS NOT NULL" lets the (kb, id) index serve a query by kb alone
	// (a composite index needs a predicate on each of its properties).
	where := []string{"e.id IS NOT NULL", "e.status IN $statuses"}
	if q.Type != "" {
		where = []string{"e.type = $type", "e.status IN $statuses"}
	}
	if params["needle"] != "" {
		where = append(where, "(e.nid CONTAINS $needle OR any(n IN e.names WHERE n CONTAINS $needle))")
	}
	match := "MATCH (e:Entity {kb: $kb})\nWHERE " + strings.Join(where, " AND ")
	page, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.EntityPage, error) {
		r := reader{tx, kb}
		var page kg.EntityPage
		recs, err := r.run(ctx, match+"\nRETURN count(e) AS n", params)
		if err != nil {
			return page, err
		}
		total, _ := recs[0].Get("n")
		page.TotalCount = int(total.(int64))
		recs, err = r.run(ctx, match+" AND e.id > $after\nRETURN e.data AS data ORDER BY e.id LIMIT $limit", params)
		if err != nil {
			return page, err
		}
		for _, rec := range recs {
			e, err := fromJSON[kg.Entity](rec, "data")
			if err != nil {
				return page, err
			}
			if len(page.Entities) == n {
				page.HasNext = true
				break
			}
			page.Entities = append(page.Entities, *e)
		}
		return page, nil
	})
	if err != nil {
		return kg.EntityPage{}, wrap("entities", err)
	}
	for _, e := range page.Entities {
		page.Cursors = append(page.Cursors, kg.EncodeCursor(e.ID))
	}
	if len(page.Cursors) > 0 {
		page.EndCursor = page.Cursors[len(page.Cursors)-1]
	}
	return page, nil
}

const (
	relationsFrom = `MATCH (r:Relation {kb: $kb, from: $id})
WHERE r.data IS NOT NULL AND (size($types) = 0 OR r.type IN $types)
RETURN r.data AS data`
	relationsTo = `MATCH (r:Relation {kb: $kb, to: $id})
WHERE r.data IS NOT NULL AND (size($types) = 0 OR r.type IN $types)
RETURN r.data AS data`
)

// neighbourhood reads, in one statement, an entity's head, its relations
// (incoming when $in, outgoing when $out, of $types or all) and the heads
// at their other ends.
const neighbourhood = `MATCH (e:Entity {kb: $kb, id: $id})
WHERE e.data IS NOT NULL
RETURN e.data AS self,
  COLLECT {
    MATCH (r:Relation {kb: $kb, to: $id})
    WHERE $in AND r.data IS NOT NULL AND (size($types) = 0 OR r.type IN $types)
    OPTIONAL MATCH (o:Entity {kb: $kb, id: r.from})
    RETURN [r.data, o.data]
  } AS ins,
  COLLECT {
    MATCH (r:Relation {kb: $kb, from: $id})
    WHERE $out AND r.data IS NOT NULL AND (size($types) = 0 OR r.type IN $types)
    OPTIONAL MATCH (o:Entity {kb: $kb, id: r.to})
    RETURN [r.data, o.data]
  } AS outs`

// neighboursAt is Neighbours in one round trip for the common case: the
// entity, its relations and the entities at their other ends all at their
// latest version at asOf, none merged. ok is false when anything is not
// (a past instant, a merge redirect, a scheduled change): then the caller
// reads step by step.
func (r reader) neighboursAt(ctx context.Context, id string, dir kg.Direction, types []string, asOf time.Time,
	channel string, limit int) ([]kg.Neighbour, bool, error) {
	recs, err := r.run(ctx, neighbourhood, map[string]any{"id": id, "types": types,
		"in": dir == kg.Both || dir == kg.In, "out": dir == kg.Both || dir == kg.Out})
	if err != nil || len(recs) == 0 {
		return nil, false, err // no such entity: the slow path says so
	}
	self, err := fromJSON[kg.Entity](recs[0], "self")
	if err != nil {
		return nil, false, err
	}
	if !self.ValidAt(asOf) || self.Status == kg.StatusMerged {
		return nil, false, nil
	}
	type cand struct {
		dir kg.Direction
		rel kg.Relation
		end *kg.Entity
	}
	var cands []cand
	for _, side := range []struct {
		dir kg.Direction
		key string
	}{{kg.In, "ins"}, {kg.Out, "outs"}} {
		v, _ := recs[0].Get(side.key)
		rows, _ := v.([]any)
		for _, row := range rows {
			pair, _ := row.([]any)
			if len(pair) != 2 {
				return nil, false, fmt.Errorf("neighbourhood: malformed row %v", row)
			}
			relData, _ := pair[0].(string)
			var rel kg.Relation
			if err := json.Unmarshal([]byte(relData), &rel); err != nil {
				return nil, false, err
			}
			if !rel.ValidAt(asOf) {
				return nil, false, nil
			}
			c := cand{dir: side.dir, rel: rel}
			if endData, ok := pair[1].(string); ok {
				var end kg.Entity
				if err := json.Unmarshal([]byte(endData), &end); err != nil {
					return nil, false, err
				}
				if !end.ValidAt(asOf) || end.Status == kg.StatusMerged {
					return nil, false, nil
				}
				c.end = &end
			}
			cands = append(cands, c)
		}
	}
	cands = slices.DeleteFunc(cands, func(c cand) bool {
		return c.rel.Status != kg.StatusActive || !c.rel.OnChannel(channel)
	})
	other := func(c cand) string {
		if c.dir == kg.In {
			return c.rel.From
		}
		return c.rel.To
	}
	// memkg's order: incoming first, then by type and the other end.
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(a.dir, b.dir), cmp.Compare(a.rel.Type, b.rel.Type), cmp.Compare(other(a), other(b)))
	})
	var out []kg.Neighbour
	for _, c := range cands {
		if c.end == nil || c.end.Status != kg.StatusActive || !c.end.OnChannel(channel) {
			continue
		}
		out = append(out, kg.Neighbour{Direction: c.dir, Relation: c.rel, Entity: *c.end})
		if len(out) == limit {
			break
		}
	}
	return out, true, nil
}

// Neighbours follows the entity's relations valid at q.AsOf.
func (s *Store) Neighbours(ctx context.Context, kb, id string, q kg.NeighbourQuery) ([]kg.Neighbour, error) {
	op := fmt.Sprintf("neighbours of %q", id)
	if err := kg.ValidID("id", id); err != nil {
		return nil, wrap(op, err)
	}
	for _, t := range q.RelationTypes {
		if err := kg.ValidRelationType(t); err != nil {
			return nil, wrap(op, err)
		}
	}
	if q.Channel != "" {
		if err := kg.ValidChannel(q.Channel); err != nil {
			return nil, wrap(op, err)
		}
	}
	if err := kg.ValidKB(kb); err != nil {
		return nil, wrap(op, err)
	}
	dir := q.Direction
	if dir == "" {
		dir = kg.Both
	}
	asOf := q.AsOf
	if asOf.IsZero() {
		asOf = s.now()
	}
	limit := q.Limit
	if limit <= 0 || limit > kg.MaxPage {
		limit = kg.MaxPage
	}
	types := q.RelationTypes
	if types == nil {
		types = []string{}
	}
	out, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]kg.Neighbour, error) {
		r := reader{tx, kb}
		if out, ok, err := r.neighboursAt(ctx, id, dir, types, asOf, q.Channel, limit); err != nil || ok {
			return out, err
		}
		self, err := r.entityAt(ctx, id, asOf)
		if err != nil {
			return nil, err
		}
		type cand struct {
			dir kg.Direction
			rel kg.Relation
		}
		var cands []cand
		for _, side := range []struct {
			dir   kg.Direction
			query string
		}{{kg.In, relationsTo}, {kg.Out, relationsFrom}} {
			if dir != kg.Both && dir != side.dir {
				continue
			}
			recs, err := r.run(ctx, side.query, map[string]any{"id": self.ID, "types": types})
			if err != nil {
				return nil, err
			}
			for _, rec := range recs {
				rel, err := fromJSON[kg.Relation](rec, "data")
				if err != nil {
					return nil, err
				}
				cands = append(cands, cand{side.dir, *rel})
			}
		}
		// Relations whose latest version is not the one valid at asOf.
		var past []string
		for _, c := range cands {
			if !c.rel.ValidAt(asOf) {
				past = append(past, c.rel.ID())
			}
		}
		if len(past) > 0 {
			recs, err := r.run(ctx, relationVersionsAt, map[string]any{"ids": past, "at": utc(asOf)})
			if err != nil {
				return nil, err
			}
			at := map[string]kg.Relation{}
			for _, rec := range recs {
				rel, err := fromJSON[kg.Relation](rec, "data")
				if err != nil {
					return nil, err
				}
				if rel != nil {
					at[getString(rec, "id")] = *rel
				}
			}
			kept := cands[:0]
			for _, c := range cands {
				if !c.rel.ValidAt(asOf) {
					v, ok := at[c.rel.ID()]
					if !ok {
						continue
					}
					c.rel = v
				}
				kept = append(kept, c)
			}
			cands = kept
		}
		cands = slices.DeleteFunc(cands, func(c cand) bool {
			return c.rel.Status != kg.StatusActive || !c.rel.OnChannel(q.Channel)
		})
		other := func(c cand) string {
			if c.dir == kg.In {
				return c.rel.From
			}
			return c.rel.To
		}
		// memkg's order: incoming first, then by type and the other end.
		slices.SortFunc(cands, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.dir, b.dir), cmp.Compare(a.rel.Type, b.rel.Type), cmp.Compare(other(a), other(b)))
		})
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = other(c)
		}
		ends, _, err := r.entitiesAt(ctx, ids, asOf)
		if err != nil {
			return nil, err
		}
		var out []kg.Neighbour
		for _, c := range cands {
			e, ok := ends[other(c)]
			if !ok || e.Status != kg.StatusActive || !e.OnChannel(q.Channel) {
				continue
			}
			out = append(out, kg.Neighbour{Direction: c.dir, Relation: c.rel, Entity: e})
			if len(out) == limit {
				break
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return out, nil
}

// Lookup finds current active entities by id, name or alias.
func (s *Store) Lookup(ctx context.Context, kb, name string) ([]kg.Entity, error) {
	n := kg.NormalizeName(name)
	if n == "" {
		return nil, fmt.Errorf("neo4jkg: lookup: %w: the name is empty", kg.ErrInvalid)
	}
	op := fmt.Sprintf("lookup %q", name)
	if err := kg.ValidKB(kb); err != nil {
		return nil, wrap(op, err)
	}
	out, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]kg.Entity, error) {
		r := reader{tx, kb}
		var out []kg.Entity
		seen := map[string]bool{}
		if kg.ValidID("id", name) == nil {
			// The current entity holding id name, after merges.
			id := name
			for range 10 {
				hs, err := r.heads(ctx, []string{id})
				if err != nil {
					return nil, err
				}
				e := hs[id]
				if e == nil {
					break
				}
				if e.Status == kg.StatusMerged {
					id = e.MergedInto
					continue
				}
				if e.Status == kg.StatusActive {
					out = append(out, *e)
					seen[e.ID] = true
				}
				break
			}
		}
		recs, err := r.run(ctx, `MATCH (n:Name {kb: $kb, norm: $norm})
MATCH (e:Entity {kb: $kb, id: n.id})
WHERE e.status = 'ACTIVE'
RETURN DISTINCT e.id AS id, e.data AS data ORDER BY id`, map[string]any{"norm": n})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			if seen[getString(rec, "id")] {
				continue
			}
			e, err := fromJSON[kg.Entity](rec, "data")
			if err != nil {
				return nil, err
			}
			if e != nil {
				out = append(out, *e)
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return out, nil
}

// namesPage is how many entities Names reads per transaction.
const namesPage = 500

// Names lists every name and alias of the current active entities, in id
// order.
func (s *Store) Names(ctx context.Context, kb string, fn func(id, name string) error) error {
	return s.scanEntities(ctx, "names", kb, func(e *kg.Entity) error { return e.EachName(fn) })
}

// ScanEntities calls fn with every current, active entity of kb in id
// order. Whole-knowledge-base readers (the lexicon builder) use it instead
// of paging through Entities, whose every page counts all entities.
func (s *Store) ScanEntities(ctx context.Context, kb string, fn func(e *kg.Entity) error) error {
	return s.scanEntities(ctx, "scan entities", kb, fn)
}

// scanEntities reads a page of entities per transaction and calls fn
// outside them, so fn never runs twice for one entity when the driver
// retries.
func (s *Store) scanEntities(ctx context.Context, op, kb string, fn func(e *kg.Entity) error) error {
	if err := kg.ValidKB(kb); err != nil {
		return wrap(op, err)
	}
	after := ""
	for {
		es, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]kg.Entity, error) {
			recs, err := reader{tx, kb}.run(ctx, `MATCH (e:Entity {kb: $kb})
WHERE e.status = 'ACTIVE' AND e.id > $after
RETURN e.data AS data ORDER BY e.id LIMIT $limit`, map[string]any{"after": after, "limit": namesPage})
			if err != nil {
				return nil, err
			}
			out := make([]kg.Entity, 0, len(recs))
			for _, rec := range recs {
				e, err := fromJSON[kg.Entity](rec, "data")
				if err != nil {
					return nil, err
				}
				out = append(out, *e)
			}
			return out, nil
		})
		if err != nil {
			return wrap(op, err)
		}
		for i := range es {
			if err := fn(&es[i]); err != nil {
				return err
			}
		}
		if len(es) < namesPage {
			return nil
		}
		after = es[len(es)-1].ID
	}
}

// History returns every version of the entity, of the entities merged into
// it, and of their relations.
func (s *Store) History(ctx context.Context, kb, id string) (kg.History, error) {
	op := fmt.Sprintf("history of %q", id)
	if err := kg.ValidID("id", id); err != nil {
		return kg.History{}, wrap(op, err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.History{}, wrap(op, err)
	}
	h, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.History, error) {
		r := reader{tx, kb}
		var h kg.History
		recs, err := r.run(ctx, `MATCH (e:Entity {kb: $kb, id: $id})
WHERE e.data IS NOT NULL
OPTIONAL MATCH (e)-[:MERGED_FROM*1..100]->(m:Entity)
RETURN e.id AS id, collect(DISTINCT m.id) AS merged`, map[string]any{"id": id})
		if err != nil {
			return h, err
		}
		if len(recs) == 0 {
			return h, fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		ids := []string{id}
		if v, ok := recs[0].Get("merged"); ok {
			for _, m := range v.([]any) {
				if s, ok := m.(string); ok {
					ids = append(ids, s)
				}
			}
		}
		recs, err = r.run(ctx, `UNWIND $ids AS id
MATCH (v:EntityVersion {kb: $kb, id: id})
WHERE v.version IS NOT NULL
RETURN v.data AS data`, map[string]any{"ids": ids})
		if err != nil {
			return h, err
		}
		for _, rec := range recs {
			e, err := fromJSON[kg.Entity](rec, "data")
			if err != nil {
				return h, err
			}
			h.Entities = append(h.Entities, *e)
		}
		recs, err = r.run(ctx, adjacent, map[string]any{"ids": ids})
		if err != nil {
			return h, err
		}
		var rids []string
		for _, rec := range recs {
			rids = append(rids, kg.RelationKey{From: getString(rec, "from"), Type: getString(rec, "type"), To: getString(rec, "to")}.String())
		}
		recs, err = r.run(ctx, `UNWIND $ids AS id
MATCH (v:RelationVersion {kb: $kb, id: id})
WHERE v.version IS NOT NULL
RETURN v.data AS data`, map[string]any{"ids": rids})
		if err != nil {
			return h, err
		}
		for _, rec := range recs {
			rel, err := fromJSON[kg.Relation](rec, "data")
			if err != nil {
				return h, err
			}
			h.Relations = append(h.Relations, *rel)
		}
		if len(h.Entities) == 0 {
			return h, fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		return h, nil
	})
	if err != nil {
		return kg.History{}, wrap(op, err)
	}
	kg.SortHistory(&h)
	return h, nil
}
