package answer_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	. "kgrag/retrieval/answer"
	"kgrag/retrieval/openaichat"
)

// TestTrace checks that the stored trace holds every input and decision
// behind an answer, for both generation paths.
func TestTrace(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		llm := newFakeLLM(t)
		llm.set(says("澜肌A醇紧致晚霜替换装的价格：379元。{价格：379元}"))
		for _, gen := range []struct {
			name  string
			g     openaichat.Config
			model string
		}{{"extractive", extractive, ExtractiveModel}, {"llm", llm.config(time.Second), "test-model"}} {
			t.Run(gen.name, func(t *testing.T) {
				e := newTestEnv(t, s, gen.g, nil)
				asOf := time.Date(2025, 12, 1, 8, 30, 0, 0, time.UTC)
				a := e.ask(Request{Question: "Ａ醇晚霜替換裝多少錢？", Channel: "Douyin", ConversationID: "conv-9", CustomerID: "cust-7",
					AsOf: asOf, Caller: "bot-key"})
				if a.Status != StatusAnswered {
					t.Fatalf("Ask = %s %s %q", a.Status, a.Reason, a.Text)
				}
				stored, err := s.Trace(context.Background(), e.kb, a.ID)
				if err != nil {
					t.Fatalf("Trace(%s) = %v", a.ID, err)
				}
				tr := stored
				checks := []struct {
					what      string
					got, want any
				}{
					{"id", tr.ID, a.ID},
					{"kb", tr.KB, e.kb},
					{"question", tr.Question, "Ａ醇晚霜替換裝多少錢？"},
					{"normalised question", tr.NormalizedQuestion, "a醇晚霜替换装多少钱?"},
					{"language", tr.Language, "zh"},
					{"channel", tr.Channel, "douyin"},
					{"conversation", tr.ConversationID, "conv-9"},
					{"customer", tr.CustomerID, "cust-7"},
					{"as-of", tr.AsOf.UTC(), asOf},
					{"caller", tr.Caller, "bot-key"},
					{"status", tr.Status, StatusAnswered},
					{"answer", tr.Answer, a.Text},
					{"intent", tr.Intent, "price"},
					{"linked entities", tr.LinkedEntities, []string{"LJ-1013"}},
					{"prompt version", tr.PromptVersion, PromptVersion},
					{"model", tr.Model, gen.model},
					{"citations", len(tr.Citations), len(a.Citations)},
				}
				for _, c := range checks {
					if !reflect.DeepEqual(c.got, c.want) {
						t.Errorf("trace %s = %v, want %v", c.what, c.got, c.want)
					}
				}
				if tr.CreatedAt.IsZero() || tr.Confidence <= 0 || tr.Confidence > 1 {
					t.Errorf("createdAt %v confidence %v", tr.CreatedAt, tr.Confidence)
				}
				// Evidence: every piece with its marker, id and version (facts) or score (chunks).
				facts, chunks := 0, 0
				for i, ev := range tr.Evidence {
					if ev.Marker != fmt.Sprintf("[%d]", i+1) || ev.ID == "" || ev.Text == "" {
						t.Errorf("evidence %d = %+v", i, ev)
					}
					switch ev.Kind {
					case "fact":
						facts++
						if ev.Version < 1 {
							t.Errorf("fact evidence %s has version %d", ev.ID, ev.Version)
						}
					case "chunk":
						chunks++
						if ev.Score <= 0 || ev.Source == "" || len(ev.Entities) == 0 {
							t.Errorf("chunk evidence %s: score %v source %q entities %v", ev.ID, ev.Score, ev.Source, ev.Entities)
						}
					default:
						t.Errorf("evidence kind %q", ev.Kind)
					}
				}
				if facts == 0 || chunks == 0 {
					t.Errorf("evidence has %d facts and %d chunks, want both", facts, chunks)
				}
				// Verification: a check per sentence of the output, the kept ones supported.
				if len(tr.Verification) < len(SplitAnswer(a.Text)) {
					t.Errorf("verification has %d checks for %d sentences", len(tr.Verification), len(SplitAnswer(a.Text)))
				}
				for _, s := range SplitAnswer(a.Text) {
					i := slices.IndexFunc(tr.Verification, func(c kg.SentenceCheck) bool { return c.Sentence == s })
					if i < 0 || !tr.Verification[i].Supported || len(tr.Verification[i].Citations) == 0 {
						t.Errorf("sentence %q has no supported check in %+v", s, tr.Verification)
					}
				}
				// Latency: every stage, in order.
				var stages []string
				for _, l := range tr.Latency {
					stages = append(stages, l.Stage)
					if l.Micros < 0 {
						t.Errorf("stage %s took %d µs", l.Stage, l.Micros)
					}
				}
				want := []string{"understand", "link", "graph", "search", "select", "verify", "compose"}
				if gen.g.Model != "" {
					want = []string{"understand", "link", "graph", "search", "select", "generate", "verify", "compose"}
				}
				if !slices.Equal(stages, want) {
					t.Errorf("latency stages = %v, want %v", stages, want)
				}
				if tr.RawOutput == "" {
					t.Errorf("raw output is empty")
				}
				if gen.g.Model != "" && (!strings.Contains(tr.Prompt, "Evidence:") || tr.RawOutput != "澜肌A醇紧致晚霜替换装的价格：379元。[1]") {
					t.Errorf("LLM trace prompt %q raw %q", tr.Prompt, tr.RawOutput)
				}
			})
		}
	})
}

