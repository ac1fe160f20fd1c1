package graph_test

import (
	"strings"
	"testing"

	"kgrag/graph"
	"kgrag/kg/kgtest/teststore"
)

// TestListAttributeValue: a LIST attribute's value is its items joined
// with 、 (the schema says so), and list keeps the items.
func TestListAttributeValue(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	var got struct {
		Attributes []struct {
			Key   string   `json:"key"`
			Kind  string   `json:"kind"`
			Value string   `json:"value"`
			List  []string `json:"list"`
		} `json:"attributes"`
	}
	e.ok(keyTrainer, `mutation($in: EntityInput!) { upsertEntity(input: $in) { attributes { key kind value list } } }`, map[string]any{"in": map[string]any{
		"id": "P-1", "type": "Product", "name": "P one",
		"attributes": []map[string]any{{"key": "colors", "kind": "LIST", "list": []string{"red", "blue"}}},
	}}, "upsertEntity", &got)
	if len(got.Attributes) != 1 || got.Attributes[0].Value != "red、blue" || strings.Join(got.Attributes[0].List, ",") != "red,blue" {
		t.Fatalf("LIST attribute = %+v, want value red、blue and list [red blue]", got.Attributes)
	}
}
