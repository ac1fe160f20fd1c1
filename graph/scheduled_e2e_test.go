package graph_test

import (
	"testing"
	"time"

	"kgrag/graph"
	"kgrag/kg"
)

// TestScheduledChanges is the README's workflow of issue 13: after a change
// is scheduled, edits effective now still apply (and carry over), a
// scheduled change can be listed and cancelled, and retiring means now.
func TestScheduledChanges(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		future := time.Now().UTC().AddDate(1, 0, 0).Format(time.DateOnly)
		set := func(price string) []map[string]any {
			return []map[string]any{{"key": "price_cny", "kind": "NUMBER", "value": price}}
		}
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "type": "Product", "name": "x", "attributes": set("259")}}, "upsertEntity", &entityJSON{})
		var sched entityJSON
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "validFrom": future, "attributes": set("199")}}, "upsertEntity", &sched)

		// An edit effective now applies to the current version.
		var now entityJSON
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "name": "y", "baseVersion": 1}}, "upsertEntity", &now)
		if now.Name != "y" || now.attr("price_cny") != "259" {
			t.Errorf("edit now = %+v, want name y at 259", now)
		}
		var got entityJSON
		e.ok(keyTrainer, `query($at: Time) { entity(id: "P1", asOf: $at) { `+entityFields+` } }`, map[string]any{"at": future}, "entity", &got)
		if got.Name != "y" || got.attr("price_cny") != "199" {
			t.Errorf("as of %s = %s at %s, want y (carried over) at 199 (scheduled)", future, got.Name, got.attr("price_cny"))
		}

		const list = `query($id: ID!) { scheduledChanges(entityId: $id) { totalCount nodes { version validFrom entity { name attributes { key value } } relation { id } } pageInfo { hasNextPage } } }`
		var page struct {
			TotalCount int `json:"totalCount"`
			Nodes      []struct {
				Version   int         `json:"version"`
				ValidFrom string      `json:"validFrom"`
				Entity    *entityJSON `json:"entity"`
				Relation  *struct{}   `json:"relation"`
			} `json:"nodes"`
		}
		e.ok(keyTrainer, list, map[string]any{"id": "P1"}, "scheduledChanges", &page)
		if page.TotalCount != 1 || len(page.Nodes) != 1 || page.Nodes[0].Entity == nil || page.Nodes[0].Entity.attr("price_cny") != "199" ||
			page.Nodes[0].Relation != nil || page.Nodes[0].ValidFrom[:10] != future {
			t.Fatalf("scheduledChanges = %+v", page)
		}
		if r := e.do(keyAgent, "", list, map[string]any{"id": "P1"}); r.code() != graph.CodeForbidden {
			t.Errorf("agent listing scheduled changes: code %q, want FORBIDDEN", r.code())
		}

		const cancel = `mutation($id: ID!, $v: Int!) { cancelScheduledChange(entityId: $id, version: $v, note: "not yet") { ` + entityFields + ` } }`
		if r := e.do(keyTrainer, "", cancel, map[string]any{"id": "P1", "v": 1}); r.code() != graph.CodeBadUserInput {
			t.Errorf("cancel a version in effect: code %q (%+v), want BAD_USER_INPUT", r.code(), r.Errors)
		}
		var after entityJSON
		e.ok(keyTrainer, cancel, map[string]any{"id": "P1", "v": page.Nodes[0].Version}, "cancelScheduledChange", &after)
		if after.attr("price_cny") != "259" || after.Name != "y" {
			t.Errorf("cancel = %+v, want y at 259", after)
		}
		e.ok(keyTrainer, `query($at: Time) { entity(id: "P1", asOf: $at) { `+entityFields+` } }`, map[string]any{"at": future}, "entity", &got)
		if got.attr("price_cny") != "259" {
			t.Errorf("as of %s after cancel = %s, want 259", future, got.attr("price_cny"))
		}
		e.ok(keyTrainer, list, map[string]any{"id": "P1"}, "scheduledChanges", &page)
		if page.TotalCount != 0 {
			t.Errorf("scheduledChanges after cancel = %+v, want none", page)
		}

		// A relation's scheduled change is listed and cancelled too.
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P2", "type": "Product", "name": "z"}}, "upsertEntity", &entityJSON{})
		e.ok(keyTrainer, `mutation { upsertRelation(input: {from: "P2", type: "REPLACES", to: "P1"}) { id } }`, nil, "upsertRelation", &struct{}{})
		e.ok(keyTrainer, `mutation($at: Time) { upsertRelation(input: {from: "P2", type: "REPLACES", to: "P1", validFrom: $at, channels: ["tmall"]}) { id } }`,
			map[string]any{"at": future}, "upsertRelation", &struct{}{})
		var rpage struct {
			Nodes []struct {
				Version  int `json:"version"`
				Relation *struct {
					ID string `json:"id"`
				} `json:"relation"`
			} `json:"nodes"`
		}
		e.ok(keyTrainer, list, map[string]any{"id": "P1"}, "scheduledChanges", &rpage)
		if len(rpage.Nodes) != 1 || rpage.Nodes[0].Relation == nil || rpage.Nodes[0].Relation.ID != "P2-[REPLACES]->P1" {
			t.Fatalf("scheduledChanges with a relation change = %+v", rpage)
		}
		var rel struct {
			Channels []string `json:"channels"`
			ValidTo  *string  `json:"validTo"`
		}
		e.ok(keyTrainer, `mutation($v: Int!) { cancelScheduledRelationChange(from: "P2", type: "REPLACES", to: "P1", version: $v) { channels validTo } }`,
			map[string]any{"v": rpage.Nodes[0].Version}, "cancelScheduledRelationChange", &rel)
		if len(rel.Channels) != 0 || rel.ValidTo != nil {
			t.Errorf("cancelScheduledRelationChange = %+v, want the relation as it was, open", rel)
		}

		// Retire means now, even with a change scheduled.
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "validFrom": future, "attributes": set("199")}}, "upsertEntity", &sched)
		var retired entityJSON
		e.ok(keyTrainer, `mutation { retireEntity(id: "P1") { `+entityFields+` } }`, nil, "retireEntity", &retired)
		if vf, err := time.Parse(time.RFC3339, retired.ValidFrom); err != nil || retired.Status != "RETIRED" || vf.After(time.Now().Add(time.Hour)) {
			t.Errorf("retireEntity = %s from %s, want RETIRED from now", retired.Status, retired.ValidFrom)
		}
		e.ok(keyTrainer, `{ entity(id: "P1") { `+entityFields+` } }`, nil, "entity", &got)
		if got.Status != "RETIRED" {
			t.Errorf("status now after retire = %s, want RETIRED", got.Status)
		}
		e.ok(keyTrainer, list, map[string]any{"id": "P1"}, "scheduledChanges", &page)
		if page.TotalCount != 0 {
			t.Errorf("scheduledChanges after retire = %+v, want none (cancelled)", page)
		}
	})
}
