package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"kgrag/kg"
)

// connectionJSON is a Relay connection as the API returns it, with each
// node's id (or text) as key.
type connectionJSON struct {
	Edges []struct {
		Cursor string            `json:"cursor"`
		Node   map[string]string `json:"node"`
	} `json:"edges"`
	Nodes    []map[string]string `json:"nodes"`
	PageInfo struct {
		StartCursor     *string `json:"startCursor"`
		EndCursor       *string `json:"endCursor"`
		HasNextPage     bool    `json:"hasNextPage"`
		HasPreviousPage bool    `json:"hasPreviousPage"`
	} `json:"pageInfo"`
}

// TestRelayConnections: every connection has edges with a cursor each
// (the same nodes as nodes, in order), a cursor resumes right after its
// edge, and pageInfo's start and end cursors are the first and last edge's.
func TestRelayConnections(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newAnswerEnv(t, s)
		if _, err := e.svc.Lexicon.Rebuild(context.Background(), e.kb); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"A醇晚霜替换装多少钱", "积雪草修护霜多少钱", "可以开发票吗？"} {
			e.ask(keyChat, map[string]any{"question": q})
		}
		submit := `mutation($in: CorrectionInput!) { submitCorrection(input: $in) { id } }`
		for _, v := range []string{"359", "369", "349"} {
			e.ok(keyAgent, submit, map[string]any{"in": map[string]any{"target": map[string]any{"kind": "ATTRIBUTE", "entityId": "LJ-1013", "key": "price_cny"},
				"oldValue": "379", "newValue": v, "reason": "新价目表", "question": "A醇晚霜替换装多少钱"}}, "submitCorrection", &struct{}{})
		}
		cases := []struct {
			name, key, field, path, args, node string
		}{
			{"entities", keyAgent, "entities", "", `type: "Product"`, "id"},
			{"answers", keyAuditor, "answers", "", "", "id"},
			{"corrections", keyTrainer, "corrections", "", "", "id"},
			{"auditLog", keyAuditor, "auditLog", "", "", "id"},
			{"lexicon.entities", keyAgent, "lexicon", "entities", "", "id"},
			{"lexicon.words", keyAgent, "lexicon", "words", "", "text"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				page := func(first int, after *string) connectionJSON {
					t.Helper()
					args := fmt.Sprintf("first: %d", first)
					if after != nil {
						args += fmt.Sprintf(", after: %q", *after)
					}
					if tc.args != "" {
						args += ", " + tc.args
					}
					sel := fmt.Sprintf(`(%s) { edges { cursor node { %s } } nodes { %s } pageInfo { startCursor endCursor hasNextPage hasPreviousPage } }`, args, tc.node, tc.node)
					q := "{ " + tc.field + sel + " }"
					if tc.path != "" {
						q = "{ " + tc.field + " { " + tc.path + sel + " } }"
					}
					var raw json.RawMessage
					e.ok(tc.key, q, nil, tc.field, &raw)
					if tc.path != "" {
						var m map[string]json.RawMessage
						_ = json.Unmarshal(raw, &m)
						raw = m[tc.path]
					}
					var c connectionJSON
					if err := json.Unmarshal(raw, &c); err != nil {
						t.Fatalf("%s: %v (%s)", q, err, raw)
					}
					return c
				}
				all := page(3, nil)
				if len(all.Edges) < 2 || len(all.Edges) != len(all.Nodes) {
					t.Fatalf("%d edges, %d nodes; want 2 or more, as many edges as nodes", len(all.Edges), len(all.Nodes))
				}
				var cursors []string
				for i, ed := range all.Edges {
					if ed.Node[tc.node] != all.Nodes[i][tc.node] || ed.Cursor == "" {
						t.Errorf("edge %d = %+v, want node %v with a cursor", i, ed, all.Nodes[i])
					}
					cursors = append(cursors, ed.Cursor)
				}
				pi := all.PageInfo
				if deref(pi.StartCursor) != cursors[0] || deref(pi.EndCursor) != cursors[len(cursors)-1] || pi.HasPreviousPage {
					t.Errorf("pageInfo = %+v, want start %q, end %q, no previous page", pi, cursors[0], cursors[len(cursors)-1])
				}
				if len(slices.Compact(slices.Sorted(slices.Values(cursors)))) != len(cursors) {
					t.Errorf("cursors %v repeat", cursors)
				}
				for i := range len(all.Edges) - 1 {
					next := page(1, &cursors[i])
					if len(next.Nodes) != 1 || next.Nodes[0][tc.node] != all.Nodes[i+1][tc.node] || !next.PageInfo.HasPreviousPage {
						t.Errorf("after edge %d's cursor = %+v, want %v and a previous page", i, next, all.Nodes[i+1])
					}
				}
			})
		}
	})
}
