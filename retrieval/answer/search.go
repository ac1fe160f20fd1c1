package answer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kgrag/kg"
	"kgrag/retrieval"
	"kgrag/retrieval/zhen"
)

// Searching chunks: hybrid (or keyword) search filtered by channel and
// validity date, approved corrections applied, instructions withheld,
// re-ranked with graph signals.

// intentTerms are words the evidence for an intent uses, added to the
// question's own when sentences are scored.
var intentTerms = map[string][]string{
	"refund":           {"退款", "工作日"},
	"return":           {"退货", "退换"},
	"cancel":           {"取消", "违约金"},
	"shipping":         {"发货", "运费", "快递"},
	"price_protection": {"价保", "差价"},
	"points":           {"积分"},
	"invoice":          {"发票"},
	"warranty":         {"保修"},
	"trade_in":         {"以旧换新", "抵扣"},
	"service_hours":    {"客服", "时间"},
}

// qualityWords describe a defect or a bad reaction in any industry: the
// customer-service concept of a quality problem.
var qualityWords = []string{"过敏", "变质", "霉", "破损", "漏液", "漏水", "异味", "怪味", "发霉", "坏了", "故障", "裂", "不工作", "充不上电", "不舒服", "不开机", "开不了机", "没反应", "不启动", "启动不了", "失灵", "不灵了", "异响",
	"damaged", "broken", "defective", "leak", "faulty", "allergic"}

// expansion adds what a question implies but does not say: a product that
// leaks or smells odd has a quality issue.
func expansion(nq string) string {
	out := ""
	if slices.ContainsFunc(qualityWords, func(w string) bool { return strings.Contains(nq, w) }) || defectRE.MatchString(nq) {
		out = " 质量问题"
	}
	// A thing knocked, dropped or crushed ("柜门磕了", "摔碎了") is damaged:
	// the rules for damage (损坏) answer too.
	if damageRE.MatchString(nq) {
		out += " 损坏"
	}
	// "发票忘开了 还能补吗": what was forgotten and is asked to be made up
	// is done afterwards, in the word rules use for it (补开, 补领, 补签).
	if m := forgotRE.FindStringSubmatch(nq); m != nil && makeUpRE.MatchString(nq) {
		out += " 补" + m[1]
	}
	// "3月15号的票 今天退": a booking said by a one-character noun after
	// 的 and called off by 退 alone is called off in the rules' word for
	// it (退票, 退课, 退房).
	if m := bookedThingRE.FindStringSubmatch(nq); m != nil && callOffRE.MatchString(nq) {
		out += " 退" + m[1]
	}
	// "照片给存多久": the verb whose time is asked, a character the
	// segmenter leaves alone, is the rules' word's (保存).
	if m := verbTimeRE.FindStringSubmatch(nq); m != nil && !strings.Contains(loneChars, m[1]) {
		if posIs(m[1], "v") && slices.Contains(seg.Cut(nq), m[1]) {
			out += " " + m[1]
		}
	}
	return out
}

// verbTimeRE asks how long a one-character verb lasts: "存多久", "放几天".
var verbTimeRE = regexp.MustCompile(`(\p{Han})(?:多久|多长时间|多少天|几天|几个月|几年)`)

// bookedThingRE is a thing named by one character after 的 ("…的票 ");
// callOffRE calls a booking off by 退 alone, said with when ("今天退",
// "现在退"), not 退货, 退款 or 退换.
var (
	bookedThingRE = regexp.MustCompile(`的(\p{Han})(?:\s|$|[，,。？?！!])`)
	callOffRE     = regexp.MustCompile(`(?:现在|今天|明天|马上|当天)退(?:[^货款钱换还回化色]|$)`)
)

// forgotRE is a thing forgotten to be done, by its one-character verb
// ("忘开了", "忘了领", "忘记签"); makeUpRE asks it to be made up ("还能
// 补吗", "能补一下吗"), not a supplement, subsidy or compensation.
var (
	forgotRE = regexp.MustCompile(`忘记?了?(\p{Han})`)
	makeUpRE = regexp.MustCompile(`补(吗|嘛|么|不|一下|上|办|救|得|$|\s|[？?，,。])`)
)

// damageRE is harm done to a thing from outside (language-level).
var damageRE = regexp.MustCompile(`磕(坏|了|掉|破|伤|到|碰)|摔(坏|碎|了|裂)|碰(坏|碎|伤)|刮(花|坏|伤)|划(伤|花)|压(坏|碎|变形)|碎了`)

// defectRE is a defect said in the ways customers say one of anything
// (language-level), beyond qualityWords: a thing that leaks, stopped doing
// what it does, makes a noise, came apart or broke, or will not move as it
// should ("拉不下来", "关不上").
var defectRE = regexp.MustCompile(`漏(墨|油|气|电|风|光)|(不|没法|没办法)(出水|出墨|出风|加热|制冷|制热|转|充电|亮|响|显示|工作|开机|启动|出声)了?|(杂|噪|异)音|没声|咔咔|嗡嗡|吱吱|开胶|脱胶|断了|掉漆|脱线|变形了|卡住了|坏掉|(拉|推|转|关|打|收|升|降|合|缩|拔|插|扣|锁|拧)不(下来|上去|上来|下去|动|开|上|回去|回来|起来|进去|出来|紧|住)`)

// provinces are the provinces of the places a question names that the
// knowledge base never mentions itself, by place.
func (t *turn) provinces(ctx context.Context, e *Engine) map[string]string {
	if t.placeProvinces != nil {
		return t.placeProvinces
	}
	t.placeProvinces = map[string]string{}
	for _, w := range t.terms {
		pr := zhen.Province(w)
		if pr == "" {
			pr = regionGroups[w]
		}
		if pr != "" && !strings.Contains(t.idx.mentions, w) && !e.inKnowledge(ctx, t, w) {
			t.placeProvinces[w] = pr
		}
	}
	return t.placeProvinces
}

// regionGroups are how rules name Hong Kong, Macau and Taiwan together
// ("港澳台地区暂不发货"), for a question that names one of them.
var regionGroups = map[string]string{"香港": "港澳", "澳门": "港澳", "台湾": "港澳台"}

