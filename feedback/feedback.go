// Package feedback is how the knowledge gets better: agents flag wrong
// answers with corrections, trainers approve or reject them, approved
// corrections become new fact versions (or text patches) with provenance
// and regression cases, and every curation action is written to an audit
// log. Ratings of answers and the refused or badly rated questions feed the
// knowledge-gap report; duplicate suggestions show trainers what to merge.
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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

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
	// ApprovingBy and ApprovingSince mark an approval in progress (between
	// its claim on the record and the graph write), so that a concurrent
	// reject or second approval of the correction is refused rather than
	// leaving a rejected correction applied. A claim expires after two
	// minutes (an approver that died).
	ApprovingBy    string    `json:"approvingBy,omitempty"`
	ApprovingSince time.Time `json:"approvingSince,omitzero"`
	// RevertedVersion is the version a rejection wrote to take back what
	// an interrupted approval of this correction had written (provenance
	// CORRECTION_REVERT); 0 when there was nothing to take back.
	RevertedVersion int64 `json:"revertedVersion,omitempty"`
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
	// Texts finds a TEXT correction's statement in the chunks of its
	// entity, so that a statement the text does not hold is refused at
	// submission. nil: only the entity's string attributes are searched,
	// and a statement not found there is accepted.
	Texts TextFinder

	patchMu sync.Mutex
	patches map[string]patchCache
}

// TextFinder finds a statement in the source text answers read.
type TextFinder interface {
	// States reports whether a chunk that belongs to or mentions the
	// entity contains text verbatim (as answers' patches match it).
	States(ctx context.Context, kb, entityID, text string) (bool, error)
}

// New returns the service; the store must implement kg.Docs (memkg,
// neo4jkg and kg.Connecting do).
func New(store kg.Store) (*Service, error) {
	d, ok := store.(kg.Docs)
	if !ok {
		return nil, fmt.Errorf("feedback: %T keeps no documents", store)
	}
	return &Service{Store: store, Docs: d}, nil
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
	// Question the wrong answer was for, when there is no AnswerID (it
	// becomes the regression case's question).
	Question string
}

