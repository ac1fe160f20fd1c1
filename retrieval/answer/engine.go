package answer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"kgrag/kg"
	"kgrag/kg/lexicon"
	"kgrag/retrieval"
	"kgrag/retrieval/guard"
)

// Statuses of an answer.
const (
	StatusAnswered = "ANSWERED"
	StatusRefused  = "REFUSED"
	StatusHandoff  = "HANDOFF"
)

// PromptVersion names the prompt template and composer rules; it goes into
// every trace so an auditor knows which rules produced an answer.
const PromptVersion = "kgrag-answer-v1"

// ExtractiveModel is the model name of the offline composer.
const ExtractiveModel = "extractive"

// Request is one question.
type Request struct {
	KB             string
	Question       string
	Channel        string // "" when the customer did not say
	ConversationID string // turns of one conversation share it
	CustomerID     string
	AsOf           time.Time // zero: now
	Language       string    // "zh", "en" or "" (detected)
	Caller         string    // API key id
	// OwnTurnsOnly limits the conversation's earlier turns (follow-up
	// context) to the caller's own: a chat key must not learn another
	// key's conversation by sending its id. Agents taking a conversation
	// over see every turn.
	OwnTurnsOnly bool

	// ents remembers the entities this question read, so linking, facts,
	// coverage and follow-ups read each once.
	ents map[entKey]entRead
}

type entKey struct {
	id   string
	asOf time.Time
}

type entRead struct {
	e   kg.Entity
	err error
}

// entity reads an entity valid at the request's as-of instant, once per request.
func (e *Engine) entity(ctx context.Context, req *Request, id string) (kg.Entity, error) {
	k := entKey{id, req.AsOf}
	if r, ok := req.ents[k]; ok {
		return r.e, r.err
	}
	ent, err := e.Store.Entity(ctx, req.KB, id, req.AsOf)
	if req.ents == nil {
		req.ents = map[entKey]entRead{}
	}
	req.ents[k] = entRead{ent, err}
	return ent, err
}

// prefetch reads the entities of ids this request has not read yet in one
// batched read, when the store has one (kg.EntityBatchReader: a server
// store, where each read is a round trip), so that entity finds them. A
// failed batch is left to the reads one by one.
func (e *Engine) prefetch(ctx context.Context, req *Request, ids []string) {
	br, ok := e.Store.(kg.EntityBatchReader)
	if !ok {
		return
	}
	var need []string
	for _, id := range ids {
		if _, ok := req.ents[entKey{id, req.AsOf}]; !ok && kg.ValidID("id", id) == nil && !slices.Contains(need, id) {
			need = append(need, id)
		}
	}
	if len(need) < 2 || len(need) > kg.MaxReadIDs {
		return
	}
	es, err := br.EntitiesAt(ctx, req.KB, need, req.AsOf)
	if err != nil {
		return
	}
	if req.ents == nil {
		req.ents = map[entKey]entRead{}
	}
	for _, id := range need {
		if ent, ok := es[id]; ok {
			req.ents[entKey{id, req.AsOf}] = entRead{e: ent}
		} else {
			req.ents[entKey{id, req.AsOf}] = entRead{err: fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)}
		}
	}
}

// Answer is the engine's reply; Trace is what was stored for auditors.
type Answer struct {
	ID         string
	Text       string
	Status     string
	Reason     string
	Citations  []kg.Citation
	Confidence float64
	Intent     string
	Sentiment  string
	Language   string
	Trace      kg.Trace
}

// Searcher finds chunks for a question (retrieval.Searcher does).
type Searcher interface {
	Search(ctx context.Context, text string, f retrieval.Filter, o retrieval.SearchOptions) ([]retrieval.Hit, error)
}

// Reviewer checks a chunk against the approved corrections of the
// entities it belongs to (feedback.Service does): stale chunks state a
// superseded value; corrected statements are replaced in text.
type Reviewer interface {
	Review(ctx context.Context, kb string, entityIDs []string, text string) (string, bool, []string, error)
}

