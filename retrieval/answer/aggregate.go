package answer

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
)

// Questions over the catalog ("300以内适合敏感肌的精华有哪些", "两款眼霜哪个便宜",
// "最轻的推车是哪款", "最贵的是哪个") are answered from the graph: the products of
// the category or series the question names (found in the lexicon), or all
// products, filtered by the question's numeric conditions on any numeric
// attribute and by values it names, ranked by the attribute a superlative
// asks, valid and on sale at the as-of date.

// catalog reports whether the question ranges over products.
func (t *turn) catalog() bool {
	switch t.plan.Operation {
	case "rank", "filter", "list", "compare":
		return true
	}
	return false
}

// groupLookup reports whether the question asks an attribute of a
// category or series it names without naming a product ("奶粉是哪里的奶源",
// "湿巾多少钱一包"): its members answer, each with the attribute.
func (t *turn) groupLookup() bool {
	if t.plan.Operation != "lookup" || !t.asksAnything() ||
		t.linksSold() {
		return false
	}
	gid, _ := t.findGroup()
	return gid != ""
}

// namedByModifier reports whether the question says a category's name
// only by words before its head ("打印机" of 打印机配件, "打印" of 打印平台)
// where it says another category's head as long (FDM 3D打印机 ends with
// 打印机): the question names that one (Chinese puts the head last).
func (t *turn) namedByModifier(id, name string) bool {
	if t.lex == nil {
		return false
	}
	n := fold(name)
	run := commonSpan([]rune(n), []rune(t.nq))
	// (A name whose every character the question says is said, though
	// apart: "冷萃液…咖啡因" of 冷萃咖啡.)
	if runeLen(run) < 2 || strings.HasSuffix(n, run) || !strings.ContainsFunc(n, func(r rune) bool { return !strings.ContainsRune(t.nq, r) }) {
		return false
	}
	return slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
		o := []rune(fold(g.Name))
		return g.Type == "Category" && g.ID != id && len(o) >= runeLen(run) && strings.Contains(t.nq, string(o[len(o)-runeLen(run):]))
	})
}

// findGroup is the category or series the question names: a linked one,
// a trainer's synonym, or a group name the question writes whole or by
// its head (the end of a Chinese compound: "推车" names "婴儿推车").
//
// It is worked out once per question, on first use (after linking has
// settled which categories the question names).
func (t *turn) findGroup() (id, why string) {
	if !t.group.done {
		t.group.id, t.group.why = t.lookupGroup()
		t.group.done = true
	}
	return t.group.id, t.group.why
}

func (t *turn) lookupGroup() (id, why string) {
	for _, l := range t.links {
		if (l.Type == "Category" || l.Type == "Series") && !t.namedByModifier(l.ID, l.Name) {
			return l.ID, "linked " + l.Type
		}
	}
	if t.lex == nil {
		return "", ""
	}
	for _, s := range t.lex.Synonyms {
		if s.Kind == kg.SynGroup && containsWord(t.nq, fold(s.Term)) {
			for _, g := range t.lex.Groups {
				if g.ID == s.Target || g.Name == s.Target {
					return g.ID, "trainer synonym " + s.Term
				}
			}
		}
	}
	best, bestLen := "", 0
	q := []rune(t.nq)
	words := contentTerms(t.nq)
	for _, g := range t.lex.Groups {
		n := []rune(fold(g.Name))
		for k := len(n); k >= 2; k-- {
			head := string(n[len(n)-k:])
			// The question's kind of that head, which the group's name
			// spells in order ("墨仓打印机" of 墨仓式喷墨打印机; Chinese
			// puts the kind before its head), names it by more.
			if k < len(n) {
				if u := kindSpelled(t.nq, head, string(n[:len(n)-k])); u != "" {
					if runeLen(u) > bestLen {
						best, bestLen, t.group.kind = g.ID, runeLen(u), u
					}
					break
				}
			}
			// A group's head inside a longer word of the question names
			// something else ("营养" of 营养师 is no 运动营养).
			if k < len(n) && slices.ContainsFunc(words, func(u string) bool { return runeLen(u) > k && strings.Contains(u, head) }) {
				continue
			}
			// So does its whole name inside a longer word it does not end
			// ("服务" of 服务费, a fee).
			if k == len(n) && t.insideWordOnly(head) {
				continue
			}
			if strings.Contains(t.nq, head) {
				if t.modifiesUnknownNoun(head) {
					break
				}
				if k > bestLen {
					best, bestLen, t.group.kind = g.ID, k, ""
				}
				break
			}
		}
		// A name said by its first and last characters ("有哪些猫粮" for
		// "猫主粮"), the way Chinese shortens a word: for a question over
		// the catalog (a product's own words are read first otherwise).
		if len(n) == 3 && bestLen < 2 && t.catalog() && strings.Contains(t.nq, string([]rune{n[0], n[2]})) {
			best, bestLen = g.ID, 2
		}
		// A typo in the last character ("纸尿库" for "纸尿裤").
		if len(n) >= 3 && bestLen < len(n)-1 {
			head := string(n[:len(n)-1])
			for i := strings.Index(t.nq, head); i >= 0; {
				j := len([]rune(t.nq[:i])) + len(n) - 1
				if j < len(q) && unicode.Is(unicode.Han, q[j]) {
					best, bestLen = g.ID, len(n)-1
				}
				break
			}
		}
	}
	if best != "" {
		return best, "group name (or its head) in the question"
	}
	// A list's or ranking's lone character that ends exactly one category's
	// name names that category ("在卖的锁都有哪些": 智能门锁); the stem of a
	// word names the categories ending with it ("椅子": 办公椅, 电竞椅), which
	// catalogFacts takes together. (A comparison names its products:
	// "1.60跟1.67的片".)
	if op := t.plan.Operation; op == "list" || op == "rank" {
		for _, w := range t.headChars() {
			var hit []string
			for _, g := range t.lex.Groups {
				if g.Type == "Category" && strings.HasSuffix(fold(g.Name), w) && runeLen(g.Name) > 1 {
					hit = append(hit, g.ID)
				}
			}
			if len(hit) == 1 || len(hit) > 1 && !t.loneChar(w) {
				return hit[0], "the category whose name ends with the question's " + w
			}
		}
	}
	// A list over a series named by what its name says before 系列 ("宝宝
	// 能戴的首饰有哪些": 宝宝系列), the longest such word.
	if t.plan.Operation == "list" {
		for _, g := range t.lex.Groups {
			stem, ok := strings.CutSuffix(fold(g.Name), "系列")
			// (Not the end of a longer word that ends products' names:
			// "车载支架" of …车载支架 beside 支架系列.)
			if t.idx != nil && ok && runeLen(stem) >= 2 {
				if run, ids := t.headRun(stem); len(ids) >= 2 && run != stem {
					continue
				}
			}
			if ok && g.Type == "Series" && runeLen(stem) >= 2 && runeLen(stem) > bestLen && strings.Contains(t.nq, stem) {
				best, bestLen = g.ID, runeLen(stem)
			}
		}
		if best != "" {
			return best, "the word its series' name says before 系列 in the question"
		}
	}
	if t.lang == "en" {
		if id, w := t.englishGroup(); id != "" {
			return id, "the English word " + w + " its members' English names share"
		}
	}
	return "", ""
}

