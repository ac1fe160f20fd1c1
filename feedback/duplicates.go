package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"kgrag/kg"
)

// Duplicate suggestions: entities of one type that look like the same thing,
// listed for trainers to merge (kg.Store.MergeEntities) or dismiss. The
// signals, strongest first:
//
//   - one's name (or alias) is the other's name or alias after
//     kg.NormalizeName — e.g. a Chinese name and the English alias another
//     entity is named by;
//   - the same id-like code (letters then at least three digits, "LJ-1001",
//     "LJ1001") in the ids, names or aliases of both;
//   - near-identical normalised names (edit distance at most 15% of the
//     length), unless the names differ in their numbers ("30ml"/"50ml").
//
// Pairs joined by a relation (REPLACES, REFILL_OF, …) are known to be
// different things and are not suggested; dismissed pairs are not
// suggested again.

const collDismissed = "duplicate_dismissals"

// MaxDuplicateScan bounds the entities one DuplicateSuggestions call reads:
// a knowledge base with more entities is checked on its first
// MaxDuplicateScan entities in id order (Truncated says so).
const MaxDuplicateScan = 20000

// codeHolderLimit: a code found in more entities of one type than this is
// a series or category code, not an identity.
const codeHolderLimit = 3

// DuplicateSuggestion is a pair of entities that may be the same thing.
type DuplicateSuggestion struct {
	A kg.Entity `json:"a"` // the pair is ordered by id: A.ID < B.ID
	B kg.Entity `json:"b"`
	// Score is 0..1: how sure the suggestion is.
	Score float64 `json:"score"`
	// Reasons say which signals matched, for the trainer.
	Reasons []string `json:"reasons"`
}

// DuplicateReport is a page of suggestions with what the scan covered.
type DuplicateReport struct {
	Suggestions []DuplicateSuggestion `json:"suggestions"`
	Scanned     int                   `json:"scanned"`
	Truncated   bool                  `json:"truncated"` // more than MaxDuplicateScan entities
}

// dismissal is a trainer's verdict that two entities are different things.
type dismissal struct {
	A     string    `json:"a"`
	B     string    `json:"b"`
	Actor string    `json:"actor"`
	At    time.Time `json:"at"`
}

// DuplicateSuggestions lists up to limit (1..kg.MaxPage; 0 means
// kg.DefaultPage) pairs of current entities of one type that look like the
// same thing, most likely first, leaving out dismissed pairs and pairs
// joined by a relation. It reads at most MaxDuplicateScan entities.
func (s *Service) DuplicateSuggestions(ctx context.Context, kb string, limit int) ([]DuplicateSuggestion, error) {
	rep, err := s.DuplicateReport(ctx, kb, limit)
	return rep.Suggestions, err
}

// DuplicateReport is DuplicateSuggestions with the size of the scan.
func (s *Service) DuplicateReport(ctx context.Context, kb string, limit int) (DuplicateReport, error) {
	if err := kg.ValidKB(kb); err != nil {
		return DuplicateReport{}, err
	}
	switch {
	case limit == 0:
		limit = kg.DefaultPage
	case limit < 0 || limit > kg.MaxPage:
		return DuplicateReport{}, invalid("limit %d: want 1..%d", limit, kg.MaxPage)
	}
	var rep DuplicateReport
	var ents []kg.Entity
	q := kg.EntityQuery{First: kg.MaxPage}
	for {
		p, err := s.Store.Entities(ctx, kb, q)
		if err != nil {
			return DuplicateReport{}, fmt.Errorf("feedback: duplicate suggestions: %w", err)
		}
		ents = append(ents, p.Entities...)
		if len(ents) >= MaxDuplicateScan {
			rep.Truncated = len(ents) > MaxDuplicateScan || p.HasNext
			ents = ents[:MaxDuplicateScan]
			break
		}
		if !p.HasNext || p.EndCursor == "" {
			break
		}
		q.After = p.EndCursor
	}
	rep.Scanned = len(ents)
	dismissed, err := s.dismissed(ctx, kb)
	if err != nil {
		return DuplicateReport{}, err
	}
	cands := candidates(ents)
	pairs := make([]*candidate, 0, len(cands))
	for k, c := range cands {
		if !dismissed[k] {
			pairs = append(pairs, c)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].score() != pairs[j].score() {
			return pairs[i].score() > pairs[j].score()
		}
		if pairs[i].a.ID != pairs[j].a.ID {
			return pairs[i].a.ID < pairs[j].a.ID
		}
		return pairs[i].b.ID < pairs[j].b.ID
	})
	rep.Suggestions = []DuplicateSuggestion{}
	checked := 0
	for _, c := range pairs {
		if len(rep.Suggestions) == limit || checked == 4*kg.MaxPage {
			break
		}
		checked++
		linked, err := s.related(ctx, kb, c.a.ID, c.b.ID)
		if err != nil {
			return DuplicateReport{}, fmt.Errorf("feedback: duplicate suggestions: %w", err)
		}
		if linked {
			continue
		}
		rep.Suggestions = append(rep.Suggestions, DuplicateSuggestion{A: *c.a, B: *c.b, Score: round2(c.score()), Reasons: c.reasons})
	}
	return rep, nil
}

