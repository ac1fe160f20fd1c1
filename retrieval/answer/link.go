package answer

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"kgrag/kg"
)

// Linker finds the entities a question names. Customers rarely type a
// product's full name ("水光精华的替换装" for "澜肌水光玻尿酸精华液替换装"),
// so a name matches when most of its characters appear, in order, in a
// short window of the question; overlapping matches keep the best one.
type Linker struct {
	names  []linkName
	byGram map[string][]int // bigram -> indexes into names
}

type linkName struct {
	id   string
	text []rune // folded, brand prefix removed
}

// Link is one entity found in a question.
type Link struct {
	ID       string
	Matched  int     // characters of the name found
	Coverage float64 // Matched / name length
	start    int
	end      int
}

// NewLinker builds a linker over (id, name) pairs. Prefixes shared by many
// names (a brand: "澜肌", "lanji") are dropped, since customers leave them out.
func NewLinker(pairs [][2]string) *Linker {
	brands := commonPrefixes(pairs)
	l := &Linker{byGram: map[string][]int{}}
	seen := map[string]bool{}
	add := func(id, text string) {
		rs := []rune(text)
		if len(rs) < 2 || seen[id+"\x00"+text] {
			return
		}
		seen[id+"\x00"+text] = true
		l.names = append(l.names, linkName{id: id, text: rs})
		i := len(l.names) - 1
		grams := map[string]bool{}
		for j := 0; j+1 < len(rs); j++ {
			grams[string(rs[j:j+2])] = true
		}
		for g := range grams {
			l.byGram[g] = append(l.byGram[g], i)
		}
	}
	for _, p := range pairs {
		f := fold(p[1])
		add(p[0], f)
		add(p[0], fold(p[0]))
		for _, b := range brands {
			if rest, ok := strings.CutPrefix(f, b); ok && runeLen(rest) >= 2 {
				add(p[0], rest)
			}
		}
	}
	return l
}

// commonPrefixes finds name prefixes (2-5 characters) that at least a
// quarter of the names, and at least 5, start with.
func commonPrefixes(pairs [][2]string) []string {
	counts := map[string]int{}
	for _, p := range pairs {
		rs := []rune(fold(p[1]))
		for n := 2; n <= 5 && n < len(rs); n++ {
			counts[string(rs[:n])]++
		}
	}
	var out []string
	for p, c := range counts {
		if c >= 5 && c*4 >= len(pairs) {
			out = append(out, p)
		}
	}
	// Longest first, and drop a prefix of a longer one that is as common.
	sort.Slice(out, func(i, j int) bool { return runeLen(out[i]) > runeLen(out[j]) })
	var keep []string
	for _, p := range out {
		if !slices.ContainsFunc(keep, func(k string) bool { return strings.HasPrefix(k, p) && counts[k] == counts[p] }) {
			keep = append(keep, p)
		}
	}
	return keep
}

// Find returns the entities named in the question, best first.
func (l *Linker) Find(question string) []Link {
	q := []rune(fold(question))
	if len(q) < 2 {
		return nil
	}
	cand := map[int]int{}
	for j := 0; j+1 < len(q); j++ {
		for _, i := range l.byGram[string(q[j:j+2])] {
			cand[i]++
		}
	}
	var links []Link
	for i, shared := range cand {
		n := l.names[i]
		if shared < 1 || (len(n.text) > 3 && shared < 2) {
			continue
		}
		m, s, e := bestWindowLCS(n.text, q)
		cov := float64(m) / float64(len(n.text))
		ok := (m == len(n.text) && m >= 2) || (m >= 3 && cov >= 0.6) || (m >= 4 && cov >= 0.5)
		if ok {
			links = append(links, Link{ID: n.id, Matched: m, Coverage: cov, start: s, end: e})
		}
	}
	sort.Slice(links, func(a, b int) bool {
		if links[a].Matched != links[b].Matched {
			return links[a].Matched > links[b].Matched
		}
		// Of equal matches, the more compact one: "水光三件套" is the set, not
		// "水光…精华水" spread over the sentence.
		if sa, sb := links[a].end-links[a].start, links[b].end-links[b].start; sa != sb {
			return sa < sb
		}
		if links[a].Coverage != links[b].Coverage {
			return links[a].Coverage > links[b].Coverage
		}
		return links[a].ID < links[b].ID
	})
	var out []Link
	for _, c := range links {
		if slices.ContainsFunc(out, func(o Link) bool { return o.ID == c.ID }) {
			continue
		}
		clash := false
		for _, o := range out {
			ov := min(o.end, c.end) - max(o.start, c.start)
			if ov > 0 && (ov*2 > c.end-c.start || o.Matched > c.Matched+1) {
				clash = true
				break
			}
		}
		if !clash {
			out = append(out, c)
		}
	}
	return out
}

