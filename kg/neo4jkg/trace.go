package neo4jkg

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

// mentions are the ids TraceQuery.EntityID matches: linked entities, and the
// entity and evidence ids of the evidence.
func mentions(t *kg.Trace) []string {
	out := slices.Clone(t.LinkedEntities)
	for _, e := range t.Evidence {
		out = append(out, e.EntityID, e.ID)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// PutTrace stores an immutable answer trace. The uniqueness constraint on
// (kb, id) makes a second trace with the id an ErrConflict, also when two
// arrive at once.
func (s *Store) PutTrace(ctx context.Context, kb string, tr kg.Trace) error {
	if err := kg.ValidID("trace id", tr.ID); err != nil {
		return wrap("put trace", err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return wrap("put trace", err)
	}
	if tr.CreatedAt.IsZero() {
		tr.CreatedAt = s.now().UTC()
	}
	tr.KB = kb
	data, err := toJSON(tr)
	if err != nil {
		return wrap("put trace", err)
	}
	ms := mentions(&tr)
	params := map[string]any{"kb": kb, "id": tr.ID, "mentions": ms, "props": map[string]any{
		"createdAt": utc(tr.CreatedAt), "status": tr.Status, "reason": orNil(tr.Reason), "channel": orNil(tr.Channel),
		"caller": orNil(tr.Caller), "question": tr.Question, "conversationId": orNil(tr.ConversationID),
		"mentions": strs(ms), "data": data,
	}}
	// One statement (a round trip per answer): it creates nothing, and
	// returns no row, when the trace exists (the uniqueness constraint
	// settles two concurrent creators).
	_, err = writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := run(ctx, tx, putTrace, params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, fmt.Errorf("trace %q already exists: %w", tr.ID, kg.ErrConflict)
		}
		return struct{}{}, nil
	})
	return wrap("put trace", err)
}

const putTrace = `OPTIONAL MATCH (old:Trace {kb: $kb, id: $id})
WITH old WHERE old IS NULL
CREATE (t:Trace {kb: $kb, id: $id})
SET t += $props
WITH t
CALL (t) {
  MATCH (e:Entity {kb: $kb}) WHERE e.id IN $mentions
  MERGE (t)-[:USED]->(e)
}
RETURN t.id AS id`

// Trace returns one trace.
func (s *Store) Trace(ctx context.Context, kb, id string) (kg.Trace, error) {
	if err := kg.ValidKB(kb); err != nil {
		return kg.Trace{}, wrap("trace", err)
	}
	tr, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.Trace, error) {
		recs, err := run(ctx, tx, `MATCH (t:Trace {kb: $kb, id: $id}) RETURN t.data AS data`, map[string]any{"kb": kb, "id": id})
		if err != nil {
			return kg.Trace{}, err
		}
		if len(recs) == 0 {
			return kg.Trace{}, fmt.Errorf("trace %q: %w", id, kg.ErrNotFound)
		}
		t, err := fromJSON[kg.Trace](recs[0], "data")
		if err != nil {
			return kg.Trace{}, err
		}
		if t == nil {
			return kg.Trace{}, fmt.Errorf("trace %q has no data", id)
		}
		return *t, nil
	})
	if err != nil {
		return kg.Trace{}, wrap("trace", err)
	}
	return tr, nil
}

// A trace cursor is the createdAt and id of the last trace of a page.
func traceCursor(t *kg.Trace) string {
	return kg.EncodeCursor(t.CreatedAt.UTC().Format(time.RFC3339Nano) + "\x00" + t.ID)
}

func parseTraceCursor(c string) (time.Time, string, error) {
	s, err := kg.DecodeCursor(c)
	if err != nil {
		return time.Time{}, "", err
	}
	at, id, ok := strings.Cut(s, "\x00")
	t, terr := time.Parse(time.RFC3339Nano, at)
	if !ok || terr != nil {
		return time.Time{}, "", fmt.Errorf("%w: cursor %q is malformed; pass endCursor of the previous page", kg.ErrInvalid, c)
	}
	return t, id, nil
}

// Traces lists traces newest first. The query filters with the trace
// properties; q.Matches then has the last word, so the filters are exactly
// memkg's.
func (s *Store) Traces(ctx context.Context, kb string, q kg.TraceQuery) (kg.TracePage, error) {
	n, err := kg.PageSize(q.First)
	if err != nil {
		return kg.TracePage{}, wrap("traces", err)
	}
	if err := kg.ValidKB(kb); err != nil {
		return kg.TracePage{}, wrap("traces", err)
	}
	params := map[string]any{"kb": kb, "limit": n + 1}
	// "createdAt IS NOT NULL" lets the (kb, createdAt) index serve every
	// filter (a composite index needs a predicate on each property).
	where := []string{"t.createdAt IS NOT NULL"}
	add := func(clause, name string, v any) {
		where = append(where, clause)
		params[name] = v
	}
	if !q.From.IsZero() {
		add("t.createdAt >= $from", "from", utc(q.From))
	}
	if !q.To.IsZero() {
		add("t.createdAt < $to", "to", utc(q.To))
	}
	if q.Status != "" {
		add("t.status = $status", "status", q.Status)
	}
	if q.Reason != "" {
		add("t.reason = $reason", "reason", q.Reason)
	}
	if q.Channel != "" {
		add("t.channel = $channel", "channel", q.Channel)
	}
	if q.EntityID != "" {
		add("$entity IN t.mentions", "entity", q.EntityID)
	}
	var afterAt time.Time
	afterID := ""
	if q.After != "" {
		if afterAt, afterID, err = parseTraceCursor(q.After); err != nil {
			return kg.TracePage{}, wrap("traces", err)
		}
	}
	page, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (kg.TracePage, error) {
		var page kg.TracePage
		at, id := afterAt, afterID
		for {
			p := params
			cypher := "MATCH (t:Trace {kb: $kb})\nWHERE " + strings.Join(where, " AND ")
			if !at.IsZero() || id != "" {
				p = map[string]any{"afterAt": utc(at), "afterID": id}
				for k, v := range params {
					p[k] = v
				}
				cypher += " AND (t.createdAt < $afterAt OR (t.createdAt = $afterAt AND t.id < $afterID))"
			}
			cypher += "\nRETURN t.data AS data ORDER BY t.createdAt DESC, t.id DESC LIMIT $limit"
			recs, err := run(ctx, tx, cypher, p)
			if err != nil {
				return page, err
			}
			for _, rec := range recs {
				t, err := fromJSON[kg.Trace](rec, "data")
				if err != nil {
					return page, err
				}
				at, id = t.CreatedAt, t.ID
				if !q.Matches(t) {
					continue
				}
				if len(page.Traces) == n {
					page.HasNext = true
					return page, nil
				}
				page.Traces = append(page.Traces, *t)
			}
			if len(recs) < n+1 {
				return page, nil
			}
		}
	})
	if err != nil {
		return kg.TracePage{}, wrap("traces", err)
	}
	for i := range page.Traces {
		page.Cursors = append(page.Cursors, traceCursor(&page.Traces[i]))
	}
	if len(page.Cursors) > 0 {
		page.EndCursor = page.Cursors[len(page.Cursors)-1]
	}
	return page, nil
}
