package kg

import (
	"context"
	"time"
)

// TracePruner is a Store capability: deleting old answer traces, for a
// retention limit (feedback.Service.PruneTraces decides what is kept).
// memkg, neo4jkg and Connecting implement it; find it with a type assertion.
type TracePruner interface {
	// PruneTraces deletes at most limit (1..MaxBatch) of kb's traces created
	// before `before`, oldest first, except those whose id is in keep, and
	// returns how many it deleted: fewer than limit when no more are left.
	PruneTraces(ctx context.Context, kb string, before time.Time, keep map[string]bool, limit int) (int, error)
	// TraceKBs lists the knowledge bases that hold traces.
	TraceKBs(ctx context.Context) ([]string, error)
}

// ValidPrune checks the arguments of PruneTraces.
func ValidPrune(kb string, before time.Time, limit int) error {
	if err := ValidKB(kb); err != nil {
		return err
	}
	if before.IsZero() {
		return invalid("prune traces: no cut-off time")
	}
	if limit < 1 || limit > MaxBatch {
		return invalid("prune traces: limit %d: want 1..%d", limit, MaxBatch)
	}
	return nil
}
