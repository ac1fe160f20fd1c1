package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rs/zerolog"
)

// ErrCollectionLost reports that the collection of a knowledge base this
// process has seen exist is gone (dropped by an operator or lost with the
// server's storage): its chunks are missing from answers until an ingest
// recreates the collection and indexes them again.
var ErrCollectionLost = errors.New("qdrantvec: collection lost")

// A collection goes through these states in a process:
//   - had: it existed (this process checked or created it);
//   - gone: it was had and was then found missing; the first finding is
//     logged at error level, and Ping fails until it exists again;
//   - lost: its chunks were lost (gone at some point); it stays so, after
//     an upsert recreated the collection, until ChunksReindexed says an
//     ingest run indexed every source of the knowledge base again.
//
// The fields live in Index under mu: had, gone and lost.

// sawCollection records that the knowledge base's collection exists.
// The caller holds ix.mu.
func (ix *Index) sawCollection(kb string) {
	ix.had[kb] = true
	delete(ix.gone, kb)
}

// missingCollection records that the knowledge base's collection does not
// exist. For one this process had, it is a loss: logged once per finding
// (at error level) and remembered for Ping and ChunksLost. It reports
// whether the collection was had.
func (ix *Index) missingCollection(ctx context.Context, kb string) bool {
	ix.mu.Lock()
	delete(ix.ready, kb)
	had := ix.had[kb]
	first := had && !ix.gone[kb]
	if had {
		ix.gone[kb], ix.lost[kb] = true, true
	}
	ix.mu.Unlock()
	if first {
		name, _ := ix.CollectionName(kb)
		zerolog.Ctx(ctx).Error().Err(ErrCollectionLost).Str("kb", kb).Str("collection", name).
			Msg("qdrant collection of a knowledge base is gone: its chunks are missing from answers; " +
				"ingest its sources again (the next ingest run recreates the collection and re-indexes them)")
	}
	return had
}

// checkCollections compares the collections that exist (names, as
// ListCollections returns them) with those this process had, and returns
// an ErrCollectionLost naming the knowledge bases whose collection is gone.
func (ix *Index) checkCollections(ctx context.Context, names []string) error {
	exists := make(map[string]bool, len(names))
	for _, n := range names {
		if kb, ok := strings.CutPrefix(n, ix.cfg.Collection+collectionSep); ok {
			exists[kb] = true
		}
	}
	ix.mu.Lock()
	had := slices.Sorted(maps.Keys(ix.had))
	ix.mu.Unlock()
	var gone []string
	for _, kb := range had {
		if exists[kb] {
			ix.mu.Lock()
			delete(ix.gone, kb) // recreated (by this process or another)
			ix.mu.Unlock()
			continue
		}
		ix.missingCollection(ctx, kb)
		gone = append(gone, kb)
	}
	if len(gone) == 0 {
		return nil
	}
	return fmt.Errorf("%w: the collections of knowledge bases %s are gone; ingest their sources again",
		ErrCollectionLost, strings.Join(gone, ", "))
}

// ChunksLost reports whether the knowledge base's chunks were lost: its
// collection was found gone by this process since the last
// ChunksReindexed, or it does not exist now (one request; a collection
// another process had is found so too). A knowledge base never ingested
// has no collection either: the caller weighs the answer against what it
// knows was indexed (ingest re-indexes only sources that have chunks).
func (ix *Index) ChunksLost(ctx context.Context, kb string) (bool, error) {
	name, err := ix.CollectionName(kb)
	if err != nil {
		return false, fmt.Errorf("qdrantvec: %w", err)
	}
	ix.mu.Lock()
	lost := ix.lost[kb]
	ix.mu.Unlock()
	if lost {
		return true, nil
	}
	var exists bool
	if err := ix.timed(ctx, func(ctx context.Context) (err error) {
		exists, err = ix.client.CollectionExists(ctx, name)
		return err
	}); err != nil {
		return false, wrap("collection "+name, err)
	}
	if !exists {
		ix.missingCollection(ctx, kb)
	}
	return !exists, nil
}

// ChunksReindexed records that an ingest run indexed the chunks of every
// source of the knowledge base again: its chunks are no longer lost.
func (ix *Index) ChunksReindexed(kb string) {
	ix.mu.Lock()
	delete(ix.lost, kb)
	ix.mu.Unlock()
}
