package answer

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
	"kgrag/retrieval"
	"kgrag/retrieval/zhen"
)

// Deciding whether the evidence answers the question at all: the
// question's content words must be covered by the evidence, the names of
// the linked entities or the words the plan matched.

// minCoverage is how much of a question's content the evidence must
// cover: strict for questions of no known intent, looser when the intent
// (returns, shipping, a product's price…) is one the knowledge is about.
const (
	minCoverage       = 0.5
	minCoverageIntent = 0.25
)

func minCoverageFor(t *turn) float64 {
	if t.sig.Intent == "other" && !t.asksAnything() && len(t.links) == 0 {
		return minCoverage + 0.01
	}
	return minCoverageIntent
}

// decideScope refuses (WEAK_EVIDENCE) when the evidence covers too little
// of what the question is about; it records each term's coverage in the plan.
func (e *Engine) decideScope(ctx context.Context, t *turn) string {
	if w := e.unknownKind(ctx, t); w != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question names %q, a kind of product the knowledge base never mentions", w))
		return ReasonOutOfScope
	}
	p, storeThere := e.unknownPlace(ctx, t)
	if p != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks about a store in %q, where the knowledge base names no store", p))
		return ReasonOutOfScope
	}
	if x := e.unknownTitle(ctx, t); x != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question names 《%s》, a title the knowledge base never mentions", x))
		return ReasonOutOfScope
	}
	if code, why := e.unknownModel(ctx, t); code != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question names model %q, %s", code, why))
		return ReasonOutOfScope
	}
	if o := e.unknownComparedModel(ctx, t); o != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question compares with %q, which the knowledge base never mentions", o))
		return ReasonOutOfScope
	}
	if o := e.comparedWithOther(ctx, t); o != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question compares the shop's own with %q, which the knowledge base never mentions", o))
		return ReasonOutOfScope
	}
	if d := t.declined(); d != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the knowledge says the shop gives no such advice: %q", d))
		return ReasonOutOfScope
	}
	if x := e.unknownHad(ctx, t); x != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks whether the shop has %q, which the knowledge base never mentions", x))
		return ReasonOutOfScope
	}
	if z := e.unofferedSize(ctx, t); z != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks whether there is a %s one, a size the product it names does not come in and no product's name says", z))
		return ReasonOutOfScope
	}
	if q := e.unknownQuantity(ctx, t); q != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks the amount %q, which the knowledge base never mentions", q))
		return ReasonWeakEvidence
	}
	if m := t.unansweredMeasure(); m != "" {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks only a %s of the product it names, and no evidence states one", m))
		return ReasonWeakEvidence
	}
	var b strings.Builder
	for _, p := range t.ev {
		b.WriteString(fold(p.Text))
		if p.chunk != nil {
			b.WriteString(fold(p.chunk.Title + strings.Join(p.chunk.HeadingPath, "")))
		}
	}
	for _, id := range t.linked {
		if ent, err := e.entity(ctx, t.req, id); err == nil {
			b.WriteString(fold(ent.Name))
			for _, a := range ent.Aliases {
				b.WriteString(fold(a.Text))
			}
		}
	}
	// The words that asked for a fact the evidence states are covered by it.
	if slices.ContainsFunc(t.ev, func(p piece) bool { return p.Kind == "fact" }) {
		for _, w := range t.plan.Parts {
			b.WriteString(w)
		}
		b.WriteString("最" + t.u.superW)
		// So is the kind a list names that no category does ("菜刀" of
		// the knives whose names end with 刀: kindMembers).
		for _, f := range t.plan.Filters {
			if f.Op == "ends" {
				b.WriteString(f.Value)
			}
		}
		// So is a count asked by its measure word that the evidence
		// writes with a number ("几鼓几镲": 5鼓3镲), as the question's
		// terms cut it (几个品 or 几品).
		for _, m := range countsOf(t.nq) {
			if countsIn(b.String(), m[1]) {
				b.WriteString(m[0] + "几" + m[1])
			}
		}
		// So are the words that asked to compare ("有什么区别").
		if t.plan.Operation == "compare" {
			b.WriteString(compareRE.FindString(t.nq))
		}
	}
	// The words that asked about a rule the evidence states ("旧金能抵" of
	// a trade-in rule) are covered by it.
	if it := intentRE(t.sig.Intent); it != nil && policyIntents[t.sig.Intent] &&
		slices.ContainsFunc(intentTerms[t.sig.Intent], func(w string) bool { return strings.Contains(b.String(), w) }) {
		b.WriteString(it.FindString(t.nq))
	}
	// The words that say a defect are covered by a rule the evidence
	// states for quality problems ("一半灯珠不亮": 不亮).
	if expansion(t.nq) != "" && strings.Contains(b.String(), "质量问题") {
		b.WriteString(defectRE.FindString(t.nq))
		for _, w := range qualityWords {
			if strings.Contains(t.nq, w) {
				b.WriteString(w)
			}
		}
	}
	// The words that asked an aspect of a rule the evidence states ("加钱"
	// of a fee the text writes in yuan) are covered by it.
	said := b.String()
	for _, a := range aspects {
		if m := a.asks.FindString(t.nq); m != "" && a.says.MatchString(said) {
			b.WriteString(m)
		}
	}
	text := b.String()
	// Two English words the dictionary has as one ("front desk": 前台) are
	// both said by the evidence that says it.
	pairSaid := map[string]bool{}
	if t.lang == "en" {
		ws := strings.Fields(t.nq)
		for i := 0; i+1 < len(ws); i++ {
			w, next := strings.Trim(ws[i], "?!.,;:'\""), strings.Trim(ws[i+1], "?!.,;:'\"")
			if len(w) >= 3 && len(next) >= 3 && !stopWords[w] && !stopWords[next] &&
				slices.ContainsFunc(zhen.Lookup(w+" "+next, glossesPerWord), func(g string) bool { return strings.Contains(text, g) }) {
				pairSaid[w], pairSaid[next] = true, true
			}
		}
	}
	var linkedChars strings.Builder
	for _, l := range t.links {
		linkedChars.WriteString(fold(l.Name))
	}
	// A term the knowledge base never mentions (another brand, a product or
	// ingredient it does not have) weighs three times: when the evidence
	// misses it, the question is about something else.
	t.plan.Terms = t.plan.Terms[:0]
	total, hit := 0.0, 0.0
	unknown := ""
	nCovered := 0
	linker, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames)
	if err != nil {
		linker = nil
	}
	for _, term := range t.terms {
		if linker != nil && linker.IsBrand(term) {
			continue // the brand's own name is in all its knowledge
		}
		if whenWordRE.MatchString(term) {
			continue // "今天下午", "三点": when, said of the customer's case
		}
		w := termWeight(term)
		// (A name is no word to translate, unless it is a Chinese place in
		// pinyin: "Hangzhou" is 杭州.)
		place := ""
		if t.lang == "en" && IsASCII(term) {
			place = zhen.PlaceByPinyin(term)
			if c := demonymCountry(term); place == "" && len(c) > 0 {
				place = c[0]
				// (Of the country's names, the one the knowledge says.)
				if i := slices.IndexFunc(c, func(x string) bool { return strings.Contains(text, x) }); i >= 0 {
					place = c[i]
				}
			}
			// A name the knowledge writes in Chinese characters whose
			// readings spell it ("Chunxi" of 春熙路店).
			if place == "" && t.proper[term] && t.idx != nil {
				place = t.idx.spelledRun(term)
			}
		}
		covered := strings.Contains(text, term) || moneyIn(term, text) || t.lang == "en" && (!t.proper[term] || place != "") && inTranslation(term, text) || pairSaid[term] ||
			place != "" && strings.Contains(text, place) ||
			arabicNumerals(term) != term && !numeralOfUnit(term) && strings.Contains(text, arabicNumerals(term)) || // "十一" of 双十一: 双11; 二代: 2代
			romanGeneration(term, text) || // 二代: 爵士白Ⅱ
			t.placeProvinces[term] != "" && strings.Contains(text, t.placeProvinces[term]) || // a city by its province
			negatedIn(term, text) || // "没装": 未安装
			t.asksHours() && calendarIn(term, text) || // "周末几点开门": 周六、周日
			miscut(term, t.terms, t.nq, text) || // "开地暖要": 地暖
			hasThing(term, text) // "哪些城市有店": 门店
		// (A word found only by putting the segmenter's characters
		// together counts where the evidence says it: it may be no word.)
		if !covered && t.debris[term] {
			continue
		}
		if !covered {
			named := nameLike(t, term)
			// English words are whole words: one the knowledge never uses
			// says the question is about something else ("timer").
			// Over Chinese text, one none of whose translations the
			// knowledge uses either ("smart audio glasses"), in a question
			// about products (a rule's is worded in many ways).
			// (A word written as a name whose translations mostly start
			// with a word the knowledge says is that word: "Roman rod" of
			// 罗马杆, though the dictionary has 罗马帝国, 罗马数字….)
			stem := ""
			if t.lang == "en" && IsASCII(term) {
				stem = glossStem(term)
			}
			if (named || IsASCII(term) && t.lang == "en" && (englishEvidence(t.ev) || !policyIntents[t.sig.Intent] && !e.glossInKnowledge(ctx, t, term))) && !e.inKnowledge(ctx, t, term) &&
				(place == "" || !e.inKnowledge(ctx, t, place)) && (stem == "" || !e.inKnowledge(ctx, t, stem)) {
				w *= 3
				if named {
					unknown = term
				}
			}
		}
		total += w
		switch {
		case covered:
			hit += w
			nCovered++
		case charsIn(term, linkedChars.String()):
			// "按动笔" of 按动中性笔 cut as 动笔: every character of a
			// two-character word is in the names the question links.
			hit += w
		case coinedZh(term) && partlyIn(term, text) || stemIn(term, text):
			// Half: a word the segmenter glued ("发顺丰": 顺丰; not
			// 洗衣粉, a word, of 洗衣液), a noun's or a verb's stem
			// ("豆子": 咖啡豆, "装好": 安装).
			hit += w / 2
		}
		t.plan.Terms = append(t.plan.Terms, kg.PlanTerm{Term: term, Weight: w, Covered: covered})
	}
	cov := 1.0
	if total > 0 {
		cov = hit / total
	}
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("coverage %.2f of %v", cov, t.terms))
	if unknown != "" {
		// The question names something the knowledge does not know (another
		// brand, a model it does not sell): whatever else matched, it is
		// not about this brand's knowledge.
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question names %q, which the knowledge base never mentions", unknown))
		return ReasonOutOfScope
	}
	// Facts that answer what the question asks, of an entity it names,
	// are the answer whatever words the question wraps them in.
	answered := slices.ContainsFunc(t.ev, func(p piece) bool { return p.Kind == "fact" && p.relevance >= 0.9 }) && t.asksAnything() && len(t.linked) > 0 ||
		// The number the customer quotes, read by the format the text
		// states, is what the question is about ("MS24110033 这批…").
		slices.ContainsFunc(t.ev, func(p piece) bool { return p.attr == "@serial" })
	// Two or more of the question's words found together in the evidence
	// hold it in scope even when it adds words the knowledge never uses
	// ("transfer $400 from household to savings").
	if nCovered >= 2 && cov >= minCoverageIntent {
		answered = true
	}
	// "厦门有你们店吗 下周末想去做个体测": a store in a place where the
	// knowledge names one is what the question is about.
	if storeThere != "" && strings.Contains(text, storeThere) {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question asks about a store in %q, where the knowledge base names one", storeThere))
		answered = true
	}
	if cov < minCoverageFor(t) && !answered {
		return ReasonWeakEvidence
	}
	return ""
}

