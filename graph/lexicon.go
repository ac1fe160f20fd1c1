package graph

import (
	"context"
	"fmt"

	"kgrag/graph/auth"
	"kgrag/kg"
	"kgrag/kg/lexicon"
)

// lexiconFor checks the right and returns the caller and the lexicon service.
func (r *Resolver) lexiconFor(ctx context.Context, a auth.Action) (auth.Caller, *lexicon.Service, error) {
	c, err := caller(ctx, a)
	if err != nil {
		return c, nil, err
	}
	if r.Lexicons == nil {
		return c, nil, fmt.Errorf("the lexicon is not configured on this server: %w", kg.ErrUnavailable)
	}
	return c, r.Lexicons, nil
}

// synonymsBase reads an optional baseVersion: omitted means no check.
func synonymsBase(v *int) int64 {
	if v == nil {
		return kg.AnyVersion
	}
	return int64(*v)
}
