package lexicon

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rs/zerolog"
	"golang.org/x/text/unicode/norm"

	"kgrag/kg"
)

// Limits of the synonyms.
const (
	MaxTermLen   = 64   // characters of a term
	MaxTargetLen = 200  // characters of a target
	MaxSynonyms  = 5000 // synonyms of a knowledge base
)

// Auditor records curation actions in the audit log; feedback.Service is one.
type Auditor interface {
	Audit(ctx context.Context, kb, actor, action, subject string, before, after any) error
}

// Service serves the lexicons of a store's knowledge bases: it builds and
// stores them, keeps the trainers' synonyms, and caches both per knowledge
// base. It implements kg.LexiconSource. Safe for concurrent use.
//
// Several instances may share one store: a lexicon cached here is checked
// against the stored one after TTL, so another instance's synonym edit or
// rebuild is seen within TTL; this instance's own edits are seen at once.
type Service struct {
	store kg.Store
	docs  kg.Docs
	// Auditor, when set, records synonym edits in the audit log.
	Auditor Auditor
	// TTL is how long a cached lexicon is served without looking at the
	// stored one; default 5 s.
	TTL time.Duration
	// Debounce is how long Stale waits for further changes before it
	// rebuilds; default 2 s.
	Debounce time.Duration
	// Now is the clock of BuiltAt and AddedAt (tests).
	Now func() time.Time

	mu     sync.Mutex
	kbs    map[string]*entry
	done   chan struct{}
	closed bool
	wg     sync.WaitGroup
}

// entry is the cache of one knowledge base.
type entry struct {
	mu      sync.Mutex // serialises loads, rebuilds and edits of the knowledge base
	lex     *kg.Lexicon
	stamp   string // of the stored build lex holds; "" when built without storing
	checked time.Time

	// Guarded by Service.mu.
	pending bool
	due     time.Time
}

var _ kg.LexiconSource = (*Service)(nil)

// New returns the service over store, which must have the kg.Docs
// capability (memkg, neo4jkg and kg.Connecting have it).
func New(store kg.Store) (*Service, error) {
	docs, ok := store.(kg.Docs)
	if !ok {
		return nil, fmt.Errorf("lexicon: store %T cannot keep documents (kg.Docs)", store)
	}
	return &Service{store: store, docs: docs, kbs: map[string]*entry{}, done: make(chan struct{})}, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return 5 * time.Second
}

func (s *Service) entry(kb string) *entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.kbs[kb]
	if e == nil {
		e = &entry{}
		s.kbs[kb] = e
	}
	return e
}

// Lexicon returns the knowledge base's lexicon: the built one with the
// synonyms. A knowledge base whose lexicon was never built (ingested
// before lexicons existed) has it built and stored on this first call.
// The result is shared with other callers: do not modify it.
func (s *Service) Lexicon(ctx context.Context, kb string) (*kg.Lexicon, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	e := s.entry(kb)
	e.mu.Lock()
	defer e.mu.Unlock()
	return s.load(ctx, kb, e)
}

// load returns e's lexicon, reloading what changed in the store when the
// cache is older than TTL. e.mu is held.
func (s *Service) load(ctx context.Context, kb string, e *entry) (*kg.Lexicon, error) {
	if e.lex != nil && time.Since(e.checked) < s.ttl() {
		return e.lex, nil
	}
	var (
		built kg.Lexicon
		stamp string
	)
	h, _, err := loadHeader(ctx, s.docs, kb)
	switch {
	case errors.Is(err, kg.ErrNotFound):
		if built, stamp, err = s.rebuild(ctx, kb, false); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("lexicon: load %s: %w", kb, err)
	case e.lex != nil && e.stamp == h.Stamp:
		built, stamp = *e.lex, e.stamp
	default:
		built, err = loadParts(ctx, s.docs, kb, h)
		stamp = h.Stamp
		if errors.Is(err, errTorn) {
			built, stamp, err = loadBuilt(ctx, s.docs, kb)
		}
		if errors.Is(err, errTorn) {
			// Rebuilds keep replacing it: build one here, without storing it.
			zerolog.Ctx(ctx).Warn().Str("kb", kb).Msg("stored lexicon is being rebuilt; building it in memory")
			built, err = Build(ctx, s.store, kb)
			built.BuiltAt, stamp = s.now(), ""
		}
		if err != nil {
			return nil, fmt.Errorf("lexicon: load %s: %w", kb, err)
		}
	}
	syns, v, err := loadSynonyms(ctx, s.docs, kb)
	if err != nil {
		return nil, fmt.Errorf("lexicon: load %s: %w", kb, err)
	}
	built.Synonyms, built.SynonymsVersion = syns, v
	e.lex, e.stamp, e.checked = &built, stamp, time.Now()
	return e.lex, nil
}