// whenWordRE is a word that says only a day or a time of day ("今天下午",
// "三点", "一点多"): language-level.
var whenWordRE = regexp.MustCompile(`^(?:(?:今天|明天|后天|昨天|前天|今晚|明晚)?(?:早上|上午|中午|下午|晚上|傍晚|凌晨)?|[\d一二三四五六七八九十两]{1,3}点(?:半|多|钟)?)$`)

// declined is a sentence of the evidence in which the shop says it gives
// no advice of a kind (declineRE), where it holds two or more of the
// question's words ("楼板扛得住吗 帮我算下承重": 楼板, 承重), or one of an
// example it gives: the question asks that advice, though other text
// answered better.
func (t *turn) declined() string {
	for _, p := range t.ev {
		if p.Kind == "fact" {
			continue
		}
		for _, sent := range strings.FieldsFunc(p.Text, func(r rune) bool { return strings.ContainsRune("。；！？\n", r) }) {
			// (The words of the advice declined, after its verb: not 客服
			// or the brand's name.)
			advice, examples, work := declinedAdvice(sent)
			if advice == "" {
				continue
			}
			// (One word of an example it names is enough: "要不要冰敷" of
			// "（如是否冰敷…）".)
			n := 0
			for _, w := range t.terms {
				if exampleSays(examples, w) {
					n += 2
				} else if strings.Contains(advice, w) || strings.Contains(examples, w) {
					n++
				}
			}
			if n >= 2 {
				return sent
			}
			// Work asked of the service that the rule declines, by two
			// characters of it ("帮我算下…多少度": 计算度数).
			if work && helpAskRE.MatchString(t.nq) {
				shared := 0
				for _, r := range uniqueRunes(advice) {
					if unicode.Is(unicode.Han, r) && !strings.ContainsRune("或和与及的等", r) && strings.ContainsRune(t.nq, r) {
						shared++
					}
				}
				if shared >= 2 {
					return sent
				}
			}
		}
	}
	return ""
}

// offerAskRE asks whether the shop has something ("有没有1.5L的", "有2kg
// 装的吗").
var offerAskRE = regexp.MustCompile(`有没有|有木有|有无|(?:有|出)[^，,。？?！!\s]{1,10}?(?:吗|么|嘛|不)`)

// unofferedSize is the metric quantity ("1.5l") a question asks whether
// the one product it names comes in, when that product states quantities
// of the same kind (1000ml) and none of them, in any unit, is it, and no
// product's or variant's name says it either: the shop has no such size.
func (e *Engine) unofferedSize(ctx context.Context, t *turn) string {
	if t.lang != "zh" || !offerAskRE.MatchString(t.nq) {
		return ""
	}
	family := func(u string) string {
		m := metricQuantityRE.FindStringSubmatch(u)
		if m == nil {
			return ""
		}
		if m[2] == "l" || m[2] == "ml" {
			return "volume"
		}
		return "mass"
	}
	asked, forms := "", []string(nil)
	for _, u := range textUnits(t.masked) {
		if f := metricForms(u); len(f) > 0 {
			if asked != "" {
				return "" // two sizes: a comparison, not whether one exists
			}
			asked, forms = u, append([]string{u}, f...)
		}
	}
	var pid string
	for _, l := range t.links {
		if l.Type == "Variant" {
			return "" // a variant named is one that exists
		}
		if l.Type == "Product" {
			if pid != "" {
				return ""
			}
			pid = l.ID
		}
	}
	if asked == "" || pid == "" || t.idx == nil {
		return ""
	}
	ent, err := e.entity(ctx, t.req, pid)
	if err != nil {
		return ""
	}
	units := textUnits(fold(ent.Name))
	units = append(units, t.idx.variantUnits[pid]...)
	for _, a := range ent.Attributes {
		units = append(units, textUnits(fold(a.Value))...)
	}
	if !slices.ContainsFunc(units, func(u string) bool { return family(u) == family(asked) }) || slices.ContainsFunc(units, func(u string) bool { return slices.Contains(forms, u) }) {
		return ""
	}
	for _, p := range t.idx.products {
		if slices.ContainsFunc(append(slices.Clone(p.units), t.idx.variantUnits[p.id]...), func(u string) bool { return slices.Contains(forms, u) }) {
			return ""
		}
	}
	return asked
}

// hasThing reports whether a term that is 有 and one character ("有店",
// the segmenter's cut of "have a store") is covered: the text says the
// thing (门店).
func hasThing(term, text string) bool {
	r := []rune(term)
	return len(r) == 2 && r[0] == '有' && unicode.Is(unicode.Han, r[1]) && strings.ContainsRune(text, r[1])
}

// miscut reports whether the segmenter cut a word the text states across
// term and the term that follows or precedes it in the question, neither
// of which the text says: "开地暖要" cut as 开地 and 暖要 is 地暖.
func miscut(term string, terms []string, nq, text string) bool {
	if IsASCII(term) || strings.Contains(text, term) {
		return false
	}
	for _, o := range terms {
		if o == term || IsASCII(o) || strings.Contains(text, o) {
			continue
		}
		for _, pair := range [][2]string{{term, o}, {o, term}} {
			a, b := []rune(pair[0]), []rune(pair[1])
			if strings.Contains(nq, pair[0]+pair[1]) && strings.Contains(text, string(a[len(a)-1])+string(b[0])) {
				return true
			}
		}
	}
	return false
}

// unansweredMeasure is the measure a question asks of a product it names
// ("攀爬车整车多重") when it asks nothing else and no evidence writes a
// number in that measure's units: the knowledge does not state it. Measures
// that text often states in words (a duration, a count, an age, an amount
// of money) are left to coverage.
func (t *turn) unansweredMeasure() string {
	unit := "" // a unit the question asks the quantity in ("多少勒克斯")
	for i, m := range t.u.measures {
		if u := namedUnit(t.nq, m, t.u.measureCue[i]); u != "" {
			unit = u
		}
	}
	if t.plan.Operation != "lookup" || len(t.u.measures) == 0 || len(t.u.concepts) > 0 || policyIntents[t.sig.Intent] ||
		// (A key the question names answers it where the product has it:
		// another product's 噪音 says nothing of this one's. Nor does one
		// whose value is not in the unit named: 光照：明亮散射光 gives no lux.)
		slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool {
			// (Its word inside a name counts only where the question says it
			// besides: "吸水毛巾吸水咋样".)
			return k.Score >= 0.7 && (!t.namesThing(fold(k.Key)) || strings.Contains(t.masked, fold(k.Key))) && slices.ContainsFunc(t.facts, func(p piece) bool {
				return p.attr == k.Key && (p.fact == nil || unit == "" || writesUnit(*p.fact, unit))
			})
		}) ||
		!t.linksSold() ||
		// (Nor where a clause of its own asks what the facts its words
		// picked state: "要啥基础才能报" beside "一节课多长".)
		slices.ContainsFunc(t.facts, func(p piece) bool {
			w, ok := strings.CutPrefix(p.why, "the question's word ")
			if !ok {
				return false
			}
			w, _, _ = strings.Cut(w, " is in it")
			cl := clauseOf(t.nq, w)
			return cl != "" && !slices.ContainsFunc(t.u.measureCue, func(c string) bool { return strings.Contains(cl, c) })
		}) {
		return ""
	}
	for i, m := range t.u.measures {
		// ("Power Recliner Chair": a cue inside a name asks nothing.)
		if wordyMeasures[m.name] || !strings.Contains(t.masked, fold(t.u.measureCue[i])) {
			return ""
		}
		// A fact picked for the cue answers it (酒精度 for "多少度"); so
		// does evidence in its units. Either must be in the unit the
		// question names if it names one ("多厚 多少微米").
		// (A fact whose unit answers the cue answers it in any unit of its
		// measure where the unit is named by a cue that asks a quantity of
		// its own: "多少米" beside "多大个" is answered by 体长：1.5-2cm.)
		picked := slices.ContainsFunc(t.facts, func(p piece) bool { return strings.Contains(p.why, t.u.measureCue[i]) })
		byUnit := slices.ContainsFunc(t.facts, func(p piece) bool { return strings.Contains(p.why, "answers "+m.name+" ("+t.u.measureCue[i]+")") })
		if byUnit && (slices.Contains(t.u.measureCue, "多少"+unit) || slices.Contains(t.u.measureCue, "几"+unit)) {
			return ""
		}
		if (picked || t.evidenceWrites(m)) && (unit == "" || t.evidenceWritesUnit(unit)) {
			return ""
		}
	}
	return t.u.measures[0].name
}

// namedUnitRE is a quantity asked in a unit the question names: "多少微米".
var namedUnitRE = regexp.MustCompile(`(?:多少|几)\s*([a-zμ]+|\p{Han}{1,3})`)

// namedUnit is a unit of m the question asks the quantity in, if any,
// besides the cue that asked m ("多少度" names no unit of its own).
func namedUnit(nq string, m *measure, cue string) string {
	asksUnit := strings.HasPrefix(cue, "多少") || strings.HasPrefix(cue, "几")
	for _, x := range namedUnitRE.FindAllStringSubmatch(nq, -1) {
		for r := []rune(x[1]); len(r) > 0; r = r[:len(r)-1] {
			if u := string(r); m.hasUnit(u) && !(asksUnit && strings.Contains(cue, u)) {
				return u
			}
		}
	}
	return ""
}

// evidenceWritesUnit reports whether a piece of the evidence of the
// linked products (or of no product) writes a number in unit u.
func (t *turn) evidenceWritesUnit(u string) bool {
	return t.someEvidence(func(text string) bool { return writesUnit(kg.Attribute{Value: text}, u) })
}

// evidenceWrites reports whether a piece of the evidence writes a number
// in one of m's units ("次（" read as 次).
func (t *turn) evidenceWrites(m *measure) bool {
	return t.someEvidence(func(text string) bool {
		for _, x := range numberUnitRE.FindAllStringSubmatch(unitText(text), -1) {
			if m.hasUnit(x[1]) || m.hasUnit(string([]rune(x[1])[:1])) {
				return true
			}
		}
		return false
	})
}

// someEvidence reports whether the text of a piece of the evidence says
// what ok looks for. A product's own text or fact speaks for that product
// only: another's 60dB says nothing of this one.
func (t *turn) someEvidence(ok func(text string) bool) bool {
	linked := func(id string) bool {
		return slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.ID == id })
	}
	for _, p := range t.ev {
		// (A variant's row speaks for the product the question names: 方境's
		// 120W is its 110×70cm's.)
		if p.Kind == "fact" && p.EntityID != "" && !linked(p.EntityID) && (p.of == "" || !linked(p.of)) ||
			p.chunk != nil && p.chunk.Kind == "product" && !slices.ContainsFunc(p.chunk.EntityIDs, linked) {
			continue
		}
		if ok(p.Text) {
			return true
		}
	}
	return false
}

