package openaichat

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kgrag/retrieval/answer"
)

// FuzzGenerate feeds any response body, as a chat completion and as an
// event stream, to the parser of the model's output: never a panic or a
// hang; an answer is returned trimmed and non-empty, without the
// not-in-knowledge reply; anything else is an error.
func FuzzGenerate(f *testing.F) {
	f.Add(`{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"价格是259元。[1]"}}]}`, false)
	f.Add(`{"choices":[]}`, false)
	f.Add(`{"choices":[{"message":{"content":"  NOT_IN_KNOWLEDGE  "}}]}`, false)
	f.Add(`{"choices":[{"message":{"content":"   "}}]}`, false)
	f.Add(`{"choices":[{"message":{"content":null}}],"model":123}`, false)
	f.Add(`not json`, false)
	f.Add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"价格\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"是259元。[1]\"}}]}\n\ndata: [DONE]\n\n", true)
	f.Add("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", true)
	f.Add("data: {broken\n\n", true)
	f.Add(": keep-alive\n\nevent: x\ndata: {\"error\":{\"message\":\"boom\"}}\n\n", true)
	f.Add("", true)

	var mu sync.Mutex
	var body string
	var stream bool
	srv := fakeServer(f, func(w http.ResponseWriter, r *http.Request, req chatRequest) {
		mu.Lock()
		b, s := body, stream
		mu.Unlock()
		if s {
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		_, _ = w.Write([]byte(b))
	})
	g, err := New(Config{BaseURL: srv.URL + "/v1/", APIKey: "test-key", Model: "test-model", Timeout: 5 * time.Second})
	if err != nil {
		f.Fatalf("New = %v", err)
	}
	f.Fuzz(func(t *testing.T, b string, s bool) {
		mu.Lock()
		body, stream = b, s
		mu.Unlock()
		var onText func(string)
		if s {
			onText = func(string) { t.Fatal("onText called: only verified text may be shown") }
		}
		gen, err := g.Generate(context.Background(), prompt, onText)
		if gen.Model == "" || gen.Prompt == "" {
			t.Fatalf("Generate: model %q prompt %q, want both named even on error", gen.Model, gen.Prompt)
		}
		if err != nil {
			if gen.Text != "" && !errors.Is(err, answer.ErrNotInKnowledge) {
				t.Fatalf("Generate = %q with error %v", gen.Text, err)
			}
			return
		}
		if gen.Text == "" || gen.Text != strings.TrimSpace(gen.Text) || strings.Contains(gen.Text, answer.NotInKnowledge) {
			t.Fatalf("Generate = %q, want a trimmed answer without %s", gen.Text, answer.NotInKnowledge)
		}
	})
}
