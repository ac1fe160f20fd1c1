// Package answer is kgrag's answering engine. A question is one value (a
// turn) that passes through stages, each in its own file:
//
//   - understand.go: normalise, classify (injection, complaint, handoff,
//     greeting) and plan: the operation (look up, compare, rank, filter,
//     list, sum), the measures and customer-service concepts asked, and
//     numeric conditions; language-level knowledge only.
//   - link.go: the entities the question names (or an earlier turn named),
//     a category member it describes, codes its names carry, and the
//     attributes it asks by the knowledge base's own keys and trainers'
//     synonyms (the lexicon).
//   - gather.go, aggregate.go: graph facts valid at the as-of date: the
//     asked attributes, variants, relation hops, replacements, catalog
//     questions; search.go: chunk search, corrections, withheld instructions.
//   - select.go: the evidence put before the composer or the model.
//   - compose.go (extractive) or llm.go (an OpenAI-compatible model through
//     retrieval/openaichat): the answer, every sentence with its marker.
//   - verify.go: every sentence checked against the evidence it cites.
//   - decide.go: answer, refuse (what the question names is unknown, the
//     evidence does not cover it) or hand off.
//   - trace.go: citations, confidence and stage latencies for the trace,
//     which carries the plan and why each choice was made.
package answer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kgrag/retrieval/guard"
)

// MaxQuestionRunes bounds a question.
const MaxQuestionRunes = 1000

// toSimplified converts traditional Chinese to simplified with OpenCC
// (one converter, shared with the guard).
func toSimplified(s string) string { return guard.ToSimplified(s) }

// Normalize folds a question for matching: without invisible characters
// (zero-width spaces and joiners, other format and control characters),
// NFKC (full-width to half-width), traditional to simplified Chinese,
// lower case, collapsed spaces.
func Normalize(q string) string {
	q = norm.NFKC.String(guard.StripInvisible(q))
	q = toSimplified(q)
	q = strings.ToLower(q)
	q = cnNumberRE.ReplaceAllStringFunc(q, func(m string) string {
		if n, ok := cnNumber(m); ok {
			return strconv.Itoa(n)
		}
		return m
	})
	q = digitTenThousands(q)
	// "收货20来天了", "1个多月": about that long, counted as that long.
	q = approxTimeRE.ReplaceAllString(q, "$1$2$3$4")
	// "一盒几小袋": a count asked by its measure word, the size aside.
	q = sizedCountRE.ReplaceAllString(q, "$1$2")
	q = metresAndTenths(q)
	// "l码充绒量": a size written with 码 ends a word, or the segmenter
	// joins 码 to the next one (码充绒量).
	q = sizeCodeRE.ReplaceAllString(q, "$1 $2")
	return strings.Join(strings.Fields(q), " ")
}

// metreTenthRE is a length said as metres and tenths ("4米5", "一米八"):
// the way Chinese says 4.5m.
var metreTenthRE = regexp.MustCompile(`([0-9一二两三四五六七八九])米([0-9一二三四五六七八九])`)