// kindSpelled is the run of the question's characters that ends with
// head and whose characters before it the group's modifier spells in
// order, two or more of them ("墨仓打印机": 墨仓 of 墨仓式喷墨 before
// 打印机), or "" where there is none.
func kindSpelled(nq, head, modifier string) string {
	for i := strings.Index(nq, head); i >= 0; {
		before := []rune(nq[:i])
		m, n := modifier, 0
		for j := len(before) - 1; j >= 0 && unicode.Is(unicode.Han, before[j]); j-- {
			k := strings.LastIndex(m, string(before[j]))
			if k < 0 {
				break
			}
			m, n = m[:k], n+1
		}
		if n >= 2 {
			return string(before[len(before)-n:]) + head
		}
		next := strings.Index(nq[i+len(head):], head)
		if next < 0 {
			break
		}
		i += len(head) + next
	}
	return ""
}

// inOrder reports whether every character of s is in t, in s's order.
func inOrder(s, t string) bool {
	for _, r := range s {
		i := strings.IndexRune(t, r)
		if i < 0 {
			return false
		}
		t = t[i+utf8.RuneLen(r):]
	}
	return true
}

// modifiesUnknownNoun reports whether a list's word is said only before
// another noun (by the dictionary's part of speech: "直营服务的城市有哪些",
// 服务 of 城市; "套餐出国用不了" is a verb) that no key, group or
// name of the knowledge says: what is listed is that noun, of which the
// word says only the kind (Chinese puts the head last).
func (t *turn) modifiesUnknownNoun(w string) bool {
	segOnce.Do(loadSegmenter)
	if t.plan.Operation != "list" || t.lex == nil || seg == nil {
		return false
	}
	i := strings.LastIndex(t.nq, w)
	rest := strings.TrimPrefix(t.nq[i+len(w):], "的")
	segs := seg.Cut(rest)
	if len(segs) == 0 {
		return false
	}
	n := segs[0]
	if runeLen(n) < 2 || !strings.HasPrefix(seg.Pos(n), "n") || !slices.Contains(contentTerms(rest), n) {
		return false
	}
	known := func(s string) bool { return strings.Contains(fold(s), n) }
	return !slices.ContainsFunc(t.lex.Attributes, func(a kg.LexAttribute) bool { return known(a.Key) }) &&
		!slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool { return known(g.Name) }) &&
		!slices.ContainsFunc(t.lex.Entities, func(e kg.LexEntity) bool { return known(e.Name) })
}

// headChars are the single characters that may name a category's head:
// a lone character of the question that is no word of grammar ("锁"), and
// the stem of a word with a noun suffix ("椅" of 椅子).
func (t *turn) headChars() []string {
	var out []string
	for _, w := range t.segments() {
		r := []rune(w)
		switch {
		case len(r) == 1 && unicode.Is(unicode.Han, r[0]) && !strings.ContainsRune(loneChars, r[0]):
			out = appendUnique(out, w)
		case len(r) == 2 && unicode.Is(unicode.Han, r[0]) && strings.ContainsRune(nounSuffixes, r[1]):
			out = appendUnique(out, string(r[0]))
		}
	}
	return out
}

// loneChar reports whether w stands alone in the question (not as the
// stem of a longer word).
func (t *turn) loneChar(w string) bool {
	return slices.Contains(t.segments(), w)
}

