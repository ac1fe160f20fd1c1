package graph_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"kgrag/graph"
	"kgrag/kg"
)

// auditExempt are the mutations that change no knowledge, so they are not
// in the audit log: questions and their ratings are kept as answer traces
// and ratings instead.
var auditExempt = []string{"ask", "rateAnswer"}

// auditStep runs one mutation and says what its audit entry must hold.
type auditStep struct {
	mutation string // the schema's Mutation field it exercises
	key      string
	query    string
	vars     map[string]any
	upload   map[string][]byte // ingestUpload's files, by name
	inKB     bool              // send the trainer's knowledge base (keys for every knowledge base must name one)
	// The entry: action, actor (key id), subject; before must be absent
	// (a creation) or hold every text of wantBefore; after must be absent
	// (a removal) or hold every text of wantAfter.
	action, actor, subject string
	noBefore, noAfter      bool // a creation has no before, a removal no after
	wantBefore, wantAfter  []string
}

// auditNode is an audit log entry as the API returns it.
type auditNode struct {
	Actor   string  `json:"actor"`
	Action  string  `json:"action"`
	Subject string  `json:"subject"`
	Before  *string `json:"before"`
	After   *string `json:"after"`
}

// TestAuditLogWalk walks every mutation of the schema that changes
// knowledge and checks that the audit log has its entry, with the actor and
// the state before and after. A mutation added to the schema without an
// audit entry (or a step here) fails the test.
func TestAuditLogWalk(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		var correctionID, rejectedID string
		steps := []auditStep{
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-1", type: "Product", name: "审计样品", attributes: [{key: "price_cny", kind: NUMBER, value: "10"}]}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-1", noBefore: true, wantAfter: []string{`"version":1`, `"value":"10"`}},
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-1", baseVersion: 1, note: "price cut", attributes: [{key: "price_cny", kind: NUMBER, value: "8"}]}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-1", wantBefore: []string{`"version":1`, `"value":"10"`}, wantAfter: []string{`"version":2`, `"value":"8"`, "price cut"}},
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-2", type: "Product", name: "Audit Sample"}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-2", noBefore: true, wantAfter: []string{"Audit Sample"}},
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-3", type: "Product", name: "审计替换装"}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-3", noBefore: true},
			{mutation: "upsertRelation", key: keyTrainer,
				query:  `mutation { upsertRelation(input: {from: "aw-3", type: "REFILL_OF", to: "aw-1"}) { version } }`,
				action: "upsertRelation", actor: "tina", subject: "aw-3-[REFILL_OF]->aw-1", noBefore: true, wantAfter: []string{`"version":1`}},
			{mutation: "retireRelation", key: keyTrainer,
				query:  `mutation { retireRelation(from: "aw-3", type: "REFILL_OF", to: "aw-1", note: "wrong") { version } }`,
				action: "retireRelation", actor: "tina", subject: "aw-3-[REFILL_OF]->aw-1", wantBefore: []string{`"status":"ACTIVE"`}, wantAfter: []string{`"status":"RETIRED"`, "wrong"}},
			{mutation: "retireEntity", key: keyTrainer,
				query:  `mutation { retireEntity(id: "aw-3", note: "discontinued") { version } }`,
				action: "retireEntity", actor: "tina", subject: "aw-3", wantBefore: []string{`"status":"ACTIVE"`}, wantAfter: []string{`"status":"RETIRED"`, "discontinued"}},
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-4", type: "Product", name: "审计计划品"}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-4", noBefore: true},
			{mutation: "upsertEntity", key: keyTrainer,
				query:  `mutation { upsertEntity(input: {id: "aw-4", name: "审计计划品二代", validFrom: "2099-01-01"}) { version } }`,
				action: "upsertEntity", actor: "tina", subject: "aw-4", wantAfter: []string{"审计计划品二代"}},
			{mutation: "cancelScheduledChange", key: keyTrainer,
				query:  `mutation { cancelScheduledChange(entityId: "aw-4", version: 2, note: "not yet") { version } }`,
				action: "cancelScheduledChange", actor: "tina", subject: "aw-4", wantBefore: []string{"审计计划品二代", `"version":2`}, wantAfter: []string{"审计计划品", "not yet"}},
			{mutation: "upsertRelation", key: keyTrainer,
				query:  `mutation { upsertRelation(input: {from: "aw-4", type: "COMPATIBLE_WITH", to: "aw-1"}) { version } }`,
				action: "upsertRelation", actor: "tina", subject: "aw-4-[COMPATIBLE_WITH]->aw-1", noBefore: true},
			{mutation: "upsertRelation", key: keyTrainer,
				query:  `mutation { upsertRelation(input: {from: "aw-4", type: "COMPATIBLE_WITH", to: "aw-1", channels: ["web"], validFrom: "2099-01-01"}) { version } }`,
				action: "upsertRelation", actor: "tina", subject: "aw-4-[COMPATIBLE_WITH]->aw-1", wantAfter: []string{"web"}},
			{mutation: "cancelScheduledRelationChange", key: keyTrainer,
				query:  `mutation { cancelScheduledRelationChange(from: "aw-4", type: "COMPATIBLE_WITH", to: "aw-1", version: 2, note: "later") { version } }`,
				action: "cancelScheduledChange", actor: "tina", subject: "aw-4-[COMPATIBLE_WITH]->aw-1", wantBefore: []string{`"version":2`, "web"}, wantAfter: []string{"later"}},
			{mutation: "dismissDuplicate", key: keyTrainer,
				query:  `mutation { dismissDuplicate(a: "aw-1", b: "aw-3") }`,
				action: "dismissDuplicate", actor: "tina", subject: "aw-1|aw-3", noBefore: true},
			{mutation: "mergeEntities", key: keyTrainer,
				query:  `mutation { mergeEntities(keep: "aw-1", merge: "aw-2", note: "same product") { version } }`,
				action: "mergeEntities", actor: "tina", subject: "aw-1", wantBefore: []string{"审计样品", "Audit Sample"}, wantAfter: []string{`"merged":"aw-2"`}},
			{mutation: "ingestSources", key: keyTrainer,
				query:  `mutation { ingestSources(sources: [{id: "faq.csv", content: "id,question,answer,tags\nAW1,可以开发票吗？,可以。,发票\n"}]) { status } }`,
				action: "ingest", actor: "tina", subject: "faq.csv", noBefore: true, wantAfter: []string{`"action":"NEW"`, `"origin":"inline"`, `"entities":1`}},
			{mutation: "ingestSources", key: keyTrainer,
				query:  `mutation { ingestSources(sources: [{id: "faq.csv", content: "id,question,answer,tags\nAW1,可以开发票吗？,可以，在订单页申请。,发票\n"}]) { status } }`,
				action: "ingest", actor: "tina", subject: "faq.csv", wantBefore: []string{`"id":"faq.csv"`, `"status":"OK"`}, wantAfter: []string{`"action":"CHANGED"`}},
			{mutation: "ingestUpload", key: keyTrainer,
				query:  `mutation($files: [Upload!]!) { ingestUpload(files: $files) { status } }`,
				upload: map[string][]byte{"guide.md": []byte("# 指南\n\n先研磨，再萃取。\n")},
				action: "ingest", actor: "tina", subject: "guide.md", noBefore: true, wantAfter: []string{`"origin":"upload"`, `"action":"NEW"`}},
			{mutation: "deleteSources", key: keyTrainer,
				query:  `mutation { deleteSources(ids: ["guide.md"]) { status } }`,
				action: "deleteSources", actor: "tina", subject: "guide.md", wantBefore: []string{`"id":"guide.md"`, `"chunks":1`}, wantAfter: []string{`"action":"REMOVED"`}},
			{mutation: "addSynonym", key: keyTrainer,
				query:  `mutation { addSynonym(input: {term: "价钱", kind: ATTRIBUTE, target: "price_cny"}) { synonymsVersion } }`,
				action: "addSynonym", actor: "tina", subject: "synonym:ATTRIBUTE:价钱→price_cny", noBefore: true, wantAfter: []string{"价钱"}},
			{mutation: "removeSynonym", key: keyTrainer,
				query:  `mutation { removeSynonym(input: {term: "价钱", kind: ATTRIBUTE, target: "price_cny"}) { synonymsVersion } }`,
				action: "removeSynonym", actor: "tina", subject: "synonym:ATTRIBUTE:价钱→price_cny", noAfter: true, wantBefore: []string{"价钱"}},
			{mutation: "rebuildLexicon", key: keyTrainer,
				query:  `mutation { rebuildLexicon { builtAt } }`,
				action: "rebuildLexicon", actor: "tina", subject: "lexicon", wantBefore: []string{`"builtAt"`}, wantAfter: []string{`"builtAt"`, `"attributes":`}},
			{mutation: "submitCorrection", key: keyAgent,
				query:  `mutation { submitCorrection(input: {target: {kind: ATTRIBUTE, entityId: "aw-1", key: "price_cny"}, newValue: "9", reason: "new price list"}) { id } }`,
				action: "submitCorrection", actor: "ana", subject: "", noBefore: true, wantAfter: []string{`"status":"PENDING"`, "new price list"}},
			{mutation: "approveCorrection", key: keyTrainer,
				query:  `mutation($id: ID!) { approveCorrection(id: $id, note: "checked") { id } }`,
				action: "approveCorrection", actor: "tina", wantBefore: []string{`"status":"PENDING"`}, wantAfter: []string{`"status":"APPROVED"`, "checked"}},
			{mutation: "submitCorrection", key: keyAgent,
				query:  `mutation { submitCorrection(input: {target: {kind: ATTRIBUTE, entityId: "aw-1", key: "price_cny"}, newValue: "7", reason: "rumour"}) { id } }`,
				action: "submitCorrection", actor: "ana", noBefore: true},
			{mutation: "rejectCorrection", key: keyTrainer,
				query:  `mutation($id: ID!) { rejectCorrection(id: $id, note: "no source") { id } }`,
				action: "rejectCorrection", actor: "tina", wantBefore: []string{`"status":"PENDING"`}, wantAfter: []string{`"status":"REJECTED"`, "no source"}},
			{mutation: "pruneAnswers", key: keyAdmin, inKB: true,
				query:  `mutation { pruneAnswers(olderThan: "90d") { deleted } }`,
				action: "pruneAnswers", actor: "root", subject: "answers", wantBefore: []string{`"before"`}, wantAfter: []string{`"deleted":0`}},
		}

		// Every knowledge-changing mutation of the schema is walked.
		var mt struct {
			Fields []struct{ Name string } `json:"fields"`
		}
		e.ok(keyTrainer, `{ __type(name: "Mutation") { fields { name } } }`, nil, "__type", &mt)
		if len(mt.Fields) == 0 {
			t.Fatal("introspection found no Mutation fields")
		}
		for _, f := range mt.Fields {
			if !slices.Contains(auditExempt, f.Name) && !slices.ContainsFunc(steps, func(s auditStep) bool { return s.mutation == f.Name }) {
				t.Errorf("mutation %s is not in the audit walk: make it write an audit entry (actor, before, after) and add a step here, or add it to auditExempt if it changes no knowledge", f.Name)
			}
		}

		for i := range steps {
			st := &steps[i]
			vars := st.vars
			switch st.mutation {
			case "approveCorrection":
				vars, st.subject = map[string]any{"id": correctionID}, correctionID
			case "rejectCorrection":
				vars, st.subject = map[string]any{"id": rejectedID}, rejectedID
			}
			var r gqlResponse
			if st.upload != nil {
				var names []string
				for n := range st.upload {
					names = append(names, n)
				}
				r = e.upload(st.key, st.query, map[string]any{"files": []any{nil}}, st.upload, names)
			} else {
				kb := ""
				if st.inKB {
					kb = e.kb
				}
				r = e.do(st.key, kb, st.query, vars)
			}
			if len(r.Errors) > 0 {
				t.Fatalf("step %d (%s): %+v", i, st.mutation, r.Errors)
			}
			if st.mutation == "submitCorrection" {
				var c struct{ ID string }
				json.Unmarshal(r.Data["submitCorrection"], &c)
				st.subject = c.ID
				if correctionID == "" {
					correctionID = c.ID
				} else {
					rejectedID = c.ID
				}
			}
		}

		var log struct {
			Nodes []auditNode `json:"nodes"`
		}
		e.ok(keyAuditor, `{ auditLog(first: 200) { nodes { actor action subject before after } } }`, nil, "auditLog", &log)
		used := make([]bool, len(log.Nodes))
		for i, st := range steps {
			// The step's entry is the first unused one of its action and
			// subject (the log is oldest first, the steps in order).
			j := -1
			for k, n := range log.Nodes {
				if !used[k] && n.Action == st.action && n.Subject == st.subject {
					j = k
					break
				}
			}
			if j < 0 {
				t.Errorf("step %d (%s): no audit entry %s on %q", i, st.mutation, st.action, st.subject)
				continue
			}
			used[j] = true
			n := log.Nodes[j]
			if n.Actor != st.actor {
				t.Errorf("step %d (%s): actor %q, want %q", i, st.mutation, n.Actor, st.actor)
			}
			if st.noAfter != (n.After == nil) {
				t.Errorf("step %d (%s): after = %v, want it only when something remains", i, st.mutation, n.After)
				continue
			}
			if st.noBefore && n.Before != nil {
				t.Errorf("step %d (%s): before = %s, want none (a creation)", i, st.mutation, *n.Before)
			}
			if !st.noBefore && n.Before == nil {
				t.Errorf("step %d (%s): no before", i, st.mutation)
			}
			for _, w := range st.wantBefore {
				if n.Before != nil && !strings.Contains(*n.Before, w) {
					t.Errorf("step %d (%s): before %s lacks %s", i, st.mutation, *n.Before, w)
				}
			}
			for _, w := range st.wantAfter {
				if n.After != nil && !strings.Contains(*n.After, w) {
					t.Errorf("step %d (%s): after %s lacks %s", i, st.mutation, *n.After, w)
				}
			}
		}
	})
}
