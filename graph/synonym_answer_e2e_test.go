package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"kgrag/kg"
)

// TestSynonymChangesNextAnswer: a trainer's synonym, added over GraphQL,
// is what the next question is understood by. "清洁力度" names no key of
// the catalog; once it is a synonym of 吸力, the same question is answered
// with the suction, and the trace's plan says why.
func TestSynonymChangesNextAnswer(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newLexiconEnv(t, s)
		const q = `mutation($in: AskInput!) { ask(input: $in) { text status trace { plan { operation attributes { key why } entities { id why } } } } }`
		type planJSON struct {
			Text  string `json:"text"`
			Trace struct {
				Plan struct {
					Attributes []struct{ Key, Why string } `json:"attributes"`
					Entities   []struct{ ID, Why string }  `json:"entities"`
				} `json:"plan"`
			} `json:"trace"`
		}
		ask := func() planJSON {
			t.Helper()
			r := e.do(keyAdmin, e.kb, q, map[string]any{"in": map[string]any{"question": "AF45的清洁力度怎么样"}})
			if len(r.Errors) > 0 {
				t.Fatalf("ask: errors %+v", r.Errors)
			}
			var a planJSON
			if err := json.Unmarshal(r.Data["ask"], &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		before := ask()
		if strings.Contains(before.Text, "8000Pa") {
			t.Fatalf("before the synonym the answer already states the suction: %q", before.Text)
		}
		in := map[string]any{"term": "清洁力度", "kind": "ATTRIBUTE", "target": "吸力"}
		var l lexiconJSON
		e.ok(keyTrainer, addSynonym, map[string]any{"in": in}, "addSynonym", &l)
		after := ask()
		if !strings.Contains(after.Text, "8000Pa") {
			t.Fatalf("after the synonym the answer = %q (plan %+v), want the suction 8000Pa", after.Text, after.Trace.Plan)
		}
		found := false
		for _, a := range after.Trace.Plan.Attributes {
			if a.Key == "吸力" && strings.Contains(a.Why, "清洁力度") {
				found = true
			}
		}
		if !found {
			t.Errorf("plan attributes = %+v, want 吸力 chosen by the trainer synonym 清洁力度", after.Trace.Plan.Attributes)
		}
	})
}