// Rebuild builds the knowledge base's lexicon from its current entities,
// stores it and returns it with the synonyms. Ingest calls it after a run
// that changed anything.
func (s *Service) Rebuild(ctx context.Context, kb string) (*kg.Lexicon, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	e := s.entry(kb)
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, _, err := s.rebuild(ctx, kb, true); err != nil {
		return nil, err
	}
	e.checked = time.Time{}
	return s.load(ctx, kb, e)
}

// RebuildBy is Rebuild asked for by a person (GraphQL rebuildLexicon):
// the rebuild is recorded in the audit log with what the lexicon held
// before and after (its build time and how many attributes, groups,
// channels, entities, words and synonyms).
func (s *Service) RebuildBy(ctx context.Context, kb, actor string) (*kg.Lexicon, error) {
	var before any
	if l, err := s.Lexicon(ctx, kb); err == nil {
		before = summary(l)
	}
	l, err := s.Rebuild(ctx, kb)
	if err != nil {
		return nil, err
	}
	if s.Auditor != nil {
		if err := s.Auditor.Audit(ctx, kb, actor, "rebuildLexicon", "lexicon", before, summary(l)); err != nil {
			zerolog.Ctx(ctx).Error().Err(err).Str("action", "rebuildLexicon").Msg("audit log write failed")
		}
	}
	return l, nil
}

// lexiconSummary is a lexicon in the audit log.
type lexiconSummary struct {
	BuiltAt    time.Time `json:"builtAt"`
	Attributes int       `json:"attributes"`
	Groups     int       `json:"groups"`
	Channels   int       `json:"channels"`
	Entities   int       `json:"entities"`
	Words      int       `json:"words"`
	Synonyms   int       `json:"synonyms"`
}

func summary(l *kg.Lexicon) lexiconSummary {
	return lexiconSummary{BuiltAt: l.BuiltAt, Attributes: len(l.Attributes), Groups: len(l.Groups), Channels: len(l.Channels),
		Entities: len(l.Entities), Words: len(l.Words), Synonyms: len(l.Synonyms)}
}

// rebuild builds and stores the lexicon. An empty knowledge base's is
// stored only with storeEmpty (an explicit rebuild: the knowledge base
// may have been emptied). When another build is committed meanwhile, it
// builds again, so that the stored one is never older than the store.
func (s *Service) rebuild(ctx context.Context, kb string, storeEmpty bool) (kg.Lexicon, string, error) {
	for attempt := 0; ; attempt++ {
		l, err := Build(ctx, s.store, kb)
		if err != nil {
			return kg.Lexicon{}, "", err
		}
		l.BuiltAt = s.now()
		if !storeEmpty && len(l.Attributes) == 0 && len(l.Entities) == 0 && len(l.Channels) == 0 {
			return l, "", nil
		}
		stamp, err := saveBuilt(ctx, s.docs, &l)
		if errors.Is(err, kg.ErrConflict) && attempt < 3 {
			continue
		}
		if err != nil {
			return kg.Lexicon{}, "", fmt.Errorf("lexicon: store %s: %w", kb, err)
		}
		return l, stamp, nil
	}
}

// Stale says the knowledge base's entities changed outside ingest (a
// trainer's edit): the lexicon is rebuilt in the background once no
// further change came for Debounce. Errors are logged with ctx's logger.
func (s *Service) Stale(ctx context.Context, kb string) {
	if kg.ValidKB(kb) != nil {
		return
	}
	d := s.Debounce
	if d <= 0 {
		d = 2 * time.Second
	}
	e := s.entry(kb)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	e.due = time.Now().Add(d)
	if e.pending {
		return
	}
	e.pending = true
	log := zerolog.Ctx(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			s.mu.Lock()
			wait := time.Until(e.due)
			if wait <= 0 {
				e.pending = false
			}
			s.mu.Unlock()
			if wait <= 0 {
				break
			}
			select {
			case <-time.After(wait):
			case <-s.done:
				return
			}
		}
		ctx, cancel := context.WithTimeout(log.WithContext(context.Background()), 5*time.Minute)
		defer cancel()
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		if _, err := s.Rebuild(ctx, kb); err != nil {
			log.Error().Err(err).Str("kb", kb).Msg("lexicon rebuild failed")
		}
	}()
}

