// Package lexicon builds, stores and serves the lexicon of a knowledge base
// (kg.Lexicon): its attribute keys and paths with their units, its
// categories and series, the channels it sells on, the names and model
// codes of its linkable entities, its English names, and the synonyms
// trainers add. Everything in it comes from the knowledge base itself;
// this package holds no words of any industry or brand.
//
// The built lexicon and the synonyms are kept as documents of the graph
// store (kg.Docs, collection "lexicon"), so every kgrag instance in front of
// one Neo4j serves the same lexicon. Service caches them per knowledge base.
package lexicon

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
)

// LinkTypes are the entity types whose names questions use: the lexicon
// lists their entities with names, aliases and model codes. FAQ, Policy and
// Document entities are found through their text instead.
var LinkTypes = []string{"Product", "Variant", "Category", "Series", "Channel", "Ingredient", "Brand", "Promotion", "Concept"}

// GroupTypes are the entity types of groups of products.
var GroupTypes = []string{"Category", "Series"}

// groupRelations link a member to its group.
var groupRelations = []string{"IN_CATEGORY", "IN_SERIES"}

const (
	maxSamples     = 3
	maxSampleRunes = 80
	// maxTracked bounds the distinct values counted per attribute key
	// (for samples and group membership); keys with more values than
	// that are not groups, and their first values are samples enough.
	maxTracked = 2000
	// workers bounds the neighbour reads a build makes at once.
	workers = 4
)

// Build scans the current, active entities of kb and returns its built
// lexicon, without synonyms. Errors are the store's.
func Build(ctx context.Context, store kg.Store, kb string) (kg.Lexicon, error) {
	if err := kg.ValidKB(kb); err != nil {
		return kg.Lexicon{}, err
	}
	b := &builder{attrs: map[string]*attrStats{}, channels: map[string]*kg.LexChannel{}, chanEnts: map[string]*kg.Entity{},
		words: map[string]bool{}}
	if err := scan(ctx, store, kb, b.add); err != nil {
		return kg.Lexicon{}, fmt.Errorf("lexicon: build %s: %w", kb, err)
	}
	if err := b.neighbours(ctx, store, kb); err != nil {
		return kg.Lexicon{}, fmt.Errorf("lexicon: build %s: %w", kb, err)
	}
	return b.lexicon(kb), nil
}

// scan reads all current, active entities of a knowledge base, in one pass
// where the store can (kg.EntityScanner), else page by page.
func scan(ctx context.Context, store kg.Store, kb string, fn func(e *kg.Entity)) error {
	if s, ok := store.(kg.EntityScanner); ok {
		return s.ScanEntities(ctx, kb, func(e *kg.Entity) error {
			fn(e)
			return nil
		})
	}
	after := ""
	for {
		p, err := store.Entities(ctx, kb, kg.EntityQuery{First: kg.MaxPage, After: after})
		if err != nil {
			return err
		}
		for i := range p.Entities {
			fn(&p.Entities[i])
		}
		if !p.HasNext || p.EndCursor == "" {
			return nil
		}
		after = p.EndCursor
	}
}

// builder gathers what one scan of the entities sees.
type builder struct {
	attrs    map[string]*attrStats
	attrSeq  int
	groups   []kg.LexGroup
	channels map[string]*kg.LexChannel
	chanEnts map[string]*kg.Entity // the Channel entity of a code
	entities []kg.LexEntity
	variants []int // indexes into entities
	words    map[string]bool
	wordList []kg.LexWord
}

// attrStats is what the scan saw of one attribute key.
type attrStats struct {
	seq    int // first seen, for stable ties
	key    string
	paths  counter
	kinds  counter
	units  counter
	types  counter
	count  int
	values map[string]*valueCount
}

type valueCount struct {
	n, seq int
}

// counter counts strings and lists them most frequent first.
type counter map[string]int

func (c counter) add(s string) {
	if s != "" {
		c[s]++
	}
}

func (c counter) sorted() []string {
	out := make([]string, 0, len(c))
	for s := range c {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(c[b]-c[a], strings.Compare(a, b))
	})
	return out
}