// Submit records a correction as PENDING (or applies it at once for a
// trusted agent). It returns ErrNotFound when the answer or the target
// entity does not exist, ErrInvalid for bad input (no reason, a value of
// the wrong type, an unknown attribute, a retired target, a relation that
// is already in the asked state) and ErrConflict when OldValue says the
// answer saw another value than the graph holds now.
func (s *Service) Submit(ctx context.Context, kb, actor string, in SubmitInput) (Correction, error) {
	if err := kg.ValidKB(kb); err != nil {
		return Correction{}, err
	}
	t := in.Target
	t.Kind = strings.ToUpper(strings.TrimSpace(t.Kind))
	t.Key = strings.TrimSpace(t.Key)
	t.To = strings.TrimSpace(t.To)
	if err := kg.ValidID("target.entityId", t.EntityID); err != nil {
		return Correction{}, err
	}
	in.NewValue = strings.TrimSpace(in.NewValue)
	in.Reason = strings.TrimSpace(in.Reason)
	in.Evidence = strings.TrimSpace(in.Evidence)
	switch {
	case in.Reason == "":
		return Correction{}, invalid("reason is required: say why the knowledge is wrong")
	case len([]rune(in.Reason)) > maxReason:
		return Correction{}, invalid("reason is %d characters long; the limit is %d", len([]rune(in.Reason)), maxReason)
	case len([]rune(in.Evidence)) > maxEvidence:
		return Correction{}, invalid("evidence is %d characters long; the limit is %d", len([]rune(in.Evidence)), maxEvidence)
	case len([]rune(in.NewValue)) > kg.MaxValueLen || len([]rune(in.OldValue)) > kg.MaxValueLen:
		return Correction{}, invalid("a value is longer than %d characters", kg.MaxValueLen)
	}
	var question string
	if in.AnswerID != "" {
		tr, err := s.Store.Trace(ctx, kb, in.AnswerID)
		if err != nil {
			return Correction{}, fmt.Errorf("answer %q: %w", in.AnswerID, err)
		}
		question = tr.Question
	} else if q := strings.TrimSpace(in.Question); q != "" {
		if len([]rune(q)) > 1000 {
			return Correction{}, invalid("question is %d characters long; the limit is 1000", len([]rune(q)))
		}
		question = q
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
		// The key or the source path of a flattened attribute ("吸力" or
		// "specs.吸力"); the correction records the attribute's key, so
		// every correction of one attribute names it the same way.
		a, ok := ent.Attr(t.Key)
		if !ok {
			return Correction{}, invalid("entity %q has no attribute %q; known: %s", t.EntityID, t.Key, attrKeys(&ent))
		}
		c.Target.Key = a.Key
		if in.NewValue == "" {
			return Correction{}, invalid("newValue is required: the right value of %s", t.Key)
		}
		// The value is stored in canonical form ("279.00" is 279), so the
		// stale check and the regression case look for what answers say.
		nv, err := kg.NormalizeAttribute("newValue", valueAttr(a, in.NewValue))
		if err != nil {
			return Correction{}, err
		}
		c.NewValue = nv.Text()
		c.OldValue = a.Text()
		if old := strings.TrimSpace(in.OldValue); old != "" {
			if ov, err := kg.NormalizeAttribute("oldValue", valueAttr(a, old)); err == nil {
				old = ov.Text()
			}
			if old != c.OldValue {
				return Correction{}, fmt.Errorf("%w: %s of %q is %q now, not %q; the knowledge changed since the answer (version %d, %s)",
					kg.ErrConflict, t.Key, t.EntityID, c.OldValue, in.OldValue, ent.Version, describeProv(ent.Provenance))
			}
		}
		if c.OldValue == c.NewValue {
			return Correction{}, invalid("%s of %q is already %q", t.Key, t.EntityID, c.NewValue)
		}
	case TargetText:
		if strings.TrimSpace(in.OldValue) == "" || in.NewValue == "" {
			return Correction{}, invalid("a TEXT correction needs oldValue (the statement as written) and newValue")
		}
		if in.OldValue == in.NewValue {
			return Correction{}, invalid("oldValue and newValue are the same statement")
		}
		c.OldValue = in.OldValue
		// A statement the text does not hold can never be patched, and its
		// regression case could never pass.
		if err := s.stated(ctx, kb, &ent, in.OldValue); err != nil {
			return Correction{}, err
		}
	case TargetRelation:
		if err := kg.ValidRelationType(t.Key); err != nil {
			return Correction{}, err
		}
		if err := kg.ValidID("target.to", t.To); err != nil {
			return Correction{}, err
		}
		to, err := s.Store.Entity(ctx, kb, t.To, time.Time{})
		if err != nil {
			return Correction{}, fmt.Errorf("target.to entity %q: %w", t.To, err)
		}
		if to.Status != kg.StatusActive {
			return Correction{}, invalid("target.to entity %q is %s; relations need active entities at both ends", t.To, to.Status)
		}
		c.Target.To = to.ID
		if to.ID == ent.ID {
			return Correction{}, invalid("a relation from %q to itself", ent.ID)
		}
		switch strings.ToUpper(in.NewValue) {
		case "ADD", "RETIRE":
			c.NewValue = strings.ToUpper(in.NewValue)
		default:
			return Correction{}, invalid("a RELATION correction's newValue is ADD or RETIRE")
		}
		cur, err := s.relation(ctx, kb, c.relationKey())
		if err != nil {
			return Correction{}, err
		}
		active := cur != nil && cur.Status == kg.StatusActive
		switch {
		case c.NewValue == "ADD" && active:
			return Correction{}, invalid("relation %s already exists", c.relationKey())
		case c.NewValue == "RETIRE" && !active:
			return Correction{}, fmt.Errorf("relation %s: no active relation to retire: %w", c.relationKey(), kg.ErrNotFound)
		}
		if active {
			c.OldValue = c.relationKey().String()
		}
	default:
		return Correction{}, invalid("target.kind %q: want ATTRIBUTE, RELATION or TEXT", t.Kind)
	}
	c.ID = timeID("cor-", c.SubmittedAt)
	if err := s.save(ctx, &c, 0); err != nil {
		return Correction{}, err
	}
	s.audit(ctx, kb, actor, "submitCorrection", c.ID, nil, c)
	if slices.Contains(s.TrustedAgents, actor) {
		ac, err := s.Approve(ctx, kb, actor, c.ID, "auto-approved: trusted agent")
		if err != nil {
			// The correction is recorded; a trainer reviews it like any other.
			zerolog.Ctx(ctx).Warn().Err(err).Str("correction", c.ID).Msg("auto-approval failed; left pending")
			return c, nil
		}
		return ac, nil
	}
	return c, nil
}

