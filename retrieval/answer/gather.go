package answer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"golang.org/x/text/unicode/norm"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
	"kgrag/retrieval/zhen"
)

// Gathering graph facts: for each linked entity, the attributes the plan
// asks (by key, unit or concept), its variants when the question is about
// them, and the entities one relation away that the question names
// (refills, sets, replacements, compatible items).

// picked is an attribute of an entity chosen for the answer, with why.
type picked struct {
	attr kg.Attribute
	why  string
}

// attrsFor picks the attributes of ent that the question asks for.
func (t *turn) attrsFor(ent *kg.Entity) []picked {
	var out []picked
	has := func(k string) bool {
		return slices.ContainsFunc(out, func(p picked) bool { return p.attr.Key == k })
	}
	// A key that shares only a run with the question gives way to one of
	// the entity's keys the question writes whole and holds that run
	// ("无线充电" over "充电接口").
	wholeHolds := func(span string) bool {
		return slices.ContainsFunc(t.keys, func(w kg.PlanAttribute) bool {
			_, ok := ent.Attr(w.Key)
			return ok && w.Score >= 1 && strings.Contains(fold(w.Key), span) && strings.Contains(t.masked, fold(w.Key))
		})
	}
	for _, k := range t.keys {
		if k.Score < 0.7 {
			continue
		}
		if sp := t.keySpans[k.Key]; sp != "" && wholeHolds(sp) {
			continue
		}
		if a, ok := ent.Attr(k.Key); ok && !has(a.Key) {
			out = append(out, picked{a, k.Why})
		}
	}
	// "咋煮": how to do a thing is told by the key of the way to do it
	// (煮饮方法, 冲泡方式).
	for _, m := range howToRE.FindAllStringSubmatch(t.masked, -1) {
		for _, a := range ent.Attributes {
			if k := fold(a.Key); !has(a.Key) && !internalKeys[a.Key] && strings.Contains(k, m[1]) && wayKeyRE.MatchString(k) {
				out = append(out, picked{a, "its key tells the way to " + m[1]})
			}
		}
	}
	// The entity's other keys that hold the run a partly matched key
	// shares with the question ("续航" of 单次续航: 总续航（含充电盒）),
	// of the measure the question asks if it asks one.
	for _, k := range t.keys {
		sp := t.keySpans[k.Key]
		if k.Score < 0.7 || sp == "" || wholeHolds(sp) {
			continue
		}
		if _, ok := ent.Attr(k.Key); !ok {
			continue
		}
		for _, a := range ent.Attributes {
			if has(a.Key) || internalKeys[a.Key] || !strings.Contains(fold(a.Key), sp) {
				continue
			}
			if len(t.u.measures) > 0 && !slices.ContainsFunc(t.u.measures, func(m *measure) bool { return m.measuredBy(a) }) {
				continue
			}
			out = append(out, picked{a, "its key holds " + sp + " as " + k.Key + " does"})
		}
	}
	// Each cue of a measure asks one thing; a cue shared by several
	// measures ("多大": size, content, capacity) is answered by the best
	// attribute among all of them.
	q := t.masked
	var cues []string
	for _, c := range t.u.measureCue {
		cues = appendUnique(cues, c)
	}
	// A cue that is a noun no attribute of the entity is measured in
	// ("吸力多大" where 磁吸 says 吸力约1500g, in no pressure's unit): the
	// attributes whose value names it answer it, and the size asked of it
	// (多大) is its own.
	for _, cue := range slices.Clone(cues) {
		if runeLen(cue) < 2 || IsASCII(cue) || strings.ContainsAny(cue, "多几么啥哪少") {
			continue
		}
		ms := t.measuresAsked(cue)
		if len(ms) == 0 || slices.ContainsFunc(ent.Attributes, func(a kg.Attribute) bool {
			return !internalKeys[a.Key] && (strings.Contains(fold(a.Key), cue) || slices.ContainsFunc(ms, func(m *measure) bool { return m.measuredBy(a) }))
		}) {
			continue
		}
		// (The value states it with a number, "吸力约1500g", "8节5号碱性
		// 电池": not "勿新旧电池混用". A cue the name says names the
		// product: 功率 of 功率计.)
		if strings.Contains(fold(ent.Name), cue) {
			continue
		}
		n := len(out)
		for _, a := range ent.Attributes {
			if !has(a.Key) && !internalKeys[a.Key] && a.Kind == kg.KindString && statesWithNumber(fold(a.Value), cue) {
				out = append(out, picked{a, "its value names the asked " + cue + ", which no attribute is measured in"})
			}
		}
		if len(out) > n {
			cues = slices.DeleteFunc(cues, func(c string) bool { return c == cue || strings.Contains(t.nq, cue+c) })
		}
	}
	for _, cue := range cues {
		ms := t.measuresAsked(cue)
		// (A key a dictionary word asked, "mattress" of "my mattress is
		// thick", does not answer "how deep". Of "多厚 多宽", each is asked.
		// Nor does a key in another unit than the cue names: "解冻4-6小时"
		// answers no "能放几天".)
		cu := cueUnit(cue, ms)
		if !(len(cues) > 1 && dimensionCue(cue)) && slices.ContainsFunc(out, func(p picked) bool {
			return t.enLabels[p.attr.Key] == "" && slices.ContainsFunc(ms, func(m *measure) bool { return m.measuredBy(p.attr) }) && (cu == "" || writesUnit(p.attr, cu))
		}) {
			continue
		}
		// "吸力有几档", "功率多大": the cue is part of a key the question
		// names, or that key's own question, which its fact answers when
		// it is a measure ("珍珠多大颗" of 珍珠：Akoya海水珍珠 asks 珍珠直径).
		if slices.ContainsFunc(out, func(p picked) bool {
			k := fold(p.attr.Key)
			// (Unless its value is in none of the measures asked, where one
			// of the cue's is: "扭力多大" of 扭力档位：21档 asks 最大扭矩.)
			if strings.Contains(k, cue) {
				return slices.ContainsFunc(t.u.measures, func(m *measure) bool { return m.measuredBy(p.attr) }) ||
					!slices.ContainsFunc(ent.Attributes, func(a kg.Attribute) bool {
						return !internalKeys[a.Key] && slices.ContainsFunc(ms, func(m *measure) bool { return m.measuredBy(a) })
					})
			}
			num, _, _ := kg.ParseMeasure(p.attr.Value)
			return strings.Contains(t.nq, k+cue) && (p.attr.Num != nil || num != nil)
		}) {
			continue
		}
		// The question without the words that asked the other things; of a
		// question of several clauses, the clause that asks it ("猫条一盒几支
		// 一天能喂几根": 一盒 is of 几支, 一天 of 几根).
		qx := q
		if len(questionClauses(t.nq)) > 1 {
			if cl := clauseOf(t.nq, cue); cl != "" {
				qx = t.withoutNames(cl)
			}
		}
		for _, c := range cues {
			if c != cue {
				qx = strings.ReplaceAll(qx, c, " ")
			}
		}
		// "几分钟", "多少天": the cue names the unit itself.
		unit := cueUnit(cue, ms)
		best, bestScore, bestM := []kg.Attribute{}, -1.0, []*measure{}
		for _, m := range ms {
			for _, a := range ent.Attributes {
				if internalKeys[a.Key] || !m.measuredBy(a) && !m.measuredPer(a, qx) || unit != "" && !writesUnit(a, unit) {
					continue
				}
				s := measureScore(a, m, cue, qx, t.looseTerms())
				switch {
				case s > bestScore:
					best, bestScore, bestM = []kg.Attribute{a}, s, []*measure{m}
				case s == bestScore && !slices.ContainsFunc(best, func(b kg.Attribute) bool { return b.Key == a.Key }):
					best, bestM = append(best, a), append(bestM, m)
				}
			}
		}
		// "q3几升的" of 额定产热水能力：16L/min: no value in the unit asked,
		// one in it per another unit answers it.
		if len(best) == 0 {
			for _, m := range ms {
				for _, a := range ent.Attributes {
					if b, per, ok := strings.Cut(unitOf(a), "/"); ok && per != "" && m.hasUnit(b) && !internalKeys[a.Key] && !has(a.Key) && (unit == "" || writesUnit(a, unit)) {
						best, bestM = append(best, a), append(bestM, m)
					}
				}
			}
			if len(best) > 1 {
				best = nil // which rate is meant, nothing says
			}
		}
		if len(best) > 2 && bestScore <= 0.5 {
			continue // many values of the unit and no word to choose between them
		}
		// "多少度" of a liquor, "度数": no value is written in the unit,
		// and the cue's head names the keys ending in it (酒精度：53%vol).
		if h := cueHead(cue); len(best) == 0 && h != "" {
			for _, a := range ent.Attributes {
				if !has(a.Key) && !internalKeys[a.Key] && strings.HasSuffix(fold(a.Key), h) && digits(a.Text()) > 0 && !endsInMeasure(fold(a.Key)) {
					out = append(out, picked{a, "its key ends in " + h + ", the head of " + cue})
				}
			}
			continue
		}
		for i, a := range best {
			if !has(a.Key) {
				out = append(out, picked{a, "its unit answers " + bestM[i].name + " (" + cue + ")"})
			}
		}
	}
	// A cue asked again in a later clause ("能放多久 开了盖多久得用完") asks it
	// of that clause: the value the clause's own words choose, if they
	// choose one.
	if cls := questionClauses(t.nq); len(cls) > 1 {
		for _, cue := range cues {
			ms := t.measuresAsked(cue)
			unit := cueUnit(cue, ms)
			for n, cl := range slices.DeleteFunc(slices.Clone(cls), func(c string) bool { return !strings.Contains(c, cue) }) {
				if n == 0 {
					continue
				}
				// (The clause's own words are its pairs of characters outside
				// the names and the cue: the segmenter cuts "得用完" as 得用.)
				cl = t.withoutNames(cl)
				words := hanPairs(strings.ReplaceAll(cl, cue, "|"))
				var best *kg.Attribute
				bestScore, bestM := 0.0, ""
				for _, m := range ms {
					for i, a := range ent.Attributes {
						if has(a.Key) || internalKeys[a.Key] || !m.measuredBy(a) || unit != "" && !writesUnit(a, unit) {
							continue
						}
						if sc := measureScore(a, m, cue, cl, words); sc >= 1 && sc > bestScore {
							best, bestScore, bestM = &ent.Attributes[i], sc, m.name
						}
					}
				}
				if best != nil {
					out = append(out, picked{*best, "its unit answers " + bestM + " (" + cue + ", asked again in " + cl + ")"})
				}
			}
		}
	}
	// A unit of a measure asked per one of it ("一平米用多少", "每小时耗电
	// 多少"): the value stated per that unit (约1.5kg/平方米), whatever its
	// key.
	for _, cue := range cues {
		one := "一" + cue
		if !strings.Contains(t.nq, one) {
			if one = "每" + cue; !strings.Contains(t.nq, one) {
				continue
			}
		}
		for _, m := range t.measuresAsked(cue) {
			for _, a := range ent.Attributes {
				_, per, ok := strings.Cut(strings.ToLower(a.Unit), "/")
				if ok && !has(a.Key) && !internalKeys[a.Key] && slices.Contains(m.units, per) {
					out = append(out, picked{a, "its value is stated per " + per + " (" + one + ")"})
				}
			}
		}
	}
	// A Latin word of a Chinese question that is no part of the name
	// ("240w的线 有没有emarker") asks the attribute whose value writes it,
	// hyphens and spaces aside ("E-Marker芯片").
	// So does a number joined to letters outside the names ("4k最高能拍多少帧"
	// of 视频分辨率: 5.1K/50fps，4K/120fps).
	if t.lang == "zh" {
		ws := slices.Clone(t.terms)
		for _, u := range textUnits(t.masked) {
			// (Not a value in a unit: "20mm", "2.4g".)
			if IsASCII(u) && len(u) >= 2 && strings.ContainsFunc(u, unicode.IsDigit) && strings.ContainsFunc(u, unicode.IsLetter) && !anyUnit(strings.TrimLeft(u, "0123456789.")) && !slices.Contains(ws, u) {
				ws = append(ws, u)
			}
		}
		for _, w := range ws {
			code := strings.ContainsFunc(w, unicode.IsDigit)
			if !IsASCII(w) || len(w) < 4 && !code || strings.Contains(name0(ent), w) || isIntentWord(w) || t.namesThing(w) {
				continue
			}
			for _, a := range ent.Attributes {
				v := squash(fold(a.Value + " " + strings.Join(a.List, " ")))
				// (A code whole: not "24k" for 4k.)
				if !has(a.Key) && !internalKeys[a.Key] && strings.Contains(v, w) && (!code || saidWhere(v, w, func(before, after string) bool {
					b, _ := utf8.DecodeLastRuneInString(before)
					n, _ := utf8.DecodeRuneInString(after)
					alnum := func(r rune) bool { return r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
					return (before == "" || !alnum(b) && b != '.') && (after == "" || !alnum(n))
				})) {
					out = append(out, picked{a, "the question's word " + w + " is in it"})
				}
			}
		}
	}
	// A cue that is a noun ("电池" of "V12的备用电池 我的V8能装吗") also asks
	// the attributes whose key names it ("电池说明"), not only the measured
	// one ("电池容量").
	for _, cue := range cues {
		if runeLen(cue) < 2 || IsASCII(cue) || strings.ContainsAny(cue, "多几么啥哪") {
			continue
		}
		for _, a := range ent.Attributes {
			if !has(a.Key) && !internalKeys[a.Key] && strings.Contains(fold(a.Key), cue) {
				out = append(out, picked{a, "its key names the asked " + cue})
			}
		}
	}
	// "几鼓几镲", "有几个品": a count of a thing the question names by its
	// measure word is answered by a value that writes a number with it
	// ("5鼓3镲", "19品"), whatever the key.
	// So is "how many Wh" of an English question.
	for _, m := range countsOf(t.nq) {
		if isCue(m[0]) || isCue("几"+m[1]) || isCue("how many "+m[1]) || isCue("how much "+m[1]) {
			continue // a measure's own cue ("几天", "几片"): the measure answers
		}
		for _, a := range ent.Attributes {
			if !has(a.Key) && !internalKeys[a.Key] && countsIn(fold(a.Value), m[1]) {
				out = append(out, picked{a, "its value counts " + m[1] + " (几" + m[1] + ")"})
			}
		}
	}
	// "硬不硬": the attributes whose key holds the adjective (硬度).
	// No key holds it: a value that says it ("是甜的吗": 类型：甜型).
	for _, adj := range t.u.adjectives {
		n := len(out)
		for _, a := range ent.Attributes {
			if !has(a.Key) && !internalKeys[a.Key] && (strings.Contains(a.Key, adj) || slices.ContainsFunc(adjectiveMeasures[adj], func(m string) bool { return strings.Contains(a.Key, m) })) {
				out = append(out, picked{a, "its key holds " + adj + ", the adjective asked, or what measures it"})
			}
		}
		// (A value's word of the product's own name, "厚书写系列" of 厚书写
		// B5线圈本, says nothing of it.)
		name := fold(ent.Name)
		for _, a := range ent.Attributes {
			if len(out) == n && !has(a.Key) && !internalKeys[a.Key] && a.Kind == kg.KindString && strings.Contains(a.Value, adj) && !adjectiveOfName(fold(a.Value), adj, name) {
				out = append(out, picked{a, "its value says " + adj + ", the adjective asked"})
			}
		}
	}
	// "BL1和BL2 Pro防蓝光差多少": a word both compared names hold is what
	// they are compared by, when a key of the entity holds part of it
	// (蓝光阻隔率); "差多少" then asks that difference, not the price's.
	byShared := false
	for _, w := range t.sharedNameRuns() {
		for _, a := range ent.Attributes {
			if !has(a.Key) && !internalKeys[a.Key] && longestCommon([]rune(fold(a.Key)), []rune(w)) >= 2 {
				out = append(out, picked{a, "its key holds part of " + w + ", which both compared names hold"})
				byShared = true
			}
		}
	}
	for _, c := range t.u.concepts {
		if byShared && c.name == "price" && !slices.ContainsFunc(c.cues, func(w string) bool { return w != "差多少" && containsWord(t.nq, w) }) {
			continue
		}
		n := len(out)
		for _, a := range ent.Attributes {
			if has(a.Key) {
				continue
			}
			// (A part that makes a device's name, "适配器" of 适配, is
			// another word.)
			if slices.Contains(c.keys, a.Key) || slices.ContainsFunc(c.keyParts, func(p string) bool {
				k := strings.ToLower(a.Key)
				return strings.Contains(k, p) && !strings.Contains(k, p+"器")
			}) {
				out = append(out, picked{a, "concept " + c.name})
			} else if slices.ContainsFunc(c.narrowParts, func(p string) bool { return strings.Contains(a.Key, p) }) && c.narrowRE.MatchString(a.Value) {
				out = append(out, picked{a, "concept " + c.name + ", narrowed by the brand's note"})
			}
		}
		// No key says it: a value in the concept's form does ("配送日：每周二
		// 或周五" for "星期几送").
		if len(out) == n && c.says != nil {
			for _, a := range ent.Attributes {
				if !has(a.Key) && !internalKeys[a.Key] && c.says.MatchString(fold(a.Value)) {
					out = append(out, picked{a, "concept " + c.name + ", by its value's form"})
				}
			}
		}
	}
	// The question's own words that neither name the entity nor ask a
	// measure ("有送开果器吗"): an attribute whose key or value says one
	// answers that part of the question.
	name := fold(ent.Name)
	for _, w := range t.looseTerms() {
		// A word of the name is the name's, unless the question says it
		// apart from where it named the product ("pods3和pro2 降噪差多少"
		// of 主动降噪真无线耳机 asks 主动降噪深度).
		if strings.Contains(name, w) && !strings.Contains(t.masked, w) {
			continue
		}
		// Nor is the word a product was found by, said once ("约了普洗 晚到
		// 18分钟": 普洗 named 手工普洗; it asks nothing its values say).
		if slices.ContainsFunc(t.links, func(l linkedEntity) bool {
			return l.ID == ent.ID && l.byWord != "" && strings.Contains(w, l.byWord) && strings.Count(t.masked, l.byWord) == 1
		}) {
			continue
		}
		// A word an attribute already picked names is answered by it, and
		// so is one its value says when the measure asked beside the word
		// is that value's ("续航多久 开降噪能用几个小时": 降噪 in 单次续航's
		// hours; not "降噪差多少"). Of the others, a key that says the
		// word before values that do.
		says := func(a kg.Attribute, inKey bool) bool {
			if inKey {
				return strings.Contains(fold(a.Key), w)
			}
			return strings.Contains(fold(a.Value+strings.Join(a.List, " ")), w)
		}
		cl := clauseOf(strings.ToLower(norm.NFKC.String(t.req.Question)), w)
		if slices.ContainsFunc(out, func(p picked) bool {
			return says(p.attr, true) || says(p.attr, false) && slices.ContainsFunc(t.u.measures, func(m *measure) bool {
				i := slices.Index(t.u.measures, m)
				return i < len(t.u.measureCue) && strings.Contains(cl, t.u.measureCue[i]) && m.measuredBy(p.attr)
			})
		}) {
			continue
		}
		for _, inKey := range []bool{true, false} {
			n := len(out)
			for _, a := range ent.Attributes {
				if !has(a.Key) && !internalKeys[a.Key] && says(a, inKey) {
					out = append(out, picked{a, "the question's word " + w + " is in it"})
				}
			}
			if len(out) > n {
				break
			}
		}
	}
	// The question's runs the segmenter did not make words of ("是纯钛的吗":
	// 纯钛), which a value says whole: that attribute answers, beside what
	// else the question asks (or when it has no words of its own).
	if len(out) > 0 || len(t.looseTerms()) == 0 {
		for _, w := range questionRuns(t.masked, 3) {
			if strings.Contains(name, w) || slices.ContainsFunc(t.terms, func(x string) bool { return strings.Contains(x, w) || strings.Contains(w, x) }) ||
				slices.ContainsFunc(out, func(p picked) bool { return strings.Contains(fold(p.attr.Key+p.attr.Value), w) }) {
				continue
			}
			for _, a := range ent.Attributes {
				if !has(a.Key) && !internalKeys[a.Key] && a.Kind == kg.KindString && strings.Contains(fold(a.Value), w) {
					out = append(out, picked{a, "its value says the question's " + w})
				}
			}
		}
	}
	// An English word none of whose translations a picked key holds asks
	// the key of this entity that holds the character most of them share
	// ("top speed": 速 of 速度, 航速, 速率 → 最高车速; "base curve": 基弧).
	if t.lang == "en" {
		type keyOf struct {
			a kg.Attribute
			w string // the English word whose translations share the character
		}
		best, bestN := []keyOf(nil), 0
		// (A word of the phrase that asked the question's intent, "reason"
		// of "without a reason", asks no key.)
		var intentWords []string
		if it := intentRE(t.sig.Intent); it != nil {
			for _, m := range it.FindAllString(t.nq, -1) {
				intentWords = append(intentWords, strings.Fields(m)...)
			}
		}
		for _, w := range strings.Fields(t.masked) {
			w = strings.Trim(w, "?!.,;:'\"()")
			if slices.Contains(intentWords, w) {
				continue
			}
			gs := glosses(w)
			// (A word of a concept's cue the question says asked that
			// concept: "sold" of "still sold".)
			if len(gs) < 2 || stopWords[w] || isIntentWord(w) || t.proper[w] || slices.ContainsFunc(t.u.concepts, func(c *concept) bool {
				return slices.ContainsFunc(c.cues, func(cue string) bool { return containsWord(cue, w) && containsWord(t.nq, cue) })
			}) ||
				slices.ContainsFunc(out, func(p picked) bool {
					return slices.ContainsFunc(gs, func(g string) bool { return strings.Contains(fold(p.attr.Key), g) })
				}) {
				continue
			}
			core := coreChars(gs)
			for _, a := range ent.Attributes {
				if has(a.Key) || internalKeys[a.Key] {
					continue
				}
				k := fold(a.Key)
				n := 0
				for _, r := range core {
					if strings.ContainsRune(k, r) {
						n++
					}
				}
				if n == 0 {
					continue
				}
				switch {
				case n > bestN:
					best, bestN = []keyOf{{a, w}}, n
				case n == bestN && !slices.ContainsFunc(best, func(b keyOf) bool { return b.a.Key == a.Key }):
					best = append(best, keyOf{a, w})
				}
			}
		}
		if len(best) > 0 && len(best) <= 2 {
			for _, b := range best {
				out = append(out, picked{b.a, "its key holds the character the translations of " + b.w + " share"})
				if t.enLabels != nil && t.enLabels[b.a.Key] == "" {
					t.enLabels[b.a.Key] = b.w // the answer names it by the customer's word
				}
			}
		}
	}
	// "多少流明", "几毫安": a word asked by 多少 or 几 that a value writes
	// right after its number ("2800 ANSI流明") is that value's unit, which
	// the knowledge base names though no list of units does.
	for _, m := range unitWordRE.FindAllStringSubmatch(t.nq, -1) {
		r := []rune(m[1])
		// (A unit of a measure asked, "几个月", "多少小时", is answered by
		// the value that measure picked, where it picked one.)
		if slices.ContainsFunc(t.u.measures, func(me *measure) bool {
			return slices.ContainsFunc(me.units, func(u string) bool { return !IsASCII(u) && strings.HasPrefix(m[1], u) }) &&
				slices.ContainsFunc(out, func(p picked) bool { return me.measuredBy(p.attr) })
		}) {
			continue
		}
		for n := len(r); n >= 2; n-- {
			w := string(r[:n])
			hit := false
			for _, a := range ent.Attributes {
				if !internalKeys[a.Key] && a.Key != "price_cny" && writesAfterNumber(fold(a.Text()), w) {
					if !has(a.Key) {
						out = append(out, picked{a, "its value writes " + w + " after its number"})
					}
					hit = true
				}
			}
			if hit {
				break
			}
		}
	}
	// "是一根的价格还是一副": a choice between two measure words asks how
	// many one is, which a value counting in either states ("1副（2支）").
	for _, m := range pieceChoiceRE.FindAllStringSubmatch(t.nq, -1) {
		for _, a := range ent.Attributes {
			v := fold(a.Text())
			if !has(a.Key) && !internalKeys[a.Key] && a.Key != "price_cny" && (writesAfterNumber(v, m[1]) || writesAfterNumber(v, m[2])) {
				out = append(out, picked{a, "its value counts in " + m[1] + " or " + m[2] + " (" + m[0] + ")"})
			}
		}
	}
	// (Where nothing is picked, only for a question that asks no measure
	// or concept: one that asks a speed no key states is not answered by
	// a key that holds its characters.)
	if t.lang == "zh" && (len(out) > 0 || len(t.u.measures) == 0 && len(t.u.concepts) == 0) {
		out = append(out, t.clauseKeys(ent, out)...)
	}
	return out
}

// clauseKeys answers the clauses of a question of several that ask no
// measure or concept and that nothing picked speaks to ("承重多少 到手要
// 自己装吗"): the attribute whose key holds the clause's own characters
// that fewest of the entity's keys hold (装 of 安装; 线 of 有线连接 over
// 电, which three keys hold).
func (t *turn) clauseKeys(ent *kg.Entity, out []picked) []picked {
	cls := questionClauses(t.nq)
	if len(cls) < 2 {
		return nil
	}
	// (A clause that asks: a yes-no question, not the story around it,
	// "本子画完了".)
	cls = slices.DeleteFunc(cls, func(cl string) bool {
		return !isCueInClause(cl) && !yesNoRE.MatchString(cl) && !asksWhatRE.MatchString(cl)
	})
	if len(cls) == 0 {
		return nil
	}
	holders, inValues := map[rune]int{}, map[rune]int{}
	for _, a := range ent.Attributes {
		if internalKeys[a.Key] {
			continue
		}
		for _, r := range uniqueRunes(fold(a.Key)) {
			holders[r]++
		}
		for _, r := range uniqueRunes(fold(a.Value)) {
			inValues[r]++
		}
	}
	var add []picked
	for _, cl := range cls {
		var own []rune
		// ("分别多重": 分别, "respectively", is no word of a key.)
		for _, r := range strings.NewReplacer("分别", " ", "各自", " ").Replace(withoutCues(t.withoutNames(cl))) {
			if unicode.Is(unicode.Han, r) && !strings.ContainsRune(functionChars+"得过去来着上下到做让给把被没无别"+measureWords, r) && !slices.Contains(own, r) {
				own = append(own, r)
			}
		}
		speaks := func(a kg.Attribute) bool {
			return strings.ContainsFunc(fold(a.Key+a.Value), func(r rune) bool { return slices.Contains(own, r) })
		}
		if len(own) == 0 || slices.ContainsFunc(out, func(p picked) bool { return speaks(p.attr) }) ||
			slices.ContainsFunc(add, func(p picked) bool { return speaks(p.attr) }) {
			continue
		}
		var best *kg.Attribute
		bestScore, tie := 0.0, false
		for i, a := range ent.Attributes {
			if internalKeys[a.Key] {
				continue
			}
			// (Of keys alike, or where none holds one, the value that says
			// the clause's rare characters: 膜, 撕 of 水溶膜，无需撕开.)
			sc := 0.0
			for _, r := range uniqueRunes(fold(a.Key)) {
				// (A degree adverb, 最 of "最快", says how much, not what:
				// it speaks to 最高时速 but picks no 最大承重.)
				if slices.Contains(own, r) && holders[r] <= 2 && !strings.ContainsRune(degreeChars, r) {
					sc += 1 / float64(holders[r])
				}
			}
			for _, r := range uniqueRunes(fold(a.Value)) {
				if slices.Contains(own, r) && inValues[r] <= 2 {
					sc += 0.25 / float64(inValues[r])
				}
			}
			// (An amount asked, "放多少茶叶", of a key that holds the clause's
			// character: the key that names an amount, 投茶量 over 茶类.)
			if sc > 0 && amountRE.MatchString(cl) && strings.HasSuffix(fold(a.Key), "量") {
				sc += 0.5
			}
			switch {
			case sc > bestScore:
				best, bestScore, tie = &ent.Attributes[i], sc, false
			case sc == bestScore && sc > 0:
				tie = true
			}
		}
		if best != nil && !tie {
			add = append(add, picked{*best, "its key holds a character of the clause " + cl + " that few keys hold"})
		}
	}
	return add
}

// degreeChars are degree adverbs (language-level).
const degreeChars = "最很太更较挺"

// asksWhatRE is a question word: the clause asks a thing, an amount or a
// way.
var asksWhatRE = regexp.MustCompile(`多少|几|什么|啥|哪|怎么|如何`)

// amountRE asks an amount.
var amountRE = regexp.MustCompile(`多少|几`)

// yesNoRE is a yes-no question: a final particle, a verb asked as A不A,
// or 有没有, 是否.
var yesNoRE = regexp.MustCompile(`[吗么嘛呢]$|(\p{Han})不(\p{Han})|是不是|要不要|能不能|会不会|可不可以|行不行|有没有|是否|能否|可否`)

// adjectiveOfName reports whether every place a value says adj is within
// a run of two or more characters of the product's name.
func adjectiveOfName(v, adj, name string) bool {
	rs, a := []rune(v), []rune(adj)[0]
	for i, r := range rs {
		if r != a {
			continue
		}
		inName := i > 0 && strings.Contains(name, string(rs[i-1:i+1])) || i+1 < len(rs) && strings.Contains(name, string(rs[i:i+2]))
		if !inName {
			return false
		}
	}
	return true
}

// isCueInClause reports whether a clause says a measure's or a concept's
// cue: it asks what they answer.
func isCueInClause(cl string) bool {
	for _, me := range measures {
		if slices.ContainsFunc(me.cues, func(c string) bool { return !IsASCII(c) && strings.Contains(cl, c) }) {
			return true
		}
	}
	for _, c := range concepts {
		if slices.ContainsFunc(c.cues, func(w string) bool { return !IsASCII(w) && strings.Contains(cl, w) }) {
			return true
		}
	}
	return false
}

// withoutCues is cl without the measures' and concepts' cues it says.
func withoutCues(cl string) string {
	for _, me := range measures {
		for _, c := range me.cues {
			if !IsASCII(c) {
				cl = strings.ReplaceAll(cl, c, "|")
			}
		}
	}
	for _, c := range concepts {
		for _, w := range c.cues {
			if !IsASCII(w) {
				cl = strings.ReplaceAll(cl, w, "|")
			}
		}
	}
	return cl
}

// uniqueRunes are the distinct runes of s.
func uniqueRunes(s string) []rune {
	var out []rune
	for _, r := range s {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// coreChars are the Chinese characters at least half of an English word's
// translations hold (速 of 速度, 航速, 速率, 奔驰), function characters
// aside.
func coreChars(gs []string) []rune {
	count := map[rune]int{}
	for _, g := range gs {
		seen := map[rune]bool{}
		for _, r := range g {
			if unicode.Is(unicode.Han, r) && !seen[r] && !strings.ContainsRune(functionChars+"上下大小人子头用性", r) {
				seen[r] = true
				count[r]++
			}
		}
	}
	var out []rune
	for r, n := range count {
		if 2*n >= len(gs) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// sharedNameRuns are the runs of a comparison's question (two Chinese
// characters or more, the longest) that every compared product's name
// holds: "防蓝光" of "BL1和BL2 Pro防蓝光差多少".
func (t *turn) sharedNameRuns() []string {
	if t.plan.Operation != "compare" {
		return nil
	}
	var names []string
	for _, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			names = append(names, fold(l.Name))
		}
	}
	if len(names) < 2 {
		return nil
	}
	rs := []rune(t.nq)
	var out []string
	for i := 0; i < len(rs); i++ {
		best := ""
		for j := i + 2; j <= len(rs) && unicode.Is(unicode.Han, rs[j-1]); j++ {
			w := string(rs[i:j])
			if !slices.ContainsFunc(names, func(n string) bool { return !strings.Contains(n, w) }) {
				best = w
			}
		}
		if best != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, best) }) {
			out = append(out, best)
			i += runeLen(best) - 1
		}
	}
	return out
}

