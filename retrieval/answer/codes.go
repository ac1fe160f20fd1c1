package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"kgrag/kg"
)

// Serial, batch and frame numbers: a customer quotes the number on their
// item ("序列号AF52504031877", "批号4002250906B") and the knowledge states
// a rule over such numbers ("以AF52504或AF52505开头的", "批号为
// 4002250901B至4002250910B的产品"). The sentence whose rule covers the
// number answers the question, whatever else matches it better.

// serialRE is a number of letters and digits as printed on an item.
var serialRE = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]`)

// serials are the question's serial-like numbers: six or more characters
// with four or more digits, that are no product id or model code of the
// knowledge base.
func (t *turn) serials() []string {
	var out []string
	for _, tok := range serialRE.FindAllString(t.req.Question, -1) {
		up := codeKey(tok)
		if len(up) < 6 || digits(up) < 4 || t.idx != nil && t.idx.known[strings.ToUpper(tok)] {
			continue
		}
		out = append(out, up)
	}
	return out
}

// codeKey is a serial or batch number as compared: upper case, without
// hyphens ("sw4-2506" → "SW42506").
func codeKey(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "")) }

func digits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// rangeRE is a range of numbers in text: "4002250901B至4002250910B",
// "BW5001-2408~BW5001-2410".
var rangeRE = regexp.MustCompile(`([A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])\s*(?:至|到|~|～|—|–|－|-)\s*([A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])`)

// serialMatch reports whether a sentence states a rule that covers the
// number: it writes the number, a range it falls in, or a prefix of it
// ("以AF52504开头") of at least half its length.
func serialMatch(code, sentence string) bool {
	for _, m := range rangeRE.FindAllStringSubmatch(sentence, -1) {
		lo, hi := codeKey(m[1]), codeKey(m[2])
		if len(lo) == len(code) && len(hi) == len(code) && codeShape(lo) == codeShape(code) && codeShape(hi) == codeShape(code) && lo <= code && code <= hi && sameWhereAgree(lo, hi, code) {
			return true
		}
	}
	for _, tok := range serialRE.FindAllString(sentence, -1) {
		tok = codeKey(tok)
		if tok == code || len(tok) < len(code) && 2*len(tok) >= len(code) && len(tok) >= 5 && strings.HasPrefix(code, tok) {
			return true
		}
	}
	return false
}

// prefixRuleRE is a rule for the numbers starting so: "以PB102503或PB102504开头".
var prefixRuleRE = regexp.MustCompile(`以\s*"?([A-Za-z0-9-]+)"?(?:\s*(?:、|或|和|及|/|,|，)\s*"?([A-Za-z0-9-]+)"?)*\s*开头`)

// statesSerialRule reports whether the sentence states a rule for numbers
// of the shape of one of codes (a prefix starting as it does, a range of
// its shape) without covering it.
func statesSerialRule(codes []string, sentence string) bool {
	for _, code := range codes {
		for _, m := range prefixRuleRE.FindAllStringSubmatch(sentence, -1) {
			p := codeKey(m[1])
			if len(p) >= 4 && len(p) < len(code) && p[:2] == code[:2] {
				return true
			}
		}
		for _, m := range rangeRE.FindAllStringSubmatch(sentence, -1) {
			lo := codeKey(m[1])
			if len(lo) == len(code) && codeShape(lo) == codeShape(code) {
				return true
			}
		}
	}
	return false
}

// remedyRE is what to do about a fault or recall, as a notice or rule
// tells the customer (the answer to "要怎么弄"); othersFineRE says the
// numbers outside a recall are not concerned.
var (
	remedyRE     = regexp.MustCompile(`停止使用|更换|换新|免费换|退款|维修|登记|取件|办理|寄回|补发|replace|refund|repair|register`)
	othersFineRE = regexp.MustCompile(`其他.{0,16}(不在|不受影响|不涉及|可(以|继续)?正常(使用|穿着|食用|饮用))`)
)

// coversSerial reports whether the sentence covers one of the numbers.
func coversSerial(codes []string, sentence string) bool {
	for _, c := range codes {
		if serialMatch(c, sentence) {
			return true
		}
	}
	return false
}

// sameWhereAgree reports whether code has the characters both ends of a
// range share ("…B至…B" holds no "…A").
func sameWhereAgree(lo, hi, code string) bool {
	for i := range len(code) {
		if lo[i] == hi[i] && code[i] != lo[i] {
			return false
		}
	}
	return true
}

// A number's format stated position by position ("生产批号共10位：第1-2位为品牌
// 代码"BW"，第3位为段位（1=1段，2=2段，3=3段），第5-10位为生产日期（YYMMDD）")
// reads the customer's number: each position's characters with what they
// mean. The reading is evidence of its own, quoting the rule and the
// number, so an auditor sees how the answer was reached.

// positionRE is one position's rule: 第3位为段位（…）, 第5-10位为生产日期（YYMMDD）.
var positionRE = regexp.MustCompile(`第(\d{1,2})(?:\s*[-–~至到]\s*(\d{1,2}))?位(?:字母|数字)?(?:为|是|代表|表示)([^，,；;。（(：:]{1,12})(?:[（(]([^）)]{1,80})[）)]|[：:]([^。；;]{1,80}))?`)

// pairRE is one value of a code table: "3=3段", "K=11月", "C=猫粮".
var pairRE = regexp.MustCompile(`([A-Za-z0-9]{1,3})\s*[=＝]\s*([^，,、；;）)\s=＝]{1,12})`)

// lengthRE is a format's stated length: 共10位, 批号为8位, 印有10位批号.
var lengthRE = regexp.MustCompile(`(?:共|为|有)(\d{1,2})位|(\d{1,2})位(?:的)?(?:生产)?(?:批号|序列号|编号|码)`)

// readSerial reads code by the positional rules of text, or returns "".
func readSerial(code, text string) string {
	rules := positionRE.FindAllStringSubmatch(text, -1)
	if len(rules) < 2 {
		return ""
	}
	// The rules are for numbers of this length (共10位), or shaped like
	// the text's example of one.
	fits := false
	for _, m := range lengthRE.FindAllStringSubmatch(text, -1) {
		if n, _ := strconv.Atoi(m[1] + m[2]); n == len(code) {
			fits = true
		}
	}
	if !fits {
		for _, tok := range serialRE.FindAllString(text, -1) {
			tok = codeKey(tok)
			if len(tok) == len(code) && codeShape(tok) == codeShape(code) && tok != code {
				fits = true
			}
		}
	}
	if !fits {
		return ""
	}
	var parts []string
	for _, r := range rules {
		a, _ := strconv.Atoi(r[1])
		b := a
		if r[2] != "" {
			b, _ = strconv.Atoi(r[2])
		}
		if a < 1 || b < a || b > len(code) {
			return "" // a rule of a longer number: not this one's format
		}
		v := code[a-1 : b]
		label := strings.TrimSpace(r[3])
		if i := strings.IndexAny(label, `"“”'「`); i > 0 {
			label = label[:i] // 品牌代码"BW": the literal is the number's own
		}
		pos := r[1]
		if r[2] != "" {
			pos += "-" + r[2]
		}
		part := fmt.Sprintf("第%s位「%s」为%s", pos, v, label)
		if meaning := codeMeaning(v, label, r[4]+r[5], text); meaning != "" {
			part += "：" + meaning
		}
		parts = append(parts, part)
	}
	return code + "：" + strings.Join(parts, "，") + "。"
}

