// Package graph is kgrag's GraphQL layer: gqlgen resolvers, the HTTP handler
// with its limits, and the one error presenter. Resolvers are thin: they
// check the caller's role and call kg, retrieval, ingest or feedback.
package graph

import (
	"context"
	"time"

	"kgrag/feedback"
	"kgrag/graph/auth"
	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/kg/lexicon"
	"kgrag/retrieval/answer"
)

//go:generate go tool gqlgen generate

// Resolver holds the services the resolvers call.
type Resolver struct {
	Store kg.Store
	// Ingest and Jobs load sources (nil: the ingest API answers UNAVAILABLE).
	Ingest *ingest.Ingester
	Jobs   *ingest.Jobs
	// Answers answers questions (nil: ask answers UNAVAILABLE).
	Answering *answer.Engine
	// Feedback runs corrections, ratings and reports (nil: UNAVAILABLE).
	Feedback *feedback.Service
	// Lexicons serves and edits the knowledge bases' lexicons (nil:
	// UNAVAILABLE); entity edits mark it stale.
	Lexicons *lexicon.Service
	// Curator applies and audits graph edits (nil: one over Store that
	// marks the lexicon stale and keeps no audit log).
	Curator *kg.Curator
	// Now is the clock (tests replace it).
	Now func() time.Time

	kbs *kbCatalog // set by NewHandler
}

func (r *Resolver) curator() *kg.Curator {
	if r.Curator != nil {
		return r.Curator
	}
	c := &kg.Curator{Store: r.Store}
	if r.Lexicons != nil {
		c.Changed = r.Lexicons.Stale
	}
	return c
}

func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// caller checks the right and returns the caller with its knowledge base.
func caller(ctx context.Context, a auth.Action) (auth.Caller, error) {
	return auth.Require(ctx, a)
}

func nz(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func attributes(in []AttributeInput) []kg.Attribute {
	out := make([]kg.Attribute, 0, len(in))
	for _, a := range in {
		kind := kg.KindString
		if a.Kind != nil {
			kind = *a.Kind
		}
		out = append(out, kg.Attribute{Key: a.Key, Kind: kind, Value: deref(a.Value), List: a.List})
	}
	return out
}

func userProvenance(c auth.Caller, note *string) kg.Provenance {
	return kg.Provenance{Kind: kg.ProvUser, Actor: c.KeyID, Note: deref(note)}
}
