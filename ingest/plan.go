package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/kg"
)

type entityOp struct {
	up   kg.EntityUpsert
	hash string
	line int
}

type relationOp struct {
	up   kg.RelationUpsert
	hash string
	line int
}

// ref is an entity a source refers to without defining it.
type ref struct {
	id   string
	line int
	what string
}

// appliesRef is a name in a policy's applies_to, resolved against the graph.
type appliesRef struct {
	name string
	line int
}

// plan is what one source will write.
type plan struct {
	in      Input
	hash    string
	prev    registry.Source
	hasPrev bool
	doc     *parse.Document
	action  Action
	// reindex: the source is unchanged but the chunk index lost its
	// chunks (ChunkLoss), so all of them are indexed again.
	reindex bool

	entities  []entityOp
	relations []relationOp
	refs      []ref
	applies   []appliesRef
	eIndex    map[string]int
	rIndex    map[kg.RelationKey]int

	errs     []error
	warnings []string
	// notWritten are the records the store refused one by one (a conflict
	// with a scheduled change, say): reported as warnings, and left out
	// of the registry's hashes so the next run tries them again.
	notWritten map[string]bool
}

func (p *plan) failed() bool { return len(p.errs) > 0 }

func (p *plan) fail(err error) { p.errs = append(p.errs, err) }

func (p *plan) lineErr(line int, format string, args ...any) error {
	return &parse.LineError{File: p.in.ID, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func hashJSON(v any) string {
	b, _ := json.Marshal(v)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:12])
}

// entityHash covers what an upsert writes, not who asked for it.
func entityHash(u kg.EntityUpsert) string {
	u.Provenance = kg.Provenance{Kind: u.Provenance.Kind, Confidence: u.Provenance.Confidence}
	return hashJSON(u)
}

func relationHash(u kg.RelationUpsert) string {
	u.Provenance = kg.Provenance{Kind: u.Provenance.Kind, Confidence: u.Provenance.Confidence}
	return hashJSON(u)
}

func (p *plan) addEntity(u kg.EntityUpsert, line int) {
	if p.eIndex == nil {
		p.eIndex = map[string]int{}
	}
	if _, ok := p.eIndex[u.ID]; ok {
		return // shared entities (a category of many products) are written once
	}
	// Check it now, the way the store will, so a bad value rejects the
	// source with its line before anything is written.
	b := kg.Batch{Entities: []kg.EntityUpsert{u}}
	if err := b.Normalize(); err != nil {
		p.fail(p.lineErr(line, "%s", strings.TrimPrefix(err.Error(), kg.ErrInvalid.Error()+": ")))
		return
	}
	u = b.Entities[0]
	p.eIndex[u.ID] = len(p.entities)
	p.entities = append(p.entities, entityOp{up: u, hash: entityHash(u), line: line})
}

func (p *plan) addRelation(u kg.RelationUpsert, line int) {
	if p.rIndex == nil {
		p.rIndex = map[kg.RelationKey]int{}
	}
	k := kg.RelationKey{From: u.From, Type: u.Type, To: u.To}
	if _, ok := p.rIndex[k]; ok {
		return
	}
	b := kg.Batch{Relations: []kg.RelationUpsert{u}}
	if err := b.Normalize(); err != nil {
		p.fail(p.lineErr(line, "%s", strings.TrimPrefix(err.Error(), kg.ErrInvalid.Error()+": ")))
		return
	}
	u = b.Relations[0]
	p.rIndex[k] = len(p.relations)
	p.relations = append(p.relations, relationOp{up: u, hash: relationHash(u), line: line})
}

func (p *plan) defines(id string) bool { _, ok := p.eIndex[id]; return ok }

// Slug makes an entity id part from a name: folded like kg.NormalizeName,
// letters and digits kept, anything else a single '-'.
func Slug(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			n++
			if n >= 96 {
				break
			}
		} else {
			dash = true
		}
	}
	if b.Len() == 0 || n >= 96 {
		h := sha256.Sum256([]byte(name))
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(hex.EncodeToString(h[:4]))
	}
	return b.String()
}

// Entity ids of the entities ingest derives from products.
func categoryID(name string) string   { return "category:" + Slug(name) }
func seriesID(name string) string     { return "series:" + Slug(name) }
func ingredientID(name string) string { return "ingredient:" + Slug(name) }
func channelID(code string) string    { return "channel:" + code }