// unknownComparedModel is what a question compares with when it is
// written with digits or letters, names none of the linked products and
// the knowledge never mentions it ("跟70迈的比": another brand, which the
// segmenter cuts into 70 and 迈).
func (e *Engine) unknownComparedModel(ctx context.Context, t *turn) string {
	for _, m := range compareObjectRE.FindAllStringSubmatch(t.nq, -1) {
		obj := strings.TrimSuffix(strings.TrimSuffix(fold(m[1]+m[2]), "的"), "家")
		if runeLen(obj) < 2 || !strings.ContainsFunc(obj, func(r rune) bool { return unicode.Is(unicode.Han, r) }) ||
			!strings.ContainsFunc(obj, func(r rune) bool { return r < 128 && (unicode.IsDigit(r) || unicode.IsLetter(r)) }) && !t.coinedName(obj) {
			continue
		}
		// (A quantity is no model: "同样250克哪个便宜".)
		if slices.ContainsFunc(numberUnitRE.FindAllStringSubmatch(obj, -1), func(x []string) bool { return anyUnit(x[1]) || anyUnit(string([]rune(x[1])[:1])) }) {
			continue
		}
		// ("跟老款x1比": the x1 of a linked name.)
		codes := asciiRunRE.FindAllString(obj, -1)
		if slices.ContainsFunc(t.links, func(l linkedEntity) bool {
			n := squash(fold(l.Name))
			return slices.ContainsFunc(codes, func(c string) bool { return strings.Contains(n, c) })
		}) || strings.Contains(t.idx.mentions, obj) || e.inKnowledge(ctx, t, obj) {
			continue
		}
		return obj
	}
	return ""
}

// compareSidesRE is a comparison of two sides in one clause: "A跟B比",
// "A和B哪个…", "A和B谁…".
var compareSidesRE = regexp.MustCompile(`([^，,。？?！!]{2,24}?)\s*(?:跟|和|与|同)\s*([^，,。？?！!\s]{2,16}?)\s*(?:比|相比|对比|哪个|哪家|谁)`)

// ownSideRE names the shop itself as one side of a comparison.
var ownSideRE = regexp.MustCompile(`你们|你家|您家|贵店|贵司|你店`)

// comparedWithOther is the other side of a comparison one side of which
// is the shop's own ("你们回收价跟爱回收比", "X跟你们家的比", or a side
// with the brand's name), when the knowledge never mentions it and it is
// no channel: another shop's or brand's, which the knowledge cannot
// compare ("转转上买的翻新机", "金典有机奶").
func (e *Engine) comparedWithOther(ctx context.Context, t *turn) string {
	linker, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames)
	if err != nil {
		return ""
	}
	_, channels := channelNamesLongestFirst()
	own := func(s string) bool { return ownSideRE.MatchString(s) || linker.SaysBrand(s) }
	// A side of two characters or more that is no channel and that the
	// knowledge never mentions.
	unknownOther := func(other string) bool {
		return runeLen(other) >= 2 && !slices.ContainsFunc(channels, func(n string) bool { return runeLen(n) >= 2 && strings.Contains(other, strings.ToLower(n)) }) &&
			!strings.Contains(t.idx.mentions, other) && !e.inKnowledge(ctx, t, other)
	}
	for _, m := range compareSidesRE.FindAllStringSubmatch(t.nq, -1) {
		// (A side is the words next to the connective: "12平的出租屋 移动
		// 空调跟…" compares 移动空调.)
		fs := strings.Fields(m[1])
		if len(fs) == 0 {
			continue
		}
		a, b := fs[len(fs)-1], strings.TrimSpace(m[2])
		var other string
		switch {
		case own(a) && !own(b):
			other = b
		case own(b) && !own(a):
			other = a
		default:
			continue
		}
		// (Without the names linked: "九号的割草机器人" is 九号's.)
		for _, l := range t.links {
			if n := fold(l.Name); runeLen(n) >= 2 {
				other = strings.ReplaceAll(other, n, "")
			}
		}
		other = strings.TrimSuffix(strings.TrimSuffix(other, "的"), "家")
		if unknownOther(other) {
			return other
		}
	}
	// "中通 圆通 极送 寄3公斤到北京 谁家最便宜": which of several shops
	// listed, the brand among them, asks of the others too.
	if whichShopRE.MatchString(t.nq) {
		fs := strings.FieldsFunc(t.nq, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("、，,/", r) })
		if slices.ContainsFunc(fs, own) {
			for _, f := range fs {
				if runeLen(f) <= 6 && !strings.ContainsFunc(f, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) && !own(f) && unknownOther(f) {
					return f
				}
			}
		}
	}
	// "大麦上林屿的票比你们便宜": the place a thing is said to cost less,
	// or be better, than the shop's, when the knowledge never mentions it
	// and it is no channel and no time ("去年比你们今年便宜").
	for _, m := range cheaperThanOwnRE.FindAllStringSubmatch(t.nq, -1) {
		if other := m[1]; !timeSideRE.MatchString(other) && !own(other) && unknownOther(other) {
			return other
		}
	}
	return ""
}

// cheaperThanOwnRE is a place said to sell cheaper or better than the shop
// ("大麦上…比你们便宜", "拼多多的比你家划算"): its name is the words before
// 上, 的, 家 or 那 that start the clause.
var cheaperThanOwnRE = regexp.MustCompile(`(?:^|[\s，,。？?！!])([\p{Han}a-z0-9]{2,6}?)(?:上|的|家|那边|那里)[^，,。？?！!\s]{0,12}比(?:你们|你家|您家|贵店)家?的?(?:便宜|划算|实惠|优惠|靠谱|好|低)`)

// whichShopRE asks which of several shops does best ("谁家最便宜", "哪家
// 更快").
var whichShopRE = regexp.MustCompile(`(?:谁家|哪家)\p{Han}{0,2}?(?:最|更|比较)?(?:便宜|贵|快|好|划算|实惠|靠谱|省钱)`)

// timeSideRE is a side of a comparison that is a time, not a place.
var timeSideRE = regexp.MustCompile(`年|月|天|周|前|后|次|原来|之前|以前|刚才|上回|当时`)

// coinedName reports whether a short Chinese word of the question is
// one the segmenter cut into its characters, knowing no word of it
// ("跟倍思的比": 倍|思): a name, as a brand's is, not a word of the
// language ("老款", "国产").
func (t *turn) coinedName(w string) bool {
	r := []rune(w)
	if len(r) < 2 || len(r) > 4 || slices.ContainsFunc(r, func(c rune) bool { return !unicode.Is(unicode.Han, c) }) {
		return false
	}
	cut := t.segments()
	for i := 0; i+len(r) <= len(cut); i++ {
		if strings.Join(cut[i:i+len(r)], "") == w && !slices.ContainsFunc(cut[i:i+len(r)], func(u string) bool { return runeLen(u) != 1 }) {
			return true
		}
	}
	return false
}

// asciiRunRE is a run of (folded) Latin letters and digits: "x1", "70".
var asciiRunRE = regexp.MustCompile(`[a-z0-9]+`)

// quantityRE is an amount the question asks by its name: a noun ending in
// 率, 量, 值, 指数 or 系数 before the asking word ("透气率是多少", "汞含量具体是多少").
var quantityRE = regexp.MustCompile(`(\p{Han}{1,5}(?:率|量|值|指数|系数))(?:是|有|大概|大约|具体|一般|能有|能达到|在)*(?:多少|多高|多大|几)`)

// eachRE starts a phrase that goes through each of several ("每个", "各种").
var eachRE = regexp.MustCompile(`^(?:每个|每种|每款|每一种|每一个|各个|各种|各款|不同)`)

// unknownQuantity is an amount the question asks of a thing the
// knowledge never mentions ("汞含量", "出肉率"): nothing can state it. Of
// a thing it mentions ("氧化锌含量"), it may state the amount however it
// words it (氧化锌15%).
func (e *Engine) unknownQuantity(ctx context.Context, t *turn) string {
	if t.lang != "zh" {
		return ""
	}
	segOnce.Do(loadSegmenter)
	if seg == nil {
		return ""
	}
	for _, loc := range quantityRE.FindAllStringSubmatchIndex(t.nq, -1) {
		// "免费量几次": how many times, of a verb (量, to measure), no
		// amount.
		if r, _ := utf8.DecodeRuneInString(t.nq[loc[1]:]); strings.ContainsRune("次回遍趟", r) {
			continue
		}
		// A condition or a time ends before the amount ("单买的话值多少":
		// 值 alone; "看彩图的时候分辨率多少": 分辨率).
		q := t.nq[loc[2]:loc[3]]
		for _, end := range []string{"的话", "的时候"} {
			if i := strings.LastIndex(q, end); i >= 0 {
				q = q[i+len(end):]
			}
		}
		// "每个容量多少钱": each of the things the amount tells apart, not
		// the amount asked.
		if eachRE.MatchString(q) {
			continue
		}
		ws := seg.Cut(q)
		if len(ws) == 0 {
			continue
		}
		// The word before the amount's own word (含量, 出肉率 → 率 of 出肉).
		// A word before a demonstrative ("大的那个流量") says which one
		// is meant, not whose amount.
		// So does a word of grammar ("加起来值多少": 起来, a complement).
		thing, pointed := "", false
		for i := len(ws) - 2; i >= 0 && thing == "" && !pointed; i-- {
			if w := strings.Trim(ws[i], functionChars); w != "" {
				thing = w
			}
			pointed = demonstrativeRE.MatchString(ws[i]) || contentStop[thing]
		}
		if pointed {
			continue
		}
		last := ws[len(ws)-1]
		if thing == "" && runeLen(last) >= 3 {
			thing = string([]rune(last)[:runeLen(last)-1]) // one word: 出肉率
		}
		// (An amount of a measure the evidence writes in its units is
		// stated, whatever the thing is called: "喇叭功率" of 扬声器 2×25W.)
		if thing == "" || t.namesThing(thing) || t.evidenceMeasures(last) {
			continue
		}
		// (A text about no product that names the amount whole, "载重指数"
		// where size codes are explained, may state it for any product in
		// its own notation; another product's amount, "衣柜的甲醛释放量",
		// says nothing of this one.)
		if !e.inKnowledge(ctx, t, thing) || !t.linkedSay(thing) && !e.generalMention(ctx, t, thing+last) {
			return thing + last
		}
	}
	return ""
}

// demonstrativeRE is a word that points ("那个", "这款").
var demonstrativeRE = regexp.MustCompile(`^[那这哪][` + pointWords + `]?$`)

// linkedSay reports whether what the question names says w: a key or
// value of a linked product or variant, or a text of the evidence about
// one ("E2的网布透气率": no fact or text of E2 says 透气, whatever another
// product's does). True when no product is linked.
func (t *turn) linkedSay(w string) bool {
	var ids []string
	for _, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			ids = append(ids, l.ID)
		}
	}
	if len(ids) == 0 {
		return true
	}
	for _, p := range t.facts {
		if slices.Contains(ids, p.EntityID) && strings.Contains(fold(p.Text), w) {
			return true
		}
	}
	for _, p := range t.ev {
		if p.chunk != nil && slices.ContainsFunc(p.chunk.EntityIDs, func(id string) bool { return slices.Contains(ids, id) }) && strings.Contains(fold(p.Text), w) {
			return true
		}
	}
	return false
}