// Close stops pending background rebuilds and waits for a running one.
func (s *Service) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// AddSynonym adds a trainer's synonym: s.Term is a word customers use for
// the attribute, group, entity or channel s.Target names. baseVersion is
// the SynonymsVersion the edit was based on (kg.AnyVersion: no check).
// Returns the lexicon with the new synonym set.
//
// The target must exist in the lexicon: an attribute key or path, a
// group's id or name, an entity's id (or a name only one entity has), a
// channel code or name; it is stored in that canonical form. Otherwise,
// and for a term that is empty, longer than MaxTermLen or holds control
// characters, ErrInvalid says what exists. A synonym already present (the
// same term, kind and target) is a no-op, whatever baseVersion says: a
// client retrying an edit that went through gets the set it wanted. A
// stale baseVersion is ErrConflict naming the current version.
func (s *Service) AddSynonym(ctx context.Context, kb, actor string, syn kg.Synonym, baseVersion int64) (*kg.Lexicon, error) {
	syn, err := normalizeSynonym(syn)
	if err != nil {
		return nil, err
	}
	lex, err := s.Lexicon(ctx, kb)
	if err != nil {
		return nil, err
	}
	if syn.Target, err = s.checkTarget(ctx, kb, lex, syn); err != nil {
		return nil, err
	}
	return s.edit(ctx, kb, baseVersion, func(cur []kg.Synonym, v int64) ([]kg.Synonym, *auditRecord, error) {
		i := slices.IndexFunc(cur, func(x kg.Synonym) bool { return sameSynonym(x, syn) })
		if i >= 0 && cur[i].Lang == syn.Lang {
			return nil, nil, nil
		}
		if err := checkBase(kb, v, baseVersion); err != nil {
			return nil, nil, err
		}
		syn.Actor, syn.AddedAt = actor, s.now()
		next := slices.Clone(cur)
		rec := &auditRecord{actor: actor, action: "addSynonym", syn: syn, after: syn}
		if i >= 0 {
			next[i], rec.before = syn, cur[i] // a new language for the same synonym
		} else {
			if len(cur) >= MaxSynonyms {
				return nil, nil, fmt.Errorf("%w: knowledge base %q has %d synonyms, the limit; remove some first", kg.ErrInvalid, kb, len(cur))
			}
			next = append(next, syn)
		}
		return next, rec, nil
	})
}

// RemoveSynonym removes the synonym (term, kind, target); baseVersion is
// as for AddSynonym. ErrNotFound when there is no such synonym.
func (s *Service) RemoveSynonym(ctx context.Context, kb, actor, term string, kind kg.SynonymKind, target string, baseVersion int64) (*kg.Lexicon, error) {
	if err := kg.ValidKB(kb); err != nil {
		return nil, err
	}
	syn := kg.Synonym{Term: strings.TrimSpace(norm.NFC.String(term)), Kind: kind, Target: strings.TrimSpace(target)}
	return s.edit(ctx, kb, baseVersion, func(cur []kg.Synonym, v int64) ([]kg.Synonym, *auditRecord, error) {
		same := func(x kg.Synonym) bool { return sameSynonym(x, syn) }
		i := slices.IndexFunc(cur, same)
		if i < 0 && syn.Kind == kg.SynChannel {
			// Channels are stored as lower-case codes.
			syn.Target = strings.ToLower(syn.Target)
			i = slices.IndexFunc(cur, same)
		}
		if i < 0 {
			return nil, nil, fmt.Errorf("synonym %q (%s → %q): %w; %s", syn.Term, syn.Kind, syn.Target, kg.ErrNotFound, synonymsOf(cur, syn.Term))
		}
		if err := checkBase(kb, v, baseVersion); err != nil {
			return nil, nil, err
		}
		rec := &auditRecord{actor: actor, action: "removeSynonym", syn: cur[i], before: cur[i]}
		return slices.Delete(slices.Clone(cur), i, i+1), rec, nil
	})
}

