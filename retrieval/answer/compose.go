package answer

import (
	"fmt"
	"kgrag/kg"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Composing the extractive answer: one sentence per asked fact, then the
// chunk sentences (or FAQ answers) that best match the question, each with
// its marker. It adds nothing but fixed phrasing.

// compose writes the extractive answer.
func compose(t *turn) string {
	ev := t.ev
	lang := t.lang
	policy := policyIntents[t.sig.Intent]
	ct := append(append(slices.Clone(t.terms), intentTerms[t.sig.Intent]...), t.implied...)
	// The numbers the question says, but not its dates ("3月20号买的"):
	// a rule's sentence is not about them because it holds the digits.
	nums := numbers(monthDayRE.ReplaceAllString(t.nq, " "))
	deals := dealsSaid(t.nq) // "充1000送": a deal the question quotes, a verb, an amount and a verb
	codes := t.serials()
	namedDay := orderDateRE.MatchString(t.nq)  // the question names its order's day
	left := daysBefore(t.nq, t.req.AsOf)       // the days left before what is to come (-1: none named)
	hoursLeft := hoursBefore(t.nq, t.req.AsOf) // the hours from now to the time booked (-1: not both said)
	clock := t.clockAsked()                    // the time of day the customer wants it done (-1: none)
	acts := actionsOf(t.nq)                    // what the question does to its booking (取消, 改)
	measured := measuresSaid(t.nq)             // the measures the question states (a child's height)
	used, usedIn := usedSaid(t.nq)             // how much of a course or card the customer has used (and in what)
	usedOf := usedTotal(t.nq, used)            // the whole it is used of, where the question says it
	var parts []string
	nfacts := 0
	for _, p := range ev {
		if p.Kind != "fact" {
			continue
		}
		// Every sentence of a fact carries its marker ("无需门票。包含于故宫门票内").
		for _, sent := range splitAnswer(ensureStop(p.Text, lang)) {
			parts = append(parts, ensureStop(sent, lang)+p.Marker)
		}
		nfacts++
	}
	// Relation facts set the scene; the text still answers how and whether.
	if t.plan.Operation == "compare" {
		parts = append(parts, conclusions(ev, lang, amountAskRE.MatchString(t.nq))...)
	}
	asked := slices.ContainsFunc(ev, func(p piece) bool { return p.Kind == "fact" && !strings.HasPrefix(p.attr, "@") }) ||
		slices.ContainsFunc(ev, func(p piece) bool { return p.attr == "@catalog" || p.attr == "@variant" })
	type scored struct {
		s         string
		marker    string
		score     float64
		order     int
		faq       bool
		chunkKind string
		text      string // the chunk's text, tables as rows (listAfter)
		ref       bool   // of a document a fact refers to ("见《…》"): it says what the fact leaves to it
		title     string // its chunk's title
		section   string // the chunk's own heading, folded
		day       bool   // a rule for a span of days holding the day the question names
		asks      string // an FAQ entry's question, folded
		cell      bool   // a table row of a product the question names, in a column it names (namedCell)
	}
	// A policy whose title names what the question names ("618",
	// "双十一") holds the rules for it; where one does, the other policies'
	// sentences state the general rules it overrides.
	var eventWs []string // the question's words that name an event policy
	eventTitle := func(p piece) int {
		if p.chunk == nil || p.chunk.Kind != "policy" {
			return 0
		}
		title := fold(p.chunk.Title)
		// A time-limited policy's title names its event in whatever words
		// ("2025中秋国庆活动规则"): a word of the question in it names it.
		limited := p.chunk.ValidFrom != nil && p.chunk.ValidTo != nil && p.chunk.ValidTo.Sub(*p.chunk.ValidFrom) <= eventSpan
		n := 0
		// A time-limited rule in force on the order date the question
		// states, saying what it asks, is as if the question named it.
		if slices.Contains(t.eventRules, p.chunk.ID) && termCoverage(ct, fold(p.Text)) >= 0.5 {
			n++
		}
		for _, w := range append(slices.Clone(t.terms), nums...) {
			if isIntentWord(w) || runeLen(w) < 2 || t.namesThing(w) || !eventWord(w) && !limited {
				continue
			}
			// "双十一" is "双11" in a title; a number is a whole number of it
			// (the 20 of "20天" is not in "2025年双十一").
			if digits(w) == len(w) && hasNumber(title, w) || digits(w) < len(w) && (strings.Contains(title, w) || strings.Contains(arabicNumerals(title), arabicNumerals(w))) {
				n++
				eventWs = appendUnique(eventWs, w)
			}
		}
		return n
	}
	bestTitle := 0
	if policy {
		for _, p := range ev {
			if p.Kind == "chunk" {
				bestTitle = max(bestTitle, eventTitle(p))
			}
		}
	}
	var asked2 []aspect
	for _, a := range aspects {
		if a.asks.MatchString(t.nq) {
			asked2 = append(asked2, a)
		}
	}
	factsSaid := factText(ev)
	var ss []scored
	chunkSents := map[int][]string{} // a chunk's sentences, by its place in the evidence
	for ci, p := range ev {
		if p.Kind != "chunk" {
			continue
		}
		if bestTitle > 0 && p.chunk != nil && p.chunk.Kind == "policy" && eventTitle(p) < bestTitle {
			continue
		}

		c := p.chunk
		if c != nil && c.Kind == "product" && nfacts > 0 {
			continue // the graph facts say it better
		}
		if c != nil && c.Kind == "faq" {
			// An FAQ answers as a whole when its question matches.
			_, a, ok := strings.Cut(p.Text, "\n")
			if !ok {
				continue
			}
			// The answer without its "答：" label.
			for _, label := range []string{"答：", "答:", "A: ", "A:"} {
				a = strings.TrimPrefix(a, label)
			}
			if startsLater(a, t.ruleAt) {
				continue // an answer about a rule that starts later
			}
			// Of an answer that states the rule for orders before a date
			// beside the one since ("2025-04-01及之后签约的…；2025-04-01前签约、
			// …的…"), the sentences that hold.
			if !holdsAt(a, t.ruleAt) {
				var keep []string
				for _, x := range splitSentences(a) {
					if holdsAt(x, t.ruleAt) {
						keep = append(keep, x)
					}
				}
				if a = strings.Join(keep, ""); a == "" {
					continue
				}
			}
			if namesOutOfForce(a, t.outOfForce) {
				// Its sentences that state another version's rules go.
				var keep []string
				for _, x := range splitSentences(a) {
					if !namesOutOfForce(x, t.outOfForce) {
						keep = append(keep, x)
					}
				}
				a = strings.Join(keep, "")
				if a == "" {
					continue
				}
			}
			fa := fold(a)
			// (The code or number the customer quotes, "仪表一直跳E04", counts
			// in an FAQ's answer as in a rule's sentence.)
			sc := termCoverage(ct, fold(c.Title))*0.8 + termCoverage(ct, fa)*0.4 + provinceBonus(t, fa) + quotes(nums, fa)
			// Where an event's policy answers, an FAQ that does not ask
			// about the event states the general rule it overrides. Where a
			// rule in force then was replaced later, the FAQ, written for
			// today, may state the later one.
			if bestTitle > 0 && !slices.ContainsFunc(eventWs, func(w string) bool { return strings.Contains(fold(c.Title), w) }) || t.laterRules {
				sc *= 0.5
			}
			if t.plan.Operation == "list" && sc > 0 && enumerates(a) {
				sc += 0.3 // "哪几个城市" is answered by the sentence that names them
			}
			if coversSerial(codes, a) {
				sc++ // its rule covers the number the customer quotes
			}
			// An answer in the form of a concept asked (a number to call
			// for "客服电话") says it, as a rule's sentence does.
			if slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.says != nil && c.says.MatchString(fa) }) {
				sc += 0.3
			}
			// So does one that states the tier, counted in hours, that holds
			// the hours the question leaves before its booking.
			if hoursLeft >= 0 && hourTierHolds(a, hoursLeft, acts) {
				sc++
			}
			ss = append(ss, scored{s: a, marker: p.Marker, score: sc + 0.05/float64(ci+1), order: ci * 1000, faq: true, asks: fold(c.Title)})
			continue
		}
		head := ""
		if c != nil {
			head = fold(strings.Join(c.HeadingPath, " "))
		}
		section := ""
		if c != nil {
			section = ownHeading(*c)
		}
		rows, tableRs := tableRowsOf(p.Text)
		sents := splitSentences(rows)
		chunkSents[ci] = sents
		leads := clauseLeads(rows)
		for si, s := range sents {
			if runeLen(s) < 4 || !holdsAt(s, t.ruleAt) || namesOutOfForce(s, t.outOfForce) {
				continue
			}
			f := fold(s)
			// A clause after a semicolon is said of what its line is
			// about ("成都太古里店：…2楼；营业时间每天10:30-20:30").
			lf := f
			if l := leads[s]; l != "" {
				lf = fold(l) + " " + f
			}
			// A line that is the chunk's title alone (a product's name)
			// states nothing.
			if c != nil && strings.TrimRight(f, "。.!！?？ ") == fold(c.Title) {
				continue
			}
			sc := termCoverage(ct, lf) + 0.3*termCoverage(ct, head) + provinceBonus(t, lf)
			// A rule's sentence or section that names the kind of the
			// product asked about ("三、茶器…15天内") is its rule; one
			// whose section names only other kinds is theirs.
			if len(t.kinds) > 0 && c != nil && c.Kind == "policy" {
				if t.namesKind(section) {
					sc += 0.3
				}
			}
			if changeLog.MatchString(s) && changeSection.MatchString(head) {
				sc *= 0.5 // a change list's "由10%提高至20%" states the old rule too
			}
			sc += quotes(nums, f)
			for _, a := range asked2 {
				if a.says.MatchString(s) {
					sc += 0.3
				}
			}
			// So does one in the form of a concept asked ("打几折": 9折).
			for _, c := range t.u.concepts {
				if c.says != nil && c.says.MatchString(f) {
					sc += 0.3
					break
				}
			}
			if coversSerial(codes, s) {
				sc++ // its rule covers the number the customer quotes
			}
			// "储值卡现在充1000送多少": a text that states the deal as the
			// question says it ("充值档位：充500送50、充1000送150…").
			if slices.ContainsFunc(deals, func(d string) bool { return strings.Contains(f, d) }) {
				sc++
			}
			// The row of a product the question names, in a column it
			// names, answers what the product's own facts do not ("换个屏
			// 多少钱": 屏幕总成 1599, not the phone's price).
			cell := false
			if i := slices.IndexFunc(tableRs, func(r tableRow) bool { return r.sent == s }); i >= 0 && t.namedCell(tableRs[i], tableRs, factsSaid) {
				cell = true
				sc++
			}
			// "2月14号下的单": a rule for a span of days holding the day
			// the question names is the rule for that order.
			day := namedDay && rangeHolds(s, t.ruleAt)
			// "1月10号出发 今天退团扣多少": a tier counted in days before
			// it that holds the days left ("出发前15-29天：扣除团费的10%").
			// (Not the tier of a section for another kind than the one
			// named: "三、出境跟团游取消" for 泰国团, not "二、国内跟团游取消".)
			if left >= 0 && tierHolds(s, left) && !t.otherKindSection(section) {
				day = true
			}
			// "约的今天下午3点…现在中午12点": so does a tier counted in
			// hours that holds the hours left ("前2小时以内取消：…35元").
			if hoursLeft >= 0 && hourTierHolds(s, hoursLeft, acts) && !t.otherKindSection(section) {
				day = true
			}
			// "晚上9点想约人上门": a span of the clock that holds the time
			// of day the customer wants ("20:00至次日7:00的夜间上门…加收80元").
			if clock >= 0 && clockRangeHolds(s, clock) {
				day = true
			}
			// "娃身高1米3": a tier of the measure the customer states that
			// holds it ("身高1.2m（含）-1.4m：半价") is theirs.
			if measureTierHolds(s, measured) {
				day = true
			}
			// "上完一个周末16课时了 今天想退": the tier of what is used up
			// that holds it ("已上课时超过12课时、未超过总课时一半：…50%").
			if used > 0 && usedTierHolds(s, used, usedOf, usedIn) && !t.otherKindSection(section) {
				day = true
			}
			// "已经生产好了": the stage the customer says their order has
			// reached is the rule's item labelled with it ("已生产：扣除…
			// 60%"), not another that mentions the word ("已发货：…专属生产").
			if stageSaid(t.nq, s) {
				sc += 0.5
			}
			// "3公里券还没用 能退不": what the customer has not used yet is
			// the rule's item for the unused ("未核销的团购券，可随时…退款"),
			// not the used one's.
			if unusedSaidRE.MatchString(t.nq) && unusedRuleRE.MatchString(s) {
				sc += 0.5
			}
			// (A change list's summary of the tiers, "改为入住前10天，入住前
			// 4-9天扣…（2024版为…）", is not the rule's tier.)
			if day && changeSection.MatchString(head) {
				day = false
			}
			if day {
				sc++
			}
			// "南京店开了没": the sentence of the store the place names (a
			// question about a rule, "能拿去南京店退吗", asks the rule).
			if !policy && slices.ContainsFunc(slices.Collect(maps.Values(t.storeNames)), func(re *regexp.Regexp) bool { return re.MatchString(lf) }) {
				sc += 0.5
			}
			// A table's rows list its things one a row.
			row := strings.Contains(p.Text, "|") && labelFieldRE.MatchString(s) && strings.Count(s, "：") >= 2
			if t.plan.Operation == "list" && sc > 0 && (enumerates(s) || row) {
				sc += 0.3 // "哪几个城市" is answered by the sentence that names them
			}
			// A document a rule hands the time past its limit to speaks of
			// that time, in whatever words (afterLimitHits); so do a rule's
			// chunks kept for the time passed or the days left (its longest
			// limit, dayTierHits).
			if c != nil && slices.Contains(t.laterChunks, c.ID) {
				sc = max(sc, 0.05)
			}
			if sc <= 0 {
				continue
			}
			kind := ""
			if c != nil {
				kind = c.Kind
			}
			ref := c != nil && slices.Contains(t.refChunks, c.ID)
			// A catalog record's field ("适合：没有宽带的工地") is said of
			// the product it describes, as its facts are.
			if kind == "product" && lang != "en" && c.Title != "" && labelFieldRE.MatchString(s) && !strings.Contains(f, fold(c.Title)) {
				s = c.Title + "的" + strings.TrimSpace(s)
			}
			title := ""
			if c != nil {
				title = c.Title
			}
			ss = append(ss, scored{s: s, marker: p.Marker, score: sc + 0.05/float64(ci+1), order: ci*1000 + si, chunkKind: kind, text: rows, ref: ref, section: section, day: day, cell: cell, title: title})
		}
	}
	// FAQ entries that give the same answer are one question asked many
	// ways: their matches add up, so the answer most paraphrases point to
	// wins over a single lucky match.
	votes := map[string]float64{}
	for _, x := range ss {
		if x.faq {
			votes[x.s] += x.score
		}
	}
	for i := range ss {
		if ss[i].faq {
			ss[i].score += 0.25 * (votes[ss[i].s] - ss[i].score)
		}
	}
	slices.SortStableFunc(ss, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.order - b.order
	})
	best := 0.0
	if len(ss) > 0 {
		best = ss[0].score
	}
	limit, floor := 4, 0.15
	if asked && !policy {
		limit, floor = 2, 0.5 // the facts answered; text only when it is squarely on topic
	}
	// When facts answered, text joins only for what they leave unsaid.
	var unsaid []string
	if asked && !policy {
		for _, w := range t.terms {
			if pr := t.placeProvinces[w]; pr != "" {
				w = pr // a city the knowledge never names is said by its province
			}
			if !strings.Contains(factsSaid, w) {
				unsaid = append(unsaid, w)
			}
		}
		// "付了1000定金 到时候能抵多少": where the facts say every word of
		// the question (定金：1000元), the amount of a verb asked, which no
		// fact says, is said by the text that says the verb (定金1000元可
		// 抵扣1500元尾款).
		for _, m := range verbAmountRE.FindAllStringSubmatch(t.nq, -1) {
			if len(unsaid) == 0 && !strings.Contains(functionChars, m[1]) && !strings.Contains(factsSaid, m[1]) {
				unsaid = appendUnique(unsaid, m[1])
			}
		}
	}
	// An English question is answered in English where the text allows
	// (a Chinese label's field, "英文名：QINGMU SiHy…", is no English text).
	// (Of a question about a rule, English text that says nothing of the
	// rule, "How long between two coats?" of a return question, does not
	// displace the Chinese rule.)
	intent := intentRE(t.sig.Intent)
	english := func(x scored) bool {
		said := fold(x.s) + " " + x.asks
		if x.faq {
			said = x.asks // an FAQ is about what its question asks
		}
		return DetectLanguage(x.s) == "en" && !labelFieldRE.MatchString(x.s) &&
			(!policy || intent == nil || intent.MatchString(said))
	}
	if lang == "en" && slices.ContainsFunc(ss, func(x scored) bool {
		return english(x) && x.score >= 0.6*ss[0].score && x.score >= 0.15
	}) {
		ss = slices.DeleteFunc(ss, func(x scored) bool { return !english(x) })
	}
	// A measure asked that no fact states ("煮几分钟" of a bottle whose
	// facts say how, not how long) is left to the text.
	// A cue several measures share ("多大": a power, a size, a capacity)
	// asked one of them: answered in any, the others are not open.
	//
	// A fact of a key the question does not name (picked by its unit),
	// whose key does not say the verb the cue asks the measure of ("笔尖
	// 要泡多久" of 保修期：1年), answers it only where no text says the
	// verb: see openVerb.
	verbs := make([]string, len(t.u.measures))
	for i := range verbs {
		if i < len(t.u.measureCue) {
			verbs[i] = verbBefore(t.masked, t.u.measureCue[i])
		}
	}
	closes := func(i int, p piece) bool {
		if p.fact == nil || !t.u.measures[i].measuredBy(*p.fact) {
			return false
		}
		named := slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool { return k.Key == p.fact.Key && k.Score >= 0.7 })
		return verbs[i] == "" || named || strings.Contains(fold(p.fact.Key), verbs[i])
	}
	answeredCue := map[string]bool{}
	for i := range t.u.measures {
		if slices.ContainsFunc(ev, func(p piece) bool { return closes(i, p) }) && i < len(t.u.measureCue) {
			answeredCue[t.u.measureCue[i]] = true
		}
	}
	// A fact of a key the question names ("功率多大") answers a cue that
	// only asks how much of something, which several measures share.
	if slices.ContainsFunc(ev, func(p piece) bool {
		return p.fact != nil && slices.ContainsFunc(t.keys, func(k kg.PlanAttribute) bool { return k.Key == p.fact.Key && k.Score >= 1 })
	}) {
		for _, c := range t.u.measureCue {
			if cueMeasures(c) > 1 {
				answeredCue[c] = true
			}
		}
	}
	var open []*measure
	// An open measure asked of a verb (openVerb) is answered by text that
	// says the verb; one a fact's unit answered, only by such text
	// (verbOnly).
	openVerb := map[*measure]string{}
	verbOnly := map[*measure]bool{}
	for i, m := range t.u.measures {
		if i < len(t.u.measureCue) && answeredCue[t.u.measureCue[i]] {
			continue
		}
		if !slices.ContainsFunc(ev, func(p piece) bool { return closes(i, p) }) {
			open = append(open, m)
			openVerb[m] = verbs[i]
			verbOnly[m] = verbs[i] != "" && slices.ContainsFunc(ev, func(p piece) bool { return p.fact != nil && m.measuredBy(*p.fact) })
		}
	}
	saysVerb := func(m *measure, s string) bool { return openVerb[m] != "" && strings.Contains(fold(s), openVerb[m]) }
	statesOpen := func(m *measure, s string) bool {
		return m.measuredBy(kg.Attribute{Value: s}) && (!verbOnly[m] || saysVerb(m, s))
	}
	// An aspect asked that no fact states ("序列号在哪看" of a product
	// whose facts say which batches) is left to the text too.
	var openAspects []aspect
	for _, a := range asked2 {
		if !slices.ContainsFunc(ev, func(p piece) bool { return p.Kind == "fact" && a.says.MatchString(p.Text) }) {
			openAspects = append(openAspects, a)
		}
	}
	// The price of replacing or mending a part ("星轨换电池 多少钱") is
	// stated only by what says the part: the product's own price is not it.
	// (换货, 换新 and 换购 replace no part.)
	part := ""
	if m := partServiceRE.FindStringSubmatch(t.masked); m != nil && !strings.Contains("货新购", m[1]) {
		part = m[1]
	}
	// So is a concept asked that no fact states ("要放冰箱吗" of a product
	// whose facts say nothing of storing it), or that only the product's
	// price states where a part's is asked.
	var openConcepts []*concept
	for _, c := range t.u.concepts {
		if !slices.ContainsFunc(ev, func(p piece) bool {
			return p.Kind == "fact" && c.statedBy(fold(p.Text)) && (c.name != "price" || part == "" || strings.Contains(fold(p.Text), part))
		}) {
			openConcepts = append(openConcepts, c)
		}
	}
	// formOf: text in the form of a concept asked that no fact states.
	formOf := func(x scored) bool {
		return slices.ContainsFunc(openConcepts, func(c *concept) bool { return c.says != nil && c.says.MatchString(fold(x.s)) })
	}
	// statesBoth: text stating a concept and a measure asked that no fact
	// states.
	statesBoth := func(x scored) bool {
		return slices.ContainsFunc(openConcepts, func(c *concept) bool { return c.statedBy(fold(x.s)) }) &&
			slices.ContainsFunc(open, func(m *measure) bool { return statesOpen(m, x.s) })
	}
	statesVerb := func(x scored) bool {
		return slices.ContainsFunc(open, func(m *measure) bool { return saysVerb(m, x.s) && statesOpen(m, x.s) })
	}
	statesAsked := func(x string) bool {
		return slices.ContainsFunc(open, func(m *measure) bool { return statesOpen(m, x) })
	}
	// Text stating the price of the part asked of ("电池更换价格：…149元")
	// answers what the product's price does not.
	partPrice := func(x scored) bool {
		fx := fold(x.s)
		return part != "" && strings.Contains(fx, part) && slices.ContainsFunc(openConcepts, func(c *concept) bool { return c.name == "price" && c.statedBy(fx) })
	}
	var picked []scored
	for _, s := range ss {
		states := slices.ContainsFunc(open, func(m *measure) bool { return statesOpen(m, s.s) }) ||
			slices.ContainsFunc(openAspects, func(a aspect) bool { return a.says.MatchString(s.s) }) ||
			slices.ContainsFunc(openConcepts, func(c *concept) bool { return c.statedBy(fold(s.s)) }) ||
			coversSerial(codes, s.s) || s.cell
		// A referred document's sentence that says what the facts leave
		// unsaid answers with them.
		refers := s.ref && len(unsaid) > 0 && termCoverage(unsaid, fold(s.s)) > 0
		// (An FAQ entry says what its question asks as well as its answer:
		// "车载冰箱能拿回家插插座用吗" says 插座.)
		says := fold(s.s) + " " + s.asks
		if asked && !policy && !states && !refers && (len(unsaid) == 0 || termCoverage(unsaid, says) == 0) {
			continue
		}
		// Text that says most of what the facts leave unsaid joins them
		// though it matches the whole question less ("管子不够长 加长的部分
		// 怎么收费" of a product whose facts say only what comes with it).
		fills := asked && !policy && len(unsaid) > 0 && s.score >= 0.3 && termCoverage(unsaid, says) >= 0.5
		// Text in the form of a concept asked that nothing picked states
		// ("订阅打几折": 每期按日常价的9折结算) answers though it matches the
		// question's words less, and past the limit.
		inForm := formOf(s) && s.score >= 0.3 && !slices.ContainsFunc(picked, formOf)
		if !inForm && s.score >= 0.3 && partPrice(s) && !slices.ContainsFunc(picked, partPrice) {
			inForm = true
		}
		// So does text stating both a concept and a measure asked that
		// nothing picked states ("积分多久过期": 积分自获得之日起12个月内
		// 有效, past sentences on other rules for points).
		if !inForm && s.score >= 0.3 && statesBoth(s) && !slices.ContainsFunc(picked, statesBoth) {
			inForm = true
		}
		// And text stating a measure asked of a verb ("笔尖要泡多久": 温水
		// 浸泡约10分钟) that only a fact picked by its unit answered.
		if !inForm && s.score >= 0.3 && statesVerb(s) && !slices.ContainsFunc(picked, statesVerb) {
			inForm = true
		}
		// A product's row in a column the question names answers past the
		// limit too: there is one a table for each linked product at most.
		inForm = inForm || s.cell
		// A list asked ("哪些城市能上门取送") that no fact answers is
		// answered by every row of the table a picked row is of: its rows
		// join past the limit.
		if !inForm && !asked && t.plan.Operation == "list" && rowLabels(s.s) != "" {
			inForm = slices.ContainsFunc(picked, func(p scored) bool {
				return p.marker == s.marker && rowLabels(p.s) == rowLabels(s.s)
			})
		}
		if len(picked) >= limit && !inForm {
			continue
		}
		// Text that states an aspect asked and left open by everything
		// else ("要怎么弄": the remedy) answers though it matches the
		// question's words less than what answered its other part.
		opens := slices.ContainsFunc(openAspects, func(a aspect) bool { return a.says.MatchString(s.s) }) && s.score >= 0.3 &&
			!slices.ContainsFunc(picked, func(p scored) bool {
				return slices.ContainsFunc(openAspects, func(a aspect) bool { return a.says.MatchString(p.s) })
			}) || inForm
		if (s.score < best*0.6 || s.score < floor) && !fills && !refers && !opens && !s.day {
			continue
		}
		// (A second FAQ that states the measure asked, where the first does
		// not, answers it: "等几秒" of 等待读数稳定约5秒.)
		if slices.ContainsFunc(picked, func(p scored) bool {
			return p.s == s.s || p.faq && s.faq && s.score < 0.9*p.score && !(statesAsked(s.s) && !statesAsked(p.s))
		}) {
			continue // one FAQ answers a question; a second one is another question's
		}
		picked = append(picked, s)
	}
	// A sentence cut at its semicolons goes on in its next clauses: those
	// of a picked sentence (not an FAQ's whole answer), as picked text.
	following := func(p scored) []scored {
		if p.faq {
			return nil
		}
		var out []scored
		sents := chunkSents[p.order/1000]
		for si := p.order%1000 + 1; si < len(sents) && strings.ContainsAny(sents[si-1], "；;"); si++ {
			// (A clause of an item in force on the day asked is in force
			// too, whatever later day it names: "…自2026-02-23起陆续发出".)
			if holdsAt(sents[si], t.ruleAt) || rangeHolds(p.s, t.ruleAt) {
				out = append(out, scored{s: sents[si], marker: p.marker, score: p.score, order: p.order - p.order%1000 + si, chunkKind: p.chunkKind, text: p.text})
			}
		}
		return out
	}
	// The clause that states a measure asked and left open joins the clause
	// picked ("到店后出示提货码领取；商品到店后保留7天").
	for _, m := range open {
		if slices.ContainsFunc(picked, func(p scored) bool { return m.measuredBy(kg.Attribute{Value: p.s}) }) {
			continue
		}
		for _, p := range slices.Clone(picked) {
			next := following(p)
			if i := slices.IndexFunc(next, func(c scored) bool { return m.measuredBy(kg.Attribute{Value: c.s}) }); i >= 0 {
				picked = append(picked, next[i])
			}
		}
	}
	// So does one that says a word of the question the picked clause
	// leaves out ("金穗会员：生日当月购物享双倍积分；生日礼为…" asked
	// "金穗会员生日礼送的啥"), where the sentence is a rule's item about
	// what the clause picked names first.
	// So does one that names a product the question links by the words the
	// question names it with ("石英计时（星轨）149元" of 星轨41 after
	// "石英三针…99元").
	var linkedRuns []string
	for _, w := range questionRuns(fold(t.nq), 4) {
		if slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.Type == "Product" && strings.Contains(fold(l.Name), w) }) {
			linkedRuns = append(linkedRuns, w)
		}
	}
	// So does one that names the item's label again ("春节停发期：…，停发期内
	// 不发货；停发期内付款的订单，自2026-02-23起…陆续发出"): the label's
	// head, its last characters, says the clause is the item's.
	// (So does the clause after a tier that holds the question's time,
	// "…24小时以内取消的，收取取消费50元；居家搬家…100元", label or none.)
	for _, p := range slices.Clone(picked) {
		labelled := labelFieldRE.MatchString(stripListNumber(p.s))
		if !strings.ContainsAny(p.s, "；;") || !labelled && !p.day {
			continue
		}
		var head []rune
		if labelled {
			head = []rune(fold(strings.TrimSpace(labelFieldRE.FindString(stripListNumber(p.s)))))
			head = head[:len(head)-1] // the colon
			head = head[max(0, len(head)-3):]
		}
		for _, c := range following(p) {
			f := fold(c.s)
			// (After an unlabelled tier, not the next tier: "…24小时以内
			// 取消的…；居家搬家…100元" is the tier's, "出发前7-14天…" another.)
			if !labelled && (tierRE.MatchString(c.s) || hourSpanRE.MatchString(c.s) || hourLowerRE.MatchString(c.s) || hourUpperRE.MatchString(c.s)) {
				continue
			}
			if !slices.ContainsFunc(picked, func(x scored) bool { return x.s == c.s }) &&
				(len(head) >= 2 && strings.Contains(f, string(head)) ||
					slices.ContainsFunc(t.terms, func(w string) bool { return runeLen(w) >= 2 && !t.namesThing(w) && strings.Contains(f, w) }) ||
					// (or a word of a linked product's name: "石英计时（星轨）149元"
					// of 星轨41 after 石英三针…99元.)
					slices.ContainsFunc(linkedRuns, func(w string) bool { return strings.Contains(f, w) })) {
				picked = append(picked, c)
			}
		}
	}
	// A question of several clauses ("门店晚上几点关门 营养师几点下班") asks
	// each: a clause that neither the facts nor the picked text speak to
	// gets the sentence that speaks to it best, if one does.
	if cls := questionClauses(t.nq); len(cls) > 1 {
		var known strings.Builder
		known.WriteString(factsSaid)
		for _, l := range t.links {
			known.WriteString(fold(l.Name))
		}
		for _, cl := range cls {
			ts, alts := clauseTerms(cl)
			// A clause that asks only a measure ("多久能拿") asks it of what
			// the rest of the question is about, and is spoken to by a text
			// stating a quantity of it.
			var ms []*measure
			for i, m := range t.u.measures {
				if i < len(t.u.measureCue) && strings.Contains(cl, t.u.measureCue[i]) {
					ms = append(ms, m)
				}
			}
			// So is one that asks only an aspect of a rule ("要加钱不": a
			// sentence stating the fee).
			var as []aspect
			for _, a := range aspects {
				if a.asks.MatchString(cl) {
					as = append(as, a)
					// (Its own words are no content: 加钱.)
					ts = slices.DeleteFunc(ts, func(w string) bool { return a.asks.MatchString(w) })
				}
			}
			// (A word no evidence says, "能到" of "几天能到", picks nothing.)
			said := slices.DeleteFunc(slices.Clone(ts), func(w string) bool {
				return !slices.ContainsFunc(ss, func(x scored) bool { return strings.Contains(fold(x.s), w) })
			})
			if len(said)+len(alts) == 0 && len(ms)+len(as) > 0 {
				ts, _ = clauseTerms(t.nq)
			} else {
				ms, as = nil, nil
			}
			// (A clause's own words must be said too: "服务时间" of online
			// advice does not say when the store closes.)
			speaks := func(text, head string) float64 {
				if len(ts) > 0 && termCoverage(ts, text+" "+head) == 0 || slices.ContainsFunc(alts, func(c *concept) bool { return !c.statedBy(text) }) ||
					len(ms) > 0 && !slices.ContainsFunc(ms, func(m *measure) bool { return m.measuredBy(kg.Attribute{Value: text}) }) ||
					len(as) > 0 && !slices.ContainsFunc(as, func(a aspect) bool { return a.says.MatchString(text) }) {
					return 0
				}
				c := clauseCoverage(ts, alts, text) + 0.3*termCoverage(ts, head)
				if len(ms)+len(as) > 0 {
					// (Any word of the question will do beside the quantity.)
					c = max(c, 0.5)
				}
				return c
			}
			if len(ts)+len(alts) == 0 || speaks(known.String(), "") >= 0.5 ||
				slices.ContainsFunc(picked, func(p scored) bool { return speaks(fold(p.s), p.section) >= 0.5 }) {
				continue
			}
			// (An FAQ's answer only where no rule's sentence speaks to it.)
			best, bestCov := -1, 0.0
			for _, faq := range []bool{false, true} {
				for i, s := range ss {
					if s.faq != faq {
						continue
					}
					if c := speaks(fold(s.s), s.section); c > bestCov || c == bestCov && best >= 0 && s.score > ss[best].score {
						best, bestCov = i, c
					}
				}
				if bestCov >= 0.5 {
					break
				}
			}
			if best >= 0 && bestCov >= 0.5 && !slices.ContainsFunc(picked, func(p scored) bool { return p.s == ss[best].s }) {
				picked = append(picked, ss[best])
			}
		}
	}
	// "会员分几个等级 各要消费多少": a question that asks each of a list
	// gets every item of the list a picked item is of, in a row with it,
	// whose label ends as its label does and as the question says
	// ("银卡会员：…3000元；", "金卡会员：…8000元；", "黑钻会员：…20000元。").
	if eachAskRE.MatchString(t.nq) {
		for _, p := range slices.Clone(picked) {
			sents, at := chunkSents[p.order/1000], p.order%1000
			if p.faq || at >= len(sents) {
				continue
			}
			end := itemLabelEnd(sents[at])
			if end == "" || !strings.Contains(t.nq, end) {
				continue // (the list the question asks of: 会员 of "会员分几个等级")
			}
			lo, hi := at, at
			for lo > 0 && itemLabelEnd(sents[lo-1]) == end {
				lo--
			}
			for hi+1 < len(sents) && itemLabelEnd(sents[hi+1]) == end {
				hi++
			}
			for si := lo; si <= hi; si++ {
				if c := sents[si]; si != at && holdsAt(c, t.ruleAt) && !slices.ContainsFunc(picked, func(x scored) bool { return x.s == c }) {
					picked = append(picked, scored{s: c, marker: p.marker, score: p.score, order: p.order - at + si, chunkKind: p.chunkKind, text: p.text})
				}
			}
		}
	}
	// "X9 Pro现在多少钱" while a promotion valid at the as-of date prices
	// it ("X9 Pro活动到手价3999元"): the promotion's price is said too.
	if slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "price" }) {
		for _, s := range ss {
			if s.faq || s.chunkKind != "policy" || !priceRE.MatchString(s.s) || slices.ContainsFunc(picked, func(p scored) bool { return p.s == s.s }) {
				continue
			}
			if slices.ContainsFunc(t.links, func(l linkedEntity) bool {
				return (l.Type == "Product" || l.Type == "Variant") && namesModel(fold(s.s), l.Name)
			}) {
				picked = append(picked, s)
				break
			}
		}
	}
	// "收到第10天…还能退吗": the time passed is weighed against a time
	// limit, so the answer states one. When none of the picked text does,
	// the best-matching sentence that does joins it.
	// A serial or batch number the customer quotes, read against a recall's
	// rule: inside the prefixes or range it states, the rule's remedies
	// answer (停止使用, 换新, 退款, 上门取件); outside them, the sentence that
	// says the other numbers are not concerned ("其他序列号的PB10不在本次召回
	// 范围内").
	if len(codes) > 0 {
		type sent struct {
			s, marker, kind, source string
			order                   int
		}
		var all []sent
		for ci, sents := range chunkSents {
			p := ev[ci]
			if p.chunk == nil {
				continue
			}
			for si, x := range sents {
				all = append(all, sent{x, p.Marker, p.chunk.Kind, p.chunk.SourceID, ci*1000 + si})
			}
		}
		slices.SortFunc(all, func(a, b sent) int { return a.order - b.order })
		covered, stated := map[string]bool{}, map[string]bool{}
		for _, x := range all {
			switch {
			case coversSerial(codes, x.s):
				covered[x.source] = true
			case statesSerialRule(codes, x.s):
				stated[x.source] = true
			}
		}
		n := 0
		for _, x := range all {
			in := covered[x.source] && remedyRE.MatchString(x.s)
			out := len(covered) == 0 && stated[x.source] && othersFineRE.MatchString(x.s)
			if n < 3 && (in || out) && !slices.ContainsFunc(picked, func(p scored) bool { return p.s == x.s }) {
				picked = append(picked, scored{s: x.s, marker: x.marker, score: 0.1, order: x.order, chunkKind: x.kind})
				n++
			}
		}
	}
	// A sentence that names a kind of product the question does not name
	// ("饵料…签收后30天内") speaks of that kind.
	otherKind := func(s string) bool {
		return t.lex != nil && slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
			n := fold(g.Name)
			return g.Type == "Category" && runeLen(n) >= 2 && strings.Contains(fold(s), n) && !strings.Contains(t.nq, n)
		})
	}
	// Time passed since receipt ("收到12天了") is weighed against a limit
	// counted from receipt ("签收后15天"), not a refund's 4个工作日.
	elapsed := elapsedRE.MatchString(t.nq) || !t.ruleAt.Equal(t.req.AsOf) // "收到12天了", "3月20号买的"
	// (A limit counted from receipt is one whether or not it says 内:
	// "由签收后7天延长至签收后15天".)
	window := func(s string) bool { return windowRE.MatchString(s) || receiptWindowRE.MatchString(s) }
	// (Where no sentence counts from receipt, "订单完成后180天内" of "地板买了
	// 4个多月了", the limit that still holds is counted from another moment
	// of the order.)
	holds := window
	if receivedRE.MatchString(t.nq) {
		window = receiptWindowRE.MatchString
		if slices.ContainsFunc(ss, func(s scored) bool { return s.score >= 0.05 && receiptWindowRE.MatchString(s.s) }) {
			holds = window
		}
	}
	if elapsed && len(picked) > 0 && !slices.ContainsFunc(picked, func(p scored) bool { return window(p.s) }) {
		for _, s := range ss {
			if !s.faq && s.score >= 0.05 && window(s.s) {
				picked = append(picked, s)
				break
			}
		}
	}
	// "用了20天 还能换新吗": where every limit picked has passed, the limit
	// that still holds the time passed answers too (签收后30天内, beside 7天).
	if n := elapsedDays(t.nq); n > 0 && len(picked) > 0 && slices.ContainsFunc(picked, func(p scored) bool { return holds(p.s) }) &&
		!slices.ContainsFunc(picked, func(p scored) bool { return windowDays(p.s) >= n }) {
		// (A limit for a kind of product the question does not name, "饵料…
		// 签收后30天内", or a row of another thing, "商品：表带…，保修期：
		// 签收后30天内…", holds nothing for the one it asks about.)
		best := -1
		for i, s := range ss {
			if !s.faq && s.score >= 0.05 && holds(s.s) && windowDays(s.s) >= n && !otherKind(s.s) && !t.aboutOther(s.s) && (best < 0 || windowDays(s.s) < windowDays(ss[best].s)) {
				best = i
			}
		}
		if best >= 0 {
			picked = append(picked, ss[best])
		}
	}
	// bestOf is the index in ss of the best-scored sentence of the document
	// titled title that ok accepts (-1: none).
	bestOf := func(title string, ok func(scored) bool) int {
		best := -1
		for i, s := range ss {
			if s.title == title && s.score >= 0.05 && ok(s) && (best < 0 || s.score > ss[best].score) {
				best = i
			}
		}
		return best
	}
	// "用了20天坏了 能换新吗": past a limit picked ("签收后15天内…可申请
	// 退货或换货"), the rule's own sentence for what comes after it ("超过
	// 15天的，按《质保政策》办理") answers too, and of the policy it names,
	// the sentence that names what the question is about ("充电器…：18个月").
	if n := elapsedDays(t.nq); n > 0 {
		var after []scored
		for _, p := range picked {
			w := windowDays(p.s)
			if !window(p.s) || w <= 0 || w >= n {
				continue
			}
			for _, s := range ss {
				m := afterLimitRE.FindStringSubmatch(s.s)
				if s.marker == p.marker && m != nil && days(m[2], m[3]) == w && !slices.ContainsFunc(append(picked, after...), func(x scored) bool { return x.s == s.s }) {
					after = append(after, s)
				}
			}
		}
		// (What a sentence is about: a row's first cell or a line's label,
		// else its section and itself.)
		about := func(s scored) bool {
			if sub := subjectOf(s.s); sub != "" {
				return t.saysContentWord(sub)
			}
			return t.saysContentWord(s.section + " " + s.s)
		}
		for _, a := range slices.Clone(after) {
			m := refTitleRE.FindStringSubmatch(a.s)
			if m == nil {
				continue
			}
			// (A limit of its own that holds the time passed and says what
			// is done in it first, "签收后30天内出现非人为性能故障…可直接换
			// 新", but not a row or a kind of another thing's; else a period
			// of what the question names that holds it, "二、筋膜枪 电机、
			// 主板保修2年".)
			best := -1
			for i, s := range ss {
				if s.title == m[1] && s.score >= 0.05 && window(s.s) && windowDays(s.s) >= n && remedyRE.MatchString(s.s) && !otherKind(s.s) && !t.aboutOther(s.s) && (best < 0 || windowDays(s.s) < windowDays(ss[best].s)) {
					best = i
				}
			}
			if best < 0 {
				best = bestOf(m[1], func(s scored) bool { return about(s) && periodDays(s.s) >= n })
			}
			if best >= 0 && !slices.ContainsFunc(append(picked, after...), func(x scored) bool { return x.s == ss[best].s }) {
				after = append(after, ss[best])
			}
		}
		picked = append(picked, after...)
	}
	// "抖音9.9元量尺设计券按《抖音团购券使用与售后规则》执行": a sentence
	// that hands what is asked to another document says nothing of it
	// itself; that document's best sentence in the evidence answers too
	// ("未核销的团购券可随时…申请全额退款").
	for _, p := range slices.Clone(picked) {
		// (Not the time past a limit's, which the limit's rule hands on
		// above; nor a line of another thing.)
		m := referralRE.FindStringSubmatch(p.s)
		if m == nil || afterLimitRE.MatchString(p.s) {
			continue
		}
		best := bestOf(m[1], func(s scored) bool { return !otherKind(s.s) && !t.aboutOther(s.s) })
		if best >= 0 && !slices.ContainsFunc(picked, func(x scored) bool { return x.s == ss[best].s }) {
			picked = append(picked, ss[best])
		}
	}
	// The best-matching source first, then the rest in evidence order.
	slices.SortStableFunc(picked, func(a, b scored) int {
		if len(ss) > 0 && (a.marker == ss[0].marker) != (b.marker == ss[0].marker) {
			if a.marker == ss[0].marker {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	// An FAQ is undated: a sentence of one that states the rule a policy in
	// force states with other numbers ("不超过…的20%" against "…的10%")
	// speaks of another version, and the policy's wins.
	var rules []string
	for _, x := range ss {
		if x.chunkKind == "policy" {
			rules = append(rules, x.s)
		}
	}
	// The channels the question is about: those it names, else the one it
	// was asked on. Where the text states their rule by name, a rule with
	// numbers that names only other channels is theirs, not the customer's
	// ("抖音旗舰店客服在线时间为每天9:00-24:00" asked on Tmall).
	var chans []string
	for _, l := range t.links {
		if l.Type == "Channel" {
			chans = append(chans, strings.TrimPrefix(l.ID, "channel:"))
		}
	}
	if len(chans) == 0 && t.req.Channel != "" {
		chans = []string{t.req.Channel}
	}
	said := map[string]bool{}
	var chanByName map[string]string
	var chanNames []string
	if lang == "en" {
		chanByName, chanNames = channelNamesLongestFirst()
	}
	// A change list's "由15天延长至30天" states the rule replaced beside the
	// one in force; unless the question asks what changed, the answer
	// quotes the rule in force ("延长至30天").
	asksChange := changeAskRE.MatchString(t.nq)
	for _, p := range picked {
		for _, s := range splitSentences(p.s) {
			s = stripListNumber(s)
			if !asksChange {
				s = changeFromRE.ReplaceAllString(s, "$1$2")
			}
			if said[s] {
				continue
			}
			if p.faq && slices.ContainsFunc(rules, func(r string) bool { return contradicts(s, r) }) {
				t.tr.Notes = append(t.tr.Notes, "an FAQ sentence left out: a policy in force states its rule with other numbers: "+s)
				continue
			}
			if digitsRE.MatchString(s) && otherChannelsOnly(s, chans) && slices.ContainsFunc(picked, func(o scored) bool {
				return slices.ContainsFunc(splitSentences(o.s), func(x string) bool { return digitsRE.MatchString(x) && namesChannel(x, chans) })
			}) {
				t.tr.Notes = append(t.tr.Notes, "a sentence left out: it states the rule of another channel than the question's: "+s)
				continue
			}
			said[s] = true
			if items := listAfter(p.text, s); len(items) > 0 {
				// "以下商品拆封后不退：" says nothing without its list.
				parts = append(parts, strings.TrimRight(s, "：: ")+"："+p.marker)
				for _, it := range items {
					it = stripListNumber(it)
					said[it] = true
					parts = append(parts, ensureStop(it, lang)+p.marker)
				}
				continue
			}
			if g := channelGloss(s, chanByName, chanNames); lang == "en" && g != "" {
				// (Before the sentence's stop: the gloss is part of it.)
				s = strings.TrimRight(s, "。.！!？?；;") + g
			}
			parts = append(parts, ensureStop(s, lang)+p.marker)
		}
	}
	sep := ""
	if lang == "en" {
		sep = " "
	}
	return strings.Join(parts, sep)
}

// channelGloss is, for Chinese text quoted in an English answer, the
// English names of the channels it names (" (官网: Official website)"), the
// longest name where names overlap (微信小程序, not 微信); "" for none. The
// names come from channelNamesLongestFirst.
func channelGloss(s string, byName map[string]string, names []string) string {
	if len(names) == 0 || DetectLanguage(s) == "en" {
		return ""
	}
	rest := fold(s)
	var gloss []string
	seen := map[string]bool{}
	for _, n := range names {
		if IsASCII(n) || !strings.Contains(rest, n) {
			continue
		}
		rest = strings.ReplaceAll(rest, n, " ")
		code := byName[n]
		if en := kg.ChannelName(code, "en"); !seen[code] && en != "" && en != n {
			seen[code] = true
			gloss = append(gloss, n+": "+en)
		}
	}
	if len(gloss) == 0 {
		return ""
	}
	return " (" + strings.Join(gloss, "; ") + ")"
}

// contradicts reports whether two sentences state one rule with other
// numbers: a clause of each holding as many numbers, alike but for them (nearly
// all of the shorter one's character pairs in the other once numbers are
// masked: "单笔抵扣不超过订单实付金额的20%" and "单笔订单积分抵扣金额不超过订单
// 实付金额的10%"; not "旧推车抵扣200元" and "旧座椅抵扣300元").
func contradicts(a, b string) bool {
	for _, ca := range clauses(a) {
		for _, cb := range clauses(b) {
			na, nb := digitsRE.FindAllString(ca, -1), digitsRE.FindAllString(cb, -1)
			if len(na) == 0 || len(na) != len(nb) || slices.Equal(na, nb) {
				continue
			}
			pa, pb := maskedPairs(ca), maskedPairs(cb)
			if len(pa) > len(pb) {
				pa, pb = pb, pa
			}
			if len(pa) < 5 {
				continue
			}
			n := 0
			for _, x := range pa {
				if slices.Contains(pb, x) {
					n++
				}
			}
			if float64(n) >= 0.85*float64(len(pa)) {
				return true
			}
		}
	}
	return false
}

// clauses are a sentence's clauses, folded.
func clauses(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return strings.ContainsRune("，,、；;：:。", r) })
}

// maskedPairs are the distinct character pairs of a clause with its
// numbers masked as #.
func maskedPairs(c string) []string {
	rs := []rune(digitsRE.ReplaceAllString(c, "#"))
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		out = appendUnique(out, string(rs[i:i+2]))
	}
	return out
}

