package kg

import "time"

// Trace is the audit record of one answer: every input and decision behind it.
type Trace struct {
	ID                 string          `json:"id"`
	KB                 string          `json:"kb"`
	CreatedAt          time.Time       `json:"createdAt"`
	Caller             string          `json:"caller"` // API key id, never the secret
	Question           string          `json:"question"`
	NormalizedQuestion string          `json:"normalizedQuestion"`
	Language           string          `json:"language"`
	Channel            string          `json:"channel,omitempty"`
	ConversationID     string          `json:"conversationId,omitempty"`
	CustomerID         string          `json:"customerId,omitempty"`
	AsOf               time.Time       `json:"asOf"`
	Status             string          `json:"status"` // ANSWERED, REFUSED, HANDOFF
	Reason             string          `json:"reason,omitempty"`
	Answer             string          `json:"answer"`
	Intent             string          `json:"intent,omitempty"`
	Sentiment          string          `json:"sentiment,omitempty"`
	Confidence         float64         `json:"confidence"`
	LinkedEntities     []string        `json:"linkedEntities,omitempty"`
	Plan               *Plan           `json:"plan,omitempty"` // what the question was understood to ask, and why
	Evidence           []Evidence      `json:"evidence,omitempty"`
	Citations          []Citation      `json:"citations,omitempty"`
	PromptVersion      string          `json:"promptVersion,omitempty"`
	Model              string          `json:"model,omitempty"`
	Prompt             string          `json:"prompt,omitempty"`
	RawOutput          string          `json:"rawOutput,omitempty"`
	Fallback           string          `json:"fallback,omitempty"` // why the LLM answer was not used
	Notes              []string        `json:"notes,omitempty"`    // what else the engine noticed (stale or missing facts)
	Verification       []SentenceCheck `json:"verification,omitempty"`
	Latency            []StageLatency  `json:"latency,omitempty"`
}

// Evidence is one fact or chunk that was put before the answerer.
type Evidence struct {
	Marker   string  `json:"marker"`
	Kind     string  `json:"kind"` // fact or chunk
	ID       string  `json:"id"`   // entity id, relation id or chunk id
	EntityID string  `json:"entityId,omitempty"`
	Version  int64   `json:"version"`
	Score    float64 `json:"score"`
	Text     string  `json:"text"`
	// Source and Entities: a chunk's source document and the entities it belongs to or mentions.
	Source   string   `json:"source,omitempty"`
	Entities []string `json:"entities,omitempty"`
}

// Citation ties a marker in the answer to a piece of evidence.
type Citation struct {
	Marker   string `json:"marker"`
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	EntityID string `json:"entityId,omitempty"`
	Version  int64  `json:"version"`
	Quote    string `json:"quote"`
}

// Plan is what the answering engine understood a question to ask, matched
// against the knowledge base's lexicon, with the reason for each choice, so
// an auditor can read why an answer said what it said.
type Plan struct {
	// Operation: lookup, compare, filter, rank, list, sum, policy, greeting.
	Operation  string          `json:"operation"`
	Parts      []string        `json:"parts,omitempty"` // the asks of a multi-part question
	Entities   []PlanEntity    `json:"entities,omitempty"`
	Attributes []PlanAttribute `json:"attributes,omitempty"`
	Group      string          `json:"group,omitempty"` // the category or series a catalog question ranges over
	Filters    []PlanFilter    `json:"filters,omitempty"`
	Rank       *PlanRank       `json:"rank,omitempty"`
	Relations  []string        `json:"relations,omitempty"` // relation types followed from the entities
	// Terms are the question's salient terms, weighted by how rare they are
	// in the knowledge base, and whether the cited evidence covers them.
	Terms []PlanTerm `json:"terms,omitempty"`
}

// PlanEntity is an entity the question names.
type PlanEntity struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	Why   string  `json:"why"`
}

// PlanAttribute is an attribute the question asks about.
type PlanAttribute struct {
	Key   string  `json:"key"`
	Score float64 `json:"score"`
	Why   string  `json:"why"`
}

// PlanFilter is a condition on the entities of a catalog question.
type PlanFilter struct {
	Attribute string  `json:"attribute"` // key, or "channel"
	Op        string  `json:"op"`        // <=, >=, <, >, =, has, lacks
	Value     string  `json:"value"`
	Num       float64 `json:"num,omitempty"`
	Unit      string  `json:"unit,omitempty"`
	Why       string  `json:"why"`
}

// PlanRank orders the entities of a catalog question by an attribute.
type PlanRank struct {
	Attribute string `json:"attribute"`
	Desc      bool   `json:"desc"`
	Why       string `json:"why"`
}

// PlanTerm is one salient term of the question.
type PlanTerm struct {
	Term    string  `json:"term"`
	Weight  float64 `json:"weight"`
	Covered bool    `json:"covered"`
}

// SentenceCheck is the verification result of one sentence of the answer.
type SentenceCheck struct {
	Sentence  string   `json:"sentence"`
	Citations []string `json:"citations,omitempty"`
	Supported bool     `json:"supported"`
	Problem   string   `json:"problem,omitempty"`
}

// StageLatency is the time one stage of answering took.
type StageLatency struct {
	Stage  string `json:"stage"`
	Micros int64  `json:"micros"`
}

// Mentions reports whether the trace linked or cited the entity.
func (t *Trace) Mentions(entityID string) bool {
	for _, id := range t.LinkedEntities {
		if id == entityID {
			return true
		}
	}
	for _, e := range t.Evidence {
		if e.EntityID == entityID || e.ID == entityID {
			return true
		}
	}
	return false
}

// Matches reports whether the trace passes the query's filters (not paging).
func (q *TraceQuery) Matches(t *Trace) bool {
	if !q.From.IsZero() && t.CreatedAt.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && !t.CreatedAt.Before(q.To) {
		return false
	}
	if q.Status != "" && t.Status != q.Status {
		return false
	}
	if q.Reason != "" && t.Reason != q.Reason {
		return false
	}
	if q.Channel != "" && t.Channel != q.Channel {
		return false
	}
	if q.ConversationID != "" && t.ConversationID != q.ConversationID {
		return false
	}
	if q.EntityID != "" && !t.Mentions(q.EntityID) {
		return false
	}
	return true
}