// edit applies change to the stored synonym set with compare-and-set and
// returns the lexicon after it. change returns nil for no change. A write
// race without a baseVersion is retried; with one, it is ErrConflict.
func (s *Service) edit(ctx context.Context, kb string, baseVersion int64, change func(cur []kg.Synonym, v int64) ([]kg.Synonym, *auditRecord, error)) (*kg.Lexicon, error) {
	e := s.entry(kb)
	e.mu.Lock()
	defer e.mu.Unlock()
	for attempt := 0; ; attempt++ {
		cur, v, err := loadSynonyms(ctx, s.docs, kb)
		if err != nil {
			return nil, err
		}
		next, rec, err := change(cur, v)
		if err != nil {
			return nil, err
		}
		if next == nil {
			break
		}
		_, err = saveSynonyms(ctx, s.docs, kb, next, v)
		if errors.Is(err, kg.ErrConflict) && baseVersion == kg.AnyVersion && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		s.audit(ctx, kb, rec)
		break
	}
	e.checked = time.Time{} // this instance sees its edit at once
	return s.load(ctx, kb, e)
}

func checkBase(kb string, cur, base int64) error {
	if base == kg.AnyVersion || base == cur {
		return nil
	}
	return fmt.Errorf("the synonyms of knowledge base %q are at version %d, the edit was based on version %d; reload the lexicon and apply the edit again: %w",
		kb, cur, base, kg.ErrConflict)
}

// auditRecord is the audit entry of a synonym edit.
type auditRecord struct {
	actor, action string
	syn           kg.Synonym
	before, after any
}

func (s *Service) audit(ctx context.Context, kb string, r *auditRecord) {
	if s.Auditor == nil {
		return
	}
	subject := fmt.Sprintf("synonym:%s:%s→%s", r.syn.Kind, r.syn.Term, r.syn.Target)
	if err := s.Auditor.Audit(ctx, kb, r.actor, r.action, subject, r.before, r.after); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("action", r.action).Str("subject", subject).Msg("audit log write failed")
	}
}

// sameSynonym reports whether two synonyms say the same (the terms
// compared as names are).
func sameSynonym(a, b kg.Synonym) bool {
	return a.Kind == b.Kind && a.Target == b.Target && kg.NormalizeName(a.Term) == kg.NormalizeName(b.Term)
}

// synonymsOf describes the synonyms of a term, for a not-found message.
func synonymsOf(all []kg.Synonym, term string) string {
	var out []string
	for _, s := range all {
		if kg.NormalizeName(s.Term) == kg.NormalizeName(term) {
			out = append(out, fmt.Sprintf("%s → %q", s.Kind, s.Target))
		}
	}
	if len(out) == 0 {
		return fmt.Sprintf("%q has no synonyms", term)
	}
	return fmt.Sprintf("%q is a synonym of: %s", term, strings.Join(out, ", "))
}

var synonymKinds = []kg.SynonymKind{kg.SynAttribute, kg.SynGroup, kg.SynEntity, kg.SynChannel}

// normalizeSynonym checks a synonym's term, kind, target and language and
// puts them in canonical form; an empty language is detected from the term.
func normalizeSynonym(s kg.Synonym) (kg.Synonym, error) {
	s.Term = strings.TrimSpace(norm.NFC.String(s.Term))
	s.Target = strings.TrimSpace(norm.NFC.String(s.Target))
	switch n := utf8.RuneCountInString(s.Term); {
	case n == 0:
		return s, fmt.Errorf("%w: the synonym's term is required", kg.ErrInvalid)
	case n > MaxTermLen:
		return s, fmt.Errorf("%w: term %q is %d characters long; the limit is %d", kg.ErrInvalid, clipRunes(s.Term, 40), n, MaxTermLen)
	}
	if !utf8.ValidString(s.Term) || strings.ContainsFunc(s.Term, unicode.IsControl) {
		return s, fmt.Errorf("%w: term %q holds control characters", kg.ErrInvalid, s.Term)
	}
	if !slices.Contains(synonymKinds, s.Kind) {
		return s, fmt.Errorf("%w: synonym kind %q: want ATTRIBUTE, GROUP, ENTITY or CHANNEL", kg.ErrInvalid, s.Kind)
	}
	switch n := utf8.RuneCountInString(s.Target); {
	case n == 0:
		return s, fmt.Errorf("%w: the synonym's target is required", kg.ErrInvalid)
	case n > MaxTargetLen || strings.ContainsFunc(s.Target, unicode.IsControl):
		return s, fmt.Errorf("%w: target %q is not a name of anything in the knowledge base", kg.ErrInvalid, clipRunes(s.Target, 40))
	}
	switch s.Lang {
	case "zh", "en":
	case "":
		if hasHan(s.Term) {
			s.Lang = "zh"
		} else if strings.ContainsFunc(s.Term, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) {
			s.Lang = "en"
		}
	default:
		return s, fmt.Errorf("%w: lang %q: want zh, en or empty", kg.ErrInvalid, s.Lang)
	}
	s.Actor, s.AddedAt = "", time.Time{}
	return s, nil
}