// labelFieldRE is a field of a record written as text: a Chinese label
// and its value ("英文名：QINGMU SiHy Monthly Contact Lenses").
var labelFieldRE = regexp.MustCompile(`^\s*\p{Han}{1,8}\s*[：:]`)

// digitsRE is a number, with its decimals.
var digitsRE = regexp.MustCompile(`\d+(?:\.\d+)?`)

// listNumberRE is a list item's number at the start of a sentence ("1. ", "2、").
var listNumberRE = regexp.MustCompile(`^\s*(\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[-*•])\s*`)

func stripListNumber(s string) string { return listNumberRE.ReplaceAllString(s, "") }

// eachAskRE asks each item of a list: "各要多少", "分别", "每档", "分几个等级".
var eachAskRE = regexp.MustCompile(`各|分别|每(?:档|级|个等级)|(?:分|有)几(?:个|档|级|种)`)

// itemLabelEnd is the last two characters of the label of a list's
// numbered item ("2. 银卡会员：…": 会员), or "".
func itemLabelEnd(s string) string {
	if !listNumberRE.MatchString(s) {
		return ""
	}
	l := labelFieldRE.FindString(stripListNumber(s))
	r := []rune(strings.TrimRight(strings.TrimSpace(l), "：:"))
	if len(r) < 2 {
		return ""
	}
	return string(r[len(r)-2:])
}