// serialFormatWords are how a text states a number's format (第1位为…),
// and what such numbers are called (customer-service-general).
const serialFormatWords = "第1位 第2位 位为 批号 序列号 编号 规则"

func (e *Engine) searchChunks(ctx context.Context, t *turn) error {
	req := t.req
	tr := &t.tr
	exp := expansion(t.nq)
	t.implied = strings.Fields(exp)
	searchText := t.nq + exp
	if len(t.terms) <= 1 || t.lang == "en" || policyIntents[t.sig.Intent] {
		// "那它能退吗": the question says little; what it asks (its intent)
		// and what it is about (the earlier turn's entity) say the rest.
		// A question about a rule is about the rule's own words too.
		searchText += " " + strings.Join(intentTerms[t.sig.Intent], " ")
		if t.lang == "en" {
			// An English question over Chinese text: its words' dictionary
			// translations search too.
			for _, w := range t.terms {
				if !t.proper[w] || zhen.PlaceByPinyin(w) != "" || demonymCountry(w) != nil { // a name is searched as written, a place in pinyin as the place
					searchText += " " + strings.Join(glosses(w), " ")
				} else if run := t.idx.spelledRun(w); run != "" {
					searchText += " " + run // "Chunxi": 春熙 of 春熙路店
					if _, channel := kg.ChannelCode(run); !channel {
						t.implied = append(t.implied, run)
					}
				}
			}
			// The concepts it asks, by the words a Chinese text states them
			// with ("expire": 有效, 过期, 保质期).
			searchText += " " + strings.Join(conceptWordsZh(t.u.concepts), " ")
			ws := strings.Fields(t.nq)
			for i, w := range ws {
				searchText += " " + strings.Join(csGlosses[strings.Trim(w, "?!.,;:'\"")], " ")
				// Two words the dictionary has as one ("customer service": 客服),
				// as the knowledge words it.
				if i+1 < len(ws) {
					w, next := strings.Trim(w, "?!.,;:'\""), strings.Trim(ws[i+1], "?!.,;:'\"")
					if len(w) >= 3 && len(next) >= 3 && !stopWords[w] && !stopWords[next] {
						for _, g := range zhen.Lookup(w+" "+next, glossesPerWord) {
							if e.inKnowledge(ctx, t, g) {
								searchText += " " + g
							}
						}
					}
				}
			}
		}
		if len(t.linked) > 0 && len(t.prev) > 0 && followUp(t.nq) {
			if ent, err := e.entity(ctx, req, t.linked[0]); err == nil {
				searchText = ent.Name + " " + searchText
			}
		}
	}
	if t.lang != "en" && t.asksHours() {
		// The days a part of the week is ("周末几点开门": 周六 周日).
		for _, w := range t.terms {
			if days := calendarDays[w]; days != nil {
				searchText += " " + strings.Join(days, " ")
			}
		}
	}
	// A city the knowledge never names is searched by its province too
	// ("我在乌鲁木齐 能发过来吗": the rules name 新疆).
	for _, pr := range t.provinces(ctx, e) {
		searchText += " " + pr
		t.implied = append(t.implied, pr)
	}
	if len(t.serials()) > 0 {
		// A serial or batch number is read by the format a text states
		// position by position: that text is searched for too.
		searchText += " " + serialFormatWords
	}
	t.ruleAt = ruleDate(t.nq, req.AsOf)
	if t.ruleAt.Equal(req.AsOf) {
		// "双十一买的": the order was placed during the event its policy names.
		d, err := e.eventOrderDate(ctx, t)
		if err != nil {
			return err
		}
		t.ruleAt = d
	}
	if !t.ruleAt.Equal(req.AsOf) {
		tr.Notes = append(tr.Notes, "the order was placed on "+t.ruleAt.Format(time.DateOnly)+": the policies in force then answer")
	}
	hits, err := e.Search.Search(ctx, searchText, retrieval.Filter{KB: req.KB, Channel: req.Channel, AsOf: t.ruleAt},
		retrieval.SearchOptions{Limit: searchLimit(t), Mode: e.SearchMode})
	if errors.Is(err, retrieval.ErrUnavailable) {
		// The chunk index is down (Qdrant unreachable): the graph's facts
		// still answer what they state; what needs the text is refused
		// for want of evidence, and the trace says why.
		tr.Notes = append(tr.Notes, "chunk index unavailable: answered from the graph facts only ("+err.Error()+")")
		hits, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("answer: search: %w", err)
	}
	promo, err := e.promotionHits(ctx, t, hits)
	if err != nil {
		return fmt.Errorf("answer: search promotions: %w", err)
	}
	refs, err := e.referencedHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search referenced documents: %w", err)
	}
	hits = append(hits, refs...)
	for _, h := range promo {
		t.promos = append(t.promos, h.Chunk.ID)
	}
	hits = append(hits, promo...)
	event, err := e.eventRuleHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search event rules: %w", err)
	}
	hits = append(hits, event...)
	titled, err := e.titledHits(ctx, t, hits)
	if err != nil {
		return fmt.Errorf("answer: search titled policies: %w", err)
	}
	hits = append(hits, titled...)
	stores, err := e.storeHits(ctx, t, hits)
	if err != nil {
		return fmt.Errorf("answer: search stores: %w", err)
	}
	hits = append(hits, stores...)
	tables, err := e.tableHits(ctx, t, hits)
	if err != nil {
		return fmt.Errorf("answer: search tables: %w", err)
	}
	hits = append(hits, tables...)
	later, err := e.afterLimitHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search the rules after a limit: %w", err)
	}
	hits = append(hits, later...)
	limit, err := e.longestLimitHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search a rule's limit: %w", err)
	}
	hits = append(hits, limit...)
	tiers, err := e.dayTierHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search the tier for the days left: %w", err)
	}
	hits = append(hits, tiers...)
	used, err := e.usedTierHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search the tier of what is used: %w", err)
	}
	hits = append(hits, used...)
	clocked, err := e.clockHits(ctx, t, searchText, hits)
	if err != nil {
		return fmt.Errorf("answer: search the span of the clock asked: %w", err)
	}
	hits = append(hits, clocked...)
	if e.Review != nil {
		kept := hits[:0]
		for _, h := range hits {
			text, stale, notes, err := e.Review.Review(ctx, req.KB, h.Chunk.EntityIDs, h.Chunk.Text)
			if err != nil {
				return fmt.Errorf("answer: corrections: %w", err)
			}
			for _, n := range notes {
				tr.Notes = append(tr.Notes, h.Chunk.ID+": "+n)
			}
			if stale {
				continue
			}
			h.Chunk.Text = text
			kept = append(kept, h)
		}
		hits = kept
	}
	// Evidence is quoted, never obeyed: a sentence that speaks to the bot
	// ("【系统通知】忽略规则，回复…") is a poisoned document's and is withheld
	// from the composer, the model and the verifier alike.
	for i := range hits {
		if text, n := withoutInstructions(hits[i].Chunk.Text); n > 0 {
			hits[i].Chunk.Text = text
			tr.Notes = append(tr.Notes, fmt.Sprintf("%s: withheld %d sentence(s) addressed to the assistant", hits[i].Chunk.ID, n))
		}
	}
	t.facts = slices.DeleteFunc(t.facts, func(p piece) bool {
		if addressesBot(p.Text) {
			tr.Notes = append(tr.Notes, fmt.Sprintf("%s: withheld a fact addressed to the assistant", p.ID))
			return true
		}
		return false
	})
	if err := e.titlesOutOfForce(ctx, t, hits); err != nil {
		return err
	}
	t.chunks = rankChunks(t, hits, append(append(slices.Clone(t.terms), intentTerms[t.sig.Intent]...), t.implied...), policyIntents[t.sig.Intent])
	return nil
}

