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

// ReadLatestRelations reads keys as RelationBatchReader.LatestRelations
// does, in parts of MaxReadIDs, with the store's batch read when it has one
// and the History of each From entity otherwise.
func ReadLatestRelations(ctx context.Context, s Store, kb string, keys []RelationKey) (map[RelationKey]Relation, error) {
	out := make(map[RelationKey]Relation, len(keys))
	if br, ok := s.(RelationBatchReader); ok {
		for part := range slices.Chunk(keys, MaxReadIDs) {
			rs, err := br.LatestRelations(ctx, kb, part)
			if err != nil {
				return nil, err
			}
			for k, r := range rs {
				out[k] = r
			}
		}
		return out, nil
	}
	want := make(map[RelationKey]bool, len(keys))
	var froms []string
	for _, k := range keys {
		if err := ValidID("from", k.From); err != nil {
			return nil, err
		}
		if err := ValidID("to", k.To); err != nil {
			return nil, err
		}
		if err := ValidRelationType(k.Type); err != nil {
			return nil, err
		}
		want[k] = true
		froms = append(froms, k.From)
	}
	for _, from := range slices.Compact(slices.Sorted(slices.Values(froms))) {
		h, err := s.History(ctx, kb, from)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, r := range h.Relations {
			if k := r.Key(); want[k] && r.Version > out[k].Version {
				out[k] = r
			}
		}
	}
	return out, nil
}

// EntityScanner is a Store capability (find it with a type assertion;
// memkg, neo4jkg and Connecting have it): every current entity in one pass,
// for whole-knowledge-base readers (the lexicon builder), without the count
// every page of Entities makes.
type EntityScanner interface {
	// ScanEntities calls fn with every current, active entity of kb in
	// id order, and stops at fn's first error.
	ScanEntities(ctx context.Context, kb string, fn func(e *Entity) error) error
}