// metresAndTenths writes "4米5" as "4.5m", unless a unit or another digit
// follows the tenth ("3米5米", "1米50", "2米5厘米": no tenth).
func metresAndTenths(q string) string {
	digit := func(s string) string {
		if d, ok := cnDigits[[]rune(s)[0]]; ok {
			return strconv.Itoa(d)
		}
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range metreTenthRE.FindAllStringSubmatchIndex(q, -1) {
		rest := q[m[1]:]
		r, _ := utf8.DecodeRuneInString(rest)
		if r != utf8.RuneError && (unicode.IsDigit(r) || unicode.IsLetter(r) && r < 0x80 || strings.HasPrefix(rest, "米") || strings.HasPrefix(rest, "厘") || strings.HasPrefix(rest, "毫") ||
			strings.ContainsRune("零一二两三四五六七八九十百千万", r)) {
			continue
		}
		b.WriteString(q[last:m[0]])
		b.WriteString(digit(q[m[2]:m[3]]) + "." + digit(q[m[4]:m[5]]) + "m")
		last = m[1]
	}
	b.WriteString(q[last:])
	return b.String()
}

// approxTimeRE is a span of time said as about a number ("20来天", "10多天",
// "1个多月").
var approxTimeRE = regexp.MustCompile(`(\d+)(?:来|多|余)(个?(?:月|星期|礼拜)|天|周|年|小时)|(\d+个)多(月)`)

// sizedCountRE is a count asked with a size before its measure word
// ("几小袋", "多少大瓶").
var sizedCountRE = regexp.MustCompile(`(几|多少)[小大]([` + measureWords + `])`)

// digitUnitRE is a number in digits with a thousand or ten thousand said
// in Chinese after it ("2万", "1.5万", "3千"), and the digits that may
// follow ("2万5", "1万2000").
var digitUnitRE = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)([千万])([0-9]*)([千百]?)`)

// digitTenThousands writes "2万毫安" as "20000毫安" and "1.5万" as 15000,
// the way knowledge bases write amounts: "2万5" is 25000 (the colloquial
// short form), "1万2000" 12000. A run that does not read as a whole
// number, or goes on in Chinese ("2万5千"), stays as written.
func digitTenThousands(q string) string {
	var b strings.Builder
	last := 0
	for _, m := range digitUnitRE.FindAllStringSubmatchIndex(q, -1) {
		if n, ok := digitAmount(q[m[2]:m[3]], q[m[4]:m[5]], q[m[6]:m[7]], q[m[8]:m[9]]); ok {
			b.WriteString(q[last:m[0]])
			b.WriteString(n)
			last = m[1]
		}
	}
	b.WriteString(q[last:])
	return b.String()
}

// digitAmount reads the parts of a digitUnitRE match: the number, 千 or
// 万, the digits after it and a unit that goes on in Chinese.
func digitAmount(num, unitWord, tail, more string) (string, bool) {
	unit := 1000.0
	if unitWord == "万" {
		unit = 10000
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || more != "" {
		return "", false
	}
	v *= unit
	switch {
	case len(tail) == 1:
		v += float64(tail[0]-'0') * unit / 10
	case tail != "":
		t, _ := strconv.Atoi(tail)
		if float64(t) >= unit {
			return "", false
		}
		v += float64(t)
	}
	r := math.Round(v)
	if math.Abs(v-r) > 1e-6 {
		return "", false
	}
	return strconv.FormatInt(int64(r), 10), true
}

// sizeCodeRE is a size written with 码 ("l码", "27码") before a Chinese
// character.
var sizeCodeRE = regexp.MustCompile(`([a-z0-9]码)(\p{Han})`)

// cnNumberRE finds Chinese numerals with a hundred, thousand or ten
// thousand in them ("一百", "两千五", "三百五十"), which knowledge bases
// write in digits. Tens alone stay ("双十一", "十分").
var cnNumberRE = regexp.MustCompile(`[零〇一二两三四五六七八九十百千万]*[百千万][零〇一二两三四五六七八九十百千万]*`)

// cnNumber reads a Chinese numeral: "一百" 100, "两千五" 2500 (the
// colloquial short form: the digit after a unit is of the next unit
// down), "一万二千" 12000. It is false for a run that is no number.
func cnNumber(s string) (int, bool) {
	units := map[rune]int{'十': 10, '百': 100, '千': 1000, '万': 10000}
	total, section, digit, last, zero := 0, 0, -1, 0, false
	for _, r := range s {
		if d, ok := cnDigits[r]; ok {
			if d == 0 {
				zero = true // "一千零五": the five is ones
				continue
			}
			if digit >= 0 {
				return 0, false // "一二百" is no numeral
			}
			digit = d
			continue
		}
		u := units[r]
		if u == 0 {
			return 0, false
		}
		if digit < 0 {
			if u != 10 {
				return 0, false // "百" alone
			}
			digit = 1 // "十五"
		}
		if u == 10000 {
			total += (section + digit) * u
			section, digit, last = 0, -1, u
			continue
		}
		section += digit * u
		digit, last = -1, u
	}
	if digit > 0 && last >= 100 && last != 10000 && !zero {
		section += digit * last / 10 // "两千五" is 2500
	} else if digit > 0 {
		section += digit
	}
	return total + section, true
}

// DetectLanguage says "zh" when the text has Han characters in a
// meaningful share, else "en".
func DetectLanguage(s string) string {
	han, letters := 0, 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	// The letters of words, not of codes ("YL-8002", "CZ25030718" say
	// nothing of the customer's language).
	for _, w := range latinTokenRE.FindAllString(s, -1) {
		if !strings.ContainsFunc(w, unicode.IsDigit) {
			letters += len(w)
		}
	}
	// A Han character carries about as much as a short English word.
	if han > 0 && han*2 > letters {
		return "zh"
	}
	if han == 0 && letters == 0 {
		return "zh"
	}
	return "en"
}

// latinTokenRE is a run of Latin letters and digits (a word or a code).
var latinTokenRE = regexp.MustCompile(`[\p{Latin}0-9]+(?:[-_][\p{Latin}0-9]+)*`)

// fold is the matching form of names and text: NFKC (full-width to
// half-width), lower case, without spaces and punctuation that names vary
// in. Unlike Normalize it does not convert traditional Chinese: it runs on
// every piece of evidence, which ingest stored as written, and questions
// reach it already normalised.
func fold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '·' || r == '-' || r == '_' || r == '(' || r == ')' || r == '（' || r == '）' || r == '"' || r == '\'' || r == '“' || r == '”' || r == '《' || r == '》':
			return -1
		}
		return r
	}, s)
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// spaced is NFKC and lower case, keeping spaces between words.
func spaced(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

// Warm loads the word segmenter's dictionary and the OpenCC tables (about
// a second and 200 MB), so the first customer does not wait for them.
func Warm() {
	segOnce.Do(loadSegmenter)
	_ = toSimplified("預熱")
}