// evidenceMeasures reports whether cue asks a measure that the evidence
// writes a number in the units of.
func (t *turn) evidenceMeasures(cue string) bool {
	for i := range measures {
		if slices.Contains(measures[i].cues, cue) && t.evidenceWrites(&measures[i]) {
			return true
		}
	}
	return false
}

// wordyMeasures are the measures text often states without a unit.
var wordyMeasures = map[string]bool{"duration": true, "count": true, "age": true, "money": true, "times": true, "level": true}

// glossInKnowledge reports whether the knowledge base mentions one of an
// English word's dictionary translations (of two or more characters); a
// word without translations counts as mentioned (nothing to say otherwise).
func (e *Engine) glossInKnowledge(ctx context.Context, t *turn, w string) bool {
	var gs []string
	for _, g := range glosses(w) {
		if runeLen(g) >= 2 && !IsASCII(g) {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return true
	}
	for _, g := range gs {
		if strings.Contains(t.idx.mentions, g) || e.inKnowledge(ctx, t, g) {
			return true
		}
	}
	return false
}

// glossStem is the two characters at least half of an English word's
// dictionary translations (two at least) start with: 罗马 of "roman"
// (罗马帝国, 罗马数字, 罗马字母…); "" when there is none.
func glossStem(w string) string {
	count := map[string]int{}
	n := 0
	for _, g := range glosses(w) {
		if r := []rune(g); len(r) >= 2 && !IsASCII(g) {
			count[string(r[:2])]++
			n++
		}
	}
	best := ""
	for p, c := range count {
		if c >= 2 && 2*c >= n && (best == "" || c > count[best] || c == count[best] && p < best) {
			best = p
		}
	}
	return best
}

// inKnowledge reports whether the knowledge base mentions term anywhere:
// an entity name or alias of the lexicon, or the text of a chunk.
func (e *Engine) inKnowledge(ctx context.Context, t *turn, term string) bool {
	// An English word is a whole word of a name or a text: "unice" is no
	// word of "WANYUN Ice Silk", which folds to wanyunicesilk.
	says := func(folded, spacedText string) bool { return strings.Contains(folded, term) }
	if IsASCII(term) && isWordy(term) && !strings.ContainsFunc(term, unicode.IsDigit) {
		says = func(_, spacedText string) bool { return containsWholeWord(spacedText, term) }
	}
	if says(t.idx.mentions, t.idx.spacedNames) {
		return true
	}
	// An English word inflected ("Masks" of the name "…Nebulizer Mask").
	if IsASCII(term) && slices.ContainsFunc(zhen.Stems(term), func(s string) bool { return len(s) >= 4 && strings.Contains(t.idx.mentions, s) }) {
		return true
	}
	hits, err := e.Search.Search(ctx, term, retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: 3, Mode: retrieval.SparseOnly})
	if err != nil {
		return true // unknown: do not count it against the question
	}
	for _, h := range hits {
		if says(fold(h.Chunk.Text+h.Chunk.Title), spaced(h.Chunk.Text+" "+h.Chunk.Title)) {
			return true
		}
	}
	return false
}

// codeInKnowledge is inKnowledge for a model code: where it is written
// with a digit right after it, it is part of a longer number ("x9" of
// "Flex 90", folded "flex90"), not the code; a space ends a code ("X5 4K").
func (e *Engine) codeInKnowledge(ctx context.Context, t *turn, code string) bool {
	if codeIn(t.idx.spacedNames, code) || codeIn(t.idx.squashed, code) {
		return true
	}
	hits, err := e.Search.Search(ctx, code, retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: 3, Mode: retrieval.SparseOnly})
	if err != nil {
		return true // unknown: do not count it against the question
	}
	for _, h := range hits {
		if s := spaced(h.Chunk.Text + " " + h.Chunk.Title); codeIn(s, code) || codeIn(strings.ReplaceAll(s, " ", ""), code) {
			return true
		}
	}
	return false
}

// codeIn reports whether s writes code with no digit right after it.
func codeIn(s, code string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], code)
		if j < 0 {
			return false
		}
		end := i + j + len(code)
		if end == len(s) || s[end] < '0' || s[end] > '9' {
			return true
		}
		i = end
	}
}

// generalMention reports whether a text of the knowledge about no
// product and no kind of product says term.
func (e *Engine) generalMention(ctx context.Context, t *turn, term string) bool {
	hits, err := e.Search.Search(ctx, term, retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: 5, Mode: retrieval.SparseOnly})
	if err != nil {
		return false
	}
	aboutThing := func(id string) bool {
		le := t.idx.byID[id]
		return le != nil && (le.Type == "Product" || le.Type == "Variant" || le.Type == "Category" || le.Type == "Series")
	}
	return slices.ContainsFunc(hits, func(h retrieval.Hit) bool {
		return !slices.ContainsFunc(h.Chunk.EntityIDs, aboutThing) && strings.Contains(fold(h.Chunk.Text+h.Chunk.Title), term)
	})
}

// compareObjectRE finds what a question compares with: "跟X比", "和X比哪个",
// "X和你们的Y哪个", "than X", "compared to X", "vs X".
var compareObjectRE = regexp.MustCompile(`(?:跟|和|与|同|对比|相比)([^，,。？?！!\s]{2,16}?)\s?(?:比|相比|对比|哪个|谁)|^([^，,。？?！!\s]{2,16}?)(?:和|跟|与)(?:你们|你家|您家)|(?:than|compared? (?:to|with)|versus|vs\.?) ((?:[a-z0-9'’.%-]+ ?){1,4})`)

// numeralOfUnit reports whether a word is a Chinese numeral and a unit
// ("一克" of "多少钱一克": per gram, no amount a text states as 1克).
func numeralOfUnit(w string) bool {
	rest := strings.TrimLeft(w, "零一二两三四五六七八九十百千")
	return rest != "" && rest != w && anyUnit(rest)
}

// declineRE is a brand's rule that its service gives no advice of a kind
// ("客服不提供医疗诊断或用药建议", "客服无法提供医疗建议", "客服与师傅不提
// 供楼板承重…方面的评估或意见"), or does no work of a kind for the customer
// ("客服不代为推荐或计算度数"). Said of no service in particular, it is
// advice or a judgement declined ("颐安居不提供用药建议", "教练不对孩子的运动
// 天赋…作出判断或承诺", "能否用于办理居住证…，栖城不做资格判断"), not a
// plan or a service the shop lacks.
// Its groups are the advice or work declined, after the verb.
var declineRE = regexp.MustCompile(`客服[^。；\n]{0,12}(?:无法|不|不能)(?:(?:提供|给出)([^。；\n]{0,40}(?:建议|诊断|方案|评估|意见|鉴定|判定))|(?:代为|帮忙|替顾客|为顾客)([^。；，\n]{0,6}(?:推荐|计算|换算|判断|选择)[^。；，\n]{0,10}))|` +
	`(?:无法|不|不能)(?:提供|给出)([^。；\n]{0,40}(?:建议|诊断|意见|鉴定|判定))|不对([^。；\n]{0,40})(?:作出|做出|给出)(?:任何)?(?:判断|承诺|保证|评估|建议)|` +
	`(?:不做|不作)(?:任何)?([^。；，\n]{0,8}?)(?:判断|评估|鉴定|认定)`)

// declinedAdvice is the advice or work a sentence declines (declineRE),
// and the examples of it it gives after it ("康复训练建议（如是否冰敷、何时
// 可以恢复运动）"); "" when it declines none. work is whether it declines
// work done for the customer ("客服不代为推荐或计算度数").
func declinedAdvice(sent string) (advice, examples string, work bool) {
	m := declineRE.FindStringSubmatchIndex(sent)
	if m == nil {
		return "", "", false
	}
	for g := 1; g < len(m)/2; g++ {
		if m[2*g] >= 0 {
			advice += sent[m[2*g]:m[2*g+1]]
		}
	}
	if m[10] >= 0 {
		// "能否用于办理居住证、积分入学、落户，以…为准，栖城不做资格判断":
		// what it judges nothing of is said before it.
		examples = fold(sent[:m[0]])
	} else if rest := sent[m[1]:]; strings.HasPrefix(rest, "（") {
		if ex, _, ok := strings.Cut(rest, "）"); ok {
			examples = fold(ex)
		}
	}
	return fold(advice), examples, m[4] >= 0
}

// exampleSays reports whether the examples of a decline say w as a whole
// item, not the start of a longer word ("积分" of 积分入学、).
func exampleSays(examples, w string) bool {
	return slices.ContainsFunc(indexesOf(examples, w), func(i int) bool {
		r, _ := utf8.DecodeRuneInString(examples[i+len(w):])
		return r == utf8.RuneError || !unicode.Is(unicode.Han, r) || strings.ContainsRune("等的和或及与", r)
	})
}

// soleQuantityRE is a number and its unit alone ("7天", "2.5kg").
var soleQuantityRE = regexp.MustCompile(`^[\d.]+\s*\p{Han}{0,2}$`)

// helpAskRE asks the service to do a thing for the customer ("帮我算下").
var helpAskRE = regexp.MustCompile(`帮我|帮忙|给我|替我`)

