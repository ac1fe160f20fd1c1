package memkg

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kgrag/kg"
)

var (
	_ kg.EntityBatchReader   = (*Store)(nil)
	_ kg.RelationBatchReader = (*Store)(nil)
)

// EntitiesAt reads many entities in one read transaction, as Entity reads
// one: an ingest run reads every entity it touches first, and a
// transaction per id cost more than the reads themselves.
func (s *Store) EntitiesAt(ctx context.Context, kb string, ids []string, asOf time.Time) (map[string]kg.Entity, error) {
	if err := kg.ValidReadIDs(ids); err != nil {
		return nil, fmt.Errorf("memkg: entities: %w", err)
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	out := make(map[string]kg.Entity, len(ids))
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			e, err := t.entityAt(id, asOf)
			if errors.Is(err, kg.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = e
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: entities: %w", err)
	}
	return out, nil
}

// LatestRelations reads the heads of many relations in one read
// transaction.
func (s *Store) LatestRelations(ctx context.Context, kb string, keys []kg.RelationKey) (map[kg.RelationKey]kg.Relation, error) {
	if len(keys) > kg.MaxReadIDs {
		return nil, fmt.Errorf("memkg: relations: %w: %d relations, at most %d in one read", kg.ErrInvalid, len(keys), kg.MaxReadIDs)
	}
	for _, k := range keys {
		if err := validKey(k); err != nil {
			return nil, fmt.Errorf("memkg: relations: %w", err)
		}
	}
	out := make(map[kg.RelationKey]kg.Relation, len(keys))
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		for _, k := range keys {
			r, err := t.curRelation(k)
			if err != nil {
				return err
			}
			if r != nil {
				out[k] = *r
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: relations: %w", err)
	}
	return out, nil
}

func validKey(k kg.RelationKey) error {
	if err := kg.ValidID("from", k.From); err != nil {
		return err
	}
	if err := kg.ValidID("to", k.To); err != nil {
		return err
	}
	return kg.ValidRelationType(k.Type)
}
