package answer_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"kgrag/kg"
	. "kgrag/retrieval/answer"
)

// checkCited fails unless every sentence of an answered text carries a
// marker, every citation names evidence of the trace, and its quote is
// that evidence's text.
func checkCited(t *testing.T, a Answer) {
	t.Helper()
	if a.Status != StatusAnswered {
		return
	}
	for _, s := range SplitAnswer(a.Text) {
		if !HasMarker(s) {
			t.Errorf("sentence %q of %q has no citation marker", s, a.Text)
		}
	}
	if len(a.Citations) == 0 {
		t.Errorf("answer %q has no citations", a.Text)
	}
	for _, c := range a.Citations {
		i := slices.IndexFunc(a.Trace.Evidence, func(e kg.Evidence) bool { return e.Marker == c.Marker })
		if i < 0 {
			t.Errorf("citation %s is not in the evidence", c.Marker)
			continue
		}
		ev := a.Trace.Evidence[i]
		if c.ID != ev.ID || c.Kind != ev.Kind || c.Version != ev.Version || !strings.HasPrefix(ev.Text, strings.TrimSuffix(c.Quote, "…")) {
			t.Errorf("citation %+v does not match evidence %+v", c, ev)
		}
		if !strings.Contains(a.Text, c.Marker) {
			t.Errorf("citation %s is not used in %q", c.Marker, a.Text)
		}
	}
}

func evidenceSources(a Answer) []string {
	var out []string
	for _, e := range a.Trace.Evidence {
		if e.Kind == "chunk" && !slices.Contains(out, e.Source) {
			out = append(out, e.Source)
		}
	}
	return out
}