// TestReplay changes a price after an answer: replay's then keeps the old
// price, now has the new one, and nothing new is stored.
func TestReplay(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		ctx := context.Background()
		e := newTestEnv(t, s, extractive, nil)
		a := e.ask(Request{Question: "A醇晚霜替换装多少钱", Channel: "tmall"})
		if !strings.Contains(a.Text, "379元") {
			t.Fatalf("answer = %q, want 379元", a.Text)
		}
		time.Sleep(10 * time.Millisecond) // the change is later than the answer
		if _, err := s.Apply(ctx, e.kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "LJ-1013",
			Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: "359"}},
			Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "tina", Note: "price cut"}}}}); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Traces(ctx, e.kb, kg.TraceQuery{First: kg.MaxPage})
		orig, then, now, err := e.eng.Replay(ctx, e.kb, a.ID)
		if err != nil {
			t.Fatalf("Replay = %v", err)
		}
		cases := []struct {
			name     string
			tr       kg.Trace
			say, not string
			version  int64
		}{
			{"original", orig, "379元", "359元", 1},
			{"then", then, "379元", "359元", 1},
			{"now", now, "359元", "379元", 2},
		}
		for _, tc := range cases {
			if !strings.Contains(tc.tr.Answer, tc.say) || strings.Contains(tc.tr.Answer, tc.not) {
				t.Errorf("%s = %q, want %s and not %s", tc.name, tc.tr.Answer, tc.say, tc.not)
			}
			i := slices.IndexFunc(tc.tr.Citations, func(c kg.Citation) bool { return c.ID == "LJ-1013" })
			if i < 0 || tc.tr.Citations[i].Version != tc.version {
				t.Errorf("%s citations = %+v, want LJ-1013 v%d", tc.name, tc.tr.Citations, tc.version)
			}
			if tc.tr.Question != a.Trace.Question || tc.tr.Channel != "tmall" {
				t.Errorf("%s asked %q on %q, want the original question and channel", tc.name, tc.tr.Question, tc.tr.Channel)
			}
		}
		if !then.AsOf.Equal(orig.AsOf) || !now.AsOf.After(orig.AsOf) {
			t.Errorf("as-of: orig %v then %v now %v", orig.AsOf, then.AsOf, now.AsOf)
		}
		after, _ := s.Traces(ctx, e.kb, kg.TraceQuery{First: kg.MaxPage})
		if len(after.Traces) != len(before.Traces) {
			t.Errorf("replay stored %d traces, want none", len(after.Traces)-len(before.Traces))
		}
		if _, _, _, err := e.eng.Replay(ctx, e.kb, "ans-missing"); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("Replay(missing) = %v, want ErrNotFound", err)
		}
		if _, _, _, err := e.eng.Replay(ctx, kgtest.NewKB(t), a.ID); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("Replay from another knowledge base = %v, want ErrNotFound", err)
		}
	})
}