// clauseOf is the clause of q that holds w: the run between the marks
// or spaces that part a question's clauses ("" when w is not in q).
func clauseOf(q, w string) string {
	for _, c := range strings.FieldsFunc(q, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '-' && r != '.' && r != '/'
	}) {
		if strings.Contains(c, w) {
			return c
		}
	}
	return ""
}

// looseTerms are the question's words of two or more Chinese characters
// that are no cue, intent word or group name: what it says about an
// entity in its own words (attrsFor leaves out the words of that
// entity's own name; another linked entity's name may be what it says:
// "V12的电池 我的V8能装吗").
func (t *turn) looseTerms() []string {
	if t.loose != nil {
		return t.loose
	}
	t.loose = []string{}
	for _, w := range t.terms {
		if runeLen(w) < 2 || IsASCII(w) || isIntentWord(w) || t.namesGroup(w) {
			continue
		}
		t.loose = append(t.loose, w)
	}
	return t.loose
}

// charOverlap is how many distinct characters of key occur in q.
func charOverlap(key, q string) float64 {
	n := 0
	seen := map[rune]bool{}
	for _, r := range key {
		if !seen[r] && strings.ContainsRune(q, r) && r > 0x80 {
			n++
		}
		seen[r] = true
	}
	return float64(n)
}