func TestRetrieval(t *testing.T) {
	cases := []struct {
		name        string
		req         Request
		linked      string   // first linked entity ("" none)
		evidenceID  string   // an evidence id the answer must rest on
		say, notSay []string // in the answer text
		sources     []string // chunk sources the evidence must include
		notSources  []string // chunk sources the evidence must not include
		check       func(t *testing.T, a Answer)
	}{
		{name: "product by name", req: Request{Question: "A醇晚霜替换装多少钱"}, linked: "LJ-1013",
			evidenceID: "LJ-1013", say: []string{"379元"}},
		{name: "product by English alias", req: Request{Question: "How much is the Cica Repair Cream?"}, linked: "LJ-1011",
			say: []string{"269"}},
		{name: "traditional Chinese and full width", req: Request{Question: "積雪草修護霜多少錢？５０ｇ嗎"}, linked: "LJ-1011",
			say: []string{"269元"}},
		{name: "one hop to the refill's product", req: Request{Question: "水光精华的替换装多少钱"}, linked: "LJ-1041",
			evidenceID: "LJ-1041-[REFILL_OF]->LJ-1001", say: []string{"209元"}},
		{name: "2024 policy before 2025-07-01", req: Request{Question: "退货后退款多久到账", AsOf: day("2025-03-01")},
			say: []string{"7个工作日"}, notSay: []string{"3个工作日"},
			sources: []string{"policies/lj-returns-2024.md"}, notSources: []string{"policies/lj-returns-2025.md"}},
		{name: "2025 policy after 2025-07-01", req: Request{Question: "退货后退款多久到账", AsOf: day("2025-12-01")},
			say: []string{"3个工作日"}, notSay: []string{"7个工作日"},
			sources: []string{"policies/lj-returns-2025.md"}, notSources: []string{"policies/lj-returns-2024.md"}},
		{name: "channel policy on its channel", req: Request{Question: "价保多久，降价了能退差价吗", Channel: "douyin", AsOf: day("2025-12-01")},
			say: []string{"15天"}, sources: []string{"policies/lj-douyin-aftersale.md"}},
		{name: "channel policy not on another channel", req: Request{Question: "价保多久，降价了能退差价吗", Channel: "tmall", AsOf: day("2025-12-01")},
			notSay: []string{"15天"}, notSources: []string{"policies/lj-douyin-aftersale.md"}},
		{name: "channel policy not before it starts", req: Request{Question: "价保多久，降价了能退差价吗", Channel: "douyin", AsOf: day("2025-01-15")},
			notSay: []string{"15天"}, notSources: []string{"policies/lj-douyin-aftersale.md"}},
		{name: "channel facts of a product", req: Request{Question: "抖音能买到水光精华的替换装吗", Channel: "douyin"}, linked: "LJ-1041",
			say: []string{"替换装的在售渠道："}, check: func(t *testing.T, a Answer) {
				for _, s := range SplitAnswer(a.Text) {
					if strings.Contains(s, "替换装的在售渠道") && (strings.Contains(s, "抖音") || !strings.Contains(s, "天猫")) {
						t.Errorf("channels of the refill = %q, want Tmall and not Douyin", s)
					}
				}
			}},
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				a := e.ask(tc.req)
				got := ""
				if len(a.Trace.LinkedEntities) > 0 {
					got = a.Trace.LinkedEntities[0]
				}
				if tc.linked != "" && got != tc.linked {
					t.Errorf("linked = %v, want %s first", a.Trace.LinkedEntities, tc.linked)
				}
				if tc.evidenceID != "" && !slices.ContainsFunc(a.Trace.Evidence, func(ev kg.Evidence) bool { return ev.ID == tc.evidenceID }) {
					t.Errorf("evidence = %+v, want %s among it", a.Trace.Evidence, tc.evidenceID)
				}
				if len(tc.say) > 0 && a.Status != StatusAnswered {
					t.Fatalf("Ask(%q) = %s %s %q, want ANSWERED", tc.req.Question, a.Status, a.Reason, a.Text)
				}
				for _, w := range tc.say {
					if !strings.Contains(a.Text, w) {
						t.Errorf("answer = %q, want it to say %q", a.Text, w)
					}
				}
				for _, w := range tc.notSay {
					if strings.Contains(a.Text, w) {
						t.Errorf("answer = %q, want it not to say %q", a.Text, w)
					}
				}
				srcs := evidenceSources(a)
				for _, src := range tc.sources {
					if !slices.Contains(srcs, src) {
						t.Errorf("evidence sources = %v, want %s", srcs, src)
					}
				}
				for _, src := range tc.notSources {
					if slices.Contains(srcs, src) {
						t.Errorf("evidence sources = %v, want no %s", srcs, src)
					}
				}
				if tc.check != nil {
					tc.check(t, a)
				}
				checkCited(t, a)
			})
		}
	})
}

// TestFactsAsOf changes a price from a date on and asks before and after it.
func TestFactsAsOf(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		_, err := s.Apply(context.Background(), e.kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "LJ-1013",
			Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: "359"}},
			ValidFrom:  day("2025-09-01"), Provenance: kg.Provenance{Kind: kg.ProvUser, Actor: "tina"}}}})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			asOf     string
			say, not string
			version  int64
		}{
			{"2025-08-01", "379元", "359元", 1},
			{"2025-10-01", "359元", "379元", 2},
		}
		for _, tc := range cases {
			a := e.ask(Request{Question: "A醇晚霜替换装多少钱", AsOf: day(tc.asOf)})
			if !strings.Contains(a.Text, tc.say) || strings.Contains(a.Text, tc.not) {
				t.Errorf("as of %s: answer = %q, want %s and not %s", tc.asOf, a.Text, tc.say, tc.not)
			}
			i := slices.IndexFunc(a.Citations, func(c kg.Citation) bool { return c.ID == "LJ-1013" })
			if i < 0 || a.Citations[i].Version != tc.version {
				t.Errorf("as of %s: citations = %+v, want LJ-1013 v%d", tc.asOf, a.Citations, tc.version)
			}
		}
	})
}

