package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kgrag/graph"
	"kgrag/ingest"
	"kgrag/kg/memkg"
)

// spreadKB states the free-shipping threshold twice: in the shipping
// policy and again in an FAQ answer, and a fee of 99元 elsewhere that is
// not the statement.
var spreadKB = map[string]string{
	"policies/lj-shipping.md": "---\nid: lj-shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\n---\n# 配送与运费说明\n\n现货订单付款后48小时内发货。普通地区单笔实付满99元包邮，未满收取运费8元。\n",
	"faq.csv": "id,question,answer,tags\nF010,买多少包邮？,普通地区单笔实付满99元包邮，未满收取运费8元；偏远地区满199元包邮。,包邮|运费\n" +
		"F011,上门安装收费吗？,上门安装服务费99元，单笔实付满99元包邮的订单也需另付安装费。,安装\n",
}

// TestTextCorrectionSpreads: approving a TEXT correction of a policy's
// statement corrects the same statement in every chunk of the knowledge
// base (the FAQ answer repeating it), so no evidence states the old rule
// and the correction's regression case passes; the same number in another
// context ("服务费99元") is left alone.
func TestTextCorrectionSpreads(t *testing.T) {
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := newEnv(t, s, graph.Limits{})
	var in []ingest.Input
	for id, text := range spreadKB {
		in = append(in, ingest.Input{ID: id, Origin: "inline", Data: []byte(text)})
	}
	rep, err := e.svc.Ingester.Ingest(context.Background(), e.kb, in, ingest.RunOptions{Actor: "test"})
	if err != nil || rep.Err() != nil {
		t.Fatalf("Ingest = %v, %v", err, rep.Err())
	}
	var c struct{ ID string }
	e.ok(keyAgent, `mutation { submitCorrection(input: {target: {kind: TEXT, entityId: "lj-shipping"}, oldValue: "单笔实付满99元包邮",
		newValue: "单笔实付满109元包邮", reason: "包邮门槛已上调", question: "买多少包邮？"}) { id } }`, nil, "submitCorrection", &c)
	var ap struct{ Status string }
	e.ok(keyTrainer, `mutation($id: ID!) { approveCorrection(id: $id) { status } }`, map[string]any{"id": c.ID}, "approveCorrection", &ap)

	// Every chunk an answer may use reads the corrected statement.
	for _, q := range []string{"买多少包邮？", "运费怎么收"} {
		r := e.do(keyAdmin, e.kb, `mutation($in: AskInput!) { ask(input: $in) { `+answerFields+` `+traceFields+` } }`,
			map[string]any{"in": map[string]any{"question": q}})
		var a answerJSON
		if err := json.Unmarshal(r.Data["ask"], &a); err != nil || len(r.Errors) > 0 {
			t.Fatalf("ask(%q) = %+v, %v", q, r.Errors, err)
		}
		if a.Status != "ANSWERED" {
			t.Errorf("ask(%q) = %s %q", q, a.Status, a.Text)
		}
		if strings.Contains(a.Text, "满99元包邮") {
			t.Errorf("ask(%q) = %q states the corrected statement", q, a.Text)
		}
		for _, ev := range a.Trace.Evidence {
			if strings.Contains(ev.Text, "满99元包邮") {
				t.Errorf("ask(%q): evidence %s states the corrected statement: %q", q, ev.ID, ev.Text)
			}
		}
	}
	// The FAQ that names the same number in another sentence keeps it.
	text, _, _, err := e.svc.Feedback.Review(context.Background(), e.kb, []string{"faq:F011"}, "上门安装服务费99元，单笔实付满99元包邮的订单也需另付安装费。")
	if err != nil || text != "上门安装服务费99元，单笔实付满109元包邮的订单也需另付安装费。" {
		t.Errorf("Review(F011) = %q, %v", text, err)
	}

	// The regression case the approval made passes (what kgrag eval
	// --regressions checks).
	regs, err := e.svc.Feedback.Regressions(context.Background(), e.kb)
	if err != nil || len(regs) != 1 {
		t.Fatalf("Regressions = %v, %v", regs, err)
	}
	var a answerJSON
	e.ok(keyAgent, askMutation, map[string]any{"in": map[string]any{"question": regs[0].Question}}, "ask", &a)
	if ok, missing, forbidden := regs[0].Run(a.Text); !ok {
		t.Errorf("regression %q: answer %q misses %v, states %v", regs[0].Question, a.Text, missing, forbidden)
	}
}
