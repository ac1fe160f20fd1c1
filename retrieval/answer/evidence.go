package answer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kgrag/kg"
	"kgrag/retrieval"
)

// piece is one unit of evidence: a graph fact or a chunk, with its marker.
type piece struct {
	kg.Evidence
	terms     map[string]bool
	chunk     *retrieval.Chunk
	attr      string // attribute key of a fact
	relevance float64
}

var channelNames = map[string]string{"tmall": "天猫", "douyin": "抖音", "xiaohongshu": "小红书", "wechat": "微信小程序", "web": "官网",
	"jd": "京东", "pdd": "拼多多", "app": "App", "offline": "线下门店"}

var channelNamesEN = map[string]string{"tmall": "Tmall", "douyin": "Douyin", "xiaohongshu": "Xiaohongshu", "wechat": "WeChat mini program", "web": "the official website"}

var attrLabels = map[string][2]string{
	"price_cny":        {"价格", "price"},
	"category":         {"品类", "category"},
	"launched":         {"上市日期", "launch date"},
	"discontinued":     {"停产日期", "discontinued on"},
	"ingredients":      {"主要成分", "key ingredients"},
	"suitable_for":     {"适合", "suitable for"},
	"not_suitable_for": {"不适合", "not suitable for"},
	"channels":         {"在售渠道", "sold on"},
}

// factText renders one attribute of an entity as a sentence.
func factText(e *kg.Entity, a kg.Attribute, lang string) string {
	label, ok := attrLabels[a.Key]
	l := a.Key
	if ok {
		l = label[0]
		if lang == "en" {
			l = label[1]
		}
	}
	v := a.Text()
	if a.Key == "price_cny" {
		if lang == "en" {
			v += " CNY (" + a.Value + "元)"
		} else {
			v += "元"
		}
	}
	if lang == "en" {
		return fmt.Sprintf("%s: %s is %s", e.Name, l, v)
	}
	return fmt.Sprintf("%s的%s：%s", e.Name, l, v)
}

func channelsText(e *kg.Entity, lang string) string {
	names := channelNames
	if lang == "en" {
		names = channelNamesEN
	}
	var cs []string
	for _, c := range e.Channels {
		if n, ok := names[c]; ok {
			cs = append(cs, n)
		} else {
			cs = append(cs, c)
		}
	}
	if lang == "en" {
		return fmt.Sprintf("%s is sold on: %s", e.Name, strings.Join(cs, ", "))
	}
	return fmt.Sprintf("%s的在售渠道：%s", e.Name, strings.Join(cs, "、"))
}

var relationText = map[string][2]string{
	"REFILL_OF":       {"%s是%s的替换装", "%s is the refill of %s"},
	"PART_OF_SET":     {"%s包含在%s中", "%s is part of %s"},
	"COMPATIBLE_WITH": {"%s可搭配%s使用", "%s is compatible with %s"},
	"REPLACES":        {"%s是%s的替代款（换代产品）", "%s replaces %s"},
	"SUPERSEDES":      {"%s取代了%s", "%s supersedes %s"},
}

// hopCues say which relations of a linked product a question is about:
// its refill, the set it belongs to or contains, what it replaces or is
// replaced by, what it is used with.
var hopCues = map[string][]string{
	"REFILL_OF":       {"替换装", "替换", "正装", "refill", "内芯"},
	"PART_OF_SET":     {"套装", "三件套", "两件套", "礼盒", "单买", "里有", "里面", "都有", "有哪", "set", "separately", "组合"},
	"COMPATIBLE_WITH": {"配合", "搭配", "配", "一起用", "导入", "with", "compatible"},
	"REPLACES":        {"停产", "替代", "换代", "还有卖", "新版", "旧版", "之前", "升级", "现在买"},
}