// nameLike reports whether a term names something (a brand, a product, a
// model) rather than being a word of the question: an English word the
// customer capitalised mid-sentence, or a term of what the question
// compares the brand's product with.
func nameLike(t *turn, term string) bool {
	// An English word written with a capital inside a sentence (not the
	// first word of one: "…dropped. Until when").
	if IsASCII(term) && t.proper[term] && !eventHeads[term] {
		return true
	}
	// "和airpods pro 2哪个…": a Latin name's spaces do not end it.
	q := latinSpaceRE.ReplaceAllString(t.nq, "${1}_${2}")
	q = latinSpaceRE.ReplaceAllString(q, "${1}_${2}")
	// (A word the customer starts with themselves is theirs: "跟t3我用
	// 哪个" says 我用.)
	if strings.ContainsRune(pronounChars, []rune(term)[0]) {
		return false
	}
	for _, m := range compareObjectRE.FindAllStringSubmatch(q, -1) {
		obj := fold(m[1] + m[2])
		// "跟老款x1比": a word of a model's age describes a product the
		// question links (跟华为x1比 names another brand's x1).
		if rest := strings.Replace(obj, term, "", 1); versionWordRE.MatchString(term) && rest != obj && runeLen(rest) >= 2 &&
			slices.ContainsFunc(t.links, func(l linkedEntity) bool { return strings.Contains(fold(l.Name), rest) }) {
			continue
		}
		// (The segmenter may glue the comparison's 比 to the name: "褚橙比".)
		// ("拿在手里哪个轻": a place it is held, no name.)
		if strings.Contains(t.nq, "在"+term) {
			continue
		}
		if strings.Contains(obj, term) || runeLen(obj) >= 2 && strings.HasPrefix(term, obj) && strings.ContainsRune("比相对", []rune(term)[runeLen(term)-1]) {
			return true
		}
		// (Or a word across its edge with the joining word, "荣泰和你们家的"
		// segmented 荣|泰和, "和易生的比" 和易|生, of a thing whose name
		// goes on in Chinese past the word (not "同样1kg哪个": a quantity)
		// and no name the question links shares two characters with:
		// "跟额温枪比" of the linked 额温枪 F1 is the brand's own.)
		rest := strings.Map(func(r rune) rune {
			if strings.ContainsRune(term, r) || r == '的' {
				return -1
			}
			return r
		}, obj)
		// (Not a quantity said of the same verb on both sides: "住6天跟住7天"
		// segmented 跟住, its rest 7天.)
		if obj != "" && strings.ContainsAny(obj, term) && strings.Contains(fold(m[0]), term) && strings.ContainsFunc(rest, func(r rune) bool { return unicode.Is(unicode.Han, r) }) && !soleQuantityRE.MatchString(rest) &&
			!slices.ContainsFunc(t.links, func(l linkedEntity) bool { return longestCommon([]rune(obj), []rune(fold(l.Name))) >= 2 }) {
			return true
		}
	}
	// "宜家买的": where the customer bought it, unless that is a channel.
	for _, m := range boughtAtRE.FindAllStringSubmatch(t.nq, -1) {
		if strings.Contains(m[1], term) && !calendarWord(term) && !slices.ContainsFunc(slices.Collect(maps.Keys(kg.ChannelNames())), func(n string) bool { return strings.Contains(m[1], n) }) {
			return true
		}
	}
	// "你们有哈密瓜卖吗", "有没有飞天茅台卖": what the customer asks the shop
	// to sell.
	for _, m := range sellsRE.FindAllStringSubmatch(t.nq, -1) {
		// (Not the 没有 of "有没有卖冰爪", read as 有 and 没有卖.)
		if strings.Contains(strings.TrimPrefix(m[1], "没有")+m[2], term) {
			return true
		}
	}
	// "国标转特斯拉的转接头" of 国标转Type 2转接头: a word between two runs
	// of a name the question links, in place of what the name has between
	// them, names a thing like it that is not that one.
	if insideName(t, term) {
		return true
	}
	// "三代" of a series: a generation is a model.
	return generationRE.MatchString(term)
}

// insideName says whether the question says term between two runs of two
// or more characters of one linked name ("国标转" and "转接头" of 国标转Type
// 2转接头), where the name has something else between them, of none of
// its characters ("手推水管车" of 手推式水管卷盘车 shortens the name).
func insideName(t *turn, term string) bool {
	q := []rune(t.nq)
	tr := []rune(term)
	for i := 0; i+len(tr) <= len(q); i++ {
		if string(q[i:i+len(tr)]) != term {
			continue
		}
		j := i + len(tr)
		if j < len(q) && q[j] == '的' {
			j++
		}
		for _, l := range t.links {
			name := fold(l.Name)
			before, after := "", ""
			for k := 2; k <= min(4, i); k++ {
				if w := string(q[i-k : i]); strings.Contains(name, w) {
					before = w
				}
			}
			for k := 2; k <= min(4, len(q)-j); k++ {
				if w := string(q[j : j+k]); strings.Contains(name, w) {
					after = w
				}
			}
			// (Two runs that are one word said twice, "半护理变全护理" of 上门护理
			// ·专业护理, frame nothing.)
			if before == "" || after == "" || before == after {
				continue
			}
			b := strings.Index(name, before)
			a := strings.LastIndex(name, after)
			if b >= 0 && a > b+len(before) && !strings.ContainsAny(name[b+len(before):a], term) {
				return true
			}
		}
	}
	return false
}

// hasRE asks whether the shop has a thing, makes one, or takes on a job:
// "你们有卷发棒吗", "你家有没有X", "你们出不出大码", "你们接婚礼跟拍吗".
var hasRE = regexp.MustCompile(`(?:你们|你家|您家|贵店|店里)(?:家)?(有没有|有|卖不卖|卖|接不接|接|出不出)([\p{Han}A-Za-z0-9]{2,12}?)(?:吗|么|嘛|不|没|卖|啊|呀|[，,。？?！!\s]|$)`)

// bareHasRE asks, first thing, whether there is a thing: "有没有儿童睡衣 …",
// or one for a model it names by its code ("e5有没有…帽框").
// ("有点小贵呢" says how it is: 有 alone asks only before 吗, 么 or 卖.)
var bareHasRE = regexp.MustCompile(`^(?:请问|问下|想问下?)?(?:[a-z]{1,4}\d{1,4}\s?)?(?:有没有((?:[^，,。？?！!\s的]{1,24}?的)?[\p{Han}A-Za-z0-9]{2,12}?)(?:吗|么|嘛|卖|啊|呀|[，,。？?！!\s]|$)|有([\p{Han}A-Za-z0-9]{2,8}?)(?:吗|么|卖))`)

// whereBuyRE asks where to buy a thing: "…的替换笔头在哪买".
var whereBuyRE = regexp.MustCompile(`([\p{Han}A-Za-z0-9]{2,16}?)(?:在哪里?买|去哪里?买|哪里能?买|哪能买)`)

// madeForRE asks whether there is a thing made for the product ("有没有配
// 套的防雨罩") or whether it has a function ("有负离子功能吗").
var madeForRE = regexp.MustCompile(`(?:有没有|有)(?:配套|专用|适配|对应)的([\p{Han}A-Za-z0-9]{2,8}?)(?:吗|么|嘛|卖|啊|呀|[，,。？?！!\s]|$)|(?:有没有|有)([\p{Han}A-Za-z0-9]{2,8}?)(?:功能|模式)(?:吗|么|嘛|不|没|[，,。？?！!\s]|$)`)

// brandAsYou is the question with the brand's name said as 你们: the
// brand's name says the shop's ("泳汐有卖潜水电脑表吗", "光屿那款吊扇灯多少
// 钱", "成都有栖城公寓吗").
func (e *Engine) brandAsYou(ctx context.Context, t *turn) string {
	nq := t.nq
	if l, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames); err == nil {
		for _, b := range l.Brands() {
			if runeLen(b) >= 2 && !IsASCII(b) {
				nq = strings.ReplaceAll(nq, fold(b), "你们")
			}
		}
	}
	return nq
}

// unknownHad is the thing a question asks whether the shop has ("你们有
// 卷发棒吗") when the knowledge never mentions it whole: something the
// brand does not sell, however much of its words the knowledge uses (卷发).
func (e *Engine) unknownHad(ctx context.Context, t *turn) string {
	nq := e.brandAsYou(ctx, t)
	var xs []string
	sold := map[int]bool{} // of xs, the things asked whether the shop sells ("有没有卖高山靴")
	for _, m := range hasRE.FindAllStringSubmatch(nq, -1) {
		// ("你们店里卖的袖带能换上用不": what the shop sells, no thing
		// asked for.)
		if strings.HasPrefix(m[2], "的") {
			continue
		}
		// ("你们卖马桶和花洒吗": each of two things asked.)
		for _, x := range splitThings(m[2]) {
			sold[len(xs)] = strings.HasPrefix(m[1], "卖") || strings.HasPrefix(x, "卖")
			xs = append(xs, x)
		}
	}
	if m := bareHasRE.FindStringSubmatch(t.nq); m != nil {
		xs = append(xs, m[1]+m[2])
	}
	// "m系列马克笔的替换笔头在哪买": the thing asked where to buy, after
	// its description's last 的.
	for _, m := range whereBuyRE.FindAllStringSubmatch(t.nq, -1) {
		if _, y, ok := cutLast(m[1], "的"); ok && runeLen(y) >= 2 {
			xs = append(xs, y)
		}
	}
	// "pad l有没有配套的防雨罩", "有负离子功能吗": a thing made for the
	// product, a function it has.
	for _, m := range madeForRE.FindAllStringSubmatch(t.nq, -1) {
		xs = append(xs, m[1]+m[2])
	}
	// A thing described ("能防水的手机壳", "绣帽子用的帽框") is the thing
	// after the description's last 的; a description saying it can do what
	// the knowledge never says (防水) asks for a thing the shop does not
	// have, whatever the thing.
	for i, x := range xs {
		d, y, ok := cutLast(x, "的")
		if !ok || strings.ContainsAny(d, "什么啥哪几多怎") {
			continue
		}
		// (A description none of whose pairs of characters the knowledge
		// says, "嫁接睫毛的胶水", asks for another kind of the thing; not
		// the customer's own, "我老公用的".)
		if v := strings.TrimPrefix(trimDemonstrative(d), "卖"); runeLen(v) >= 3 && !strings.ContainsAny(v, "我你您他她它咱") {
			if known, n := e.knownPairs(ctx, t, v); n >= 2 && known == 0 {
				return v
			}
		}
		for _, c := range []string{"能够", "能", "可以", "会", "带"} {
			// (Fewer than half the pairs of its characters the knowledge
			// says together: "能上地暖的实木" says 地暖; "带抬头显示的" only
			// 抬头, of an invoice.)
			if v, ok := strings.CutPrefix(d, c); ok && runeLen(v) >= 2 {
				if known, n := e.knownPairs(ctx, t, v); 2*known < n {
					return d
				}
			}
		}
		xs[i] = y
	}
	// "你们家那个智能电动床多少钱": the thing of the shop's whose price is
	// asked, after its description's last 的 ("会自己跟着人走的智能跟随箱").
	for _, m := range yourThingRE.FindAllStringSubmatch(nq, -1) {
		x := m[1]
		if i := strings.LastIndex(x, "的"); i >= 0 {
			x = x[i+len("的"):]
		}
		x = trimDemonstrative(x) // ("你们家那个卡": 卡, a word of the thing asked before)
		// ("养在你们那要交多少钱": 你们那 is the shop's place, and what
		// follows it a verb, no thing.)
		if rest, ok := strings.CutPrefix(x, "那"); ok && startsWithVerb(rest) {
			continue
		}
		if runeLen(x) >= 2 && !quantityPhraseRE.MatchString(x) {
			xs = append(xs, x)
		}
	}
	// "能连蓝牙耳机吗": a thing to connect or pair the product with, of a
	// word the knowledge never says (耳机).
	for _, m := range pairWithRE.FindAllStringSubmatch(t.nq, -1) {
		if strings.ContainsAny(m[1], "什么啥哪几多怎") {
			continue
		}
		for _, w := range t.terms {
			// (A noun's stem the knowledge says is that thing: "盖子" of 杯盖.)
			if runeLen(w) >= 2 && !IsASCII(w) && strings.Contains(m[1], w) && !e.inKnowledge(ctx, t, w) && !stemIn(w, t.idx.mentions) &&
				!slices.ContainsFunc(t.links, func(l linkedEntity) bool { return strings.Contains(fold(l.Name), w) }) {
				return m[1]
			}
		}
	}
	for i, x := range xs {
		// (What is done there, "你们有卖不", "去你们店补要多少钱", is no
		// thing: the shop's own word, a verb of selling and the particles
		// around the thing go.)
		// ("你们有卖吗 多少钱": whether it is sold, no thing.)
		x = strings.TrimPrefix(strings.TrimPrefix(fold(x), "有没有"), "有")
		x = strings.TrimLeft(strings.TrimPrefix(x, "店"), "卖")
		x = trimDemonstrative(x) // "店里有那个高速扫描仪s8吗"
		// ("有单卖夹子吗": sold on its own, a way of selling.)
		for _, p := range []string{"单独卖", "单卖", "单独"} {
			x = strings.TrimPrefix(x, p)
		}
		x = strings.TrimLeft(x, "卖")
		x = strings.TrimRightFunc(x, func(r rune) bool { return strings.ContainsRune(functionChars+"不没", r) })
		// (A size after the thing, "内存卡256g", says which of it there
		// is, not what it is.)
		if loc := sizeAfterRE.FindStringSubmatchIndex(x); loc != nil && anyUnit(x[loc[4]:loc[5]]) {
			x = x[:loc[2]]
		}
		if runeLen(x) < 2 {
			continue
		}
		// (A measure, "我看你家有3毫米那种", is no thing; nor is one of the
		// shop's people doing the work, "找你们师傅装".)
		if q := strings.TrimSuffix(strings.TrimSuffix(x, "那种"), "的"); amountAloneRE.MatchString(q) ||
			slices.ContainsFunc(serviceRoles, func(r string) bool { return strings.HasPrefix(x, r) }) {
			continue
		}
		// (A linked name sharing a word of it is what it names: "有新疆香梨
		// 卖吗" of 库尔勒香梨; unless the rest of it is a word the knowledge
		// never uses: "有没有儿童睡衣" of 纯棉格纹长袖睡衣.)
		named := slices.ContainsFunc(t.links, func(l linkedEntity) bool {
			name := fold(l.Name)
			// (Another word for it: "内存卡" of …存储卡.)
			if l.Type == "Product" && sameHead(strings.ReplaceAll(name, " ", ""), x) {
				return true
			}
			if longestCommon([]rune(name), []rune(x)) < 2 {
				return false
			}
			// The characters of it the name does not hold ("儿童" of 儿童睡衣,
			// "智能床" of 智能电动床 against 电动升降桌); not of two things
			// joined ("30分钻戒跟…30分吊坠").
			rest := strings.Map(func(r rune) rune {
				if strings.ContainsRune(name, r) {
					return -1
				}
				return r
			}, x)
			// (One character before the words the name ends the thing
			// with, where the name has another there, names another kind:
			// "国画颜料" of 油画颜料.)
			if runeLen(rest) == 1 && strings.HasPrefix(x, rest) && otherModifier(name, x[len(rest):]) {
				return false
			}
			// (A character the name does not end with, ending the thing,
			// is its head, and one the knowledge never says names
			// another kind: "高尔夫球鞋" of 高尔夫球.)
			if runeLen(rest) == 1 && strings.HasSuffix(x, rest) && !e.inKnowledge(ctx, t, rest) {
				return false
			}
			return runeLen(rest) < 2 || strings.ContainsAny(x, "跟和与比") || strings.Contains(x, "你们") || e.inKnowledge(ctx, t, rest)
		})
		// (A noun's stem a name says is that thing: "夹子" of BB夹.)
		if strings.ContainsAny(x, "什么啥哪几多怎的") || named || strings.Contains(t.idx.mentions, x) || stemIn(x, t.idx.mentions) {
			continue
		}
		// (A thing asked whether it is sold is one the catalog names: the
		// text may mention what the shop does not sell, "B3全硬底高山靴" of
		// the boots crampons fit.)
		if !sold[i] && e.inKnowledge(ctx, t, x) {
			continue
		}
		return x
	}
	return ""
}

