package kg

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// MaxReadIDs is the most ids one EntitiesAt call takes.
const MaxReadIDs = 5000

// EntityBatchReader is a Store capability (find it with a type assertion,
// or call ReadEntities, which falls back to Entity): many entities in one
// read, for backends where a read is a round trip (neo4jkg).
type EntityBatchReader interface {
	// EntitiesAt returns, keyed by asked id, what Entity(ctx, kb, id,
	// asOf) returns for each of ids (at most MaxReadIDs; duplicates are
	// read once): merge redirects followed (RedirectedFrom set), retired
	// entities included. Ids with no version valid at asOf are absent.
	// An invalid id fails the call with ErrInvalid.
	EntitiesAt(ctx context.Context, kb string, ids []string, asOf time.Time) (map[string]Entity, error)
}

// EntityReader is the part of Store ReadEntities needs.
type EntityReader interface {
	Entity(ctx context.Context, kb, id string, asOf time.Time) (Entity, error)
}

// RelationBatchReader is a Store capability (find it with a type
// assertion; neo4jkg has it): the latest stored versions of many relations
// in one read.
type RelationBatchReader interface {
	// LatestRelations returns, keyed by relation key, the latest stored
	// version of each of keys (at most MaxReadIDs) that exists: whatever
	// its status and validity, the last one History lists for it. Keys
	// are taken as they are (no merge redirects). A malformed key fails
	// the call with ErrInvalid.
	LatestRelations(ctx context.Context, kb string, keys []RelationKey) (map[RelationKey]Relation, error)
}

// ReadEntities reads ids as EntityBatchReader.EntitiesAt does, in parts of
// MaxReadIDs, with the store's batch read when it has one and an Entity
// call per id otherwise.
func ReadEntities(ctx context.Context, s EntityReader, kb string, ids []string, asOf time.Time) (map[string]Entity, error) {
	out := make(map[string]Entity, len(ids))
	br, ok := s.(EntityBatchReader)
	if !ok {
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			e, err := s.Entity(ctx, kb, id, asOf)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out[id] = e
		}
		return out, nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for part := range slices.Chunk(ids, MaxReadIDs) {
		es, err := br.EntitiesAt(ctx, kb, part, asOf)
		if err != nil {
			return nil, err
		}
		for id, e := range es {
			out[id] = e
		}
	}
	return out, nil
}

// ValidReadIDs checks the ids of an EntitiesAt call.
func ValidReadIDs(ids []string) error {
	if len(ids) > MaxReadIDs {
		return fmt.Errorf("%w: %d ids, at most %d in one read", ErrInvalid, len(ids), MaxReadIDs)
	}
	for _, id := range ids {
		if err := ValidID("id", id); err != nil {
			return err
		}
	}
	return nil
}
