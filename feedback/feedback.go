// Package feedback is how the knowledge gets better: agents flag wrong
// answers with corrections, trainers approve or reject them, approved
// corrections become new fact versions (or text patches) with provenance,
// and every curation action is written to an audit log. Ratings of answers
// and the refused or badly rated questions feed the knowledge-gap report.
//
// Records live in the graph store's documents (kg.Docs), so they are
// wherever the graph is: the embedded file or Neo4j.
package feedback

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"kgrag/kg"
)

// Collections in kg.Docs.
const (
	collCorrections = "corrections"
	collAudit       = "audit"
	collRatings     = "ratings"
)

// Correction statuses.
const (
	Pending  = "PENDING"
	Approved = "APPROVED"
	Rejected = "REJECTED"
)

// Target kinds.
const (
	TargetAttribute = "ATTRIBUTE" // an attribute of an entity
	TargetRelation  = "RELATION"  // a relation of an entity: add or retire it
	TargetText      = "TEXT"      // a statement in the entity's source text
)

// Target is what a correction changes.
type Target struct {
	Kind     string `json:"kind"`
	EntityID string `json:"entityId"`
	// Attribute corrections: the key. Relation corrections: the type.
	Key string `json:"key,omitempty"`
	// Relation corrections: the other end; the correction adds the relation
	// (NewValue "ADD") or retires it ("RETIRE").
	To string `json:"to,omitempty"`
}

// Correction is an agent's report that the knowledge is wrong, and its review.
type Correction struct {
	ID          string    `json:"id"`
	KB          string    `json:"kb"`
	AnswerID    string    `json:"answerId,omitempty"`
	Target      Target    `json:"target"`
	OldValue    string    `json:"oldValue"` // what the knowledge said at submission
	NewValue    string    `json:"newValue"`
	Reason      string    `json:"reason"`
	Evidence    string    `json:"evidence,omitempty"`
	Question    string    `json:"question,omitempty"` // the question the answer was for
	Status      string    `json:"status"`
	BaseVersion int64     `json:"baseVersion"` // entity version at submission
	SubmittedBy string    `json:"submittedBy"`
	SubmittedAt time.Time `json:"submittedAt"`
	ReviewedBy  string    `json:"reviewedBy,omitempty"`
	ReviewedAt  time.Time `json:"reviewedAt,omitempty"`
	ReviewNote  string    `json:"reviewNote,omitempty"`
	// AppliedVersion is the entity version the approval wrote.
	AppliedVersion int64 `json:"appliedVersion,omitempty"`
	// Version is the record's own version (compare-and-set).
	Version int64 `json:"-"`
}

// Service runs the corrections workflow. Safe for concurrent use.
type Service struct {
	Store kg.Store
	Docs  kg.Docs
	Now   func() time.Time
	// TrustedAgents are agent key ids whose corrections are approved on
	// submission (off by default: empty).
	TrustedAgents []string
	// OnApproved is told after a correction is applied (e.g. to refresh caches).
	OnApproved func(kb string, c Correction)

	patchMu sync.Mutex
	patches map[string]patchCache
}