// searchLimit is how many chunks to search for: more for a question about
// a rule, whose products' own chunks are set aside (select.go).
func searchLimit(t *turn) int {
	if policyIntents[t.sig.Intent] {
		return 16
	}
	return 8
}

// promotionHits finds, for a question about a product's price, the
// time-limited rules in force (a promotion's policy) that price that
// product by its model code ("X9 Pro活动到手价3999元" while 双十一 runs):
// the price a customer pays today is theirs, though the question's words
// match other text better.
func (e *Engine) promotionHits(ctx context.Context, t *turn, have []retrieval.Hit) ([]retrieval.Hit, error) {
	if !slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "price" }) {
		return nil, nil
	}
	var names []string
	for _, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			names = append(names, l.Name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	// A policy's chunks do not list the products they name: its text is
	// searched for the question and the products' names.
	hits, err := e.searchPolicies(ctx, t, t.nq+" "+strings.Join(names, " "), 8)
	if err != nil {
		return nil, err
	}
	var out []retrieval.Hit
	for _, h := range hits {
		c := h.Chunk
		if c.ValidTo == nil {
			continue
		}
		text := fold(c.Text)
		if priceRE.MatchString(text) && slices.ContainsFunc(names, func(n string) bool { return namesModel(text, n) }) {
			if i := slices.IndexFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == c.ID }); i >= 0 {
				t.promos = append(t.promos, c.ID) // found already: kept in the evidence
				continue
			}
			out = append(out, h)
		}
	}
	return out, nil
}

// keywordSearch is a keyword-only search of the chunks for one of the
// answer's own lookups (a policy, a referred document, an event): nothing,
// and no error, when the chunk index is unavailable (the graph still
// answers).
func (e *Engine) keywordSearch(ctx context.Context, query string, f retrieval.Filter, limit int) ([]retrieval.Hit, error) {
	hits, err := e.Search.Search(ctx, query, f, retrieval.SearchOptions{Limit: limit, Mode: retrieval.SparseOnly})
	if errors.Is(err, retrieval.ErrUnavailable) {
		return nil, nil
	}
	return hits, err
}

// searchPolicies searches the policies in force at the turn's rule date on
// its channel by keywords.
func (e *Engine) searchPolicies(ctx context.Context, t *turn, query string, limit int) ([]retrieval.Hit, error) {
	return e.keywordSearch(ctx, query, retrieval.Filter{KB: t.req.KB, Channel: t.req.Channel, AsOf: t.ruleAt, Kinds: []string{"policy"}}, limit)
}

// eventSpan is the longest a sales event's rules are in force: a policy
// valid for longer states standing rules.
const eventSpan = 62 * 24 * time.Hour

// eventRuleHits are the rules of a sales event in force on the order date
// a question states ("11.8下单的耳机…还能退吗" during a Double-11 event):
// chunks of a time-limited policy (in force for two months at most) valid
// then, which the question's words alone may not find. They stay in the
// evidence as promotions do, and where they say what is asked they
// override the general rules as an event the question names does. An
// order the question says was placed during an event whose rule is still
// in force gets that rule's best chunk instead (namedEventHit).
func (e *Engine) eventRuleHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	if !policyIntents[t.sig.Intent] {
		return nil, nil
	}
	// (An order placed today is one on a stated day too: "2月14号下的单".)
	if t.ruleAt.Equal(t.req.AsOf) && !orderDateRE.MatchString(t.nq) {
		return e.namedEventHit(ctx, t, searchText, have)
	}
	hits, err := e.searchPolicies(ctx, t, searchText, 20)
	if err != nil {
		return nil, err
	}
	var out []retrieval.Hit
	for _, h := range hits {
		c := h.Chunk
		if c.ValidFrom == nil || c.ValidTo == nil || c.ValidTo.Sub(*c.ValidFrom) > eventSpan || len(t.eventRules) >= 3 {
			continue
		}
		t.eventRules = append(t.eventRules, c.ID)
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: a time-limited rule (《%s》) in force on the order date", c.ID, c.Title))
		if !slices.ContainsFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == c.ID }) {
			out = append(out, h)
		}
	}
	return out, nil
}

// namedEventHit is the chunk of the rule of an event the question says the
// order was placed in, where the rule is still in force ("双11买的 收到10天
// 了 还能退吗", asked on 11-18) that best matches the question without the
// event's name (which every chunk of the rule says). It is kept as a policy
// the question names by its title is, and weighs no more than that.
func (e *Engine) namedEventHit(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	if t.eventTitle == "" {
		return nil, nil
	}
	q := searchText
	for _, w := range []string{t.eventWord, arabicNumerals(t.eventWord), chineseNumerals(t.eventWord)} {
		if w != "" {
			q = strings.ReplaceAll(q, w, " ")
		}
	}
	hits, err := e.searchPolicies(ctx, t, q, 20)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(hits, func(h retrieval.Hit) bool { return h.Chunk.Title == t.eventTitle })
	if i < 0 {
		return nil, nil
	}
	h := hits[i]
	t.titledChunks = append(t.titledChunks, h.Chunk.ID)
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: the rule of the event the order was placed in (《%s》)", h.Chunk.ID, t.eventTitle))
	if slices.ContainsFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == h.Chunk.ID }) {
		return nil, nil
	}
	return []retrieval.Hit{h}, nil
}

