package feedback

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// Answer traces are about 7 KB each, so a busy knowledge base gathers
// gigabytes of them. PruneTraces deletes those older than a retention
// period, except what auditors still need: answers a correction was
// submitted for (whatever its status; an approved one is also what its
// regression case cites) and answers that were rated.

// pruneBatch is how many traces one store call deletes.
const pruneBatch = 500

// Pruned is what PruneTraces did in one knowledge base.
type Pruned struct {
	KB      string    `json:"kb"`
	Before  time.Time `json:"before"`
	Deleted int       `json:"deleted"`
	// Protected is how many answers of the knowledge base are kept
	// whatever their age (corrected or rated).
	Protected int `json:"protected"`
}

// ActionPruneAnswers is the audit action of a prune: actor deleted the
// answers before the instant (before), with what it did (after).
const ActionPruneAnswers = "pruneAnswers"

// PruneTraces deletes kb's answer traces created before `before`, except
// those of corrected and rated answers, and records it in the audit log
// as actor's. It returns ErrInvalid when the store cannot delete traces.
func (s *Service) PruneTraces(ctx context.Context, kb, actor string, before time.Time) (out Pruned, err error) {
	out = Pruned{KB: kb, Before: before.UTC()}
	defer func() {
		if out.Deleted > 0 || err == nil {
			s.audit(ctx, kb, actor, ActionPruneAnswers, "answers", map[string]any{"before": out.Before, "protected": out.Protected}, out)
		}
	}()
	p, ok := s.Store.(kg.TracePruner)
	if !ok {
		return out, fmt.Errorf("feedback: %T cannot delete traces: %w", s.Store, kg.ErrInvalid)
	}
	keep, err := s.protectedAnswers(ctx, kb)
	if err != nil {
		return out, err
	}
	out.Protected = len(keep)
	for {
		n, err := p.PruneTraces(ctx, kb, before, keep, pruneBatch)
		out.Deleted += n
		if err != nil {
			return out, fmt.Errorf("feedback: prune traces of %s: %w", kb, err)
		}
		if n < pruneBatch {
			return out, nil
		}
	}
}

// PruneOlderThan is PruneTraces of the answers older than age (> 0).
func (s *Service) PruneOlderThan(ctx context.Context, kb, actor string, age time.Duration) (Pruned, error) {
	if age <= 0 {
		return Pruned{KB: kb}, invalid("prune answers: give an age such as 90d")
	}
	return s.PruneTraces(ctx, kb, actor, s.now().Add(-age))
}

// RetentionActor is the actor of the prunes KGRAG_TRACE_RETENTION and
// `kgrag prune` do, in the audit log.
const RetentionActor = "kgrag:retention"

// PruneAllTraces prunes every knowledge base that holds traces.
func (s *Service) PruneAllTraces(ctx context.Context, before time.Time) ([]Pruned, error) {
	p, ok := s.Store.(kg.TracePruner)
	if !ok {
		return nil, fmt.Errorf("feedback: %T cannot delete traces: %w", s.Store, kg.ErrInvalid)
	}
	kbs, err := p.TraceKBs(ctx)
	if err != nil {
		return nil, fmt.Errorf("feedback: prune traces: %w", err)
	}
	var out []Pruned
	for _, kb := range kbs {
		r, err := s.PruneTraces(ctx, kb, RetentionActor, before)
		out = append(out, r)
		if err != nil {
			return out, err
		}
		zerolog.Ctx(ctx).Info().Str("kb", kb).Int("deleted", r.Deleted).Int("protected", r.Protected).Time("before", before).Msg("answer traces pruned")
	}
	return out, nil
}

// protectedAnswers are the ids of the answers kept whatever their age.
func (s *Service) protectedAnswers(ctx context.Context, kb string) (map[string]bool, error) {
	keep := map[string]bool{}
	for _, coll := range []string{collCorrections, collRatings} {
		after := ""
		for {
			docs, err := s.Docs.ListDocs(ctx, kb, coll, after, kg.MaxDocList)
			if err != nil {
				return nil, fmt.Errorf("feedback: prune traces: %s: %w", coll, err)
			}
			for _, d := range docs {
				after = d.ID
				var ref struct {
					AnswerID string `json:"answerId"`
				}
				if json.Unmarshal(d.Data, &ref) == nil && ref.AnswerID != "" {
					keep[ref.AnswerID] = true
				}
			}
			if len(docs) < kg.MaxDocList {
				break
			}
		}
	}
	return keep, nil
}

// ParseRetention reads a retention period: a number of days ("90d"), a Go
// duration ("2160h"), or "" / "0" / "forever" for no limit (0).
func ParseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "", "0", "forever", "off":
		return 0, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*366 {
			return 0, fmt.Errorf("retention %q: want days such as 90d, a duration such as 2160h, or 0 to keep forever: %w", s, kg.ErrInvalid)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d < 0 {
			return 0, fmt.Errorf("retention %q: want days such as 90d, a duration such as 2160h, or 0 to keep forever: %w", s, kg.ErrInvalid)
		}
	}
	if d != 0 && d < time.Hour {
		return 0, fmt.Errorf("retention %q is under an hour; traces are the audit record: %w", s, kg.ErrInvalid)
	}
	return d, nil
}
