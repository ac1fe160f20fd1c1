package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs/zerolog"

	"kgrag/feedback"
	"kgrag/graph/auth"
	"kgrag/kg"
	"kgrag/retrieval/answer"
)

var errNoAnswers = fmt.Errorf("answering is not configured on this server: %w", kg.ErrUnavailable)

// feedbackFor checks that the caller has one of the rights and that
// corrections are configured.
func (r *Resolver) feedbackFor(ctx context.Context, as ...auth.Action) (auth.Caller, *feedback.Service, error) {
	c, err := auth.RequireAny(ctx, as...)
	if err != nil {
		return auth.Caller{}, nil, err
	}
	if r.Feedback == nil {
		return auth.Caller{}, nil, fmt.Errorf("corrections are not configured on this server: %w", kg.ErrUnavailable)
	}
	return c, r.Feedback, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func askRequest(c auth.Caller, in AskInput) answer.Request {
	return answer.Request{KB: c.KB, Question: in.Question, Channel: deref(in.Channel), ConversationID: deref(in.ConversationID),
		CustomerID: deref(in.CustomerID), AsOf: timeOrZero(in.AsOf), Language: deref(in.Language), Caller: c.KeyID,
		OwnTurnsOnly: c.Role == auth.RoleChat}
}

// traceQuery reads the answers filter. Answers store their channel in
// lower case, and an unknown channel is a typo to report, not an empty page.
func traceQuery(f *AnswerFilter, first *int, after *string) (kg.TraceQuery, error) {
	q := kg.TraceQuery{First: deref(first), After: deref(after)}
	if f == nil {
		return q, nil
	}
	q.From, q.To = timeOrZero(f.From), timeOrZero(f.To)
	q.Status, q.Reason, q.Channel = deref(f.Status), deref(f.Reason), strings.ToLower(deref(f.Channel))
	q.EntityID, q.ConversationID = deref(f.EntityID), deref(f.ConversationID)
	if q.Channel != "" {
		if err := kg.ValidChannel(q.Channel); err != nil {
			return q, err
		}
	}
	return q, nil
}

// replay compares today's answer with the original.
func replay(orig, then, now kg.Trace) *Replay {
	rp := &Replay{Original: &orig, Then: &then, Now: &now}
	if now.Status != orig.Status {
		rp.Differences = append(rp.Differences, fmt.Sprintf("status %s → %s", orig.Status, now.Status))
	}
	if strings.TrimSpace(now.Answer) != strings.TrimSpace(orig.Answer) {
		rp.Differences = append(rp.Differences, "answer text changed")
	}
	cited := func(t kg.Trace) map[string]int64 {
		m := map[string]int64{}
		for _, c := range t.Citations {
			m[c.ID] = c.Version
		}
		return m
	}
	a, b := cited(orig), cited(now)
	for id, v := range a {
		if w, ok := b[id]; !ok {
			rp.Differences = append(rp.Differences, fmt.Sprintf("no longer cites %s", id))
		} else if w != v {
			rp.Differences = append(rp.Differences, fmt.Sprintf("%s: version %d → %d", id, v, w))
		}
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			rp.Differences = append(rp.Differences, fmt.Sprintf("now also cites %s", id))
		}
	}
	rp.Changed = len(rp.Differences) > 0
	if rp.Differences == nil {
		rp.Differences = []string{}
	}
	return rp
}

// askStream answers in the background and sends the verified text sentence
// by sentence, then the whole answer.
func askStream(ctx context.Context, eng *answer.Engine, req answer.Request) <-chan *AnswerEvent {
	ch := make(chan *AnswerEvent, 16)
	go func() {
		defer close(ch)
		send := func(ev *AnswerEvent) bool {
			select {
			case ch <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		a, err := eng.AskStream(ctx, req, func(s string) {
			send(&AnswerEvent{Delta: &s})
		})
		if err != nil {
			// A subscription cannot return an error after it started; say
			// so in the stream and in the log.
			zerolog.Ctx(ctx).Warn().Err(err).Msg("askStream failed")
			msg := "error: " + presentableError(err)
			send(&AnswerEvent{Delta: &msg})
			return
		}
		send(&AnswerEvent{Answer: &a.Trace})
	}()
	return ch
}

func presentableError(err error) string {
	switch {
	case errors.Is(err, kg.ErrInvalid), errors.Is(err, kg.ErrNotFound):
		return err.Error()
	case errors.Is(err, kg.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return "the service is unavailable; retry shortly"
	}
	return "internal error"
}
