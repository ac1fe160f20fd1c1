package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kgrag/graph/auth"
	"kgrag/kg"
)

// A knowledge base exists when it holds knowledge (an entity or a
// document: kg.KnowledgeBaseLister) or an API key names it. It comes into
// existence with its first ingest or upsertEntity by a trainer or admin;
// every other operation on one that does not exist is NOT_FOUND naming
// those that do, so a misspelt X-Kgrag-KB is not answered with NO_EVIDENCE
// from an empty knowledge base. A request that names none from a caller
// whose key names none either (a key for all, or dev mode) works in
// "default" only while no other knowledge base exists; otherwise it is
// refused with the list, rather than answered from the wrong one.

// kbFree are the root fields that need no knowledge base.
var kbFree = map[string]bool{"me": true, "knowledgeBases": true, "vocabulary": true,
	"__schema": true, "__type": true, "__typename": true}

// kbCreating are the mutations that create the knowledge base they write to.
var kbCreating = map[string]bool{"upsertEntity": true, "ingestSources": true, "ingestUpload": true}

// kbRefresh bounds how often requests for one unknown knowledge base (or
// naming none) read the store's list again.
const kbRefresh = 500 * time.Millisecond

// maxMissed bounds the unknown names remembered for kbRefresh.
const maxMissed = 1000

// kbCatalog knows which knowledge bases exist. Safe for concurrent use.
type kbCatalog struct {
	lister kg.KnowledgeBaseLister // nil: the store cannot tell; every one exists
	named  []string               // named by API keys

	mu     sync.Mutex
	known  []string // sorted
	read   time.Time
	missed map[string]time.Time // unknown names asked for, when last read for
}

func newKBCatalog(store kg.Store, named []string) *kbCatalog {
	c := &kbCatalog{named: named, known: slices.Clone(named)}
	c.lister, _ = store.(kg.KnowledgeBaseLister)
	return c
}

// list returns the knowledge bases that exist, reading the store again
// when refresh is set and the last read is older than kbRefresh.
func (c *kbCatalog) list(ctx context.Context, refresh bool) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lister == nil || (!refresh && !c.read.IsZero()) || time.Since(c.read) < kbRefresh {
		return slices.Clone(c.known), nil
	}
	return c.reread(ctx)
}

// lookup is list for a request in kb: a name not known yet is looked up
// in the store at once the first time (another process or instance may
// just have created it), then at most every kbRefresh.
func (c *kbCatalog) lookup(ctx context.Context, kb string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.read.IsZero() || (!slices.Contains(c.known, kb) && time.Since(c.missed[kb]) >= kbRefresh) {
		if c.missed == nil || len(c.missed) >= maxMissed {
			c.missed = map[string]time.Time{}
		}
		c.missed[kb] = time.Now()
		return c.reread(ctx)
	}
	return slices.Clone(c.known), nil
}

func (c *kbCatalog) reread(ctx context.Context) ([]string, error) {
	stored, err := c.lister.KnowledgeBases(ctx)
	if err != nil {
		return nil, err
	}
	c.read = time.Now()
	for _, kb := range stored {
		c.add(kb)
	}
	return slices.Clone(c.known), nil
}

// created notes a knowledge base a request just wrote to.
func (c *kbCatalog) created(kb string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(kb)
}

func (c *kbCatalog) add(kb string) {
	if i, found := slices.BinarySearch(c.known, kb); !found {
		c.known = slices.Insert(c.known, i, kb)
	}
}

// exists reports whether kb exists, and lists those that do (read again
// from the store with fresh, else only when kb is not known yet).
func (c *kbCatalog) exists(ctx context.Context, kb string, fresh bool) (bool, []string, error) {
	if c.lister == nil {
		return true, nil, nil
	}
	all, err := c.list(ctx, fresh)
	if err == nil && !slices.Contains(all, kb) {
		all, err = c.lookup(ctx, kb)
	}
	if err != nil {
		return false, nil, err
	}
	return slices.Contains(all, kb), all, nil
}

// forCaller lists the knowledge bases the caller may use.
func (c *kbCatalog) forCaller(ctx context.Context, cl auth.Caller) ([]string, error) {
	if !slices.Contains(cl.KBs, auth.AllKBs) {
		out := slices.Clone(cl.KBs)
		slices.Sort(out)
		return slices.Compact(out), nil
	}
	return c.list(ctx, true)
}

// guard is the field middleware that checks the request's knowledge base
// before a root field that needs one runs.
func (c *kbCatalog) guard(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (fc.Object != "Query" && fc.Object != "Mutation" && fc.Object != "Subscription") || kbFree[fc.Field.Name] {
		return next(ctx)
	}
	cl, ok := auth.FromContext(ctx)
	if !ok {
		return next(ctx) // the resolver answers UNAUTHENTICATED
	}
	creating := kbCreating[fc.Field.Name] && (cl.Can(auth.Curate) || cl.Can(auth.Ingest))
	if err := c.check(ctx, cl, creating); err != nil {
		return nil, err
	}
	res, err := next(ctx)
	if err == nil && creating {
		c.created(cl.KB)
	}
	return res, err
}

func (c *kbCatalog) check(ctx context.Context, cl auth.Caller, creating bool) error {
	// A caller that named no knowledge base must see the others that
	// appeared since (on another instance, say) to be told to choose.
	ok, all, err := c.exists(ctx, cl.KB, cl.KBImplicit)
	if err != nil {
		return fmt.Errorf("graph: knowledge bases: %w", err)
	}
	// A caller that named none creates "default" only on an empty server:
	// with other knowledge bases there, it meant one of them.
	implicitAmong := cl.KBImplicit && slices.ContainsFunc(all, func(kb string) bool { return kb != cl.KB })
	switch {
	case implicitAmong && ok:
		return fmt.Errorf("%w: no knowledge base named, and this server has several (%s): send the X-Kgrag-KB header (or ?kb=) with one of them",
			kg.ErrInvalid, strings.Join(all, ", "))
	case ok, creating && !implicitAmong:
		return nil
	}
	have := "none exists yet"
	if len(all) > 0 {
		have = "knowledge bases: " + strings.Join(all, ", ")
	}
	return fmt.Errorf("knowledge base %q does not exist (%s; a trainer creates one with its first ingest or upsertEntity): %w",
		cl.KB, have, kg.ErrNotFound)
}
