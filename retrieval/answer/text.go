package answer

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
	"kgrag/retrieval/tokenize"
	"kgrag/retrieval/zhen"
)

// Sentence splitting and the term overlap the composer and the verifier
// score with.

// splitSentences splits text at Chinese and English sentence ends and
// line breaks, keeping the terminator with its sentence.
func splitSentences(text string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(text)
	flush := func() {
		s := strings.TrimSpace(b.String())
		s = strings.TrimLeft(s, "-*#> ")
		if runeLen(s) >= 2 {
			out = append(out, s)
		}
		b.Reset()
	}
	for i, r := range rs {
		if r == '\n' {
			flush()
			continue
		}
		b.WriteRune(r)
		switch r {
		case '。', '！', '？', '；', '!', '?', ';':
			flush()
		case '.':
			// An English full stop ends a sentence; a decimal point does not.
			// A list number ("1. ") or a decimal point does not.
			if (i+1 == len(rs) || rs[i+1] == ' ' || rs[i+1] == '\n') && (i == 0 || !unicode.IsDigit(rs[i-1])) {
				flush()
			}
		}
	}
	flush()
	return out
}

// stopGrams are bigrams of question phrasing that say nothing about the topic.
var stopGrams = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`多少 什么 怎么 怎样 可以 能不 不能 你们 我们 他们 一下 请问 现在 还能 这个 那个 是不 不是
		有没 没有 哪个 哪些 是否 吗? 的话 大概 一般 需要 要求 问下 想问 知道 告诉 帮我 麻烦 亲亲 请帮 一个 这款 那款
		你家 们家 能否 是啥 啥时 时候 多久 几天 咋办 怎么 要多 多长 长时 时间 能用 好用 一起 还是 或者 如果 已经 之前 以前 但是 可是 然后
		买的 了吗 了呢 的吗 了吧 我的 我想 想要 的时 有啥 有什 都有 一下 呀呀 啊啊 一瓶 一支 一罐 一单 单买`) {
		stopGrams[w] = true
	}
}

var wordRE = regexp.MustCompile(`[a-z0-9][a-z0-9.+%]*`)

var stopWords = map[string]bool{"the": true, "a": true, "an": true, "is": true, "are": true, "of": true, "your": true, "you": true,
	"what": true, "how": true, "and": true, "or": true, "to": true, "do": true, "does": true, "can": true, "i": true, "my": true,
	"it": true, "in": true, "for": true, "on": true, "with": true, "much": true, "many": true, "s": true, "be": true, "this": true,
	"that": true, "there": true, "any": true, "have": true, "has": true, "me": true, "we": true, "which": true, "than": true}

