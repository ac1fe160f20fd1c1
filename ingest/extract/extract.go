// Package extract proposes entities and relations found in unstructured
// text with an LLM behind any OpenAI-compatible chat completions endpoint
// (JSON output). Ingest resolves the proposals against the knowledge base
// and stores them with provenance EXTRACTED and the proposal's confidence.
// Nothing here runs unless an LLM is configured: the offline default skips
// extraction.
package extract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"kgrag/kg"
)

// ErrBadOutput is returned when the model's answer is not the JSON asked for.
var ErrBadOutput = errors.New("extract: the model did not answer with the expected JSON")

// Config selects the endpoint and model.
type Config struct {
	BaseURL string // e.g. https://api.openai.com/v1, a vLLM or Ollama /v1
	APIKey  string
	Model   string
	// Timeout bounds one call; default 60 s.
	Timeout time.Duration
	// HTTPClient replaces the default client (tests).
	HTTPClient *http.Client
}

// LLM is an extractor over the chat completions API. Safe for concurrent use.
type LLM struct {
	c       *openai.Client
	model   string
	timeout time.Duration
}

// New returns an LLM extractor.
func New(cfg Config) (*LLM, error) {
	if cfg.Model == "" {
		return nil, fmt.Errorf("extract: no model configured: %w", kg.ErrInvalid)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	return &LLM{c: openai.NewClientWithConfig(oc), model: cfg.Model, timeout: cfg.Timeout}, nil
}

// PromptVersion identifies the prompt below; it changes when the prompt does.
const PromptVersion = "extract/1"

func systemPrompt() string {
	return `You build a knowledge graph for a brand's customer support from its documents.
From the text the user gives, list the entities it names and the relations between them that the text states.
Entity types: ` + strings.Join(kg.EntityTypes, ", ") + `.
Relation types: ` + strings.Join(kg.RelationTypes, ", ") + `.
Rules: use names exactly as written in the text; only facts the text states; no guesses.
Give each a confidence between 0 and 1.
Answer with JSON only, in this shape:
{"entities":[{"name":"…","type":"Product","aliases":["…"],"confidence":0.9}],
 "relations":[{"from":"<entity name>","type":"APPLIES_TO","to":"<entity name>","confidence":0.8}]}`
}

// Extract asks the model about one piece of text.
func (l *LLM) Extract(ctx context.Context, text string) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	resp, err := l.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:       l.model,
		Temperature: 0,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt()},
			{Role: openai.ChatMessageRoleUser, Content: text},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
	})
	if err != nil {
		return Result{}, fmt.Errorf("extract: chat completion: %w", err)
	}
	if len(resp.Choices) == 0 {
		return Result{}, fmt.Errorf("%w: no choices", ErrBadOutput)
	}
	return Parse(resp.Choices[0].Message.Content)
}

// Parse reads a model's answer: JSON, possibly inside a ``` fence.
// Confidences are clamped to 0..1; entries without names are dropped.
func Parse(s string) (Result, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "```") {
		s = strings.TrimPrefix(s, "```json")
		s = strings.TrimPrefix(s, "```")
		s = strings.TrimSuffix(strings.TrimSpace(s), "```")
	}
	var r Result
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrBadOutput, err)
	}
	clamp := func(c float64) float64 { return min(max(c, 0), 1) }
	out := Result{}
	for _, e := range r.Entities {
		if e.Name = strings.TrimSpace(e.Name); e.Name != "" {
			e.Confidence = clamp(e.Confidence)
			out.Entities = append(out.Entities, e)
		}
	}
	for _, rel := range r.Relations {
		rel.From, rel.To, rel.Type = strings.TrimSpace(rel.From), strings.TrimSpace(rel.To), strings.ToUpper(strings.TrimSpace(rel.Type))
		if rel.From != "" && rel.To != "" && rel.Type != "" {
			rel.Confidence = clamp(rel.Confidence)
			out.Relations = append(out.Relations, rel)
		}
	}
	return out, nil
}
