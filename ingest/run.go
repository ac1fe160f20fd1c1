package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/ingest/link"
	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/retrieval"
)

// priorEntity is an entity's state before the run.
type priorEntity struct {
	exists   bool
	version  int64
	typ      string
	name     string
	status   kg.Status
	redirect string // set when the id was merged into another entity
}

// run is the state of one Ingest or Delete call.
type run struct {
	in    *Ingester
	kb    string
	at    time.Time
	actor string
	prior map[string]priorEntity
	hist  map[string]map[kg.RelationKey]int64
	relv  map[kg.RelationKey]int64 // latest relation versions read in batches (0: none)
	ents  counter
	rels  counter
	chks  counter
}

func (in *Ingester) newRun(kb, actor string) *run {
	return &run{in: in, kb: kb, at: in.now(), actor: actor, prior: map[string]priorEntity{},
		hist: map[string]map[kg.RelationKey]int64{}, relv: map[kg.RelationKey]int64{}, ents: counter{}, rels: counter{}, chks: counter{}}
}

// entity reads (and caches) an entity's state before the run.
func (r *run) entity(ctx context.Context, id string) (priorEntity, error) {
	if p, ok := r.prior[id]; ok {
		return p, nil
	}
	e, err := r.in.g.Entity(ctx, r.kb, id, time.Time{})
	var p priorEntity
	switch {
	case errors.Is(err, kg.ErrNotFound):
	case err != nil:
		return p, fmt.Errorf("ingest: read entity %q: %w", id, err)
	case e.RedirectedFrom != "":
		p = priorEntity{exists: true, redirect: e.ID, typ: e.Type, status: e.Status}
	default:
		p = priorEntity{exists: true, version: e.Version, typ: e.Type, name: e.Name, status: e.Status}
	}
	r.prior[id] = p
	return p, nil
}

