package graph_test

import (
	"testing"

	"github.com/vektah/gqlparser/v2"

	"kgrag/graph"
	"kgrag/graph/playground"
)

// TestPlaygroundTabsAreValid: the playground's example tabs are valid
// operations of the schema, so a schema change that breaks one fails here.
func TestPlaygroundTabsAreValid(t *testing.T) {
	tabs, err := playground.Tabs()
	if err != nil {
		t.Fatal(err)
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, tb := range tabs {
		if _, errs := gqlparser.LoadQuery(schema, tb.Query); len(errs) > 0 {
			t.Errorf("tab %s: %v", tb.Name, errs)
		}
	}
}