// terms returns the topical terms of folded text: CJK bigrams (single Han
// characters for one-character runs) and lower-case words, without
// question phrasing.
func terms(s string) map[string]bool {
	out := map[string]bool{}
	var run []rune
	flush := func() {
		if len(run) == 1 {
			out[string(run)] = true
		}
		for i := 0; i+1 < len(run); i++ {
			g := string(run[i : i+2])
			if !stopGrams[g] {
				out[g] = true
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	for _, w := range wordRE.FindAllString(s, -1) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// overlap is the share of q's terms found in t.
func overlap(q, t map[string]bool) float64 {
	if len(q) == 0 {
		return 0
	}
	n := 0
	for g := range q {
		if t[g] {
			n++
		}
	}
	return float64(n) / float64(len(q))
}

// numberRE matches dates whole (so "2025-01-07" is not "2025-07-01" with
// its parts moved) and other numbers with their decimals and percent sign.
var numberRE = regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}|(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d+(?:[.:]\d+)*%?`)

// numbers returns the numbers, prices, percentages, dates and times in s.
func numbers(s string) []string {
	return numberRE.FindAllString(s, -1)
}

// hasNumber reports whether the number n occurs in s whole, not as a part
// of a longer number ("3" in "30", "1%" in "0.1%").
func hasNumber(s, n string) bool {
	digit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	sep := func(i int) bool { return i >= 0 && i < len(s) && (s[i] == '.' || s[i] == ':') }
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], n)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(n)
		before := digit(j-1) || sep(j-1) && digit(j-2)
		// A number ending in a unit ("10月31日", "5%") ends there.
		after := (digit(end) || sep(end) && digit(end+1)) && n[len(n)-1] >= '0' && n[len(n)-1] <= '9'
		if n[0] < '0' || n[0] > '9' {
			before = false
		}
		if !before && !after {
			return true
		}
		i = j + 1
	}
	return false
}

// codeRE matches identifiers a customer quotes (batch and order numbers):
// never in the knowledge, so not counted against it.
var codeRE = regexp.MustCompile(`^[a-z]+\d+[a-z0-9]*$|^\d+[a-z]+[a-z0-9]*$`)

var markerRE = regexp.MustCompile(`\[(\d{1,2})\]`)

// contentStop are words of question phrasing that say nothing about the
// topic; they do not count towards evidence coverage.
var contentStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`你们 我们 他们 你 我 他 她 它 的话 多少 什么 怎么 怎么样 怎样 哪个 哪些 哪里 哪儿 几 几个 多久 多长 啥 咋 咋办 啥时候 什么时候
		可以 能不能 能否 是不是 有没有 是否 吗 呢 啊 吧 呀 哦 嘛 请问 亲 亲亲 一下 现在 还能 还是 或者 但是 如果 已经 之前 以前 然后 这个 那个 这款 那款 这瓶 那瓶
		需要 要求 问下 想问 知道 告诉 帮 帮我 麻烦 一个 东西 家 你家 们家 听说 能退 能换 能用 好用 时候 后面 前面 一共 一起 大概 一般 直接 还有 发我
		有点 讲究 一脚 到时候 到时 回去 回来 起来 出来 下来 上来 出去 进去 过来 不想 想要 不要 不想要 不太 喜欢 不喜欢 今天 昨天 前天 明天 不能 下单 还要 行不行 不行 哪天 也行 急用 满意 不满意 什么样 买回来 特别 新款 老款 几样 两款 一直 哪款 一单 最多 最高 最大 最长 几种 哪几种 哪几 几款 哪几款 哪几个 几类 哪几类 哪种 几家 哪几家 地方 哪些地方 不是 家卖 卖哪 还是 是不是 收到 现在 以内 之内 以下 下班 几点 几月 哪年 多久能 那它 这它 它们 那这 那个 这东西 那家 这家 那边 这边 那里 这里
		want like would could should will just also so but if not no yes get got buy bought
		need needs use used using new make made know let lets going go give take tell find help show see say said
		some one ones more most much many very really please thanks thank hi hello hey ok okay sure
		when where why who whom whose there here then than from into onto about over under again still ever
		am was were been being did done doing has had having does all any each every other another such own same
		able way ways thing things time times today now day week month year good bad best right wrong
		should might must shall may need i'm im you're your yours my mine me us our ours they them their its it's
		what how much many is are the a an of your you do does can i my it in for on with this that there any have has me we which than about please tell
		to at by as be or and if up out off too got get some days weeks months years hours minutes ago
		haven hasn hadn didn doesn don isn aren wasn weren won wouldn couldn shouldn can't won't don't
		until during since before after while within without through between among across per via`) {
		contentStop[w] = true
	}
}

var (
	segOnce sync.Once
	seg     *tokenize.WordSegmenter
)

// loadSegmenter takes the process's one gse segmenter (tokenize's, so the
// dictionary is in memory once); without it, words are bigrams.
func loadSegmenter() {
	seg, _ = tokenize.Segmenter()
}

// contentTerms are the words of a question that carry its topic: dictionary
// words (go-ego/gse's segmentation) of two or more characters and English words, without
// question phrasing and bare numbers.
func contentTerms(nq string) []string {
	segOnce.Do(loadSegmenter)
	// A channel's name ("抖音", which the segmenter's dictionary lacks: 抖
	// 音下) and a number with its measure word ("12条和24条买": not 条买)
	// end the words around them.
	_, names := channelNamesLongestFirst()
	for _, n := range names {
		if !IsASCII(n) && runeLen(n) >= 2 {
			nq = strings.ReplaceAll(nq, n, " "+n+" ")
		}
	}
	nq = quantityEndRE.ReplaceAllString(nq, "$0 ")
	var words []string
	if seg != nil {
		for _, w := range seg.CutSearch(nq) {
			w = strings.TrimSpace(w)
			if w != "" && !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }) {
				words = append(words, w)
			}
		}
	} else {
		for g := range terms(nq) {
			words = append(words, g)
		}
	}
	var out []string
	for _, w := range words {
		w = trimCoined(w)
		// "解了", "坏了": a verb and its particle say what happened, not
		// what it happened to; "太慢", "太贵": what the customer thinks of it.
		if r := []rune(w); len(r) == 2 && (r[1] == '了' || r[0] == '太') {
			continue
		}
		if contentStop[w] || isCueIn(w, nq) || isNumber(w) || (runeLen(w) < 2) || codeRE.MatchString(w) || countWordRE.MatchString(w) || hanQuantityRE.MatchString(w) || doubled(w) {
			continue
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	// The search mode's parts of a longer word ("净化", "化器" of "净化器")
	// would weigh it three times: the longer word stands for them, and a
	// text with only a part of it still counts half (partlyIn).
	return slices.DeleteFunc(out, func(w string) bool {
		return !IsASCII(w) && slices.ContainsFunc(out, func(x string) bool { return x != w && runeLen(x) > runeLen(w) && strings.Contains(x, w) })
	})
}

// debrisPairs are the two-character words a question may hold that the
// segmenter's dictionary lacks and cut into single characters ("有 地 暖
// 能" of 有地暖能: 地暖): each pair of single characters in a row, neither
// a function character, that is no word of the dictionary. Whether one is
// a word is the knowledge's to say (decideScope counts one only where the
// evidence says it).
func debrisPairs(nq string) []string {
	segOnce.Do(loadSegmenter)
	if seg == nil {
		return nil
	}
	var out []string
	prev := ""
	for _, w := range seg.Cut(nq) {
		r := []rune(w)
		if len(r) != 1 || !unicode.Is(unicode.Han, r[0]) || strings.ContainsRune(functionChars, r[0]) {
			prev = ""
			continue
		}
		if prev != "" && !slices.Contains(out, prev+w) && seg.Freq(prev+w) == 0 {
			out = append(out, prev+w)
		}
		prev = w
	}
	return out
}

// quantityEndRE is a number and the measure word after it ("12条", "3天").
var quantityEndRE = regexp.MustCompile(`\d+(?:\.\d+)?[` + measureWords + `斤天周次]`)

// hanQuantityRE is a quantity in Chinese numerals ("三天", "两年"):
// an amount, like a number in digits, not a topic.
var hanQuantityRE = regexp.MustCompile(`^[零一二两三四五六七八九十百千半几]+(?:个)?(?:天|年|月|周|号|日|小时|分钟|星期|礼拜|岁|周岁)$`)

// doubled is a doubled character, alone or as an adjective ("鼓鼓的",
// "满满"): it says how a thing looks, not what it is.
func doubled(w string) bool {
	r := []rune(w)
	return (len(r) == 2 || len(r) == 3 && r[2] == '的') && r[0] == r[1] && unicode.Is(unicode.Han, r[0])
}

// countWordRE is a numeral or a demonstrative with a measure word ("一块",
// "那层", "这件"): it counts or points at a thing, and names none.
var countWordRE = regexp.MustCompile(`^[一二两三四五六七八九十几每这那哪][` + measureWords + `]$`)

// measureWords count things ("一支", "那盒"): they name none.
const measureWords = "个块瓶袋包盒片支只件条张层根粒颗双对套台把份桶罐箱组卷副枚本样"

// trimCoined takes the function characters off the ends of a word the
// segmenter's dictionary does not have (its HMM joined unknown characters:
// "生巧要" of "生巧要怎么放"), so the word the customer wrote is what is
// looked for ("生巧"), not the word with the particle glued to it.
func trimCoined(w string) string {
	if seg == nil || IsASCII(w) || runeLen(w) < 3 || seg.Freq(w) > 0 {
		return w
	}
	return strings.TrimFunc(w, func(r rune) bool { return strings.ContainsRune(functionChars, r) })
}

// coinedZh reports whether a Chinese word of two or more characters is
// not in the segmenter's dictionary: a made-up name ("雾眸"), not a word.
func coinedZh(w string) bool {
	segOnce.Do(loadSegmenter)
	return seg != nil && !IsASCII(w) && runeLen(w) >= 2 && seg.Freq(w) == 0
}

// commonZh reports whether a Chinese word is among the everyday words of
// the language ("城市", "运动": thousands of uses in the segmenter's
// corpus), not a thing's name ("龙井", "帐篷").
func commonZh(w string) bool {
	segOnce.Do(loadSegmenter)
	return seg != nil && !IsASCII(w) && seg.Freq(w) >= 5000
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// termWeight favours longer, more specific words.
func termWeight(t string) float64 {
	n := runeLen(t)
	if IsASCII(t) {
		n = (n + 1) / 2
	}
	return float64(min(max(n, 1), 4))
}

// IsASCII reports whether s is all ASCII.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// termCoverage is the weighted share of terms that occur in text (folded).
func termCoverage(ts []string, text string) float64 {
	total, hit := 0.0, 0.0
	for _, t := range ts {
		w := termWeight(t)
		total += w
		switch {
		case strings.Contains(text, t) || moneyIn(t, text):
			hit += w
		case partlyIn(t, text) || stemIn(t, text):
			hit += w / 2 // "发顺丰" as the segmenter cut it: "顺丰" is in the text; "豆子": 咖啡豆
		case inTranslation(t, text):
			hit += w // "valid" over Chinese text: 有效 is in it
		}
	}
	if total == 0 {
		return 1
	}
	return hit / total
}

// cueWords are the question words of measures, concepts and relations:
// they say what is asked, not what it is about.
var cueWords = func() map[string]bool {
	m := map[string]bool{}
	for _, me := range measures {
		for _, c := range me.cues {
			m[c] = true
		}
	}
	for _, c := range concepts {
		for _, w := range c.cues {
			m[w] = true
		}
	}
	for _, ws := range hopCues {
		for _, w := range ws {
			m[w] = true
		}
	}
	return m
}()

// cueWordsLongFirst are the cue words, longest first (then in order), so
// that text is stripped of them the same way every time ("多大的孩子"
// before "多大").
var cueWordsLongFirst = func() []string {
	ws := slices.Collect(maps.Keys(cueWords))
	slices.SortFunc(ws, func(a, b string) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return ws
}()

// isCue reports whether w is a cue word or a part of one ("时间" of "多长时间").
func isCue(w string) bool {
	if cueWords[w] {
		return true
	}
	if runeLen(w) < 2 || IsASCII(w) {
		return false
	}
	for c := range cueWords {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// isCueIn reports whether w asks rather than names in question nq: a cue,
// or a part of a cue the question says whole ("多长" of "多长时间"). A
// part of a cue the question does not say names its topic ("充满" of
// "充满电要多久", where only "充满电能" is a cue).
func isCueIn(w, nq string) bool {
	if cueWords[w] {
		return true
	}
	if runeLen(w) < 2 || IsASCII(w) {
		return false
	}
	for c := range cueWords {
		if strings.Contains(c, w) && strings.Contains(nq, c) {
			return true
		}
	}
	return false
}

// channelNamesLongestFirst is the channel table's names and synonyms
// (folded) with their codes, and the names longest first, so that a name
// inside a longer one (微信 of 微信小程序) is found after it.
func channelNamesLongestFirst() (map[string]string, []string) {
	byName := kg.ChannelNames()
	names := slices.Collect(maps.Keys(byName))
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return byName, names
}

// stemIn reports whether the stem of a two-character Chinese word is in
// text: a noun's before its suffix (豆 of 豆子, 袋 of 袋子), a verb's before
// the complement that says its result (装 of 装好, 坏 of 坏掉, 写 of 写完) or
// its aspect particle (戴 of 戴过, for 佩戴).
func stemIn(t, text string) bool {
	r := []rune(t)
	if len(r) != 2 || !unicode.Is(unicode.Han, r[0]) || !strings.ContainsRune(stemSuffixes, r[1]) {
		return false
	}
	return strings.ContainsRune(text, r[0])
}

// moneyIn reports whether a verb with 钱, money, as its object ("抵钱",
// "退钱", "扣钱") is in text with an amount of money in its place ("抵1
// 元"), or a share of one a few words on ("扣除票款的20%").
func moneyIn(t, text string) bool {
	r := []rune(t)
	if len(r) != 2 || r[1] != '钱' || !unicode.Is(unicode.Han, r[0]) {
		return false
	}
	for i := 0; ; {
		j := strings.IndexRune(text[i:], r[0])
		if j < 0 {
			return false
		}
		i += j + len(string(r[0]))
		if moneyAmountRE.MatchString(text[i:]) {
			return true
		}
	}
}

// moneyAmountRE is an amount of money at the start of text ("1元", "0.5 元"),
// or one after a few characters naming it ("取改图费100元", "除票款的
// 20%"), not a change to one ("上限提高到20%", "由10%…").
var moneyAmountRE = regexp.MustCompile(`^\s*\d+(?:\.\d+)?\s*元|^[^\P{Han}到至由为]{1,6}\d+(?:\.\d+)?\s*(?:元|%)`)

// stemSuffixes are noun suffixes, resultative complements and aspect
// particles; nounSuffixes the noun suffixes alone.
const (
	stemSuffixes = "子儿头们好完掉坏破住成满光过着开"
	nounSuffixes = "子儿头们"
)

// charsIn reports whether every character of a two-character Chinese word
// is in s.
func charsIn(t, s string) bool {
	r := []rune(t)
	return len(r) == 2 && !IsASCII(t) && strings.ContainsRune(s, r[0]) && strings.ContainsRune(s, r[1])
}

// partlyIn reports whether a Chinese term of three or more characters has
// its last or first two characters in text.
// glossesPerWord is how many dictionary translations of an English word
// count as the word.
const glossesPerWord = 4

// glosses are the Chinese words a general dictionary gives for an English
// word of a question (zhen, from CC-CEDICT): how an English question meets
// a Chinese knowledge base beyond the names it pairs. Question phrasing
// and words of one or two letters have none.
func glosses(w string) []string {
	if len(w) < 3 || !IsASCII(w) || contentStop[w] {
		return nil
	}
	if v, ok := glossCache.Load(w); ok {
		return v.([]string)
	}
	// (A word customer service uses in its own sense, "points" of 积分,
	// means that: the dictionary's senses, 一点 and 在线, would find other
	// texts.)
	g := slices.Clone(csGlosses[w])
	if len(g) == 0 {
		g = zhen.Lookup(w, glossesPerWord)
	}
	// A Chinese place written in pinyin ("hangzhou") is that place first;
	// a people's adjective ("korean") is its country's name first.
	if p := zhen.PlaceByPinyin(w); p != "" {
		g = append([]string{p}, g...)
	} else if c := demonymCountry(w); len(c) > 0 {
		g = append(c, g...)
	}
	if len(g) > 0 {
		glossCache.Store(w, g) // the dictionary's words only: questions cannot grow it
	}
	return g
}

// demonymCountry is the Chinese names of the country an English adjective
// of a people names ("korean": korea, 韩国; "german": germany; "italian":
// italy; "japanese": japan; "thai": thailand), by the language's suffixes
// and its few irregular ones; nil for other words.
func demonymCountry(w string) []string {
	if v, ok := demonymCache.Load(w); ok {
		return v.([]string)
	}
	c := findDemonymCountry(w)
	if len(c) > 0 {
		demonymCache.Store(w, c) // the dictionary's words only: questions cannot grow it
	}
	return c
}

var demonymCache sync.Map // English adjective of a people → its country's names

func findDemonymCountry(w string) []string {
	var cands []string
	switch w {
	case "french":
		cands = []string{"france"}
	case "swiss":
		cands = []string{"switzerland"}
	case "dutch":
		cands = []string{"netherlands"}
	case "british":
		cands = []string{"britain"}
	case "thai":
		cands = []string{"thailand"}
	}
	for _, r := range [][2]string{{"ese", "a"}, {"ese", ""}, {"ian", "y"}, {"ian", "ia"}, {"an", "a"}, {"an", "any"}, {"ish", "en"}, {"ish", ""}} {
		if stem, ok := strings.CutSuffix(w, r[0]); ok && len(stem) >= 3 {
			cands = append(cands, stem+r[1])
		}
	}
	var senses []string // the adjective's own, read once
	for _, c := range cands {
		if c == w {
			continue
		}
		// (A country's first names in the dictionary: 德国 德意志, 日本,
		// whose first character the adjective's own senses start with too:
		// 日文, 日人. A stem that is some other word, "media" of median,
		// shares none.)
		g := zhen.Lookup(c, 3)
		if len(g) == 0 {
			continue
		}
		if slices.ContainsFunc(g, func(x string) bool { return strings.HasSuffix(x, "国") }) {
			return g
		}
		if senses == nil {
			senses = zhen.Lookup(w, 8)
		}
		first, _ := utf8.DecodeRuneInString(g[0])
		if slices.ContainsFunc(senses, func(x string) bool { r, _ := utf8.DecodeRuneInString(x); return r == first }) {
			return g
		}
	}
	return nil
}

var glossCache sync.Map // English word of the dictionary → []string

// csGlosses are the Chinese names of e-commerce events and terms a general
// dictionary lacks, for English questions (customer-service-general:
// "Double 11" is 双11 on every Chinese platform); a word here is glossed by
// these alone, not by the dictionary's other senses. englishEvents joins
// their words first ("double 11" → "double11").
var csGlosses = map[string][]string{
	// Loyalty points, which the dictionary knows only as dots and moments.
	"points": {"积分"}, "point": {"积分"},
	"double11": {"双11", "双十一"}, "double12": {"双12", "双十二"}, "618": {"618"},
	"singles": {"双11", "双十一"}, "blackfriday": {"黑五"},
	// A brand's physical store, by the names stores go by.
	"showroom": {"体验馆", "门店", "展厅"}, "showrooms": {"体验馆", "门店", "展厅"},
	// A VAT invoice, by the names invoices go by.
	"vat": {"增值税", "专用发票", "专票"},
	// Where an order is in its life, as a shop's rules word it: the
	// dictionary knows "delivered" as 交付, where a return rule says 签收.
	// ("used" stays out: its 使用 picks a rule's condition over its window.)
	"delivered": {"签收"}, "arrived": {"签收"}, "received": {"签收"},
	"unused": {"未使用"},
	"opened": {"拆封", "开封"}, "unopened": {"未拆封", "未开封"}, "sealed": {"未拆封", "未开封"},
	// Membership tiers named after metals and gems, as shops name them.
	"gold": {"金卡", "黄金"}, "silver": {"银卡", "白银"}, "platinum": {"白金", "铂金"}, "diamond": {"钻石", "钻卡"},
}

var englishEventRE = regexp.MustCompile(`\b(double) ?(11|12|eleven|twelve)\b|\b(black) (friday)\b`)

// englishEvents writes the words of an e-commerce event as one
// ("double 11" → "double11", "double eleven" → "double11").
func englishEvents(nq string) string {
	return englishEventRE.ReplaceAllStringFunc(nq, func(m string) string {
		m = strings.NewReplacer(" ", "", "eleven", "11", "twelve", "12").Replace(m)
		return m
	})
}

var properRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9'’-]*`)

// initialRE is text ending with an initial ("A.O.", "J."): one capital
// letter and its stop.
var initialRE = regexp.MustCompile(`(^|[^A-Za-z])[A-Z]\.$`)

// properWords are the English words of a question written with a capital
// inside a sentence ("compare to The Ordinary Retinol"), folded: names,
// which a dictionary must not translate. "I" and a sentence's first word
// are not names by their capital.
// placeHeads are the words English capitalises at the end of a place's
// name ("Chunxi Road", "Xixi Campus") that still say what kind of place
// it is: words to translate, not names (language-level).
var placeHeads = map[string]bool{"road": true, "street": true, "avenue": true, "lane": true, "square": true, "plaza": true,
	"mall": true, "district": true, "campus": true, "branch": true, "store": true, "shop": true, "building": true,
	"tower": true, "bridge": true, "lake": true, "park": true, "station": true, "airport": true, "center": true, "centre": true}

func properWords(q string) map[string]bool {
	m := map[string]bool{}
	for _, loc := range properRE.FindAllStringIndex(q, -1) {
		w := q[loc[0]:loc[1]]
		if w[0] < 'A' || w[0] > 'Z' || w == "I" || strings.HasPrefix(w, "I'") || strings.HasPrefix(w, "I’") {
			continue
		}
		before := strings.TrimRight(q[:loc[0]], " \t\"'“‘(")
		if before == "" || strings.HasSuffix(before, "。") || strings.HasSuffix(before, "？") || strings.HasSuffix(before, "！") ||
			strings.ContainsAny(before[len(before)-1:], ".?!\n") && !initialRE.MatchString(before) {
			continue // a sentence's first word (an initial's stop ends none: "A.O. Smith")
		}
		lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		if calendarWord(lw) {
			continue // "on Nov 5", "last Monday": a date, no name
		}
		if csGlosses[lw] != nil {
			continue // "a Gold member", "a VAT invoice": a shop's term
		}
		if placeHeads[lw] {
			continue // "the Chunxi Road store": the kind of place a name ends with
		}
		m[lw] = true
		// ("Sky-Watcher": each capitalised part, as the terms cut it.)
		for _, part := range strings.Split(w, "-") {
			if part != w && part != "" && part[0] >= 'A' && part[0] <= 'Z' {
				m[strings.ToLower(part)] = true
			}
		}
	}
	return m
}

// calendarWord reports whether w names a month or a weekday (or its short
// form), which English capitalises without naming anything.
func calendarWord(w string) bool {
	w = strings.TrimSuffix(w, ".")
	for _, c := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		// (A weekday said of every week: "Tuesdays".)
		if w == c || w == c+"s" && strings.HasSuffix(c, "day") || len(w) >= 3 && strings.HasPrefix(c, w) && (len(w) <= 4 || w == c[:len(w)]) {
			return true
		}
	}
	return false
}

// inTranslation reports whether text holds the English word t in another
// form ("seat" for "seats") or a translation of it.
func inTranslation(t, text string) bool {
	if !IsASCII(t) {
		return false
	}
	for _, s := range zhen.Stems(t) {
		if len(s) >= 3 && strings.Contains(text, s) {
			return true
		}
	}
	for _, g := range glosses(t) {
		if strings.Contains(text, g) {
			return true
		}
	}
	return false
}

// negatedIn reports whether a negated verb of the question ("没装", "没用
// 过") is in the text in any negation's words: a negation, then the verb,
// at most one character after it ("未安装", "不使用").
func negatedIn(t, text string) bool {
	r := []rune(t)
	if len(r) < 2 || len(r) > 3 || !strings.ContainsRune(negations, r[0]) {
		return false
	}
	verb := r[1]
	rs := []rune(text)
	for i, c := range rs {
		if !strings.ContainsRune(negations, c) {
			continue
		}
		for j := i + 1; j <= i+2 && j < len(rs); j++ {
			if rs[j] == verb {
				return true
			}
		}
	}
	return false
}

// negations are the characters that negate a verb.
const negations = "没未不无别勿"

func partlyIn(t, text string) bool {
	r := []rune(t)
	if len(r) < 3 || IsASCII(t) {
		return false
	}
	return strings.Contains(text, string(r[len(r)-2:])) || strings.Contains(text, string(r[:2]))
}

// posIs reports whether the segmenter's part of speech of w starts with
// one of tags' letters ("v": a verb; "vd": a verb or an adverb).
func posIs(w, tags string) bool {
	if segOnce.Do(loadSegmenter); seg == nil {
		return false
	}
	pos := seg.Pos(w)
	return pos != "" && strings.ContainsRune(tags, rune(pos[0]))
}

// indexesOf are the starts of the non-overlapping occurrences of sub in s,
// first to last.
func indexesOf(s, sub string) []int {
	var out []int
	for i := 0; sub != "" && i <= len(s); {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			break
		}
		out = append(out, i+j)
		i += j + len(sub)
	}
	return out
}