// prefetch reads the entities of ids not read yet in a few batched reads
// (kg.ReadEntities), so that entity then finds them cached: on a server
// store a read per id is a round trip per id.
func (r *run) prefetch(ctx context.Context, ids []string) error {
	var need []string
	for _, id := range ids {
		if _, ok := r.prior[id]; !ok && kg.ValidID("id", id) == nil {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	es, err := kg.ReadEntities(ctx, r.in.g, r.kb, need, time.Time{})
	if err != nil {
		return fmt.Errorf("ingest: read entities: %w", err)
	}
	for _, id := range need {
		e, ok := es[id]
		switch {
		case !ok:
			r.prior[id] = priorEntity{}
		case e.RedirectedFrom != "":
			r.prior[id] = priorEntity{exists: true, redirect: e.ID, typ: e.Type, status: e.Status}
		default:
			r.prior[id] = priorEntity{exists: true, version: e.Version, typ: e.Type, name: e.Name, status: e.Status}
		}
	}
	return nil
}

// prefetchRelations reads the latest versions of keys whose ends both
// exist in a few batched reads, when the store can (kg.RelationBatchReader),
// so that relationVersion does not read each From entity's history.
func (r *run) prefetchRelations(ctx context.Context, keys []kg.RelationKey) error {
	br, ok := r.in.g.(kg.RelationBatchReader)
	if !ok {
		return nil
	}
	var need []kg.RelationKey
	for _, k := range keys {
		if _, ok := r.relv[k]; ok {
			continue
		}
		from, to := r.prior[k.From], r.prior[k.To]
		if from.exists && to.exists && k.From != k.To && kg.ValidID("from", k.From) == nil && kg.ValidID("to", k.To) == nil &&
			kg.ValidRelationType(k.Type) == nil {
			need = append(need, k)
		}
	}
	for part := range slices.Chunk(need, kg.MaxReadIDs) {
		rs, err := br.LatestRelations(ctx, r.kb, part)
		if err != nil {
			return fmt.Errorf("ingest: read relations: %w", err)
		}
		for _, k := range part {
			r.relv[k] = rs[k].Version // 0 when it never existed
		}
	}
	return nil
}

// relationVersion is the latest version of a relation before the run (0: never existed).
func (r *run) relationVersion(ctx context.Context, k kg.RelationKey) (int64, error) {
	from, err := r.entity(ctx, k.From)
	if err != nil {
		return 0, err
	}
	to, err := r.entity(ctx, k.To)
	if err != nil {
		return 0, err
	}
	if !from.exists || !to.exists {
		return 0, nil // an endpoint is new: so is the relation
	}
	if v, ok := r.relv[k]; ok {
		return v, nil
	}
	h, ok := r.hist[k.From]
	if !ok {
		hs, err := r.in.g.History(ctx, r.kb, k.From)
		if err != nil && !errors.Is(err, kg.ErrNotFound) {
			return 0, fmt.Errorf("ingest: read history of %q: %w", k.From, err)
		}
		h = map[kg.RelationKey]int64{}
		for _, rel := range hs.Relations {
			h[rel.Key()] = max(h[rel.Key()], rel.Version)
		}
		r.hist[k.From] = h
	}
	return h[k], nil
}

func errLines(err error) []string {
	var out []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// fatal reports errors that stop a run instead of failing one source.
func fatal(err error) bool {
	return errors.Is(err, kg.ErrUnavailable) || errors.Is(err, retrieval.ErrUnavailable) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Ingest loads the sources into kb: unchanged ones are skipped, new and
// changed ones written, interrupted ones completed. A malformed source is
// rejected whole (unless opts.SkipBad) and reported in its SourceResult;
// the returned error is for failures of the store, the index or the
// registry, after which the next run completes the work.
func (in *Ingester) Ingest(ctx context.Context, kb string, srcs []Input, opts RunOptions) (*Report, error) {
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
	results := map[string]*SourceResult{}
	var order []string
	done := 0
	finish := func(res *SourceResult) {
		done++
		if opts.Progress != nil {
			opts.Progress(Event{Source: res.ID, Action: res.Action, Done: done, Total: len(srcs)})
		}
	}

	lost := in.chunksLost(ctx, kb)
	var plans []*plan
	var before []sourceState
	origins := map[string]string{}
	repeated := repeatedSources(srcs)
	for _, src := range srcs {
		if _, dup := results[src.ID]; dup {
			continue // reported with the first (repeatedSources)
		}
		origins[src.ID] = src.Origin
		res := &SourceResult{ID: src.ID, Kind: string(src.Kind), Format: string(src.Format)}
		results[src.ID] = res
		order = append(order, src.ID)
		if rp, ok := repeated[src.ID]; ok && rp.differ {
			res.Action, res.Errors = ActionFailed, []string{rp.message()}
			finish(res)
			continue
		}
		if src.Err != nil {
			res.Action, res.Errors = ActionFailed, errLines(src.Err)
			finish(res)
			continue
		}
		hash := in.hashOf(src, opts.SkipBad)
		prev, err := in.reg.Source(ctx, kb, src.ID)
		hasPrev := err == nil
		if err != nil && !errors.Is(err, registry.ErrNotFound) {
			return nil, fmt.Errorf("ingest: registry: %w", err)
		}
		if hasPrev {
			before = append(before, stateOf(prev))
		}
		reindex := lost && hasPrev && prev.Hash == hash && len(prev.Chunks) > 0
		if hasPrev && prev.Hash == hash && (prev.Status == registry.StatusOK || prev.Status == registry.StatusFailed) && !reindex {
			if prev.Status == registry.StatusFailed {
				// The content is back to what the store holds.
				prev.Status, prev.Errors, prev.LastAttempt = registry.StatusOK, nil, r.at
				if err := in.reg.PutSource(ctx, prev); err != nil {
					return nil, fmt.Errorf("ingest: registry: %w", err)
				}
			}
			*res = SourceResult{ID: src.ID, Kind: prev.Kind, Format: prev.Format, Encoding: prev.Encoding, Action: ActionUnchanged,
				Entities: prev.Counts.Entities, Relations: prev.Counts.Relations, Chunks: prev.Counts.Chunks}
			finish(res)
			continue
		}
		p := &plan{in: src, hash: hash, prev: prev, hasPrev: hasPrev, reindex: reindex}
		if reindex {
			p.warnings = append(p.warnings, "chunks indexed again: the chunk index had lost them")
		}
		doc, err := parse.Parse(parse.Input{Name: src.ID, Data: src.Data, Format: src.Format, Encoding: src.Encoding,
			Kind: src.Kind, Columns: in.opt.Columns, SkipBad: opts.SkipBad, MaxBytes: in.opt.MaxFileBytes})
		if err != nil {
			p.fail(err)
		} else {
			p.doc = doc
			res.Kind, res.Format, res.Encoding, res.Skipped = string(doc.Kind), string(doc.Format), doc.Encoding, len(doc.Skipped)
			for _, e := range doc.Skipped {
				p.warnings = append(p.warnings, "skipped: "+e.Error())
			}
			withholdInstructions(p)
			in.planGraph(p, opts.Actor)
		}
		plans = append(plans, p)
	}
	if in.opt.Extractor != nil {
		// After every source is planned, so proposals resolve against
		// the entities of the whole run as well as the knowledge base.
		names := plannedNames(plans)
		for _, p := range plans {
			if !p.failed() && (p.doc.Kind == parse.KindDoc || p.doc.Kind == parse.KindPolicy) {
				if err := in.extractInto(ctx, r, p, names); err != nil {
					return nil, err
				}
			}
		}
	}
	// Products first: policies and FAQ refer to them, and the linker
	// should know them when the other sources' chunks are linked.
	slices.SortStableFunc(plans, func(a, b *plan) int { return kindRank(a) - kindRank(b) })

	if err := r.resolve(ctx, plans); err != nil {
		return nil, err
	}
	var ok []*plan
	for _, p := range plans {
		res := results[p.in.ID]
		if p.failed() {
			res.Action = ActionFailed
			for _, e := range p.errs {
				res.Errors = append(res.Errors, errLines(e)...)
			}
			res.Warnings = p.warnings
			if err := in.recordFailure(ctx, r, p); err != nil {
				return nil, err
			}
			finish(res)
			continue
		}
		ok = append(ok, p)
	}
	err = r.apply(ctx, ok, results, finish)
	r.totals(ctx, rep)
	for _, id := range order {
		res := results[id]
		if rp, ok := repeated[id]; ok && !rp.differ {
			res.Warnings = append(res.Warnings, rp.message())
		}
		rep.Sources = append(rep.Sources, *res)
	}
	if lost && err == nil {
		in.chunksReindexed(ctx, kb, results)
	}
	in.rebuildLexicon(ctx, rep)
	rep.Took = in.now().Sub(r.at)
	in.audit(ctx, AuditIngest, opts.Actor, rep, before, origins, err)
	return rep, err
}

// chunksLost asks the index whether the knowledge base's chunks were lost
// (ChunkLoss). An index that cannot tell now (Qdrant down: its writes wait
// in the outbox) is taken as not having lost them, with a warning; the
// next run asks again.
func (in *Ingester) chunksLost(ctx context.Context, kb string) bool {
	l, ok := in.idx.(ChunkLoss)
	if !ok {
		return false
	}
	lost, err := l.ChunksLost(ctx, kb)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("kb", kb).Msg("cannot tell whether the chunk index lost the knowledge base's chunks")
		return false
	}
	if lost {
		zerolog.Ctx(ctx).Warn().Str("kb", kb).Msg("the chunk index lost the knowledge base's chunks: unchanged sources are indexed again")
	}
	return lost
}

// chunksReindexed tells the index that the knowledge base's chunks are
// back once every registered source that has chunks was indexed in this
// run; else the sources left are logged, and the loss stands for the next
// run.
func (in *Ingester) chunksReindexed(ctx context.Context, kb string, results map[string]*SourceResult) {
	all, err := in.reg.Sources(ctx, kb)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("kb", kb).Msg("registry: cannot tell whether every source was indexed again")
		return
	}
	var left []string
	for _, s := range all {
		if s.Status == registry.StatusDeleted || len(s.Chunks) == 0 {
			continue
		}
		if res, ok := results[s.ID]; !ok || res.Action == ActionFailed {
			left = append(left, s.ID)
		}
	}
	if len(left) > 0 {
		zerolog.Ctx(ctx).Warn().Str("kb", kb).Int("sources_left", len(left)).Strs("first", left[:min(len(left), 10)]).
			Msg("the chunk index lost the knowledge base's chunks: ingest these sources again to index them")
		return
	}
	in.idx.(ChunkLoss).ChunksReindexed(kb)
}

// rebuildLexicon rebuilds the knowledge base's lexicon after a run that
// wrote anything (even one that then failed: what it wrote is in the
// graph). A failure is logged, not returned: the knowledge is stored, and
// the next rebuild (the next ingest, rebuildLexicon) catches up.
func (in *Ingester) rebuildLexicon(ctx context.Context, rep *Report) {
	if in.opt.Lexicon == nil || !rep.Changed() {
		return
	}
	if _, err := in.opt.Lexicon.Rebuild(ctx, rep.KB); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("kb", rep.KB).Msg("lexicon rebuild after ingest failed")
	}
}

func kindRank(p *plan) int {
	if p.doc == nil {
		return len(parse.Kinds)
	}
	return slices.Index(parse.Kinds, p.doc.Kind)
}

// recordFailure notes a rejected source in the registry; what the store
// holds of it (if anything) stays as it was.
func (in *Ingester) recordFailure(ctx context.Context, r *run, p *plan) error {
	rec := p.prev
	if !p.hasPrev {
		rec = registry.Source{KB: r.kb, ID: p.in.ID, Origin: p.in.Origin, Status: registry.StatusFailed}
		if p.doc != nil {
			rec.Kind, rec.Format = string(p.doc.Kind), string(p.doc.Format)
		}
	}
	if rec.Status != registry.StatusInProgress {
		rec.Status = registry.StatusFailed
	}
	rec.Errors, rec.Warnings, rec.LastAttempt = nil, p.warnings, r.at
	for _, e := range p.errs {
		rec.Errors = append(rec.Errors, errLines(e)...)
	}
	if err := in.reg.PutSource(ctx, rec); err != nil {
		return fmt.Errorf("ingest: registry: %w", err)
	}
	return nil
}

// resolve checks what the sources refer to and that their ids do not clash
// with entities of other types, before anything is written. A source that
// fails takes the ids it defines out of the run, so the loop repeats until
// no more sources fail.
func (r *run) resolve(ctx context.Context, plans []*plan) error {
	for {
		planned := map[string]*plan{}
		byName := map[string][]string{}
		for _, p := range plans {
			if p.failed() {
				continue
			}
			for _, op := range p.entities {
				if _, ok := planned[op.up.ID]; !ok {
					planned[op.up.ID] = p
				}
				if op.up.Type == "Product" || op.up.Type == "Category" || op.up.Type == "Series" {
					byName[kg.NormalizeName(op.up.Name)] = append(byName[kg.NormalizeName(op.up.Name)], op.up.ID)
					if op.up.Aliases != nil {
						for _, a := range *op.up.Aliases {
							byName[kg.NormalizeName(a.Text)] = append(byName[kg.NormalizeName(a.Text)], op.up.ID)
						}
					}
				}
			}
		}
		known := func(id string) (bool, error) {
			if _, ok := planned[id]; ok {
				return true, nil
			}
			e, err := r.entity(ctx, id)
			return e.exists && e.status == kg.StatusActive, err
		}
		var ids []string
		for _, p := range plans {
			if p.failed() {
				continue
			}
			for _, op := range p.entities {
				ids = append(ids, op.up.ID)
			}
			for _, rf := range p.refs {
				if _, ok := planned[rf.id]; !ok {
					ids = append(ids, rf.id)
				}
			}
		}
		if err := r.prefetch(ctx, ids); err != nil {
			return err
		}
		newFailures := false
		for _, p := range plans {
			if p.failed() {
				continue
			}
			for _, op := range p.entities {
				e, err := r.entity(ctx, op.up.ID)
				if err != nil {
					return err
				}
				if e.exists && e.redirect == "" && e.typ != op.up.Type {
					p.fail(p.lineErr(op.line, "id %q is a %s in the knowledge base; a %s cannot take it", op.up.ID, e.typ, op.up.Type))
				}
			}
			for _, rf := range p.refs {
				ok, err := known(rf.id)
				if err != nil {
					return err
				}
				if !ok {
					p.fail(p.lineErr(rf.line, "%s %q is neither in this source nor an active entity of the knowledge base", rf.what, rf.id))
				}
			}
			for _, a := range p.applies {
				if _, err := r.resolveName(ctx, a.name, known, byName); err != nil {
					if fatal(err) {
						return err
					}
					// A word the catalog does not use ("茶叶" over 绿茶 and
					// 红茶) is no reason to lose the policy: it loads, and
					// applies to what the other entries name.
					if w := p.lineErr(a.line, "applies_to: %v; the policy is loaded without it", err).Error(); !slices.Contains(p.warnings, w) {
						p.warnings = append(p.warnings, w) // once, though the checks run again after another source fails
					}
				}
			}
			if p.failed() {
				newFailures = true
			}
		}
		if !newFailures {
			for _, p := range plans {
				if p.failed() {
					continue
				}
				for _, a := range p.applies {
					ids, _ := r.resolveName(ctx, a.name, known, byName)
					for _, id := range ids {
						pol := p.doc.Policy
						p.addRelation(kg.RelationUpsert{From: pol.ID, Type: "APPLIES_TO", To: id, Channels: &[]string{},
							ReplaceAttributes: true, Provenance: r.in.provenance(p.in.ID, r.actor)}, a.line)
					}
				}
			}
			return nil
		}
	}
}

// resolveName finds what an applies_to entry names: an entity id, a
// category or series by name, or a product by name or alias.
func (r *run) resolveName(ctx context.Context, name string, known func(string) (bool, error), byName map[string][]string) ([]string, error) {
	for _, id := range []string{name, categoryID(name), seriesID(name)} {
		ok, err := known(id)
		if err != nil {
			return nil, err
		}
		if ok {
			return []string{id}, nil
		}
	}
	if ids := byName[kg.NormalizeName(name)]; len(ids) > 0 {
		return slices.Compact(slices.Sorted(slices.Values(ids))), nil
	}
	es, err := r.in.g.Lookup(ctx, r.kb, name)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range es {
		if e.Type == "Product" || e.Type == "Category" || e.Type == "Series" {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%q is not a product id, category, series or product name of the knowledge base", name)
	}
	return ids, nil
}

// apply writes the resolved sources: each is marked in progress, then the
// entities and relations whose records changed are written (creations hold
// from kg.Always, changes from now), what they no longer support is
// retired, their chunks are linked and indexed, and each is committed.
func (r *run) apply(ctx context.Context, plans []*plan, results map[string]*SourceResult, finish func(*SourceResult)) error {
	in := r.in
	for _, p := range plans {
		rec := p.prev
		if !p.hasPrev {
			rec = registry.Source{KB: r.kb, ID: p.in.ID}
		}
		rec.Kind, rec.Format, rec.Encoding, rec.Origin = string(p.doc.Kind), string(p.doc.Format), p.doc.Encoding, p.in.Origin
		rec.Status, rec.PendingHash, rec.LastAttempt, rec.Actor = registry.StatusInProgress, p.hash, r.at, r.actor
		if err := in.reg.PutSource(ctx, rec); err != nil {
			return fmt.Errorf("ingest: registry: %w", err)
		}
		p.action = ActionNew
		switch {
		case p.hasPrev && (p.prev.Status == registry.StatusInProgress || p.prev.Status == registry.StatusDeleting):
			p.action = ActionResumed
		case p.hasPrev && p.prev.Hash != "":
			p.action = ActionChanged
		}
		p.prev.Status = rec.Status
	}
	failed := map[*plan]bool{}
	fail := func(p *plan, err error) error {
		if fatal(err) {
			return err
		}
		failed[p] = true
		p.fail(err)
		return nil
	}
	written := map[string]writer{}
	for _, p := range plans {
		if err := r.applyEntities(ctx, p, written); err != nil {
			if err := fail(p, err); err != nil {
				return err
			}
		}
	}
	rwritten := map[kg.RelationKey]bool{}
	for _, p := range plans {
		if failed[p] {
			continue
		}
		if err := r.applyRelations(ctx, p, rwritten); err != nil {
			if err := fail(p, err); err != nil {
				return err
			}
		}
	}
	support, err := r.support(ctx, plans)
	if err != nil {
		return err
	}
	for _, p := range plans {
		if failed[p] || !p.hasPrev {
			continue
		}
		if err := r.retireStale(ctx, p.in.ID, p.prev, newEntityIDs(p), newRelationKeys(p), support); err != nil {
			if err := fail(p, err); err != nil {
				return err
			}
		}
	}
	linker, err := link.Build(ctx, in.g, r.kb)
	if err != nil {
		return err
	}
	for _, p := range plans {
		res := results[p.in.ID]
		if failed[p] {
			res.Action = ActionFailed
			for _, e := range p.errs {
				res.Errors = append(res.Errors, errLines(e)...)
			}
			// The registry keeps it in progress: the next run redoes it.
			rec, _ := in.reg.Source(ctx, r.kb, p.in.ID)
			rec.Errors = res.Errors
			if err := in.reg.PutSource(ctx, rec); err != nil {
				return fmt.Errorf("ingest: registry: %w", err)
			}
			finish(res)
			continue
		}
		chunks := in.buildChunks(r.kb, p, func(id string) string {
			e, _ := r.entity(ctx, id)
			return e.name
		})
		linkChunks(chunks, linker)
		if err := r.indexChunks(ctx, p, chunks); err != nil {
			if fatal(err) {
				return err
			}
			res.Action, res.Errors = ActionFailed, errLines(err)
			finish(res)
			continue
		}
		rec := registry.Source{KB: r.kb, ID: p.in.ID, Kind: string(p.doc.Kind), Format: string(p.doc.Format),
			Encoding: p.doc.Encoding, Origin: p.in.Origin, Hash: p.hash, Status: registry.StatusOK,
			LastIngest: r.at, LastAttempt: r.at, Warnings: p.warnings, Actor: r.actor,
			Entities: map[string]string{}, Relations: map[string]string{}, Chunks: map[string]string{},
			Counts: registry.Counts{ByType: map[string]int{}}}
		if len(p.notWritten) > 0 {
			// Not the content's hash, so the next run does the source
			// again and retries the records the store refused.
			rec.Hash = p.hash + "+partial"
		}
		for _, op := range p.entities {
			rec.Entities[op.up.ID] = op.hash
			if p.notWritten["e:"+op.up.ID] {
				rec.Entities[op.up.ID] = ""
			}
			rec.Counts.ByType["entity:"+op.up.Type]++
		}
		for _, op := range p.relations {
			rk := registry.RelationKey(kg.RelationKey{From: op.up.From, Type: op.up.Type, To: op.up.To})
			rec.Relations[rk] = op.hash
			if p.notWritten["r:"+rk] {
				rec.Relations[rk] = ""
			}
			rec.Counts.ByType["relation:"+op.up.Type]++
		}
		for _, c := range chunks {
			rec.Chunks[c.ID] = c.Hash
			rec.Counts.ByType["chunk:"+c.Kind]++
		}
		rec.Counts.Entities, rec.Counts.Relations, rec.Counts.Chunks = len(rec.Entities), len(rec.Relations), len(rec.Chunks)
		if err := in.reg.PutSource(ctx, rec); err != nil {
			return fmt.Errorf("ingest: registry: %w", err)
		}
		*res = SourceResult{ID: p.in.ID, Kind: rec.Kind, Format: rec.Format, Encoding: rec.Encoding, Action: p.action,
			Entities: rec.Counts.Entities, Relations: rec.Counts.Relations, Chunks: rec.Counts.Chunks,
			Skipped: len(p.doc.Skipped), Warnings: p.warnings}
		finish(res)
	}
	return nil
}

func newEntityIDs(p *plan) map[string]bool {
	out := map[string]bool{}
	for _, op := range p.entities {
		out[op.up.ID] = true
	}
	return out
}

func newRelationKeys(p *plan) map[string]bool {
	out := map[string]bool{}
	for _, op := range p.relations {
		out[registry.RelationKey(kg.RelationKey{From: op.up.From, Type: op.up.Type, To: op.up.To})] = true
	}
	return out
}

// recordRefused reports whether the store refused a write for what the
// records say (bad or conflicting data), rather than failing itself.
func recordRefused(err error) bool {
	return errors.Is(err, kg.ErrInvalid) || errors.Is(err, kg.ErrConflict) || errors.Is(err, kg.ErrNotFound)
}

// applyOneByOne writes the operations of a batch the store refused one at a
// time, so that one record's conflict (an edit the store cannot apply next
// to a scheduled change, say) does not fail the others: each refused one is
// a warning naming its record, and is not written. It returns the results
// of the written ones.
func applyOneByOne[T any](ctx context.Context, r *run, p *plan, ops []T, lines []int, what func(T) (key, name string),
	batch func(T) kg.Batch) ([]kg.Applied, error) {
	var out []kg.Applied
	for i, op := range ops {
		res, err := r.in.g.Apply(ctx, r.kb, batch(op))
		if err != nil {
			if !recordRefused(err) {
				return out, err
			}
			key, name := what(op)
			if p.notWritten == nil {
				p.notWritten = map[string]bool{}
			}
			p.notWritten[key] = true
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: %s not written: %v", p.in.ID, lines[i], name, err))
			continue
		}
		out = append(out, res)
	}
	return out, nil
}

// writer is the record that wrote an entity in this run.
type writer struct {
	source string
	line   int
	hash   string
}

func (r *run) applyEntities(ctx context.Context, p *plan, written map[string]writer) error {
	var batch []kg.EntityUpsert
	var lines []int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := r.in.g.Apply(ctx, r.kb, kg.Batch{Entities: batch, At: r.at})
		if err != nil && recordRefused(err) {
			var each []kg.Applied
			each, err = applyOneByOne(ctx, r, p, batch, lines, func(u kg.EntityUpsert) (string, string) {
				return "e:" + u.ID, fmt.Sprintf("entity %q", u.ID)
			}, func(u kg.EntityUpsert) kg.Batch { return kg.Batch{Entities: []kg.EntityUpsert{u}, At: r.at} })
			res = kg.Applied{}
			for _, a := range each {
				res.Entities = append(res.Entities, a.Entities...)
			}
		}
		if err != nil {
			return fmt.Errorf("%s: write entities: %w", p.in.ID, err)
		}
		for _, e := range res.Entities {
			pr := r.prior[e.ID]
			if e.Version > pr.version {
				if pr.exists {
					r.ents.get(e.Type).Changed++
				} else {
					r.ents.get(e.Type).Created++
				}
			}
		}
		batch, lines = batch[:0], lines[:0]
		return nil
	}
	for _, op := range p.entities {
		if w, ok := written[op.up.ID]; ok {
			// Another source of this call wrote it first. The same record
			// twice (a category named by two catalogs) is no news; a
			// different one is not applied, and says so.
			if w.hash != op.hash {
				p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: id %q is also in %s:%d of this call, which was applied; this record was not",
					p.in.ID, op.line, op.up.ID, w.source, w.line))
			}
			continue
		}
		pr, err := r.entity(ctx, op.up.ID)
		if err != nil {
			return err
		}
		if pr.redirect != "" {
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: entity %q was merged into %q; the record is not applied to it", p.in.ID, op.line, op.up.ID, pr.redirect))
			continue
		}
		if pr.exists && p.hasPrev && p.prev.Entities[op.up.ID] == op.hash {
			continue // the record did not change: corrections made since stay
		}
		written[op.up.ID] = writer{source: p.in.ID, line: op.line, hash: op.hash}
		u := op.up
		if !pr.exists {
			u.ValidFrom = kg.Always
		} else if r.in.opt.Corrections != nil {
			var notes []string
			if u, notes, err = r.in.opt.Corrections.Keep(ctx, r.kb, p.in.ID, u); err != nil {
				return fmt.Errorf("%s: corrections: %w", p.in.ID, err)
			}
			p.warnings = append(p.warnings, notes...)
		}
		batch, lines = append(batch, u), append(lines, op.line)
		if len(batch) == kg.MaxBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func (r *run) applyRelations(ctx context.Context, p *plan, written map[kg.RelationKey]bool) error {
	type pending struct {
		up    kg.RelationUpsert
		prior int64
		line  int
	}
	var batch []pending
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ups := make([]kg.RelationUpsert, len(batch))
		for i, b := range batch {
			ups[i] = b.up
		}
		res, err := r.in.g.Apply(ctx, r.kb, kg.Batch{Relations: ups, At: r.at})
		done := batch
		if err != nil && recordRefused(err) {
			lines := make([]int, len(batch))
			for i, b := range batch {
				lines[i] = b.line
			}
			done = nil
			var each []kg.Applied
			each, err = applyOneByOne(ctx, r, p, batch, lines, func(b pending) (string, string) {
				k := kg.RelationKey{From: b.up.From, Type: b.up.Type, To: b.up.To}
				return "r:" + registry.RelationKey(k), "relation " + k.String()
			}, func(b pending) kg.Batch { return kg.Batch{Relations: []kg.RelationUpsert{b.up}, At: r.at} })
			res = kg.Applied{}
			for _, a := range each {
				res.Relations = append(res.Relations, a.Relations...)
			}
			for _, b := range batch {
				k := kg.RelationKey{From: b.up.From, Type: b.up.Type, To: b.up.To}
				if !p.notWritten["r:"+registry.RelationKey(k)] {
					done = append(done, b)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("%s: write relations: %w", p.in.ID, err)
		}
		for i, rel := range res.Relations {
			if rel.Version > done[i].prior {
				if done[i].prior > 0 {
					r.rels.get(rel.Type).Changed++
				} else {
					r.rels.get(rel.Type).Created++
				}
			}
		}
		batch = batch[:0]
		return nil
	}
	var keys []kg.RelationKey
	for _, op := range p.relations {
		k := kg.RelationKey{From: op.up.From, Type: op.up.Type, To: op.up.To}
		for _, end := range []*string{&k.From, &k.To} {
			if pr, ok := r.prior[*end]; ok && pr.redirect != "" {
				*end = pr.redirect
			}
		}
		keys = append(keys, k)
	}
	if err := r.prefetchRelations(ctx, keys); err != nil {
		return err
	}
	for _, op := range p.relations {
		u := op.up
		from, err := r.entity(ctx, u.From)
		if err != nil {
			return err
		}
		to, err := r.entity(ctx, u.To)
		if err != nil {
			return err
		}
		if from.redirect != "" {
			u.From = from.redirect
		}
		if to.redirect != "" {
			u.To = to.redirect
		}
		k := kg.RelationKey{From: u.From, Type: u.Type, To: u.To}
		if written[k] || u.From == u.To {
			continue
		}
		if from.exists && to.exists && p.hasPrev && p.prev.Relations[registry.RelationKey(kg.RelationKey{From: op.up.From, Type: op.up.Type, To: op.up.To})] == op.hash {
			continue
		}
		written[k] = true
		v, err := r.relationVersion(ctx, k)
		if err != nil {
			return err
		}
		if v == 0 {
			u.ValidFrom = kg.Always
		}
		batch = append(batch, pending{u, v, op.line})
		if len(batch) == kg.MaxBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// supportSet counts, for every entity id and relation key, the sources
// (other than those being changed) that assert it.
type supportSet struct {
	entities  map[string]int
	relations map[string]int
}

// support collects what every source of the knowledge base asserts: the
// registry's record for sources outside the run (failed ones keep their
// last good version), the new plans for those in it.
func (r *run) support(ctx context.Context, plans []*plan) (supportSet, error) {
	s := supportSet{entities: map[string]int{}, relations: map[string]int{}}
	inRun := map[string]bool{}
	for _, p := range plans {
		inRun[p.in.ID] = true
		for id := range newEntityIDs(p) {
			s.entities[id]++
		}
		for k := range newRelationKeys(p) {
			s.relations[k]++
		}
	}
	all, err := r.in.reg.Sources(ctx, r.kb)
	if err != nil {
		return s, fmt.Errorf("ingest: registry: %w", err)
	}
	for _, src := range all {
		if inRun[src.ID] || src.Status == registry.StatusDeleted {
			continue
		}
		for id := range src.Entities {
			s.entities[id]++
		}
		for k := range src.Relations {
			s.relations[k]++
		}
	}
	return s, nil
}

// retireStale retires what a source supported before and does not now,
// unless another source still supports it. Retiring an entity retires its
// relations too.
func (r *run) retireStale(ctx context.Context, src string, prev registry.Source, keepE, keepR map[string]bool, support supportSet) error {
	prov := kg.Provenance{Kind: kg.ProvSource, Source: src, Actor: r.actor, Note: "no longer in source " + src}
	byType := map[string][]kg.Retirement{}
	retiring := map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(prev.Entities)) {
		if keepE[id] || support.entities[id] > 0 {
			continue
		}
		e, err := r.entity(ctx, id)
		if err != nil {
			return err
		}
		if !e.exists || e.redirect != "" || e.status != kg.StatusActive {
			continue
		}
		retiring[id] = true
		byType["e:"+e.typ] = append(byType["e:"+e.typ], kg.Retirement{EntityID: id, Provenance: prov})
	}
	for _, ks := range slices.Sorted(maps.Keys(prev.Relations)) {
		if keepR[ks] || support.relations[ks] > 0 {
			continue
		}
		k, ok := registry.ParseRelationKey(ks)
		if !ok || retiring[k.From] || retiring[k.To] {
			continue
		}
		if v, err := r.relationVersion(ctx, k); err != nil {
			return err
		} else if v == 0 {
			continue
		}
		kk := k
		byType["r:"+k.Type] = append(byType["r:"+k.Type], kg.Retirement{Relation: &kk, Provenance: prov})
	}
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		ops := byType[t]
		for start := 0; start < len(ops); start += kg.MaxBatch {
			part := ops[start:min(start+kg.MaxBatch, len(ops))]
			res, err := r.in.g.Apply(ctx, r.kb, kg.Batch{Retire: part, At: r.at})
			if err != nil {
				return fmt.Errorf("%s: retire: %w", src, err)
			}
			if t[0] == 'e' {
				r.ents.get(t[2:]).Retired += res.Changed
			} else {
				r.rels.get(t[2:]).Retired += res.Changed
			}
		}
	}
	return nil
}

// indexChunks brings the index to the source's new chunks: only the
// changed and gone ones when the index can delete by id and the last
// ingest completed, else every chunk of the source again.
func (r *run) indexChunks(ctx context.Context, p *plan, chunks []retrieval.Chunk) error {
	idx := r.in.idx
	src := p.in.ID
	newIDs := map[string]bool{}
	var changed []retrieval.Chunk
	for _, c := range chunks {
		newIDs[c.ID] = true
		old, had := p.prev.Chunks[c.ID]
		switch {
		case !had:
			r.chks.get(c.Kind).Created++
			changed = append(changed, c)
		case old != c.Hash:
			r.chks.get(c.Kind).Changed++
			changed = append(changed, c)
		}
	}
	var gone []string
	for id := range p.prev.Chunks {
		if !newIDs[id] {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	kind := string(p.doc.Kind)
	if len(p.prev.Chunks) > 0 {
		kind = p.prev.Kind
	}
	r.chks.get(kind).Retired += len(gone)

	deleter, canDelete := idx.(ChunkDeleter)
	completed := p.hasPrev && p.action == ActionChanged && !p.reindex
	switch {
	case completed && canDelete:
		if len(gone) > 0 {
			if _, err := deleter.DeleteChunks(ctx, r.kb, gone); err != nil {
				return fmt.Errorf("%s: delete chunks: %w", src, err)
			}
		}
		if len(changed) > 0 {
			if err := idx.IndexChunks(ctx, changed); err != nil {
				return fmt.Errorf("%s: index chunks: %w", src, err)
			}
		}
	default:
		if p.hasPrev {
			if _, err := idx.DeleteSource(ctx, r.kb, src); err != nil {
				return fmt.Errorf("%s: delete chunks: %w", src, err)
			}
		}
		if len(chunks) > 0 {
			if err := idx.IndexChunks(ctx, chunks); err != nil {
				return fmt.Errorf("%s: index chunks: %w", src, err)
			}
		}
	}
	return nil
}

// totals fills the report's per-type counts: what the knowledge base's
// sources hold now, and what this run did.
func (r *run) totals(ctx context.Context, rep *Report) {
	all, err := r.in.reg.Sources(ctx, r.kb)
	if err == nil {
		for _, s := range all {
			if s.Status == registry.StatusDeleted {
				continue
			}
			for k, n := range s.Counts.ByType {
				kind, t, _ := strings.Cut(k, ":")
				switch kind {
				case "entity":
					r.ents.get(t).Total += n
				case "relation":
					r.rels.get(t).Total += n
				case "chunk":
					r.chks.get(t).Total += n
				}
			}
		}
	}
	rep.Entities, rep.Relations, rep.Chunks = r.ents.list(), r.rels.list(), r.chks.list()
}

// repeat is a source id given more than once in one call.
type repeat struct {
	id        string
	positions []int // 1-based, in the call's order
	differ    bool  // the copies' contents or declarations differ
}

func (rp *repeat) message() string {
	at := make([]string, len(rp.positions))
	for i, p := range rp.positions {
		at[i] = strconv.Itoa(p)
	}
	if rp.differ {
		return fmt.Sprintf("%s: given %d times in this call (sources %s) with different content; nothing of it was written: give each source id once",
			rp.id, len(rp.positions), strings.Join(at, ", "))
	}
	return fmt.Sprintf("%s: given %d times in this call (sources %s) with the same content; ingested once", rp.id, len(rp.positions), strings.Join(at, ", "))
}

// repeatedSources finds the source ids given more than once.
func repeatedSources(srcs []Input) map[string]*repeat {
	first := map[string]int{}
	out := map[string]*repeat{}
	for i, s := range srcs {
		j, seen := first[s.ID]
		if !seen {
			first[s.ID] = i
			continue
		}
		rp := out[s.ID]
		if rp == nil {
			rp = &repeat{id: s.ID, positions: []int{j + 1}}
			out[s.ID] = rp
		}
		rp.positions = append(rp.positions, i+1)
		f := srcs[j]
		if !bytes.Equal(f.Data, s.Data) || f.Format != s.Format || f.Kind != s.Kind || f.Encoding != s.Encoding || (f.Err == nil) != (s.Err == nil) {
			rp.differ = true
		}
	}
	return out
}