// codeMeaning is what a position's characters mean: the code table's
// entry for them (in the rule's brackets, or a table sentence of the text
// about the same thing: "月份字母对照：…K=11月…"), or a date written
// YYMMDD, YYMM or YY.
func codeMeaning(v, label, bracket, text string) string {
	for _, p := range pairRE.FindAllStringSubmatch(bracket, -1) {
		if strings.EqualFold(p[1], v) {
			return p[2]
		}
	}
	switch f := strings.ToUpper(bracket + label); {
	case strings.Contains(f, "YYMMDD") && len(v) == 6:
		return "20" + v[0:2] + "-" + v[2:4] + "-" + v[4:6]
	case strings.Contains(f, "YYMM") && len(v) == 4:
		return "20" + v[0:2] + "年" + strings.TrimPrefix(v[2:4], "0") + "月"
	case strings.Contains(label, "年") && len(v) == 2 && digits(v) == 2:
		return "20" + v + "年"
	}
	for _, s := range splitSentences(text) {
		if strings.Contains(s, "第") && strings.Contains(s, "位") || sharedChars(s, label) < 2 {
			continue
		}
		for _, p := range pairRE.FindAllStringSubmatch(s, -1) {
			if strings.EqualFold(p[1], v) {
				return p[2]
			}
		}
	}
	return ""
}

// sharedChars is how many distinct Han characters of b occur in a.
func sharedChars(a, b string) int {
	n := 0
	seen := map[rune]bool{}
	for _, r := range b {
		if r > 0x80 && !seen[r] && strings.ContainsRune(a, r) {
			n++
		}
		seen[r] = true
	}
	return n
}

// readSerials adds, for each serial or batch number of the question, its
// reading by the positional format the best-matching text states: a fact
// piece that quotes the number and the rule, sourced to that text.
func (t *turn) readSerials() {
	for _, code := range t.serials() {
		// The text that states the format most fully (a policy's whole
		// format over an FAQ answer that quotes two of its positions).
		best, bestN, from := "", 0, -1
		for i, c := range t.chunks {
			if i >= 8 || c.chunk == nil {
				break
			}
			n := len(positionRE.FindAllString(c.Text, -1))
			if n < 2 || n <= bestN {
				continue
			}
			// The same document's other found chunks hold its code tables
			// ("月份字母对照：…") as often as the rule's own chunk does.
			text := c.Text
			for _, o := range t.chunks {
				if o.chunk != nil && o.chunk.SourceID == c.chunk.SourceID && o.chunk.ID != c.chunk.ID {
					text += "\n" + o.Text
				}
			}
			if r := readSerial(code, text); r != "" {
				best, bestN, from = r, n, i
			}
		}
		if from < 0 {
			continue
		}
		c := t.chunks[from]
		t.facts = append(t.facts, piece{Evidence: kg.Evidence{Kind: "fact", ID: c.chunk.ID, Text: best, Source: c.chunk.SourceID},
			attr: "@serial", relevance: 1, why: "the number read by the format " + c.chunk.SourceID + " states"})
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s read by the positional format in %s", code, c.chunk.ID))
	}
}
