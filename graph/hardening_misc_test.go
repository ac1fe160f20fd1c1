package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"kgrag/graph"
	"kgrag/kg"
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

// TestTextCorrectionMustQuoteText: a TEXT correction whose old statement
// the text does not hold is refused at submission (BAD_USER_INPUT naming
// it); one the policy's text states is accepted.
func TestTextCorrectionMustQuoteText(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	var job jobJSON
	e.ok(keyTrainer, ingestMutation, map[string]any{"s": demoSources}, "ingestSources", &job)
	submit := `mutation($in: CorrectionInput!) { submitCorrection(input: $in) { id status } }`
	in := func(old string) map[string]any {
		return map[string]any{"in": map[string]any{"target": map[string]any{"kind": "TEXT", "entityId": "warranty"},
			"oldValue": old, "newValue": "咖啡机保修3年。", "reason": "保修延长"}}
	}
	r := e.do(keyAgent, "", submit, in("咖啡机保修5年"))
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "咖啡机保修5年") {
		t.Errorf("submitCorrection of a statement the text lacks = %+v, want BAD_USER_INPUT naming it", r.Errors)
	}
	var c struct{ Status string }
	e.ok(keyAgent, submit, in("咖啡机保修2年。"), "submitCorrection", &c)
	if c.Status != "PENDING" {
		t.Errorf("submitCorrection of a stated statement = %+v, want PENDING", c)
	}
}

// TestChatReadsOwnAnswers: a chat key reads the answers it asked itself and
// no other (NOT_FOUND, as for a missing id); agents and auditors read
// every answer of their knowledge base.
func TestChatReadsOwnAnswers(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	ask := `mutation { ask(input: {question: "保修多久？"}) { id } }`
	var mine, agents struct{ ID string }
	e.ok(keyChat, ask, nil, "ask", &mine)
	e.ok(keyAgent, ask, nil, "ask", &agents)
	read := `query($id: ID!) { answer(id: $id) { id text } }`
	cases := []struct {
		name, key, id, code string
	}{
		{"chat reads its own answer", keyChat, mine.ID, ""},
		{"chat may not read another key's answer", keyChat, agents.ID, graph.CodeNotFound},
		{"agent reads the chat key's answer", keyAgent, mine.ID, ""},
		{"auditor reads the chat key's answer", keyAuditor, mine.ID, ""},
		{"trainer may not read answers", keyTrainer, mine.ID, graph.CodeForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.key, "", read, map[string]any{"id": tc.id})
			if r.code() != tc.code {
				t.Errorf("answer(%s) as %s = %q %+v, want %q", tc.id, tc.name, r.code(), r.Errors, tc.code)
			}
			if tc.code != "" && string(r.Data["answer"]) != "null" && len(r.Data["answer"]) > 0 {
				t.Errorf("answer(%s) leaked %s", tc.id, r.Data["answer"])
			}
		})
	}
}

// TestUploadsSharingAName: files of two folders that share a name are not
// collapsed into one source: without ids the upload is BAD_USER_INPUT
// naming both, with ids (relative paths) each is its own source; ids that
// climb out of the tree are refused.
func TestUploadsSharingAName(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	files := map[string][]byte{
		"brand-a/faq.csv": []byte("id,question,answer\nA1,保修多久？,A牌保修1年。\n"),
		"brand-b/faq.csv": []byte("id,question,answer\nB1,保修多久？,B牌保修2年。\n"),
	}
	names := []string{"brand-a/faq.csv", "brand-b/faq.csv"}
	q := `mutation($files: [Upload!]!, $ids: [ID!]) { ingestUpload(files: $files, ids: $ids) { ` + jobFields + ` } }`
	r := e.upload(keyTrainer, q, map[string]any{"files": []any{nil, nil}}, files, names)
	if r.code() != graph.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "files 1") || !strings.Contains(r.Errors[0].Message, "2") {
		t.Errorf("upload of two faq.csv without ids = %+v, want BAD_USER_INPUT naming both files", r.Errors)
	}
	r = e.upload(keyTrainer, q, map[string]any{"files": []any{nil, nil}, "ids": []string{"../faq.csv", "brand-b/faq.csv"}}, files, names)
	if r.code() != graph.CodeBadUserInput {
		t.Errorf("upload with id ../faq.csv = %+v, want BAD_USER_INPUT", r.Errors)
	}
	r = e.upload(keyTrainer, q, map[string]any{"files": []any{nil, nil}, "ids": names}, files, names)
	if len(r.Errors) > 0 {
		t.Fatalf("upload with ids = %+v", r.Errors)
	}
	var job jobJSON
	if err := json.Unmarshal(r.Data["ingestUpload"], &job); err != nil || job.Report == nil || len(job.Report.Sources) != 2 {
		t.Fatalf("upload with ids: job %s, %v", r.Data["ingestUpload"], err)
	}
	for i, s := range job.Report.Sources {
		if s.ID != names[i] || s.Action != "NEW" {
			t.Errorf("source %d = %s %s, want %s NEW", i, s.ID, s.Action, names[i])
		}
	}
}

// TestPruneAnswers: pruneAnswers is admin only, refuses an age it cannot
// read, and deletes the old answers of the caller's knowledge base.
func TestPruneAnswers(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	ctx := context.Background()
	old := time.Now().UTC().Add(-100 * 24 * time.Hour)
	for _, kb := range []string{e.kb, e.kb2} {
		if err := e.svc.Store.PutTrace(ctx, kb, kg.Trace{ID: "ans-old", CreatedAt: old, Question: "q", Status: "ANSWERED"}); err != nil {
			t.Fatal(err)
		}
	}
	var fresh struct{ ID string }
	e.ok(keyChat, `mutation { ask(input: {question: "保修多久？"}) { id } }`, nil, "ask", &fresh)
	q := `mutation($age: String!) { pruneAnswers(olderThan: $age) { deleted protected before } }`
	if r := e.do(keyTrainer, "", q, map[string]any{"age": "90d"}); r.code() != graph.CodeForbidden {
		t.Errorf("pruneAnswers as trainer = %+v, want FORBIDDEN", r.Errors)
	}
	if r := e.do(keyAdmin, e.kb, q, map[string]any{"age": "soon"}); r.code() != graph.CodeBadUserInput {
		t.Errorf("pruneAnswers(soon) = %+v, want BAD_USER_INPUT", r.Errors)
	}
	r := e.do(keyAdmin, e.kb, q, map[string]any{"age": "90d"})
	var got struct{ Deleted, Protected int }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data["pruneAnswers"], &got) != nil || got.Deleted != 1 {
		t.Fatalf("pruneAnswers(90d) = %s %+v, want 1 deleted", r.Data["pruneAnswers"], r.Errors)
	}
	if _, err := e.svc.Store.Trace(ctx, e.kb, "ans-old"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("old answer after pruning: %v, want NOT_FOUND", err)
	}
	if _, err := e.svc.Store.Trace(ctx, e.kb, fresh.ID); err != nil {
		t.Errorf("new answer after pruning: %v", err)
	}
	if _, err := e.svc.Store.Trace(ctx, e.kb2, "ans-old"); err != nil {
		t.Errorf("the other knowledge base's answer after pruning: %v, want it kept", err)
	}
}