func cueOverlap(key string, cues []string) float64 {
	for _, c := range cues {
		if strings.Contains(key, c) || strings.Contains(c, key) {
			return 1
		}
	}
	return 0
}

func (t *turn) asksChannels() bool {
	return slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "channels" })
}

// asksAnything reports whether the question asks some attribute: a
// measure, a concept, a key it names, or the adjective a comparison is by
// ("哪个更酸").
func (t *turn) asksAnything() bool {
	return len(t.u.measures) > 0 || len(t.u.concepts) > 0 || t.plan.Operation == "compare" && len(t.u.adjectives) > 0 || slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool { return k.Score >= 0.7 })
}

// differRE asks how things differ, not in what.
var differRE = regexp.MustCompile(`区别|差别|差异|差在哪|差哪|不同|不一样|difference|differ`)

// besidesRE is what a clause sets aside ("除了价格还差在哪"): known
// already, not asked.
var besidesRE = regexp.MustCompile(`除了[^，,。？?！!\s]{1,8}?(以外|之外)?(还|，|,)`)

// asksDifference reports whether a clause of the question asks how the
// things differ and nothing in particular ("有啥区别" beside "差多少钱";
// not "容量有什么区别").
func (t *turn) asksDifference() bool {
	return slices.ContainsFunc(questionClauses(t.nq), func(cl string) bool {
		if !differRE.MatchString(cl) {
			return false
		}
		cl = besidesRE.ReplaceAllString(cl, "")
		u := understand(cl)
		return len(u.measures) == 0 && len(u.concepts) == 0 &&
			!slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool { return strings.Contains(cl, fold(k.Key)) })
	})
}

// askedRelations are the relations of a product the question's words ask
// (hopCues: "套装里都有什么", "是给哪个机器用的").
func (t *turn) askedRelations() []string {
	var out []string
	for typ, cues := range hopCues {
		if slices.ContainsFunc(cues, func(c string) bool { return containsWord(t.nq, c) }) {
			out = append(out, typ)
		}
	}
	slices.Sort(out)
	return out
}

// hopCues say which relations of a linked product a question is about:
// its refill, the set it belongs to or contains, what it replaces or is
// replaced by, what it is used with (customer-service-general concepts).
var hopCues = map[string][]string{
	"REFILL_OF":   {"给哪个", "用在哪", "替换装", "补充装", "替换", "正装", "refill", "内芯", "耗材", "配件"},
	"PART_OF_SET": {"套装", "礼盒", "单买", "里有", "里面", "都有", "有哪", "set", "separately", "组合", "分开买"},
	"COMPATIBLE_WITH": {"给哪个", "用在哪", "配合", "搭配", "配哪", "配啥", "配什么", "配套", "配件", "一起用", "能用", "适配", "装到", "装在", "用不", "能装吗", "装得上", "能装上", "通用", "哪个换", "换哪个", "换什么",
		"with", "compatible", "fit", "onto", "attach", "mount", "accessor"},
	"REPLACES": {"停产", "替代", "换代", "还有卖", "新版", "旧版", "之前", "升级", "现在买", "换成", "搜不到", "replace"},
}

// memberList is the attribute of a set whose value names two or more of
// its members (PART_OF_SET neighbours pointing in), each by four or more
// characters of its name in a row: the set's own list of what it holds,
// with the size of each.
func memberList(set *kg.Entity, ns []kg.Neighbour) (kg.Attribute, bool) {
	var members [][]rune
	for _, n := range ns {
		if n.Relation.Type == "PART_OF_SET" && n.Relation.To == set.ID {
			members = append(members, []rune(fold(n.Entity.Name)))
		}
	}
	if len(members) < 2 {
		return kg.Attribute{}, false
	}
	for _, a := range set.Attributes {
		if internalKeys[a.Key] || a.Kind == kg.KindNumber {
			continue // (its English name names them too)
		}
		v := []rune(fold(a.Text()))
		named := 0
		for _, m := range members {
			if longestCommon(m, v) >= min(4, len(m)) {
				named++
			}
		}
		if named >= 2 {
			return a, true
		}
	}
	return kg.Attribute{}, false
}

// fitNumbers are the numbers the question says and the numbers the values
// of the variants it links say ("500" of "清川玻璃杯500的", "400g" of the
// linked 400g candle).
func (t *turn) fitNumbers() []string {
	ns := numbers(t.nq)
	for _, l := range t.links {
		if l.Type != "Variant" || t.idx == nil || t.idx.byID[l.ID] == nil {
			continue
		}
		for _, n := range numbers(fold(t.idx.byID[l.ID].Name)) {
			ns = appendUnique(ns, n)
		}
	}
	return ns
}

// fitWords are the question's words that name a product it links ("经纬"
// of "经纬40要保养了", linking 衡刻 经纬40 GMT自动表), but not the item's
// own name: a variant of the item whose values say one is the one for
// that product ("GMT自动（经纬）").
func (t *turn) fitWords(item *kg.Entity) []string {
	own := fold(item.Name)
	var ws []string
	for _, l := range t.links {
		if l.Type != "Product" && l.Type != "Variant" || l.ID == item.ID {
			continue
		}
		name := fold(l.Name)
		for _, w := range t.terms {
			if runeLen(w) >= 2 && digits(w) == 0 && strings.Contains(name, w) && !strings.Contains(own, w) {
				ws = appendUnique(ws, w)
			}
		}
	}
	return ws
}

// fittingVariants are the variants of an item (two or more) whose values
// say one of nums, unless all of them do; else those whose values say one
// of words, unless all of them do.
func fittingVariants(vs []kg.Entity, nums, words []string) []kg.Entity {
	if len(vs) < 2 {
		return nil
	}
	saying := func(says func(f string) bool) []kg.Entity {
		var out []kg.Entity
		for _, v := range vs {
			if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				return a.Key != "sku" && a.Kind != kg.KindNumber && says(fold(a.Text()))
			}) {
				out = append(out, v)
			}
		}
		if len(out) == len(vs) {
			return nil
		}
		return out
	}
	if out := saying(func(f string) bool { return slices.ContainsFunc(nums, func(n string) bool { return hasNumber(f, n) }) }); len(out) > 0 {
		return out
	}
	return saying(func(f string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(f, w) })
	})
}

// cnUnitRE is a number with a Chinese unit that has a sign (unitSigns),
// longest units first ("千克" before "克").
var cnUnitRE = func() *regexp.Regexp {
	var us []string
	for u, signs := range unitSigns {
		if len(signs) > 0 {
			us = append(us, regexp.QuoteMeta(u))
		}
	}
	slices.SortFunc(us, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return regexp.MustCompile(`(\d)\s*(` + strings.Join(us, "|") + `)`)
}()

// asciiUnits writes units after numbers with their signs, the way catalogs
// mostly do ("250克" → "250g"), so that "250克" names the variant "250g".
func asciiUnits(s string) string {
	return cnUnitRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := cnUnitRE.FindStringSubmatch(m)
		return sub[1] + unitSigns[sub[2]][0]
	})
}

// whichRE asks which product to choose.
var whichRE = regexp.MustCompile(`哪个|哪款|哪种|哪些|用啥|用什么|买啥|买什么|换什么|换啥|\bwhich\b|what (should|do|can) i (buy|get|use)`)

