package extract_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"kgrag/ingest/extract"
)

// chatServer speaks the OpenAI chat completions wire format and answers
// with content.
func chatServer(t *testing.T, content string, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-test" {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		var req struct {
			Model          string `json:"model"`
			ResponseFormat struct {
				Type string `json:"type"`
			} `json:"response_format"`
			Messages []struct{ Role, Content string } `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ResponseFormat.Type != "json_object" || len(req.Messages) != 2 {
			http.Error(w, `{"error":{"message":"bad body"}}`, http.StatusBadRequest)
			return
		}
		if calls != nil {
			calls.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": req.Model,
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": content}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestExtract(t *testing.T) {
	answer := "```json\n" + `{"entities":[{"name":"咖啡机","type":"Category","confidence":0.9},{"name":"","type":"X"}],
	"relations":[{"from":"保修政策","type":"applies_to","to":"咖啡机","confidence":1.7}]}` + "\n```"
	srv := chatServer(t, answer, nil)
	l, err := extract.New(extract.Config{BaseURL: srv.URL + "/v1", APIKey: "sk-test", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := l.Extract(context.Background(), "保修政策适用于咖啡机。")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entities) != 1 || r.Entities[0].Name != "咖啡机" || len(r.Relations) != 1 ||
		r.Relations[0].Type != "APPLIES_TO" || r.Relations[0].Confidence != 1 {
		t.Errorf("Extract = %+v", r)
	}
}

func TestExtractBadOutput(t *testing.T) {
	srv := chatServer(t, "I cannot do that.", nil)
	l, _ := extract.New(extract.Config{BaseURL: srv.URL + "/v1", APIKey: "sk-test", Model: "m"})
	if _, err := l.Extract(context.Background(), "x"); !errors.Is(err, extract.ErrBadOutput) {
		t.Errorf("Extract with prose = %v, want ErrBadOutput", err)
	}
	bad, _ := extract.New(extract.Config{BaseURL: srv.URL + "/v1", APIKey: "wrong", Model: "m"})
	if _, err := bad.Extract(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), "chat completion") {
		t.Errorf("Extract with a bad key = %v", err)
	}
	if _, err := extract.New(extract.Config{}); err == nil {
		t.Errorf("New without a model succeeded")
	}
}