// segments are the question's words as the segmenter cuts it, cut once.
func (t *turn) segments() []string {
	if t.cut == nil {
		segOnce.Do(loadSegmenter)
		t.cut = []string{}
		if seg != nil {
			t.cut = seg.Cut(t.nq)
		}
	}
	return t.cut
}

// englishGroup finds the category an English question names by the word
// its members' English names share ("stroller" of "LiteTrip Stroller 2" and
// "High-View Stroller", whose Chinese names end in 推车 of 婴儿推车). Words
// most English names carry (the brand) name no category.
func (t *turn) englishGroup() (string, string) {
	if len(t.lex.Words) == 0 {
		return "", ""
	}
	df := map[string]int{}
	for _, w := range t.lex.Words {
		for _, u := range uniqueWords(w.Text) {
			df[u]++
		}
	}
	q := uniqueWords(t.nq)
	best, bestWord, bestN := "", "", 0
	for _, g := range t.lex.Groups {
		n := []rune(fold(g.Name))
		if len(n) < 2 {
			continue
		}
		head := string(n[max(0, len(n)-2):])
		if len(n) == 2 && strings.ContainsRune("子头儿", n[1]) {
			head = string(n[0]) // 枕头, 被子: the names say 枕, 被 ("乳胶枕")
		}
		counts := map[string]int{}
		members := 0
		for _, w := range t.lex.Words {
			if w.ZH == "" || !strings.Contains(fold(w.ZH), head) {
				continue
			}
			members++
			for _, u := range uniqueWords(w.Text) {
				counts[u]++
			}
		}
		for _, u := range q {
			c := counts[u]
			if len(u) < 3 || c == 0 || c*2 < members || df[u]*2 > len(t.lex.Words) {
				continue
			}
			if c > bestN {
				best, bestWord, bestN = g.ID, u, c
			}
		}
	}
	return best, bestWord
}

