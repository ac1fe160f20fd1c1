package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs/zerolog"

	"kgrag/ingest/registry"
)

// Auditor records ingest and delete runs in the audit log (feedback.Service
// is one): the actor, the sources, what the registry held of them before
// and what the run did (per source and by type).
type Auditor interface {
	Audit(ctx context.Context, kb, actor, action, subject string, before, after any) error
}

// Audit actions of runs.
const (
	AuditIngest = "ingest"
	AuditDelete = "deleteSources"
)

// sourceState is what the registry held of a source before a run.
type sourceState struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Hash      string `json:"hash,omitempty"`
	Origin    string `json:"origin,omitempty"`
	Entities  int    `json:"entities"`
	Relations int    `json:"relations"`
	Chunks    int    `json:"chunks"`
}

func stateOf(s registry.Source) sourceState {
	return sourceState{ID: s.ID, Status: string(s.Status), Hash: s.Hash, Origin: s.Origin,
		Entities: s.Counts.Entities, Relations: s.Counts.Relations, Chunks: s.Counts.Chunks}
}

// sourceOutcome is what a run did to one source.
type sourceOutcome struct {
	ID        string   `json:"id"`
	Origin    string   `json:"origin,omitempty"`
	Action    Action   `json:"action"`
	Entities  int      `json:"entities"`
	Relations int      `json:"relations"`
	Chunks    int      `json:"chunks"`
	Skipped   int      `json:"skipped,omitempty"`
	Errors    []string `json:"errors,omitempty"`
}

// runOutcome is the after of a run's audit entry.
type runOutcome struct {
	Sources   []sourceOutcome `json:"sources"`
	Entities  []TypeCount     `json:"entities,omitempty"`
	Relations []TypeCount     `json:"relations,omitempty"`
	Chunks    []TypeCount     `json:"chunks,omitempty"`
	Error     string          `json:"error,omitempty"`
}

// maxAuditErrors bounds the error lines kept per source in the audit log
// (the registry and the job keep them all).
const maxAuditErrors = 5

// audit records a finished run. A failed audit write is logged: the run's
// writes are stored and its registry records keep the actor.
func (in *Ingester) audit(ctx context.Context, action, actor string, rep *Report, before []sourceState, origins map[string]string, runErr error) {
	if in.opt.Auditor == nil || rep == nil {
		return
	}
	out := runOutcome{Entities: rep.Entities, Relations: rep.Relations, Chunks: rep.Chunks}
	ids := make([]string, 0, len(rep.Sources))
	for _, s := range rep.Sources {
		ids = append(ids, s.ID)
		o := sourceOutcome{ID: s.ID, Origin: origins[s.ID], Action: s.Action, Entities: s.Entities, Relations: s.Relations,
			Chunks: s.Chunks, Skipped: s.Skipped, Errors: s.Errors}
		if len(o.Errors) > maxAuditErrors {
			o.Errors = append(o.Errors[:maxAuditErrors:maxAuditErrors], fmt.Sprintf("… %d more", len(s.Errors)-maxAuditErrors))
		}
		out.Sources = append(out.Sources, o)
	}
	if runErr != nil {
		out.Error = runErr.Error()
	}
	var b any
	if len(before) > 0 {
		b = before
	}
	subject := sourcesSubject(ids)
	if err := in.opt.Auditor.Audit(ctx, rep.KB, actor, action, subject, b, out); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("action", action).Str("subject", subject).Msg("audit log write failed")
	}
}

// sourcesSubject names a run's sources: the one source's id, or the
// count and the first few ids.
func sourcesSubject(ids []string) string {
	switch len(ids) {
	case 0:
		return "sources: none"
	case 1:
		return ids[0]
	}
	const show = 5
	s := fmt.Sprintf("%d sources: %s", len(ids), strings.Join(ids[:min(show, len(ids))], ", "))
	if len(ids) > show {
		s += ", …"
	}
	return s
}
