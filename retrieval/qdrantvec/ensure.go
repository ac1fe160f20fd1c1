package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/qdrant/go-client/qdrant"
	"github.com/rs/zerolog"

	"kgrag/retrieval"
)

// Ensure checks the server and the collections: it reads Qdrant's version
// (to choose how RRF is asked for) and checks every existing collection of
// the prefix against the configuration, adding missing payload indexes. A
// mismatch is an ErrMismatch naming the differences and the way out, unless
// Config.Recreate is set, when the collection is dropped and created anew
// (empty). Qdrant unreachable is ErrUnavailable: a caller may start anyway,
// and the first operation tries again. Once it succeeds, Ensure does
// nothing; collections of new knowledge bases are created and checked on
// first use. Safe for concurrent use, also by several processes starting at
// once.
func (ix *Index) Ensure(ctx context.Context) error {
	ix.mu.Lock()
	done := ix.server
	ix.mu.Unlock()
	if done {
		return nil
	}
	ix.slow.Lock()
	defer ix.slow.Unlock()
	ix.mu.Lock()
	done = ix.server
	ix.mu.Unlock()
	if done {
		return nil
	}
	var version string
	if err := ix.timed(ctx, func(ctx context.Context) error {
		h, err := ix.client.HealthCheck(ctx)
		version = h.GetVersion()
		return err
	}); err != nil {
		return wrap("connect to "+ix.cfg.Addr, err)
	}
	var names []string
	if err := ix.timed(ctx, func(ctx context.Context) (err error) {
		names, err = ix.client.ListCollections(ctx)
		return err
	}); err != nil {
		return wrap("list collections", err)
	}
	slices.Sort(names)
	var mismatches []string
	ready := map[string]bool{}
	for _, name := range names {
		kb, ok := strings.CutPrefix(name, ix.cfg.Collection+collectionSep)
		if !ok || !validName(kb, 64) {
			continue
		}
		_, err := ix.ensureCollection(ctx, name, kb, false)
		var mm *mismatch
		switch {
		case errors.As(err, &mm):
			mismatches = append(mismatches, mm.describe())
			continue
		case err != nil:
			return wrap("check collection "+name, err)
		}
		ready[kb] = true
	}
	if len(mismatches) > 0 {
		return fmt.Errorf("%w: %s; %s", ErrMismatch, strings.Join(mismatches, "; "), wayOut)
	}
	ix.mu.Lock()
	ix.server, ix.paramK = true, versionAtLeast(version, 1, 16)
	for kb := range ready {
		ix.ready[kb] = true
		ix.sawCollection(kb)
	}
	ix.mu.Unlock()
	zerolog.Ctx(ctx).Info().Str("qdrant_version", version).Int("collections", len(ready)).Msg("qdrant checked")
	return nil
}

// wayOut says how to get past a mismatch.
const wayOut = "to go on, either drop and recreate the collections " +
	"(Config.Recreate, KGRAG_QDRANT_RECREATE=1: their chunks are deleted and must be re-ingested) " +
	"or use a new collection prefix (Config.Collection, KGRAG_QDRANT_COLLECTION)"

// mismatch is the differences of one collection.
type mismatch struct {
	name  string
	diffs []string
}

func (m *mismatch) describe() string {
	return fmt.Sprintf("collection %q has %s", m.name, strings.Join(m.diffs, ", "))
}

func (m *mismatch) Error() string {
	return fmt.Sprintf("%v: %s; %s", ErrMismatch, m.describe(), wayOut)
}

func (m *mismatch) Unwrap() error { return ErrMismatch }