// uniqueWords are the lower-case Latin words of s, each once, singular
// where a plural "s" ends them.
func uniqueWords(s string) []string {
	var out []string
	for _, u := range textUnits(s) {
		if !IsASCII(u) || stopWords[u] {
			continue
		}
		u = strings.TrimSuffix(u, "s")
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// catalogFacts gathers the products the question ranges over and renders
// each as a fact with what the question asks.
func (e *Engine) catalogFacts(ctx context.Context, t *turn) ([]piece, error) {
	req := t.req
	var members []kg.Entity
	gid, why := t.findGroup()
	listed, lkey := t.listedWords(), t.listedKey()
	linkedProducts := 0
	for _, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			linkedProducts++
		}
	}
	if gid != "" && linkedProducts > 0 && !strings.HasPrefix(why, "linked") && t.plan.Operation != "rank" && t.plan.Operation != "filter" && t.plan.Operation != "compare" {
		return nil, nil // "1段奶粉…各多少钱": the named product, not its whole category
	}
	if gid != "" {
		t.plan.Group = gid
		g, err := e.entity(ctx, req, gid)
		if err != nil {
			return nil, nil
		}
		rel := "IN_CATEGORY"
		if g.Type == "Series" {
			rel = "IN_SERIES"
		}
		t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: g.ID, Name: g.Name, Score: 1, Why: why})
		// The kinds of what the question names are members too: the
		// categories whose names end with the end of the category's name
		// the question says (智能马桶 of 马桶, 磁轴键盘 beside 机械键盘 for
		// "键盘"; Chinese puts the head last).
		groups := []string{g.ID}
		head := ""
		if g.Type == "Category" && t.lex != nil {
			n := []rune(fold(g.Name))
			for k := len(n); k >= 2 && head == ""; k-- {
				if h := string(n[len(n)-k:]); strings.Contains(t.nq, h) {
					head = h
				}
			}
			if h := string(n[len(n)-1:]); head == "" && slices.Contains(t.headChars(), h) {
				head = h
			}
			// (Said as a kind of the head, "墨仓打印机", only the categories
			// that spell that kind: not 激光打印机.)
			kind := t.group.kind
			for _, o := range t.lex.Groups {
				if head != "" && o.Type == "Category" && o.ID != g.ID && strings.HasSuffix(fold(o.Name), head) && !strings.Contains(t.nq, fold(o.Name)) && (kind == "" || spellsKind(kind, fold(o.Name))) {
					groups = append(groups, o.ID)
				}
			}
			// "办公椅电竞椅学习椅那种": every category the question names.
			for _, l := range t.links {
				if l.Type == "Category" && !slices.Contains(groups, l.ID) && !t.namedByModifier(l.ID, l.Name) {
					groups = append(groups, l.ID)
				}
			}
		}
		for _, gid := range groups {
			ns, err := e.Store.Neighbours(ctx, req.KB, gid, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{rel}, Direction: kg.In, Limit: kg.MaxPage})
			if err != nil {
				return nil, err
			}
			for _, n := range ns {
				if n.Entity.Type == "Product" && !slices.ContainsFunc(members, func(m kg.Entity) bool { return m.ID == n.Entity.ID }) {
					members = append(members, n.Entity)
				}
			}
		}
		// A product of another category whose own name ends with that
		// head is of the kind asked too ("容量最大的电源": …家庭储能电源 of
		// 家庭储能, beside 户外电源).
		if runeLen(head) >= 2 && t.plan.Operation == "rank" {
			for _, le := range t.lex.Entities {
				if le.Type != "Product" || !strings.HasSuffix(fold(le.Name), head) || slices.ContainsFunc(members, func(m kg.Entity) bool { return m.ID == le.ID }) {
					continue
				}
				if ent, err := e.entity(ctx, req, le.ID); err == nil && ent.Type == "Product" {
					members = append(members, ent)
				}
			}
		}
		// A product of another category whose name spells the kind the
		// question says, as its head (but for a model code after it), is
		// of that kind (六色墨仓照片打印机P6 for "墨仓打印机"; not 墨仓打印机
		// 维护箱, a 维护箱).
		if kind := t.group.kind; kind != "" && t.idx != nil {
			for _, le := range t.lex.Entities {
				if le.Type != "Product" || !spellsKind(kind, strings.TrimRightFunc(fold(le.Name), func(c rune) bool { return !unicode.Is(unicode.Han, c) })) || slices.ContainsFunc(members, func(m kg.Entity) bool { return m.ID == le.ID }) {
					continue
				}
				if ent, err := e.entity(ctx, req, le.ID); err == nil && ent.Type == "Product" {
					members = append(members, ent)
				}
			}
		}
		// "哪几样是低因的": a series named for a property (低因系列) the
		// question asks of its products lists every product whose name
		// says it (低因胶囊咖啡 of another series too).
		if w := strings.TrimSuffix(fold(g.Name), "系列"); g.Type == "Series" && t.plan.Operation == "list" && w != fold(g.Name) && runeLen(w) >= 2 && strings.Contains(t.nq, w) && t.idx != nil {
			for _, p := range t.idx.products {
				if strings.Contains(p.joined, w) && !slices.ContainsFunc(members, func(m kg.Entity) bool { return m.ID == p.id }) {
					if ent, err := e.entity(ctx, req, p.id); err == nil && ent.Type == "Product" {
						members = append(members, ent)
					}
				}
			}
		}
	} else if w, ids := t.kindMembers(); len(ids) > 0 {
		t.plan.Filters = append(t.plan.Filters, kg.PlanFilter{Attribute: "name", Op: "ends", Value: w, Why: "the kind the question lists, which no category names"})
		for _, id := range ids {
			if ent, err := e.entity(ctx, req, id); err == nil && ent.Type == "Product" {
				members = append(members, ent)
			}
		}
	} else {
		if linkedProducts >= 2 || (t.plan.Operation == "compare" && linkedProducts > 0) {
			return nil, nil // the linked products answer it
		}
		if t.plan.Operation != "rank" && t.u.cond == nil && len(listed) == 0 && lkey == "" {
			return nil, nil // "有哪些" with nothing to range over: the text answers
		}
		after := ""
		for range 50 {
			p, err := e.Store.Entities(ctx, req.KB, kg.EntityQuery{Type: "Product", First: kg.MaxPage, After: after})
			if err != nil {
				return nil, err
			}
			for _, ent := range p.Entities {
				if v, err := e.entity(ctx, req, ent.ID); err == nil {
					members = append(members, v)
				}
			}
			if !p.HasNext {
				break
			}
			after = p.EndCursor
		}
	}
	// On sale at the as-of date and on the channel (on any, when the
	// question asks where they are sold: "天猫能下单定制衣柜吗").
	var keep []kg.Entity
	for _, m := range members {
		if m.Status == kg.StatusActive && onSale(&m, req.AsOf) && (m.OnChannel(req.Channel) || t.asksChannels()) {
			keep = append(keep, m)
		}
	}
	shown := map[string]bool{}
	// "哪些东西含虾": of all products, those whose name or values say
	// every word the list clause adds; the text answers when none or all do.
	// "带雪山标的胎有哪几款": those that state the key the question says,
	// and not as its absence.
	if k := lkey; k != "" {
		absent := t.saysAbsence(fold(k))
		var hit []kg.Entity
		for i := range keep {
			if a, ok := keep[i].Attr(k); ok && absenceRE.MatchString(a.Text()) == absent {
				hit = append(hit, keep[i])
			}
		}
		if len(hit) > 0 && len(hit) < len(keep) {
			t.plan.Filters = append(t.plan.Filters, kg.PlanFilter{Attribute: k, Op: "states", Value: fmt.Sprint(!absent), Why: "the key the list question says"})
			keep, listed = hit, nil
			shown[k] = true
		}
	}
	if gid == "" && t.plan.Operation == "list" && t.u.cond == nil && len(listed) > 0 {
		said := func(m *kg.Entity, w string) (string, bool) {
			if strings.Contains(fold(m.Name), w) {
				return "", true
			}
			for _, a := range m.Attributes {
				if !internalKeys[a.Key] && strings.Contains(fold(a.Text()), w) {
					return a.Key, true
				}
			}
			return "", false
		}
		var hit []kg.Entity
		for i := range keep {
			if !slices.ContainsFunc(listed, func(w string) bool { _, ok := said(&keep[i], w); return !ok }) {
				hit = append(hit, keep[i])
			}
		}
		if len(hit) == 0 || len(hit) == len(keep) {
			return nil, nil
		}
		t.plan.Filters = append(t.plan.Filters, kg.PlanFilter{Attribute: "*", Op: "has", Value: strings.Join(listed, " "), Why: "the words the list question adds"})
		for i := range hit {
			for _, w := range listed {
				if k, _ := said(&hit[i], w); k != "" {
					shown[k] = true
				}
			}
		}
		keep = hit
	}
	if c := t.u.cond; c != nil {
		key := t.condKey(keep, c)
		if key != "" {
			t.plan.Filters = append(t.plan.Filters, kg.PlanFilter{Attribute: key, Op: c.op, Value: c.text, Num: c.num, Unit: c.unit,
				Why: "numeric condition in the question"})
			keep = slices.DeleteFunc(keep, func(m kg.Entity) bool {
				a, ok := m.Attr(key)
				if !ok || a.Num == nil {
					return true
				}
				v, num := *a.Num, c.num
				if a.Max != nil && c.op == "<=" {
					v = *a.Max
				}
				// "500克以下" of values in kg: both in one unit.
				if su, sc := unitScale(a.Unit), unitScale(c.unit); su != 1 && sc != 1 {
					v, num = v*su, num*sc
				}
				if c.op == ">=" {
					return v < num
				}
				return v > num
			})
			shown[key] = true
		}
	}
	// Values the question names ("敏感肌") that some members' lists hold.
	if vf := t.valueFilter(keep); vf != nil {
		t.plan.Filters = append(t.plan.Filters, *vf)
		keep = slices.DeleteFunc(keep, func(m kg.Entity) bool {
			a, ok := m.Attr(vf.Attribute)
			return !ok || !strings.Contains(fold(a.Text()), fold(vf.Value))
		})
		shown[vf.Attribute] = true
	}
	topVariant := map[string]kg.Entity{}
	if t.plan.Operation == "rank" && len(keep) > 1 {
		key := t.rankKey(keep)
		if key != "" {
			t.plan.Rank = &kg.PlanRank{Attribute: key, Desc: t.u.superDir > 0, Why: "superlative " + t.u.superW}
			// A product sold in variants costs up to its dearest one (its
			// price is the cheapest's): "最贵的" is ranked by that, and the
			// variant answers.
			type variantPrice struct {
				v     kg.Entity
				price float64
			}
			dearest := map[string]variantPrice{}
			if key == "price_cny" && t.u.superDir > 0 {
				for i := range keep {
					vs, err := e.activeVariants(ctx, t, &keep[i])
					if err != nil {
						return nil, err
					}
					for _, v := range vs {
						if a, ok := v.Attr(key); ok && a.Num != nil && *a.Num > dearest[keep[i].ID].price {
							dearest[keep[i].ID] = variantPrice{v, *a.Num}
						}
					}
				}
			}
			value := func(m *kg.Entity) (float64, bool) {
				a, ok := m.Attr(key)
				if !ok || a.Num == nil {
					return 0, false
				}
				// "12个月" is longer than "120天": values in one unit.
				v := *a.Num * unitScale(a.Unit)
				if d, ok := dearest[m.ID]; ok {
					v = max(v, d.price)
				}
				return v, true
			}
			best := -1
			for i := range keep {
				av, ok := value(&keep[i])
				if !ok {
					continue
				}
				if best < 0 {
					best = i
					continue
				}
				bv, _ := value(&keep[best])
				if (t.u.superDir > 0 && av > bv) || (t.u.superDir < 0 && av < bv) {
					best = i
				}
			}
			if best >= 0 {
				if d, ok := dearest[keep[best].ID]; ok {
					if pa, _ := keep[best].Attr(key); d.price > *pa.Num {
						topVariant[keep[best].ID] = d.v
					}
				}
				keep = []kg.Entity{keep[best]}
				shown[key] = true
			}
		}
	}
	if len(keep) > 12 {
		keep = keep[:12]
	}
	var out []piece
	for i := range keep {
		m := &keep[i]
		var parts, partKeys []string
		for _, p := range t.attrsFor(m) {
			shown[p.attr.Key] = true
		}
		for _, a := range m.Attributes {
			if shown[a.Key] {
				parts = append(parts, t.factText(m, a))
				partKeys = append(partKeys, a.Key)
			}
		}
		// "抖音能买三角钢琴吗": where each is sold.
		if t.asksChannels() && len(m.Channels) > 0 {
			parts = append(parts, channelsText(m, t.lang))
		}
		// "有什么区别": what tells them apart; a comparison of what the
		// question asks shows only that.
		if t.plan.Operation == "compare" && len(keep) <= 3 && !t.asksAnything() {
			ks := append([]string{"price_cny"}, distinguishing(keep)...)
			for _, k := range ks {
				if a, ok := m.Attr(k); ok && !shown[k] {
					parts = append(parts, t.factText(m, a))
				}
			}
		}
		// "两款拉拉裤XL码": the variants the question names stand for their product.
		vs, err := e.namedVariants(ctx, t, m)
		if v, ok := topVariant[m.ID]; ok && err == nil && len(vs) == 0 {
			vs = []kg.Entity{v} // the dearest variant of the dearest product
		}
		// "有哪些码": the variants are the answer, unless the product's own
		// attributes answer what is asked ("分别是哪年的", "各多大"). What
		// each variant states itself ("有几种 各多少钱") is answered by them.
		if err == nil && len(vs) == 0 && t.plan.Operation == "list" && len(keep) <= 3 && t.asksAnything() {
			all, verr := e.variants(ctx, t, m)
			if verr != nil {
				return nil, verr
			}
			if len(parts) == 0 || variantsState(all, partKeys) {
				vs = all
			}
		}
		if err != nil {
			return nil, err
		} else if len(vs) > 0 {
			for i := range vs {
				out = append(out, variantRow(&vs[i], t.lang, 1))
			}
			continue
		}
		if len(parts) == 0 {
			// "便携充电器…收到20天了 能换新的吗": a rule is asked of the
			// kind, and its members' names alone say nothing of it.
			if policyIntents[t.sig.Intent] && t.plan.Operation == "lookup" {
				continue
			}
			parts = append(parts, displayName(m, t.lang))
		}
		sep := "；"
		if t.lang == "en" {
			sep = "; "
		}
		out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: m.ID, EntityID: m.ID, Version: m.Version, Text: strings.Join(parts, sep)},
			attr: "@catalog", relevance: 1, why: "a member of the catalog question's set"})
	}
	return out, nil
}