func (b *builder) add(e *kg.Entity) {
	if e.Status != kg.StatusActive {
		return
	}
	seen := map[string]bool{}
	for _, a := range e.Attributes {
		st := b.attrs[a.Key]
		if st == nil {
			b.attrSeq++
			st = &attrStats{seq: b.attrSeq, key: a.Key, paths: counter{}, kinds: counter{}, units: counter{}, types: counter{},
				values: map[string]*valueCount{}}
			b.attrs[a.Key] = st
		}
		st.paths.add(a.Path)
		st.kinds.add(string(a.Kind))
		st.units.add(a.Unit)
		if !seen[a.Key] {
			seen[a.Key] = true
			st.count++
			st.types.add(e.Type)
		}
		vals := []string{a.Value}
		if a.Kind == kg.KindList {
			vals = a.List
		}
		for _, v := range vals {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if vc := st.values[v]; vc != nil {
				vc.n++
			} else if len(st.values) < maxTracked {
				st.values[v] = &valueCount{n: 1, seq: len(st.values)}
			}
		}
	}
	for _, ch := range e.Channels {
		b.channel(ch)
	}
	b.englishWords(e)
	if !slices.Contains(LinkTypes, e.Type) {
		return
	}
	le := kg.LexEntity{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: e.Aliases, Codes: entityCodes(e)}
	b.entities = append(b.entities, le)
	switch e.Type {
	case "Variant":
		b.variants = append(b.variants, len(b.entities)-1)
	case "Category", "Series":
		g := kg.LexGroup{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: []string{}}
		for _, a := range e.Aliases {
			g.Aliases = append(g.Aliases, a.Text)
		}
		b.groups = append(b.groups, g)
	case "Channel":
		if code := channelCode(e); code != "" {
			b.channel(code)
			b.chanEnts[code] = e
		}
	}
}

// channel returns the entry of a channel code, adding it.
func (b *builder) channel(code string) *kg.LexChannel {
	ch := b.channels[code]
	if ch == nil {
		ch = &kg.LexChannel{Code: code}
		b.channels[code] = ch
	}
	return ch
}

// channelCode finds the channel code a Channel entity stands for: its id
// after the last ':' ("channel:tmall"), else its name or an alias that is
// a code or a channel name the channel table knows.
func channelCode(e *kg.Entity) string {
	cands := []string{e.ID[strings.LastIndexByte(e.ID, ':')+1:], e.Name}
	for _, a := range e.Aliases {
		cands = append(cands, a.Text)
	}
	for _, c := range cands {
		if code, ok := kg.ChannelCode(c); ok {
			return code
		}
	}
	return ""
}

// englishWords records the entity's English names (name_en, English
// aliases, an English name with a Chinese alias) with the Chinese they
// stand beside.
func (b *builder) englishWords(e *kg.Entity) {
	zh := ""
	if hasHan(e.Name) {
		zh = e.Name
	} else {
		for _, a := range e.Aliases {
			if a.Lang == "zh" || (a.Lang == "" && hasHan(a.Text)) {
				zh = a.Text
				b.word(e.Name, zh)
				break
			}
		}
	}
	if zh == "" {
		return
	}
	if a, ok := e.Attr("name_en"); ok && a.Kind == kg.KindString {
		b.word(a.Value, zh)
	}
	for _, a := range e.Aliases {
		if a.Lang == "en" {
			b.word(a.Text, zh)
		}
	}
}

func (b *builder) word(text, zh string) {
	text = strings.TrimSpace(text)
	if text == "" || hasHan(text) || !hasLetter(text) {
		return
	}
	k := strings.ToLower(text) + "\x00" + zh
	if b.words[k] {
		return
	}
	b.words[k] = true
	b.wordList = append(b.wordList, kg.LexWord{Text: text, ZH: zh})
}

// neighbours reads what the entity scan cannot see: the members of each
// group and the product of each variant.
func (b *builder) neighbours(ctx context.Context, store kg.Store, kb string) error {
	members := b.groupKeyCounts()
	err := parallel(ctx, len(b.groups), func(i int) error {
		g := &b.groups[i]
		ns, err := store.Neighbours(ctx, kb, g.ID, kg.NeighbourQuery{RelationTypes: groupRelations, Direction: kg.In, Limit: kg.MaxPage})
		if err != nil {
			return err
		}
		ids := map[string]bool{}
		for _, n := range ns {
			ids[n.Entity.ID] = true
		}
		g.Members = len(ids)
		if len(ns) >= kg.MaxPage {
			// Neighbours stops at a page; the products' own group
			// attributes count the rest.
			g.Members = max(g.Members, members[g.Type+"\x00"+kg.NormalizeName(g.Name)])
		}
		return nil
	})
	if err != nil {
		return err
	}
	return parallel(ctx, len(b.variants), func(i int) error {
		v := &b.entities[b.variants[i]]
		ns, err := store.Neighbours(ctx, kb, v.ID, kg.NeighbourQuery{RelationTypes: []string{"VARIANT_OF"}, Direction: kg.Out, Limit: 1})
		if err != nil {
			return err
		}
		if len(ns) > 0 {
			v.Parent = ns[0].Entity.ID
		}
		return nil
	})
}

// groupKeyCounts counts members of groups through the attributes that
// name them: a key is a group key of a type when most of its values are
// names of groups of that type (a product's "category" holding "精华").
// Returns counts by type and normalised group name.
func (b *builder) groupKeyCounts() map[string]int {
	names := map[string]bool{}
	for _, g := range b.groups {
		names[g.Type+"\x00"+kg.NormalizeName(g.Name)] = true
	}
	out := map[string]int{}
	if len(names) == 0 {
		return out
	}
	for _, st := range b.attrs {
		for _, t := range GroupTypes {
			hit, all := 0, 0
			for v, vc := range st.values {
				all += vc.n
				if names[t+"\x00"+kg.NormalizeName(v)] {
					hit += vc.n
				}
			}
			if all == 0 || hit*2 < all {
				continue
			}
			for v, vc := range st.values {
				if k := t + "\x00" + kg.NormalizeName(v); names[k] {
					out[k] += vc.n
				}
			}
		}
	}
	return out
}