// Engine answers questions. Safe for concurrent use.
type Engine struct {
	Store  kg.Store
	Search Searcher
	// Review, when set, applies approved corrections to chunks.
	Review Reviewer
	// SearchMode picks the sides of chunk search. With the offline
	// embedder, keyword-only retrieves as well as hybrid (see
	// retrieval/README.md) at a fraction of the cost; with a real
	// embedding model, hybrid adds paraphrase matches.
	SearchMode retrieval.Mode
	// Lexicon gives each knowledge base's lexicon: what its customers may
	// ask about, in its own words.
	Lexicon kg.LexiconSource
	// LLM, when set, writes the answer from the evidence; nil: extractive.
	LLM Generator
	// Now is the clock (tests).
	Now func() time.Time
	// Tracer makes the spans of asked questions; nil: the global
	// OpenTelemetry provider's (a no-op unless one is set).
	Tracer trace.Tracer
	// Observer, when set, is told each asked question's stage times and
	// outcome (metrics).
	Observer Observer

	links   linkers
	indexes lexIndexes

	lexOnce sync.Once
	lexOwn  *lexicon.Service
}

// ownLexicon is a lexicon service over the engine's store, for engines
// built without one.
// It is nil when the store cannot keep the lexicon (no kg.Docs).
func (e *Engine) ownLexicon() kg.LexiconSource {
	e.lexOnce.Do(func() { e.lexOwn, _ = lexicon.New(e.Store) })
	if e.lexOwn == nil {
		return nil
	}
	return e.lexOwn
}

// lexiconSource is the lexicon source the engine was given, else its own
// over the store (nil where it has none).
func (e *Engine) lexiconSource() kg.LexiconSource {
	if e.Lexicon != nil {
		return e.Lexicon
	}
	return e.ownLexicon()
}

// scopeWordsKnown is a term of the knowledge (an attribute key, a group's
// or entity's name) that the question says and that holds a text an
// out-of-scope pattern matched ("违章押金" of 违章), where every such text
// is held so; "" otherwise.
func (e *Engine) scopeWordsKnown(ctx context.Context, t *turn) (string, error) {
	src := e.lexiconSource()
	if src == nil {
		return "", nil
	}
	lex, err := src.Lexicon(ctx, t.req.KB)
	if err != nil {
		return "", fmt.Errorf("answer: lexicon: %w", err)
	}
	var terms []string
	for _, a := range lex.Attributes {
		terms = append(terms, fold(a.Key))
	}
	for _, g := range lex.Groups {
		terms = append(terms, fold(g.Name))
	}
	for _, en := range lex.Entities {
		terms = append(terms, fold(en.Name))
	}
	held := ""
	for _, m := range scopeMatches(t.nq) {
		i := slices.IndexFunc(terms, func(w string) bool {
			return runeLen(w) > runeLen(m) && strings.Contains(w, m) && (strings.Contains(t.nq, w) || saysRunOf(t.nq, m, w))
		})
		if i < 0 {
			return "", nil
		}
		held = terms[i]
	}
	return held, nil
}

// saysRunOf reports whether the question says m inside a run of a term
// two or more characters longer than m ("狂犬疫苗一针多少" of the name 毛孩子
// 狂犬疫苗（单针）, where 狂犬 matched).
func saysRunOf(nq, m, w string) bool {
	q, n := []rune(nq), runeLen(m)
	for i := 0; i+n <= len(q); i++ {
		if string(q[i:i+n]) != m {
			continue
		}
		for a := 0; a <= 4 && a <= i; a++ {
			for b := 0; b <= 4 && i+n+b <= len(q); b++ {
				if a+b >= 2 && strings.Contains(w, string(q[i-a:i+n+b])) {
					return true
				}
			}
		}
	}
	return false
}

