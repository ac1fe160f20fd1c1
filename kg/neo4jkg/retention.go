package neo4jkg

import (
	"context"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

var _ kg.TracePruner = (*Store)(nil)

// PruneTraces deletes old traces (kg.TracePruner), oldest first, with their
// USED edges, in one transaction of at most limit deletions.
func (s *Store) PruneTraces(ctx context.Context, kb string, before time.Time, keep map[string]bool, limit int) (int, error) {
	if err := kg.ValidPrune(kb, before, limit); err != nil {
		return 0, wrap("prune traces", err)
	}
	kept := make([]string, 0, len(keep))
	for id := range keep {
		kept = append(kept, id)
	}
	slices.Sort(kept)
	params := map[string]any{"kb": kb, "before": utc(before), "keep": kept, "limit": int64(limit)}
	n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := run(ctx, tx, `MATCH (t:Trace {kb: $kb}) WHERE t.createdAt < $before AND NOT t.id IN $keep
WITH t ORDER BY t.createdAt, t.id LIMIT $limit
DETACH DELETE t
RETURN count(*) AS n`, params)
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		v, _ := recs[0].Get("n")
		c, _ := v.(int64)
		return int(c), nil
	})
	return n, wrap("prune traces", err)
}

// TraceKBs lists the knowledge bases that hold traces.
func (s *Store) TraceKBs(ctx context.Context) ([]string, error) {
	out, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]string, error) {
		recs, err := run(ctx, tx, `MATCH (t:Trace) RETURN DISTINCT t.kb AS kb ORDER BY kb`, nil)
		if err != nil {
			return nil, err
		}
		var kbs []string
		for _, r := range recs {
			if v, _ := r.Get("kb"); v != nil {
				if kb, ok := v.(string); ok {
					kbs = append(kbs, kb)
				}
			}
		}
		return kbs, nil
	})
	return out, wrap("trace knowledge bases", err)
}