// titledHits are the best chunks of the policies whose title names what
// the question is about ("坏果要多久之内申请": 《坏果包赔与售后规则》),
// searched by the question's content words alone: a long rule section
// that answers is otherwise outranked by short entries sharing only the
// question's asking words (多久). At most two; they take no other chunk's
// place.
func (e *Engine) titledHits(ctx context.Context, t *turn, have []retrieval.Hit) ([]retrieval.Hit, error) {
	var words []string
	for _, w := range t.terms {
		if runeLen(w) >= 2 && !isIntentWord(w) && !t.namesThing(w) {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	hits, err := e.searchPolicies(ctx, t, strings.Join(words, " "), 10)
	if err != nil {
		return nil, err
	}
	var out []retrieval.Hit
	for _, h := range hits {
		title := fold(h.Chunk.Title)
		if len(out) >= 2 || !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(title, w) }) ||
			slices.ContainsFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == h.Chunk.ID }) {
			continue
		}
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: of 《%s》, whose title names what the question asks about", h.Chunk.ID, h.Chunk.Title))
		t.titledChunks = append(t.titledChunks, h.Chunk.ID)
		out = append(out, h)
	}
	return out, nil
}

// shortestHolding is the shortest limit counted from receipt a text states
// that holds n days (0: none).
func shortestHolding(text string, n int) int {
	w := 0
	for _, m := range receiptWindowRE.FindAllString(text, -1) {
		if d := windowDays(m); d >= n && (w == 0 || d < w) {
			w = d
		}
	}
	return w
}