// New returns the service; the store must implement kg.Docs.
func New(store kg.Store) (*Service, error) {
	d, ok := store.(kg.Docs)
	if !ok {
		if u, ok2 := store.(interface{ Unwrap() kg.Store }); ok2 {
			if inner := u.Unwrap(); inner != nil {
				d, ok = inner.(kg.Docs)
			}
		}
		if !ok {
			// A store still connecting (kg.Connecting) resolves later.
			if c, ok3 := store.(*kg.Connecting); ok3 {
				d = lazyDocs{c}
				ok = true
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("feedback: %T keeps no documents", store)
	}
	return &Service{Store: store, Docs: d}, nil
}

// lazyDocs finds the Docs of a store that connects in the background.
type lazyDocs struct{ c *kg.Connecting }

func (l lazyDocs) docs() (kg.Docs, error) {
	s := l.c.Unwrap()
	if s == nil {
		return nil, fmt.Errorf("feedback: %w", kg.ErrUnavailable)
	}
	d, ok := s.(kg.Docs)
	if !ok {
		return nil, fmt.Errorf("feedback: %T keeps no documents", s)
	}
	return d, nil
}

func (l lazyDocs) PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error) {
	d, err := l.docs()
	if err != nil {
		return 0, err
	}
	return d.PutDoc(ctx, kb, coll, id, data, expect)
}

func (l lazyDocs) GetDoc(ctx context.Context, kb, coll, id string) (kg.Doc, error) {
	d, err := l.docs()
	if err != nil {
		return kg.Doc{}, err
	}
	return d.GetDoc(ctx, kb, coll, id)
}

func (l lazyDocs) ListDocs(ctx context.Context, kb, coll, after string, limit int) ([]kg.Doc, error) {
	d, err := l.docs()
	if err != nil {
		return nil, err
	}
	return d.ListDocs(ctx, kb, coll, after, limit)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// timeID is an id that sorts by creation time.
func timeID(prefix string, t time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s%s-%s", prefix, t.UTC().Format("20060102T150405.000000000"), hex.EncodeToString(b[:]))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", kg.ErrInvalid, fmt.Sprintf(format, args...))
}

// SubmitInput is what an agent submits.
type SubmitInput struct {
	AnswerID string
	Target   Target
	// Field is shorthand for the target as the eval files write it: an
	// attribute key, or "text" for a statement in the source text.
	OldValue string // required for TEXT: the wrong statement as written
	NewValue string
	Reason   string
	Evidence string
}

// Submit records a correction as PENDING (or applies it at once for a trusted agent).
func (s *Service) Submit(ctx context.Context, kb, actor string, in SubmitInput) (Correction, error) {
	if err := kg.ValidKB(kb); err != nil {
		return Correction{}, err
	}
	t := in.Target
	t.Kind = strings.ToUpper(t.Kind)
	if err := kg.ValidID("target.entityId", t.EntityID); err != nil {
		return Correction{}, err
	}
	in.NewValue = strings.TrimSpace(in.NewValue)
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Reason == "":
		return Correction{}, invalid("reason is required: say why the knowledge is wrong")
	case len([]rune(in.Reason)) > 2000 || len([]rune(in.Evidence)) > 4000 || len([]rune(in.NewValue)) > kg.MaxValueLen || len([]rune(in.OldValue)) > kg.MaxValueLen:
		return Correction{}, invalid("reason, evidence or value is too long")
	}
	var question string
	if in.AnswerID != "" {
		tr, err := s.Store.Trace(ctx, kb, in.AnswerID)
		if err != nil {
			return Correction{}, fmt.Errorf("answer %q: %w", in.AnswerID, err)
		}
		question = tr.Question
	}
	ent, err := s.Store.Entity(ctx, kb, t.EntityID, time.Time{})
	if err != nil {
		return Correction{}, fmt.Errorf("target entity %q: %w", t.EntityID, err)
	}
	if ent.Status != kg.StatusActive {
		return Correction{}, invalid("target entity %q is %s; corrections need an active entity", t.EntityID, ent.Status)
	}
	t.EntityID = ent.ID // after a merge redirect
	c := Correction{KB: kb, AnswerID: in.AnswerID, Target: t, NewValue: in.NewValue, Reason: in.Reason, Evidence: in.Evidence,
		Question: question, Status: Pending, BaseVersion: ent.Version, SubmittedBy: actor, SubmittedAt: s.now()}
	switch t.Kind {
	case TargetAttribute:
		a, ok := ent.Attr(t.Key)
		if !ok {
			return Correction{}, invalid("entity %q has no attribute %q; known: %s", t.EntityID, t.Key, attrKeys(&ent))
		}
		if _, err := kg.NormalizeAttribute("newValue", valueAttr(a, in.NewValue)); err != nil {
			return Correction{}, err
		}
		c.OldValue = a.Text()
		if in.OldValue != "" && in.OldValue != c.OldValue {
			return Correction{}, fmt.Errorf("%w: %s of %q is %q now, not %q; the knowledge changed since the answer", kg.ErrConflict, t.Key, t.EntityID, c.OldValue, in.OldValue)
		}
		if c.OldValue == valueAttr(a, in.NewValue).Text() {
			return Correction{}, invalid("%s of %q is already %q", t.Key, t.EntityID, in.NewValue)
		}
	case TargetText:
		if strings.TrimSpace(in.OldValue) == "" || in.NewValue == "" {
			return Correction{}, invalid("a TEXT correction needs oldValue (the statement as written) and newValue")
		}
		c.OldValue = in.OldValue
	case TargetRelation:
		if err := kg.ValidRelationType(t.Key); err != nil {
			return Correction{}, err
		}
		if err := kg.ValidID("target.to", t.To); err != nil {
			return Correction{}, err
		}
		switch strings.ToUpper(in.NewValue) {
		case "ADD", "RETIRE":
			c.NewValue = strings.ToUpper(in.NewValue)
		default:
			return Correction{}, invalid("a RELATION correction's newValue is ADD or RETIRE")
		}
	default:
		return Correction{}, invalid("target.kind %q: want ATTRIBUTE, RELATION or TEXT", t.Kind)
	}
	c.ID = timeID("cor-", c.SubmittedAt)
	if err := s.save(ctx, &c, 0); err != nil {
		return Correction{}, err
	}
	s.audit(ctx, kb, actor, "submitCorrection", c.ID, nil, c)
	for _, a := range s.TrustedAgents {
		if a == actor {
			return s.Approve(ctx, kb, actor, c.ID, "auto-approved: trusted agent")
		}
	}
	return c, nil
}