// Input limits of a correction.
const (
	maxReason   = 2000
	maxEvidence = 4000
)

func (c *Correction) relationKey() kg.RelationKey {
	return kg.RelationKey{From: c.Target.EntityID, Type: c.Target.Key, To: c.Target.To}
}

// relation returns the latest version of the relation, nil when it never existed.
func (s *Service) relation(ctx context.Context, kb string, k kg.RelationKey) (*kg.Relation, error) {
	h, err := s.Store.History(ctx, kb, k.From)
	if err != nil {
		return nil, fmt.Errorf("relation %s: %w", k, err)
	}
	var cur *kg.Relation
	for i := range h.Relations {
		r := &h.Relations[i]
		if r.Key() == k && (cur == nil || r.Version > cur.Version) {
			cur = r
		}
	}
	return cur, nil
}

// describeProv says who wrote a version, for conflict messages.
func describeProv(p kg.Provenance) string {
	var s string
	switch p.Kind {
	case kg.ProvCorrection:
		s = "correction " + p.Correction
		if p.Approver != "" {
			s += " approved by " + p.Approver
		}
	case kg.ProvSource:
		s = "source " + p.Source
	case kg.ProvMerge:
		s = "a merge"
	default:
		s = strings.ToLower(string(p.Kind)) + " edit"
		if p.Actor != "" {
			s += " by " + p.Actor
		}
	}
	if !p.RecordedAt.IsZero() {
		s += " at " + p.RecordedAt.UTC().Format(time.RFC3339)
	}
	return s
}

func attrKeys(e *kg.Entity) string {
	var ks []string
	for _, a := range e.Attributes {
		if a.Path != "" && a.Path != a.Key {
			ks = append(ks, a.Key+" ("+a.Path+")")
		} else {
			ks = append(ks, a.Key)
		}
	}
	return strings.Join(ks, ", ")
}

// valueAttr is attribute a with a new value of the same kind: its path
// and unit kept, its number read from the new value as ingest reads one
// (kg.Measure).
func valueAttr(a kg.Attribute, v string) kg.Attribute {
	n := kg.Attribute{Key: a.Key, Kind: a.Kind, Path: a.Path, Unit: a.Unit}
	if a.Kind == kg.KindList {
		for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == '|' }) {
			n.List = append(n.List, strings.TrimSpace(x))
		}
	} else {
		n.Value = v
	}
	return measured(n)
}

// textAttr is attribute a with old replaced by new in its text.
func textAttr(a kg.Attribute, old, new string) kg.Attribute {
	n := kg.Attribute{Key: a.Key, Kind: a.Kind, Path: a.Path, Unit: a.Unit, Value: strings.ReplaceAll(a.Value, old, new)}
	return measured(n)
}