// greeting answers a greeting or thanks briefly.
func greeting(nq, lang string) string {
	thanks := strings.Contains(nq, "谢") || strings.Contains(nq, "thank") || strings.Contains(nq, "thx")
	bye := strings.Contains(nq, "再见") || strings.Contains(nq, "拜拜") || strings.Contains(nq, "bye")
	switch {
	case lang == "en" && thanks:
		return "You're welcome! Anything else I can help with?"
	case lang == "en" && bye:
		return "Goodbye, and thanks for visiting!"
	case lang == "en":
		return "Hello! How can I help you with our products or policies?"
	case thanks:
		return "不客气！还有什么可以帮您的吗？"
	case bye:
		return "再见，感谢您的光临！"
	}
	return "您好！请问有什么可以帮您？可以问我商品、价格、活动和售后政策等问题。"
}

// changeSection is the heading of a list of what a new version changed,
// whose sentences state the old rules too; elsewhere "由7天延长至15天" is
// the rule itself.
var changeSection = regexp.MustCompile(`变更|调整|更新|修订|变化|对比|主要改动|change`)

// changeFromRE is the replaced part of a change ("由15天" of "由15天延长至
// 30天"); changeAskRE a question about what changed or was before.
// "Before" asks what was before only at the end of a clause ("what was
// it before?"), not as a conjunction ("last before they expire").
var (
	changeFromRE = regexp.MustCompile(`由[^，,。；;由]{1,24}?` + changeVerbs + `(为|至|到)`)
	changeAskRE  = regexp.MustCompile(`以前|之前|原来|原先|改了|变了|变化|区别|不一样|有什么变|延长了|缩短了|before\s*([?？.!。,，]|$)|changed|used to|previous`)
)

