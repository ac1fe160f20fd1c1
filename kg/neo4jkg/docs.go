package neo4jkg

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

// Documents are (:Doc {kb, coll, id, version, data, updatedAt}) nodes, unique
// on (kb, coll, id) (migration 2); data is the document's JSON as a string.

var _ kg.Docs = (*Store)(nil)

// PutDoc stores a document with compare-and-set on its version. The MERGE
// takes the node's write lock, so concurrent writers of one document
// serialise and exactly one of those expecting the same version wins.
func (s *Store) PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error) {
	if err := kg.ValidDoc(kb, coll, id, data); err != nil {
		return 0, err
	}
	v, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		recs, err := run(ctx, tx, `MERGE (d:Doc {kb: $kb, coll: $coll, id: $id})
			ON CREATE SET d.version = 0
			SET d._lock = true REMOVE d._lock
			RETURN d.version AS version`, map[string]any{"kb": kb, "coll": coll, "id": id})
		if err != nil {
			return 0, err
		}
		cur, _ := recs[0].Get("version")
		curV, _ := cur.(int64)
		if err := kg.CheckDocVersion(coll, id, curV, expect); err != nil {
			return 0, err
		}
		_, err = run(ctx, tx, `MATCH (d:Doc {kb: $kb, coll: $coll, id: $id})
			SET d.version = $v, d.data = $data, d.updatedAt = $at`,
			map[string]any{"kb": kb, "coll": coll, "id": id, "v": curV + 1, "data": string(data), "at": s.now().UTC()})
		return curV + 1, err
	})
	if err != nil {
		return 0, wrap(fmt.Sprintf("put %s %q", coll, id), err)
	}
	return v, nil
}

func docFrom(rec *neo4j.Record) kg.Doc {
	d := kg.Doc{ID: getString(rec, "id"), Data: []byte(getString(rec, "data"))}
	if v, ok := rec.Get("version"); ok {
		d.Version, _ = v.(int64)
	}
	if v, ok := rec.Get("updatedAt"); ok {
		if t, ok := v.(time.Time); ok {
			d.UpdatedAt = t.UTC()
		}
	}
	return d
}

// GetDoc returns one document.
func (s *Store) GetDoc(ctx context.Context, kb, coll, id string) (kg.Doc, error) {
	if err := kg.ValidDoc(kb, coll, id, nil); err != nil {
		return kg.Doc{}, err
	}
	recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return run(ctx, tx, `MATCH (d:Doc {kb: $kb, coll: $coll, id: $id}) WHERE d.version > 0
			RETURN d.id AS id, d.version AS version, d.data AS data, d.updatedAt AS updatedAt`,
			map[string]any{"kb": kb, "coll": coll, "id": id})
	})
	if err != nil {
		return kg.Doc{}, wrap(fmt.Sprintf("get %s %q", coll, id), err)
	}
	if len(recs) == 0 {
		return kg.Doc{}, fmt.Errorf("%s %q: %w", coll, id, kg.ErrNotFound)
	}
	return docFrom(recs[0]), nil
}

// ListDocs lists documents in id order.
func (s *Store) ListDocs(ctx context.Context, kb, coll, after string, limit int) ([]kg.Doc, error) {
	if err := kg.ValidDoc(kb, coll, "", nil); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > kg.MaxDocList {
		return nil, fmt.Errorf("%w: limit %d: want 1..%d", kg.ErrInvalid, limit, kg.MaxDocList)
	}
	recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return run(ctx, tx, `MATCH (d:Doc {kb: $kb, coll: $coll}) WHERE d.id > $after AND d.version > 0
			RETURN d.id AS id, d.version AS version, d.data AS data, d.updatedAt AS updatedAt
			ORDER BY d.id LIMIT $limit`, map[string]any{"kb": kb, "coll": coll, "after": after, "limit": limit})
	})
	if err != nil {
		return nil, wrap("list "+coll, err)
	}
	out := make([]kg.Doc, 0, len(recs))
	for _, r := range recs {
		out = append(out, docFrom(r))
	}
	return out, nil
}