// bestWindowLCS is the longest common subsequence of name and a window of
// q at most len(name)+4 long, with the window's matched span.
func bestWindowLCS(name, q []rune) (best, start, end int) {
	w := len(name) + 4
	for s := 0; s < len(q); s++ {
		if !slices.Contains(name, q[s]) {
			continue
		}
		win := q[s:min(len(q), s+w)]
		m, last := lcs(name, win)
		if m > best {
			best, start, end = m, s, s+last+1
		}
		if best == len(name) {
			break
		}
	}
	return best, start, end
}

// lcs returns the LCS length of a and b and the index in b of its last
// matched character.
func lcs(a, b []rune) (int, int) {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	n := prev[len(b)]
	last := 0
	for j := 1; j <= len(b); j++ {
		if prev[j] == n {
			last = j - 1
			break
		}
	}
	return n, last
}

// linkers caches one Linker per knowledge base for a short time, so
// curation shows up in linking within seconds without rebuilding per question.
type linkers struct {
	mu    sync.Mutex
	ttl   time.Duration
	cache map[string]cachedLinker
}

type cachedLinker struct {
	l     *Linker
	built time.Time
}

func (c *linkers) get(ctx context.Context, kb string, now time.Time, names func(ctx context.Context, kb string, fn func(id, name string) error) error) (*Linker, error) {
	c.mu.Lock()
	e, ok := c.cache[kb]
	c.mu.Unlock()
	if ok && now.Sub(e.built) < c.ttl {
		return e.l, nil
	}
	var pairs [][2]string
	if err := names(ctx, kb, func(id, name string) error {
		pairs = append(pairs, [2]string{id, name})
		return nil
	}); err != nil {
		return nil, err
	}
	l := NewLinker(pairs)
	c.mu.Lock()
	if c.cache == nil {
		c.cache = map[string]cachedLinker{}
	}
	c.cache[kb] = cachedLinker{l: l, built: now}
	c.mu.Unlock()
	return l, nil
}

// invalidate drops a knowledge base's linker (after ingest or curation).
func (c *linkers) invalidate(kb string) {
	c.mu.Lock()
	delete(c.cache, kb)
	c.mu.Unlock()
}

var followUpWords = []string{"它", "这个", "那个", "这款", "那款", "这瓶", "那瓶", "这套", "同款", "上面", "刚才", "刚刚", " it ", " this ", " that ", "它们"}

func followUp(nq string) bool {
	s := " " + nq + " "
	for _, w := range followUpWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return runeLen(nq) <= 8
}

// describeRE asks about an entity as a whole ("介绍一下X", "知道X吗", "what is X").
var describeRE = regexp.MustCompile(`介绍|了解|知道.{0,20}吗|是什么|是啥|怎么样|tell me about|what is|what's`)

// link finds the entities the question names (or, for a follow-up, those
// of the earlier turn), the question without their names, and the
// attributes it asks for by the knowledge base's own keys.
func (e *Engine) link(ctx context.Context, t *turn) error {
	req := t.req
	linker, err := e.links.get(ctx, req.KB, e.now(), e.linkableNames)
	if err != nil {
		return fmt.Errorf("answer: entity names: %w", err)
	}
	src := e.Lexicon
	if src == nil {
		src = e.ownLexicon()
	}
	if t.lex, err = src.Lexicon(ctx, req.KB); err != nil {
		return fmt.Errorf("answer: lexicon: %w", err)
	}
	fq := []rune(fold(t.nq))
	mask := make([]bool, len(fq))
	for _, l := range linker.Find(t.nq) {
		ent, err := e.entity(ctx, req, l.ID)
		if err != nil {
			continue
		}
		t.links = append(t.links, linkedEntity{ID: l.ID, Type: ent.Type, Name: ent.Name, Score: l.Coverage})
		t.linked = append(t.linked, l.ID)
		t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: l.ID, Name: ent.Name, Score: l.Coverage,
			Why: fmt.Sprintf("%d characters of its name in the question", l.Matched)})
		for i := l.start; i < l.end && i < len(mask); i++ {
			mask[i] = true
		}
	}
	if len(t.linked) == 0 && len(t.prev) > 0 && followUp(t.nq) {
		// "那它能退吗?": the entities of the earlier turns.
		for _, p := range t.prev {
			for _, id := range p.LinkedEntities {
				if slices.Contains(t.linked, id) {
					continue
				}
				ent, err := e.entity(ctx, req, id)
				if err != nil {
					continue
				}
				t.links = append(t.links, linkedEntity{ID: id, Type: ent.Type, Name: ent.Name, Score: 0.5})
				t.linked = append(t.linked, id)
				t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: id, Name: ent.Name, Score: 0.5, Why: "named in an earlier turn of the conversation"})
			}
			if len(t.linked) > 0 {
				break
			}
		}
	}
	var b strings.Builder
	for i, r := range fq {
		if mask[i] {
			b.WriteRune('|')
		} else {
			b.WriteRune(r)
		}
	}
	t.masked = b.String()
	t.keys = askedKeys(t.masked, t.nq, t.lex)
	t.terms = contentTerms(t.nq)
	t.describe = describeRE.MatchString(t.nq)
	t.tr.LinkedEntities = t.linked
	return nil
}
