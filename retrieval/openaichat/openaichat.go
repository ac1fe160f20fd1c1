// Package openaichat is the answer.Generator for any OpenAI-compatible chat
// completions endpoint (OpenAI, Azure-style proxies, DeepSeek, Qwen, vLLM,
// Ollama) through github.com/sashabaranov/go-openai. It sends the engine's
// prompt at temperature 0, bounds each answer with a timeout, and reads the
// model's "not in the knowledge" reply as answer.ErrNotInKnowledge. What the
// prompt says and how the answer is checked stay in package answer.
package openaichat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"kgrag/retrieval/answer"
)

// ErrMalformed reports a response without an answer: no choices, or only
// white space. The engine falls back to the extractive answer on it, as on
// any other error.
var ErrMalformed = errors.New("openaichat: no answer in the response")

// Config configures a Generator. Model is required.
type Config struct {
	BaseURL string // default https://api.openai.com/v1; e.g. a vLLM or Ollama /v1 endpoint
	APIKey  string // may be empty for local servers
	Model   string
	Timeout time.Duration // per answer; default 20 s
}

// Generator writes answers with a chat model, at temperature 0. Safe for
// concurrent use.
type Generator struct {
	c   *openai.Client
	cfg Config
}

var _ answer.Generator = (*Generator)(nil)

// New returns a Generator for the endpoint; it does not contact it.
func New(cfg Config) (*Generator, error) {
	if cfg.Model == "" {
		return nil, errors.New("openaichat: missing model")
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	return &Generator{c: openai.NewClientWithConfig(oc), cfg: cfg}, nil
}

// Model is the configured model name.
func (g *Generator) Model() string { return g.cfg.Model }

// Generate asks the model; with onText it streams the response, but the
// text is returned whole and never passed to onText: the engine shows only
// sentences that passed verification (see answer.Engine). It returns answer.ErrNotInKnowledge when the model
// replies answer.NotInKnowledge, ErrMalformed for a response without an
// answer, and a wrapped go-openai error for a failed or timed-out call.
// The returned Generation always names the model and the prompt sent.
func (g *Generator) Generate(ctx context.Context, p answer.Prompt, onText func(string)) (answer.Generation, error) {
	ctx, cancel := context.WithTimeout(ctx, g.cfg.Timeout)
	defer cancel()
	req := openai.ChatCompletionRequest{
		Model:       g.cfg.Model,
		Temperature: 0,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.System},
			{Role: openai.ChatMessageRoleUser, Content: p.User},
		},
	}
	gen := answer.Generation{Model: g.cfg.Model, Prompt: p.System + "\n\n" + p.User}
	if onText == nil {
		resp, err := g.c.CreateChatCompletion(ctx, req)
		if err != nil {
			return gen, fmt.Errorf("openaichat: chat completion: %w", err)
		}
		if len(resp.Choices) == 0 {
			return gen, fmt.Errorf("%w: no choices", ErrMalformed)
		}
		gen.Raw = resp.Choices[0].Message.Content
		if resp.Model != "" {
			gen.Model = resp.Model
		}
	} else {
		req.Stream = true
		st, err := g.c.CreateChatCompletionStream(ctx, req)
		if err != nil {
			return gen, fmt.Errorf("openaichat: chat completion stream: %w", err)
		}
		defer st.Close()
		var b strings.Builder
		for {
			r, err := st.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return gen, fmt.Errorf("openaichat: chat completion stream: %w", err)
			}
			if len(r.Choices) > 0 {
				b.WriteString(r.Choices[0].Delta.Content)
			}
		}
		gen.Raw = b.String()
	}
	gen.Text = strings.TrimSpace(gen.Raw)
	if gen.Text == "" {
		return gen, fmt.Errorf("%w: empty answer", ErrMalformed)
	}
	if strings.Contains(gen.Text, answer.NotInKnowledge) {
		gen.Text = ""
		return gen, answer.ErrNotInKnowledge
	}
	return gen, nil
}