func list(items []string) kg.Attribute {
	return kg.Attribute{Kind: kg.KindList, List: items}
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// brandPrefix is the leading text most product names share ("澜肌"), so
// that each product also gets its name without it as an alias: customers
// and policy texts say "A醇紧致精华", the catalog "澜肌A醇紧致精华".
func brandPrefix(names []string) string {
	if len(names) < 3 {
		return ""
	}
	best := ""
	for n := 2; n <= 8; n++ {
		count := map[string]int{}
		for _, name := range names {
			r := []rune(name)
			if len(r) > n+2 {
				count[string(r[:n])]++
			}
		}
		found := ""
		for pre, c := range count {
			if c*5 >= len(names)*4 && (found == "" || pre < found) {
				found = pre
			}
		}
		if found == "" {
			break
		}
		best = found
	}
	return best
}

var trailingParen = []struct{ open, close string }{{"（", "）"}, {"(", ")"}}

// aliasKeys are the keys under which a catalog gives the other names of a
// product (language-level: 俗称, 别名, "aka").
var aliasKeys = map[string]bool{"俗称": true, "别名": true, "昵称": true, "又名": true, "简称": true, "外号": true,
	"alias": true, "aliases": true, "aka": true, "nickname": true, "nicknames": true, "also known as": true}

// aliasSepRE separates the names an alias value lists ("大路灯、落地护眼灯").
var aliasSepRE = regexp.MustCompile(`[、,，;；/]|\s+or\s+`)

// aliasLang is "en" for an alias in Latin letters, else "zh".
func aliasLang(s string) string {
	for _, r := range s {
		if r >= 0x80 {
			return "zh"
		}
	}
	return "en"
}

// shortNames are a product name without the brand prefix and without a
// trailing parenthesis ("（5片装）", "（双十一限定）").
func shortNames(name, brand string) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= 3 && s != name && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	bases := []string{name}
	if brand != "" && strings.HasPrefix(name, brand) {
		bases = append(bases, strings.TrimPrefix(name, brand))
	}
	for _, b := range bases {
		add(b)
		for _, p := range trailingParen {
			if strings.HasSuffix(b, p.close) {
				if i := strings.LastIndex(b, p.open); i > 0 {
					add(b[:i])
				}
			}
		}
	}
	return out
}

func (in *Ingester) provenance(src string, actor string) kg.Provenance {
	return kg.Provenance{Kind: kg.ProvSource, Source: src, Actor: actor}
}

// planGraph turns a parsed document into entity and relation upserts.
func (in *Ingester) planGraph(p *plan, actor string) {
	doc := p.doc
	prov := in.provenance(p.in.ID, actor)
	switch doc.Kind {
	case parse.KindProduct:
		in.planProducts(p, prov)
	case parse.KindPolicy:
		in.planPolicy(p, prov)
	case parse.KindFAQ:
		for _, f := range doc.FAQs {
			attrs := []kg.Attribute{
				{Key: "question", Kind: kg.KindString, Value: f.Question},
				{Key: "answer", Kind: kg.KindString, Value: f.Answer},
			}
			if len(f.Tags) > 0 {
				a := list(f.Tags)
				a.Key = "tags"
				attrs = append(attrs, a)
			}
			chs := nonNil(f.Channels)
			p.addEntity(kg.EntityUpsert{ID: f.ID, Type: "FAQ", Name: clipRunes(f.Question, kg.MaxNameLen),
				Aliases: &[]kg.Alias{}, Channels: &chs, Attributes: attrs, ReplaceAttributes: true, Provenance: prov}, f.Line)
		}
	}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return slices.Clone(xs)
}