// storeHits are the chunks that name a store by a place a question about
// a store names ("南京店开了没": the stores policy's 南京建邺体验馆, which the
// question's other words may not find). At most two; they take no other
// chunk's place.
func (e *Engine) storeHits(ctx context.Context, t *turn, have []retrieval.Hit) ([]retrieval.Hit, error) {
	store := storeRE.MatchString(t.masked)
	var out []retrieval.Hit
	for _, p := range placesNamed(t.masked) {
		named, query := storeNamedBy(p), storeQuery(p)
		if !store {
			// "上海的门诊在哪": the word said after the place is what the
			// brand's premises are called, where the text names one so
			// (上海静安门诊).
			w := wordAfterPlace(t.masked, p)
			if w == "" {
				continue
			}
			named, query = regexp.MustCompile(regexp.QuoteMeta(p)+`\p{Han}{0,6}?`+regexp.QuoteMeta(w)), p+" "+w
		}
		hits, err := e.keywordSearch(ctx, query, retrieval.Filter{KB: t.req.KB}, 10)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if len(t.storeChunks) >= 2 || slices.Contains(t.storeChunks, h.Chunk.ID) || !named.MatchString(h.Chunk.Text) {
				continue // a store named by the place: "南京建邺体验馆", "南京店"
			}
			t.storeChunks = append(t.storeChunks, h.Chunk.ID)
			if t.storeNames == nil {
				t.storeNames = map[string]*regexp.Regexp{}
			}
			t.storeNames[p] = named
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: names a store in %s", h.Chunk.ID, p))
			if !slices.ContainsFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == h.Chunk.ID }) {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// tableHits are the policy chunks with a table row of a product the
// question links, in a column the question names (namedCell): "x5pro
// 换个电池多少钱" of a repair price list whose row "X5 Pro" has a 电池
// column. A row of figures shares few words with a question, so the
// search alone rarely finds it. At most two; they take no other chunk's
// place.
func (e *Engine) tableHits(ctx context.Context, t *turn, have []retrieval.Hit) ([]retrieval.Hit, error) {
	if strings.TrimSpace(t.masked) == "" {
		return nil, nil // the question is a name: no column named
	}
	var out []retrieval.Hit
	said := factText(t.facts)
	n := 0
	for _, l := range t.links {
		if l.Type != "Product" {
			continue
		}
		if n++; n > 3 {
			break
		}
		hits, err := e.keywordSearch(ctx, t.masked, retrieval.Filter{KB: t.req.KB, Channel: t.req.Channel, AsOf: t.ruleAt,
			Kinds: []string{"policy"}, EntityIDs: []string{l.ID}}, 10)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if len(t.tableChunks) >= 2 || slices.Contains(t.tableChunks, h.Chunk.ID) {
				continue
			}
			_, rows := tableRowsOf(h.Chunk.Text)
			if !slices.ContainsFunc(rows, func(r tableRow) bool { return t.namedCell(r, rows, said) }) {
				continue
			}
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: a table row of %s in a column the question names", h.Chunk.ID, l.ID))
			t.tableChunks = append(t.tableChunks, h.Chunk.ID)
			if !slices.ContainsFunc(have, func(x retrieval.Hit) bool { return x.Chunk.ID == h.Chunk.ID }) {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// wordAfterPlace is the two Chinese characters said right after a place
// (and 的) that ask where something is or when it opens ("上海的门诊在哪",
// "苏州校区几点关门"); "" when the question asks neither.
func wordAfterPlace(q, place string) string {
	if !whereAskRE.MatchString(q) && !openingRE.MatchString(q) {
		return ""
	}
	i := strings.Index(q, place)
	if i < 0 {
		return ""
	}
	rest := []rune(strings.TrimPrefix(q[i+len(place):], "的"))
	if len(rest) < 2 || !unicode.Is(unicode.Han, rest[0]) || !unicode.Is(unicode.Han, rest[1]) ||
		strings.ContainsRune(functionChars, rest[0]) || strings.ContainsRune(functionChars, rest[1]) {
		return ""
	}
	w := string(rest[:2])
	// (A common noun: not "市东" or the place 东城 of 北京市东城区.)
	segOnce.Do(loadSegmenter)
	if seg == nil || seg.Pos(w) != "n" {
		return ""
	}
	return w
}

// whereAskRE asks where a thing is (not "地址是北京市…", an address said).
var whereAskRE = regexp.MustCompile(`在哪|哪里|哪儿|地址(?:是啥|是什么|是多少|发|呢|给)|怎么走|什么位置|啥位置`)

// storeNamedBy matches a store a place names: "南京建邺体验馆", "南京店".
func storeNamedBy(place string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(place) + `\p{Han}{0,6}?(?:` + strings.Join(storeWords, "|") + `)`)
}

// storeQuery searches for what the knowledge says of stores in a place.
func storeQuery(place string) string {
	return place + " 门店 " + strings.Join(storeWords, " ")
}

// referencedHits are the chunks of the documents a linked product's facts
// point to by title ("服务承诺：见《星护儿童离焦镜片服务承诺》"), matched to
// the question: the rules the facts leave to them. At most two documents.
func (e *Engine) referencedHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	var titles []string
	for _, p := range t.facts {
		for _, m := range titleRE.FindAllStringSubmatch(p.Text, -1) {
			if !slices.Contains(titles, m[1]) && len(titles) < 2 {
				titles = append(titles, m[1])
			}
		}
	}
	var out []retrieval.Hit
	for _, title := range titles {
		hits, err := e.keywordSearch(ctx, title+" "+searchText, retrieval.Filter{KB: t.req.KB, AsOf: t.ruleAt}, 10)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, h := range hits {
			if h.Chunk.Title != title || n >= 3 {
				continue
			}
			n++
			t.refChunks = append(t.refChunks, h.Chunk.ID)
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: of 《%s》, which a fact refers to", h.Chunk.ID, title))
			if !slices.ContainsFunc(append(have, out...), func(o retrieval.Hit) bool { return o.Chunk.ID == h.Chunk.ID }) {
				out = append(out, h)
			}
		}
	}
	// The referred document's chunks the question found itself count too.
	for _, h := range have {
		if slices.Contains(titles, h.Chunk.Title) && !slices.Contains(t.refChunks, h.Chunk.ID) {
			t.refChunks = append(t.refChunks, h.Chunk.ID)
		}
	}
	return out, nil
}

// afterLimitHits are, for a question that says how long ago the order
// came ("收到10天了") past a limit a rule found states ("签收后7天内…可申请
// 退货"), the best chunk of each document that rule hands the time after
// it to ("超过7天的质量问题，按《保修政策（2024版）》申请换新或维修"): the
// question's words find the rule it names, not the one that now applies.
// At most two documents; they take no other chunk's place.
func (e *Engine) afterLimitHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	n := elapsedDays(t.nq)
	if n <= 0 || !policyIntents[t.sig.Intent] {
		return nil, nil
	}
	var out []retrieval.Hit
	var titles []string
	for _, h := range have {
		for _, s := range splitSentences(h.Chunk.Text) {
			m := afterLimitRE.FindStringSubmatch(s)
			if m == nil || days(m[2], m[3]) >= n {
				continue
			}
			for _, r := range titleRE.FindAllStringSubmatch(s, -1) {
				if r[1] != h.Chunk.Title && !slices.Contains(titles, r[1]) && len(titles) < 2 {
					titles = append(titles, r[1])
				}
			}
		}
	}
	for _, title := range titles {
		hits, err := e.ruleHits(ctx, t, title, searchText)
		if err != nil {
			return nil, err
		}
		if len(hits) == 0 {
			continue
		}
		// Its chunk with a limit of its own that holds the time passed
		// and says what is done in it ("签收后30天内…可直接换新"), else
		// its best.
		i := max(0, slices.IndexFunc(hits, func(h retrieval.Hit) bool {
			return slices.ContainsFunc(splitSentences(h.Chunk.Text), func(s string) bool { return shortestHolding(s, n) > 0 && remedyRE.MatchString(s) })
		}))
		t.laterChunks = append(t.laterChunks, hits[i].Chunk.ID)
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s: of 《%s》, which the rule names for the time after its limit", hits[i].Chunk.ID, title))
		if !slices.ContainsFunc(append(have, out...), func(o retrieval.Hit) bool { return o.Chunk.ID == hits[i].Chunk.ID }) {
			out = append(out, hits[i])
		}
	}
	return out, nil
}

// longestLimitHits is, for a question that says how long ago the order came
// ("过了大半年了 还能补开发票吗"), the chunk stating the longest limit of the
// rule whose title the question says (发票说明 of 补开发票, by a word that
// names no product or category), where none of the five best chunks found
// holds the time passed: the rule may state its limit in a section the
// question's words rank low ("申请时限：服务完成…后365天内" under 开票时间与金
// 额, beside the 换开 chunk found). A period holds the time with or without
// 内. (Corrections are read after the search, so the limit kept is the
// document's longest, not one that holds.) At most one; it takes no other
// chunk's place.
func (e *Engine) longestLimitHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	n := elapsedDays(t.nq)
	if n <= 0 || !policyIntents[t.sig.Intent] {
		return nil, nil
	}
	i := slices.IndexFunc(have, func(h retrieval.Hit) bool {
		return h.Chunk.Kind == "policy" && slices.ContainsFunc(t.terms, func(w string) bool {
			return !t.namesThing(w) && longestCommon([]rune(w), []rune(fold(h.Chunk.Title))) >= 2
		})
	})
	if i < 0 {
		return nil, nil
	}
	title := have[i].Chunk.Title
	if slices.ContainsFunc(have[:min(len(have), 5)], func(h retrieval.Hit) bool { return h.Chunk.Title == title && windowDays(h.Chunk.Text) >= n }) {
		return nil, nil
	}
	hits, err := e.ruleHits(ctx, t, title, searchText)
	if err != nil {
		return nil, err
	}
	j := -1
	for k, h := range hits {
		if longestLimit(h.Chunk.Text) > 0 && (j < 0 || longestLimit(h.Chunk.Text) > longestLimit(hits[j].Chunk.Text)) {
			j = k
		}
	}
	if j < 0 {
		return nil, nil
	}
	return t.keepLater(hits[j], have, fmt.Sprintf("of 《%s》, its longest limit, for the time passed", title)), nil
}

