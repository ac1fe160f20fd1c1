package answer

import (
	"regexp"
	"strings"
	"unicode"
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
		up := strings.ToUpper(strings.ReplaceAll(tok, "-", ""))
		if len(up) < 6 || digits(up) < 4 || t.idx != nil && t.idx.known[strings.ToUpper(tok)] {
			continue
		}
		out = append(out, up)
	}
	return out
}

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
		lo, hi := strings.ToUpper(strings.ReplaceAll(m[1], "-", "")), strings.ToUpper(strings.ReplaceAll(m[2], "-", ""))
		if len(lo) == len(code) && len(hi) == len(code) && codeShape(lo) == codeShape(code) && codeShape(hi) == codeShape(code) && lo <= code && code <= hi && sameWhereAgree(lo, hi, code) {
			return true
		}
	}
	for _, tok := range serialRE.FindAllString(sentence, -1) {
		tok = strings.ToUpper(strings.ReplaceAll(tok, "-", ""))
		if tok == code || len(tok) < len(code) && 2*len(tok) >= len(code) && len(tok) >= 5 && strings.HasPrefix(code, tok) {
			return true
		}
	}
	return false
}

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