func (in *Ingester) planProducts(p *plan, prov kg.Provenance) {
	doc := p.doc
	names := make([]string, len(doc.Products))
	for i, pr := range doc.Products {
		names[i] = pr.Name
	}
	brand := brandPrefix(names)
	for _, pr := range doc.Products {
		aliases := []kg.Alias{}
		if pr.NameEN != "" {
			aliases = append(aliases, kg.Alias{Text: pr.NameEN, Lang: "en"})
		}
		for _, s := range shortNames(pr.Name, brand) {
			aliases = append(aliases, kg.Alias{Text: s, Lang: "zh"})
		}
		var attrs []kg.Attribute
		keys := map[string]bool{}
		add := func(a kg.Attribute) {
			if !keys[a.Key] {
				keys[a.Key] = true
				attrs = append(attrs, a)
			}
		}
		if pr.PriceCNY != "" {
			add(kg.Measure(kg.Attribute{Key: "price_cny", Kind: kg.KindNumber, Value: pr.PriceCNY}))
		}
		if pr.Category != "" {
			add(kg.Attribute{Key: "category", Kind: kg.KindString, Value: pr.Category})
		}
		if pr.NameEN != "" {
			add(kg.Attribute{Key: "name_en", Kind: kg.KindString, Value: pr.NameEN})
		}
		if pr.Launched != "" {
			add(kg.Attribute{Key: "launched", Kind: kg.KindDate, Value: pr.Launched})
		}
		if pr.Discontinued != "" {
			add(kg.Attribute{Key: "discontinued", Kind: kg.KindDate, Value: pr.Discontinued})
		}
		for _, l := range []struct {
			key   string
			items []string
		}{{"ingredients", pr.Ingredients}, {"suitable_for", pr.SuitableFor}, {"not_suitable_for", pr.NotSuitableFor}} {
			if len(l.items) > 0 {
				a := list(l.items)
				a.Key = l.key
				add(a)
			}
		}
		for _, w := range pr.Warnings {
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: %s", p.in.ID, pr.Line, w))
		}
		fromSeriesAttr := false
		for _, a := range pr.Attributes {
			if keys[a.Key] && a.Path != "" && !keys[a.Path] {
				// A nested leaf named like a field of the record keeps
				// its value under its path.
				p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: %s is named like the record's field %q; loaded under key %q", p.in.ID, pr.Line, a.Path, a.Key, a.Path))
				a.Key = a.Path
			}
			if keys[a.Key] {
				p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: attribute %q repeats a field of the record; the field wins", p.in.ID, pr.Line, a.Key))
				continue
			}
			if a.Key == "系列" || strings.EqualFold(a.Key, "series") {
				fromSeriesAttr = true
			}
			// What customers also call it ("俗称": "大路灯") names it too.
			if aliasKeys[strings.ToLower(a.Key)] && a.Kind == kg.KindString {
				for _, s := range aliasSepRE.Split(a.Value, -1) {
					if s = strings.TrimSpace(s); utf8.RuneCountInString(s) >= 2 && utf8.RuneCountInString(s) <= kg.MaxNameLen && s != pr.Name && len(aliases) < kg.MaxAliases {
						aliases = append(aliases, kg.Alias{Text: s, Lang: aliasLang(s)})
					}
				}
			}
			add(a)
		}
		if pr.Series != "" && !fromSeriesAttr {
			add(kg.Attribute{Key: "series", Kind: kg.KindString, Value: pr.Series})
		}
		chs := nonNil(pr.Channels)
		p.addEntity(kg.EntityUpsert{ID: pr.ID, Type: "Product", Name: pr.Name, Aliases: &aliases, Channels: &chs,
			Attributes: attrs, ReplaceAttributes: true, Provenance: prov}, pr.Line)

		rel := func(from, typ, to string, attrs ...kg.Attribute) {
			p.addRelation(kg.RelationUpsert{From: from, Type: typ, To: to, Channels: &[]string{}, Attributes: attrs,
				ReplaceAttributes: true, Provenance: prov}, pr.Line)
		}
		named := func(id, typ, name string, aliases []kg.Alias) {
			p.addEntity(kg.EntityUpsert{ID: id, Type: typ, Name: name, Aliases: &aliases, Channels: &[]string{},
				ReplaceAttributes: true, Provenance: prov}, pr.Line)
		}
		if pr.Category != "" {
			named(categoryID(pr.Category), "Category", pr.Category, []kg.Alias{})
			rel(pr.ID, "IN_CATEGORY", categoryID(pr.Category))
		}
		if pr.Series != "" {
			named(seriesID(pr.Series), "Series", pr.Series, []kg.Alias{})
			rel(pr.ID, "IN_SERIES", seriesID(pr.Series))
		}
		for i, ing := range pr.Ingredients {
			named(ingredientID(ing), "Ingredient", clipRunes(ing, kg.MaxNameLen), []kg.Alias{})
			rel(pr.ID, "CONTAINS_INGREDIENT", ingredientID(ing),
				kg.Attribute{Key: "rank", Kind: kg.KindNumber, Value: fmt.Sprint(i + 1)})
		}
		for _, ch := range pr.Channels {
			in.planChannel(p, ch, prov, pr.Line)
			rel(pr.ID, "AVAILABLE_ON", channelID(ch))
		}
		for _, v := range pr.Variants {
			in.planVariant(p, pr, v, prov)
		}
		for _, r := range pr.Related {
			switch r.Type {
			case "refill_of":
				rel(pr.ID, "REFILL_OF", r.ID)
			case "set_contains":
				// The member is part of the set: member -[PART_OF_SET]-> set.
				rel(r.ID, "PART_OF_SET", pr.ID)
			case "compatible_with":
				rel(pr.ID, "COMPATIBLE_WITH", r.ID)
			case "replaces":
				rel(pr.ID, "REPLACES", r.ID)
			}
			p.refs = append(p.refs, ref{id: r.ID, line: pr.Line, what: r.Type})
		}
	}
	// References inside the file are not references to the outside.
	p.refs = slices.DeleteFunc(p.refs, func(r ref) bool { return p.defines(r.id) })
}