// checkTarget finds the synonym's target in the lexicon and returns its
// canonical form, or ErrInvalid saying what the knowledge base has.
func (s *Service) checkTarget(ctx context.Context, kb string, l *kg.Lexicon, syn kg.Synonym) (string, error) {
	t, folded := syn.Target, kg.NormalizeName(syn.Target)
	switch syn.Kind {
	case kg.SynAttribute:
		for _, a := range l.Attributes {
			if a.Key == t || slices.Contains(a.Paths, t) {
				return t, nil
			}
		}
		for _, a := range l.Attributes {
			if kg.NormalizeName(a.Key) == folded {
				return a.Key, nil
			}
			for _, p := range a.Paths {
				if kg.NormalizeName(p) == folded {
					return p, nil
				}
			}
		}
		names := make([]string, 0, len(l.Attributes))
		for _, a := range l.Attributes {
			n := a.Key
			if len(a.Paths) > 0 {
				n += " (" + strings.Join(a.Paths, ", ") + ")"
			}
			names = append(names, n)
		}
		return "", notFound(syn, "is not an attribute key or path of this knowledge base", "its attributes", names)
	case kg.SynGroup:
		for _, g := range l.Groups {
			if g.ID == t {
				return t, nil
			}
		}
		for _, g := range l.Groups {
			if kg.NormalizeName(g.Name) == folded || slices.ContainsFunc(g.Aliases, func(a string) bool { return kg.NormalizeName(a) == folded }) {
				return g.Name, nil
			}
		}
		names := make([]string, 0, len(l.Groups))
		for _, g := range l.Groups {
			names = append(names, fmt.Sprintf("%s (%s %s)", g.Name, g.Type, g.ID))
		}
		return "", notFound(syn, "is not a category or series of this knowledge base", "its categories and series", names)
	case kg.SynEntity:
		var byName []string
		for _, e := range l.Entities {
			if e.ID == t {
				return t, nil
			}
			if kg.NormalizeName(e.Name) == folded || slices.ContainsFunc(e.Aliases, func(a kg.Alias) bool { return kg.NormalizeName(a.Text) == folded }) {
				byName = append(byName, e.ID)
			}
		}
		if len(byName) == 1 {
			return byName[0], nil
		}
		if len(byName) > 1 {
			return "", fmt.Errorf("%w: synonym target %q names several entities (%s); give one id", kg.ErrInvalid, t, strings.Join(byName, ", "))
		}
		// Entities the lexicon does not list (a policy, an FAQ) by id.
		if e, err := s.store.Entity(ctx, kb, t, time.Time{}); err == nil && e.Status == kg.StatusActive {
			return e.ID, nil
		} else if err != nil && !errors.Is(err, kg.ErrNotFound) && !errors.Is(err, kg.ErrInvalid) {
			return "", err
		}
		var ids []string
		for _, e := range l.Entities[:min(len(l.Entities), 5)] {
			ids = append(ids, e.ID)
		}
		return "", fmt.Errorf("%w: synonym target %q is not the id or name of an active entity of this knowledge base (entities are named by id, e.g. %s)",
			kg.ErrInvalid, t, strings.Join(ids, ", "))
	case kg.SynChannel:
		code, _ := kg.ChannelCode(t)
		for _, c := range l.Channels {
			if c.Code == code || kg.NormalizeName(c.Name) == folded || kg.NormalizeName(c.NameEN) == folded {
				return c.Code, nil
			}
		}
		names := make([]string, 0, len(l.Channels))
		for _, c := range l.Channels {
			names = append(names, fmt.Sprintf("%s (%s)", c.Code, c.Name))
		}
		return "", notFound(syn, "is not a channel of this knowledge base", "its channels", names)
	}
	return "", fmt.Errorf("%w: synonym kind %q", kg.ErrInvalid, syn.Kind)
}

// notFound is ErrInvalid naming what exists (the first 20).
func notFound(syn kg.Synonym, what, listName string, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("%w: synonym target %q %s, which has none yet", kg.ErrInvalid, syn.Target, what)
	}
	list := strings.Join(names[:min(len(names), 20)], ", ")
	if len(names) > 20 {
		list += fmt.Sprintf(" and %d more (query lexicon)", len(names)-20)
	}
	return fmt.Errorf("%w: synonym target %q %s; %s: %s", kg.ErrInvalid, syn.Target, what, listName, list)
}