// kbCollection returns the knowledge base's collection once it is known to
// exist and match, creating it if create is set. ok is false when it does
// not exist (and create is not set): the knowledge base is empty.
func (ix *Index) kbCollection(ctx context.Context, kb string, create bool) (name string, ok bool, err error) {
	if name, err = ix.CollectionName(kb); err != nil {
		return "", false, fmt.Errorf("qdrantvec: %w", err)
	}
	if err := ix.Ensure(ctx); err != nil {
		return "", false, err
	}
	ix.mu.Lock()
	ok = ix.ready[kb]
	ix.mu.Unlock()
	if ok {
		return name, true, nil
	}
	ix.slow.Lock()
	defer ix.slow.Unlock()
	ix.mu.Lock()
	ok = ix.ready[kb]
	ix.mu.Unlock()
	if ok {
		return name, true, nil
	}
	ok, err = ix.ensureCollection(ctx, name, kb, create)
	if mm := (*mismatch)(nil); errors.As(err, &mm) {
		return "", false, err
	}
	if err != nil {
		return "", false, wrap("collection "+name, err)
	}
	if ok {
		ix.mu.Lock()
		ix.ready[kb] = true
		ix.sawCollection(kb)
		ix.mu.Unlock()
	} else {
		ix.missingCollection(ctx, kb)
	}
	return name, ok, nil
}

// ensureCollection checks the collection (recreating it on a mismatch if
// configured, else returning a *mismatch), creates it if it does not exist
// and create is set, and adds missing payload indexes. It reports whether
// the collection exists in the end. The caller holds ix.slow.
func (ix *Index) ensureCollection(ctx context.Context, name, kb string, create bool) (bool, error) {
	var info *qdrant.CollectionInfo
	// Another instance may create the collection between our check and our
	// create; then the next round checks theirs. Three rounds are enough for
	// that and bound a drop-and-recreate that never converges.
	for round := 0; info == nil; round++ {
		if round == 3 {
			return false, fmt.Errorf("collection %q not ready after %d attempts", name, round)
		}
		var exists bool
		if err := ix.timed(ctx, func(ctx context.Context) (err error) {
			exists, err = ix.client.CollectionExists(ctx, name)
			return err
		}); err != nil {
			return false, err
		}
		if exists {
			if err := ix.timed(ctx, func(ctx context.Context) (err error) {
				info, err = ix.client.GetCollectionInfo(ctx, name)
				return err
			}); err != nil {
				return false, err
			}
			diffs := checkCollection(info, &ix.cfg)
			if len(diffs) == 0 {
				break
			}
			if !ix.cfg.Recreate {
				return false, &mismatch{name: name, diffs: diffs}
			}
			zerolog.Ctx(ctx).Warn().Str("collection", name).Strs("differences", diffs).
				Msg("qdrant collection does not match: dropping and recreating it; re-ingest its knowledge base")
			if err := ix.timed(ctx, func(ctx context.Context) error { return ix.client.DeleteCollection(ctx, name) }); err != nil {
				return false, err
			}
			info, create = nil, true
		}
		if !create {
			return false, nil
		}
		err := ix.timed(ctx, func(ctx context.Context) error {
			return ix.client.CreateCollection(ctx, createRequest(&ix.cfg, name, kb))
		})
		if err == nil {
			zerolog.Ctx(ctx).Info().Str("collection", name).Int("dim", ix.cfg.Dim).Msg("qdrant collection created")
			continue
		}
		if round > 0 || errors.Is(wrap("", err), retrieval.ErrUnavailable) {
			return false, err
		}
	}
	// Creating an index that exists is harmless, so concurrent first uses
	// may both add the missing ones.
	for _, spec := range missingIndexes(info) {
		if err := ix.timed(ctx, func(ctx context.Context) error {
			_, err := ix.client.CreateFieldIndex(ctx, fieldIndexRequest(name, spec))
			return err
		}); err != nil {
			return false, fmt.Errorf("payload index %q: %w", spec.field, err)
		}
	}
	return true, nil
}

// timed runs fn under the per-request timeout.
func (ix *Index) timed(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, ix.cfg.Timeout)
	defer cancel()
	return fn(ctx)
}

// versionAtLeast reports whether a Qdrant version string ("1.16.2",
// "v1.17.0-rc") is at least major.minor; an unreadable one is not.
func versionAtLeast(v string, major, minor int) bool {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	digits := func(s string) string { // the leading digits: "16-rc1" → "16"
		if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			return s[:i]
		}
		return s
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(digits(parts[1]))
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}