// planChannel plans the Channel entity of a code: named by the channel
// table (kg.ChannelName), or by its code when the table does not name it.
func (in *Ingester) planChannel(p *plan, code string, prov kg.Provenance, line int) {
	name, en := kg.ChannelName(code, "zh"), kg.ChannelName(code, "en")
	aliases := []kg.Alias{}
	if name != code || en != code {
		aliases = append(aliases, kg.Alias{Text: en, Lang: "en"}, kg.Alias{Text: code})
	}
	p.addEntity(kg.EntityUpsert{ID: channelID(code), Type: "Channel", Name: name, Aliases: &aliases, Channels: &[]string{},
		ReplaceAttributes: true, Provenance: prov}, line)
}

// planVariant plans a product's variant (one object of its list of
// objects): a Variant entity with the product's channels unless it lists
// its own, and variant -[VARIANT_OF]-> product.
func (in *Ingester) planVariant(p *plan, pr parse.Product, v parse.Variant, prov kg.Provenance) {
	aliases := []kg.Alias{}
	if v.NameEN != "" {
		aliases = append(aliases, kg.Alias{Text: v.NameEN, Lang: "en"})
	}
	chs := nonNil(pr.Channels)
	if v.Channels != nil {
		chs = nonNil(v.Channels)
		for _, ch := range v.Channels {
			in.planChannel(p, ch, prov, pr.Line)
		}
	}
	p.addEntity(kg.EntityUpsert{ID: v.ID, Type: "Variant", Name: v.Name, Aliases: &aliases, Channels: &chs,
		Attributes: v.Attributes, ReplaceAttributes: true, Provenance: prov}, pr.Line)
	p.addRelation(kg.RelationUpsert{From: v.ID, Type: "VARIANT_OF", To: pr.ID, Channels: &[]string{},
		ReplaceAttributes: true, Provenance: prov}, pr.Line)
}

func (in *Ingester) planPolicy(p *plan, prov kg.Provenance) {
	pol := p.doc.Policy
	var attrs []kg.Attribute
	if pol.EffectiveFrom != "" {
		attrs = append(attrs, kg.Attribute{Key: "effective_from", Kind: kg.KindDate, Value: pol.EffectiveFrom})
	}
	if pol.EffectiveTo != "" {
		attrs = append(attrs, kg.Attribute{Key: "effective_to", Kind: kg.KindDate, Value: pol.EffectiveTo})
	}
	if pol.AppliesTo == nil {
		attrs = append(attrs, kg.Attribute{Key: "applies_to", Kind: kg.KindString, Value: "all"})
	} else {
		a := list(pol.AppliesTo)
		a.Key = "applies_to"
		attrs = append(attrs, a)
	}
	// The body goes into the graph too when it fits an attribute, so an
	// approved correction of the policy text changes the graph and the
	// chunks can be rebuilt from it.
	if body := strings.TrimSpace(pol.Body); body != "" && utf8.RuneCountInString(body) <= kg.MaxValueLen {
		attrs = append(attrs, kg.Attribute{Key: "text", Kind: kg.KindString, Value: body})
	}
	chs := nonNil(pol.Channels)
	p.addEntity(kg.EntityUpsert{ID: pol.ID, Type: "Policy", Name: pol.Title, Aliases: &[]kg.Alias{}, Channels: &chs,
		Attributes: attrs, ReplaceAttributes: true, Provenance: prov}, 1)
	line := func(k string) int {
		if l, ok := pol.Lines[k]; ok {
			return l
		}
		return 1
	}
	for _, s := range pol.Supersedes {
		p.addRelation(kg.RelationUpsert{From: pol.ID, Type: "SUPERSEDES", To: s, Channels: &[]string{},
			ReplaceAttributes: true, Provenance: prov}, line("supersedes"))
		p.refs = append(p.refs, ref{id: s, line: line("supersedes"), what: "supersedes"})
	}
	for _, a := range pol.AppliesTo {
		p.applies = append(p.applies, appliesRef{name: a, line: line("applies_to")})
	}
}

func sortStrings(xs []string) { sort.Strings(xs) }