// changeVerbs are the verbs of a change from one value to another ("由…降至…").
const changeVerbs = `(提高|提升|延长|调整|降低|下调|上调|降|涨|缩短|变更|改|减少|增加|放宽)`

var changeLog = regexp.MustCompile(`由.{1,24}` + changeVerbs + `(为|至|到)`)

// tableRows turns Markdown table rows into sentences that carry their
// column names: "普通地区 | 99元 | 8元" under "配送区域 | 包邮门槛 | 未满门槛运费"
// becomes "配送区域：普通地区，包邮门槛：99元，未满门槛运费：8元".
func tableRows(text string) string {
	out, _ := tableRowsOf(text)
	return out
}

// tableRow is a table's row as tableRows writes it, with its cells and
// its table's column names.
type tableRow struct {
	sent          string
	header, cells []string
}

// tableRowsOf is tableRows with the rows it wrote.
func tableRowsOf(text string) (string, []tableRow) {
	lines := strings.Split(text, "\n")
	var header []string
	var rows []tableRow
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.Count(t, "|") < 1 {
			header = nil
			continue
		}
		cells := splitRow(t)
		if len(cells) < 2 {
			continue
		}
		if isRule(cells) {
			continue
		}
		if header == nil {
			header = cells
			lines[i] = ""
			continue
		}
		var parts []string
		for j, c := range cells {
			if j < len(header) && header[j] != "" {
				parts = append(parts, header[j]+"："+c)
			} else {
				parts = append(parts, c)
			}
		}
		lines[i] = strings.Join(parts, "，") + "。"
		rows = append(rows, tableRow{sent: lines[i], header: header, cells: cells})
	}
	return strings.Join(lines, "\n"), rows
}