func attrKeys(e *kg.Entity) string {
	var ks []string
	for _, a := range e.Attributes {
		ks = append(ks, a.Key)
	}
	return strings.Join(ks, ", ")
}

// valueAttr is attribute a with a new value of the same kind.
func valueAttr(a kg.Attribute, v string) kg.Attribute {
	n := kg.Attribute{Key: a.Key, Kind: a.Kind}
	if a.Kind == kg.KindList {
		for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == '|' }) {
			n.List = append(n.List, strings.TrimSpace(x))
		}
	} else {
		n.Value = v
	}
	return n
}

func (s *Service) save(ctx context.Context, c *Correction, expect int64) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	v, err := s.Docs.PutDoc(ctx, c.KB, collCorrections, c.ID, data, expect)
	if err != nil {
		return fmt.Errorf("feedback: save correction %s: %w", c.ID, err)
	}
	c.Version = v
	return nil
}

// Get returns one correction.
func (s *Service) Get(ctx context.Context, kb, id string) (Correction, error) {
	d, err := s.Docs.GetDoc(ctx, kb, collCorrections, id)
	if err != nil {
		return Correction{}, fmt.Errorf("correction %q: %w", id, err)
	}
	var c Correction
	if err := json.Unmarshal(d.Data, &c); err != nil {
		return Correction{}, fmt.Errorf("feedback: correction %s: %w", id, err)
	}
	c.Version = d.Version
	return c, nil
}

// List returns corrections with the status ("" for all), oldest first.
func (s *Service) List(ctx context.Context, kb, status string, first int, after string) ([]Correction, string, error) {
	if first <= 0 || first > kg.MaxPage {
		first = kg.DefaultPage
	}
	var out []Correction
	cursor := after
	for len(out) < first {
		docs, err := s.Docs.ListDocs(ctx, kb, collCorrections, cursor, 200)
		if err != nil {
			return nil, "", err
		}
		for _, d := range docs {
			cursor = d.ID
			var c Correction
			if err := json.Unmarshal(d.Data, &c); err != nil {
				return nil, "", err
			}
			c.Version = d.Version
			if status == "" || c.Status == status {
				out = append(out, c)
				if len(out) == first {
					return out, cursor, nil
				}
			}
		}
		if len(docs) < 200 {
			return out, "", nil
		}
	}
	return out, cursor, nil
}

