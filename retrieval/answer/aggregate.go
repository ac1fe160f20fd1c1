package answer

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"kgrag/kg"
)

// Questions over the catalog ("300以内适合敏感肌的精华有哪些", "两款眼霜哪个便宜",
// "最贵的是哪个", "怀孕了哪些不能用") are answered from the graph: the products
// of the category or series the question names (or all products), filtered
// by price cap and suitability, valid and on sale at the as-of date.

// categoryWords map what customers say to category names.
var categoryWords = map[string]string{
	"洗面奶": "洁面", "洁面乳": "洁面", "洗脸": "洁面", "防晒霜": "防晒", "防晒乳": "防晒", "精华液": "精华",
	"乳液": "乳液", "爽肤水": "化妆水", "水乳": "化妆水", "卸妆": "卸妆", "sunscreen": "防晒", "serum": "精华", "cleanser": "洁面",
}

// skinWords map what customers say to suitability values.
var skinWords = []struct{ says, value string }{
	{"敏感", "敏感"}, {"油皮", "油性"}, {"油性", "油性"}, {"干皮", "干性"}, {"干性", "干性"}, {"混油", "混合"}, {"混干", "混合"},
	{"混合", "混合"}, {"痘", "痘"}, {"暗沉", "暗沉"}, {"孕", "孕妇"}, {"怀孕", "孕妇"}, {"哺乳", "哺乳"}, {"男士", "男士"},
	{"oily", "油性"}, {"sensitive", "敏感"}, {"dry skin", "干性"}, {"pregnan", "孕妇"},
}

var negationWords = []string{"不能用", "不适合", "不可以用", "禁用", "不要用", "能用吗", "哪些不", "can't use", "cannot use", "avoid"}

// aggregation reports whether the question asks across products.
func aggregation(nq string, sig Signals) bool {
	if sig.Superlat != "" || sig.PriceCap > 0 {
		return true
	}
	return sig.Intent == "aggregation" || sig.Intent == "comparison"
}

// catalogFacts gathers the products the question ranges over and renders
// each as a fact with what the question asks (price, suitability, the
// attributes that tell them apart).
func (e *Engine) catalogFacts(ctx context.Context, req *Request, nq string, linked []string, sig Signals, lang string) ([]piece, error) {
	// The set: the linked category or series, else a category word, else all products.
	var members []kg.Entity
	var group *kg.Entity
	for _, id := range linked {
		ent, err := e.entity(ctx, req, id)
		if err != nil {
			continue
		}
		if ent.Type == "Category" || ent.Type == "Series" {
			group = &ent
			break
		}
	}
	if group == nil {
		for w, name := range categoryWords {
			if strings.Contains(nq, w) {
				if es, err := e.Store.Lookup(ctx, req.KB, name); err == nil {
					for i := range es {
						if es[i].Type == "Category" {
							group = &es[i]
							break
						}
					}
				}
				if group != nil {
					break
				}
			}
		}
	}
	if group != nil {
		rel := "IN_CATEGORY"
		if group.Type == "Series" {
			rel = "IN_SERIES"
		}
		ns, err := e.Store.Neighbours(ctx, req.KB, group.ID, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{rel}, Direction: kg.In, Limit: kg.MaxPage})
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if n.Entity.Type == "Product" {
				members = append(members, n.Entity)
			}
		}
	} else {
		if sig.Superlat == "" && sig.PriceCap == 0 && !hasSkinWord(nq) {
			return nil, nil // "两款…哪个好" with nothing to range over
		}
		after := ""
		for range 10 {
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
	// On sale at the as-of date, on the channel, within the price cap, suitable.
	negated := false
	for _, w := range negationWords {
		if strings.Contains(nq, w) {
			negated = true
		}
	}
	var skins []string
	for _, s := range skinWords {
		if strings.Contains(nq, s.says) && !slices.Contains(skins, s.value) {
			skins = append(skins, s.value)
		}
	}
	var keep []kg.Entity
	for _, m := range members {
		if m.Status != kg.StatusActive || !onSale(&m, req.AsOf) || !m.OnChannel(req.Channel) {
			continue
		}
		price, hasPrice := priceOf(&m)
		if sig.PriceCap > 0 && (!hasPrice || price > sig.PriceCap) {
			continue
		}
		if len(skins) > 0 {
			key := "suitable_for"
			if negated {
				key = "not_suitable_for"
			}
			a, ok := m.Attr(key)
			if !ok || !listHasAll(a, skins) {
				continue
			}
		}
		keep = append(keep, m)
	}
	if sig.Superlat != "" && len(keep) > 1 {
		best := keep[0]
		for _, m := range keep[1:] {
			p, _ := priceOf(&m)
			b, _ := priceOf(&best)
			if (sig.Superlat == "max" && p > b) || (sig.Superlat == "min" && p < b) {
				best = m
			}
		}
		keep = []kg.Entity{best}
	}
	if len(keep) > 12 {
		keep = keep[:12]
	}
	var out []piece
	for i := range keep {
		m := &keep[i]
		var parts []string
		if p, ok := m.Attr("price_cny"); ok {
			parts = append(parts, factText(m, p, lang))
		}
		if len(skins) > 0 {
			key := "suitable_for"
			if negated {
				key = "not_suitable_for"
			}
			if a, ok := m.Attr(key); ok {
				parts = append(parts, factText(m, a, lang))
			}
		}
		for _, k := range distinguishing(keep, sig) {
			if a, ok := m.Attr(k); ok {
				parts = append(parts, factText(m, a, lang))
			}
		}
		if len(parts) == 0 {
			parts = append(parts, m.Name)
		}
		sep := "；"
		if lang == "en" {
			sep = "; "
		}
		out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: m.ID, EntityID: m.ID, Version: m.Version, Text: strings.Join(parts, sep)},
			attr: "@catalog", relevance: 1})
	}
	return out, nil
}

func hasSkinWord(nq string) bool {
	for _, s := range skinWords {
		if strings.Contains(nq, s.says) {
			return true
		}
	}
	return false
}

// distinguishing are the attributes a comparison shows: those the question
// asks about, else (for two or three products) those whose values differ.
func distinguishing(ms []kg.Entity, sig Signals) []string {
	var keys []string
	for _, t := range sig.Terms {
		if t != "price_cny" && t != "channels" {
			keys = append(keys, t)
		}
	}
	if len(keys) > 0 || sig.Intent != "comparison" || len(ms) < 2 || len(ms) > 3 {
		return keys
	}
	for _, a := range ms[0].Attributes {
		if a.Key == "price_cny" || a.Kind == kg.KindList || len(keys) >= 4 {
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

func priceOf(e *kg.Entity) (float64, bool) {
	a, ok := e.Attr("price_cny")
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(a.Value, 64)
	return f, err == nil
}

func listHasAll(a kg.Attribute, words []string) bool {
	text := a.Text()
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
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

func init() {
	// Catalog facts answer superlatives and category words themselves.
	syn := "最贵最便宜哪几款几款有哪些哪个哪款都有啥产品东西"
	for w := range categoryWords {
		syn += w
	}
	attrSynonyms["@catalog"] = syn
}