// gatherFacts turns the linked entities, their variants and the products
// one relation away that the question is about into fact evidence valid
// at the as-of date.
func (e *Engine) gatherFacts(ctx context.Context, t *turn) ([]piece, []string, error) {
	req := t.req
	var out []piece
	var warnings []string
	seen := map[string]bool{}
	addAttr := func(ent *kg.Entity, a kg.Attribute, why string, rel float64) {
		k := ent.ID + "#" + a.Key
		if seen[k] {
			return
		}
		seen[k] = true
		text := t.factText(ent, a)
		if why == whyDescription {
			text = descriptionText(a)
		}
		out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: ent.ID, EntityID: ent.ID, Version: ent.Version, Text: text},
			attr: a.Key, relevance: rel, why: why, fact: &a, name: displayName(ent, t.lang)})
		t.plan.Attributes = appendPlanAttr(t.plan.Attributes, kg.PlanAttribute{Key: a.Key, Score: rel, Why: why})
	}
	addChannels := func(ent *kg.Entity, rel float64) {
		if len(ent.Channels) == 0 || seen[ent.ID+"#channels"] {
			return
		}
		seen[ent.ID+"#channels"] = true
		out = append(out, piece{Evidence: kg.Evidence{Kind: "fact", ID: ent.ID, EntityID: ent.ID, Version: ent.Version, Text: channelsText(ent, t.lang)},
			attr: "channels", relevance: rel, why: "concept channels"})
	}
	// addRelation states the relation between ent and its neighbour; false
	// when it was stated already or has no sentence.
	addRelation := func(ent *kg.Entity, n kg.Neighbour, rel float64, why string) bool {
		p, ok := t.relationPiece(ent, n, rel, why)
		if !ok || seen[p.ID] {
			return false
		}
		seen[p.ID] = true
		out = append(out, p)
		return true
	}
	// fitted are the items used with a linked product that the question's
	// words name (fittingItems): what is asked of them answers as much as
	// what is asked of the product.
	fitted := map[string]bool{}
	addEntity := func(ent *kg.Entity, hop int) {
		if ent.Status != kg.StatusActive {
			return
		}
		rel := 1.0
		if hop > 0 && !fitted[ent.ID] {
			rel = 0.8
		}
		for _, p := range t.attrsFor(ent) {
			addAttr(ent, p.attr, p.why, rel)
		}
		if t.asksChannels() {
			addChannels(ent, rel)
			// Where to buy something not yet launched, or no longer sold:
			// the dates say why.
			if !onSale(ent, t.req.AsOf) {
				for _, k := range []string{"launched", "discontinued"} {
					if a, ok := ent.Attr(k); ok {
						addAttr(ent, a, "not on sale at the as-of date", rel)
					}
				}
			}
		}
		if hop == 0 && !t.asksAnything() && ent.Type != "Variant" && (t.describe || !policyIntents[t.sig.Intent] && len(t.keys) == 0) {
			// "介绍一下X", "知道X吗", or a question about X that asks for no
			// attribute: its description, where it has one.
			if a, ok := description(ent); ok {
				addAttr(ent, a, whyDescription, 0.9)
			} else if t.nameOnly {
				// No description: what a shop would say of it first, its
				// category and price.
				for _, k := range []string{"category", "price_cny"} {
					if a, ok := ent.Attr(k); ok {
						addAttr(ent, a, "what it is, asked by its name alone", 0.9)
					}
				}
			}
		}
	}
	// "清川玻璃杯500的 想配个盖子": of the variants of an item used with a
	// linked product, the ones whose values say a number the question or a
	// variant it links says (清川玻璃杯500ml（口径80mm）).
	fitNums := t.fitNumbers()
	addFitVariants := func(item *kg.Entity) error {
		fitWs := t.fitWords(item)
		if len(fitNums)+len(fitWs) == 0 {
			return nil
		}
		ns, err := e.Store.Neighbours(ctx, req.KB, item.ID, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
		if err != nil {
			return fmt.Errorf("answer: gather: variants of %s: %w", item.ID, err)
		}
		var vs []kg.Entity
		for _, n := range ns {
			if t.sellsVariant(&n.Entity) {
				vs = append(vs, n.Entity)
			}
		}
		for _, v := range fittingVariants(vs, fitNums, fitWs) {
			if p := variantRow(&v, t.lang, 1); !seen[p.ID+"#fit"] {
				seen[p.ID+"#fit"] = true
				p.why = "the variant of the item used with it that fits the number the question says"
				out = append(out, p)
			}
		}
		return nil
	}
	// addFitted states the items used with ent that the question's words
	// name, with what is asked of them and their price: they are what the
	// answer recommends.
	addFitted := func(ent *kg.Entity, cued bool) (int, error) {
		ns, err := e.fittingItems(ctx, t, ent, cued)
		if err != nil {
			return 0, err
		}
		for _, n := range ns {
			fitted[n.Entity.ID] = true
			if !addRelation(ent, n, 1, "relation "+n.Relation.Type+", named by the question's words") {
				continue
			}
			addEntity(&n.Entity, 1)
			if a, ok := n.Entity.Attr("price_cny"); ok && onSale(&n.Entity, req.AsOf) {
				addAttr(&n.Entity, a, "the price of what the answer recommends", 1)
			}
			if err := addFitVariants(&n.Entity); err != nil {
				return 0, err
			}
		}
		return len(ns), nil
	}
	var compared []kg.Entity // the products the question names, as found
	for i, id := range t.linked {
		if i >= 4 {
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
		if ent.Type != "Product" && ent.Type != "Variant" && ent.Type != "Concept" && ent.Type != "Brand" && ent.Type != "Promotion" {
			continue
		}
		if c, ok := ent.Attr("category"); ok && (ent.Type == "Product" || ent.Type == "Variant") && runeLen(c.Value) >= 2 {
			t.kinds = appendUnique(t.kinds, fold(c.Value))
		}
		named := ent // the product as the question names it (before its replacement stands in)
		if ent.Type == "Product" && !onSale(&ent, req.AsOf) {
			r, ok, err := e.replacement(ctx, t, &ent)
			if err != nil {
				return nil, nil, err
			}
			why := ent.ID + " is no longer sold; " + r.Entity.ID + " replaces it"
			switch {
			case slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "availability" }):
				// "M2还在卖吗": its dates, and what replaced it.
				addEntity(&ent, 0)
				if ok {
					addRelation(&ent, r, 1, why)
					addEntity(&r.Entity, 0)
				}
				// "停产了 我家那台的滤芯还能买到吗": its refills still sold.
				if _, err := addFitted(&ent, false); err != nil {
					return nil, nil, err
				}
				continue
			case ok && !slices.Contains(t.linked, r.Entity.ID):
				// What replaced it is what the customer can buy, so its
				// facts answer (unless both are named); compared with it
				// ("透氧比原来高多少"), the old one's facts answer too.
				// So do they where the question asks measures of the old
				// one it says it has ("old corded car vacuum…weight",
				// "老款的吸力多大"): it is the customer's own.
				addRelation(&ent, r, 1, why)
				if t.plan.Operation == "compare" || t.saysOwnOld() && t.asksStated(&ent) {
					addEntity(&ent, 0)
				}
				ent = r.Entity
			}
		}
		addEntity(&ent, 0)
		if ent.Type == "Product" {
			compared = append(compared, ent)
			// A product asked of on a channel that does not sell it
			// ("直播间有那个云朵吸顶灯吗", asked on Douyin): where it is sold
			// answers too.
			if req.Channel != "" && !ent.OnChannel(req.Channel) && !t.asksChannels() {
				addChannels(&ent, 0.9)
			}
		}
		if ent.Type == "Variant" {
			out = append(out, variantRow(&ent, t.lang, 1))
			// What the product states for all its variants answers what
			// the variant's own values do not ("云朵睡垫r值多少 宽版的多少钱").
			p, ok := e.productOf(ctx, req, ent.ID)
			if !ok || slices.Contains(t.linked, p.ID) {
				continue
			}
			// The other variants the question names beside it ("长款比中长款
			// 贵多少": the linker finds one name where both are said).
			vs, err := e.namedVariants(ctx, t, p)
			if err != nil {
				return nil, nil, err
			}
			if slices.ContainsFunc(vs, func(v kg.Entity) bool { return v.ID == ent.ID }) {
				for _, v := range vs {
					if v.ID != ent.ID {
						out = append(out, variantRow(&v, t.lang, 1))
					}
				}
			}
			for _, a := range t.attrsFor(p) {
				if _, own := ent.Attr(a.attr.Key); !own {
					addAttr(p, a.attr, a.why+", of the variant's product", 1)
				}
			}
			// What is used with it is its product's (a refill, a part).
			ent, named = *p, *p
		} else {
			vs, err := e.variants(ctx, t, &ent)
			if err != nil {
				return nil, nil, err
			}
			for _, v := range vs {
				r := variantRow(&v, t.lang, 1)
				r.of = ent.ID
				out = append(out, r)
			}
		}
		var types []string
		for typ, cues := range hopCues {
			if slices.ContainsFunc(cues, func(c string) bool { return containsWord(t.nq, c) }) {
				types = append(types, typ)
			}
		}
		// "我家那台的滤芯还能买到吗", "pro2耳塞破了 买哪个换": the question's
		// words name what is used with it (its refill, a part), which
		// answers, whichever of the two relations holds it.
		nf, err := addFitted(&named, len(types) > 0 || whichRE.MatchString(t.nq))
		if err != nil {
			return nil, nil, err
		}
		// "开荒套装里那个拖把 拖布用烂了 换啥": a set's member the question's
		// words name has the items used with it too.
		nn := fold(named.Name)
		if nf == 0 && named.Type == "Product" && slices.ContainsFunc(t.looseTerms(), func(w string) bool { return !strings.Contains(nn, w) }) {
			ms, err := e.Store.Neighbours(ctx, req.KB, named.ID, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{"PART_OF_SET"}, Direction: kg.In, Limit: 50})
			if err != nil {
				return nil, nil, fmt.Errorf("answer: gather: members of %s: %w", named.ID, err)
			}
			for _, m := range ms {
				mn := fold(m.Entity.Name)
				if m.Entity.Type != "Product" || !slices.ContainsFunc(t.looseTerms(), func(w string) bool { return strings.Contains(mn, w) && !strings.Contains(nn, w) }) {
					continue
				}
				if _, err := addFitted(&m.Entity, true); err != nil {
					return nil, nil, err
				}
			}
		}
		if nf > 0 {
			types = slices.DeleteFunc(types, func(s string) bool { return s == "REFILL_OF" || s == "COMPATIBLE_WITH" })
		}
		if len(types) == 0 {
			continue
		}
		slices.Sort(types)
		ns, err := e.Store.Neighbours(ctx, req.KB, ent.ID, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: types, Limit: 20})
		if err != nil {
			return nil, nil, err
		}
		// "礼盒里都有啥": a set's own line that names its members ("蜡烛80g＋
		// 藤条香薰100ml＋…") says which of each it holds.
		if slices.Contains(types, "PART_OF_SET") {
			if a, ok := memberList(&ent, ns); ok {
				addAttr(&ent, a, "it names the set's members", 0.8)
			}
		}
		for _, n := range ns {
			if addRelation(&ent, n, 0.9, "relation "+n.Relation.Type) {
				addEntity(&n.Entity, 1)
				// "买哪个", "which one fits": what is recommended comes with
				// its price, as a shop assistant would say it.
				if whichRE.MatchString(t.nq) && n.Entity.Type == "Product" && onSale(&n.Entity, req.AsOf) {
					if a, ok := n.Entity.Attr("price_cny"); ok {
						addAttr(&n.Entity, a, "the price of what the answer recommends", 0.8)
					}
				}
				if n.Relation.Type == "COMPATIBLE_WITH" || n.Relation.Type == "REFILL_OF" {
					if err := addFitVariants(&n.Entity); err != nil {
						return nil, nil, err
					}
				}
			}
		}
	}
	// Products asked about together are each answered by what the others
	// were ("S1和S2都是偏光的吗": S2's 镜片 says 非偏光, so S1's 镜片
	// answers too, beside its 偏光度).
	if len(compared) > 1 {
		for i := range compared {
			ent := &compared[i]
			for _, p := range slices.Clone(out) {
				if p.Kind != "fact" || p.fact == nil || p.EntityID == ent.ID || strings.HasPrefix(p.attr, "@") ||
					!slices.ContainsFunc(compared, func(c kg.Entity) bool { return c.ID == p.EntityID }) {
					continue
				}
				if a, ok := ent.Attr(p.attr); ok {
					addAttr(ent, a, "the key "+p.EntityID+" is compared by", 1)
				}
			}
		}
	}
	// "P3和P5有什么区别", asking no attribute: the keys both have and
	// differ on answer, as a shop assistant compares two things; so they
	// do where a clause of its own asks that ("D1跟D2有啥区别 差多少钱").
	if t.plan.Operation == "compare" && len(compared) > 1 && (!t.asksAnything() || t.asksDifference()) {
		// (As many as the evidence holds for each, beside the pairs below.)
		counterparts := counterpartKeys(compared)
		for _, k := range differingKeys(compared, min(maxDifferingKeys, maxEvidenceFacts/len(compared)-min(len(counterparts), 2))) {
			for i := range compared {
				if a, ok := compared[i].Attr(k); ok {
					addAttr(&compared[i], a, "a key the compared products differ on", 1)
				}
			}
		}
		// (What one states under a key that holds the other's: "降噪：仅
		// 通话降噪" beside "主动降噪深度：52dB"; two such pairs at most.)
		for n, kp := range counterparts {
			if n == 2 {
				break
			}
			for i, k := range kp {
				if a, ok := compared[i].Attr(k); ok {
					addAttr(&compared[i], a, "a key the compared products differ on (the other states it as "+kp[1-i]+")", 1)
				}
			}
		}
	}
	// "l9 pro和max还差啥": variants of one product compared differ where
	// the product's own facts name each of them (智驾硬件：Pro：纯视觉…；
	// Max：激光雷达…).
	if t.plan.Operation == "compare" {
		if err := e.variantsCompared(ctx, t, addAttr); err != nil {
			return nil, nil, err
		}
	}
	// "羊绒毛衣起球了 你家有啥工具能弄 多少钱": a fact of a linked product
	// names another product (起球说明：…可用羊绒梳去除), and the price asked
	// is that product's too.
	if slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "price" }) {
		linker, err := e.links.get(ctx, req.KB, e.now(), e.linkableNames)
		if err != nil {
			return nil, nil, fmt.Errorf("answer: entity names: %w", err)
		}
		named := 0
		for _, p := range slices.Clone(out) {
			// (What it fits, "适配说明：仅适配…叠叠锅", is no product to buy.)
			if named == 2 || p.fact == nil || p.relevance < 1 || strings.HasPrefix(p.attr, "@") || !slices.Contains(t.linked, p.EntityID) || p.attr == "price_cny" ||
				slices.ContainsFunc(suitabilityParts, func(k string) bool { return strings.Contains(fold(p.attr), k) }) {
				continue
			}
			for _, l := range linker.Find(p.fact.Text()) {
				if l.Coverage < 0.8 || slices.Contains(t.linked, l.ID) || seen[l.ID+"#price_cny"] {
					continue
				}
				ent, err := e.entity(ctx, req, l.ID)
				if err != nil || ent.Type != "Product" || !onSale(&ent, req.AsOf) {
					continue
				}
				if a, ok := ent.Attr("price_cny"); ok {
					addAttr(&ent, a, "the price of a product "+p.EntityID+"'s "+p.attr+" names", 0.95)
					named++
				}
			}
		}
	}
	if t.catalog() || t.groupLookup() {
		cat, err := e.catalogFacts(ctx, t)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, cat...)
	}
	return out, warnings, nil
}