// kindMembers are the products of a kind a list or ranking names where
// no category does: those whose names end with the question's word ("有
// 哪些面霜": …保湿面霜), or, where none does, with its last character,
// the head of a Chinese compound ("菜刀": 中片刀, 斩骨刀; "头盔": 全盔,
// 揭面盔, 半盔); not by the last character of a word a key holds ("颜色").
// The kind has two members at least.
func (t *turn) kindMembers() (string, []string) {
	if op := t.plan.Operation; op != "list" && op != "rank" || t.idx == nil || t.lex == nil {
		return "", nil
	}
	for _, w := range t.kindWords() {
		r := []rune(w)
		if len(r) < 2 || slices.ContainsFunc(r, func(c rune) bool { return !unicode.Is(unicode.Han, c) }) || isIntentWord(w) || strings.ContainsRune(loneChars, r[len(r)-1]) {
			continue
		}
		ends := []string{w}
		if !slices.ContainsFunc(t.lex.Attributes, func(a kg.LexAttribute) bool { return strings.Contains(fold(a.Key), w) }) {
			ends = append(ends, string(r[len(r)-1]))
		}
		for _, end := range ends {
			if run, ids := t.headRun(end); len(ids) >= 2 {
				if runeLen(run) < len(r) {
					run = w // the kind as the question says it ("菜刀" of …刀)
				}
				return run, ids
			} else if len(ids) > 0 {
				break // the word itself ends a name: no broader kind
			}
		}
	}
	return "", nil
}