// New returns an engine over the graph store and chunk searcher.
func New(store kg.Store, search Searcher, llm Generator) *Engine {
	return &Engine{Store: store, Search: search, LLM: llm, links: linkers{ttl: 30 * time.Second}}
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

// linkTypes are the entity types questions name. FAQ and Policy entities
// are found through their text, not their names (an FAQ's name is a
// whole question and would out-match the product it is about).
var linkTypes = []string{"Product", "Variant", "Category", "Series", "Channel", "Ingredient", "Brand", "Promotion", "Concept"}

// linkableNames lists the names and aliases of the entities of linkTypes.
func (e *Engine) linkableNames(ctx context.Context, kb string, fn func(id, typ, name string) error) error {
	for _, t := range linkTypes {
		after := ""
		for {
			p, err := e.Store.Entities(ctx, kb, kg.EntityQuery{Type: t, First: kg.MaxPage, After: after})
			if err != nil {
				return err
			}
			for _, ent := range p.Entities {
				if err := ent.EachName(func(id, name string) error { return fn(id, ent.Type, name) }); err != nil {
					return err
				}
			}
			if !p.HasNext {
				break
			}
			after = p.EndCursor
		}
	}
	return nil
}

// Invalidate makes the next question of the knowledge base see new entity names.
func (e *Engine) Invalidate(kb string) { e.links.invalidate(kb) }

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "ans-" + hex.EncodeToString(b[:])
}

// Validate checks the request as Ask does (and normalises it the same
// way), so a caller can reject bad input before it starts streaming.
// Errors wrap kg.ErrInvalid.
func (r *Request) Validate() error { return r.validate() }

func (r *Request) validate() error {
	if err := kg.ValidKB(r.KB); err != nil {
		return err
	}
	r.Question = strings.TrimSpace(r.Question)
	switch n := runeLen(r.Question); {
	case n == 0:
		return fmt.Errorf("%w: question is empty", kg.ErrInvalid)
	case n > MaxQuestionRunes:
		return fmt.Errorf("%w: question is %d characters long; the limit is %d", kg.ErrInvalid, n, MaxQuestionRunes)
	}
	if r.Channel != "" {
		r.Channel = strings.ToLower(r.Channel)
		if err := kg.ValidChannel(r.Channel); err != nil {
			return err
		}
	}
	switch r.Language {
	case "", "zh", "en":
	default:
		return fmt.Errorf("%w: language %q: want zh, en or empty", kg.ErrInvalid, r.Language)
	}
	if r.ConversationID != "" {
		if err := kg.ValidID("conversationId", r.ConversationID); err != nil {
			return err
		}
	}
	if r.CustomerID != "" {
		if err := kg.ValidID("customerId", r.CustomerID); err != nil {
			return err
		}
	}
	return nil
}

// Ask answers one question and stores its trace.
func (e *Engine) Ask(ctx context.Context, req Request) (Answer, error) {
	return e.ask(ctx, req, nil)
}

// AskStream is Ask that also hands the answer text to onText as it is produced.
func (e *Engine) AskStream(ctx context.Context, req Request, onText func(string)) (Answer, error) {
	return e.ask(ctx, req, onText)
}

func (e *Engine) ask(ctx context.Context, req Request, onText func(string)) (Answer, error) {
	if err := req.validate(); err != nil {
		return Answer{}, err
	}
	if req.AsOf.IsZero() {
		req.AsOf = e.now()
	}
	ctx, span := e.startAsk(ctx, &req)
	defer span.End()
	start := time.Now()
	a, err := e.answer(ctx, &req, onText)
	if err != nil {
		failed(span, err)
		return Answer{}, err
	}
	e.observe(ctx, span, start, a)
	if err := e.storeTrace(ctx, req.KB, a.Trace); err != nil {
		failed(span, err)
		return Answer{}, fmt.Errorf("answer: store trace: %w", err)
	}
	return a, nil
}