// measured sets Num, Max and Unit from the value. A NUMBER is written in
// canonical form first, so "35.0" is 35 as ingest would have read it.
func measured(a kg.Attribute) kg.Attribute {
	if a.Kind == kg.KindNumber {
		if n, err := kg.NormalizeAttribute("value", a); err == nil {
			a = n
		}
	}
	return kg.Measure(a)
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
// answers apply to the source's chunks (and changes the entity's string
// attributes that state it). It fails with ErrConflict when the target
// changed since submission (saying what changed) or the correction was
// already reviewed; then nothing is written. Of concurrent approvals of
// corrections to one fact exactly one wins. An approved correction also
// becomes a regression case (see Regressions).
//
// An approval interrupted between the graph write and the record update
// (a crash, a lost connection) is finished by approving again: the graph
// already holds a version written by this correction, so nothing is
// applied twice; or it is taken back by rejecting the correction (a new
// version with provenance CORRECTION_REVERT), once the approval's claim
// has expired.
func (s *Service) Approve(ctx context.Context, kb, reviewer, id, note string) (Correction, error) {
	c, before, claimed, at, err := s.claim(ctx, kb, id, reviewer)
	if err != nil {
		return Correction{}, err
	}
	prov := kg.Provenance{Kind: kg.ProvCorrection, Correction: c.ID, Actor: c.SubmittedBy, Approver: reviewer, Note: c.Reason}
	var ent kg.Entity
	switch c.Target.Kind {
	case TargetAttribute:
		ent, err = s.applyAttribute(ctx, kb, &c, prov, at)
	case TargetRelation:
		ent, err = s.applyRelation(ctx, kb, &c, prov, at)
	case TargetText:
		ent, err = s.applyText(ctx, kb, &c, prov, at)
	default:
		err = fmt.Errorf("correction %s has target kind %q: %w", id, c.Target.Kind, kg.ErrInvalid)
	}
	if err != nil {
		// Give the claim up so the correction can be reviewed again.
		unclaimed := c
		_ = s.save(context.WithoutCancel(ctx), &unclaimed, claimed)
		return Correction{}, err
	}
	if c.ReviewedBy == "" {
		c.ReviewedBy = reviewer
	}
	c.Status, c.ReviewedAt, c.ReviewNote = Approved, at, note
	if err := s.save(ctx, &c, claimed); err != nil {
		if errors.Is(err, kg.ErrConflict) {
			return Correction{}, fmt.Errorf("correction %s was reviewed by someone else meanwhile: %w", id, kg.ErrConflict)
		}
		return Correction{}, err
	}
	s.dropPatches(kb)
	s.audit(ctx, kb, reviewer, "approveCorrection", c.ID, before, c)
	s.addRegression(ctx, c, &ent)
	if s.OnApproved != nil {
		s.OnApproved(kb, c)
	}
	return c, nil
}

// approvalClaimTTL is how long an approval in progress holds its correction.
const approvalClaimTTL = 2 * time.Minute

// inReview refuses a correction that another approval is applying.
// claim takes a pending correction for review by reviewer before anything
// is written: of concurrent approvals and rejections of it exactly one
// gets past here (so a rejection that read the record before an approval
// claimed it cannot take back what that approval is writing). It returns
// the record, the record as read (for the audit), its version as claimed
// and the review's instant.
func (s *Service) claim(ctx context.Context, kb, id, reviewer string) (c, before Correction, claimed int64, at time.Time, err error) {
	if c, err = s.Get(ctx, kb, id); err != nil {
		return Correction{}, Correction{}, 0, time.Time{}, err
	}
	if c.Status != Pending {
		return Correction{}, Correction{}, 0, time.Time{}, fmt.Errorf("correction %s is already %s by %s: %w", id, strings.ToLower(c.Status), c.ReviewedBy, kg.ErrConflict)
	}
	if err := s.inReview(&c); err != nil {
		return Correction{}, Correction{}, 0, time.Time{}, err
	}
	at = s.now()
	c.ApprovingBy, c.ApprovingSince = "", time.Time{}
	before = c
	c.ApprovingBy, c.ApprovingSince = reviewer, at
	if err := s.save(ctx, &c, before.Version); err != nil {
		if errors.Is(err, kg.ErrConflict) {
			return Correction{}, Correction{}, 0, time.Time{}, fmt.Errorf("correction %s was reviewed by someone else meanwhile: %w", id, kg.ErrConflict)
		}
		return Correction{}, Correction{}, 0, time.Time{}, err
	}
	claimed = c.Version
	c.ApprovingBy, c.ApprovingSince = "", time.Time{}
	return c, before, claimed, at, nil
}

func (s *Service) inReview(c *Correction) error {
	if c.ApprovingBy != "" && s.now().Sub(c.ApprovingSince) < approvalClaimTTL {
		return fmt.Errorf("correction %s is being approved by %s right now: %w", c.ID, c.ApprovingBy, kg.ErrConflict)
	}
	return nil
}

// maxApplyTries bounds how often an approval re-reads an entity that an
// unrelated edit changed between the read and the write.
const maxApplyTries = 3

// target reads the correction's entity as it is now; a target retired or
// merged since submission is a conflict.
func (s *Service) target(ctx context.Context, kb string, c *Correction) (kg.Entity, error) {
	ent, err := s.Store.Entity(ctx, kb, c.Target.EntityID, time.Time{})
	if err != nil {
		return kg.Entity{}, fmt.Errorf("target entity %q: %w", c.Target.EntityID, err)
	}
	if ent.ID != c.Target.EntityID {
		return kg.Entity{}, fmt.Errorf("target entity %q was merged into %q since the correction was submitted; resubmit it against %q: %w",
			c.Target.EntityID, ent.ID, ent.ID, kg.ErrConflict)
	}
	if ent.Status != kg.StatusActive {
		return kg.Entity{}, fmt.Errorf("target entity %q is %s now (version %d, %s): %w", ent.ID, ent.Status, ent.Version, describeProv(ent.Provenance), kg.ErrConflict)
	}
	return ent, nil
}

// appliedBefore finds the entity version this correction already wrote
// (an interrupted approval); ok is false when there is none, or when a
// rejection reverted it since.
func (s *Service) appliedBefore(ctx context.Context, kb string, c *Correction) (kg.Entity, bool) {
	h, err := s.Store.History(ctx, kb, c.Target.EntityID)
	if err != nil {
		return kg.Entity{}, false
	}
	vs := ownVersions(h, c.Target.EntityID)
	for i := len(vs) - 1; i >= 0; i-- {
		if e := vs[i]; e.Provenance.Correction == c.ID {
			return e, e.Provenance.Kind == kg.ProvCorrection
		}
	}
	return kg.Entity{}, false
}

// ownVersions returns the versions of the entity id itself in the history
// (not of the entities merged into it), oldest first.
func ownVersions(h kg.History, id string) []kg.Entity {
	var vs []kg.Entity
	for _, e := range h.Entities {
		if e.ID == id {
			vs = append(vs, e)
		}
	}
	slices.SortFunc(vs, func(a, b kg.Entity) int { return int(a.Version - b.Version) })
	return vs
}

// resume finishes an approval whose graph write is already stored: the
// record takes the version and approver the graph holds.
func (c *Correction) resume(version int64, p kg.Provenance) {
	c.AppliedVersion = version
	c.ReviewedBy = p.Approver
}

func (s *Service) applyAttribute(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (kg.Entity, error) {
	for try := 1; ; try++ {
		ent, err := s.target(ctx, kb, c)
		if err != nil {
			return kg.Entity{}, err
		}
		a, ok := ent.Attr(c.Target.Key)
		if !ok {
			return kg.Entity{}, fmt.Errorf("attribute %q of %q was removed since the correction was submitted (version %d → %d, %s): %w",
				c.Target.Key, ent.ID, c.BaseVersion, ent.Version, describeProv(ent.Provenance), kg.ErrConflict)
		}
		if a.Text() != c.OldValue {
			if done, ok := s.appliedBefore(ctx, kb, c); ok {
				c.resume(done.Version, done.Provenance)
				return ent, nil
			}
			return kg.Entity{}, fmt.Errorf("%s of %q changed from %q to %q since the correction was submitted (version %d → %d, %s); resubmit it against the current value: %w",
				c.Target.Key, ent.ID, c.OldValue, a.Text(), c.BaseVersion, ent.Version, describeProv(ent.Provenance), kg.ErrConflict)
		}
		res, err := s.Store.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{{ID: ent.ID, BaseVersion: ent.Version,
			Attributes: []kg.Attribute{valueAttr(a, c.NewValue)}, Provenance: prov}}})
		if errors.Is(err, kg.ErrConflict) && try < maxApplyTries {
			continue // another write got in between; read again and say what it changed
		}
		if err != nil {
			return kg.Entity{}, fmt.Errorf("apply correction %s: %w", c.ID, err)
		}
		c.AppliedVersion = res.Entities[0].Version
		return res.Entities[0], nil
	}
}

