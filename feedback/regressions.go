package feedback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// Every approved correction becomes a regression case, so a fix stays
// fixed: the question the corrected answer was for (or one made from the
// target when the correction came without an answer), what an answer must
// state now, and the superseded value it must not state. The cases of a
// knowledge base are its "regressions" collection in kg.Docs, keyed by the
// correction id; `kgrag eval` runs them.

const collRegressions = "regressions"

// Regression is one case of a knowledge base's regression test set.
type Regression struct {
	ID string `json:"id"` // the id of the correction it comes from
	// Question is what to ask: the corrected answer's question, or, when
	// Generated, one made from the target's name and key.
	Question  string `json:"question"`
	Generated bool   `json:"generated"`
	Language  string `json:"language"`          // zh or en
	Channel   string `json:"channel,omitempty"` // the corrected answer's channel
	// Expected are texts the answer must state; Forbidden are texts it must
	// not state (the superseded values). Either may be empty, e.g. for a
	// relation correction whose generated question names both ends.
	Expected  []string       `json:"expected"`
	Forbidden []string       `json:"forbidden"`
	Facts     []ExpectedFact `json:"facts"`
	// SupersededBy is set (on reads) when a later approved correction
	// changed the same fact again: the later case is the one to run, and it
	// forbids this case's old value too.
	SupersededBy string    `json:"supersededBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	CreatedBy    string    `json:"createdBy"` // the approver
}

// ExpectedFact is a fact the graph must hold for the regression to pass,
// and that an answer to its question should rest on.
type ExpectedFact struct {
	Kind     string `json:"kind"` // the correction's target kind
	EntityID string `json:"entityId"`
	// Key is the attribute key (ATTRIBUTE) or the relation type (RELATION).
	Key string `json:"key,omitempty"`
	To  string `json:"to,omitempty"` // RELATION: the other end
	// Value is the corrected value: an attribute's text, a TEXT
	// correction's statement, or ADD / RETIRE for a relation.
	Value string `json:"value"`
	// Version is the entity (or relation) version the correction wrote;
	// answers citing an older version of the fact are out of date.
	Version int64 `json:"version"`
}

// Run is what the regression case checks in an answer (the eval judge
// applies it): every Expected text is stated and no Forbidden one is.
func (r *Regression) Run(answer string) (ok bool, missing, forbidden []string) {
	for _, e := range r.Expected {
		if !strings.Contains(answer, e) {
			missing = append(missing, e)
		}
	}
	for _, f := range r.Forbidden {
		if containsValue(answer, f) {
			forbidden = append(forbidden, f)
		}
	}
	return len(missing) == 0 && len(forbidden) == 0, missing, forbidden
}

// Regressions returns the knowledge base's regression cases, oldest
// first, one per approved correction. Cases missing from the collection
// (corrections approved before cases were kept, or whose case could not be
// written) are made and stored on the way. Cases whose fact a later
// correction changed again carry SupersededBy.
func (s *Service) Regressions(ctx context.Context, kb string) ([]Regression, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	stored := map[string]Regression{}
	after := ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collRegressions, after, kg.MaxDocList)
		if err != nil {
			return nil, fmt.Errorf("feedback: regressions: %w", err)
		}
		for _, d := range docs {
			after = d.ID
			var r Regression
			if err := json.Unmarshal(d.Data, &r); err != nil {
				return nil, fmt.Errorf("feedback: regression %s: %w", d.ID, err)
			}
			stored[r.ID] = r
		}
		if len(docs) < kg.MaxDocList {
			break
		}
	}
	var out []Regression
	byID := map[string]*Correction{}
	after = ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collCorrections, after, kg.MaxDocList)
		if err != nil {
			return nil, fmt.Errorf("feedback: regressions: %w", err)
		}
		for _, d := range docs {
			after = d.ID
			var c Correction
			if json.Unmarshal(d.Data, &c) != nil || c.Status != Approved {
				continue
			}
			byID[c.ID] = &c
			r, ok := stored[c.ID]
			if !ok {
				r = s.buildRegression(ctx, c, nil)
				s.putRegression(ctx, kb, r)
			}
			out = append(out, r)
		}
		if len(docs) < kg.MaxDocList {
			break
		}
	}
	supersede(out, byID)
	return out, nil
}

// supersede links cases of one fact: the case of the correction approved
// last is the one that counts, and it forbids every older value that is
// not its own.
func supersede(rs []Regression, byID map[string]*Correction) {
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return byID[rs[order[a]].ID].ReviewedAt.Before(byID[rs[order[b]].ID].ReviewedAt)
	})
	last := map[string]int{}
	for _, i := range order {
		c := byID[rs[i].ID]
		if c.Target.Kind == TargetText {
			continue
		}
		k := c.Target.Kind + "\x00" + c.Target.EntityID + "\x00" + c.Target.Key + "\x00" + c.Target.To
		j, seen := last[k]
		last[k] = i
		if !seen {
			continue
		}
		rs[j].SupersededBy = rs[i].ID
		for _, f := range append(slices.Clone(rs[j].Forbidden), byID[rs[j].ID].OldValue) {
			if forbiddable(f, rs[i].Expected, rs[i].Question) && !slices.Contains(rs[i].Forbidden, f) {
				rs[i].Forbidden = append(rs[i].Forbidden, f)
			}
		}
	}
}

func (s *Service) addRegression(ctx context.Context, c Correction, ent *kg.Entity) {
	s.putRegression(ctx, c.KB, s.buildRegression(ctx, c, ent))
}

func (s *Service) putRegression(ctx context.Context, kb string, r Regression) {
	data, err := json.Marshal(r)
	if err == nil {
		_, err = s.Docs.PutDoc(ctx, kb, collRegressions, r.ID, data, 0)
	}
	if err != nil && !errors.Is(err, kg.ErrConflict) { // a conflict: another instance stored it
		zerolog.Ctx(ctx).Error().Err(err).Str("correction", r.ID).Msg("regression case write failed")
	}
}

// buildRegression makes the case of an approved correction. ent is the
// target as the approval left it (nil: read it now).
func (s *Service) buildRegression(ctx context.Context, c Correction, ent *kg.Entity) Regression {
	r := Regression{ID: c.ID, Question: c.Question, CreatedAt: c.ReviewedAt, CreatedBy: c.ReviewedBy,
		Expected: []string{}, Forbidden: []string{}}
	name := c.Target.EntityID
	typ := ""
	if ent == nil || ent.ID == "" {
		if e, err := s.Store.Entity(ctx, c.KB, c.Target.EntityID, time.Time{}); err == nil {
			ent = &e
		}
	}
	if ent != nil && ent.ID != "" {
		name, typ = ent.Name, ent.Type
	}
	if c.AnswerID != "" {
		if tr, err := s.Store.Trace(ctx, c.KB, c.AnswerID); err == nil {
			r.Channel, r.Language = tr.Channel, tr.Language
			if r.Question == "" {
				r.Question = tr.Question
			}
		}
	}
	generated := r.Question == ""
	r.Generated = generated
	if r.Language == "" {
		r.Language = "en"
		if hasHan(name) || hasHan(r.Question) {
			r.Language = "zh"
		}
	}
	fact := ExpectedFact{Kind: c.Target.Kind, EntityID: c.Target.EntityID, Key: c.Target.Key, To: c.Target.To,
		Value: c.NewValue, Version: c.AppliedVersion}
	r.Facts = []ExpectedFact{fact}
	zh := r.Language == "zh"
	switch c.Target.Kind {
	case TargetAttribute:
		if generated {
			if zh {
				r.Question = name + "的" + c.Target.Key + "是多少？"
			} else {
				r.Question = "What is the " + strings.ReplaceAll(c.Target.Key, "_", " ") + " of " + name + "?"
			}
		}
		r.Expected = append(r.Expected, c.NewValue)
		if forbiddable(c.OldValue, r.Expected, r.Question) {
			r.Forbidden = append(r.Forbidden, c.OldValue)
		}
	case TargetText:
		if generated {
			switch {
			case typ == "FAQ":
				r.Question = name // an FAQ's name is its question
			case strings.TrimSpace(c.OldValue) != "":
				// The statement as it was written finds the passage it was corrected in.
				r.Question = strings.TrimRight(strings.TrimSpace(c.OldValue), "。.？?") + "？"
			case zh:
				r.Question = name + "是怎么规定的？"
			default:
				r.Question = "What does " + name + " say?"
			}
		}
		r.Expected = append(r.Expected, c.NewValue)
		if forbiddable(c.OldValue, r.Expected, r.Question) {
			r.Forbidden = append(r.Forbidden, c.OldValue)
		}
	case TargetRelation:
		toName := c.Target.To
		if e, err := s.Store.Entity(ctx, c.KB, c.Target.To, time.Time{}); err == nil {
			toName = e.Name
		}
		if generated {
			if zh {
				r.Question = name + "和" + toName + "是什么关系？"
			} else {
				r.Question = "How is " + name + " related to " + toName + "?"
			}
			break // the question names both ends, so the names prove nothing
		}
		if c.NewValue == "ADD" && !strings.Contains(r.Question, toName) {
			r.Expected = append(r.Expected, toName)
		}
		if c.NewValue == "RETIRE" && forbiddable(toName, nil, r.Question) {
			r.Forbidden = append(r.Forbidden, toName)
		}
	}
	return r
}

// forbiddable reports whether an answer can be required not to state v:
// not when a right answer states it anyway (inside an expected value, or
// echoing the question).
func forbiddable(v string, expected []string, question string) bool {
	if strings.TrimSpace(v) == "" || containsValue(question, v) {
		return false
	}
	for _, e := range expected {
		if containsValue(e, v) {
			return false
		}
	}
	return true
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