// kindWords are the question's content words; one said after the list
// word comes after the compound it makes with a lone character the
// segmenter cut from its end, a noun ("哪几种团购券": 团购 and 券), which
// names the kind by that character.
func (t *turn) kindWords() []string {
	var out []string
	from := len(t.nq)
	if loc := listWordRE.FindStringIndex(t.nq); loc != nil {
		from = loc[1]
	}
	for _, w := range contentTerms(t.nq) {
		for _, i := range indexesOf(t.nq, w) {
			c, _ := utf8.DecodeRuneInString(t.nq[i+len(w):])
			if i >= from && unicode.Is(unicode.Han, c) && !strings.ContainsRune(loneChars, c) && t.loneChar(string(c)) && posIs(string(c), "n") {
				out = appendUnique(out, w+string(c))
				break
			}
		}
		out = appendUnique(out, w)
	}
	return out
}

// headRun is the longest run of the question ending with end that ends
// two or more products' names ("车载支架" of …车载支架（出风口款）, …无线充
// 车载支架), with those products; end itself, and the products it ends,
// where fewer do (none where the question does not say it).
func (t *turn) headRun(end string) (string, []string) {
	ending := func(w string) []string {
		var ids []string
		for _, p := range t.idx.products {
			if strings.HasSuffix(p.head, w) {
				ids = append(ids, p.id)
			}
		}
		return ids
	}
	i := strings.Index(t.nq, end)
	if i < 0 {
		return end, nil
	}
	run, ids := end, ending(end)
	if len(ids) < 2 {
		return run, ids
	}
	before := []rune(t.nq[:i])
	for k := len(before) - 1; k >= 0 && unicode.Is(unicode.Han, before[k]); k-- {
		longer := string(before[k:]) + end
		more := ending(longer)
		if len(more) < 2 {
			break
		}
		run, ids = longer, more
	}
	return run, ids
}

// listedKey is the attribute key a list question says of what it lists
// ("带雪山标的胎有哪几款", "哪些漆可以电脑调色"), the longest a product states:
// not one it asks the values of ("有哪些颜色", "颜色有哪几种").
func (t *turn) listedKey() string {
	if t.plan.Operation != "list" || t.lex == nil {
		return ""
	}
	// (The group's own name says which members, not a key of theirs:
	// "羽毛" of 羽毛球.)
	gid, _ := t.findGroup()
	group := ""
	for _, g := range t.lex.Groups {
		if g.ID == gid {
			group = fold(g.Name)
		}
	}
	best := ""
	for _, a := range t.lex.Attributes {
		k := fold(a.Key)
		if group != "" && strings.Contains(group, k) {
			continue
		}
		if internalKeys[a.Key] || a.Key == "price_cny" || a.Count < 2 || runeLen(k) < 2 || runeLen(k) <= runeLen(best) || IsASCII(k) && runeLen(k) < 3 ||
			!slices.Contains(a.EntityTypes, "Product") {
			continue
		}
		i := strings.Index(t.nq, k)
		if i < 0 || IsASCII(k) && !containsWord(t.nq, k) {
			continue
		}
		before, after := t.nq[:i], strings.TrimPrefix(t.nq[i+len(k):], "有")
		if m := listWordRE.FindStringIndex(before); m != nil && m[1] == len(before) || listWordRE.FindStringIndex(after) != nil && listWordRE.FindStringIndex(after)[0] == 0 {
			continue
		}
		best = a.Key
	}
	return best
}

