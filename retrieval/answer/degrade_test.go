package answer_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kgrag/kg"
	"kgrag/retrieval"
	. "kgrag/retrieval/answer"
)

// downIndex is a chunk index whose server is unreachable, as qdrantvec
// reports it: every search fails with retrieval.ErrUnavailable.
type downIndex struct{}

func (downIndex) Search(context.Context, string, retrieval.Filter, retrieval.SearchOptions) ([]retrieval.Hit, error) {
	return nil, fmt.Errorf("qdrant: connection refused: %w", retrieval.ErrUnavailable)
}

// Losing the chunk index must not fail every answer: what the graph's
// facts state is still answered, with a trace note; what needs the text
// is refused, not an error.
func TestAnswersFromGraphWhenChunkIndexDown(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		env := newTestEnv(t, s, extractive, nil)
		env.eng.Search = downIndex{}

		a := env.ask(Request{Question: "澜肌水光玻尿酸精华液多少钱？"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "259") {
			t.Errorf("price with the index down = %s %s %q, want ANSWERED with 259", a.Status, a.Reason, a.Text)
		}
		if !slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "chunk index unavailable") }) {
			t.Errorf("trace notes %q do not say the chunk index was unavailable", a.Trace.Notes)
		}

		a = env.ask(Request{Question: "退款几天到账？"})
		if a.Status != StatusRefused {
			t.Errorf("a policy question with the index down = %s %q, want REFUSED (it needs the text)", a.Status, a.Text)
		}
	})
}