func TestFollowUp(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		first := e.ask(Request{Question: "A醇晚霜替换装多少钱", ConversationID: "conv-1"})
		if first.Status != StatusAnswered || !slices.Contains(first.Trace.LinkedEntities, "LJ-1013") {
			t.Fatalf("first turn = %s %q linked %v", first.Status, first.Text, first.Trace.LinkedEntities)
		}
		// A turn of another conversation in between must not leak into conv-1.
		e.ask(Request{Question: "水光精华的替换装多少钱", ConversationID: "conv-2"})
		cases := []struct {
			name, conv string
			linked     []string
		}{
			{"same conversation", "conv-1", []string{"LJ-1013"}},
			{"another conversation", "conv-3", nil},
			{"no conversation", "", nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				a := e.ask(Request{Question: "那它能退吗", ConversationID: tc.conv})
				if !slices.Equal(a.Trace.LinkedEntities, tc.linked) {
					t.Errorf("linked = %v, want %v", a.Trace.LinkedEntities, tc.linked)
				}
				if tc.linked == nil {
					return
				}
				if a.Status != StatusAnswered || a.Intent != "return" || !strings.Contains(a.Text, "替换装") {
					t.Errorf("follow-up = %s %s (intent %s) %q, want an answer about returning the refill", a.Status, a.Reason, a.Intent, a.Text)
				}
				checkCited(t, a)
			})
		}
	})
}

func TestRefusal(t *testing.T) {
	cases := []struct {
		q, lang string
		reasons []string
	}{
		{"你们的产品做动物实验吗", "zh", []string{ReasonNoEvidence, ReasonWeakEvidence}},
		{"你们是哪家工厂代工的", "zh", []string{ReasonNoEvidence, ReasonWeakEvidence}},
		{"能用花呗分期吗", "zh", []string{ReasonNoEvidence, ReasonWeakEvidence}},
		{"What is your CEO's phone number?", "en", []string{ReasonNoEvidence, ReasonWeakEvidence, ReasonOutOfScope}},
		{"你们烟酰胺精华跟olay小白瓶比哪个好", "zh", []string{ReasonOutOfScope}},
		{"帮我查下订单sf1234567890快递到哪了", "zh", []string{ReasonOutOfScope}},
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		for _, tc := range cases {
			t.Run(tc.q, func(t *testing.T) {
				a := e.ask(Request{Question: tc.q})
				if a.Status != StatusRefused || !slices.Contains(tc.reasons, a.Reason) {
					t.Fatalf("Ask(%q) = %s %s %q, want REFUSED %v", tc.q, a.Status, a.Reason, a.Text, tc.reasons)
				}
				if a.Text != PoliteMessage(a.Reason, tc.lang) || a.Language != tc.lang {
					t.Errorf("text = %q (%s), want the polite %s message", a.Text, a.Language, tc.lang)
				}
				if len(a.Citations) != 0 {
					t.Errorf("citations = %+v, want none", a.Citations)
				}
			})
		}
	})
}

func TestHandoff(t *testing.T) {
	type turn struct {
		q, conv        string
		status, reason string
	}
	cases := []struct {
		name  string
		turns []turn
	}{
		{"complaint", []turn{{"你们这什么破产品，烂脸了，我要投诉！", "h1", StatusHandoff, ReasonComplaint}}},
		{"human requested zh", []turn{{"别跟我说这些了，转人工", "h2", StatusHandoff, ReasonHumanRequested}}},
		{"human requested en", []turn{{"I want to talk to a human agent", "h3", StatusHandoff, ReasonHumanRequested}}},
		{"two refusals in a row", []turn{
			{"你们的产品做动物实验吗", "h4", StatusRefused, ""},
			{"你们是哪家工厂代工的", "h4", StatusHandoff, ReasonRepeatedRefusal}}},
		{"refusals in two conversations", []turn{
			{"你们的产品做动物实验吗", "h5", StatusRefused, ""},
			{"你们是哪家工厂代工的", "h6", StatusRefused, ""}}},
		{"an answer in between", []turn{
			{"你们的产品做动物实验吗", "h7", StatusRefused, ""},
			{"A醇晚霜替换装多少钱", "h7", StatusAnswered, ""},
			{"你们是哪家工厂代工的", "h7", StatusRefused, ""}}},
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for i, tn := range tc.turns {
					a := e.ask(Request{Question: tn.q, ConversationID: tn.conv})
					if a.Status != tn.status || (tn.reason != "" && a.Reason != tn.reason) {
						t.Fatalf("turn %d Ask(%q) = %s %s %q, want %s %s", i, tn.q, a.Status, a.Reason, a.Text, tn.status, tn.reason)
					}
					if a.Status == StatusHandoff && (a.Text != PoliteMessage(a.Reason, "zh") && a.Text != PoliteMessage(a.Reason, "en")) {
						t.Errorf("handoff text = %q, want the polite message for %s", a.Text, a.Reason)
					}
				}
			})
		}
	})
}

