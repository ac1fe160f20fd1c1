package answer

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

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
	why       string        // why it was gathered (the plan's reason)
	fact      *kg.Attribute // the attribute a fact states
	name      string        // the display name of a fact's entity
	of        string        // the product a variant's row is of, where the question names the product
}

// attrLabels are the display labels of kgrag's own catalog keys; a
// brand's keys are shown as written.
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

func attrLabel(key, lang string) string {
	if l, ok := attrLabels[key]; ok {
		if lang == "en" {
			return l[1]
		}
		return l[0]
	}
	return key
}

// measureLabels name each measure in English, for English answers about
// a brand's Chinese keys.
var measureLabels = map[string]string{"mass": "weight", "length": "size", "content": "net content", "volume": "capacity", "power": "power",
	"area": "area", "duration": "duration", "temperature": "temperature", "loudness": "noise level", "age": "age range", "count": "count",
	"angle": "angle", "pressure": "pressure", "charge": "battery", "level": "settings", "percent": "percentage", "times": "number of uses", "brightness": "brightness", "speed": "speed"}

// englishLabel labels a Chinese key in English by the concept it states
// (保修期 → warranty) or the measure its value is in (重量 6.2kg → weight);
// other keys are shown as written.
func englishLabel(a kg.Attribute) string {
	if l, ok := attrLabels[a.Key]; ok {
		return l[1]
	}
	if IsASCII(a.Key) {
		return strings.ReplaceAll(a.Key, "_", " ")
	}
	for _, c := range concepts {
		in := func(p string) bool { return !IsASCII(p) && strings.Contains(a.Key, p) }
		if slices.ContainsFunc(c.keyParts, in) || slices.ContainsFunc(c.narrowParts, in) {
			return c.name
		}
	}
	for _, m := range measures {
		if l := measureLabels[m.name]; l != "" && m.measuredBy(a) {
			return l
		}
	}
	return a.Key
}

// unitWords are Chinese units written after numbers, in English.
var unitWords = []struct{ zh, en string }{
	{"个工作日", " working days"}, {"工作日", " working days"}, {"个月", " months"}, {"月龄", " months old"}, {"小时", " hours"},
	{"分钟", " minutes"}, {"年", " years"}, {"天", " days"}, {"周", " weeks"}, {"元", " CNY"}, {"次", " times"}, {"档", " levels"},
	{"片", " pieces"}, {"包", " packs"}, {"岁", " years old"}, {"克", " g"}, {"毫升", " ml"}, {"升", " L"},
}

var numUnitRE = regexp.MustCompile(`(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?)(个工作日|工作日|个月|月龄|小时|分钟|年|天|周|元|次|档|片|包|岁|克|毫升|升)`)

// englishValue writes the Chinese units of a value in English ("3年" →
// "3 years"); the numbers stay as the knowledge writes them.
func englishValue(v string) string {
	return numUnitRE.ReplaceAllStringFunc(v, func(m string) string {
		x := numUnitRE.FindStringSubmatch(m)
		for _, u := range unitWords {
			if u.zh == x[2] {
				return x[1] + u.en
			}
		}
		return m
	})
}

func attrValue(a kg.Attribute, lang string) string {
	v := a.Text()
	if a.Key == "price_cny" {
		if lang == "en" {
			return v + " CNY"
		}
		return v + "元"
	}
	return v
}

// attrPhrase is "label value" for a list of fields.
func attrPhrase(a kg.Attribute, lang string) string {
	if lang == "en" {
		return englishLabel(a) + " " + englishValue(attrValue(a, lang))
	}
	return attrLabel(a.Key, lang) + "：" + attrValue(a, lang)
}

// displayName is the entity's name in the answer's language: its English
// name for English answers where the knowledge has one.
func displayName(e *kg.Entity, lang string) string {
	if lang == "en" {
		if a, ok := e.Attr("name_en"); ok && a.Value != "" {
			return a.Value
		}
		for _, al := range e.Aliases {
			if al.Lang == "en" {
				return al.Text
			}
		}
	}
	return e.Name
}

// descriptionText quotes the first sentences of a description as written.
func descriptionText(a kg.Attribute) string {
	ss := splitSentences(a.Value)
	var b strings.Builder
	for _, s := range ss {
		if runeLen(b.String()) > 0 && runeLen(b.String())+runeLen(s) > 160 {
			break
		}
		b.WriteString(s)
	}
	if b.Len() == 0 {
		return a.Value
	}
	return b.String()
}

// factText renders one attribute of an entity as a sentence. An English
// one labels the key by the question's own word when one asked it.
func (t *turn) factText(e *kg.Entity, a kg.Attribute) string {
	lang := t.lang
	if lang == "en" {
		label := t.enLabels[a.Key]
		if label == "" {
			label = englishLabel(a)
		}
		// (骑行最大承重 is the most weight, not the weight.)
		if maxKeyRE.MatchString(fold(a.Key)) && !strings.Contains(label, "max") {
			label = "max " + label
		}
		return fmt.Sprintf("%s: %s is %s", displayName(e, lang), label, englishValue(attrValue(a, lang)))
	}
	return fmt.Sprintf("%s的%s：%s", e.Name, attrLabel(a.Key, lang), attrValue(a, lang))
}

// ownHeading is a chunk's own (last) heading, folded; "" when it has none.
func ownHeading(c retrieval.Chunk) string {
	if len(c.HeadingPath) == 0 {
		return ""
	}
	return fold(c.HeadingPath[len(c.HeadingPath)-1])
}

func channelsText(e *kg.Entity, lang string) string {
	var cs []string
	for _, c := range e.Channels {
		cs = append(cs, kg.ChannelName(c, lang))
	}
	if lang == "en" {
		return fmt.Sprintf("%s is sold on: %s", displayName(e, lang), strings.Join(cs, ", "))
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

// rankChunks orders hits by search score with graph signals: chunks that
// mention a linked entity and chunks whose terms cover the question rise.
// For a question about a rule, a chunk whose heading names the kind of a
// product the question names ("三、出境跟团游取消" for 泰国团), in a
// document whose other sections are other kinds' ("二、国内跟团游取消"),
// rises as well: the section is that kind's rule.
func rankChunks(t *turn, hits []retrieval.Hit, ct []string, policy bool) []piece {
	linked := t.linked
	out := make([]piece, 0, len(hits))
	for i, h := range hits {
		c := h.Chunk
		full := fold(c.Text + " " + c.Title + " " + strings.Join(c.HeadingPath, " "))
		score := 1/float64(i+1) + termCoverage(ct, full)
		boost := 0.5
		if policy {
			boost = 0.2 // a rule's text need not name the product
		}
		for _, id := range linked {
			if slices.Contains(c.EntityIDs, id) {
				score += boost
				break
			}
		}
		if policy && t.namesKind(ownHeading(c)) && slices.ContainsFunc(hits, func(o retrieval.Hit) bool {
			return o.Chunk.SourceID == c.SourceID && t.otherKindSection(ownHeading(o.Chunk))
		}) {
			score += 0.3
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