// gatherFacts turns the linked entities, and the products one relation
// away that the question is about (refills, sets, replacements, compatible
// items), into fact evidence valid at asOf.
func (e *Engine) gatherFacts(ctx context.Context, req *Request, nq string, links []string, sig Signals, lang string) ([]piece, []string, error) {
	var out []piece
	var warnings []string
	seen := map[string]bool{}
	addEntity := func(ent *kg.Entity, hop int) {
		if ent.Status != kg.StatusActive || ent.Type != "Product" {
			return
		}
		for _, a := range ent.Attributes {
			k := ent.ID + "#" + a.Key
			if seen[k] {
				continue
			}
			rel := factRelevance(a.Key, sig, hop)
			if hop > 0 && rel < 0.5 {
				continue
			}
			seen[k] = true
			out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: ent.ID, EntityID: ent.ID, Version: ent.Version, Text: factText(ent, a, lang)},
				attr: a.Key, relevance: rel})
		}
		if len(ent.Channels) > 0 && !seen[ent.ID+"#channels"] {
			seen[ent.ID+"#channels"] = true
			out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: ent.ID, EntityID: ent.ID, Version: ent.Version, Text: channelsText(ent, lang)},
				attr: "channels", relevance: factRelevance("channels", sig, hop)})
		}
	}
	for i, id := range links {
		if i >= 3 {
			break
		}
		ent, err := e.entity(ctx, req, id)
		if errors.Is(err, kg.ErrNotFound) {
			warnings = append(warnings, fmt.Sprintf("%s did not exist at %s", id, req.AsOf.Format(time.DateOnly)))
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		addEntity(&ent, 0)
		if ent.Type != "Product" {
			continue
		}
		var types []string
		for t, cues := range hopCues {
			for _, c := range cues {
				if strings.Contains(nq, c) {
					types = append(types, t)
					break
				}
			}
		}
		if len(types) == 0 {
			continue
		}
		slices.Sort(types)
		ns, err := e.Store.Neighbours(ctx, req.KB, ent.ID, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: types, Limit: 20})
		if err != nil {
			return nil, nil, err
		}
		for _, n := range ns {
			from, to := ent, n.Entity
			if n.Direction == kg.In {
				from, to = n.Entity, ent
			}
			tpl := relationText[n.Relation.Type]
			f := tpl[0]
			if lang == "en" {
				f = tpl[1]
			}
			k := n.Relation.ID()
			if f == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: k, EntityID: n.Entity.ID, Version: n.Relation.Version,
				Text: fmt.Sprintf(f, from.Name, to.Name)}, attr: "@" + n.Relation.Type, relevance: 0.9})
			addEntity(&n.Entity, 1)
		}
	}
	if aggregation(nq, sig) {
		cat, err := e.catalogFacts(ctx, req, nq, links, sig, lang)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, cat...)
	}
	return out, warnings, nil
}

// factRelevance ranks an attribute for the question: attributes the
// question asks about first, identity facts next, the rest last.
func factRelevance(key string, sig Signals, hop int) float64 {
	r := 0.2
	for _, t := range sig.Terms {
		if key == t || strings.Contains(key, t) || (t == "浓度" && strings.HasSuffix(key, "浓度")) {
			r = 1
			break
		}
	}
	if r < 1 {
		switch key {
		case "price_cny", "净含量":
			r = 0.5
		case "discontinued", "launched":
			if sig.Intent == "availability" {
				r = 1
			}
		}
	}
	if hop > 0 {
		r *= 0.8
	}
	return r
}

// rankChunks orders hits by search score with graph signals: chunks that
// mention a linked entity and chunks whose terms cover the question rise.
func rankChunks(hits []retrieval.Hit, linked []string, ct []string) []piece {
	out := make([]piece, 0, len(hits))
	for i, h := range hits {
		c := h.Chunk
		full := fold(c.Text + " " + c.Title + " " + strings.Join(c.HeadingPath, " "))
		score := 1/float64(i+1) + termCoverage(ct, full)
		for _, id := range linked {
			if slices.Contains(c.EntityIDs, id) {
				score += 0.5
				break
			}
		}
		first := ""
		if len(c.EntityIDs) > 0 {
			first = c.EntityIDs[0]
		}
		out = append(out, piece{Evidence: kg.Evidence{Kind: "chunk", ID: c.ID, EntityID: first, Score: h.Score, Text: c.Text,
			Source: c.SourceID, Entities: c.EntityIDs},
			chunk: &hits[i].Chunk, relevance: score})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].relevance > out[b].relevance })
	return out
}