func (s *Service) applyRelation(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (kg.Entity, error) {
	ent, err := s.target(ctx, kb, c)
	if err != nil {
		return kg.Entity{}, err
	}
	k := c.relationKey()
	cur, err := s.relation(ctx, kb, k)
	if err != nil {
		return kg.Entity{}, err
	}
	if cur != nil && cur.Provenance.Correction == c.ID && cur.Provenance.Kind == kg.ProvCorrection {
		c.resume(cur.Version, cur.Provenance)
		return ent, nil
	}
	active := cur != nil && cur.Status == kg.StatusActive
	var base int64
	if cur != nil {
		base = cur.Version
	}
	b := kg.Batch{At: at}
	switch {
	case c.NewValue == "ADD" && active:
		return kg.Entity{}, fmt.Errorf("relation %s was added since the correction was submitted (version %d, %s): %w", k, cur.Version, describeProv(cur.Provenance), kg.ErrConflict)
	case c.NewValue == "RETIRE" && !active:
		what := "does not exist any more"
		if cur != nil {
			what = fmt.Sprintf("was retired (version %d, %s)", cur.Version, describeProv(cur.Provenance))
		}
		return kg.Entity{}, fmt.Errorf("relation %s %s since the correction was submitted: %w", k, what, kg.ErrConflict)
	case c.NewValue == "ADD":
		to, err := s.Store.Entity(ctx, kb, k.To, time.Time{})
		if err != nil || to.Status != kg.StatusActive || to.ID != k.To {
			return kg.Entity{}, fmt.Errorf("entity %q at the other end was retired, merged or removed since the correction was submitted: %w", k.To, kg.ErrConflict)
		}
		b.Relations = []kg.RelationUpsert{{From: k.From, Type: k.Type, To: k.To, BaseVersion: base, Provenance: prov}}
	default:
		b.Retire = []kg.Retirement{{Relation: &k, BaseVersion: base, Provenance: prov}}
	}
	res, err := s.Store.Apply(ctx, kb, b)
	if errors.Is(err, kg.ErrConflict) {
		return kg.Entity{}, fmt.Errorf("relation %s changed while the correction was being approved; approve it again to see how: %w", k, kg.ErrConflict)
	}
	if err != nil {
		return kg.Entity{}, fmt.Errorf("apply correction %s: %w", c.ID, err)
	}
	if res.Changed == 0 {
		// A concurrent approval put the relation in this state first.
		return kg.Entity{}, fmt.Errorf("relation %s was changed by another approval meanwhile: %w", k, kg.ErrConflict)
	}
	if len(res.Relations) > 0 {
		c.AppliedVersion = res.Relations[0].Version
	} else if len(res.Retired) > 0 && res.Retired[0].Relation != nil {
		c.AppliedVersion = res.Retired[0].Relation.Version
	}
	return ent, nil
}

func (s *Service) applyText(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (kg.Entity, error) {
	release, err := s.claimStatement(ctx, kb, c)
	if err != nil {
		return kg.Entity{}, err
	}
	ent, err := s.applyTextAttributes(ctx, kb, c, prov, at)
	if err != nil {
		release()
	}
	return ent, err
}

func (s *Service) applyTextAttributes(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (kg.Entity, error) {
	for try := 1; ; try++ {
		ent, err := s.target(ctx, kb, c)
		if err != nil {
			return kg.Entity{}, err
		}
		// Attributes that carry the statement (an FAQ answer) change as a
		// fact; the source's chunks are patched when answers read them.
		var changed []kg.Attribute
		for _, a := range ent.Attributes {
			if a.Kind == kg.KindString && strings.Contains(a.Value, c.OldValue) {
				changed = append(changed, textAttr(a, c.OldValue, c.NewValue))
			}
		}
		if len(changed) == 0 {
			if done, ok := s.appliedBefore(ctx, kb, c); ok {
				c.resume(done.Version, done.Provenance)
			} else {
				c.AppliedVersion = ent.Version
			}
			return ent, nil
		}
		res, err := s.Store.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{{ID: ent.ID, BaseVersion: ent.Version,
			Attributes: changed, Provenance: prov}}})
		if errors.Is(err, kg.ErrConflict) && try < maxApplyTries {
			continue
		}
		if err != nil {
			return kg.Entity{}, fmt.Errorf("apply correction %s: %w", c.ID, err)
		}
		c.AppliedVersion = res.Entities[0].Version
		return res.Entities[0], nil
	}
}

// Reject closes a pending correction without changing the knowledge. When
// an interrupted approval of it had already written to the graph, that
// write is taken back first (see Approve); RevertedVersion says so.
func (s *Service) Reject(ctx context.Context, kb, reviewer, id, note string) (Correction, error) {
	c, before, claimed, at, err := s.claim(ctx, kb, id, reviewer)
	if err != nil {
		return Correction{}, err
	}
	// An approval that died between its graph write and the record update
	// (a crash, a lost connection) left the corrected value in the graph
	// while the record says PENDING. Rejecting takes it back first, so that
	// a crash here leaves a correction that is still pending (its claim
	// expires) and can be rejected (or approved) again.
	reverted, err := s.revert(ctx, kb, &c, reviewer, note, at)
	if err != nil {
		unclaimed := c
		_ = s.save(context.WithoutCancel(ctx), &unclaimed, claimed)
		return Correction{}, err
	}
	c.Status, c.ReviewedBy, c.ReviewedAt, c.ReviewNote, c.RevertedVersion = Rejected, reviewer, at, note, reverted
	if err := s.save(ctx, &c, claimed); err != nil {
		if errors.Is(err, kg.ErrConflict) {
			return Correction{}, fmt.Errorf("correction %s was reviewed by someone else meanwhile: %w", id, kg.ErrConflict)
		}
		return Correction{}, err
	}
	s.audit(ctx, kb, reviewer, "rejectCorrection", c.ID, before, c)
	return c, nil
}

// revert takes back what an interrupted approval of c wrote to the graph
// and returns the version it wrote for that (0: nothing to take back).
// Only what still holds the correction's value is restored: a later edit
// of the same fact stays. Its provenance is CORRECTION_REVERT naming c.
func (s *Service) revert(ctx context.Context, kb string, c *Correction, reviewer, note string, at time.Time) (int64, error) {
	prov := kg.Provenance{Kind: kg.ProvCorrectionRevert, Correction: c.ID, Actor: reviewer,
		Note: "correction rejected after an interrupted approval had applied it"}
	if note != "" {
		prov.Note += ": " + note
	}
	switch c.Target.Kind {
	case TargetAttribute, TargetText:
		return s.revertAttributes(ctx, kb, c, prov, at)
	case TargetRelation:
		return s.revertRelation(ctx, kb, c, prov, at)
	}
	return 0, nil
}

func (s *Service) revertAttributes(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (int64, error) {
	h, err := s.Store.History(ctx, kb, c.Target.EntityID)
	if errors.Is(err, kg.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("feedback: reject %s: %w", c.ID, err)
	}
	vs := ownVersions(h, c.Target.EntityID)
	i := len(vs) - 1
	for ; i > 0 && vs[i].Provenance.Correction != c.ID; i-- {
	}
	if i <= 0 || vs[i].Provenance.Correction != c.ID || vs[i].Provenance.Kind != kg.ProvCorrection {
		return 0, nil // never applied, or reverted already
	}
	done, prev, cur := vs[i], vs[i-1], vs[len(vs)-1]
	if cur.Status != kg.StatusActive {
		return 0, nil // retired or merged since: its facts are not answered from
	}
	var restore []kg.Attribute
	for _, a := range done.Attributes {
		p, had := attrByKey(&prev, a.Key)
		if !had || p.Equal(a) {
			continue // not changed by the correction
		}
		if now, ok := attrByKey(&cur, a.Key); ok && now.Equal(a) {
			restore = append(restore, p)
		}
	}
	if len(restore) == 0 {
		return 0, nil
	}
	res, err := s.Store.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{{ID: cur.ID, BaseVersion: cur.Version,
		Attributes: restore, Provenance: prov}}})
	if err != nil {
		return 0, fmt.Errorf("feedback: reject %s: take back its interrupted approval: %w", c.ID, err)
	}
	zerolog.Ctx(ctx).Warn().Str("correction", c.ID).Int64("version", res.Entities[0].Version).Msg("rejected correction had been applied by an interrupted approval; reverted")
	return res.Entities[0].Version, nil
}