// partServiceRE is replacing or mending a part, and the part: "换电池",
// "换个屏多少钱", "修一下表带".
var partServiceRE = regexp.MustCompile(`(?:更换|换|维修|修理|修)(?:一下|一?[个块根条只副套])?(\p{Han}{1,4}?)(?:呢|的|要|多少|大概|得|需要|怎么|价格|费用|收费|贵|$|\s)`)

// factText is what the facts among the pieces say, folded.
func factText(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Kind != "fact" {
			continue
		}
		// (A clause that hands the matter to a rule, "押金与请假、退住退费按
		// 签约时适用的《入住收费与退费规则》执行", says none of it: the rule
		// does.)
		for _, c := range splitSentences(p.Text) {
			if !defersRE.MatchString(c) {
				b.WriteString(fold(c))
				b.WriteString(" ")
			}
		}
	}
	return b.String()
}

// defersRE is a clause that hands a matter to a rule by its title ("按《退
// 换货政策》执行"). (A pointer to read more, "详见《…》", leaves the clause
// its own words.)
var defersRE = regexp.MustCompile(`按[^。；]{0,24}《[^》]+》[^。；]{0,8}(?:执行|办理|处理|计算|收取|退还)`)

// namedCell reports whether a table row is the row of a product the
// question links, in a column the question names: "X6 Pro | 1599 | 259"
// under "机型 | 屏幕总成 | 电池" for "x6 pro 换个屏幕多少钱". The row's
// first cell names the product when the product's name holds it, and no
// other row's first cell the name holds is longer ("X6 Pro", not "X6").
func (t *turn) namedCell(r tableRow, rows []tableRow, said string) bool {
	label := fold(r.cells[0])
	if runeLen(label) < 2 {
		return false
	}
	names := false
	for _, l := range t.links {
		n := fold(l.Name)
		if l.Type != "Product" || !strings.Contains(n, label) {
			continue
		}
		if !slices.ContainsFunc(rows, func(o tableRow) bool {
			ol := fold(o.cells[0])
			return runeLen(ol) > runeLen(label) && strings.Contains(n, ol)
		}) {
			names = true
			break
		}
	}
	if !names {
		return false
	}
	// (Two characters of the column's name said outside the names; a
	// cell the facts say already adds nothing.)
	for j := 1; j < len(r.header) && j < len(r.cells); j++ {
		if runeLen(commonSpan([]rune(fold(r.header[j])), []rune(t.masked))) >= 2 && !strings.Contains(said, fold(r.cells[j])) {
			return true
		}
	}
	return false
}

func splitRow(l string) []string {
	l = strings.Trim(l, "| ")
	var out []string
	for _, c := range strings.Split(l, "|") {
		out = append(out, strings.TrimSpace(c))
	}
	return out
}

func isRule(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

func ensureStop(s, lang string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "。；;，,、 ")
	if strings.HasSuffix(s, "？") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, ".") {
		return s
	}
	if lang == "en" {
		return s + "."
	}
	return s + "。"
}

// isIntentWord reports whether w is a word of a customer-service intent
// (退货, 发票…): a topic, not the name of an event.
func isIntentWord(w string) bool {
	for _, ws := range intentTerms {
		for _, x := range ws {
			if strings.Contains(w, x) || strings.Contains(x, w) {
				return true
			}
		}
	}
	return isCue(w)
}

// amountAskRE asks by how much one thing has more than another ("贵多少",
// "差几块", "轻了多少", "by how much").
var amountAskRE = regexp.MustCompile(`差(多少|几)|(贵|便宜|重|轻|大|小|长|短|多|少|高|低|快|慢|厚|薄|宽|窄|省)了?(多少|几)|by how much|how much (more|less|cheaper|heavier|lighter|bigger|smaller|longer|shorter|higher|lower)|what'?s the (price )?difference`)

// difference is how much hi's number exceeds lo's, in their unit, when
// both are single numbers in one unit ("170g"; "" otherwise).
func difference(hi, lo kg.Attribute, lang string) string {
	if hi.Num == nil || lo.Num == nil || hi.Max != nil || lo.Max != nil || hi.Unit != lo.Unit || len(numbers(hi.Text())) != 1 || len(numbers(lo.Text())) != 1 {
		return ""
	}
	d := math.Round((*hi.Num-*lo.Num)*100) / 100
	v := strconv.FormatFloat(d, 'f', -1, 64)
	switch {
	case hi.Key == "price_cny" && lang == "en":
		return v + " CNY"
	case hi.Key == "price_cny":
		return v + "元"
	}
	return v + hi.Unit
}

// conclusions state which of two compared entities has more of an
// attribute both state as a number, with both values, citing both facts,
// and by how much where the question asks (amount).
func conclusions(ev []piece, lang string, amount bool) []string {
	var out []string
	for i := range ev {
		a := ev[i]
		if a.Kind != "fact" || a.fact == nil || a.fact.Num == nil {
			continue
		}
		for j := i + 1; j < len(ev); j++ {
			b := ev[j]
			if b.Kind != "fact" || b.fact == nil || b.fact.Num == nil || b.fact.Key != a.fact.Key || b.EntityID == a.EntityID || *a.fact.Num == *b.fact.Num {
				continue
			}
			hi, lo := a, b
			if *b.fact.Num > *a.fact.Num {
				hi, lo = b, a
			}
			by := ""
			if amount {
				by = difference(*hi.fact, *lo.fact, lang)
			}
			switch {
			case lang == "en" && by != "":
				out = append(out, fmt.Sprintf("%s has the higher %s (%s vs %s), by %s.%s%s", hi.name, englishLabel(*hi.fact), englishValue(attrValue(*hi.fact, lang)),
					englishValue(attrValue(*lo.fact, lang)), by, hi.Marker, lo.Marker))
			case lang == "en":
				out = append(out, fmt.Sprintf("%s has the higher %s (%s vs %s).%s%s", hi.name, englishLabel(*hi.fact), englishValue(attrValue(*hi.fact, lang)),
					englishValue(attrValue(*lo.fact, lang)), hi.Marker, lo.Marker))
			case by != "":
				out = append(out, fmt.Sprintf("%s的%s（%s）比%s（%s）多%s。%s%s", hi.name, attrLabel(hi.fact.Key, lang), attrValue(*hi.fact, lang),
					lo.name, attrValue(*lo.fact, lang), by, hi.Marker, lo.Marker))
			default:
				out = append(out, fmt.Sprintf("%s的%s（%s）高于%s（%s）。%s%s", hi.name, attrLabel(hi.fact.Key, lang), attrValue(*hi.fact, lang),
					lo.name, attrValue(*lo.fact, lang), hi.Marker, lo.Marker))
			}
			break
		}
	}
	return out
}

var cnDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// arabicNumerals writes the Chinese numerals of s in Arabic digits: "十一"
// → "11", "二十" → "20", "六一八" → "618" (digit by digit without 十).
// chineseNumerals writes the numbers below 100 of s in Chinese ("双11" →
// "双十一"), as titles often do.
func chineseNumerals(s string) string {
	const digits = "零一二三四五六七八九"
	d := []rune(digits)
	return numberRunRE.ReplaceAllStringFunc(s, func(n string) string {
		v, err := strconv.Atoi(n)
		if err != nil || v == 0 || v >= 100 || len(n) > 2 {
			return n
		}
		var b strings.Builder
		if v >= 10 {
			if v/10 > 1 {
				b.WriteRune(d[v/10])
			}
			b.WriteRune('十')
			if v%10 > 0 {
				b.WriteRune(d[v%10])
			}
			return b.String()
		}
		return string(d[v])
	})
}

// numberRunRE is a run of digits.
var numberRunRE = regexp.MustCompile(`\d+`)

func arabicNumerals(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (rs[j] == '十' || cnDigits[rs[j]] > 0 || rs[j] == '零' || rs[j] == '〇') {
			j++
		}
		if j == i {
			b.WriteRune(rs[i])
			i++
			continue
		}
		run := rs[i:j]
		if k := slices.Index(run, '十'); k >= 0 && len(run) <= 3 {
			tens, ones := 1, 0
			if k > 0 {
				tens = cnDigits[run[k-1]]
			}
			if k+1 < len(run) {
				ones = cnDigits[run[k+1]]
			}
			b.WriteString(strconv.Itoa(tens*10 + ones))
		} else {
			for _, r := range run {
				if r == '十' {
					b.WriteRune(r)
					continue
				}
				b.WriteString(strconv.Itoa(cnDigits[r]))
			}
		}
		i = j
	}
	return b.String()
}

// namesThing reports whether w is part of the name of a category, a series
// or an entity the question names: a thing, not an event.
// namesGroup reports whether w is part of a category's or series' name.
func (t *turn) namesGroup(w string) bool {
	if t.lex == nil {
		return false
	}
	for _, g := range t.lex.Groups {
		if strings.Contains(fold(g.Name), w) {
			return true
		}
	}
	return false
}

func (t *turn) namesThing(w string) bool {
	for _, l := range t.links {
		if strings.Contains(fold(l.Name), w) {
			return true
		}
	}
	if t.lex != nil {
		for _, g := range t.lex.Groups {
			if strings.Contains(fold(g.Name), w) {
				return true
			}
		}
	}
	return false
}

var (
	dateFromRE = regexp.MustCompile(`(?:自|从)?(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?(?:及|以)?(?:之后|以后|后|起)`)
	// ordersBeforeRE is the orders placed before a date ("2025-04-01前签约、
	// …的", "2025-07-01之前下单的订单").
	ordersBeforeRE = regexp.MustCompile(`(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?(?:之前|以前|前)(?:下单|签约|签订合同|签合同|购买|购卡|报名|付款|预订|寄件|寄出)(?:的|、|，)`)
)

// dealRE is an amount between two one-character words ("充1000送",
// "满300减", "买2送"), with the amount after them where said.
var dealRE = regexp.MustCompile(`\p{Han}\d+(?:\.\d+)?\p{Han}(?:\d+(?:\.\d+)?)?`)

// dealsSaid are the deals a question asks the rest of: an amount between
// two verbs, by the segmenter's part of speech ("充1000送多少": 充1000送).
func dealsSaid(nq string) []string {
	var out []string
	for _, m := range dealRE.FindAllString(nq, -1) {
		// (A deal the question states whole, "充3000送450", is the
		// customer's case, not what it asks.)
		r := []rune(m)
		if unicode.IsDigit(r[len(r)-1]) {
			continue
		}
		if posIs(string(r[0]), "v") && posIs(string(r[len(r)-1]), "v") {
			out = append(out, m)
		}
	}
	return out
}