// pieceChoiceRE is a choice between one of two measure words ("一根的价格
// 还是一副").
var pieceChoiceRE = regexp.MustCompile(`一([` + measureWords + `])[^，,。？?！!\s]{0,4}还是一?([` + measureWords + `])`)

// unitWordRE is a word of Chinese characters asked by 多少 or 几.
var unitWordRE = regexp.MustCompile(`(?:多少|几)(\p{Han}{2,3})`)

// writesAfterNumber reports whether s writes w right after a number, or
// after a number and a Latin word ("2800ansi流明", folded).
func writesAfterNumber(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		k := strings.TrimRightFunc(s[:j], func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) })
		if k != "" && k[len(k)-1] >= '0' && k[len(k)-1] <= '9' {
			return true
		}
		i = j + len(w)
	}
}

// measuresAsked are the measures the question asks with cue.
func (t *turn) measuresAsked(cue string) []*measure {
	var ms []*measure
	for i, m := range t.u.measures {
		if t.u.measureCue[i] == cue && !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return ms
}

// hanPairs are the distinct pairs of adjacent Chinese characters of s.
func hanPairs(s string) []string {
	var out []string
	r := []rune(s)
	for i := 0; i+1 < len(r); i++ {
		if w := string(r[i : i+2]); unicode.Is(unicode.Han, r[i]) && unicode.Is(unicode.Han, r[i+1]) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// withoutNames is a clause of the question without the runs of two or
// more characters of the linked names in it ("84消毒液能放多久" → "|能放多久").
func (t *turn) withoutNames(cl string) string {
	for _, l := range t.links {
		name := []rune(fold(l.Name))
		for {
			run := commonSpan([]rune(cl), name)
			if runeLen(run) < 2 {
				break
			}
			cl = strings.Replace(cl, run, "|", 1)
		}
	}
	return cl
}

// measureScore is how well an attribute stating a quantity of m answers
// the cue in the question's words q: its key's characters in q, the
// measure's cue words in its key, a value that is one measure, the
// dimension asked, the question's words (words) in its value, and a value
// given per the unit asked.
func measureScore(a kg.Attribute, m *measure, cue, q string, words []string) float64 {
	s := charOverlap(fold(a.Key), q) + 1.5*cueOverlap(fold(a.Key), m.cues)
	// A value that is one measure, not a sentence with numbers in it; a
	// size written length × width (× height) is one too where the size is
	// asked whole ("多大", "how big": 55×38×22cm; not "多长", 琴长).
	if a.Num != nil || (cue == "多大" || cue == "how big") && dimsRE.MatchString(a.Value) && runeLen(a.Value) <= 24 {
		s += 0.5
	}
	// "皮多厚": a key or value that says the dimension asked
	// (厚, as in "（厚度1.2-1.4mm）").
	// A size written length × width (× height) states each of them.
	// (How far is said as a distance: 多远 by 距, as in "手掌距感应区10-25cm".)
	if r := []rune(cue); dimensionCue(cue) &&
		(strings.ContainsRune(fold(a.Key+a.Value), r[1]) || r[1] == '远' && strings.ContainsRune(fold(a.Key+a.Value), '距') ||
			strings.ContainsRune("长宽高", r[1]) && dimsRE.MatchString(a.Value)) {
		s += 1.5
	}
	// A value that says the question's own words ("开降噪能用几个
	// 小时": 8h（降噪关）/6h（降噪开）).
	for _, w := range words {
		if strings.Contains(fold(a.Value), w) {
			s++
		}
	}
	// "最多扛多重": a most asked is the key that states the most (最大承重,
	// not 重量).
	if maxAskRE.MatchString(q) && maxKeyRE.MatchString(fold(a.Key)) {
		s += 1.5
	}
	// "一节多长时间", "一天能喂几根": a value given per that
	// unit (每节45分钟, 每天不超过4支, 39元/盒).
	if perUnitIn(q, fold(a.Value)) {
		s += 1.5
	}
	return s
}

// howToRE asks how to do a thing ("咋煮", "怎么泡": the verb); wayKeyRE is
// a key that tells a way of doing one (煮饮方法, 冲泡方式, 清洗步骤).
var (
	howToRE  = regexp.MustCompile(`(?:怎么|咋|如何|怎样)(\p{Han})`)
	wayKeyRE = regexp.MustCompile(`方法|方式|步骤|说明|建议`)
)

// maxAskRE asks the most of a measure ("最多扛多重", "at most"), or of
// what the product bears, a measure of the one that uses it ("多重的人能
// 坐": 最大承重, not the product's own 重量); maxKeyRE is a key that
// states one (最大承重, 最高时速, max load).
var (
	maxAskRE = regexp.MustCompile(`最多|最大|最高|最长|最重|\bat most\b|\bmax(imum)?\b|\bup to\b|` +
		`多(?:重|高|长|宽|粗|厚|少斤|少公斤)的\p{Han}{1,3}?(?:能|可以|可|也能|还能)|\bhow (?:heavy|tall|big|wide|thick) (?:a|an) [a-z]+ can\b`)
	maxKeyRE = regexp.MustCompile(`最大|最高|最多|最长|\bmax`)
)

// perUnitRE is a quantity asked per one of a unit: "一节", "每盒".
var perUnitRE = regexp.MustCompile(`[一每](\p{Han})`)

// perUnitIn reports whether a value states a quantity per a unit the
// question asks per ("一节多长时间": 每节45分钟; "一盒多少钱": 39元/盒).
func perUnitIn(nq, value string) bool {
	for _, m := range perUnitRE.FindAllStringSubmatch(nq, -1) {
		if strings.Contains(value, "每"+m[1]) || strings.Contains(value, "/"+m[1]) {
			return true
		}
	}
	return false
}

// countOfRE is a count asked of a thing by its measure word: "几鼓",
// "几个品", "多少种", "how many Wh".
var countOfRE = regexp.MustCompile(`(?:几|多少)个?(\p{Han}|[a-z]+\b)|\bhow (?:many|much) ([a-z]+)\b`)

// countsOf returns the counts asked by a measure word in nq, each as the
// match and the word ("几鼓" and 鼓, "how many wh" and wh).
func countsOf(nq string) [][2]string {
	var out [][2]string
	for _, m := range countOfRE.FindAllStringSubmatch(nq, -1) {
		out = append(out, [2]string{m[0], m[1] + m[2]})
	}
	return out
}

// countsIn reports whether text writes a number with the measure word w
// ("5鼓3镲" counts 鼓 and 镲; spaces between them aside).
func countsIn(text, w string) bool {
	if w == "" {
		return false
	}
	latin := IsASCII(w)
	for i := strings.Index(text, w); i >= 0; {
		before := strings.TrimRight(text[:i], " ")
		// (A Latin unit ends its word: "4k", not the k of "10kg".)
		after := text[i+len(w):]
		whole := !latin || after == "" || !(after[0] < utf8.RuneSelf && unicode.IsLetter(rune(after[0])))
		if whole && before != "" && before[len(before)-1] >= '0' && before[len(before)-1] <= '9' {
			return true
		}
		j := strings.Index(text[i+len(w):], w)
		if j < 0 {
			break
		}
		i += len(w) + j
	}
	return false
}

// maxDifferingKeys caps the keys a comparison asking none is answered by.
const maxDifferingKeys = 10

// differingKeys are the keys every product has and not all with one value,
// in the first product's order, at most most; the keys that are no
// property of a product (its category, its dates, kgrag's own fields) are
// left out.
func differingKeys(ps []kg.Entity, most int) []string {
	var out []string
	for _, a := range ps[0].Attributes {
		if internalKeys[a.Key] || a.Key == "category" || a.Key == "launched" || a.Key == "discontinued" || len(out) >= most {
			continue
		}
		differ := false
		for _, p := range ps[1:] {
			b, ok := p.Attr(a.Key)
			if !ok {
				differ = false
				break
			}
			differ = differ || fold(b.Value) != fold(a.Value)
		}
		if differ {
			out = append(out, a.Key)
		}
	}
	return out
}

// variantsCompared adds, of the product whose variants a comparison names
// by the words only their names add (Pro, Max of 擎风 L9 增程SUV Pro and
// …Max), two or more of them, the product's facts whose values name two
// or more of those words: where the variants differ.
func (e *Engine) variantsCompared(ctx context.Context, t *turn, add func(*kg.Entity, kg.Attribute, string, float64)) error {
	var done []string
	for _, id := range t.linked {
		ent, err := e.entity(ctx, t.req, id)
		if err != nil {
			continue
		}
		p := &ent
		if ent.Type == "Variant" {
			if p, _ = e.productOf(ctx, t.req, id); p == nil {
				continue
			}
		}
		if p.Type != "Product" || slices.Contains(done, p.ID) {
			continue
		}
		done = append(done, p.ID)
		vs, err := e.variantsOf(ctx, t, p, false)
		if err != nil {
			return err
		}
		var named []string
		for _, v := range vs {
			w := strings.TrimSpace(strings.Replace(fold(v.Name), fold(p.Name), "", 1))
			if runeLen(w) >= 2 && w != fold(v.Name) && strings.Contains(t.nq, w) && !slices.Contains(named, w) {
				named = append(named, w)
			}
		}
		if len(named) < 2 {
			continue
		}
		for _, a := range p.Attributes {
			v := fold(a.Value)
			n := 0
			for _, w := range named {
				if hasNumber(v, w) { // (a number is no part of a longer one: 24 of 2024)
					n++
				}
			}
			if n >= 2 && !internalKeys[a.Key] {
				add(p, a, "states how the variants compared differ", 1)
			}
		}
	}
	return nil
}

// counterpartKeys are, of two products, the pairs of keys that only one of
// each states and one holds the other ("降噪" of 主动降噪深度): the same
// thing said of each.
func counterpartKeys(ps []kg.Entity) [][2]string {
	if len(ps) != 2 {
		return nil
	}
	var out [][2]string
	for _, a := range ps[0].Attributes {
		if internalKeys[a.Key] || runeLen(a.Key) < 2 {
			continue
		}
		if _, ok := ps[1].Attr(a.Key); ok {
			continue
		}
		for _, b := range ps[1].Attributes {
			if _, ok := ps[0].Attr(b.Key); ok || internalKeys[b.Key] || runeLen(b.Key) < 2 || !strings.Contains(a.Key, b.Key) && !strings.Contains(b.Key, a.Key) {
				continue
			}
			out = append(out, [2]string{a.Key, b.Key})
			break
		}
	}
	return out
}

func appendPlanAttr(xs []kg.PlanAttribute, a kg.PlanAttribute) []kg.PlanAttribute {
	if slices.ContainsFunc(xs, func(x kg.PlanAttribute) bool { return x.Key == a.Key }) {
		return xs
	}
	return append(xs, a)
}

const whyDescription = "the entity's description"

// description is an entity's longest text attribute, when it is a
// description (a sentence or more), not a short value.
func description(ent *kg.Entity) (kg.Attribute, bool) {
	var best kg.Attribute
	for _, a := range ent.Attributes {
		if a.Kind == kg.KindString && !internalKeys[a.Key] && runeLen(a.Value) > runeLen(best.Value) {
			best = a
		}
	}
	return best, runeLen(best.Value) >= 50
}

// variants returns the variants of a product the question is about: those
// whose values it names ("M码", "400g"), or all of them when it asks what
// only the variants state or how they differ.
func (e *Engine) variants(ctx context.Context, t *turn, ent *kg.Entity) ([]kg.Entity, error) {
	return e.variantsOf(ctx, t, ent, false)
}

// namedVariants are the variants of ent whose values the question names.
func (e *Engine) namedVariants(ctx context.Context, t *turn, ent *kg.Entity) ([]kg.Entity, error) {
	return e.variantsOf(ctx, t, ent, true)
}

// partNamed reports whether the question says three or more Chinese
// characters that start or end a variant's value a (without its
// parenthesis: "感应版" of 人体感应版（人来灯亮、人走灯灭）), or a place
// inside it, that no other variant's value of the key holds.
func partNamed(nq string, a kg.Attribute, ns []kg.Neighbour) bool {
	core := []rune(fold(valueParenRE.ReplaceAllString(a.Text(), "")))
	if len(core) < 4 || !unicode.Is(unicode.Han, core[0]) {
		return false
	}
	for k := len(core) - 1; k >= 2; k-- {
		parts := []string{string(core[:k]), string(core[len(core)-k:])}
		if k == 2 {
			parts = parts[:1]
		}
		for _, part := range parts {
			if !strings.Contains(nq, part) || strings.ContainsFunc(part, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
				continue
			}
			if !slices.ContainsFunc(ns, func(n kg.Neighbour) bool {
				o, ok := n.Entity.Attr(a.Key)
				return ok && o.Text() != a.Text() && strings.Contains(fold(o.Text()), part)
			}) {
				return true
			}
		}
	}
	// "滨江和苏州哪个便宜" of 杭州滨江校区: a place inside the value (by the
	// dictionary) the question says, which no other variant's value holds.
	for i := range core {
		for k := 2; k <= 3 && i+k <= len(core); k++ {
			part := string(core[i : i+k])
			if strings.Contains(nq, part) && zhen.Place(part) && !slices.ContainsFunc(ns, func(n kg.Neighbour) bool {
				o, ok := n.Entity.Attr(a.Key)
				return ok && o.Text() != a.Text() && strings.Contains(fold(o.Text()), part)
			}) {
				return true
			}
		}
	}
	return false
}

// linkedNameHolds reports whether w is in the name of ent or of an entity
// the question links.
func (t *turn) linkedNameHolds(ent *kg.Entity, w string) bool {
	return strings.Contains(fold(ent.Name), w) || slices.ContainsFunc(t.links, func(l linkedEntity) bool { return strings.Contains(fold(l.Name), w) })
}

// saysValue reports whether q says the value v whole: as a word if it is
// Latin, and a number in it not as the tail of a longer one (6线 is not
// said by 16线).
func saysValue(q, v string) bool {
	if !containsWholeWord(q, v) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(v); !unicode.IsDigit(r) {
		return true
	}
	return saidWhere(q, v, func(before, _ string) bool {
		r, _ := utf8.DecodeLastRuneInString(before)
		return before == "" || !unicode.IsDigit(r) && r != '.'
	})
}

// numberInHanUnitRE is a number and a Chinese unit after it ("8寸", "3层").
var numberInHanUnitRE = regexp.MustCompile(`^\d+(?:\.\d+)?\p{Han}{1,2}$`)

// valueParenRE is a parenthesis of a value ("（人来灯亮、人走灯灭）").
var valueParenRE = regexp.MustCompile(`[（(][^）)]*[）)]`)

// sellsVariant reports whether v is a variant on sale on the question's
// channel.
func (t *turn) sellsVariant(v *kg.Entity) bool {
	// (On any channel when the question asks where it is sold: "天猫能买
	// 吗 亲子的多少钱".)
	return v.Type == "Variant" && v.Status == kg.StatusActive && (v.OnChannel(t.req.Channel) || t.asksChannels())
}

func (e *Engine) variantsOf(ctx context.Context, t *turn, ent *kg.Entity, namedOnly bool) ([]kg.Entity, error) {
	ns, err := e.Store.Neighbours(ctx, t.req.KB, ent.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
	if err != nil || len(ns) == 0 {
		return nil, err
	}
	var all, named []kg.Entity
	q := withMetricForms(asciiUnits(joinUnits(textUnits(t.nq)))) // the question, in the units values are written in
	for _, n := range ns {
		if !t.sellsVariant(&n.Entity) {
			continue
		}
		all = append(all, n.Entity)
		for _, a := range n.Entity.Attributes {
			if a.Key == "sku" || a.Kind == kg.KindNumber {
				continue
			}
			// Against the whole question: the variant's own name may have
			// been what linked it ("拉拉裤XL码").
			// (A number in a Chinese unit as the question writes it, "8寸",
			// where it asks what the variant states; "30枚鸡蛋碎了3个 咋赔"
			// asks the rule.)
			if v := asciiUnits(fold(a.Text())); v != "" && variesAcross(ns, a.Key) && (containsWholeWord(q, v) || numberInHanUnitRE.MatchString(v) && t.asksAnything() && saysValue(t.nq, v)) {
				named = append(named, n.Entity)
				break
			}
			// "16线" of 16线（4D）: the value without its parenthesis, unless
			// a name the question links says it (V5 of V5（无猫眼）names the
			// product).
			if core := valueParenRE.ReplaceAllString(a.Text(), ""); core != a.Text() && runeLen(core) >= 2 && variesAcross(ns, a.Key) && saysValue(q, asciiUnits(joinUnits(textUnits(core)))) && !t.linkedNameHolds(ent, fold(core)) {
				named = append(named, n.Entity)
				break
			}
			// "感应版" of 人体感应版（人来灯亮、人走灯灭）: the value's head
			// or tail, which no other variant's value says.
			if partNamed(t.nq, a, ns) {
				named = append(named, n.Entity)
				break
			}
			// "蓝色" of the colour 海蓝: a colour's character, which the
			// value of no other variant says.
			if colourNamed(t.nq, a, ns) {
				named = append(named, n.Entity)
				break
			}
		}
	}
	// "158w多钱": a number joined to letters that one variant's value says
	// whole, inside its parenthesis too ("158cm（宽板158W）"), names it.
	if len(named) == 0 {
		var byCode []kg.Entity
		for _, tok := range numberCodeRE.FindAllString(q, -1) {
			for _, v := range all {
				if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
					return a.Key != "sku" && a.Kind != kg.KindNumber && variesAcross(ns, a.Key) && containsWholeWord(asciiUnits(joinUnits(textUnits(fold(a.Text())))), tok)
				}) && !slices.ContainsFunc(byCode, func(b kg.Entity) bool { return b.ID == v.ID }) {
					byCode = append(byCode, v)
				}
			}
		}
		if len(byCode) == 1 {
			named = byCode
		}
	}
	// "q3 8+256跟12+256差多少钱": the numbers of values that join numbers in
	// units by signs (8GB+256GB) said with their units left out name
	// those variants.
	if len(named) == 0 {
		for _, v := range all {
			if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				return a.Key != "sku" && a.Kind != kg.KindNumber && variesAcross(ns, a.Key) && saysBareNumbers(t.nq, fold(a.Text()))
			}) {
				named = append(named, v)
			}
		}
	}
	// "5节的收起来多长": a whole number and a measure word that is no unit
	// of a physical measure (kg, cm) names the one variant whose plain number of a key that varies is it
	// (sections: 5).
	if len(named) == 0 {
		var byCount []kg.Entity
		for _, m := range numberWordRE.FindAllStringSubmatch(t.nq, -1) {
			if physicalUnit(m[2]) {
				continue
			}
			for _, v := range all {
				if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
					return a.Kind == kg.KindNumber && a.Key != "price_cny" && a.Value == m[1] && variesAcross(ns, a.Key)
				}) && !slices.ContainsFunc(byCount, func(b kg.Entity) bool { return b.ID == v.ID }) {
					byCount = append(byCount, v)
				}
			}
		}
		if len(byCount) == 1 {
			named = byCount
		}
	}
	// "12月6号出发的", "departing Dec 6": a day said names the variants
	// whose value holds that date (2025-12-06).
	if len(named) == 0 {
		var days []string // "-12-06"
		for _, m := range saidDayRE.FindAllStringSubmatch(t.nq, -1) {
			mo, _ := strconv.Atoi(m[1])
			d, _ := strconv.Atoi(m[2])
			if m[3] != "" {
				mo = monthOfAbbr(m[3])
				d, _ = strconv.Atoi(m[4])
			}
			if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
				days = append(days, fmt.Sprintf("-%02d-%02d", mo, d))
			}
		}
		var byDay []kg.Entity
		for _, v := range all {
			if len(days) > 0 && slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				return a.Key != "sku" && a.Kind != kg.KindNumber && variesAcross(ns, a.Key) && slices.ContainsFunc(isoDateRE.FindAllString(a.Text(), -1), func(x string) bool {
					return slices.ContainsFunc(days, func(d string) bool { return strings.HasSuffix(x, d) })
				})
			}) {
				byDay = append(byDay, v)
			}
		}
		if len(byDay) > 0 && len(byDay) < len(all) {
			named = byDay
		}
	}
	// "狗子10.5公斤 洗澡多少", "娃1米3": a measure the question states
	// names the variants whose span or bound of a key that varies holds it
	// (10-20kg（不含10kg，含20kg）), where not all do.
	if len(named) == 0 {
		said := measuresSaid(t.nq)
		var byMeasure []kg.Entity
		for _, v := range all {
			if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				_, holds := measureTier(a.Text(), said)
				return a.Key != "sku" && a.Kind != kg.KindNumber && holds && variesAcross(ns, a.Key)
			}) {
				byMeasure = append(byMeasure, v)
			}
		}
		if len(byMeasure) > 0 && len(byMeasure) < len(all) {
			named = byMeasure
		}
	}
	// "我们一家4个人去": a count said with its measure word (4个人) names the
	// one variant whose value starts with the number and the noun (4人成行).
	if len(named) == 0 {
		var counts []string // "4人" of 4个人
		for _, m := range countedNounRE.FindAllStringSubmatch(t.nq, -1) {
			counts = append(counts, m[1]+m[2])
		}
		var byNoun []kg.Entity
		for _, v := range all {
			if len(counts) > 0 && slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				lead := leadCountRE.FindString(fold(a.Text()))
				return a.Key != "sku" && a.Kind != kg.KindNumber && lead != "" && variesAcross(ns, a.Key) && slices.Contains(counts, lead)
			}) {
				byNoun = append(byNoun, v)
			}
		}
		if len(byNoun) == 1 {
			named = byNoun
		}
	}
	// "77口径的cpl": a number of two or more digits that starts the value
	// of a key that varies of one variant alone (77mm, not a range) names
	// it; a day, a time or a code's part ("签收20天", "LX1008-28") does not.
	// (For a question that asks what a variant states: "30枚鸡蛋碎了3个
	// 咋赔" asks the rule.)
	if len(named) == 0 && t.asksAnything() {
		var qnums []string
		for _, m := range bareNumberRE.FindAllStringSubmatch(t.nq, -1) {
			qnums = append(qnums, m[1])
		}
		var byLead []kg.Entity
		for _, v := range all {
			if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
				num := leadNumRE.FindString(a.Text())
				return a.Key != "sku" && a.Kind != kg.KindNumber && len(num) >= 2 && !numRangeRE.MatchString(a.Text()) && variesAcross(ns, a.Key) && slices.Contains(qnums, num)
			}) {
				byLead = append(byLead, v)
			}
		}
		if len(byLead) == 1 {
			named = byLead
		}
	}
	// "100克的多少钱 250的呢": beside a variant named by its value, a bare
	// number that starts another's value of that key names that one too.
	if len(named) > 0 {
		for _, v := range all {
			if slices.ContainsFunc(named, func(n kg.Entity) bool { return n.ID == v.ID }) {
				continue
			}
			for _, a := range v.Attributes {
				num := leadNumRE.FindString(a.Text())
				if a.Key == "sku" || a.Kind == kg.KindNumber || num == "" || !variesAcross(ns, a.Key) || !hasNumber(t.nq, num) {
					continue
				}
				// (Not a number a variant named holds: "158cm" of
				// 158cm（宽板158W）, not 150cm's height 158-170cm.)
				if slices.ContainsFunc(named, func(n kg.Entity) bool {
					return slices.ContainsFunc(n.Attributes, func(b kg.Attribute) bool { return b.Key != "sku" && hasNumber(fold(b.Text()), num) })
				}) {
					continue
				}
				if slices.ContainsFunc(named, func(n kg.Entity) bool {
					b, ok := n.Attr(a.Key)
					return ok && leadNumRE.MatchString(b.Text())
				}) {
					named = append(named, v)
					break
				}
			}
		}
	}
	// A number of the question inside a range only some variants state
	// ("90 pack in -7.00": the 90-pack of -6.50D ~ -10.00D).
	pool := named
	if len(pool) == 0 {
		pool = all
	}
	if in := inRange(pool, t.nq); len(in) > 0 && len(in) < len(pool) {
		named = in
	}
	// "脚长258mm 穿多大码": a measure in a unit the variants' values of a
	// key are written in, between two of them, names those two (the
	// sizes on either side of it), where the question asks which (not
	// "do you have it in 72mm": whether).
	if len(named) == 0 && t.asksAnything() && !slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "availability" }) {
		named = bracketing(all, t.nq)
	}
	if len(named) > 0 || namedOnly {
		return named, nil
	}
	// What only the variants state, or a question over all of them.
	onVariants := false
	for _, v := range all {
		for _, p := range t.attrsFor(&v) {
			if _, ok := ent.Attr(p.attr.Key); !ok {
				onVariants = true
			}
		}
	}
	// A comparison of what the product itself states ("哪个轻") is not one
	// of its variants.
	own := len(t.attrsFor(ent)) > 0
	// Nor is a comparison of two products a list of one's variants
	// ("X1跟X2有啥区别": the keys they differ on answer).
	compare := t.plan.Operation == "compare" && (!t.asksAnything() || !own) && !t.comparesProducts(ent.ID)
	asksPrice := slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "price" })
	// What only the variants state is theirs to answer; a measure the
	// product states itself ("how thick": 厚度 32cm) is not their sizes'.
	onVariants = onVariants && (!own || len(t.keys) > 0 && slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool {
		_, ok := ent.Attr(k.Key)
		return k.Score >= 0.7 && !ok && t.enLabels[k.Key] == "" // (a dictionary word's keys are any product's)
	}))
	// (Nor are the prices of each of its variants, where what sets two
	// products apart is asked and the question names no variant: "s2和z7有啥区别
	// z7贵在哪" is the products' prices and the keys they differ on.)
	pricesOfTwo := t.plan.Operation == "compare" && t.comparesProducts(ent.ID) && whatDiffersRE.MatchString(t.nq)
	if onVariants || t.plan.Operation == "list" || compare || (t.asksAnything() && differ(all) && asksPrice && !pricesOfTwo) || eachVariantRE.MatchString(t.nq) && differ(all) {
		return all, nil
	}
	return nil, nil
}

