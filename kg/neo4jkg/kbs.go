package neo4jkg

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

var _ kg.KnowledgeBaseLister = (*Store)(nil)

// KnowledgeBases lists the knowledge bases holding an entity or a stored
// document (a Doc node at version 0 is a compare-and-set that failed).
func (s *Store) KnowledgeBases(ctx context.Context) ([]string, error) {
	recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return run(ctx, tx, `MATCH (e:Entity) RETURN DISTINCT e.kb AS kb
			UNION MATCH (d:Doc) WHERE d.version > 0 RETURN DISTINCT d.kb AS kb`, nil)
	})
	if err != nil {
		return nil, wrap("knowledge bases", err)
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if kb := getString(r, "kb"); kb != "" {
			out = append(out, kb)
		}
	}
	slices.Sort(out)
	return out, nil
}
