package kg

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Connecting is a Store whose backend is connected in the background: until
// connect succeeds (retried with exponential backoff, forever), every call
// fails with ErrUnavailable and Ping reports why, so the service can start,
// answer /readyz with "not ready" and recover without a restart.
type Connecting struct {
	store   atomic.Pointer[Store]
	lastErr atomic.Pointer[error]
	cancel  context.CancelFunc
	done    chan struct{}
	once    sync.Once
}

var (
	_ Store = (*Connecting)(nil)
	_ Docs  = (*Connecting)(nil)

	_ KnowledgeBaseLister = (*Connecting)(nil)
)

// Connect starts connecting. onRetry (may be nil) is told of every failed
// attempt and the wait before the next.
func Connect(connect func(ctx context.Context) (Store, error), onRetry func(err error, wait time.Duration)) *Connecting {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Connecting{cancel: cancel, done: make(chan struct{})}
	pending := fmt.Errorf("still connecting: %w", ErrUnavailable)
	c.lastErr.Store(&pending)
	go func() {
		defer close(c.done)
		b := backoff.NewExponentialBackOff()
		b.MaxInterval = 30 * time.Second
		s, err := backoff.Retry(ctx, func() (Store, error) {
			attemptCtx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			s, err := connect(attemptCtx)
			if err != nil {
				e := fmt.Errorf("connecting: %v: %w", err, ErrUnavailable)
				c.lastErr.Store(&e)
				if errors.Is(err, ErrInvalid) {
					return nil, backoff.Permanent(err) // bad configuration: retrying will not help
				}
			}
			return s, err
		}, backoff.WithBackOff(b), backoff.WithMaxElapsedTime(0), backoff.WithNotify(func(err error, d time.Duration) {
			if onRetry != nil {
				onRetry(err, d)
			}
		}))
		if err == nil {
			c.store.Store(&s)
		}
	}()
	return c
}

// Wait blocks until connected, the context ends or connecting gave up.
func (c *Connecting) Wait(ctx context.Context) error {
	select {
	case <-c.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if c.store.Load() == nil {
		return *c.lastErr.Load()
	}
	return nil
}

func (c *Connecting) get() (Store, error) {
	if s := c.store.Load(); s != nil {
		return *s, nil
	}
	return nil, *c.lastErr.Load()
}

// Ping reports the connection error until connected, then the backend's health.
func (c *Connecting) Ping(ctx context.Context) error {
	s, err := c.get()
	if err != nil {
		return err
	}
	return s.Ping(ctx)
}

// Close stops connecting and closes the backend.
func (c *Connecting) Close() error {
	var err error
	c.once.Do(func() {
		c.cancel()
		<-c.done
		if s := c.store.Load(); s != nil {
			err = (*s).Close()
		}
	})
	return err
}

// The remaining methods delegate once connected.

func (c *Connecting) Apply(ctx context.Context, kb string, b Batch) (Applied, error) {
	s, err := c.get()
	if err != nil {
		return Applied{}, err
	}
	return s.Apply(ctx, kb, b)
}

func (c *Connecting) MergeEntities(ctx context.Context, kb string, m Merge) (Entity, error) {
	s, err := c.get()
	if err != nil {
		return Entity{}, err
	}
	return s.MergeEntities(ctx, kb, m)
}

func (c *Connecting) Entity(ctx context.Context, kb, id string, asOf time.Time) (Entity, error) {
	s, err := c.get()
	if err != nil {
		return Entity{}, err
	}
	return s.Entity(ctx, kb, id, asOf)
}

func (c *Connecting) Entities(ctx context.Context, kb string, q EntityQuery) (EntityPage, error) {
	s, err := c.get()
	if err != nil {
		return EntityPage{}, err
	}
	return s.Entities(ctx, kb, q)
}

func (c *Connecting) Neighbours(ctx context.Context, kb, id string, q NeighbourQuery) ([]Neighbour, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	return s.Neighbours(ctx, kb, id, q)
}

func (c *Connecting) Lookup(ctx context.Context, kb, name string) ([]Entity, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	return s.Lookup(ctx, kb, name)
}

func (c *Connecting) Names(ctx context.Context, kb string, fn func(id, name string) error) error {
	s, err := c.get()
	if err != nil {
		return err
	}
	return s.Names(ctx, kb, fn)
}

func (c *Connecting) History(ctx context.Context, kb, id string) (History, error) {
	s, err := c.get()
	if err != nil {
		return History{}, err
	}
	return s.History(ctx, kb, id)
}

func (c *Connecting) PutTrace(ctx context.Context, kb string, t Trace) error {
	s, err := c.get()
	if err != nil {
		return err
	}
	return s.PutTrace(ctx, kb, t)
}

func (c *Connecting) Trace(ctx context.Context, kb, id string) (Trace, error) {
	s, err := c.get()
	if err != nil {
		return Trace{}, err
	}
	return s.Trace(ctx, kb, id)
}

func (c *Connecting) Traces(ctx context.Context, kb string, q TraceQuery) (TracePage, error) {
	s, err := c.get()
	if err != nil {
		return TracePage{}, err
	}
	return s.Traces(ctx, kb, q)
}

// docs finds the Docs capability of the connected backend.
func (c *Connecting) docs() (Docs, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	d, ok := s.(Docs)
	if !ok {
		return nil, fmt.Errorf("%T keeps no documents: %w", s, ErrInvalid)
	}
	return d, nil
}

// PutDoc delegates to the backend's Docs once connected.
func (c *Connecting) PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error) {
	d, err := c.docs()
	if err != nil {
		return 0, err
	}
	return d.PutDoc(ctx, kb, coll, id, data, expect)
}

