package kg

import (
	"context"
	"time"

	"github.com/rs/zerolog"
)

// Auditor records a curation action in the audit log: who (actor) did what
// (action) to which subject, with the state before and after (nil: none,
// e.g. before a creation). feedback.Service is one.
type Auditor interface {
	Audit(ctx context.Context, kb, actor, action, subject string, before, after any) error
}

// Curator is how people edit the graph (GraphQL's upsertEntity,
// upsertRelation, retireEntity, retireRelation, mergeEntities): each edit
// is applied to the store and, when it changed anything, recorded in the
// audit log with its actor (the provenance's) and the version it replaced
// and the one it wrote. An edit that changed nothing is not recorded. A
// failed audit write is logged, never returned: the edit is stored, and
// its version history keeps the provenance anyway. Safe for concurrent use.
type Curator struct {
	Store Store
	Audit Auditor // nil: no audit log
	// Changed, when set, is told after an edit that changed anything
	// (the lexicon marks itself stale).
	Changed func(ctx context.Context, kb string)
}

// Audit actions of graph edits.
const (
	ActionUpsertEntity   = "upsertEntity"
	ActionUpsertRelation = "upsertRelation"
	ActionRetireEntity   = "retireEntity"
	ActionRetireRelation = "retireRelation"
	ActionMergeEntities  = "mergeEntities"
	// ActionCancelScheduled is the cancellation of a scheduled change of
	// an entity or a relation: before is the scheduled version cancelled,
	// after the version that holds from now on instead.
	ActionCancelScheduled = "cancelScheduledChange"
)

// UpsertEntity creates or changes an entity at time at (see Store.Apply).
func (c *Curator) UpsertEntity(ctx context.Context, kb string, u EntityUpsert, at time.Time) (Entity, error) {
	res, err := c.Store.Apply(ctx, kb, Batch{Entities: []EntityUpsert{u}, At: at})
	if err != nil {
		return Entity{}, err
	}
	e := res.Entities[0]
	if res.Changed > 0 {
		c.record(ctx, kb, u.Provenance.Actor, ActionUpsertEntity, e.ID, c.entityBefore(ctx, kb, &e), e)
	}
	return e, nil
}

// UpsertRelation creates or changes a relation at time at.
func (c *Curator) UpsertRelation(ctx context.Context, kb string, u RelationUpsert, at time.Time) (Relation, error) {
	res, err := c.Store.Apply(ctx, kb, Batch{Relations: []RelationUpsert{u}, At: at})
	if err != nil {
		return Relation{}, err
	}
	r := res.Relations[0]
	if res.Changed > 0 {
		c.record(ctx, kb, u.Provenance.Actor, ActionUpsertRelation, r.ID(), c.relationBefore(ctx, kb, &r), r)
	}
	return r, nil
}

// RetireEntity retires an entity and its relations at time at.
func (c *Curator) RetireEntity(ctx context.Context, kb string, r Retirement, at time.Time) (Entity, error) {
	r.Relation = nil
	res, err := c.Store.Apply(ctx, kb, Batch{Retire: []Retirement{r}, At: at})
	if err != nil {
		return Entity{}, err
	}
	e := *res.Retired[0].Entity
	if res.Changed > 0 {
		c.record(ctx, kb, r.Provenance.Actor, ActionRetireEntity, e.ID, c.entityBefore(ctx, kb, &e), e)
	}
	return e, nil
}

// RetireRelation retires one relation at time at.
func (c *Curator) RetireRelation(ctx context.Context, kb string, r Retirement, at time.Time) (Relation, error) {
	r.EntityID = ""
	res, err := c.Store.Apply(ctx, kb, Batch{Retire: []Retirement{r}, At: at})
	if err != nil {
		return Relation{}, err
	}
	rel := *res.Retired[0].Relation
	if res.Changed > 0 {
		c.record(ctx, kb, r.Provenance.Actor, ActionRetireRelation, rel.ID(), c.relationBefore(ctx, kb, &rel), rel)
	}
	return rel, nil
}

