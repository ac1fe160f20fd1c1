package qdrantvec

import (
	"errors"
	"testing"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"kgrag/retrieval"
)

// The expected filters are written out condition by condition from
// Qdrant's documented semantics, not with buildFilter's helpers.

func kbCond(kb string) *qdrant.Condition {
	return &qdrant.Condition{ConditionOneOf: &qdrant.Condition_Field{Field: &qdrant.FieldCondition{
		Key: "kb", Match: &qdrant.Match{MatchValue: &qdrant.Match_Keyword{Keyword: kb}}}}}
}

func anyCond(key string, vs ...string) *qdrant.Condition {
	return &qdrant.Condition{ConditionOneOf: &qdrant.Condition_Field{Field: &qdrant.FieldCondition{
		Key: key, Match: &qdrant.Match{MatchValue: &qdrant.Match_Keywords{Keywords: &qdrant.RepeatedStrings{Strings: vs}}}}}}
}

func emptyCond(key string) *qdrant.Condition {
	return &qdrant.Condition{ConditionOneOf: &qdrant.Condition_IsEmpty{IsEmpty: &qdrant.IsEmptyCondition{Key: key}}}
}

func or(cs ...*qdrant.Condition) *qdrant.Condition {
	return &qdrant.Condition{ConditionOneOf: &qdrant.Condition_Filter{Filter: &qdrant.Filter{Should: cs}}}
}

func channelCond(ch string) *qdrant.Condition {
	return or(emptyCond("channels"), &qdrant.Condition{ConditionOneOf: &qdrant.Condition_Field{Field: &qdrant.FieldCondition{
		Key: "channels", Match: &qdrant.Match{MatchValue: &qdrant.Match_Keyword{Keyword: ch}}}}})
}

func dateCond(key string, r *qdrant.DatetimeRange) *qdrant.Condition {
	return &qdrant.Condition{ConditionOneOf: &qdrant.Condition_Field{Field: &qdrant.FieldCondition{Key: key, DatetimeRange: r}}}
}

// asOfConds: (validFrom empty OR validFrom ≤ t) AND (validTo empty OR validTo > t).
func asOfConds(t time.Time) []*qdrant.Condition {
	ts := timestamppb.New(t)
	return []*qdrant.Condition{
		or(emptyCond("validFrom"), dateCond("validFrom", &qdrant.DatetimeRange{Lte: ts})),
		or(emptyCond("validTo"), dateCond("validTo", &qdrant.DatetimeRange{Gt: ts})),
	}
}

func must(cs ...*qdrant.Condition) *qdrant.Filter { return &qdrant.Filter{Must: cs} }

func TestBuildFilter(t *testing.T) {
	at := time.Date(2025, 11, 11, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    retrieval.Filter
		want *qdrant.Filter
	}{
		{"kb only", retrieval.Filter{KB: "lj"}, must(kbCond("lj"))},
		{"empty lists add nothing", retrieval.Filter{KB: "lj", SourceIDs: []string{}, EntityIDs: []string{}, Kinds: []string{}, IDs: []string{}},
			must(kbCond("lj"))},
		{"channel", retrieval.Filter{KB: "lj", Channel: "douyin"}, must(kbCond("lj"), channelCond("douyin"))},
		{"as of", retrieval.Filter{KB: "lj", AsOf: at}, must(append([]*qdrant.Condition{kbCond("lj")}, asOfConds(at)...)...)},
		{"as of in another zone is the same instant",
			retrieval.Filter{KB: "lj", AsOf: at.In(time.FixedZone("CST", 8*3600))},
			must(append([]*qdrant.Condition{kbCond("lj")}, asOfConds(at)...)...)},
		{"sources", retrieval.Filter{KB: "lj", SourceIDs: []string{"faq.csv", "products.jsonl"}},
			must(kbCond("lj"), anyCond("sourceId", "faq.csv", "products.jsonl"))},
		{"entities", retrieval.Filter{KB: "lj", EntityIDs: []string{"P-1"}}, must(kbCond("lj"), anyCond("entityIds", "P-1"))},
		{"kinds", retrieval.Filter{KB: "lj", Kinds: []string{"faq", "policy"}}, must(kbCond("lj"), anyCond("kind", "faq", "policy"))},
		{"ids", retrieval.Filter{KB: "lj", IDs: []string{"c1", "c2"}}, must(kbCond("lj"), anyCond("id", "c1", "c2"))},
		{"everything", retrieval.Filter{KB: "lj", Channel: "tmall", AsOf: at, SourceIDs: []string{"s"}, EntityIDs: []string{"e"},
			Kinds: []string{"policy"}, IDs: []string{"c"}},
			must(append(append([]*qdrant.Condition{kbCond("lj"), channelCond("tmall")}, asOfConds(at)...),
				anyCond("sourceId", "s"), anyCond("entityIds", "e"), anyCond("kind", "policy"), anyCond("id", "c"))...)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := buildFilter(tc.f)
			if err != nil {
				t.Fatalf("buildFilter(%+v) = %v", tc.f, err)
			}
			if !proto.Equal(got, tc.want) {
				t.Errorf("buildFilter(%+v) =\n%s\nwant\n%s", tc.f, prototext.Format(got), prototext.Format(tc.want))
			}
		})
	}
	if _, err := buildFilter(retrieval.Filter{Channel: "web"}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("buildFilter without KB = %v, want ErrInvalid", err)
	}
}

// TestFilterIndexed checks that every payload key a filter tests has a
// payload index (Qdrant Cloud's strict mode refuses the others).
func TestFilterIndexed(t *testing.T) {
	f, err := buildFilter(retrieval.Filter{KB: "lj", Channel: "c", AsOf: time.Now(), SourceIDs: []string{"s"},
		EntityIDs: []string{"e"}, Kinds: []string{"k"}, IDs: []string{"i"}})
	if err != nil {
		t.Fatal(err)
	}
	indexed := map[string]bool{}
	for _, ix := range payloadIndexes {
		indexed[ix.field] = true
	}
	var walk func(f *qdrant.Filter)
	walk = func(f *qdrant.Filter) {
		for _, c := range append(append([]*qdrant.Condition{}, f.GetMust()...), f.GetShould()...) {
			key := c.GetField().GetKey()
			if key == "" {
				key = c.GetIsEmpty().GetKey()
			}
			if sub := c.GetFilter(); sub != nil {
				walk(sub)
				continue
			}
			if !indexed[key] {
				t.Errorf("filter tests %q, which has no payload index", key)
			}
		}
	}
	walk(f)
}