// turn is the one value that passes through the stages of answering a
// question: understand → link → gather (graph facts, chunk search) →
// select → compose or generate → verify → decide → trace.
type turn struct {
	req  *Request
	nq   string // normalised question
	lang string
	sig  Signals
	u    understanding
	plan *kg.Plan
	lex  *kg.Lexicon
	idx  *lexIndex // derived from lex once per lexicon
	// saidValues are the variant words the question says (variantWordsIn),
	// read once for the candidates variantValuesOf weighs.
	saidValues []string
	prev       []kg.Trace

	links          []linkedEntity
	linked         []string // ids of links, best first
	masked         string   // folded question without the linked names
	cut            []string // the question as the segmenter cuts it (segments)
	keys           []kg.PlanAttribute
	keySpans       map[string]string         // the question's run that matched part of a key, by key (askedKeys)
	enLabels       map[string]string         // the English word that asked a Chinese key, by key (englishKeys): its label
	nameOnly       bool                      // the question is a linked name or id and nothing else ("YL-8002")
	refChunks      []string                  // chunks of documents a fact refers to by title (referencedHits)
	eventRules     []string                  // chunks of a time-limited rule in force on the order date (eventRuleHits)
	eventTitle     string                    // the rule in force of the event the question says the order was placed in (namedEventHit)
	eventWord      string                    // the question's name of that event
	storeChunks    []string                  // chunks naming a store in a place the question names (storeHits)
	titledChunks   []string                  // chunks of a policy whose title names what the question is about (titledHits)
	laterChunks    []string                  // chunks of the time passed or left: of the documents a rule hands the time past its limit to, a rule's longest limit (afterLimitHits), its tier for the days left (dayTierHits)
	tableChunks    []string                  // chunks with a table row of a linked product in a column the question names (tableHits)
	storeNames     map[string]*regexp.Regexp // by place, the stores those chunks name by it (storeNamedBy)
	placeProvinces map[string]string         // the question's places the knowledge never names, with their provinces (provinces)
	terms          []string                  // content terms of the question
	debris         map[string]bool           // terms the segmenter cut into characters, found in the knowledge (debrisPairs)
	loose          []string                  // its words outside the linked names (looseTerms)
	proper         map[string]bool           // English words written as names ("The Ordinary"): not translated
	implied        []string                  // what the question implies but does not say ("质量问题")
	promos         []string                  // chunks of promotions in force that price a linked product (promotionHits)
	outOfForce     []string                  // titles of policies the text names that are not in force at the as-of date
	laterRules     bool                      // one of them takes effect after it: the FAQ may state its rules
	ruleAt         time.Time                 // the date whose policies answer: the order date the question states, else the as-of date
	kinds          []string                  // the categories of the products the question names, folded (gatherFacts)
	describe       bool                      // "介绍一下X": the entity itself is asked about
	group          struct {                  // the category or series the question ranges over (findGroup)
		id, why string
		kind    string // the question's word that names it as a kind of its head ("墨仓打印机"), if that is how
		done    bool
	}

	facts  []piece
	chunks []piece
	ev     []piece
	tr     kg.Trace
}

type linkedEntity struct {
	ID, Type, Name string
	Score          float64
	described      bool   // a member of a named kind the question describes, not names (describedMember)
	byWord         string // the word of its name it was found by, when that was all (wordMembers)
}

