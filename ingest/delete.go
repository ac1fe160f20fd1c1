package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/kg"
)

// Delete removes sources: their chunks leave the index and the entities
// and relations only they supported are retired (kept in history). The
// registry keeps a DELETED record. Unknown ids are reported as failed.
func (in *Ingester) Delete(ctx context.Context, kb string, ids []string, opts RunOptions) (*Report, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	unlock, err := in.lock(ctx, kb)
	if err != nil {
		return nil, err
	}
	defer unlock()
	r := in.newRun(kb, opts.Actor)
	rep := &Report{KB: kb, Started: r.at}
	var recs []registry.Source
	var before []sourceState
	for _, id := range ids {
		rec, err := in.reg.Source(ctx, kb, id)
		if err == nil {
			before = append(before, stateOf(rec))
		}
		switch {
		case errors.Is(err, registry.ErrNotFound):
			rep.Sources = append(rep.Sources, SourceResult{ID: id, Action: ActionFailed,
				Errors: []string{fmt.Sprintf("%s: no such source in knowledge base %q", id, kb)}})
			continue
		case err != nil:
			return nil, fmt.Errorf("ingest: registry: %w", err)
		case rec.Status == registry.StatusDeleted:
			rep.Sources = append(rep.Sources, SourceResult{ID: id, Kind: rec.Kind, Format: rec.Format, Action: ActionUnchanged})
			continue
		}
		rec.Status, rec.LastAttempt = registry.StatusDeleting, r.at
		if err := in.reg.PutSource(ctx, rec); err != nil {
			return nil, fmt.Errorf("ingest: registry: %w", err)
		}
		recs = append(recs, rec)
	}
	// Support is counted without the sources being deleted.
	var fake []*plan
	for _, rec := range recs {
		fake = append(fake, &plan{in: Input{ID: rec.ID}})
	}
	support, err := r.support(ctx, fake)
	if err != nil {
		return nil, err
	}
	for i, rec := range recs {
		if err := r.retireStale(ctx, rec.ID, rec, nil, nil, support); err != nil {
			return nil, err
		}
		n, err := in.idx.DeleteSource(ctx, kb, rec.ID)
		if err != nil {
			return nil, fmt.Errorf("ingest: delete chunks of %s: %w", rec.ID, err)
		}
		kind := rec.Kind
		if kind == "" {
			kind = "doc"
		}
		r.chks.get(kind).Retired += max(n, len(rec.Chunks))
		res := SourceResult{ID: rec.ID, Kind: rec.Kind, Format: rec.Format, Action: ActionRemoved}
		rec.Status, rec.Hash, rec.PendingHash, rec.Errors = registry.StatusDeleted, "", "", nil
		rec.Entities, rec.Relations, rec.Chunks, rec.Counts = nil, nil, nil, registry.Counts{}
		if err := in.reg.PutSource(ctx, rec); err != nil {
			return nil, fmt.Errorf("ingest: registry: %w", err)
		}
		rep.Sources = append(rep.Sources, res)
		if opts.Progress != nil {
			opts.Progress(Event{Source: rec.ID, Action: ActionRemoved, Done: i + 1, Total: len(recs)})
		}
	}
	r.totals(ctx, rep)
	in.rebuildLexicon(ctx, rep)
	rep.Took = in.now().Sub(r.at)
	in.audit(ctx, AuditDelete, opts.Actor, rep, before, nil, nil)
	return rep, nil
}

// Sources lists the knowledge base's registered sources.
func (in *Ingester) Sources(ctx context.Context, kb string) ([]registry.Source, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	return in.reg.Sources(ctx, kb)
}

// Collected is what Collect found.
type Collected struct {
	Inputs []Input
	// Removed are registered sources read from under a directory given
	// whose file is gone: a run deletes them.
	Removed []string
	// Skipped are files a directory walk left out, with the reason.
	Skipped []string
}

// Collect reads files and directories into inputs. A directory's files get
// their path relative to it as source id ("policies/x.md"); a file given on
// its own keeps the id it was registered under when its path matches a
// registered origin, else its base name. Hidden files and directories are
// left out, and so are files of unknown formats inside directories (a file
// named on its own is refused instead).
func (in *Ingester) Collect(ctx context.Context, kb string, paths []string) (Collected, error) {
	var c Collected
	srcs, err := in.reg.Sources(ctx, kb)
	if err != nil {
		return c, fmt.Errorf("ingest: registry: %w", err)
	}
	byOrigin := map[string]string{}
	for _, s := range srcs {
		if s.Origin != "" && s.Status != registry.StatusDeleted {
			byOrigin[s.Origin] = s.ID
		}
	}
	seen := map[string]bool{}
	read := func(abs, id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		inp := Input{ID: id, Origin: abs}
		fi, err := os.Stat(abs)
		switch {
		case err != nil:
			inp.Err = err
		case fi.Size() > in.opt.MaxFileBytes:
			inp.Err = fmt.Errorf("%s: %d bytes is over the %d-byte limit of one source; split the file or raise the limit (--max-file-size): %w", id, fi.Size(), in.opt.MaxFileBytes, parse.ErrUnsupported)
		default:
			inp.Data, inp.Err = os.ReadFile(abs)
		}
		c.Inputs = append(c.Inputs, inp)
	}
	for _, arg := range paths {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return c, err
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return c, fmt.Errorf("ingest: %w", err)
		}
		if !fi.IsDir() {
			id := byOrigin[abs]
			if id == "" {
				id = filepath.Base(abs)
			}
			read(abs, id)
			continue
		}
		present := map[string]bool{}
		err = filepath.WalkDir(abs, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != abs && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(abs, p)
			rel = filepath.ToSlash(rel)
			if parse.DetectFormat(p) == "" {
				c.Skipped = append(c.Skipped, rel+": unknown format")
				return nil
			}
			present[p] = true
			read(p, rel)
			return nil
		})
		if err != nil {
			return c, fmt.Errorf("ingest: walk %s: %w", arg, err)
		}
		for origin, id := range byOrigin {
			if strings.HasPrefix(origin, abs+string(filepath.Separator)) && !present[origin] && !slices.Contains(c.Removed, id) {
				if _, err := os.Stat(origin); errors.Is(err, os.ErrNotExist) {
					c.Removed = append(c.Removed, id)
				}
			}
		}
	}
	slices.Sort(c.Removed)
	return c, nil
}