// quotes is what a text gains by each number or code of the question it
// holds (nums, folded).
func quotes(nums []string, f string) float64 {
	sc := 0.0
	for _, n := range nums {
		if strings.Contains(f, n) {
			sc += 0.3
		}
	}
	return sc
}

// provinceBonus is what a text gains by naming the province of a place
// the question names and the knowledge does not ("我在兰州 能买吗": the
// rule for 甘肃 is the rule for 兰州).
func provinceBonus(t *turn, f string) float64 {
	for _, pr := range t.placeProvinces {
		if strings.Contains(f, pr) {
			return 0.3
		}
	}
	return 0
}

// dateRangeRE is a span of days a rule states ("2026-02-12至2026-02-22",
// "2025-10-20 20:00 至 2025-11-11 23:59:59").
var dateRangeRE = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:至|到|~|～|—|–)\s*(\d{4})-(\d{1,2})-(\d{1,2})`)

// rangeHolds reports whether a span of days s states holds the day at.
func rangeHolds(s string, at time.Time) bool {
	if at.IsZero() {
		return false
	}
	at = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	for _, m := range dateRangeRE.FindAllStringSubmatch(s, -1) {
		if from, to := ymd(m[1:4]), ymd(m[4:7]); !at.Before(from) && !at.After(to) {
			return true
		}
	}
	return false
}

// eventDateRE is a day the question names for something to come (a
// departure, a stay, a class, a visit: customer-service-general), with
// the word for it: "1月10号出发", "3/15入住", "departing Jan 3";
// eventInRE is one said as days from now ("5天后出发").
var (
	eventDateRE    = regexp.MustCompile(`(?:(\d{4})[-年/.])?(\d{1,2})[-月/.](\d{1,2})(?:日|号)?(?:的)?[^，,。？?！!\d]{0,3}?(?:出发|出行|入住|开课|上课|开始|开营|到店|上门|拍摄|拍照|举行|的团|的课|的班)|(?:departing|departs|leaving|check(?:ing)?[- ]in|starting|starts)\s+(?:on\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b`)
	nextYearDateRE = regexp.MustCompile(`明年(\d{1,2})[-月/.](\d{1,2})`)
	eventInRE      = regexp.MustCompile(`(\d{1,3})\s*天后(?:就)?(?:出发|出行|入住|开课|上课|开始|到店|上门)`)
	// tierRE is a rule's tier counted in days before an event: "前15-29
	// 天", "前30天及以上", "前7天以内", "出发当天".
	tierRE = regexp.MustCompile(`前\s*(\d+)\s*(?:[-~～至到]\s*(\d+)\s*)?(?:天|日)(（含）|\(含\))?(及以上|以上|以前|之前|以内|之内|内)?|(出发|入住|开课|上课|服务|活动)当天`)
)

// daysBefore is the number of days from at to the day the question names
// for something to come (a date without a year is the next one on or
// after at); -1 when it names none.
func daysBefore(nq string, at time.Time) int {
	if at.IsZero() {
		return -1
	}
	at = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	if m := eventInRE.FindStringSubmatch(nq); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	m := eventDateRE.FindStringSubmatch(nq)
	var y, mo, d int
	if m == nil {
		// A day of next year ("预产期明年3月15号") is to come, whatever
		// it is the day of.
		n := nextYearDateRE.FindStringSubmatch(nq)
		if n == nil {
			return soleDayToCome(nq, at)
		}
		m = []string{n[0], strconv.Itoa(at.Year() + 1), n[1], n[2], "", ""}
	}
	if m[2] != "" {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
	} else {
		mo = monthOfAbbr(m[4])
		d, _ = strconv.Atoi(m[5])
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return -1
	}
	if y == 0 {
		y = at.Year()
		if time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Before(at) {
			y++
		}
	}
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if day.Before(at) {
		return -1
	}
	return int(day.Sub(at).Hours() / 24)
}

// soleDayToCome is the days from at to the one day the question names
// that is still to come, said by no word of what happens then ("婚期2026年
// 4月18号", "婚宴是5月16号", "a wedding on March 28, 2026"): not an order's
// day ("6月10号签的") nor a deadline ("12月31号前"); -1 when it names
// none, or more than one.
func soleDayToCome(nq string, at time.Time) int {
	found := -1
	for _, m := range dayRE.FindAllStringSubmatchIndex(nq, -1) {
		g := func(i int) string { return submatch(nq, m, i) }
		after := nq[m[1]:]
		if orderAfterRE.MatchString(after) || deadlineAfterRE.MatchString(after) {
			continue
		}
		y, _ := strconv.Atoi(g(1) + g(6))
		mo, _ := strconv.Atoi(g(2))
		d, _ := strconv.Atoi(g(3))
		if g(4) != "" {
			mo = monthOfAbbr(strings.ToLower(g(4)[:3]))
			d, _ = strconv.Atoi(g(5))
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			continue
		}
		if y == 0 {
			y = at.Year()
			if time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Before(at) {
				continue // a day of this year gone by: the order's, most likely
			}
		}
		day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if day.Before(at) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = int(day.Sub(at).Hours() / 24)
	}
	return found
}

// dayRE is a day said with its month ("5月16号", "2026-01-15", "2026年4月
// 18号", "March 28, 2026"); orderAfterRE follows an order's day ("…签的",
// "…下的单"); deadlineAfterRE a deadline's ("…前", "…之前", "…截止").
var (
	dayRE           = regexp.MustCompile(`(?:(\d{4})[-年/.])?(\d{1,2})[-月/.](\d{1,2})(?:日|号)?|(?i:\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?)`)
	orderAfterRE    = regexp.MustCompile(`^\s*(?:的时候|那天)?\s*(?:签|下单|下的|买|交|付|报名|订|领|办|充|囤|参加)`)
	deadlineAfterRE = regexp.MustCompile(`^\s*(?:前|之前|以前|截止|到期|为止|过期)`)
)

// monthOfAbbr is the number of a month by its English name's first three
// letters ("dec": 12).
func monthOfAbbr(s string) int {
	return strings.Index("janfebmaraprmayjunjulaugsepoctnovdec", s)/3 + 1
}

// namesKind reports whether a chunk's heading (folded) names the kind of a
// product the question names ("三、茶器…" of a 茶器).
func (t *turn) namesKind(section string) bool {
	return slices.ContainsFunc(t.kinds, func(k string) bool { return strings.Contains(section, k) })
}

// otherKindSection reports whether a chunk's heading names a category of
// the catalog and none of the kinds of the products the question names: the
// section's rules are for another kind of thing.
func (t *turn) otherKindSection(section string) bool {
	if section == "" || len(t.kinds) == 0 || t.lex == nil || t.namesKind(section) {
		return false
	}
	return slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
		n := fold(g.Name)
		return g.Type == "Category" && runeLen(n) >= 2 && strings.Contains(section, n)
	})
}

// tierHolds reports whether a rule's sentence states a tier counted in
// days before an event that holds n days ("出发前15-29天" holds 21; "出发前
// 7天及以上" holds 9; "出发当天" holds 0).
func tierHolds(s string, n int) bool {
	for _, m := range tierRE.FindAllStringSubmatch(s, -1) {
		if m[5] != "" {
			if n == 0 {
				return true
			}
			continue
		}
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		switch {
		case m[2] != "":
			// a span, whatever follows it
		case m[4] == "及以上" || m[4] == "以上" || m[4] == "以前" || m[4] == "之前":
			hi = math.MaxInt
		case m[4] != "":
			lo = 1 // "前7天以内": from the day before it
		}
		if n >= lo && n <= hi {
			return true
		}
	}
	return false
}

// A measure the customer states of someone or something (a child's
// height, a pet's weight, an age: customer-service-general, the ways
// rules tier people and parcels), in one unit per dimension: "1米3" is
// 130 cm, "5斤" 2.5 kg, "3岁" 36 months.
const measureUnits = `米|m|cm|厘米|公分|kg|公斤|千克|斤|周岁|岁|个月`

var (
	measureSaidRE  = regexp.MustCompile(`(?:^|[^A-Za-z\d.])(\d+(?:\.\d+)?)\s*(` + measureUnits + `)(\d)?`) // (not a code's number: "r2 m码")
	measureSpanRE  = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(` + measureUnits + `)?\s*(?:（含）|\(含\))?\s*[-~～至到]\s*(\d+(?:\.\d+)?)\s*(` + measureUnits + `)`)
	measureBoundRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(` + measureUnits + `)\s*(?:（含）|\(含\))?\s*(及以下|以下|以内|之内|及以上|以上|或以上)`)
)

// inUnit is a number of a unit in its dimension's one unit, and the
// dimension ("" for no measure unit).
func inUnit(v float64, unit string) (string, float64) {
	switch unit {
	case "米", "m":
		return "len", v * 100
	case "cm", "厘米", "公分":
		return "len", v
	case "kg", "公斤", "千克":
		return "wt", v
	case "斤":
		return "wt", v / 2
	case "周岁", "岁":
		return "age", v * 12
	case "个月":
		return "age", v
	}
	return "", 0
}

// measuresSaid are the measures a question states, by dimension.
func measuresSaid(nq string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range measureSaidRE.FindAllStringSubmatch(nq, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		if m[3] != "" && (m[2] == "米" || m[2] == "m") && !strings.Contains(m[1], ".") {
			v += float64(m[3][0]-'0') / 10 // "1米3"
		}
		if dim, x := inUnit(v, m[2]); dim != "" {
			out[dim] = x
		}
	}
	return out
}

// measureTierHolds reports whether a sentence states a span or a bound of
// a dimension the question states a measure of, that holds it ("身高1.2m
// （含）-1.4m" holds 1米3; "1.2m以下" does not).
func measureTierHolds(s string, said map[string]float64) bool {
	_, holds := measureTier(s, said)
	return holds
}

// measureTier reports whether a text states a span or a bound of a
// dimension the question states a measure of, and whether one it states
// holds that measure.
func measureTier(s string, said map[string]float64) (stated, holds bool) {
	if len(said) == 0 {
		return false, false
	}
	excluded := map[string]bool{}
	for _, m := range notIncludedRE.FindAllStringSubmatch(s, -1) {
		excluded[m[1]] = true
	}
	for _, m := range measureSpanRE.FindAllStringSubmatch(s, -1) {
		lo, _ := strconv.ParseFloat(m[1], 64)
		hi, _ := strconv.ParseFloat(m[3], 64)
		u := m[2]
		if u == "" {
			u = m[4]
		}
		dim, l := inUnit(lo, u)
		_, h := inUnit(hi, m[4])
		if v, ok := said[dim]; ok { // (said has no "" dimension)
			stated = true
			// (A bound the text leaves out: "10-20kg（不含10kg，含20kg）".)
			if v >= l && v <= h && !(v == l && excluded[m[1]]) && !(v == h && excluded[m[3]]) {
				return true, true
			}
		}
	}
	for _, m := range measureBoundRE.FindAllStringSubmatch(s, -1) {
		b, _ := strconv.ParseFloat(m[1], 64)
		dim, x := inUnit(b, m[2])
		v, ok := said[dim]
		if !ok {
			continue
		}
		stated = true
		if strings.HasSuffix(m[3], "以上") && v >= x || !strings.HasSuffix(m[3], "以上") && v < x {
			return true, true
		}
	}
	return stated, false
}

// unusedSaidRE says the customer has not used a thing yet ("还没用", "没
// 激活"); unusedRuleRE is a rule's item for the unused ("未核销的", "未使用
// 的"): using a card or a voucher is using, redeeming (核销, 兑换) or
// activating it (customer-service-general).
var (
	unusedSaidRE = regexp.MustCompile(`(?:没|没有|未|还没|还没有)(?:用|用过|使用|使用过|核销|兑换|激活|开始用)`)
	unusedRuleRE = regexp.MustCompile(`未(?:使用|核销|兑换|激活|消费)(?:过)?的`)
)

// What a customer has used of a course or a card ("上了3节", "用了2次",
// "attended 20 of the 64 class hours"), and a rule's tier of it ("已上课
// 时不超过12课时", "超过8课时"): customer-service-general, the ways
// prepaid courses and cards are refunded. Lessons are counted in 课时, 节
// or 课 alike; uses in 次.
var (
	usedRE     = regexp.MustCompile(`(?:上了|上完|已上|上过|用了|已用|用过|使用了|消费了)[^，,。？?！!\s]{0,4}?(\d{1,3})\s*个?(课时|节课?|堂|次|课)|\b(?:attended|taken|had|used)\s+(\d{1,3})\s+(?:of (?:the|my|our) \d{1,3}\s+)?(class hours|hours|lessons|classes|sessions|times)`)
	usedTierRE = regexp.MustCompile(`(不超过|未超过|未满|不满|不足|超过|满|已满)?\s*(\d{1,3})\s*(课时|节|堂|次|课)\s*(以内|之内|内|以上|及以上|或以上)?`)
	// usedShareRE is a tier of a share of the whole: "不超过总课时的1/3",
	// "超过1/3", "未超过总课时一半".
	usedShareRE = regexp.MustCompile(`(不超过|未超过|未满|不满|不足|超过|满)\s*(?:总(?:课时|节数|次数)的?)?\s*(?:(\d)\s*/\s*(\d)|(一半|三分之一|三分之二|四分之一|四分之三))`)
	// usedCountRE is a count of lessons or uses ("48节", "a 48-lesson
	// package").
	usedCountRE = regexp.MustCompile(`(\d{1,3})\s*个?(?:课时|节|堂|次)|\b(\d{1,3})[- ](?:lessons?|class(?:es)?|sessions?|class hours?)\b`)
)

// shareWords are shares said in words.
var shareWords = map[string]float64{"一半": 1.0 / 2, "三分之一": 1.0 / 3, "三分之二": 2.0 / 3, "四分之一": 1.0 / 4, "四分之三": 3.0 / 4}

// usedUnit is the unit of use a count is in: lessons or uses.
func usedUnit(u string) string {
	switch u {
	case "次", "times", "sessions":
		return "use"
	}
	return "lesson"
}

// usedSaid is how much the question says the customer has used, and its
// unit (usedUnit); 0 when it says none.
func usedSaid(nq string) (int, string) {
	m := usedRE.FindStringSubmatch(arabicNumerals(nq))
	if m == nil {
		return 0, ""
	}
	n, u := m[1], m[2]
	if n == "" {
		n, u = m[3], m[4]
	}
	v, _ := strconv.Atoi(n)
	return v, usedUnit(u)
}

// usedTierHolds reports whether a rule's sentence states a tier of use in
// the unit the customer's count is in, every bound of which holds it, in
// its label before "：" when it has one ("已上课时超过12课时、未超过总课时一
// 半：退还学费的50%" holds 16 课时; "不超过12课时" does not).
func usedTierHolds(s string, n, total int, unit string) bool {
	label, _, ok := strings.Cut(s, "：")
	if !ok {
		label = s
	}
	found := false
	for _, m := range usedTierRE.FindAllStringSubmatch(label, -1) {
		if usedUnit(m[3]) != unit || m[1] == "" && m[4] == "" {
			continue
		}
		b, _ := strconv.Atoi(m[2])
		if !boundHolds(m[1]+m[4], float64(n), float64(b)) {
			return false
		}
		found = true
	}
	// A share of the whole ("超过1/3、不超过1/2", "未超过总课时一半"), where
	// the question says the whole ("48节的课包 上了20节").
	if total > n {
		for _, m := range usedShareRE.FindAllStringSubmatch(label, -1) {
			share := shareWords[m[4]]
			if m[2] != "" {
				num, _ := strconv.Atoi(m[2])
				den, _ := strconv.Atoi(m[3])
				if den == 0 {
					continue
				}
				share = float64(num) / float64(den)
			}
			if !boundHolds(m[1], float64(n), share*float64(total)) {
				return false
			}
			found = true
		}
	}
	return found
}

// boundHolds reports whether n is within a bound b said with its words
// (不超过, 未满, 超过, 以内, 以上…).
func boundHolds(words string, n, b float64) bool {
	switch {
	case strings.Contains(words, "不超过") || strings.Contains(words, "未超过") || strings.Contains(words, "内"):
		return n <= b
	case strings.Contains(words, "未满") || strings.Contains(words, "不满") || strings.Contains(words, "不足"):
		return n < b
	case strings.Contains(words, "超过"):
		return n > b
	}
	return n >= b // 满, 以上
}

// usedTotal is the whole of the course or card the question says beside
// what is used ("48节的课包 上了20节": 48), or 0.
func usedTotal(nq string, used int) int {
	total := 0
	for _, m := range usedCountRE.FindAllStringSubmatch(arabicNumerals(nq), -1) {
		if v, _ := strconv.Atoi(m[1] + m[2]); v > used && v > total {
			total = v
		}
	}
	return total
}

// notIncludedRE is a bound a span leaves out ("不含10kg").
var notIncludedRE = regexp.MustCompile(`不含\s*(\d+(?:\.\d+)?)`)

// stageSaid reports whether a rule's item is labelled with a stage done
// ("已生产：…", "4. 已下料：…") that the question says the order has reached
// ("已经生产好了", "已下料"), not denied ("还没下料").
func stageSaid(nq, s string) bool {
	label, _, ok := strings.Cut(stripListNumber(strings.TrimSpace(s)), "：")
	if !ok || !strings.HasPrefix(label, "已") || strings.ContainsAny(label, "，,。或") {
		return false
	}
	stem := strings.TrimPrefix(label, "已")
	if n := runeLen(stem); n < 2 || n > 6 {
		return false
	}
	for rest := nq; ; {
		i := strings.Index(rest, stem)
		if i < 0 {
			return false
		}
		before := rest[:i]
		rest = rest[i+len(stem):]
		b, ok := strings.CutSuffix(before, "已经")
		if !ok {
			b, ok = strings.CutSuffix(before, "已")
		}
		if ok && !slices.ContainsFunc([]string{"没", "没有", "未", "不"}, func(neg string) bool { return strings.HasSuffix(b, neg) }) {
			return true
		}
	}
}

// holdsAt reports whether a sentence's own start date ("2025-07-01及之后
// 下单的订单…", "自2025-04-01起…") admits the as-of date: a rule that starts
// later does not answer this question. So does the end date of the orders
// it is said of ("2025-04-01前签约、仍在合同期内的…"): orders placed since
// are not those. ("…之前已获得的积分" speaks of when something happened,
// not of when the rule holds, so other "before"s are not read.)
func holdsAt(s string, at time.Time) bool {
	if at.IsZero() {
		return true
	}
	if startsLater(s, at) {
		return false
	}
	if m := ordersBeforeRE.FindStringSubmatch(s); m != nil && !at.Before(ymd(m[1:4])) {
		return false
	}
	return true
}

// startsLater reports whether a sentence's own start date ("2025-07-01及之
// 后下单的…", "自2025-04-01起…") is after at (never when at is unknown).
func startsLater(s string, at time.Time) bool {
	m := dateFromRE.FindStringSubmatch(s)
	return m != nil && !at.IsZero() && at.Before(ymd(m[1:4]))
}

// ymd is the day of a year, month and day matched as digits.
func ymd(m []string) time.Time {
	y, _ := strconv.Atoi(m[0])
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
}

// aspect is a customer-service-general side of a rule a question can ask
// about, with how questions ask it and how rules state it: a limit ("一单
// 最多能抵多少" → "不超过…20%"), what to provide ("要准备啥材料" → "需提供照片、
// 批号"), a time limit, who pays.
// elapsedRE is a question that says how much time has passed ("收到第10
// 天", "签收12天了", "bought 12 days ago"); windowRE is a time limit
// ("签收后7天内", "within 15 days").
var (
	elapsedRE = regexp.MustCompile(`(?:第|已经|过了|收到|收货|签收|买了?|用了?|到货|到手|到了)(?:快|近|将近|差不多)?\s*(\d+)\s*(天|个月|周|个?礼拜|个?星期|小时)|(\d+)\s*(天|个月|周|个?礼拜|个?星期|小时)(?:了|前)|(\d+)\s*(days?|weeks?|months?)\s*(?:ago|since|after (?:delivery|it arrived|receiving|i received))`)
	windowRE  = regexp.MustCompile(`\d+\s*(个工作日|天|日|个月|年|小时|晚|夜|周)(内|以内|之内)|满\s*\d+\s*(天|晚|夜|周|个月)|within \d+`)
	// windowNumRE is a limit's number and unit in a rule.
	windowNumRE = regexp.MustCompile(`(\d+)\s*(天|日|晚|夜|周|个月)(?:内|以内|之内)?`)
	// receivedRE is time counted from receipt in a question ("收到12天了");
	// receiptWindowRE a limit counted from receipt ("签收后15天", "自签收次日起7天").
	receivedRE      = regexp.MustCompile(`(收到|收货|签收|到货|到了|到手)(快|近|将近|差不多)?\s*\d+\s*(天|个月|周|个?礼拜|个?星期)|\d+\s*(天|个月|周|个?礼拜|个?星期)`)
	receiptWindowRE = regexp.MustCompile(`(签收|收到|到货)(次日起|之日起|日起|后)?\s*\d+\s*(天|日|晚|夜|个月)`)
)

// subjectOf is what a line says it is about ("" where it says none): a
// table's row's first cell as rows are read ("表带、表扣…配件" of "商品：
// 表带、表扣…配件，保修期：签收后30天内…"), or a line's label ("骑行服" of
// "骑行服：签收后90天内…可免费换新").
func subjectOf(s string) string {
	if !labelFieldRE.MatchString(s) {
		return ""
	}
	label, v, _ := strings.Cut(s, "：")
	if strings.Count(s, "：") < 2 {
		return strings.TrimSpace(label)
	}
	v, _, _ = strings.Cut(v, "，")
	return v
}

// aboutOther reports whether a line is about something the question does
// not name: a row's first cell, or a label that names a kind of product,
// that says none of the question's own words.
func (t *turn) aboutOther(s string) bool {
	sub := subjectOf(s)
	if sub == "" || t.saysContentWord(sub) {
		return false
	}
	if strings.Count(s, "：") >= 2 {
		return true
	}
	return t.lex != nil && slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
		n := fold(g.Name)
		return g.Type == "Category" && runeLen(n) >= 2 && strings.Contains(fold(sub), n)
	})
}

// periodDays is the longest period a sentence states, in days ("保修2年":
// 730; 0: none).
func periodDays(s string) int { return longestDays(periodRE, s) }

// periodRE is a period in days, months or years.
var periodRE = regexp.MustCompile(`(\d+)\s*(天|个月|年)`)

// referralRE is a sentence that hands a matter to a document by its title
// ("…按《抖音团购券使用与售后规则》执行").
var referralRE = regexp.MustCompile(`按《([^》]+)》(?:的?规定)?(?:执行|办理|处理|为准)`)

// refTitleRE is the title of a document a rule refers to (《质保政策》).
var refTitleRE = regexp.MustCompile(`《([^》]+)》`)

// receiptWordRE is a word of when an order came (签收, 到货).
var receiptWordRE = regexp.MustCompile(`签收|收到|收货|到货|到手`)

// saysContentWord reports whether s says one of the question's own words
// of two characters or more that asks nothing ("充电" of "充电器用了20天坏
// 了", not 换新, a remedy, nor 签收, when).
func (t *turn) saysContentWord(s string) bool {
	f := fold(s)
	return slices.ContainsFunc(t.terms, func(w string) bool {
		return runeLen(w) >= 2 && !isIntentWord(w) && !remedyRE.MatchString(w) && !receiptWordRE.MatchString(w) && strings.Contains(f, w)
	})
}

// verbBefore is the verb a measure's cue asks about: the Chinese
// character just before it, past the words of need, ability, manner and
// distribution ("醒" of "要醒多久", "泡" of "笔尖要泡多久", "放" of "能放多久";
// none of "分别多厚"); "" when none.
func verbBefore(q, cue string) string {
	i := strings.Index(q, cue)
	if i < 0 {
		return ""
	}
	rs := []rune(q[:i])
	for len(rs) > 0 && strings.ContainsRune("要能会可以得需还大概约再最多都各共总分别", rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	if len(rs) == 0 || !unicode.Is(unicode.Han, rs[len(rs)-1]) {
		return ""
	}
	return string(rs[len(rs)-1])
}

// englishUnits are English units of time as Chinese writes them
// (elapsedRE's, and a cue's: "how many days").
var englishUnits = map[string]string{"day": "天", "week": "周", "month": "个月", "year": "年", "hour": "小时", "minute": "分钟", "second": "秒"}

// elapsedDays is the time passed a question states, in days (0: none).
func elapsedDays(nq string) int {
	for _, m := range elapsedRE.FindAllStringSubmatch(nq, -1) {
		n, u := m[1], m[2]
		if n == "" {
			n, u = m[3], m[4]
		}
		if n == "" {
			n, u = m[5], englishUnits[strings.TrimSuffix(m[6], "s")]
		}
		if n != "" && u != "小时" {
			return days(n, u)
		}
	}
	// "过了大半年了": half a year is six months, most of a year eight.
	if m := halfYearRE.FindStringSubmatch(nq); m != nil {
		if m[1] != "" || m[2] != "" {
			return 240
		}
		return 180
	}
	return 0
}

// halfYearRE is half a year or most of one passed ("过了大半年",
// "都半年多了").
var halfYearRE = regexp.MustCompile(`(?:过了|已经|用了|买了|都|快|有)(?:快|近|将近|差不多)?\s*(大)?半年|(大)?半年多?了`)

// windowDays is the longest limit in days a rule's sentence states (0:
// none).
func windowDays(s string) int { return longestDays(windowNumRE, s) }

// longestDays is the longest of the periods re finds in s (its groups a
// number and a unit of time), in days (0: none).
func longestDays(re *regexp.Regexp, s string) int {
	best := 0
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		best = max(best, days(m[1], m[2]))
	}
	return best
}

// days is a number of a unit of time in days.
func days(n, unit string) int {
	v, err := strconv.Atoi(n)
	if err != nil {
		return 0
	}
	switch unit {
	case "周", "礼拜", "个礼拜", "星期", "个星期":
		return v * 7
	case "个月":
		return v * 30
	case "年":
		return v * 365
	}
	return v
}

// priceRE is an amount of money in a sentence.
var priceRE = regexp.MustCompile(`\d+(\.\d+)?\s*元`)

// namesModel reports whether text names the product by the model code its
// name carries ("x9 pro" of "暖屿扫拖机器人X9 Pro").
func namesModel(text, name string) bool {
	var code []string
	for _, u := range textUnits(name) {
		if IsASCII(u) {
			code = append(code, u)
		} else if len(code) > 0 {
			break
		}
	}
	c := strings.Join(code, " ")
	return c != "" && strings.ContainsFunc(c, unicode.IsDigit) && (containsWord(text, c) || containsWord(text, strings.ReplaceAll(c, " ", "")))
}

// eventWord reports whether w can name an event a policy is for: a date
// or number ("618", "双十一", "11.11") or a festival, day or sale word
// ("年货节", "会员日", "周年庆", "大促"), not a product word a general
// guide's title shares ("茶叶储存指南").
func eventWord(w string) bool {
	if strings.ContainsFunc(w, unicode.IsDigit) || arabicNumerals(w) != w {
		return true
	}
	for _, suf := range []string{"节", "日", "季", "庆", "促"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

type aspect struct {
	asks, says *regexp.Regexp
}

var aspects = []aspect{
	// Whether someone is there at a time of day: the hours a text states.
	{hoursAtRE, clockTimeRE},
	{regexp.MustCompile(`在哪(里|儿)?(看|找|查)|哪里(看|找|查)|什么位置|where (is|are|can i find|do i find)`), regexp.MustCompile(`印(于|在)|贴(于|在)|位于|在.{1,10}(底部|背面|侧面|内侧|外侧|表面|标签|铭牌)|located|printed`)},
	{regexp.MustCompile(`最多|最高|上限|封顶|at most|maximum|up to`), regexp.MustCompile(`不超过|不得超过|上限|最多|最高|至多|封顶|up to|at most|maximum`)},
	// Below a threshold ("买的不到20平"): the rule for what falls short of it.
	// (Of a number: not "搜不到", "不满意".)
	{regexp.MustCompile(`(?:不到|不足|不满|没到|没满|未满|低于|少于|less than|fewer than|under|below)\s*[\d一二两三四五六七八九十半]`), regexp.MustCompile(`(?:不足|不满|未满|未达|不到|低于|少于|less than|fewer than|under|below)\s*[\d一二两三四五六七八九十半]`)},
	{regexp.MustCompile(`材料|准备什么|准备啥|提供什么|提供啥|需要什么|要什么|手续|what do i need`), regexp.MustCompile(`需提供|请提供|须提供|提供|凭|附上|上传|需要|provide`)},
	{regexp.MustCompile(`多久内|几天内|期限|截止|多久之内|deadline|within`), regexp.MustCompile(`\d+\s*(个工作日|天|日|小时)内|期限|之前|前`)},
	{regexp.MustCompile(`谁出|谁承担|谁付|要钱吗|花钱|收钱|收费吗|免费吗|要我自己出|加钱|另收|加收|who pays|\bfree\b`), regexp.MustCompile(`承担|免费|收费|包邮|运费险|自理|费[^，。；]{0,6}?\d+(?:\.\d+)?\s*元|\d\s*元[^，。；]{0,12}?费|(加收|另收|收取|另付|加价)[^，。；]{0,6}?\d+(?:\.\d+)?\s*元|\bfree\b`)},
	// A sum of money asked to be recalled ("预约金能退吗 多少来着", not "电
	// 话是多少来着"): a sum the text states.
	{regexp.MustCompile(`(钱|费|金|价)[^，,。？?！!]{0,6}多少来着`), regexp.MustCompile(`\d+(?:\.\d+)?\s*元`)},
	// What to do about it ("是召回的那批吗 要怎么弄"): the remedy and how
	// to get it.
	{regexp.MustCompile(`怎么弄|咋弄|怎么处理|如何处理|怎么办|咋办|怎么搞|要怎么做|怎么操作|what (do|should|can) i (do|get)|what happens`), remedyRE},
	// Whether the item goes back ("要寄回去吗"): the rule that says so.
	{regexp.MustCompile(`(要|需要|用|得)不?(要|用)?(寄回|退回|寄还)|寄回去?(吗|么|不)|(send|ship|mail) (it|them) back`), regexp.MustCompile(`寄回|退回|寄还|取件|保留实物|(send|ship|mail)[^.]{0,12}back`)},
}

// listAfter returns the items a sentence ending in a colon introduces in
// text ("以下商品一经拆封，不支持无理由退货：" and its sub-items, "在4个城市
// 开设门店：" and its table's rows): the lines after it indented deeper
// when it is a list item itself, else the lines up to the next blank line
// or heading; at most 12.
func listAfter(text, intro string) []string {
	intro = strings.TrimSpace(intro)
	if text == "" || !strings.HasSuffix(intro, "：") && !strings.HasSuffix(intro, ":") {
		return nil
	}
	core := strings.TrimRight(intro, "：: ")
	if runeLen(core) < 4 {
		return nil
	}
	lines := strings.Split(text, "\n")
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }
	for i, l := range lines {
		if !strings.Contains(l, core) {
			continue
		}
		item := listNumberRE.MatchString(l)
		var out []string
		for _, m := range lines[i+1:] {
			tm := strings.TrimSpace(m)
			switch {
			case tm == "" && len(out) == 0, strings.Trim(tm, "|-: ") == "" && tm != "":
				continue // a blank line before the list, a table's rule
			case tm == "", strings.HasPrefix(tm, "#"), item && indent(m) <= indent(l):
				return out
			}
			out = append(out, tm)
			if len(out) == 12 {
				return out
			}
		}
		return out
	}
	return nil
}

// namesOutOfForce reports whether a sentence names a policy not in force
// ("现行《会员积分规则（2025版）》…" asked before 2025-07-01).
func namesOutOfForce(s string, titles []string) bool {
	for _, title := range titles {
		if strings.Contains(s, "《"+title+"》") {
			return true
		}
	}
	return false
}

// verbAmountRE asks the amount of a verb: "能抵多少", "能返多少".
var verbAmountRE = regexp.MustCompile(`(?:能|可以|可)(\p{Han})多少`)

// clauseLeads maps each clause that follows a semicolon in its line to
// the label its line starts with ("成都太古里店" of "5. 成都太古里店：…；营
// 业时间每天10:30-20:30"): what the clause is said of.
func clauseLeads(text string) map[string]string {
	if !strings.ContainsAny(text, "；;") {
		return nil // (most chunks: no split of a sentence to read again)
	}
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		ss := splitSentences(line)
		if len(ss) < 2 {
			continue
		}
		// (A label is a name, short: not a sentence of its own, "按孩子
		// 身高而不是年龄选车：….")
		label, _, ok := strings.Cut(listNumberRE.ReplaceAllString(ss[0], ""), "：")
		if !ok || runeLen(label) > 10 {
			continue
		}
		for j := 1; j < len(ss) && (strings.HasSuffix(ss[j-1], "；") || strings.HasSuffix(ss[j-1], ";")); j++ {
			out[ss[j]] = label
		}
	}
	return out
}

// monthDayRE is a date written with its month: "3月20号", "2025-03-20", "11.11".
var monthDayRE = regexp.MustCompile(`(\d{4}[-年/.])?\d{1,2}[-月/]\d{1,2}(日|号)?|\d{1,2}月`)

// enumerates reports whether a sentence lists things: items set apart by
// "、" outside brackets ("成都旗舰店（…）、北京店（…）").
func enumerates(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(', '【', '「', '《':
			depth++
		case '）', ')', '】', '」', '》':
			depth--
		case '、':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// channelsNamed are the codes of the channels a sentence names (by names
// of two characters or more).
func channelsNamed(s string) []string {
	f := fold(s)
	var out []string
	for n, code := range kg.ChannelNames() {
		if runeLen(n) >= 2 && (IsASCII(n) && containsWord(f, n) || !IsASCII(n) && strings.Contains(f, n)) {
			out = appendUnique(out, code)
		}
	}
	return out
}

// namesChannel reports whether a sentence names one of chans.
func namesChannel(s string, chans []string) bool {
	return slices.ContainsFunc(channelsNamed(s), func(c string) bool { return slices.Contains(chans, c) })
}

// otherChannelsOnly reports whether a sentence names online channels and
// none of chans ("抖音旗舰店客服在线时间为每天9:00-24:00" asked on Tmall), or
// names none but says "the other channels": it states another channel's
// rule. Stores are no online channel: what they
// do holds for every customer.
func otherChannelsOnly(s string, chans []string) bool {
	if len(chans) == 0 {
		return false
	}
	online := slices.DeleteFunc(channelsNamed(s), func(c string) bool { return c == "offline" })
	if len(online) == 0 {
		// "其他渠道客服时间为每天9:00-21:00": the channels a text names
		// beside it are not these.
		return otherChannelsRE.MatchString(s)
	}
	return !slices.ContainsFunc(online, func(c string) bool { return slices.Contains(chans, c) })
}

// otherChannelsRE says "the other channels" (customer-service-general).
var otherChannelsRE = regexp.MustCompile(`(其他|其它|其余)(渠道|平台|店铺)`)

// questionClauses are the clauses of a question: its runs between spaces
// and punctuation, of two characters or more.
func questionClauses(nq string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(nq, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("，,。？?！!；;", r) }) {
		if runeLen(c) >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// clauseTerms are what a clause asks about: its content words, and for
// each customer-service concept it asks the words that state it, any of
// which says it ("几点关门": 营业时间 or 服务时间).
func clauseTerms(cl string) (ts []string, alts []*concept) {
	ts = slices.DeleteFunc(contentTerms(cl), func(w string) bool { return isIntentWord(w) || dayTimeWords[w] })
	for i := range concepts {
		c := &concepts[i]
		if slices.ContainsFunc(c.cues, func(w string) bool { return !IsASCII(w) && strings.Contains(cl, w) }) {
			// The words that asked it are no content ("开到几点": 开到).
			ts = slices.DeleteFunc(ts, func(w string) bool {
				return slices.ContainsFunc(c.cues, func(cue string) bool { return strings.Contains(cue, w) })
			})
			if len(c.keyParts) > 0 {
				alts = append(alts, c)
			}
		}
	}
	return ts, alts
}

// statedBy reports whether a text states a concept: one of its key words,
// or the form its values take.
func (c *concept) statedBy(text string) bool {
	return slices.ContainsFunc(c.keyParts, func(k string) bool { return strings.Contains(text, k) }) || c.says != nil && c.says.MatchString(text)
}

// dayTimeWords say when in a day or week, not what is asked about
// ("晚上开到几点").
var dayTimeWords = map[string]bool{"早上": true, "上午": true, "中午": true, "下午": true, "晚上": true, "傍晚": true, "夜里": true, "半夜": true, "凌晨": true,
	"今天": true, "明天": true, "后天": true, "周末": true, "平时": true, "工作日": true, "节假日": true}

// clauseCoverage is how much of a clause's terms and concepts a text says:
// termCoverage, with each concept a term of its own that any of its words
// says.
func clauseCoverage(ts []string, alts []*concept, text string) float64 {
	total := float64(len(alts)) * 4
	hit := 0.0
	for _, c := range alts {
		if c.statedBy(text) {
			hit += 4
		}
	}
	for _, t := range ts {
		total += termWeight(t)
	}
	if total == 0 {
		return 0
	}
	return hit/total + termCoverage(ts, text)*(total-float64(len(alts))*4)/total
}

// rowLabelsRE is a table row as the text reads it: "城市：上海，上门取送范围：…".
var rowLabelsRE = regexp.MustCompile(`^([^：，。；]{1,8})：[^，。；]*，([^：，。；]{1,8})：`)

// rowLabels are the first two column labels of a table row ("城市|上门取送范围"),
// or "" for a sentence that is no row.
func rowLabels(s string) string {
	m := rowLabelsRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1] + "|" + m[2]
}