// MergeEntities folds m.Merge into m.Keep (see Store.MergeEntities). The
// audit entry's subject is the kept entity; before holds both entities as
// they were read just before the merge, after the kept one as merged.
func (c *Curator) MergeEntities(ctx context.Context, kb string, m Merge) (Entity, error) {
	before := map[string]*Entity{}
	for _, id := range []string{m.Keep, m.Merge} {
		if e, err := c.Store.Entity(ctx, kb, id, time.Time{}); err == nil {
			before[id] = &e
		}
	}
	e, err := c.Store.MergeEntities(ctx, kb, m)
	if err != nil {
		return Entity{}, err
	}
	c.record(ctx, kb, m.Provenance.Actor, ActionMergeEntities, e.ID,
		map[string]any{"keep": before[m.Keep], "merge": before[m.Merge]},
		map[string]any{"keep": e, "merged": m.Merge})
	return e, nil
}

// CancelScheduled cancels a scheduled change of an entity (x.EntityID) or
// of a relation (x.Relation) at time at (see ScheduledCancel), and returns
// the version that holds from now on instead.
func (c *Curator) CancelScheduled(ctx context.Context, kb string, x ScheduledCancel, at time.Time) (Retired, error) {
	res, err := c.Store.Apply(ctx, kb, Batch{Cancel: []ScheduledCancel{x}, At: at})
	if err != nil {
		return Retired{}, err
	}
	out := res.Cancelled[0]
	var cancelled any = map[string]any{"version": x.Version}
	from, subject := x.EntityID, x.EntityID
	if x.Relation != nil {
		from = x.Relation.From
		subject = x.Relation.String()
	}
	if h, err := c.Store.History(ctx, kb, from); err == nil {
		for i := range h.Entities {
			if e := &h.Entities[i]; x.Relation == nil && e.ID == x.EntityID && e.Version == x.Version {
				cancelled = e
			}
		}
		for i := range h.Relations {
			if r := &h.Relations[i]; x.Relation != nil && r.Key() == *x.Relation && r.Version == x.Version {
				cancelled = r
			}
		}
	}
	var after any = out.Entity
	if out.Relation != nil {
		after = out.Relation
	}
	c.record(ctx, kb, x.Provenance.Actor, ActionCancelScheduled, subject, cancelled, after)
	return out, nil
}

// entityBefore is the version e replaced, nil for a new entity. It is read
// from the history after the write, so it is exactly the version before
// e's even when other edits ran at the same time.
func (c *Curator) entityBefore(ctx context.Context, kb string, e *Entity) any {
	if e.Version <= 1 {
		return nil
	}
	h, err := c.Store.History(ctx, kb, e.ID)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("entity_id", e.ID).Msg("audit: previous version unreadable")
		return map[string]any{"version": e.Version - 1}
	}
	for i := range h.Entities {
		if p := &h.Entities[i]; p.ID == e.ID && p.Version == e.Version-1 {
			return p
		}
	}
	return map[string]any{"version": e.Version - 1}
}

// relationBefore is the version r replaced, nil for a new relation.
func (c *Curator) relationBefore(ctx context.Context, kb string, r *Relation) any {
	if r.Version <= 1 {
		return nil
	}
	h, err := c.Store.History(ctx, kb, r.From)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("relation", r.ID()).Msg("audit: previous version unreadable")
		return map[string]any{"version": r.Version - 1}
	}
	k := r.Key()
	for i := range h.Relations {
		if p := &h.Relations[i]; p.Key() == k && p.Version == r.Version-1 {
			return p
		}
	}
	return map[string]any{"version": r.Version - 1}
}

func (c *Curator) record(ctx context.Context, kb, actor, action, subject string, before, after any) {
	if c.Changed != nil {
		c.Changed(ctx, kb)
	}
	if c.Audit == nil {
		return
	}
	if err := c.Audit.Audit(ctx, kb, actor, action, subject, before, after); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("action", action).Str("subject", subject).Msg("audit log write failed")
	}
}