// answer runs the pipeline without storing the trace (replay uses it too).
func (e *Engine) answer(ctx context.Context, req *Request, onText func(string)) (Answer, error) {
	var lat []kg.StageLatency
	sw := stopwatch{last: time.Now(), out: &lat}
	t := &turn{req: req, nq: Normalize(req.Question), lang: req.Language, ruleAt: req.AsOf}
	if t.lang == "" {
		t.lang = DetectLanguage(req.Question)
	}
	if t.lang == "en" {
		t.nq = englishEvents(t.nq)
	}
	t.sig = Classify(t.nq)
	if t.sig.Stop != ReasonInjection {
		// As typed: an instruction encoded (base64 is case-sensitive) or
		// disguised in ways the normalised question no longer shows.
		if _, ok := guard.Injection(req.Question); ok {
			t.sig = Signals{Intent: "injection", Sentiment: t.sig.Sentiment, Stop: ReasonInjection}
		}
	}
	t.u = understand(t.nq)
	t.plan = &t.u.plan
	t.tr = kg.Trace{ID: newID(), KB: req.KB, CreatedAt: e.now(), Caller: req.Caller, Question: req.Question,
		NormalizedQuestion: t.nq, Language: t.lang, Channel: req.Channel, ConversationID: req.ConversationID,
		CustomerID: req.CustomerID, AsOf: req.AsOf, Intent: t.sig.Intent, Sentiment: t.sig.Sentiment,
		PromptVersion: PromptVersion, Model: ExtractiveModel, Plan: t.plan}
	tr := &t.tr
	if t.sig.Stop == ReasonInjection {
		if why, ok := guard.Injection(req.Question); ok {
			tr.Notes = append(tr.Notes, "injection: the question "+why)
		}
	}
	finish := func(status, reason, text string, conf float64) Answer {
		sw.lap("compose")
		tr.Status, tr.Reason, tr.Answer, tr.Confidence, tr.Latency = status, reason, text, conf, lat
		if onText != nil {
			// Only verified text is ever shown, so it streams sentence by sentence once checked.
			for _, s := range splitAnswer(text) {
				onText(s)
			}
		}
		return Answer{ID: tr.ID, Text: text, Status: status, Reason: reason, Citations: tr.Citations, Confidence: conf,
			Intent: t.sig.Intent, Sentiment: t.sig.Sentiment, Language: t.lang, Trace: *tr}
	}

	var err error
	if t.prev, err = e.previousTurns(ctx, req); err != nil {
		return Answer{}, err
	}
	sw.lap("understand")
	if t.sig.Stop == ReasonOutOfScope {
		// "违章押金差多少": what an out-of-scope word asks about the law is
		// the brand's own term where its knowledge names a thing with it,
		// as the question does.
		term, err := e.scopeWordsKnown(ctx, t)
		if err != nil {
			return Answer{}, err
		}
		if term != "" {
			t.sig.Stop = ""
			tr.Notes = append(tr.Notes, "an out-of-scope word is said in the knowledge's own term "+term)
		}
	}
	if t.sig.Stop != "" {
		status := StatusRefused
		if t.sig.Handoff {
			status = StatusHandoff
		}
		return finish(status, t.sig.Stop, politeMessage(t.sig.Stop, t.lang), 1), nil
	}
	if t.plan.Operation == "greeting" {
		return finish(StatusAnswered, "", greeting(t.nq, t.lang), 1), nil
	}

	if err := e.link(ctx, t); err != nil {
		return Answer{}, err
	}
	sw.lap("link")

	facts, warnings, err := e.gatherFacts(ctx, t)
	if err != nil {
		return Answer{}, fmt.Errorf("answer: graph facts: %w", err)
	}
	t.facts = facts
	sw.lap("graph")
	if err := e.searchChunks(ctx, t); err != nil {
		return Answer{}, err
	}
	if err := e.factsOfText(ctx, t); err != nil {
		return Answer{}, fmt.Errorf("answer: facts of the text: %w", err)
	}
	t.readSerials()
	sw.lap("search")

	t.ev = selectEvidence(t)
	for i := range t.ev {
		t.ev[i].Marker = fmt.Sprintf("[%d]", i+1)
		tr.Evidence = append(tr.Evidence, t.ev[i].Evidence)
	}
	tr.Notes = append(tr.Notes, warnings...)
	sw.lap("select")

	if len(t.ev) == 0 {
		return e.refuse(finish, t.prev, ReasonNoEvidence, t.lang), nil
	}
	if reason := e.decideScope(ctx, t); reason != "" {
		return e.refuse(finish, t.prev, reason, t.lang), nil
	}

	text := ""
	if e.LLM != nil {
		gen, gerr := e.LLM.Generate(ctx, buildPrompt(req.Question, t.lang, t.ev), nil)
		tr.Model, tr.Prompt, tr.RawOutput = gen.Model, gen.Prompt, gen.Raw
		sw.lap("generate")
		switch {
		case errors.Is(gerr, ErrNotInKnowledge):
			return e.refuse(finish, t.prev, ReasonNoEvidence, t.lang), nil
		case gerr != nil:
			// Timeouts, errors and malformed output fall back to the extractive
			// answer; the trace keeps which model failed (Model becomes extractive).
			tr.Fallback = fmt.Sprintf("llm %s: %v", gen.Model, gerr)
		default:
			text = gen.Text
		}
	}
	if text == "" {
		text = compose(t)
		// The text that answers best is the brand's own rule that its
		// service gives no such advice ("客服不提供医疗诊断或用药建议"): the
		// question is one the service does not answer.
		if first, _, _ := strings.Cut(text, "["); declineRE.MatchString(first) {
			tr.Notes = append(tr.Notes, "the best-matching text declines what the question asks: "+first)
			return e.refuse(finish, t.prev, ReasonOutOfScope, t.lang), nil
		}
		if tr.Model == "" || tr.Fallback != "" {
			tr.Model = ExtractiveModel
		}
		if tr.RawOutput == "" {
			tr.RawOutput = text
		}
	}
	checked, checks := verify(text, t.ev)
	tr.Verification = checks
	sw.lap("verify")
	if checked == "" && e.LLM != nil && tr.Model != ExtractiveModel {
		// The model's answer did not survive verification: fall back.
		tr.Fallback = fmt.Sprintf("llm %s: answer failed verification", tr.Model)
		tr.Model = ExtractiveModel
		text = compose(t)
		checked, checks = verify(text, t.ev)
		tr.Verification = append(tr.Verification, checks...)
	}
	if checked == "" {
		return e.refuse(finish, t.prev, ReasonUnverified, t.lang), nil
	}
	if tr.Model == ExtractiveModel {
		// Markers run 1, 2, 3 in the answer. A model's answer keeps the
		// markers of the prompt it was given, so the trace's prompt and
		// evidence agree for auditors.
		checked, t.ev, tr.Verification = renumber(checked, t.ev, tr.Verification)
		tr.Evidence = tr.Evidence[:0]
		for _, p := range t.ev {
			tr.Evidence = append(tr.Evidence, p.Evidence)
		}
	}
	tr.Citations = citations(checked, t.ev)
	conf := confidence(t.ev, checks)
	return finish(StatusAnswered, "", checked, conf), nil
}