// whatDiffersRE asks what sets two things apart ("有啥区别", "贵在哪").
var whatDiffersRE = regexp.MustCompile(`区别|不同|不一样|差在哪|贵在哪|好在哪`)

// comparesProducts reports whether the question links a product other
// than id, so that a comparison sets id beside it.
func (t *turn) comparesProducts(id string) bool {
	return slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.Type == "Product" && l.ID != id && !l.described })
}

// joinedNumbersRE is a value of numbers in units joined by signs:
// "8gb+256gb", "950ml×2瓶" is not (a count).
var joinedNumbersRE = regexp.MustCompile(`^\d+(?:\.\d+)?[a-z]*(?:[+×*/]\d+(?:\.\d+)?[a-z]*)+$`)

// saysBareNumbers reports whether q says the numbers of a value of numbers
// in units joined by signs (joinedNumbersRE) with the same signs and no
// units: "8+256" of 8gb+256gb.
func saysBareNumbers(q, v string) bool {
	if !joinedNumbersRE.MatchString(v) {
		return false
	}
	bare := unitLettersRE.ReplaceAllString(v, "$1")
	if bare == v {
		return false // no unit to leave out
	}
	// (Spaces around the signs do not count: "8 + 256".)
	q = signSpaceRE.ReplaceAllString(q, "$1")
	for i := 0; ; {
		j := strings.Index(q[i:], bare)
		if j < 0 {
			return false
		}
		j += i
		if end := j + len(bare); !numberByte(q, j-1) && !numberByte(q, end) {
			return true
		}
		i = j + 1
	}
}

// numberByte reports whether q[i] is part of a number: a digit or a point.
func numberByte(q string, i int) bool {
	return i >= 0 && i < len(q) && (q[i] >= '0' && q[i] <= '9' || q[i] == '.')
}

// signSpaceRE is a sign joining numbers with the spaces around it.
var signSpaceRE = regexp.MustCompile(`\s*([+×*/])\s*`)

// unitLettersRE is a number's unit in letters ("8gb").
var unitLettersRE = regexp.MustCompile(`(\d)[a-z]+`)