// absenceRE is a value that states its key's absence ("不支持", "无",
// "否"): language-level.
var absenceRE = regexp.MustCompile(`^\s*(不|无|否|没有|非|未|×|✗|n/?a\b|no\b|none\b)`)

// saysAbsence reports whether the question asks for a key's absence
// right before it ("哪些不支持MEMC", "没有雪山标的").
func (t *turn) saysAbsence(k string) bool {
	i := strings.Index(t.nq, k)
	r := []rune(t.nq[:i])
	r = r[max(0, len(r)-3):]
	return strings.ContainsAny(string(r), "不没无")
}

// variantsState reports whether every one of several variants states
// each of keys.
func variantsState(vs []kg.Entity, keys []string) bool {
	if len(vs) < 2 {
		return false
	}
	for i := range vs {
		for _, k := range keys {
			if _, ok := vs[i].Attr(k); !ok {
				return false
			}
		}
	}
	return true
}

// listWordRE is where a list question's clause asks its list: what
// follows it says which members.
var listWordRE = regexp.MustCompile(`哪些|哪几(款|个|种|样|类)?|有什么|都有啥`)

// thingWords are what customers call a shop's products in general.
var thingWords = []string{"东西", "商品", "产品", "宝贝", "货"}

// listedWords are the content words of a list question's clause after its
// list word ("你们哪些东西含虾" → 虾, "哪些东西能刻字" → 刻字), with the
// verb of holding left off a word the segmenter glued to it (含虾).
func (t *turn) listedWords() []string {
	loc := listWordRE.FindStringIndex(t.nq)
	if loc == nil || t.plan.Operation != "list" {
		return nil
	}
	rest := t.nq[loc[1]:]
	if k := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }); k >= 0 {
		rest = rest[:k]
	}
	// The list is of products when it asks for things ("哪些东西", "哪些
	// 商品") or goes on with what they do or hold ("哪些能刻字"); "哪几个
	// 城市" asks for something else.
	thing := false
	for _, g := range thingWords {
		if strings.HasPrefix(rest, g) {
			rest, thing = rest[len(g):], true
			break
		}
	}
	if first, _ := utf8.DecodeRuneInString(rest); !thing && !strings.ContainsRune("能可是要含带有不用会适", first) {
		return nil
	}
	var out []string
	for _, w := range contentTerms(rest) {
		if r := []rune(w); len(r) == 2 && strings.ContainsRune("含带", r[0]) && unicode.Is(unicode.Han, r[1]) {
			w = string(r[1])
		} else if runeLen(w) < 2 || isIntentWord(w) {
			continue
		}
		out = appendUnique(out, w)
	}
	return out
}