func (s *Service) revertRelation(ctx context.Context, kb string, c *Correction, prov kg.Provenance, at time.Time) (int64, error) {
	k := c.relationKey()
	cur, err := s.relation(ctx, kb, k)
	if errors.Is(err, kg.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if cur == nil || cur.Provenance.Correction != c.ID || cur.Provenance.Kind != kg.ProvCorrection {
		return 0, nil // never applied, reverted already, or changed again since
	}
	b := kg.Batch{At: at}
	if cur.Status == kg.StatusActive {
		b.Retire = []kg.Retirement{{Relation: &k, BaseVersion: cur.Version, Provenance: prov}}
	} else {
		// Back as it was: channels and attributes are kept by the version.
		b.Relations = []kg.RelationUpsert{{From: k.From, Type: k.Type, To: k.To, BaseVersion: cur.Version, Provenance: prov}}
	}
	res, err := s.Store.Apply(ctx, kb, b)
	if err != nil {
		return 0, fmt.Errorf("feedback: reject %s: take back its interrupted approval: %w", c.ID, err)
	}
	var v int64
	if len(res.Relations) > 0 {
		v = res.Relations[0].Version
	} else if len(res.Retired) > 0 && res.Retired[0].Relation != nil {
		v = res.Retired[0].Relation.Version
	}
	zerolog.Ctx(ctx).Warn().Str("correction", c.ID).Int64("version", v).Msg("rejected correction had been applied by an interrupted approval; reverted")
	return v, nil
}

// attrByKey returns the attribute with exactly this key.
func attrByKey(e *kg.Entity, key string) (kg.Attribute, bool) {
	for _, a := range e.Attributes {
		if a.Key == key {
			return a, true
		}
	}
	return kg.Attribute{}, false
}

// stated checks that the entity's string attributes or (with Texts) the
// chunks of its sources hold the statement verbatim; ErrInvalid naming it
// when they do not.
func (s *Service) stated(ctx context.Context, kb string, ent *kg.Entity, statement string) error {
	for _, a := range ent.Attributes {
		if a.Kind == kg.KindString && strings.Contains(a.Value, statement) {
			return nil
		}
	}
	if s.Texts == nil {
		return nil
	}
	ok, err := s.Texts.States(ctx, kb, ent.ID, statement)
	if err != nil {
		return fmt.Errorf("feedback: look for the statement in the text of %q: %w", ent.ID, err)
	}
	if !ok {
		return invalid("oldValue %q is not in the text of %q (neither its attributes nor the chunks of its sources state it); quote the wrong statement exactly as written",
			clipText(statement, 80), ent.ID)
	}
	return nil
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