// eachVariantRE asks of each of a product's models or sizes ("两个型号 各配
// 多长的", "几个规格分别多少").
var eachVariantRE = regexp.MustCompile(`(两|几|三|四|[2-9]|每|各)个?(型号|规格|尺寸|版本|款式?|尺码).{0,6}(各|分别|都)`)

// numberCodeRE is a number joined to Latin letters ("158w").
var numberCodeRE = regexp.MustCompile(`\b\d+[a-z]+\b`)

// saidDayRE is a day of a month a question says ("12月6号", "dec 6");
// isoDateRE a date as catalogs write it.
var (
	saidDayRE = regexp.MustCompile(`(\d{1,2})月(\d{1,2})(?:日|号)|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b`)
	isoDateRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
)

// countedNounRE is a number, a measure word and the noun counted ("4个人",
// "3位老人"); leadCountRE a value that starts with a number and a noun
// ("4人成行").
var (
	countedNounRE = regexp.MustCompile(`(?:^|[^\d.])(\d{1,3})[个位名](\p{Han})`)
	leadCountRE   = regexp.MustCompile(`^\d{1,3}\p{Han}`)
)

// numberWordRE is a whole number and the character after it ("5节").
var numberWordRE = regexp.MustCompile(`(?:^|[^\d.])(\d{1,3})(\p{Han})`)

// bareNumberRE is a number of the question that is no day, time, period or
// part of a code: not joined to a Latin letter, a dash or a slash, and not
// followed by a word of time.
var bareNumberRE = regexp.MustCompile(`(?:^|[^\w.\-/])(\d+(?:\.\d+)?)(?:$|[^\w.\-/:天号日月年点时分秒周期次])`)

// leadNumRE is the number a value starts with ("250" of "250g").
var leadNumRE = regexp.MustCompile(`^\d+(?:\.\d+)?`)

var (
	// numRangeRE is a range of numbers a value states: "-0.50D ~ -6.00D", "6-11kg", "3至6个月".
	numRangeRE = regexp.MustCompile(`(-?\d+(?:\.\d+)?)\s*[a-zA-Z%\p{Han}]{0,2}\s*(?:~|～|至|到|-|–|—)\s*(-?\d+(?:\.\d+)?)`)
	// signedNumRE is a number of a question, with its sign ("-7.00").
	signedNumRE = regexp.MustCompile(`(?:^|[^\d.])(-?\d+(?:\.\d+)?)`)
)

// inRange are the variants with a value whose range holds a number the
// question says (with its sign), when the number is no value of theirs.
func inRange(vs []kg.Entity, q string) []kg.Entity {
	var nums []float64
	for _, m := range signedNumRE.FindAllStringSubmatch(q, -1) {
		if f, err := strconv.ParseFloat(m[1], 64); err == nil {
			nums = append(nums, f)
		}
	}
	if len(nums) == 0 {
		return nil
	}
	var out []kg.Entity
	for _, v := range vs {
		if slices.ContainsFunc(v.Attributes, func(a kg.Attribute) bool {
			if a.Key == "sku" || a.Kind == kg.KindNumber {
				return false
			}
			for _, r := range numRangeRE.FindAllStringSubmatch(a.Text(), -1) {
				lo, _ := strconv.ParseFloat(r[1], 64)
				hi, _ := strconv.ParseFloat(r[2], 64)
				if lo > hi {
					lo, hi = hi, lo
				}
				if slices.ContainsFunc(nums, func(n float64) bool { return n >= lo && n <= hi && n != 0 }) {
					return true
				}
			}
			return false
		}) {
			out = append(out, v)
		}
	}
	return out
}

