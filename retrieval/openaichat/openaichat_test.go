package openaichat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kgrag/retrieval/answer"
)

// chatRequest is the part of a chat completions request the tests check.
type chatRequest struct {
	Model       string  `json:"model"`
	Temperature float64 `json:"temperature"`
	Stream      bool    `json:"stream"`
	Messages    []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// fakeServer speaks the OpenAI chat completions wire format on loopback;
// reply answers each well-formed request.
func fakeServer(t testing.TB, reply func(w http.ResponseWriter, r *http.Request, req chatRequest)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer test-key" {
			http.Error(w, `{"error":{"message":"bad request path or key"}}`, http.StatusUnauthorized)
			return
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, `{"error":{"message":"bad body"}}`, http.StatusBadRequest)
			return
		}
		reply(w, r, req)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func chatReply(w http.ResponseWriter, model, content string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"x","object":"chat.completion","created":1,"model":%q,"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, model, content)
}

// streamReply sends content as server-sent chunks, one per part.
func streamReply(w http.ResponseWriter, parts ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, p := range parts {
		fmt.Fprintf(w, "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", p)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

var prompt = answer.Prompt{System: "Answer ONLY from the evidence below.", User: "Evidence:\n[1] (fact LJ-1001) 澜肌水光玻尿酸精华液的价格：259元\n\nQuestion: 水光精华多少钱"}

func newGenerator(t *testing.T, srv *httptest.Server, timeout time.Duration) *Generator {
	t.Helper()
	g, err := New(Config{BaseURL: srv.URL + "/v1/", APIKey: "test-key", Model: "test-model", Timeout: timeout})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	return g
}

// TestGenerate: the prompt goes out as a system and a user message at
// temperature 0, and the answer comes back with the model that wrote it.
func TestGenerate(t *testing.T) {
	var got chatRequest
	srv := fakeServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		got = req
		chatReply(w, "test-model-2025", "  水光精华液的价格：259元。[1]\n")
	})
	out, err := newGenerator(t, srv, time.Second).Generate(context.Background(), prompt, nil)
	if err != nil {
		t.Fatalf("Generate = %v", err)
	}
	want := answer.Generation{Text: "水光精华液的价格：259元。[1]", Model: "test-model-2025", Prompt: prompt.System + "\n\n" + prompt.User, Raw: "  水光精华液的价格：259元。[1]\n"}
	if out != want {
		t.Errorf("Generate = %+v, want %+v", out, want)
	}
	if got.Model != "test-model" || got.Temperature != 0 || got.Stream || len(got.Messages) != 2 ||
		got.Messages[0].Role != "system" || got.Messages[0].Content != prompt.System ||
		got.Messages[1].Role != "user" || got.Messages[1].Content != prompt.User {
		t.Errorf("request = %+v, want the prompt as system and user messages at temperature 0", got)
	}
}

// TestGenerateStream: with onText the response is streamed and returned
// whole; nothing unverified reaches onText.
func TestGenerateStream(t *testing.T) {
	var stream bool
	srv := fakeServer(t, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		stream = req.Stream
		streamReply(w, "水光精华液的价格：", "259元。", "[1]")
	})
	var deltas []string
	out, err := newGenerator(t, srv, time.Second).Generate(context.Background(), prompt, func(s string) { deltas = append(deltas, s) })
	if err != nil || out.Text != "水光精华液的价格：259元。[1]" || out.Model != "test-model" {
		t.Fatalf("Generate = %+v, %v", out, err)
	}
	if !stream || len(deltas) != 0 {
		t.Errorf("stream %v, deltas %q; want a streamed request and no unverified text passed on", stream, deltas)
	}
}

// TestGenerateErrors: the model's "not in the knowledge" reply is
// answer.ErrNotInKnowledge; failures, malformed output and timeouts are
// other errors (the engine falls back on them), each with the model and
// prompt still in the Generation.
func TestGenerateErrors(t *testing.T) {
	cases := []struct {
		name   string
		reply  func(w http.ResponseWriter, r *http.Request, req chatRequest)
		stream bool
		want   error // nil: any error but ErrNotInKnowledge
	}{
		{name: "not in knowledge", want: answer.ErrNotInKnowledge,
			reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) {
				chatReply(w, "m", answer.NotInKnowledge)
			}},
		{name: "not in knowledge streamed", stream: true, want: answer.ErrNotInKnowledge,
			reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) { streamReply(w, "NOT_IN_", "KNOWLEDGE") }},
		{name: "server error", reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"message":"model overloaded","type":"server_error"}}`)
		}},
		{name: "malformed JSON", reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"choices": [{"message": {"content": "澜肌`)
		}},
		{name: "no choices", want: ErrMalformed, reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"x","object":"chat.completion","model":"test-model","choices":[]}`)
		}},
		{name: "empty answer", want: ErrMalformed,
			reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) { chatReply(w, "m", "  \n ") }},
		{name: "empty stream", stream: true, want: ErrMalformed,
			reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) { streamReply(w) }},
		{name: "timeout", reply: func(w http.ResponseWriter, r *http.Request, req chatRequest) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newGenerator(t, fakeServer(t, tc.reply), 200*time.Millisecond)
			var onText func(string)
			if tc.stream {
				onText = func(string) {}
			}
			out, err := g.Generate(context.Background(), prompt, onText)
			switch {
			case err == nil:
				t.Fatalf("Generate = %+v, want an error", out)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Errorf("Generate = %v, want %v", err, tc.want)
			case tc.want == nil && errors.Is(err, answer.ErrNotInKnowledge):
				t.Errorf("Generate = %v, want an error the engine falls back on", err)
			}
			if out.Text != "" || out.Model == "" || !strings.Contains(out.Prompt, prompt.User) {
				t.Errorf("Generation = %+v, want no text, with the model and the prompt for the trace", out)
			}
		})
	}
}

func TestNewWithoutModel(t *testing.T) {
	if _, err := New(Config{BaseURL: "http://127.0.0.1:1/v1"}); err == nil {
		t.Errorf("New without a model = nil error, want one")
	}
}