// Approve applies a pending correction: an attribute change or a relation
// change becomes a new fact version with provenance CORRECTION (the old
// version is closed, not lost); a text correction becomes a patch that
// answers apply to the source's chunks. It fails with ErrConflict when the
// target changed since submission (saying what changed) or the correction
// was already reviewed.
func (s *Service) Approve(ctx context.Context, kb, reviewer, id, note string) (Correction, error) {
	c, err := s.Get(ctx, kb, id)
	if err != nil {
		return Correction{}, err
	}
	if c.Status != Pending {
		return Correction{}, fmt.Errorf("correction %s is already %s by %s: %w", id, strings.ToLower(c.Status), c.ReviewedBy, kg.ErrConflict)
	}
	before := c
	ent, err := s.Store.Entity(ctx, kb, c.Target.EntityID, time.Time{})
	if err != nil {
		return Correction{}, fmt.Errorf("target entity %q: %w", c.Target.EntityID, err)
	}
	if ent.Status != kg.StatusActive {
		return Correction{}, fmt.Errorf("target entity %q is %s now: %w", ent.ID, ent.Status, kg.ErrConflict)
	}
	prov := kg.Provenance{Kind: kg.ProvCorrection, Correction: c.ID, Actor: c.SubmittedBy, Approver: reviewer, Note: c.Reason}
	at := s.now()
	switch c.Target.Kind {
	case TargetAttribute:
		a, ok := ent.Attr(c.Target.Key)
		if !ok {
			return Correction{}, fmt.Errorf("attribute %q of %q was removed since the correction was submitted: %w", c.Target.Key, ent.ID, kg.ErrConflict)
		}
		if a.Text() != c.OldValue {
			return Correction{}, fmt.Errorf("%s of %q changed from %q to %q (version %d → %d) since the correction was submitted; resubmit it against the current value: %w",
				c.Target.Key, ent.ID, c.OldValue, a.Text(), c.BaseVersion, ent.Version, kg.ErrConflict)
		}
		res, err := s.Store.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{{ID: ent.ID, BaseVersion: ent.Version,
			Attributes: []kg.Attribute{valueAttr(a, c.NewValue)}, Provenance: prov}}})
		if err != nil {
			return Correction{}, fmt.Errorf("apply correction %s: %w", id, err)
		}
		c.AppliedVersion = res.Entities[0].Version
	case TargetRelation:
		b := kg.Batch{At: at}
		if c.NewValue == "ADD" {
			b.Relations = []kg.RelationUpsert{{From: ent.ID, Type: c.Target.Key, To: c.Target.To, Provenance: prov}}
		} else {
			b.Retire = []kg.Retirement{{Relation: &kg.RelationKey{From: ent.ID, Type: c.Target.Key, To: c.Target.To}, Provenance: prov}}
		}
		res, err := s.Store.Apply(ctx, kb, b)
		if err != nil {
			return Correction{}, fmt.Errorf("apply correction %s: %w", id, err)
		}
		if len(res.Relations) > 0 {
			c.AppliedVersion = res.Relations[0].Version
		} else if len(res.Retired) > 0 && res.Retired[0].Relation != nil {
			c.AppliedVersion = res.Retired[0].Relation.Version
		}
	case TargetText:
		// Attributes that carry the statement (an FAQ answer) change as a
		// fact; the source's chunks are patched when answers read them.
		var changed []kg.Attribute
		for _, a := range ent.Attributes {
			if a.Kind == kg.KindString && strings.Contains(a.Value, c.OldValue) {
				changed = append(changed, kg.Attribute{Key: a.Key, Kind: a.Kind, Value: strings.ReplaceAll(a.Value, c.OldValue, c.NewValue)})
			}
		}
		if len(changed) > 0 {
			res, err := s.Store.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{{ID: ent.ID, BaseVersion: ent.Version,
				Attributes: changed, Provenance: prov}}})
			if err != nil {
				return Correction{}, fmt.Errorf("apply correction %s: %w", id, err)
			}
			c.AppliedVersion = res.Entities[0].Version
		} else {
			c.AppliedVersion = ent.Version
		}
	}
	c.Status, c.ReviewedBy, c.ReviewedAt, c.ReviewNote = Approved, reviewer, at, note
	if err := s.save(ctx, &c, before.Version); err != nil {
		if errors.Is(err, kg.ErrConflict) {
			return Correction{}, fmt.Errorf("correction %s was reviewed by someone else meanwhile: %w", id, kg.ErrConflict)
		}
		return Correction{}, err
	}
	s.dropPatches(kb)
	s.audit(ctx, kb, reviewer, "approveCorrection", c.ID, before, c)
	if s.OnApproved != nil {
		s.OnApproved(kb, c)
	}
	return c, nil
}

// Reject closes a pending correction without changing the knowledge.
func (s *Service) Reject(ctx context.Context, kb, reviewer, id, note string) (Correction, error) {
	c, err := s.Get(ctx, kb, id)
	if err != nil {
		return Correction{}, err
	}
	if c.Status != Pending {
		return Correction{}, fmt.Errorf("correction %s is already %s: %w", id, strings.ToLower(c.Status), kg.ErrConflict)
	}
	before := c
	c.Status, c.ReviewedBy, c.ReviewedAt, c.ReviewNote = Rejected, reviewer, s.now(), note
	if err := s.save(ctx, &c, before.Version); err != nil {
		return Correction{}, err
	}
	s.audit(ctx, kb, reviewer, "rejectCorrection", c.ID, before, c)
	return c, nil
}