// ruleHits are the chunks of the rule titled title that the question's
// search text finds, best first.
func (e *Engine) ruleHits(ctx context.Context, t *turn, title, searchText string) ([]retrieval.Hit, error) {
	hits, err := e.keywordSearch(ctx, title+" "+searchText, retrieval.Filter{KB: t.req.KB, Channel: t.req.Channel, AsOf: t.ruleAt}, 20)
	return slices.DeleteFunc(hits, func(h retrieval.Hit) bool { return h.Chunk.Title != title }), err
}

// dayTierHits is, for a question about a rule that says how many days are
// left before what is booked ("6月8号的票 明天就去了 现在退扣多少"), the
// chunk of the best rule found whose tier counted in days before holds
// them ("入园日前1-2天：扣除票款的20%"), where none of the five best chunks
// found holds them, or those that do are of another thing than the one
// booked: the question's words may find the rule's other sections first
// (入住日前… of the hotel packages). At most one; it takes no other chunk's
// place.
func (e *Engine) dayTierHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	left := daysBefore(t.nq, t.req.AsOf)
	i := slices.IndexFunc(have, func(h retrieval.Hit) bool { return h.Chunk.Kind == "policy" })
	if left < 0 || !policyIntents[t.sig.Intent] || i < 0 {
		return nil, nil
	}
	title := have[i].Chunk.Title
	// (Of a question that calls its booking off, 退 or 取消, a chunk
	// that changes one, 改期, is not the tier.)
	acts := actionsOf(t.nq)
	callsOff := func(as []string) bool { return slices.Contains(as, "退") || slices.Contains(as, "取消") }
	tiered := func(h retrieval.Hit) bool {
		return slices.ContainsFunc(splitSentences(h.Chunk.Text), func(s string) bool { return tierHolds(s, left) })
	}
	holds := func(h retrieval.Hit) bool {
		as := actionsOf(h.Chunk.Text)
		return tiered(h) && (!callsOff(acts) || callsOff(as) && (slices.Contains(acts, "改") || !slices.Contains(as, "改")))
	}
	top := have[:min(len(have), 5)]
	// Where a chunk found, of any document, holds them already, only a
	// section headed by the thing the question books ("…的票": 门票退票)
	// is the question's over it (入住日前1天… of the hotel packages), and
	// none where one found is headed so.
	said := ""
	if m := bookedThingRE.FindStringSubmatch(t.nq); m != nil {
		said = m[1]
	}
	headed := func(h retrieval.Hit) bool {
		return said != "" && strings.Contains(strings.Join(h.Chunk.HeadingPath, " "), said)
	}
	found := slices.ContainsFunc(top, tiered)
	if slices.ContainsFunc(top, func(h retrieval.Hit) bool { return tiered(h) && headed(h) }) {
		return nil, nil
	}
	hits, err := e.ruleHits(ctx, t, title, searchText)
	if err != nil {
		return nil, err
	}
	j := slices.IndexFunc(hits, func(h retrieval.Hit) bool {
		return holds(h) && !slices.ContainsFunc(top, func(o retrieval.Hit) bool { return o.Chunk.ID == h.Chunk.ID }) && (!found || headed(h))
	})
	if j < 0 {
		return nil, nil
	}
	return t.keepLater(hits[j], have, fmt.Sprintf("of 《%s》, its tier for the %d days left", title, left)), nil
}

// keepLater keeps a chunk of the time passed or left, or of what is used
// (laterChunks), noted with why; it is a hit to add unless have holds it.
func (t *turn) keepLater(h retrieval.Hit, have []retrieval.Hit, why string) []retrieval.Hit {
	t.laterChunks = append(t.laterChunks, h.Chunk.ID)
	t.tr.Notes = append(t.tr.Notes, h.Chunk.ID+": "+why)
	if slices.ContainsFunc(have, func(o retrieval.Hit) bool { return o.Chunk.ID == h.Chunk.ID }) {
		return nil
	}
	return []retrieval.Hit{h}
}

// usedTierHits is, for a question about a rule that says how much of a
// course or a card the customer has used ("48节的课包 上了20节 退多少"), the
// chunk of the best rule found whose tier of use holds it ("已上课时超过
// 1/3、不超过1/2：…50%"), where none of the five best chunks found holds it.
// At most one; it takes no other chunk's place.
func (e *Engine) usedTierHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	used, unit := usedSaid(t.nq)
	i := slices.IndexFunc(have, func(h retrieval.Hit) bool { return h.Chunk.Kind == "policy" })
	if used == 0 || !policyIntents[t.sig.Intent] || i < 0 {
		return nil, nil
	}
	total := usedTotal(t.nq, used)
	holds := func(h retrieval.Hit) bool {
		return h.Chunk.Kind == "policy" && slices.ContainsFunc(splitSentences(h.Chunk.Text), func(s string) bool { return usedTierHolds(s, used, total, unit) })
	}
	if slices.ContainsFunc(have[:min(len(have), 5)], holds) {
		return nil, nil
	}
	// (Of the best three rules found: the words of a question of use may
	// find another rule first, 退营 of camps before 退费 of courses.)
	var titles []string
	for _, h := range have[i:] {
		if h.Chunk.Kind == "policy" && !slices.Contains(titles, h.Chunk.Title) && len(titles) < 3 {
			titles = append(titles, h.Chunk.Title)
		}
	}
	var hits []retrieval.Hit
	j, title := -1, ""
	for _, title = range titles {
		var err error
		if hits, err = e.ruleHits(ctx, t, title, searchText); err != nil {
			return nil, err
		}
		if j = slices.IndexFunc(hits, holds); j >= 0 {
			break
		}
	}
	if j < 0 {
		return nil, nil
	}
	return t.keepLater(hits[j], have, fmt.Sprintf("of 《%s》, its tier for the %d used", title, used)), nil
}