// otherModifier reports whether the name says tail right after a
// Chinese character of its own (油 before 画颜料 in 油画颜料).
func otherModifier(name, tail string) bool {
	i := strings.Index(name, tail)
	if runeLen(tail) < 2 || i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(name[:i])
	return unicode.Is(unicode.Han, r)
}

// sizeAfterRE is a thing followed by its size: "内存卡256g" (the number
// and its unit as groups 1 and 2).
var sizeAfterRE = regexp.MustCompile(`\p{Han}(\d+(?:\.\d+)?)\s*([a-zμ]{1,3}|\p{Han})$`)

// knownPairs is how many of the pairs of Chinese characters in a row of v
// (hanPairs) the knowledge says, of n.
func (e *Engine) knownPairs(ctx context.Context, t *turn, v string) (known, n int) {
	ps := hanPairs(v)
	for _, w := range ps {
		if e.inKnowledge(ctx, t, w) {
			known++
		}
	}
	return known, len(ps)
}

// splitThings are the things x joins with 和, 跟, 与, 还有 or 或 ("马桶和
// 花洒"), or x alone.
func splitThings(x string) []string {
	parts := thingsJoinRE.Split(x, -1)
	if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool { return runeLen(p) < 2 }) {
		return []string{x}
	}
	return parts
}

var thingsJoinRE = regexp.MustCompile(`和|跟|与|还有|或者?`)

// pairWithRE asks whether a product connects with, is paired with or
// takes a thing added ("能连蓝牙耳机吗", "能加装wifi模块吗", "能加无人机
// 航拍吗"; not which: "能配哪些周边" lists what it fits), or whether the
// customer may take something ("能吃点褪黑素吗").
var pairWithRE = regexp.MustCompile(`(?:能|可以|可)(?:连接?|搭?配|加装|外接|加|吃点?|喝点|服用)([\p{Han}A-Za-z0-9]{2,6}?)(?:吗|么|不|嘛|在|听|看|用|[，,。？?！!\s]|$)`)

// startsWithVerb reports whether s starts with a verb or an adverb, by
// the segmenter's part of speech of its first word, or of its first
// character where the dictionary lacks the word ("要交": 要).
func startsWithVerb(s string) bool {
	if segOnce.Do(loadSegmenter); seg == nil || s == "" {
		return false
	}
	w := seg.Cut(s)[0]
	if seg.Pos(w) == "" {
		r, _ := utf8.DecodeRuneInString(s)
		w = string(r)
	}
	return posIs(w, "vd")
}

// trimDemonstrative is x without the demonstrative it starts with ("那个",
// "这款").
func trimDemonstrative(x string) string {
	for _, d := range []string{"那个", "这个", "那款", "这款", "那种", "这种"} {
		x = strings.TrimPrefix(x, d)
	}
	return x
}

// amountAloneRE is a number and its unit alone ("3毫米", "500ml").
var amountAloneRE = regexp.MustCompile(`^\d+(?:\.\d+)?\s*(?:[a-zμ]{1,3}|\p{Han}{1,2})$`)

// serviceRoles are the people sent to do the work for a customer
// (customer-service-general): no things the shop sells (unknownHad), and
// whom a question about its own order names (classify).
var serviceRoles = []string{"师傅", "快递员", "快递小哥", "骑手", "配送员", "送货员", "安装工", "工程师"}

// cutLast cuts s around the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// yourThingRE asks the price of a thing of the shop's ("你们家那个X多少钱");
// quantityPhraseRE is a number of times or pieces in it ("清洗一次"): what
// is done, not a thing.
var (
	yourThingRE      = regexp.MustCompile(`(?:你们|你家|您家)(?:家)?(?:的|那个|那款|这个|这款|卖的)?([\p{Han}A-Za-z0-9]{2,16}?)(?:多少钱|怎么卖|什么价|啥价)`)
	quantityPhraseRE = regexp.MustCompile(`[一二两三四五六七八九十\d]+[次个件回遍趟]`)
)

// sellsRE is a question whether the shop sells something: "有X卖吗",
// "有没有X卖", "卖不卖X", "do you sell X".
var sellsRE = regexp.MustCompile(`(?:有没有|有)([^，,。？?！!\s]{2,10}?)(?:卖|出售|在卖)|卖不卖([^，,。？?！!\s]{2,10})`)

// versionWordRE is a word of a model's age (老款, 新版, 上一代).
var versionWordRE = regexp.MustCompile(`^(老|新|旧|原|前|上一?)(款|版|代)$`)

// eventHeads end the names English gives sales events, which it writes
// with capitals ("the New Year Festival", "Singles' Day"): an event, whose
// rules the knowledge may state under its Chinese name, is no product or
// brand the knowledge does not know (customer-service-general).
var eventHeads = map[string]bool{"festival": true, "sale": true, "sales": true, "day": true, "holiday": true, "holidays": true,
	"event": true, "promotion": true, "carnival": true, "fair": true}

// boughtAtRE is where a customer says they bought something ("是宜家买的").
var boughtAtRE = regexp.MustCompile(`(?:在|是|从)([^，,。？?！!\s在是从的]{2,8}?)(?:上|里|那里|那儿|店)?(?:买的|购买的|买了|入手的)`)

// generationRE is a word that is a product's generation ("三代", "2代");
// generationWordRE finds one in text.
var (
	generationRE     = regexp.MustCompile(`^` + generationPat + `$`)
	generationWordRE = regexp.MustCompile(generationPat)
)

const generationPat = `[一二三四五六七八九十两\d]{1,2}代`

// romanAfterHan are, for the numbers two to ten, a Chinese character and
// the number's Roman numeral as NFKC folds it (Ⅱ is ii) ending a word
// right after it ("爵士白ii").
var romanAfterHan = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, 11)
	for n, r := range []string{2: "ii", 3: "iii", 4: "iv", 5: "v", 6: "vi", 7: "vii", 8: "viii", 9: "ix", 10: "x"} {
		if r != "" {
			out[n] = regexp.MustCompile(`\p{Han}` + r + `(?:[^a-z]|$)`)
		}
	}
	return out
}()

// romanGeneration reports whether a generation the question names ("二代")
// is one that text numbers with a Roman numeral right after a Chinese
// word ("爵士白Ⅱ", folded 爵士白ii).
func romanGeneration(term, text string) bool {
	if !generationRE.MatchString(term) {
		return false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(arabicNumerals(strings.Replace(term, "两", "二", 1)), "代"))
	if err != nil || n < 2 || n >= len(romanAfterHan) {
		return false
	}
	return romanAfterHan[n].MatchString(text)
}

// storeWords are what Chinese calls a physical store (customer-service-
// general): a question about one names one of them. 馆 is any hall a
// brand receives customers in (体验馆, 品鉴馆, 展馆).
var storeWords = []string{"店", "专柜", "馆", "展厅", "门市", "自提点", "网点", "营业部", "营业厅"}

// storeRE is a question about a physical store.
var storeRE = regexp.MustCompile(strings.Join(storeWords, "|") + `|\bstores?\b|\bshops?\b|\bshowrooms?\b`)

