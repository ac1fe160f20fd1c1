package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kgrag/kg"
)

// A TEXT correction changes a statement in source text, which has no fact
// version to compare-and-set. So that of two corrections of one statement
// only one is approved (and concurrent approvals cannot both win), the
// approval first claims the statement: a create-only document per
// (entity, statement) in kg.Docs naming the correction.
//
// A claim whose correction never got approved (the approval failed after
// claiming; it is released then, or the process died) is taken over after
// claimTTL.

const collStatements = "statements"

const claimTTL = 2 * time.Minute

type statementClaim struct {
	Correction string `json:"correction"`
	NewValue   string `json:"newValue"`
	Released   bool   `json:"released,omitempty"`
}

func statementID(entityID, statement string) string {
	h := sha256.Sum256([]byte(entityID + "\x00" + statement))
	return "s-" + hex.EncodeToString(h[:16])
}

// claimStatement claims c's statement for c. release gives the claim up
// (when the approval fails before anything is written).
func (s *Service) claimStatement(ctx context.Context, kb string, c *Correction) (release func(), err error) {
	id := statementID(c.Target.EntityID, c.OldValue)
	mine, _ := json.Marshal(statementClaim{Correction: c.ID, NewValue: c.NewValue})
	for try := 0; try < 3; try++ {
		expect := int64(0)
		d, err := s.Docs.GetDoc(ctx, kb, collStatements, id)
		switch {
		case errors.Is(err, kg.ErrNotFound):
		case err != nil:
			return nil, fmt.Errorf("feedback: claim statement: %w", err)
		default:
			var cl statementClaim
			if err := json.Unmarshal(d.Data, &cl); err != nil {
				return nil, fmt.Errorf("feedback: claim of statement %s: %w", id, err)
			}
			if cl.Correction == c.ID && !cl.Released {
				return s.releaser(ctx, kb, id, c.ID, d.Version), nil // an approval of c resumed
			}
			if cl.Correction != c.ID {
				other, gerr := s.Get(ctx, kb, cl.Correction)
				switch {
				case gerr == nil && other.Status == Approved:
					return nil, fmt.Errorf("the statement %q of %q was already corrected to %q by %s (approved by %s): %w",
						c.OldValue, c.Target.EntityID, other.NewValue, other.ID, other.ReviewedBy, kg.ErrConflict)
				case gerr == nil && other.Status == Pending && !cl.Released && time.Since(d.UpdatedAt) < claimTTL:
					return nil, fmt.Errorf("the statement %q of %q is being corrected by %s right now: %w",
						c.OldValue, c.Target.EntityID, other.ID, kg.ErrConflict)
				}
			}
			expect = d.Version // released, rejected or abandoned: take it over
		}
		v, err := s.Docs.PutDoc(ctx, kb, collStatements, id, mine, expect)
		if errors.Is(err, kg.ErrConflict) {
			continue // claimed meanwhile; look at who has it
		}
		if err != nil {
			return nil, fmt.Errorf("feedback: claim statement: %w", err)
		}
		return s.releaser(ctx, kb, id, c.ID, v), nil
	}
	return nil, fmt.Errorf("the statement %q of %q is being corrected by another approval: %w", c.OldValue, c.Target.EntityID, kg.ErrConflict)
}

func (s *Service) releaser(ctx context.Context, kb, id, corr string, version int64) func() {
	return func() {
		data, _ := json.Marshal(statementClaim{Correction: corr, Released: true})
		// Best effort: a claim left behind expires after claimTTL.
		_, _ = s.Docs.PutDoc(context.WithoutCancel(ctx), kb, collStatements, id, data, version)
	}
}
