package feedback

import (
	"context"
	"encoding/json"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// AuditEntry is one curation action: who did what to which subject, with
// the state before and after.
type AuditEntry struct {
	ID      string          `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Subject string          `json:"subject"`
	Before  json.RawMessage `json:"before,omitempty"`
	After   json.RawMessage `json:"after,omitempty"`
}

// Audit records a curation action. The log is append-only; a failure to
// write it is logged, never silently lost.
func (s *Service) Audit(ctx context.Context, kb, actor, action, subject string, before, after any) error {
	e := AuditEntry{At: s.now(), Actor: actor, Action: action, Subject: subject}
	e.ID = timeID("aud-", e.At)
	if before != nil {
		e.Before, _ = json.Marshal(before)
	}
	if after != nil {
		e.After, _ = json.Marshal(after)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = s.Docs.PutDoc(ctx, kb, collAudit, e.ID, data, 0)
	return err
}

func (s *Service) audit(ctx context.Context, kb, actor, action, subject string, before, after any) {
	if err := s.Audit(ctx, kb, actor, action, subject, before, after); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("action", action).Str("subject", subject).Msg("audit log write failed")
	}
}

// AuditQuery filters the audit log.
type AuditQuery struct {
	From, To time.Time
	Actor    string
	Action   string
	Subject  string
	First    int
	After    string
}

// AuditLog lists entries oldest first.
func (s *Service) AuditLog(ctx context.Context, kb string, q AuditQuery) ([]AuditEntry, string, error) {
	if q.First <= 0 || q.First > kg.MaxPage {
		q.First = kg.DefaultPage
	}
	cursor := q.After
	if cursor == "" && !q.From.IsZero() {
		cursor = "aud-" + q.From.UTC().Add(-time.Nanosecond).Format("20060102T150405.000000000") + "-~"
	}
	var out []AuditEntry
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collAudit, cursor, 500)
		if err != nil {
			return nil, "", err
		}
		for _, d := range docs {
			cursor = d.ID
			var e AuditEntry
			if json.Unmarshal(d.Data, &e) != nil {
				continue
			}
			if !q.To.IsZero() && !e.At.Before(q.To) {
				return out, "", nil
			}
			if (q.Actor != "" && e.Actor != q.Actor) || (q.Action != "" && e.Action != q.Action) || (q.Subject != "" && e.Subject != q.Subject) {
				continue
			}
			out = append(out, e)
			if len(out) == q.First {
				return out, cursor, nil
			}
		}
		if len(docs) < 500 {
			return out, "", nil
		}
	}
}