// unknownPlace is a place (a Chinese administrative division, by the
// dictionary) that a question about a store names and where the knowledge
// base names no store ("北京有你们的店吗" of a brand with stores in three
// other cities): no store there is known. A question that names an online
// channel ("在上海 天猫旗舰店买的") is about that shop, not a store.
//
// known is the place named where the knowledge names a store, if any.
func (e *Engine) unknownPlace(ctx context.Context, t *turn) (unknown, known string) {
	// (A store word in a linked name, "驰衡门店补胎服务", still asks about
	// a store.)
	q := t.masked
	store := storeRE.MatchString(t.nq) || openingRE.MatchString(t.nq)
	if !store && !addressRE.MatchString(t.nq) && !presenceRE.MatchString(e.brandAsYou(ctx, t)) {
		return "", ""
	}
	for n, code := range kg.ChannelNames() {
		if code != "offline" && runeLen(n) >= 2 && strings.Contains(q, n) {
			return "", ""
		}
	}
	for _, p := range placesNamed(q) {
		// (A store the search found named by the place is one there.)
		if store && t.storeNames[p] == nil && !e.storeIn(ctx, t, p) {
			return p, ""
		}
		// A place every sentence of the knowledge naming it says has
		// none ("其他城市（如北京、深圳、成都、武汉等）暂无门店").
		if t.storeNames[p] == nil && e.placeDenied(ctx, t, p) {
			return p, ""
		}
		// An address asked in a place the knowledge never names ("北京
		// 朝阳哪个泳池能上课 地址发我", of classes in four other cities).
		if !store && !e.inKnowledge(ctx, t, p) {
			return p, ""
		}
		known = p
	}
	return "", known
}

// presenceRE asks whether the brand has a place of its own somewhere
// ("西安有你们的剧场吗", "杭州有你家的校区没"): language-level.
var presenceRE = regexp.MustCompile(`有(?:你们|你家|贵司|咱们|咱家)(?:的)?\p{Han}{1,4}(?:吗|么|嘛|没|不|$|[？?])`)

// unknownTitle is a title the question names in book-title marks (titleRE: a
// show's, a book's, a course's, a document's) that the knowledge base
// never mentions: the brand has no such thing.
func (e *Engine) unknownTitle(ctx context.Context, t *turn) string {
	for _, m := range titleRE.FindAllStringSubmatch(t.nq, -1) {
		if w := fold(m[1]); !e.inKnowledge(ctx, t, w) {
			return m[1]
		}
	}
	return ""
}

// openingRE asks when a place opens or closes ("几点开门"): a store's
// hours.
var openingRE = regexp.MustCompile(`开门|关门|营业时间|几点营业`)

// addressRE is a question asking for an address, or where a place is
// ("成都的乐园在哪", not "在哪买").
var addressRE = regexp.MustCompile(`地址|\baddress\b|在哪(?:里|儿)?(?:$|[？?，,。！!\s]|呢|啊|呀)`)

// placesNamed are the places a question names, in order: Chinese
// administrative divisions by the dictionary, and ones written in pinyin
// ("Do you have a store in Beijing?").
func placesNamed(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		if p := zhen.PlaceByPinyin(strings.Trim(w, "?!.,;:'\"")); p != "" {
			out = append(out, p)
		}
	}
	// Leftmost and longest, without overlap: "上海门店" names 上海, not 海门.
	rs := []rune(q)
	for i := 0; i < len(rs); i++ {
		for j := min(len(rs), i+6); j >= i+2; j-- {
			// (A place whose name ends in a store's word, 新店, is said
			// as a store: "三亚那家新店".)
			if w := string(rs[i:j]); unicode.Is(unicode.Han, rs[i]) && zhen.Place(w) && !endsInStoreWord(w) {
				out = append(out, w)
				i = j - 1
				break
			}
		}
	}
	return out
}

// endsInStoreWord reports whether w ends in a word for a store (店, 馆).
func endsInStoreWord(w string) bool {
	return slices.ContainsFunc(storeWords, func(s string) bool { return runeLen(s) == 1 && strings.HasSuffix(w, s) })
}

// storeIn reports whether the knowledge base's text says something about
// a store in a place: a chunk that names the place names a store too (成都
// as a factory's city is not a store there).
func (e *Engine) storeIn(ctx context.Context, t *turn, place string) bool {
	hits, err := e.Search.Search(ctx, place+" 门店 店", retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: 10, Mode: retrieval.SparseOnly})
	if err != nil {
		return true // unknown: do not refuse for it
	}
	for _, h := range hits {
		text := h.Chunk.Text
		for _, s := range splitSentences(text) {
			if namesPlace(s, place) && storeRE.MatchString(fold(s)) {
				return true
			}
		}
	}
	return false
}

// streetAfterRE is a street named after a place, said right after the
// place's name ("南京西路", "北京东路", "人民大道"): language-level.
var streetAfterRE = regexp.MustCompile(`^[东南西北中]?(?:路|街|大街|大道|巷)`)

// namesPlace reports whether s names place as a place, not as the start
// of a street's name ("上海市静安区南京西路1266号" does not name 南京).
func namesPlace(s, place string) bool {
	return slices.ContainsFunc(indexesOf(s, place), func(i int) bool { return !streetAfterRE.MatchString(s[i+len(place):]) })
}

// placeDenied reports whether the knowledge names place, and every
// sentence of the chunks found for it that names it says the brand has
// none there or does not serve it ("…成都、武汉等）暂无门店，不提供长租").
func (e *Engine) placeDenied(ctx context.Context, t *turn, place string) bool {
	hits, err := e.Search.Search(ctx, place, retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: 10, Mode: retrieval.SparseOnly})
	if err != nil {
		return false
	}
	n := 0
	for _, h := range hits {
		for _, s := range splitSentences(h.Chunk.Text + "。" + h.Chunk.Title) {
			if !strings.Contains(s, place) {
				continue
			}
			if !placeDenialRE.MatchString(s) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// placeDenialRE says a place has none of the brand's or is not served:
// language-level.
var placeDenialRE = regexp.MustCompile(`暂无|暂未|尚未|没有|不(?:提供|支持|开通|覆盖|设|在)|无(?:门店|店|服务|网点)`)

var codeTokenRE = regexp.MustCompile(`[A-Za-z]+[-_]?[0-9][A-Za-z0-9_-]*`)

// codeShape is a code with letters as A and digits as 9 ("BW-5201" → "AA-9999").
func codeShape(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return '9'
		case r < 0x80 && unicode.IsLetter(r):
			return 'A'
		}
		return r
	}, s)
}

// unknownModel returns a code of the question that is written like the
// knowledge base's product ids or model codes but is not one of them
// ("BW-5201" when the catalog has BW-5001…BW-5104): a model the brand
// does not have. Batch, order and frame numbers have other shapes.
//
// So is a short model code ("E9" of "电动升降智能床E9") that no name and no
// text of the knowledge base carries.
func (e *Engine) unknownModel(ctx context.Context, t *turn) (code, why string) {
	q := t.req.Question
	// "你们那个Pods Max头戴多少钱": Latin words each known, written together
	// as a name no name has, in a Chinese question.
	if t.lang == "zh" {
		for _, run := range latinRunRE.FindAllString(q, -1) {
			words := strings.Fields(run)
			// Words of letters, one written as a name is ("Max"), not an
			// acronym ("EPA DHA") or a code with a number ("C1 Pro 24").
			if len(words) < 2 || slices.ContainsFunc(words, func(w string) bool { return strings.ContainsFunc(w, unicode.IsDigit) }) ||
				!slices.ContainsFunc(words, func(w string) bool { return titleWordRE.MatchString(w) }) {
				continue
			}
			lr := strings.ToLower(run)
			if !strings.Contains(t.idx.squashed, strings.ReplaceAll(lr, " ", "")) && !e.inKnowledge(ctx, t, lr) {
				return run, "a name of Latin words no name or text of the knowledge base writes together"
			}
		}
	}
	// "擎天10000多少钱": a number right after the word of a line of
	// numbered models (擎天3000, 擎天5000) that nothing writes with it.
	for _, m := range lineNumberRE.FindAllStringSubmatchIndex(t.nq, -1) {
		line, num := t.nq[m[2]:m[3]], t.nq[m[4]:m[5]]
		rest := t.nq[m[5]:]
		if r, _ := utf8.DecodeRuneInString(rest); unitAhead(rest) || strings.ContainsRune(measureWords, r) ||
			unicode.Is(unicode.Han, r) && strings.Contains(t.idx.mentions, num+string(r)) {
			continue // "行者600瓦", "口语30节", "水彩48色" (of 48色): an amount
		}
		// (The names and keys first: a known model needs no scan.)
		if !strings.Contains(t.idx.mentions, line+num) && t.numberedLine(line) && !e.inKnowledge(ctx, t, line+num) {
			return line + num, "a model number of a line of the names (" + line + ") that no name or text carries"
		}
	}
	for _, loc := range codeTokenRE.FindAllStringIndex(q, -1) {
		tok := q[loc[0]:loc[1]]
		up := strings.ToUpper(tok)
		// (A batch or serial number a rule quotes, "批号以FZ2406开头", is
		// known; a model of a line the names carry, "稳拍R5", is not known
		// by another thing's code in the text, "佳能R5".)
		if t.idx.shapes[codeShape(up)] && !t.idx.known[up] && (!e.inKnowledge(ctx, t, strings.ToLower(tok)) || e.unknownInLine(ctx, t, q[:loc[0]], tok)) {
			return tok, "which has the shape of the knowledge base's ids but is none of them"
		}
		// (A whole word: "x200" of "180x200" is a size.)
		if shortModelRE.MatchString(tok) && (loc[0] == 0 || !unicode.IsDigit(rune(q[loc[0]-1]))) && !e.codeInKnowledge(ctx, t, strings.ToLower(tok)) && !t.abbreviates(tok) {
			return tok, "a short model code no name or text of the knowledge base carries"
		}
	}
	return "", ""
}

// lineNumberRE is a word of two Chinese characters and the number right
// after it ("擎天10000"), the number not part of a longer one.
var lineNumberRE = regexp.MustCompile(`(\p{Han}{2})(\d{2,})(?:[^\d.]|$)`)

// numberedLine reports whether products' names write the word line with
// two numbers or more (擎天3000, 擎天5000: a line of models told apart by
// their numbers; not 手镯 of its variants' sizes).
func (t *turn) numberedLine(line string) bool {
	var nums []string
	for _, p := range t.idx.products {
		for i := strings.Index(p.joined, line); i >= 0; {
			j := i + len(line)
			k := j
			for k < len(p.joined) && p.joined[k] >= '0' && p.joined[k] <= '9' {
				k++
			}
			if k > j {
				nums = appendUnique(nums, p.joined[j:k])
			}
			n := strings.Index(p.joined[j:], line)
			if n < 0 {
				break
			}
			i = j + n
		}
	}
	return len(nums) >= 2
}

// unknownInLine reports whether the Chinese word right before a code in
// a question is part of the names (a product line: 稳拍 of 稳拍R3) and the
// knowledge never writes it with that code.
func (e *Engine) unknownInLine(ctx context.Context, t *turn, before, tok string) bool {
	rs := []rune(before)
	k := len(rs)
	for k > 0 && unicode.Is(unicode.Han, rs[k-1]) && len(rs)-k < 2 {
		k--
	}
	line := fold(string(rs[k:]))
	return runeLen(line) == 2 && strings.Contains(t.idx.mentions, line) && !e.inKnowledge(ctx, t, line+strings.ToLower(tok))
}