// DismissDuplicate records that a and b are different things, so the pair
// is not suggested again; the decision is audited. Dismissing a dismissed
// pair again changes nothing. Returns ErrNotFound when either entity does
// not exist and ErrInvalid for bad ids.
func (s *Service) DismissDuplicate(ctx context.Context, kb, actor, a, b string) error {
	if err := kg.ValidKB(kb); err != nil {
		return err
	}
	if err := kg.ValidID("a", a); err != nil {
		return err
	}
	if err := kg.ValidID("b", b); err != nil {
		return err
	}
	if a == b {
		return invalid("a and b are the same entity %q", a)
	}
	for _, id := range []string{a, b} {
		if _, err := s.Store.Entity(ctx, kb, id, time.Time{}); err != nil {
			return fmt.Errorf("entity %q: %w", id, err)
		}
	}
	if b < a {
		a, b = b, a
	}
	d := dismissal{A: a, B: b, Actor: actor, At: s.now()}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if _, err := s.Docs.PutDoc(ctx, kb, collDismissed, pairID(a, b), data, 0); err != nil {
		if errors.Is(err, kg.ErrConflict) {
			return nil // dismissed already
		}
		return fmt.Errorf("feedback: dismiss duplicate: %w", err)
	}
	s.audit(ctx, kb, actor, "dismissDuplicate", a+"|"+b, nil, d)
	return nil
}

// pairID keys a pair (a < b) in a document id of bounded length.
func pairID(a, b string) string {
	h := sha256.Sum256([]byte(a + "\x00" + b))
	return "p-" + hex.EncodeToString(h[:16])
}

func (s *Service) dismissed(ctx context.Context, kb string) (map[string]bool, error) {
	out := map[string]bool{}
	after := ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collDismissed, after, kg.MaxDocList)
		if err != nil {
			return nil, fmt.Errorf("feedback: dismissed duplicates: %w", err)
		}
		for _, d := range docs {
			after = d.ID
			out[d.ID] = true
		}
		if len(docs) < kg.MaxDocList {
			return out, nil
		}
	}
}

// related reports whether an active relation joins a and b. Both ends are
// asked, since a page of neighbours is bounded and one end may have many.
func (s *Service) related(ctx context.Context, kb, a, b string) (bool, error) {
	for _, p := range [][2]string{{a, b}, {b, a}} {
		ns, err := s.Store.Neighbours(ctx, kb, p[0], kg.NeighbourQuery{Direction: kg.Both})
		if errors.Is(err, kg.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		if slices.ContainsFunc(ns, func(n kg.Neighbour) bool { return n.Entity.ID == p[1] }) {
			return true, nil
		}
	}
	return false, nil
}

// candidate is a pair with the signals it matched.
type candidate struct {
	a, b    *kg.Entity
	signals []float64
	reasons []string
}

// score combines independent signals: 1 - Π(1 - s).
func (c *candidate) score() float64 {
	p := 1.0
	for _, s := range c.signals {
		p *= 1 - s
	}
	return min(1-p, 0.99)
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// nameOf is one name of an entity: its name or an alias.
type nameOf struct {
	text, norm string
	alias      bool
	lang       string
}

func namesOf(e *kg.Entity) []nameOf {
	out := []nameOf{{text: e.Name, norm: kg.NormalizeName(e.Name), lang: langOf(e.Name, "")}}
	for _, a := range e.Aliases {
		out = append(out, nameOf{text: a.Text, norm: kg.NormalizeName(a.Text), alias: true, lang: langOf(a.Text, a.Lang)})
	}
	return out
}

func langOf(s, given string) string {
	if given != "" {
		return given
	}
	if hasHan(s) {
		return "zh"
	}
	return "en"
}

var codeRE = regexp.MustCompile(`(?i)\b[a-z]{1,5}[-_ ]?[0-9]{3,}[a-z0-9]*\b`)

// codes returns the id-like codes in s, upper case without separators.
func codes(s string) []string {
	var out []string
	for _, m := range codeRE.FindAllString(norm(s), -1) {
		c := strings.ToUpper(strings.NewReplacer("-", "", "_", "", " ", "").Replace(m))
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// norm folds full-width forms so codes written "ＬＪ－１００１" are found.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - '！' + '!'
		}
		return r
	}, s)
}