// activeVariants are a product's variants on sale on the question's
// channel.
func (e *Engine) activeVariants(ctx context.Context, t *turn, ent *kg.Entity) ([]kg.Entity, error) {
	ns, err := e.Store.Neighbours(ctx, t.req.KB, ent.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
	if err != nil {
		return nil, fmt.Errorf("answer: variants of %s: %w", ent.ID, err)
	}
	var out []kg.Entity
	for _, n := range ns {
		if t.sellsVariant(&n.Entity) {
			out = append(out, n.Entity)
		}
	}
	return out, nil
}

// condKey is the attribute a numeric condition is on: the one whose unit
// the condition writes, else the price (a bare number or a currency).
func (t *turn) condKey(ms []kg.Entity, c *numCond) string {
	u := strings.ToLower(c.unit)
	if u == "" {
		if k := t.keyBefore(ms, c.text); k != "" {
			return k
		}
	}
	switch u {
	case "", "元", "块", "yuan", "rmb", "cny":
		return "price_cny"
	}
	count := map[string]int{}
	for _, m := range ms {
		for _, a := range m.Attributes {
			if a.Num == nil {
				continue
			}
			au := unitOf(a)
			for _, me := range measures {
				if me.hasUnit(au) && me.hasUnit(u) {
					count[a.Key]++
					// The key that is the measure's own word (重量 for kg)
					// over others in its unit (最大承重).
					if cueOverlap(fold(a.Key), me.cues) > 0 {
						count[a.Key]++
					}
				}
			}
		}
	}
	return mostCommon(count, t.masked)
}

// keyBefore is the numeric attribute of ms whose key the question says
// right before a bare number ("防水20000以上": 防水指数), which the number
// is of.
func (t *turn) keyBefore(ms []kg.Entity, cond string) string {
	i := strings.Index(t.nq, fold(cond))
	if i < 0 {
		return ""
	}
	before := []rune(t.nq[:i])
	before = before[max(0, len(before)-4):]
	best, bestN := "", 1
	for _, m := range ms {
		for _, a := range m.Attributes {
			if a.Num == nil || a.Key == "price_cny" || internalKeys[a.Key] {
				continue
			}
			// (The run must end right before the number.)
			if sp := commonSpan([]rune(fold(a.Key)), before); runeLen(sp) > bestN && strings.HasSuffix(string(before), sp) {
				best, bestN = a.Key, runeLen(sp)
			}
		}
	}
	return best
}

// rankKey is the attribute a superlative orders by.
func (t *turn) rankKey(ms []kg.Entity) string {
	switch t.u.superW {
	case "贵", "便宜", "cheapest", "most expensive":
		return "price_cny"
	}
	// "哪台线迹最多": the numeric key the question names right before
	// the superlative (线迹数量).
	if k := t.keyBefore(ms, "最"+t.u.superW); k != "" {
		return k
	}
	count := map[string]int{}
	for _, me := range measures {
		if !me.orders(t.u.superW) {
			continue
		}
		for _, m := range ms {
			for _, a := range m.Attributes {
				if a.Num != nil && me.hasUnit(unitOf(a)) {
					count[a.Key]++
					if cueOverlap(fold(a.Key), me.cues) > 0 {
						count[a.Key]++
					}
				}
			}
		}
	}
	if len(count) == 0 {
		return "price_cny"
	}
	return mostCommon(count, t.masked)
}

// mostCommon picks the key most entities have, preferring one the question names.
func mostCommon(count map[string]int, q string) string {
	best, bestN := "", -1.0
	for k, n := range count {
		s := float64(n) + 2*charOverlap(fold(k), q)
		if s > bestN || (s == bestN && k < best) {
			best, bestN = k, s
		}
	}
	return best
}

// valueFilter finds a word of the question that the list values of some,
// not all, members contain: "敏感肌" in suitable_for.
func (t *turn) valueFilter(ms []kg.Entity) *kg.PlanFilter {
	if len(ms) < 2 {
		return nil
	}
	unsuit := slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "unsuitability" })
	gid, _ := t.findGroup()
	for _, term := range t.terms {
		if runeLen(term) < 2 {
			continue
		}
		// The group's own name ("最便宜的床垫") says which members, not a
		// value among them ("偏好硬床垫").
		if gid != "" && t.lex != nil && slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool { return g.ID == gid && strings.Contains(fold(g.Name), term) }) {
			continue
		}
		perKey := map[string]int{}
		for _, m := range ms {
			for _, a := range m.Attributes {
				if a.Kind != kg.KindList || internalKeys[a.Key] {
					continue
				}
				if unsuit != strings.HasPrefix(a.Key, "not_") {
					continue
				}
				if strings.Contains(fold(a.Text()), term) {
					perKey[a.Key]++
				}
			}
		}
		// In key order: the same question filters the same way every time.
		for _, k := range slices.Sorted(maps.Keys(perKey)) {
			if n := perKey[k]; n > 0 && n < len(ms) {
				return &kg.PlanFilter{Attribute: k, Op: "has", Value: term, Why: "a value the question names"}
			}
		}
	}
	return nil
}

// distinguishing are the attributes whose values differ between the
// compared products.
func distinguishing(ms []kg.Entity) []string {
	var keys []string
	for _, a := range ms[0].Attributes {
		if a.Key == "price_cny" || a.Kind == kg.KindList || internalKeys[a.Key] || len(keys) >= 4 {
			continue
		}
		for _, m := range ms[1:] {
			if b, ok := m.Attr(a.Key); ok && b.Text() != a.Text() {
				keys = append(keys, a.Key)
				break
			}
		}
	}
	return keys
}

// onSale: launched by the date and not discontinued before it.
func onSale(e *kg.Entity, at time.Time) bool {
	if a, ok := e.Attr("launched"); ok && a.Kind == kg.KindDate {
		if d, err := time.Parse(time.DateOnly, a.Value); err == nil && at.Before(d) {
			return false
		}
	}
	if a, ok := e.Attr("discontinued"); ok && a.Kind == kg.KindDate {
		if d, err := time.Parse(time.DateOnly, a.Value); err == nil && !at.Before(d) {
			return false
		}
	}
	return true
}

// unitScales put the units of one kind of quantity on one scale (days,
// grams, millilitres, centimetres, watts), so that values written in
// different units compare. Language-level: units, not any industry.
var unitScales = map[string]float64{
	"秒": 1.0 / 86400, "s": 1.0 / 86400, "分钟": 1.0 / 1440, "min": 1.0 / 1440, "小时": 1.0 / 24, "h": 1.0 / 24,
	"天": 1, "日": 1, "周": 7, "个月": 30, "月": 30, "月龄": 30, "年": 365, "岁": 365,
	"mg": 0.001, "g": 1, "克": 1, "kg": 1000, "千克": 1000, "公斤": 1000, "斤": 500, "吨": 1e6, "lb": 453.6,
	"ml": 1, "毫升": 1, "l": 1000, "升": 1000,
	"mm": 0.1, "毫米": 0.1, "cm": 1, "厘米": 1, "m": 100, "米": 100,
	"kw": 1000, "千瓦": 1000,
}

// unitScale is the factor that puts a value of unit u on its kind's
// scale; 1 for a unit it does not know.
func unitScale(u string) float64 {
	if f, ok := unitScales[strings.ToLower(strings.TrimSpace(u))]; ok {
		return f
	}
	return 1
}