// abbreviates reports whether a short code ends in the code of a product
// the question links ("VD3" of 维生素D3软胶囊), or shortens its numbered
// name ("q6" of 轻阅6: nameAbbrs): the customer's shorthand for it, not
// another model.
func (t *turn) abbreviates(tok string) bool {
	if slices.ContainsFunc(t.idx.products, func(p lexProduct) bool {
		return slices.Contains(p.abbrs, strings.ToLower(tok)) && slices.Contains(t.linked, p.id)
	}) {
		return true
	}
	tail := strings.ToLower(tok[1:])
	if !strings.ContainsFunc(tail, unicode.IsLetter) {
		return false
	}
	return slices.ContainsFunc(t.links, func(l linkedEntity) bool {
		return (l.Type == "Product" || l.Type == "Variant") && strings.Contains(strings.ToLower(l.Name), tail)
	})
}

// titleWordRE is a word written as a name: a capital, then small letters.
var titleWordRE = regexp.MustCompile(`^[A-Z][a-z]+$`)

// latinRunRE is a run of Latin words ("Pods Max", "Pods Pro 2").
var latinRunRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*(?: +[A-Za-z0-9]+)+`)

// shortModelRE is a model code of one to three letters and one to three
// digits ("E9", "X12", "AF45").
var shortModelRE = regexp.MustCompile(`^[A-Za-z]{1,3}\d{1,3}$`)

// unknownKind returns the words right before a category's name in a
// question that names no product ("玻色因面霜", "双胞胎推车") when the
// knowledge never uses them: a kind of product the brand does not have.
func (e *Engine) unknownKind(ctx context.Context, t *turn) string {
	gid, _ := t.findGroup()
	if gid == "" || t.lex == nil {
		return ""
	}
	var brands []string
	if t.linksSold() {
		if l, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames); err == nil {
			brands = l.Brands()
		}
	}
	for _, g := range t.lex.Groups {
		if g.ID != gid {
			continue
		}
		// A product linked by nothing but the brand's and the group's names
		// ("盏禾…保温杯" of 盏禾轻岚保温杯 in "盏禾智能测温保温杯") is not the
		// one the question names.
		if slices.ContainsFunc(t.links, func(l linkedEntity) bool {
			if l.Type != "Product" && l.Type != "Variant" {
				return false
			}
			if l.described {
				return true // (a member the question describes is its kind's)
			}
			own := strings.ReplaceAll(fold(l.Name), fold(g.Name), "|")
			for _, b := range brands {
				own = strings.ReplaceAll(own, fold(b), "|")
			}
			return longestCommon([]rune(own), []rune(t.nq)) >= 2
		}) {
			return ""
		}
		n := []rune(fold(g.Name))
		q := []rune(t.nq)
		for k := len(n); k >= 2; k-- {
			head := string(n[len(n)-k:])
			i := strings.Index(t.nq, head)
			if i < 0 {
				continue
			}
			start := len([]rune(t.nq[:i]))
			// "奥特曼联名的盲盒": a word of three characters or more the
			// knowledge never uses, in the words before 的, names the kind.
			if start >= 4 && q[start-1] == '的' {
				before := string(q[wordsBefore(q, start-1, 6) : start-1])
				for _, w := range t.terms {
					// (Not a verb and its direction or result: "退回去的".)
					if runeLen(w) >= 3 && strings.Contains(before, w) && !strings.ContainsRune("去来起"+resultChars, []rune(w)[runeLen(w)-1]) && !festival(w) && !e.inKnowledge(ctx, t, w) {
						return w
					}
				}
			}
			j := wordsBefore(q, start, 4)
			if start-j < 2 {
				return ""
			}
			w := q[j:start]
			// A verb and its result ("开成办公用品": 开成) say what is done
			// with the thing, not which thing it is; so does a verb of
			// buying right before it ("公司团建订蛋糕": who buys, not what).
			if len(w) == 2 && strings.ContainsRune(resultChars, w[1]) || strings.ContainsRune(buyChars, w[len(w)-1]) {
				return ""
			}
			// A number of things ("两桶乳胶漆", "半桶") counts them; a
			// festival ("情人节蛋糕") says when it is for.
			if countsThings(w) || festival(string(w)) || strings.ContainsAny(string(w), "去来") {
				return "" // (nor do verbs in a row, "拿去穿网球拍", "开车去体检": what is done with it, going to it)
			}
			// A person doing something ("阿姨来打扫自己带工具吗": 自己带)
			// says who does what with the thing, not which thing it is.
			if strings.ContainsAny(string(w), pronounChars) || strings.Contains(string(w), "自己") {
				return ""
			}
			// A degree before it ("哪根更耐磨") makes the head a quality
			// compared, not a kind.
			if strings.ContainsRune(degreeChars, w[len(w)-1]) {
				return ""
			}
			// Another group the question links, of the same head and a
			// modifier sharing a character ("定做鱼缸": 定制鱼缸), is the
			// kind it names, loosely worded.
			if slices.ContainsFunc(t.links, func(l linkedEntity) bool {
				ln := []rune(fold(l.Name))
				return (l.Type == "Category" || l.Type == "Series") && l.ID != gid && len(ln) > k && string(ln[len(ln)-k:]) == head &&
					strings.ContainsFunc(string(ln[:len(ln)-k]), func(r rune) bool { return slices.Contains(w, r) })
			}) {
				return ""
			}
			// Unknown only when no part of it is known: "直接装到推车" is
			// a verb phrase of known words, "玻色因面霜" a name.
			for b := 0; b+1 < len(w); b++ {
				if e.inKnowledge(ctx, t, string(w[b:b+2])) {
					return ""
				}
			}
			return string(w)
		}
	}
	return ""
}

// wordsBefore is where the run of at most most Chinese characters before
// q[end] starts, stopping at a function character or a question word.
func wordsBefore(q []rune, end, most int) int {
	j := end
	for j > 0 && end-j < most && unicode.Is(unicode.Han, q[j-1]) && !strings.ContainsRune(functionChars+"几啥"+prepositions, q[j-1]) {
		j--
	}
	return j
}

// pronounChars are the personal pronouns (我, 你, 他…).
const pronounChars = "我你您他她它咱"

// prepositions are the characters that put a thing after them as their
// object ("把旧一号木拿来"): they end the words before it.
const prepositions = "把被给让从向往将"

// festival reports whether w names a festival ("情人节", "中秋", "圣诞"):
// Chinese names them with 节, or by these words (language-level).
func festival(w string) bool {
	return strings.HasSuffix(w, "节") && runeLen(w) >= 2 || slices.Contains(festivalNames, w)
}

var festivalNames = []string{"中秋", "端午", "七夕", "元旦", "圣诞", "春节", "元宵", "重阳", "除夕", "新年", "过年"}

// resultChars are the complements that say a verb's result ("开成", "装好").
const resultChars = "成好完掉到着过"

// buyChars are verbs of buying and choosing, said right before the thing
// bought ("订蛋糕", "选奶粉").
const buyChars = "订买购选挑"

// countsThings reports whether w is a number and a measure word ("两桶",
// "半箱", "十几瓶").
func countsThings(w []rune) bool {
	n := len(w)
	if n < 2 || !strings.ContainsRune(measureWords, w[n-1]) {
		return false
	}
	for _, r := range w[:n-1] {
		if !strings.ContainsRune("一二两三四五六七八九十百千半几多每", r) {
			return false
		}
	}
	return true
}

// englishEvidence reports whether the evidence is written in English
// (over a Chinese knowledge base, an English question's words are all
// absent from it, and say nothing about scope).
func englishEvidence(ev []piece) bool {
	latin, han := 0, 0
	for _, p := range ev {
		for _, r := range p.Text {
			switch {
			case unicode.Is(unicode.Han, r):
				han++
			case r < 0x80 && unicode.IsLetter(r):
				latin++
			}
		}
	}
	return latin > 2*han
}

// refuse answers politely, or hands off when the conversation keeps failing.
func (e *Engine) refuse(finish func(string, string, string, float64) Answer, prev []kg.Trace, reason, lang string) Answer {
	if len(prev) > 0 && prev[0].Status == StatusRefused {
		return finish(StatusHandoff, ReasonRepeatedRefusal, politeMessage(ReasonRepeatedRefusal, lang), 0.5)
	}
	return finish(StatusRefused, reason, politeMessage(reason, lang), 0.5)
}

var messages = map[string][2]string{
	ReasonNoEvidence:      {"抱歉，这个问题我在现有资料里没有找到答案，无法为您确认。如需进一步帮助，可以联系人工客服。", "Sorry, I could not find this in our knowledge base, so I can't confirm it. A human agent can help you further."},
	ReasonWeakEvidence:    {"抱歉，这个问题我在现有资料里没有找到可靠的答案，无法为您确认。如需进一步帮助，可以联系人工客服。", "Sorry, our knowledge base does not answer this reliably, so I can't confirm it. A human agent can help you further."},
	ReasonUnverified:      {"抱歉，这个问题我无法根据现有资料给出可靠的答复。如需进一步帮助，可以联系人工客服。", "Sorry, I can't give a reliable answer from our knowledge base. A human agent can help you further."},
	ReasonOutOfScope:      {"抱歉，这个问题超出了我能回答的范围（我只能根据品牌的商品和政策资料作答），无法为您办理或确认。如需帮助，可以联系人工客服。", "Sorry, that is outside what I can answer (I only answer from the brand's product and policy information). A human agent can help you further."},
	ReasonInjection:       {"抱歉，我只能根据品牌的商品和政策资料回答问题，无法执行这类指令，也不能发放优惠或修改任何信息。", "Sorry, I can only answer questions from the brand's product and policy information; I can't follow such instructions, issue discounts or change anything."},
	ReasonComplaint:       {"非常抱歉给您带来不好的体验，我马上为您转接人工客服处理。", "I'm very sorry for the trouble. I'm handing you over to a human agent now."},
	ReasonHumanRequested:  {"好的，正在为您转接人工客服，请稍候。", "Sure, I'm handing you over to a human agent now."},
	ReasonRepeatedRefusal: {"抱歉，我暂时没能解决您的问题，正在为您转接人工客服。", "Sorry I couldn't help with this. I'm handing you over to a human agent."},
}

func politeMessage(reason, lang string) string {
	m, ok := messages[reason]
	if !ok {
		m = messages[ReasonNoEvidence]
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}

// latinSpaceRE is a space between two Latin letters or digits.
var latinSpaceRE = regexp.MustCompile(`([a-z0-9]) ([a-z0-9])`)

// weekdays and weekend are how a text states the days of a part of the
// week.
var (
	weekdays = []string{"周一至周五", "周一到周五", "周一-周五", "周一～周五", "工作日", "星期一至星期五", "星期一到星期五"}
	weekend  = []string{"周六", "周日", "星期六", "星期日", "星期天", "双休", "礼拜六", "礼拜天"}
)

// calendarDays are the days a text states for a word for a part of the
// week ("周末": 周六、周日; "平时": 周一至周五).
var calendarDays = map[string][]string{"周末": weekend, "平时": weekdays, "平日": weekdays, "工作日": weekdays}

// asksHours reports whether the question asks when something is open
// or served ("几点开门"): of that, a part of the week says which days.
func (t *turn) asksHours() bool {
	return slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "hours" || c.name == "hoursAt" })
}

// calendarIn reports whether text states the part of the week term names
// by its days.
func calendarIn(term, text string) bool {
	return slices.ContainsFunc(calendarDays[term], func(d string) bool { return strings.Contains(text, d) })
}