func TestAskStreamDeltas(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, nil)
		for _, q := range []string{"退货后退款多久到账", "你们的产品做动物实验吗"} {
			var deltas []string
			a, err := e.eng.AskStream(context.Background(), Request{KB: e.kb, Question: q}, func(s string) { deltas = append(deltas, s) })
			if err != nil {
				t.Fatal(err)
			}
			if len(deltas) == 0 || strings.Join(deltas, "") != a.Text {
				t.Errorf("AskStream(%q) deltas = %q, want the sentences of %q", q, deltas, a.Text)
			}
		}
	})
}

func TestAskBadInput(t *testing.T) {
	s := memStore(t)
	e := newTestEnv(t, s, extractive, nil)
	cases := []struct {
		name string
		req  Request
		msg  string
	}{
		{"empty question", Request{KB: e.kb, Question: "  \n "}, "empty"},
		{"over-long question", Request{KB: e.kb, Question: strings.Repeat("长", MaxQuestionRunes+1)}, "1000"},
		{"malformed channel", Request{KB: e.kb, Question: "多少钱", Channel: "my space!"}, "my space!"},
		{"unknown language", Request{KB: e.kb, Question: "多少钱", Language: "fr"}, "fr"},
		{"malformed conversation id", Request{KB: e.kb, Question: "多少钱", ConversationID: strings.Repeat("x", 5000)}, "conversationId"},
		{"malformed knowledge base", Request{KB: "Not A KB", Question: "多少钱"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.eng.Ask(context.Background(), tc.req)
			if !errors.Is(err, kg.ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Ask = %v, want ErrInvalid naming %q", err, tc.msg)
			}
		})
	}
	p, err := s.Traces(context.Background(), e.kb, kg.TraceQuery{})
	if err != nil || len(p.Traces) != 0 {
		t.Errorf("traces after bad input = %d, %v; want none stored", len(p.Traces), err)
	}
}

func memStore(t *testing.T) kg.Store {
	t.Helper()
	return stores[0].open(t)
}

// TestConcurrentAsk asks from many goroutines at once (run with -race).
func TestConcurrentAsk(t *testing.T) {
	s := memStore(t)
	e := newTestEnv(t, s, extractive, nil)
	qs := []string{"A醇晚霜替换装多少钱", "退货后退款多久到账", "你们的产品做动物实验吗", "满多少包邮", "转人工"}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := qs[i%len(qs)]
			a, err := e.eng.Ask(context.Background(), Request{KB: e.kb, Question: q, ConversationID: fmt.Sprintf("c%d", i%4)})
			if err == nil && a.Text == "" {
				err = fmt.Errorf("Ask(%q) = empty text", q)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	p, err := s.Traces(context.Background(), e.kb, kg.TraceQuery{First: kg.MaxPage})
	if err != nil || len(p.Traces) != 40 {
		t.Errorf("stored traces = %d, %v; want 40", len(p.Traces), err)
	}
}