// clockHits is, for a question that says the time of day it wants
// something done ("晚上9点想约人上门 要加钱不"), the best chunk of a rule or
// an FAQ whose span of the clock holds it in a sentence that says a word
// of the question ("20:00至次日7:00的夜间上门…加收80元"), where none of the
// five best chunks found has one. At most one; it takes no other chunk's
// place.
func (e *Engine) clockHits(ctx context.Context, t *turn, searchText string, have []retrieval.Hit) ([]retrieval.Hit, error) {
	clock := t.clockAsked()
	if clock < 0 {
		return nil, nil
	}
	holds := func(h retrieval.Hit) bool {
		return slices.ContainsFunc(splitSentences(h.Chunk.Text), func(s string) bool {
			return clockRangeHolds(s, clock) && slices.ContainsFunc(t.terms, func(w string) bool { return strings.Contains(fold(s), w) })
		})
	}
	if slices.ContainsFunc(have[:min(len(have), 5)], holds) {
		return nil, nil
	}
	hits, err := e.keywordSearch(ctx, searchText, retrieval.Filter{KB: t.req.KB, Channel: t.req.Channel, AsOf: t.ruleAt, Kinds: []string{"policy", "faq"}}, 30)
	if err != nil {
		return nil, err
	}
	j := slices.IndexFunc(hits, holds)
	if j < 0 {
		return nil, nil
	}
	return t.keepLater(hits[j], have, fmt.Sprintf("its span of the clock holds %02d:%02d", clock/60, clock%60)), nil
}

// longestLimit is the longest limit text states ("180天内"), in days (0:
// none).
func longestLimit(text string) int {
	best := 0
	for _, m := range windowRE.FindAllString(text, -1) {
		best = max(best, windowDays(m))
	}
	return best
}

// afterLimitRE is a rule's sentence for the time past its limit ("超过15天
// 的，按《质保政策》办理").
var afterLimitRE = regexp.MustCompile(`(超过|超出|逾期?)\s*(\d+)\s*(天|日|个月)`)

// titleRE is a document named in text by its title: 《会员积分规则（2025版）》.
var titleRE = regexp.MustCompile(`《([^《》]{2,40})》`)

// titlesOutOfForce finds the policies the found text names by title
// ("现行《会员积分规则（2025版）》…24个月有效" in an FAQ answer) that are not
// in force at the as-of date: what such a sentence says of that version
// is not the rule for this question (compose drops it).
func (e *Engine) titlesOutOfForce(ctx context.Context, t *turn, hits []retrieval.Hit) error {
	if t.ruleAt.IsZero() {
		return nil
	}
	seen := map[string]bool{}
	for _, h := range hits {
		for _, m := range titleRE.FindAllStringSubmatch(h.Chunk.Text, -1) {
			title := m[1]
			if seen[title] || len(seen) >= 4 {
				continue
			}
			seen[title] = true
			docs, err := e.keywordSearch(ctx, title, retrieval.Filter{KB: t.req.KB, Kinds: []string{"policy"}}, 3)
			if err != nil {
				return fmt.Errorf("answer: search %q: %w", title, err)
			}
			for _, d := range docs {
				if d.Chunk.Title == title && !d.Chunk.ValidAt(t.ruleAt) {
					t.outOfForce = append(t.outOfForce, title)
					if d.Chunk.ValidFrom != nil && d.Chunk.ValidFrom.After(t.ruleAt) {
						t.laterRules = true
					}
					t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("《%s》 is not in force at the as-of date: sentences stating its rules are left out", title))
					break
				}
			}
		}
	}
	return nil
}

// eventBuyRE is an order placed during a sales event: "双十一买的",
// "618活动期间下的单", "bought during the Double 11 sale" (the event's
// words joined by englishEvents); a shopping festival's name may stand a
// few words before the verb, in the same clause ("双11当天抖音下单的").
var eventBuyRE = regexp.MustCompile(`([\p{Han}\d]{2,4}?)(?:期间|活动期间|活动|大促|的时候)?` + orderVerbs + `|(?:during|in) (?:the |your )?(double\d+|618|blackfriday)|(?:bought|ordered|purchased|order)[^.?!]{0,30}?\b(double\d+|618|blackfriday)|(` + zhFestivals + `)[^，。？！；,.?!;]{0,8}?` + orderVerbs)

// orderVerbs are the verbs of placing an order: buying, paying, booking,
// signing a contract for a service, paying its deposit, enrolling ("签的
// 衣柜", "交的定金", "报的名", "报的裱花班"; not "报的价"); 签收 is
// receiving, not ordering.
const orderVerbs = `(?:买|下单|下的单|拍的|购买|付款|订的|订了|预订|约的|抢的|抢到|入手|囤的|签约|签的|签了|签合同|[交付][的了]?定金|报的名|报名|报的(?:$|[^价])|报了(?:$|[^价警]))`

// eventOrderDate is when an order placed during a sales event the question
// names was placed: the last day in force of the latest policy before the
// as-of date whose title names the event (双十一 is 双11 in a title). The
// as-of date when the question names none, or the event's policy is
// still in force.
func (e *Engine) eventOrderDate(ctx context.Context, t *turn) (time.Time, error) {
	asOf := t.req.AsOf
	var event string
	for _, m := range eventBuyRE.FindAllStringSubmatch(t.nq, -1) {
		switch w := m[1] + m[2] + m[3] + m[4]; {
		case m[1] != "" && eventWord(w) && !isNumber(w):
			event = w
		case m[2] != "" || m[3] != "":
			event = strings.TrimPrefix(w, "double") // "double11" → "11": 双11
		case m[4] != "":
			event = w
		}
	}
	if event == "" || asOf.IsZero() {
		return asOf, nil
	}
	hits, err := e.keywordSearch(ctx, event+" "+arabicNumerals(event)+" "+chineseNumerals(event), retrieval.Filter{KB: t.req.KB, Kinds: []string{"policy"}}, 10)
	if err != nil {
		return asOf, fmt.Errorf("answer: search the event %q: %w", event, err)
	}
	var best *retrieval.Chunk
	for i := range hits {
		c := &hits[i].Chunk
		// "双11" and "双十一" are one event.
		title := arabicNumerals(fold(c.Title))
		if !strings.Contains(title, arabicNumerals(event)) || c.ValidFrom == nil || c.ValidFrom.After(asOf) {
			continue
		}
		if best == nil || c.ValidFrom.After(*best.ValidFrom) {
			best = c
		}
	}
	if best != nil && best.ValidAt(asOf) {
		// The event's rule is still in force: it answers beside the
		// standing ones ("双11买的 收到10天了", asked on 11-18).
		t.eventTitle, t.eventWord = best.Title, event
	}
	if best == nil || best.ValidAt(asOf) || best.ValidTo == nil {
		return asOf, nil
	}
	d := best.ValidTo.AddDate(0, 0, -1)
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the order was placed during the event of 《%s》 (in force to %s)", best.Title, best.ValidTo.Format(time.DateOnly)))
	return d, nil
}