// parallel calls fn for 0..n-1 on a few goroutines and returns the first error.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	if n == 0 {
		return nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					cancel(err)
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

// lexicon assembles the result in a stable order.
func (b *builder) lexicon(kb string) kg.Lexicon {
	l := kg.Lexicon{KB: kb, BuiltAt: time.Now().UTC(), Attributes: []kg.LexAttribute{}, Groups: b.groups,
		Channels: []kg.LexChannel{}, Entities: b.entities, Words: b.wordList, Synonyms: []kg.Synonym{}}
	stats := make([]*attrStats, 0, len(b.attrs))
	for _, st := range b.attrs {
		stats = append(stats, st)
	}
	slices.SortFunc(stats, func(x, y *attrStats) int { return cmp.Or(y.count-x.count, strings.Compare(x.key, y.key)) })
	for _, st := range stats {
		la := kg.LexAttribute{Key: st.key, Paths: st.paths.sorted(), Units: st.units.sorted(), EntityTypes: st.types.sorted(),
			Count: st.count, Samples: samples(st.values)}
		for _, k := range st.kinds.sorted() {
			la.Kinds = append(la.Kinds, kg.ValueKind(k))
		}
		l.Attributes = append(l.Attributes, la)
	}
	for code, ch := range b.channels {
		ch.Name = kg.ChannelNameOf(b.chanEnts[code], code, "zh")
		ch.NameEN = kg.ChannelNameOf(b.chanEnts[code], code, "en")
		l.Channels = append(l.Channels, *ch)
	}
	slices.SortFunc(l.Channels, func(x, y kg.LexChannel) int {
		return cmp.Or(kg.ChannelRank(x.Code)-kg.ChannelRank(y.Code), strings.Compare(x.Code, y.Code))
	})
	if l.Groups == nil {
		l.Groups = []kg.LexGroup{}
	}
	slices.SortFunc(l.Groups, func(x, y kg.LexGroup) int {
		return cmp.Or(strings.Compare(x.Type, y.Type), strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	if l.Entities == nil {
		l.Entities = []kg.LexEntity{}
	}
	slices.SortFunc(l.Entities, func(x, y kg.LexEntity) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(l.Words, func(x, y kg.LexWord) int {
		return cmp.Or(strings.Compare(strings.ToLower(x.Text), strings.ToLower(y.Text)), strings.Compare(x.ZH, y.ZH))
	})
	return l
}

// samples picks the most frequent values as written, clipped.
func samples(vals map[string]*valueCount) []string {
	type kv struct {
		v string
		c *valueCount
	}
	all := make([]kv, 0, len(vals))
	for v, c := range vals {
		all = append(all, kv{v, c})
	}
	slices.SortFunc(all, func(x, y kv) int { return cmp.Or(y.c.n-x.c.n, x.c.seq-y.c.seq) })
	var out []string
	for _, x := range all[:min(maxSamples, len(all))] {
		out = append(out, clipRunes(x.v, maxSampleRunes))
	}
	return out
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// entityCodes returns the model codes in an entity's id, name and
// aliases: tokens of ASCII letters, digits and inner hyphens in which a
// letter comes before a digit ("AF45", "M2", "X7", "ML-101"). Measures
// ("30ml", "1.8L") have their digits first and are not codes.
func entityCodes(e *kg.Entity) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		for _, c := range Codes(s) {
			if k := strings.ToUpper(c); !seen[k] {
				seen[k] = true
				out = append(out, c)
			}
		}
	}
	add(e.Name)
	for _, a := range e.Aliases {
		add(a.Text)
	}
	add(e.ID)
	return out
}

// Codes returns the model-code tokens of s (see entityCodes).
func Codes(s string) []string {
	var out []string
	isTok := func(r rune) bool { return r < utf8.RuneSelf && (r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) }
	for i := 0; i < len(s); {
		if !isTok(rune(s[i])) || s[i] == '-' {
			i++
			continue
		}
		j := i
		for j < len(s) && isTok(rune(s[j])) {
			j++
		}
		tok := strings.TrimRight(s[i:j], "-")
		i = j
		if len(tok) < 2 || len(tok) > 24 {
			continue
		}
		letter := false
		for _, r := range tok {
			if unicode.IsLetter(r) {
				letter = true
			} else if unicode.IsDigit(r) && letter {
				out = append(out, tok)
				break
			}
		}
	}
	return out
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

func hasLetter(s string) bool {
	return strings.ContainsFunc(s, unicode.IsLetter)
}
