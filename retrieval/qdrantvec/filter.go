package qdrantvec

import (
	"fmt"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/protobuf/types/known/timestamppb"

	"kgrag/retrieval"
)

// buildFilter translates a retrieval.Filter into the Qdrant filter with the
// same meaning as memvec's (Chunk.OnChannel, Chunk.ValidAt and the any-of
// lists). Every condition is one element of Must; each "or" is a nested
// filter of its own, because Qdrant reads the Should of one filter as a
// single group:
//
//	kb = KB
//	AND (channels is empty OR channels contains Channel)          if Channel != ""
//	AND (validFrom is empty OR validFrom <= AsOf)                 if !AsOf.IsZero()
//	AND (validTo is empty OR validTo > AsOf)                      if !AsOf.IsZero()
//	AND sourceId in SourceIDs, entityIds ∩ EntityIDs ≠ ∅, kind in Kinds, id in IDs
//
// "Is empty" matches a missing key, null and [] alike, which is what the
// payload leaves for an unset field. Returns ErrInvalid without a KB.
func buildFilter(f retrieval.Filter) (*qdrant.Filter, error) {
	if f.KB == "" {
		return nil, fmt.Errorf("filter without a knowledge base: %w", retrieval.ErrInvalid)
	}
	must := []*qdrant.Condition{qdrant.NewMatchKeyword(fKB, f.KB)}
	either := func(a, b *qdrant.Condition) *qdrant.Condition {
		return qdrant.NewFilterAsCondition(&qdrant.Filter{Should: []*qdrant.Condition{a, b}})
	}
	if f.Channel != "" {
		must = append(must, either(qdrant.NewIsEmpty(fChannels), qdrant.NewMatchKeyword(fChannels, f.Channel)))
	}
	if !f.AsOf.IsZero() {
		t := timestamppb.New(f.AsOf)
		must = append(must,
			either(qdrant.NewIsEmpty(fValidFrom), qdrant.NewDatetimeRange(fValidFrom, &qdrant.DatetimeRange{Lte: t})),
			either(qdrant.NewIsEmpty(fValidTo), qdrant.NewDatetimeRange(fValidTo, &qdrant.DatetimeRange{Gt: t})))
	}
	anyOf := func(key string, vs []string) {
		if len(vs) > 0 {
			must = append(must, qdrant.NewMatchKeywords(key, vs...))
		}
	}
	anyOf(fSourceID, f.SourceIDs)
	anyOf(fEntityIDs, f.EntityIDs)
	anyOf(fKind, f.Kinds)
	anyOf(fID, f.IDs)
	return &qdrant.Filter{Must: must}, nil
}