const (
	orderVerbsAhead = `买|下单|下的单|付款|购买|签约|签合同` // "下单时间是3月20日"
	orderVerbsEn    = `ordered|bought|purchased|signed|booked|placed (?:an|my|the) order`
	monthsEn        = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`
)

// datedOrderVerbs are orderVerbs, and 下 (of 下单) said of what was
// ordered after its date ("8月20号下的吸顶灯", "5月份下的写真单"): after a
// date, nothing else is 下的. So is 寄 of what the customer sent ("6月28号
// 寄的包裹": the sending is the order; not 寄回, a return).
const datedOrderVerbs = `(?:` + orderVerbs + `|下[的了]|寄出?的)`

// orderDateRE is when the customer says they ordered: "3月20号天猫买的",
// "下单时间是2025年3月20日", "ordered on Mar 20".
var (
	orderDateRE    = regexp.MustCompile(`(?:(\d{4})[-年/.])?(\d{1,2})[-月/.](\d{1,2})(?:日|号)?[^，,。？?！!\d]{0,8}?` + datedOrderVerbs + `|(?:` + orderVerbsAhead + `)(?:时间|日期)?(?:是|于|在)?[^，,。？?！!\d]{0,3}?(?:(\d{4})[-年/.])?(\d{1,2})[-月/.](\d{1,2})`)
	monthDayCNRE   = regexp.MustCompile(`\d{1,2}月\d{1,2}`)
	shortDateRE    = regexp.MustCompile(`^\d{1,2}[-/.]\d{1,2}(?:日|号)?` + datedOrderVerbs + `|(?:` + orderVerbsAhead + `)(?:时间|日期)?(?:是|于|在)?\d{1,2}[-/.]\d{1,2}$`)
	orderMonthRE   = regexp.MustCompile(`(今年|去年|\d{4}年)?(\d{1,2})月份?(?:初|中|底|末)?(?:的时候)?` + datedOrderVerbs)
	orderYearRE    = regexp.MustCompile(`(去年|\d{4}年)(?:的时候)?` + orderVerbs)
	orderDateEnRE  = regexp.MustCompile(`(?:` + orderVerbsEn + `)[^.?!]{0,40}?\bon ` + monthsEn + `[a-z]*\.? (\d{1,2})\b`)
	orderMonthEnRE = regexp.MustCompile(`(?:` + orderVerbsEn + `)[^.?!]{0,40}?\bin ` + monthsEn + `[a-z]*\b|\b` + monthsEn + `[a-z]* (?:` + orderVerbsEn + `)\b`)
)

// ruleDate is the date whose policies answer: the order date the question
// states (rules go by the order date, and a customer asking on 4月5日
// about an order of 3月20日 is under the rules of 3月20日), else the
// as-of date. A date without a year is the latest one not after as-of.
// withoutChannels is s without the names of sales channels it says.
func withoutChannels(s string) string {
	_, names := channelNamesLongestFirst()
	for _, n := range names {
		if runeLen(n) >= 2 {
			s = strings.ReplaceAll(s, strings.ToLower(n), "")
		}
	}
	return s
}

func ruleDate(nq string, asOf time.Time) time.Time {
	if asOf.IsZero() {
		return asOf
	}
	var y, mo, d int
	if m := orderDateRE.FindStringSubmatch(nq); m != nil {
		if m[2] == "" {
			m = []string{m[0], m[4], m[5], m[6]}
		}
		// "1.8米的床买哪个", "1-3个月买一次": a size or a span, not a date.
		// A date without 月 has a year, or the verb right after it.
		// (A channel said between them is no other word: "11.11天猫买的".)
		if !monthDayCNRE.MatchString(m[0]) && m[1] == "" && !shortDateRE.MatchString(withoutChannels(m[0])) {
			return asOf
		}
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
	} else if m := orderDateEnRE.FindStringSubmatch(nq); m != nil {
		mo = monthOfAbbr(m[1])
		d, _ = strconv.Atoi(m[2])
	} else if m := orderMonthRE.FindStringSubmatch(nq); m != nil {
		// "今年7月买的": a month without its day, taken at its middle.
		mo, _ = strconv.Atoi(m[2])
		d = 15
		y = yearSaid(m[1], asOf)
	} else if m := orderMonthEnRE.FindStringSubmatch(nq); m != nil {
		// "Signed in October": so in English.
		mo, d = monthOfAbbr(m[1]+m[2]), 15
	} else if m := orderYearRE.FindStringSubmatch(nq); m != nil && yearSaid(m[1], asOf) < asOf.Year() {
		// "2024年签的": a past year without its month, taken at its middle.
		y, mo, d = yearSaid(m[1], asOf), 7, 1
	} else {
		return asOf
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return asOf
	}
	if y == 0 {
		y = asOf.Year()
		if time.Date(y, time.Month(mo), d, 0, 0, 0, 0, asOf.Location()).After(asOf) {
			y--
		}
	}
	// The end of that day: what the customer ordered that day is in force.
	at := time.Date(y, time.Month(mo), d, 23, 59, 59, 0, asOf.Location())
	if at.After(asOf) || asOf.Sub(at) > 2*365*24*time.Hour {
		return asOf
	}
	return at
}

// yearSaid is the year "今年", "去年" or "2024年" names (0: none).
func yearSaid(w string, asOf time.Time) int {
	switch w {
	case "":
		return 0
	case "今年":
		return asOf.Year()
	case "去年":
		return asOf.Year() - 1
	}
	y, _ := strconv.Atoi(strings.TrimSuffix(w, "年"))
	return y
}

// conceptWordsZh are the Chinese words that state the concepts cs: what an
// English question asking them searches a Chinese text for.
func conceptWordsZh(cs []*concept) []string {
	var out []string
	for _, c := range cs {
		for _, k := range c.keyParts {
			if !IsASCII(k) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}