// GetDoc delegates to the backend's Docs once connected.
func (c *Connecting) GetDoc(ctx context.Context, kb, coll, id string) (Doc, error) {
	d, err := c.docs()
	if err != nil {
		return Doc{}, err
	}
	return d.GetDoc(ctx, kb, coll, id)
}

// ListDocs delegates to the backend's Docs once connected.
func (c *Connecting) ListDocs(ctx context.Context, kb, coll, after string, limit int) ([]Doc, error) {
	d, err := c.docs()
	if err != nil {
		return nil, err
	}
	return d.ListDocs(ctx, kb, coll, after, limit)
}

// KnowledgeBases delegates to the backend's KnowledgeBaseLister once connected.
func (c *Connecting) KnowledgeBases(ctx context.Context) ([]string, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	l, ok := s.(KnowledgeBaseLister)
	if !ok {
		return nil, fmt.Errorf("%T cannot list knowledge bases: %w", s, ErrInvalid)
	}
	return l.KnowledgeBases(ctx)
}

var _ EntityBatchReader = (*Connecting)(nil)

// EntitiesAt uses the backend's batch read once connected (ReadEntities'
// per-id fallback otherwise).
func (c *Connecting) EntitiesAt(ctx context.Context, kb string, ids []string, asOf time.Time) (map[string]Entity, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	if err := ValidReadIDs(ids); err != nil {
		return nil, err
	}
	return ReadEntities(ctx, s, kb, ids, asOf)
}

// Unwrap returns the connected backend, or nil (for optional interfaces).
func (c *Connecting) Unwrap() Store {
	s, _ := c.get()
	return s
}

var _ TracePruner = (*Connecting)(nil)

func (c *Connecting) pruner() (TracePruner, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	p, ok := s.(TracePruner)
	if !ok {
		return nil, fmt.Errorf("%T cannot delete traces: %w", s, ErrInvalid)
	}
	return p, nil
}

// PruneTraces delegates to the backend once connected.
func (c *Connecting) PruneTraces(ctx context.Context, kb string, before time.Time, keep map[string]bool, limit int) (int, error) {
	p, err := c.pruner()
	if err != nil {
		return 0, err
	}
	return p.PruneTraces(ctx, kb, before, keep, limit)
}

// TraceKBs delegates to the backend once connected.
func (c *Connecting) TraceKBs(ctx context.Context) ([]string, error) {
	p, err := c.pruner()
	if err != nil {
		return nil, err
	}
	return p.TraceKBs(ctx)
}

var (
	_ RelationBatchReader = (*Connecting)(nil)
	_ EntityScanner       = (*Connecting)(nil)
)

// LatestRelations uses the backend's batch read once connected (each From
// entity's History otherwise).
func (c *Connecting) LatestRelations(ctx context.Context, kb string, keys []RelationKey) (map[RelationKey]Relation, error) {
	s, err := c.get()
	if err != nil {
		return nil, err
	}
	if len(keys) > MaxReadIDs {
		return nil, fmt.Errorf("%w: %d relations, at most %d in one read", ErrInvalid, len(keys), MaxReadIDs)
	}
	return ReadLatestRelations(ctx, s, kb, keys)
}

// ScanEntities uses the backend's scan once connected (pages of Entities
// otherwise).
func (c *Connecting) ScanEntities(ctx context.Context, kb string, fn func(e *Entity) error) error {
	s, err := c.get()
	if err != nil {
		return err
	}
	if sc, ok := s.(EntityScanner); ok {
		return sc.ScanEntities(ctx, kb, fn)
	}
	after := ""
	for {
		p, err := s.Entities(ctx, kb, EntityQuery{First: MaxPage, After: after})
		if err != nil {
			return err
		}
		for i := range p.Entities {
			if err := fn(&p.Entities[i]); err != nil {
				return err
			}
		}
		if !p.HasNext || p.EndCursor == "" {
			return nil
		}
		after = p.EndCursor
	}
}