// previousTurns returns the earlier turns of the conversation, newest first.
func (e *Engine) previousTurns(ctx context.Context, req *Request) ([]kg.Trace, error) {
	if req.ConversationID == "" {
		return nil, nil
	}
	p, err := e.Store.Traces(ctx, req.KB, kg.TraceQuery{ConversationID: req.ConversationID, First: 10})
	if err != nil {
		return nil, fmt.Errorf("answer: conversation %q: %w", req.ConversationID, err)
	}
	if req.OwnTurnsOnly {
		return slices.DeleteFunc(p.Traces, func(t kg.Trace) bool { return t.Caller != req.Caller }), nil
	}
	return p.Traces, nil
}

// Replay asks an answered question again without storing anything: then
// with the knowledge valid at the original as-of instant, now with the
// knowledge of today. Chunk text is today's (the index keeps no versions);
// graph facts are as of each instant.
func (e *Engine) Replay(ctx context.Context, kb, id string) (orig, then, now kg.Trace, err error) {
	orig, err = e.Store.Trace(ctx, kb, id)
	if err != nil {
		return
	}
	req := Request{KB: kb, Question: orig.Question, Channel: orig.Channel, CustomerID: orig.CustomerID,
		Language: orig.Language, Caller: orig.Caller, AsOf: orig.AsOf}
	if err = req.validate(); err != nil {
		return
	}
	a, err := e.answer(ctx, &req, nil)
	if err != nil {
		return
	}
	then = a.Trace
	req.AsOf = e.now()
	b, err := e.answer(ctx, &req, nil)
	if err != nil {
		return
	}
	now = b.Trace
	return orig, then, now, nil
}