// entityCodes returns the codes in the entity's id, names and aliases.
func entityCodes(e *kg.Entity) []string {
	id := e.ID
	if _, rest, ok := strings.Cut(id, ":"); ok { // "product:LJ-1001"
		id = rest
	}
	out := codes(id)
	for _, c := range nameCodes(e) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// nameCodes returns the codes in the entity's names and aliases (ids of
// duplicates differ by definition, so they do not tell pairs apart).
func nameCodes(e *kg.Entity) []string {
	var out []string
	for _, n := range namesOf(e) {
		for _, c := range codes(n.text) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// candidates finds the suspicious pairs among ents, keyed by pairID.
func candidates(ents []kg.Entity) map[string]*candidate {
	out := map[string]*candidate{}
	add := func(x, y *kg.Entity, signal float64, reason string) {
		if x.ID == y.ID || x.Type != y.Type {
			return
		}
		if y.ID < x.ID {
			x, y = y, x
		}
		k := pairID(x.ID, y.ID)
		c := out[k]
		if c == nil {
			c = &candidate{a: x, b: y}
			out[k] = c
		}
		if !slices.Contains(c.reasons, reason) {
			c.signals = append(c.signals, signal)
			c.reasons = append(c.reasons, reason)
		}
	}
	byType := map[string][]*kg.Entity{}
	for i := range ents {
		byType[ents[i].Type] = append(byType[ents[i].Type], &ents[i])
	}
	for _, group := range byType {
		// Same name or alias.
		byName := map[string][]struct {
			e *kg.Entity
			n nameOf
		}{}
		for _, e := range group {
			seen := map[string]bool{}
			for _, n := range namesOf(e) {
				if n.norm == "" || seen[n.norm] {
					continue
				}
				seen[n.norm] = true
				byName[n.norm] = append(byName[n.norm], struct {
					e *kg.Entity
					n nameOf
				}{e, n})
			}
		}
		for _, hs := range byName {
			if len(hs) > codeHolderLimit+1 {
				continue // a generic name ("旅行装") many entities share
			}
			for i := range hs {
				for j := i + 1; j < len(hs); j++ {
					x, y := hs[i], hs[j]
					if x.e.ID == y.e.ID {
						continue
					}
					switch {
					case !x.n.alias && !y.n.alias:
						add(x.e, y.e, 0.9, fmt.Sprintf("same name %q", x.n.text))
					case x.n.alias && y.n.alias:
						add(x.e, y.e, 0.7, fmt.Sprintf("same alias %q", x.n.text))
					default:
						named, aliased := x, y
						if x.n.alias {
							named, aliased = y, x
						}
						lang := ""
						if aliased.n.lang == "en" && hasHan(aliased.e.Name) {
							lang = "English "
						} else if aliased.n.lang == "zh" && !hasHan(aliased.e.Name) {
							lang = "Chinese "
						}
						add(x.e, y.e, 0.85, fmt.Sprintf("%s is named %q, the %salias of %s (%s)",
							named.e.ID, named.n.text, lang, aliased.e.ID, aliased.e.Name))
					}
				}
			}
		}
		// Same id-like code.
		byCode := map[string][]*kg.Entity{}
		for _, e := range group {
			for _, c := range entityCodes(e) {
				byCode[c] = append(byCode[c], e)
			}
		}
		for code, es := range byCode {
			if len(es) < 2 || len(es) > codeHolderLimit {
				continue
			}
			for i := range es {
				for j := i + 1; j < len(es); j++ {
					add(es[i], es[j], 0.8, "same code "+code)
				}
			}
		}
		// Near-identical names: compare each name with its neighbours in
		// name order and in reversed-name order (sorted neighbourhood), so
		// differences at either end are found without comparing all pairs.
		type keyed struct {
			key string
			e   *kg.Entity
		}
		fwd := make([]keyed, 0, len(group))
		rev := make([]keyed, 0, len(group))
		for _, e := range group {
			n := kg.NormalizeName(e.Name)
			fwd = append(fwd, keyed{n, e})
			rev = append(rev, keyed{reverse(n), e})
		}
		for _, ks := range [][]keyed{fwd, rev} {
			sort.Slice(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
			for i := range ks {
				for j := i + 1; j < len(ks) && j <= i+window; j++ {
					x, y := ks[i].e, ks[j].e
					if sim, ok := nearName(x.Name, y.Name); ok {
						add(x, y, 0.75*sim, fmt.Sprintf("near-identical names %q and %q", x.Name, y.Name))
					}
				}
			}
		}
	}
	// Different codes in the names on both sides say different products
	// ("LJ-1001 精华" and "LJ-1002 精华").
	for k, c := range out {
		ca, cb := nameCodes(c.a), nameCodes(c.b)
		if len(ca) > 0 && len(cb) > 0 && !slices.ContainsFunc(ca, func(x string) bool { return slices.Contains(cb, x) }) {
			delete(out, k)
		}
	}
	return out
}

// window is how many neighbours in name order each name is compared with.
const window = 4

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// nearName reports whether two names are the same but for a small edit,
// with their similarity (1 - distance/length). Exact equality is the
// same-name signal's business; names that differ in their numbers are
// different variants.
func nearName(a, b string) (float64, bool) {
	x, y := []rune(kg.NormalizeName(a)), []rune(kg.NormalizeName(b))
	n := max(len(x), len(y))
	if n < 4 || string(x) == string(y) {
		return 0, false
	}
	if !slices.Equal(numbers(string(x)), numbers(string(y))) {
		return 0, false
	}
	d := levenshtein(x, y)
	sim := 1 - float64(d)/float64(n)
	return sim, sim >= 0.85
}

func numbers(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
