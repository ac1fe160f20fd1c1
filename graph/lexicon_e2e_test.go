package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/graph"
	"kgrag/kg"
)

// newLexiconEnv is newEnv with a small catalog with nested specs in e.kb
// and its lexicon built; entity edits rebuild it after 20 ms.
func newLexiconEnv(t *testing.T, s kg.Store) *env {
	t.Helper()
	ctx := context.Background()
	e := newEnv(t, s, graph.Limits{})
	kb := e.kb
	e.svc.Lexicon.Debounce = 20 * time.Millisecond
	num := func(v float64) *float64 { return &v }
	prov := kg.Provenance{Kind: kg.ProvSource, Source: "products.jsonl"}
	if _, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{
		{ID: "RB-100", Type: "Product", Name: "云扫扫地机器人 AF45", Channels: &[]string{"tmall"}, Provenance: prov,
			Attributes: []kg.Attribute{{Key: "吸力", Kind: kg.KindString, Value: "8000Pa", Path: "specs.吸力", Num: num(8000), Unit: "Pa"}}},
		{ID: "RB-200", Type: "Product", Name: "云扫扫地机器人 X7", Channels: &[]string{"douyin"}, Provenance: prov,
			Attributes: []kg.Attribute{{Key: "吸力", Kind: kg.KindString, Value: "12000Pa", Path: "specs.吸力", Num: num(12000), Unit: "Pa"}}},
		{ID: "category:扫地机器人", Type: "Category", Name: "扫地机器人", Provenance: prov},
	}, Relations: []kg.RelationUpsert{{From: "RB-100", Type: "IN_CATEGORY", To: "category:扫地机器人", Provenance: prov}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Lexicon.Rebuild(ctx, kb); err != nil {
		t.Fatal(err)
	}
	return e
}

type lexiconJSON struct {
	KB         string `json:"kb"`
	Attributes []struct {
		Key         string   `json:"key"`
		Paths       []string `json:"paths"`
		Units       []string `json:"units"`
		EntityTypes []string `json:"entityTypes"`
		Count       int      `json:"count"`
		Samples     []string `json:"samples"`
	} `json:"attributes"`
	Groups []struct {
		Name    string `json:"name"`
		Members int    `json:"members"`
	} `json:"groups"`
	Channels []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"channels"`
	Entities struct {
		Nodes []struct {
			ID     string   `json:"id"`
			Codes  []string `json:"codes"`
			Parent *string  `json:"parent"`
		} `json:"nodes"`
		PageInfo struct {
			EndCursor   *string `json:"endCursor"`
			HasNextPage bool    `json:"hasNextPage"`
		} `json:"pageInfo"`
		TotalCount int `json:"totalCount"`
	} `json:"entities"`
	Synonyms []struct {
		Term   string  `json:"term"`
		Kind   string  `json:"kind"`
		Target string  `json:"target"`
		Lang   *string `json:"lang"`
		Actor  *string `json:"actor"`
	} `json:"synonyms"`
	SynonymsVersion int `json:"synonymsVersion"`
}

const lexiconFields = `kb attributes { key paths units entityTypes count samples } groups { name members } channels { code name }
	entities(first: $first, after: $after) { nodes { id codes parent } pageInfo { endCursor hasNextPage } totalCount }
	synonyms { term kind target lang actor } synonymsVersion`

const lexiconQuery = `query($first: Int, $after: String) { lexicon { ` + lexiconFields + ` } }`

const addSynonym = `mutation($in: SynonymInput!, $first: Int, $after: String) { addSynonym(input: $in) { ` + lexiconFields + ` } }`

const removeSynonym = `mutation($in: SynonymRemoveInput!, $first: Int, $after: String) { removeSynonym(input: $in) { ` + lexiconFields + ` } }`

// TestLexiconAuth: agents, trainers, auditors and admins read the lexicon;
// trainers and admins edit it; chat does neither.
func TestLexiconAuth(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newLexiconEnv(t, s)
		for _, tc := range []struct {
			role    string
			key     string
			read    string
			edit    string
			rebuild string
		}{
			{"chat", keyChat, graph.CodeForbidden, graph.CodeForbidden, graph.CodeForbidden},
			{"agent", keyAgent, "", graph.CodeForbidden, graph.CodeForbidden},
			{"auditor", keyAuditor, "", graph.CodeForbidden, graph.CodeForbidden},
			{"trainer", keyTrainer, "", "", ""},
			{"admin", keyAdmin, "", "", ""},
		} {
			t.Run(tc.role, func(t *testing.T) {
				kb := ""
				if tc.key == keyAdmin {
					kb = e.kb
				}
				if r := e.do(tc.key, kb, lexiconQuery, nil); r.code() != tc.read {
					t.Errorf("lexicon as %s: code %q (%+v), want %q", tc.role, r.code(), r.Errors, tc.read)
				}
				in := map[string]any{"term": "吸力大小-" + tc.role, "kind": "ATTRIBUTE", "target": "吸力"}
				if r := e.do(tc.key, kb, addSynonym, map[string]any{"in": in}); r.code() != tc.edit {
					t.Errorf("addSynonym as %s: code %q (%+v), want %q", tc.role, r.code(), r.Errors, tc.edit)
				}
				if r := e.do(tc.key, kb, removeSynonym, map[string]any{"in": in}); r.code() != tc.edit {
					t.Errorf("removeSynonym as %s: code %q (%+v), want %q", tc.role, r.code(), r.Errors, tc.edit)
				}
				if r := e.do(tc.key, kb, `mutation { rebuildLexicon { kb } }`, nil); r.code() != tc.rebuild {
					t.Errorf("rebuildLexicon as %s: code %q (%+v), want %q", tc.role, r.code(), r.Errors, tc.rebuild)
				}
			})
		}
	})
}

// TestLexiconSynonyms: a trainer reads the lexicon, adds a synonym with the
// version read, an agent sees it, a stale version conflicts, a wrong target
// says what exists, the synonym is removed, and the auditor sees both
// edits in the audit log.
func TestLexiconSynonyms(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newLexiconEnv(t, s)
		var l lexiconJSON
		e.ok(keyTrainer, lexiconQuery, map[string]any{"first": 1}, "lexicon", &l)
		if l.KB != e.kb || len(l.Attributes) != 1 || l.Attributes[0].Key != "吸力" || !slices.Equal(l.Attributes[0].Paths, []string{"specs.吸力"}) ||
			!slices.Equal(l.Attributes[0].Units, []string{"Pa"}) || l.Attributes[0].Count != 2 || len(l.Attributes[0].Samples) != 2 {
			t.Errorf("lexicon attributes = %+v", l.Attributes)
		}
		if len(l.Groups) != 1 || l.Groups[0].Members != 1 || len(l.Channels) != 2 || l.Channels[0].Code != "tmall" || l.Channels[0].Name != "天猫" {
			t.Errorf("groups %+v, channels %+v", l.Groups, l.Channels)
		}
		if len(l.Entities.Nodes) != 1 || l.Entities.Nodes[0].ID != "RB-100" || !slices.Contains(l.Entities.Nodes[0].Codes, "AF45") ||
			!l.Entities.PageInfo.HasNextPage || l.Entities.TotalCount != 3 {
			t.Errorf("entities page 1 = %+v", l.Entities)
		}
		var next lexiconJSON
		e.ok(keyAgent, lexiconQuery, map[string]any{"first": 5, "after": *l.Entities.PageInfo.EndCursor}, "lexicon", &next)
		if len(next.Entities.Nodes) != 2 || next.Entities.Nodes[0].ID != "RB-200" || next.Entities.PageInfo.HasNextPage {
			t.Errorf("entities page 2 = %+v", next.Entities)
		}

		in := map[string]any{"term": "suction", "kind": "ATTRIBUTE", "target": "specs.吸力", "baseVersion": l.SynonymsVersion}
		var added lexiconJSON
		e.ok(keyTrainer, addSynonym, map[string]any{"in": in}, "addSynonym", &added)
		if added.SynonymsVersion != 1 || len(added.Synonyms) != 1 || deref(added.Synonyms[0].Lang) != "en" || deref(added.Synonyms[0].Actor) != "tina" {
			t.Fatalf("after addSynonym: %+v", added)
		}
		var seen lexiconJSON
		e.ok(keyAgent, lexiconQuery, nil, "lexicon", &seen)
		if seen.SynonymsVersion != 1 || len(seen.Synonyms) != 1 || seen.Synonyms[0].Term != "suction" {
			t.Errorf("agent reads synonyms %+v (version %d)", seen.Synonyms, seen.SynonymsVersion)
		}

		for _, tc := range []struct {
			name string
			in   map[string]any
			code string
			msg  string
		}{
			{"stale version", map[string]any{"term": "吸尘力", "kind": "ATTRIBUTE", "target": "吸力", "baseVersion": 0}, graph.CodeConflict, "version 1"},
			{"unknown attribute", map[string]any{"term": "噪音", "kind": "ATTRIBUTE", "target": "噪音"}, graph.CodeBadUserInput, "吸力 (specs.吸力)"},
			{"unknown channel", map[string]any{"term": "京东店", "kind": "CHANNEL", "target": "jd"}, graph.CodeBadUserInput, "tmall"},
			{"term too long", map[string]any{"term": strings.Repeat("吸", 65), "kind": "ATTRIBUTE", "target": "吸力"}, graph.CodeBadUserInput, "64"},
			{"bad kind", map[string]any{"term": "吸", "kind": "WORD", "target": "吸力"}, "GRAPHQL_VALIDATION_FAILED", ""},
		} {
			r := e.do(keyTrainer, "", addSynonym, map[string]any{"in": tc.in})
			if r.code() != tc.code || (tc.msg != "" && !strings.Contains(r.Errors[0].Message, tc.msg)) {
				t.Errorf("%s: addSynonym = %q %+v, want %s mentioning %q", tc.name, r.code(), r.Errors, tc.code, tc.msg)
			}
		}
		// The other knowledge base has none of this one's attributes.
		if r := e.do(keyOther, "", addSynonym, map[string]any{"in": map[string]any{"term": "吸", "kind": "ATTRIBUTE", "target": "吸力"}}); r.code() != graph.CodeBadUserInput {
			t.Errorf("addSynonym in another knowledge base = %q %+v, want BAD_USER_INPUT", r.code(), r.Errors)
		}

		rm := map[string]any{"term": "suction", "kind": "ATTRIBUTE", "target": "specs.吸力", "baseVersion": 1}
		var removed lexiconJSON
		e.ok(keyTrainer, removeSynonym, map[string]any{"in": rm}, "removeSynonym", &removed)
		if removed.SynonymsVersion != 2 || len(removed.Synonyms) != 0 {
			t.Errorf("after removeSynonym: %+v", removed)
		}
		if r := e.do(keyTrainer, "", removeSynonym, map[string]any{"in": rm}); r.code() != graph.CodeNotFound {
			t.Errorf("removeSynonym again = %q %+v, want NOT_FOUND", r.code(), r.Errors)
		}

		log := e.auditLog()
		var actions []string
		for _, n := range log.Nodes {
			if n.Actor == "tina" {
				actions = append(actions, n.Action+" "+n.Subject)
			}
		}
		want := []string{"addSynonym synonym:ATTRIBUTE:suction→specs.吸力", "removeSynonym synonym:ATTRIBUTE:suction→specs.吸力"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit log = %q, want %q", actions, want)
		}
	})
}

// TestLexiconRebuild: a trainer's new product is in the lexicon after
// rebuildLexicon, and after an entity edit without one (rebuilt in the
// background); a page larger than 200 is refused.
func TestLexiconRebuild(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newLexiconEnv(t, s)
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "RB-300", "type": "Product", "name": "云扫洗地机 W9"}},
			"upsertEntity", &entityJSON{})
		var l lexiconJSON
		e.ok(keyTrainer, `mutation($first: Int, $after: String) { rebuildLexicon { `+lexiconFields+` } }`, nil, "rebuildLexicon", &l)
		if l.Entities.TotalCount != 4 {
			t.Errorf("after rebuildLexicon: %d entities, want 4", l.Entities.TotalCount)
		}

		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "RB-400", "type": "Product", "name": "云扫 V8"}},
			"upsertEntity", &entityJSON{})
		deadline := time.Now().Add(30 * time.Second)
		for l.Entities.TotalCount != 5 {
			if time.Now().After(deadline) {
				t.Fatalf("RB-400 not in the lexicon 30 s after it was created: %d entities", l.Entities.TotalCount)
			}
			time.Sleep(50 * time.Millisecond)
			e.ok(keyAgent, lexiconQuery, nil, "lexicon", &l)
		}

		if r := e.do(keyAgent, "", `{ lexicon { entities(first: 1000) { nodes { id } } } }`, nil); r.code() != graph.CodeBadUserInput {
			t.Errorf("entities(first: 1000) = %q %+v, want BAD_USER_INPUT", r.code(), r.Errors)
		}
	})
}