// measureRE is a number and a Latin unit after it in a question ("258mm",
// "58cm").
var measureRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*([a-z]{1,3})\b`)

// bracketing are, of variants whose values of one key are each a number
// in one unit (240mm, 245mm, …; three or more; as ingest read them), the
// two whose numbers are on either side of a number the question says in
// that unit and none of them is.
func bracketing(vs []kg.Entity, q string) []kg.Entity {
	for _, m := range measureRE.FindAllStringSubmatch(q, -1) {
		x, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		byKey := map[string][]int{} // the variants stating key as a number in the unit
		for i, v := range vs {
			for _, a := range v.Attributes {
				if a.Key != "sku" && a.Kind != kg.KindNumber && a.Num != nil && a.Max == nil && strings.EqualFold(a.Unit, m[2]) {
					byKey[a.Key] = append(byKey[a.Key], i)
				}
			}
		}
		for _, key := range slices.Sorted(maps.Keys(byKey)) { // (in one order every time)
			idx := byKey[key]
			if len(idx) < 3 {
				continue
			}
			below, above := -1, -1
			var bv, av float64
			exact := false
			for _, i := range idx {
				a, _ := vs[i].Attr(key)
				switch n := *a.Num; {
				case n == x:
					exact = true
				case n < x && (below < 0 || n > bv):
					below, bv = i, n
				case n > x && (above < 0 || n < av):
					above, av = i, n
				}
			}
			if !exact && below >= 0 && above >= 0 {
				return []kg.Entity{vs[below], vs[above]}
			}
		}
	}
	return nil
}

// variesAcross reports whether the variants hold more than one value of key.
func variesAcross(ns []kg.Neighbour, key string) bool {
	var first string
	for i, n := range ns {
		a, _ := n.Entity.Attr(key)
		if i == 0 {
			first = a.Text()
		} else if a.Text() != first {
			return true
		}
	}
	return false
}

// differ reports whether the variants' prices differ.
func differ(vs []kg.Entity) bool {
	var first string
	for i, v := range vs {
		a, _ := v.Attr("price_cny")
		if i == 0 {
			first = a.Value
		} else if a.Value != first {
			return true
		}
	}
	return false
}

// variantRow states a variant's fields in one fact.
func variantRow(v *kg.Entity, lang string, rel float64) piece {
	var parts []string
	for _, a := range v.Attributes {
		if a.Key == "sku" {
			continue
		}
		parts = append(parts, attrPhrase(a, lang))
	}
	sep, head := "，", v.Name+"："
	if lang == "en" {
		sep, head = ", ", displayName(v, lang)+": "
	}
	return piece{Evidence: kg.Evidence{Kind: "fact", ID: v.ID, EntityID: v.ID, Version: v.Version, Text: head + strings.Join(parts, sep)},
		attr: "@variant", relevance: rel, why: "a variant the question is about"}
}

// saysOwnOld reports whether the question says the thing it names is an
// old one ("老款", "之前买的", "my old vacuum").
func (t *turn) saysOwnOld() bool {
	return formerRE.MatchString(t.nq) || oldWordRE.MatchString(t.nq)
}

// oldWordRE is the English word old.
var oldWordRE = regexp.MustCompile(`\bold\b`)

// asksStated reports whether the question asks a key ent states (not a
// concept such as availability or a relation).
func (t *turn) asksStated(ent *kg.Entity) bool {
	return slices.ContainsFunc(t.keys, func(a kg.PlanAttribute) bool {
		_, ok := ent.Attr(a.Key)
		return ok && a.Score >= 1 && a.Key != "price_cny"
	})
}

// replacement is the product on sale that replaces ent (with the
// REPLACES relation), if any.
func (e *Engine) replacement(ctx context.Context, t *turn, ent *kg.Entity) (kg.Neighbour, bool, error) {
	ns, err := e.Store.Neighbours(ctx, t.req.KB, ent.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"REPLACES"}, Direction: kg.In, Limit: 5})
	if err != nil {
		return kg.Neighbour{}, false, err
	}
	for _, n := range ns {
		if n.Entity.Status == kg.StatusActive && onSale(&n.Entity, t.req.AsOf) {
			return n, true, nil
		}
	}
	return kg.Neighbour{}, false, nil
}

// factsOfText follows a question through the text to the graph: "黑金卡
// 生日礼送的是啥 那个单买多少钱" names no product, but the sentence that
// answers its first part does (水光保湿眼霜), and the graph answers the
// second. When the question asks an attribute or a relation and names no
// product (or only describes one: "玉樽会员生日送的那瓶白酒" is a 白酒 by
// the words around it), the products named by the best-matching sentence
// of the top chunks get their asked facts.
func (e *Engine) factsOfText(ctx context.Context, t *turn) error {
	rels := t.askedRelations()
	if !t.asksAnything() && len(rels) == 0 || slices.ContainsFunc(t.links, func(l linkedEntity) bool { return (l.Type == "Product" || l.Type == "Variant") && !l.described }) {
		return nil
	}
	// The sentences and lines (a table's rows) of the best chunks that say
	// most of what the question says, best first.
	type cand struct {
		text  string
		score float64
		chars int // the question's characters it holds ("铂翎会员…生日…套装" over "金翎会员生日礼")
		run   int // the longest run of the question's characters in it ("黑金卡" over "金卡")
	}
	var cands []cand
	asksChange := changeAskRE.MatchString(t.nq)
	nums := numbers(monthDayRE.ReplaceAllString(t.nq, " "))
	for i, c := range t.chunks {
		if i >= 3 {
			break
		}
		if c.chunk != nil && c.chunk.Kind == "product" {
			continue
		}
		for _, s := range append(splitSentences(c.Text), strings.Split(c.Text, "\n")...) {
			// A change names what is given now, not what it replaced
			// ("生日礼由20元优惠券调整为赣南脐橙5斤装": the oranges).
			if !asksChange {
				s = changeFromRE.ReplaceAllString(s, "$1$2")
			}
			// (The question's numbers count: "2000分能换个啥" is the line
			// of 2000积分.)
			if sc := termCoverage(t.terms, fold(s)) + quotes(nums, fold(s)); sc >= 0.3 {
				cands = append(cands, cand{s, sc, sharedChars(fold(s), t.nq), longestCommon([]rune(t.nq), []rune(fold(s)))})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.score, a.score), b.chars-a.chars, b.run-a.run)
	})
	linker, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames)
	if err != nil {
		return err
	}
	// The first of them that names a product ("金叶会员…生日当月赠每日坚果").
	type named struct {
		ent kg.Entity
		cov float64
	}
	best := ""
	var found []named
	for _, c := range cands {
		if c.score < cands[0].score || c.chars < cands[0].chars {
			break // only the texts that say the most
		}
		// A text that lists more than two products is about none of them
		// ("大米、红枣、玉米、蜂蜜等常温商品").
		// (Most of a name; a long run of one written whole; or most of a
		// long name in another order: "30天全天云存储年卡" of 云存储·30天全天 年卡.)
		weak := func(l Link) bool {
			return l.Coverage < 0.8 && !(l.Density == 1 && l.Coverage >= 0.6 && l.Matched >= 5) && !(l.Coverage >= 0.7 && l.Matched >= 6)
		}
		ls := slices.DeleteFunc(linker.Find(c.text), weak)
		// Of a sentence that names several ("森林会员：…上门安装服务8折，
		// 生日当月赠8功能喷枪1个"), the clauses that say a word of the
		// question name what it asks about.
		if len(ls) > 1 {
			var inClauses []Link
			for _, cl := range strings.FieldsFunc(c.text, func(r rune) bool { return strings.ContainsRune("，,；;。", r) }) {
				if termCoverage(t.terms, fold(cl)) > 0 {
					inClauses = append(inClauses, slices.DeleteFunc(linker.Find(cl), weak)...)
				}
			}
			if len(inClauses) > 0 && len(inClauses) < len(ls) {
				ls = inClauses
			}
		}
		if len(ls) > 2 {
			continue
		}
		for _, l := range ls {
			if len(found) == 2 {
				continue
			}
			if ent, err := e.entity(ctx, t.req, l.ID); err == nil && (ent.Type == "Product" || ent.Type == "Variant") && ent.Status == kg.StatusActive {
				// (Of its variants, the one whose capacity the question
				// writes: "128g" of …128GB.)
				if v, _ := t.capacityVariant(ent.ID); v != "" {
					if ve, err := e.entity(ctx, t.req, v); err == nil && ve.Status == kg.StatusActive {
						ent = ve
					}
				}
				// (A variant the text names first, "5寸…0.69元、6寸…", is
				// its sibling the question names: "6寸照片".)
				if ent.Type == "Variant" {
					if p, ok := e.productOf(ctx, t.req, ent.ID); ok {
						vs, err := e.namedVariants(ctx, t, p)
						if err != nil {
							return err
						}
						if len(vs) == 1 && vs[0].ID != ent.ID {
							ent = vs[0]
						}
					}
				}
				if slices.ContainsFunc(found, func(f named) bool { return f.ent.ID == ent.ID }) {
					continue
				}
				found = append(found, named{ent, l.Coverage})
			}
		}
		if len(found) > 0 {
			best = c.text
			break
		}
	}
	if len(found) > 0 && slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.Type == "Category" && pointsAtOne(t.nq, fold(l.Name)) }) {
		// "送的那瓶白酒": one of the kind, the one the text names; the kind's
		// other members say nothing of it.
		t.facts = slices.DeleteFunc(t.facts, func(p piece) bool {
			return p.Kind == "fact" && !slices.ContainsFunc(found, func(f named) bool { return f.ent.ID == p.EntityID })
		})
	}
	add := func(ent *kg.Entity, p picked, why string) {
		t.facts = append(t.facts, piece{Evidence: kg.Evidence{Kind: "fact", ID: ent.ID, EntityID: ent.ID, Version: ent.Version, Text: t.factText(ent, p.attr)},
			attr: p.attr.Key, relevance: 0.95, why: p.why + why})
		t.plan.Attributes = appendPlanAttr(t.plan.Attributes, kg.PlanAttribute{Key: p.attr.Key, Score: 0.95, Why: p.why})
	}
	for _, f := range found {
		ent := f.ent
		t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: ent.ID, Name: ent.Name, Score: f.cov, Why: "named by the text that answers the question: " + clipText(best, 60)})
		for _, p := range t.attrsFor(&ent) {
			add(&ent, p, ", of a product the answering text names")
		}
		// "送的那个贴片 是给哪个机器用的": the relations asked of it.
		if len(rels) > 0 {
			ns, err := e.Store.Neighbours(ctx, t.req.KB, ent.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: rels, Limit: 8})
			if err != nil {
				return err
			}
			for _, n := range ns {
				if n.Entity.Status != kg.StatusActive {
					continue
				}
				if p, ok := t.relationPiece(&ent, n, 0.95, "relation "+n.Relation.Type+" asked, of a product the answering text names"); ok {
					t.facts = append(t.facts, p)
				}
			}
		}
		if ent.Type != "Variant" {
			continue
		}
		// A variant's product states what its variants share (香型, 酒精度).
		if p, ok := e.productOf(ctx, t.req, ent.ID); ok {
			for _, a := range t.attrsFor(p) {
				if _, own := ent.Attr(a.attr.Key); !own {
					add(p, a, ", of the variant's product the answering text names")
				}
			}
		}
	}
	return nil
}

// relationPiece states the relation between ent and its neighbour n as a
// fact piece (and records the relation in the plan); false when the
// relation has no sentence.
func (t *turn) relationPiece(ent *kg.Entity, n kg.Neighbour, rel float64, why string) (piece, bool) {
	from, to := ent, &n.Entity
	if n.Direction == kg.In {
		from, to = to, from
	}
	tpl := relationText[n.Relation.Type]
	f := tpl[0]
	if t.lang == "en" {
		f = tpl[1]
	}
	if f == "" {
		return piece{}, false
	}
	t.plan.Relations = appendUnique(t.plan.Relations, n.Relation.Type)
	return piece{Evidence: kg.Evidence{Kind: "fact", ID: n.Relation.ID(), EntityID: n.Entity.ID, Version: n.Relation.Version,
		Text: fmt.Sprintf(f, displayName(from, t.lang), displayName(to, t.lang))}, attr: "@" + n.Relation.Type, relevance: rel, why: why}, true
}

// pointsAtOne reports whether the question points at one thing of a kind
// by what is said of it ("生日送的那瓶白酒"), not at the kind ("在卖的床垫")
// or at a thing of the customer's ("这块电池"): 的, a demonstrative and
// perhaps a measure word before the kind's name.
func pointsAtOne(nq, kind string) bool {
	if kind == "" {
		return false
	}
	for rest := nq; ; {
		i := strings.Index(rest, kind)
		if i < 0 {
			return false
		}
		before := []rune(rest[:i])
		if n := len(before); n >= 2 && before[n-2] == '的' && strings.ContainsRune("这那", before[n-1]) ||
			n >= 3 && before[n-3] == '的' && strings.ContainsRune("这那", before[n-2]) && strings.ContainsRune(measureWords, before[n-1]) {
			return true
		}
		rest = rest[i+len(kind):]
	}
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// cueUnit is the unit a cue names ("几分钟" → 分钟, "多少天" → 天), "" when
// it names none ("多久").
func cueUnit(cue string, ms []*measure) string {
	// "how many days": the unit as a Chinese text writes it.
	if rest, ok := strings.CutPrefix(cue, "how many "); ok {
		if u := englishUnits[strings.TrimSuffix(rest, "s")]; u != "" && slices.ContainsFunc(ms, func(m *measure) bool { return m.hasUnit(u) }) {
			return u
		}
	}
	for _, p := range []string{"多少个", "几个", "多少", "几"} {
		// (个 is the general measure word: "一袋几个" is answered in 只.)
		if rest, ok := strings.CutPrefix(cue, p); ok && rest != "" && rest != "个" {
			for _, m := range ms {
				if m.hasUnit(rest) {
					return rest
				}
			}
		}
	}
	return ""
}

// statesWithNumber reports whether v says w with a number: one at most
// four characters before it in the same clause ("8节5号碱性电池"), or right
// after it and a word of stating ("吸力约1500g").
func statesWithNumber(v, w string) bool {
	digit := func(r rune) bool { return r >= '0' && r <= '9' }
	for i := 0; ; {
		j := strings.Index(v[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := []rune(v[:j])
		for k := 1; k <= 5 && k <= len(before); k++ {
			r := before[len(before)-k]
			if digit(r) {
				return true
			}
			if strings.ContainsRune("，,；;。、", r) || unicode.IsSpace(r) {
				break
			}
		}
		after := []rune(strings.TrimLeftFunc(v[j+len(w):], unicode.IsSpace))
		for k := 0; k < len(after) && k <= 2; k++ {
			if digit(after[k]) {
				return true
			}
			if !strings.ContainsRune("约为是达：:", after[k]) {
				break
			}
		}
		i = j + len(w)
	}
}

// dimensionCue reports whether a cue asks one dimension by its word
// ("多厚", "多宽"; not "多大", "多少", "多久").
func dimensionCue(c string) bool {
	r := []rune(c)
	return len(r) == 2 && r[0] == '多' && !strings.ContainsRune("大少久", r[1])
}

// dimsRE is a size written as its dimensions (185×68cm, 30*22*10).
var dimsRE = regexp.MustCompile(`\d\s*[×xX*＊]\s*\d`)

// cueHead is the one Chinese character a measure's cue asks the amount
// of ("多少度", "几度", "度数": 度), or "".
func cueHead(cue string) string {
	rest := cue
	for _, p := range []string{"多少", "几", "多"} {
		if r, ok := strings.CutPrefix(cue, p); ok {
			rest = r
			break
		}
	}
	if rest == cue {
		rest, _ = strings.CutSuffix(cue, "数")
	}
	if r := []rune(rest); rest != cue && len(r) == 1 && unicode.Is(unicode.Han, r[0]) {
		return rest
	}
	return ""
}

// endsInMeasure reports whether a key ends in a measure's own word
// (适饮温度: a temperature, not the 度 of a liquor's strength).
func endsInMeasure(key string) bool {
	for i := range measures {
		for _, c := range measures[i].cues {
			if runeLen(c) >= 2 && !strings.ContainsAny(c, "多几") && strings.HasSuffix(key, c) {
				return true
			}
		}
	}
	return false
}

// unitSigns are the signs a Chinese unit is also written with (a 度 of
// electricity is a kWh, and a battery's is stated in Wh).
var unitSigns = map[string][]string{"克": {"g"}, "千克": {"kg"}, "公斤": {"kg"}, "斤": {}, "瓦": {"w"}, "千瓦": {"kw"}, "毫升": {"ml"},
	"升": {"l"}, "米": {"m"}, "厘米": {"cm"}, "毫米": {"mm"}, "分钟": {"min"}, "小时": {"h"}, "秒": {"s"}, "度": {"℃", "°c", "°"},
	"分贝": {"db"}, "毫安": {"mah"}, "帕": {"pa"}, "微米": {"μm", "um"}, "勒克斯": {"lux", "lx"},
	"流明": {"lm"}, "千焦": {"kj"}, "千卡": {"kcal"}, "大卡": {"kcal"}, "千瓦时": {"kwh"}, "度电": {"kwh", "wh"}, "平方米": {"㎡", "m²", "m2"}, "平米": {"㎡", "m²", "m2"}}

// writesUnit reports whether the attribute's value has a number in unit u
// (or a sign of it: 克 is g).
func writesUnit(a kg.Attribute, u string) bool {
	us := append([]string{u}, unitSigns[u]...)
	if slices.Contains(us, unitOf(a)) {
		return true
	}
	for _, x := range numberUnitRE.FindAllStringSubmatch(unitText(a.Text()), 4) {
		if slices.ContainsFunc(us, func(v string) bool { return strings.HasPrefix(x[1], v) }) {
			return true
		}
	}
	return false
}

// suitabilityParts are the parts of the keys that say what a product fits
// or suits (the suitability and unsuitability concepts').
var suitabilityParts = func() []string {
	var out []string
	for _, c := range concepts {
		if c.name == "suitability" || c.name == "unsuitability" {
			out = append(out, c.keyParts...)
		}
	}
	return out
}()

// namesOtherCategory reports whether w is the whole name of a category that
// p is not of ("K3表带断了 买哪个": 表带, the kind of thing asked for).
func (t *turn) namesOtherCategory(w string, p *kg.Entity) bool {
	if t.lex == nil {
		return false
	}
	c, _ := p.Attr("category")
	return slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
		return g.Type == "Category" && fold(g.Name) == w && fold(c.Text()) != w
	})
}

// fittingItems are the items used with p (its refills, and what is
// compatible with it) that the question's own words name best, by the words
// it says beside p's name: "pro2耳塞破了" names both ear-tip sets, "the
// K1 … replacement heads" the K1's brush heads. Where the question asks
// which to use with p (cued), a character of such a word that p's name
// lacks is enough (滤网 → P3复合滤芯), as is an English word's Chinese
// gloss; otherwise a whole word must be in the item's name.
func (e *Engine) fittingItems(ctx context.Context, t *turn, p *kg.Entity, cued bool) ([]kg.Neighbour, error) {
	if p.Type != "Product" {
		return nil, nil
	}
	pname, pen := name0(p), Normalize(displayName(p, "en"))
	var zh, en []string
	for _, w := range t.terms {
		if !IsASCII(w) && runeLen(w) >= 2 && !isIntentWord(w) && (!t.namesGroup(w) || cued && t.namesOtherCategory(w, p)) && !strings.Contains(pname, w) {
			zh = append(zh, w)
		}
	}
	// The thing a which-question asks for, one character as it may be
	// ("要买什么芯": 芯).
	if cued {
		for _, m := range whatThingRE.FindAllStringSubmatch(t.nq, -1) {
			if w := strings.TrimRightFunc(m[1], func(r rune) bool { return strings.ContainsRune(functionChars, r) }); w != "" && !strings.Contains(pname, w) && !slices.Contains(zh, w) {
				zh = append(zh, w)
			}
		}
	}
	// English words, a cue among them ("a spare battery"): it counts only
	// where an item's name has it whole.
	for _, w := range latinWordRE.FindAllString(t.nq, -1) {
		if len(w) >= 3 && !contentStop[w] && !containsWord(pen, enStem(w)) && !slices.Contains(en, w) {
			en = append(en, w)
		}
	}
	if len(zh)+len(en) == 0 {
		return nil, nil
	}
	ns, err := e.Store.Neighbours(ctx, t.req.KB, p.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"REFILL_OF", "COMPATIBLE_WITH"}, Limit: 50})
	if err != nil {
		return nil, fmt.Errorf("answer: gather: items used with %s: %w", p.ID, err)
	}
	best := 0
	var out []kg.Neighbour
	for _, n := range ns {
		if n.Entity.Type != "Product" || slices.ContainsFunc(out, func(o kg.Neighbour) bool { return o.Entity.ID == n.Entity.ID }) {
			continue
		}
		name, ename := name0(&n.Entity), Normalize(displayName(&n.Entity, "en"))
		named, said := 0, 0 // what its name says of the words; what its facts say
		for _, w := range zh {
			switch {
			case strings.Contains(name, w):
				named += 2
			case cued:
				for _, r := range w {
					if !strings.ContainsRune(pname, r) && strings.ContainsRune(name, r) {
						named++
					}
				}
			}
			if !strings.Contains(name, w) && slices.ContainsFunc(n.Entity.Attributes, func(a kg.Attribute) bool { return strings.Contains(fold(a.Text()), w) }) {
				said++ // "戴钢牙套 … 喷嘴买哪种": 正畸喷嘴 is 适合 佩戴固定矫治器（钢牙套）人群
			}
		}
		for _, w := range en {
			switch {
			case containsWord(ename, enStem(w)):
				named += 2
			case cued && !isCueStem(w) && inTranslation(w, name):
				named++
			}
		}
		s := named
		if named > 0 || cued {
			s += said
		}
		switch {
		case s > best:
			best, out = s, []kg.Neighbour{n}
		case s == best && s > 0:
			out = append(out, n)
		}
	}
	return out, nil
}

// adjectiveMeasures are the nouns that measure an adjective a key does
// not hold ("准不准": 测量精度; "吵不吵": 噪音): language-level.
var adjectiveMeasures = map[string][]string{"准": {"精度", "误差"}, "吵": {"噪音", "噪声", "分贝"}}

// whatThingRE is the thing a which-question names after its question word
// ("买什么芯", "用哪种刷头").
var whatThingRE = regexp.MustCompile(`(?:什么|啥|哪种|哪个|哪款)(\p{Han}{1,2})`)

// colourRE is a colour asked by its character and 色 ("蓝色的");
// colourCountRE asks how many colours there are ("一共几个色").
var (
	colourRE      = regexp.MustCompile(`(\p{Han})色`)
	colourCountRE = regexp.MustCompile(`(?:几|多少)(?:个|种|款)?色`)
)

// colourNamed reports whether the question asks a colour by its character
// ("想换蓝色的") that the variant's value a says (海蓝) and no other
// variant's value of that key does.
func colourNamed(nq string, a kg.Attribute, ns []kg.Neighbour) bool {
	if strings.Contains(nq, "颜色") || colourCountRE.MatchString(nq) {
		return false // "有几个颜色 黑色的贵吗", "一共几个色" ask them all
	}
	v := fold(a.Text())
	for _, m := range colourRE.FindAllStringSubmatch(nq, -1) {
		c := m[1]
		if strings.Contains(v, c+"色") || !strings.Contains(v, c) || strings.ContainsAny(c, "颜特出本原杂彩") {
			continue // (its value says it whole, or it is no colour: 颜色, 特色)
		}
		others := 0
		for _, n := range ns {
			if o, ok := n.Entity.Attr(a.Key); ok && strings.Contains(fold(o.Text()), c) {
				others++
			}
		}
		if others == 1 {
			return true
		}
	}
	return false
}

// latinWordRE is a Latin word.
var latinWordRE = regexp.MustCompile(`[a-z]+`)

// enStem is an English word without a plural ending ("heads" → "head").
func enStem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// isCueStem reports whether an English word is a cue word or one with an
// ending ("replacement" of "replace").
func isCueStem(w string) bool {
	for c := range cueWords {
		if IsASCII(c) && len(c) >= 4 && strings.HasPrefix(w, c) {
			return true
		}
	}
	return isCue(w)
}

// name0 is an entity's name and aliases folded, without spaces.
func name0(ent *kg.Entity) string {
	return squash(fold(ent.Name + " " + strings.Join(aliasTexts(ent.Aliases), " ")))
}

// squash drops the hyphens and spaces inside Latin words ("e-marker").
func squash(s string) string {
	return strings.NewReplacer("-", "", " ", "", "_", "").Replace(s)
}
