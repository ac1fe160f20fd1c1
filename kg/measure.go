package kg

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Measured values: the parser below knows the language of numbers, not
// any industry. A value is a measure when, apart from a comparator or an
// "about" in front, an "or more" behind and a remark in brackets, it is a
// number or a range of two numbers followed by a unit: "8000Pa", "4.5L",
// "≤32dB", "0-6月龄", "6-11kg", "100°-175°（可平躺）", "-20℃~180℃",
// "11.2g/100g", "约12小时", "15kg以上". Units are what is written after
// the number: Latin letters and symbols ("mAh", "℃", "%", "g/100g") or a
// short run of CJK characters ("月龄", "个月", "只/盒"). Anything else
// ("50×44×22cm", "S号奶嘴（0-3个月）", "ECE R129", dates) is not a measure.

// Words and signs a measure may have around it; they qualify the number
// but do not change it.
var (
	measurePrefixes = []string{"≤", "≥", "<", ">", "＜", "＞", "≦", "≧", "≈", "~", "～", "约", "大约", "最高", "最大", "最多",
		"最低", "最小", "至少", "不超过", "不低于", "不少于", "不大于", "不小于", "about ", "approx. ", "approx ", "up to ", "max. ", "min. "}
	measureSuffixes = []string{"及以上", "及以下", "以上", "以下", "以内", "左右", "起", "+", "＋"}
	// rangeSeps join the two ends of a range.
	rangeSeps = []string{"-", "–", "—", "~", "～", "〜", "至", "到"}
)

// maxUnitRunes caps a unit; maxCJKUnit caps a run of CJK characters in
// one, so "7天无理由" is not read as 7 of the unit "天无理由".
const (
	maxUnitRunes = 16
	maxCJKUnit   = 3
)

// ParseMeasure reads a number with its unit from a value as written. It
// returns the number (the lower end of a range), the upper end of a range
// (nil when it is not one) and the unit as written ("" when there is
// none); num is nil when text is not a measure. A plain number ("12",
// "12.9") is a measure without a unit.
func ParseMeasure(text string) (num, max *float64, unit string) {
	s := strings.TrimSpace(text)
	s = trimRemark(s)
	for changed := true; changed; {
		changed = false
		for _, p := range measurePrefixes {
			if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
				s, changed = strings.TrimSpace(s[len(p):]), true
			}
		}
	}
	for _, suf := range measureSuffixes {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			s = strings.TrimSpace(strings.TrimSuffix(s, suf))
			break
		}
	}
	lo, rest, ok := leadingNumber(s, true)
	if !ok {
		return nil, nil, ""
	}
	u1, rest := leadingUnit(rest)
	rest = strings.TrimLeft(rest, " ")
	if rest == "" {
		return &lo, nil, u1
	}
	for _, sep := range rangeSeps {
		after, found := strings.CutPrefix(rest, sep)
		if !found {
			continue
		}
		hi, tail, ok := leadingNumber(strings.TrimLeft(after, " "), false)
		if !ok {
			return nil, nil, ""
		}
		u2, tail := leadingUnit(tail)
		if strings.TrimSpace(tail) != "" || hi < lo {
			return nil, nil, ""
		}
		switch {
		case u1 == "":
			u1 = u2
		case u2 != "" && u2 != u1:
			return nil, nil, "" // "6个月-3岁": two units, no one scale
		}
		return &lo, &hi, u1
	}
	return nil, nil, ""
}

// trimRemark drops a remark in brackets at the end ("（可平躺）").
func trimRemark(s string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return s
}

// digit reads ASCII and full-width digits.
func digit(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte('0' + r - '０'), true
	}
	return 0, false
}

// leadingNumber reads a decimal number at the start of s: digits, an
// optional fraction, thousands separated by commas ("1,000"), and a minus
// sign when signed.
func leadingNumber(s string, signed bool) (float64, string, bool) {
	var b strings.Builder
	i := 0
	if signed {
		for _, m := range []string{"-", "－", "−"} {
			if strings.HasPrefix(s, m) {
				b.WriteByte('-')
				i = len(m)
				break
			}
		}
	}
	digits, dot := 0, false
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if d, ok := digit(r); ok {
			b.WriteByte(d)
			digits++
			i += n
			continue
		}
		if (r == '.' || r == '．') && !dot && digits > 0 {
			if nr, _ := utf8.DecodeRuneInString(s[i+n:]); isDigit(nr) {
				b.WriteByte('.')
				dot = true
				i += n
				continue
			}
		}
		if r == ',' && !dot && digits > 0 && digits <= 3 && thousands(s[i+1:]) {
			i++ // a thousands separator: "1,000"
			continue
		}
		break
	}
	if digits == 0 {
		return 0, s, false
	}
	f, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, s, false
	}
	return f, s[i:], true
}

func isDigit(r rune) bool { _, ok := digit(r); return ok }

func startsWithNumber(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isDigit(r)
}

// thousands reports whether s starts with exactly three digits and no fourth.
func thousands(s string) bool {
	n := 0
	for _, r := range s {
		if !isDigit(r) {
			break
		}
		n++
	}
	return n == 3
}

// leadingUnit reads the unit at the start of s (after at most one space):
// atoms of Latin letters and symbols or of a few CJK characters, joined by
// '/' ("g/100g", "只/盒"); digits only right after a '/'.
func leadingUnit(s string) (string, string) {
	start := s
	if strings.HasPrefix(s, " ") {
		s = s[1:]
	}
	i, runes, cjk := 0, 0, 0
	var last int // 0 none, 1 latin/symbol, 2 cjk, 3 slash
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		var class int
		switch {
		case (r == '至' || r == '到') && startsWithNumber(strings.TrimLeft(s[i+n:], " ")):
			return finishUnit(start, s, i) // "40至50℃": the range goes on
		case unicode.Is(unicode.Han, r):
			class = 2
		case r == '/':
			class = 3
		case isDigit(r) || r == '.':
			if last != 3 && !(last == 1 && i > 0 && slashBefore(s[:i])) {
				return finishUnit(start, s, i)
			}
			class = 1
		case unicode.IsLetter(r) || strings.ContainsRune("%‰°℃℉′″'\"²³µμΩ·⋅", r):
			class = 1
		default:
			return finishUnit(start, s, i)
		}
		if class == 2 {
			if last == 1 {
				return finishUnit(start, s, i) // "°旋转": a symbol then words
			}
			cjk++
			if cjk > maxCJKUnit {
				return "", start
			}
		} else {
			if class == 1 && last == 2 {
				return "", start // "片装XL": words then letters
			}
			cjk = 0
		}
		if class == 3 && (last == 0 || last == 3) {
			return "", start
		}
		runes++
		if runes > maxUnitRunes {
			return "", start
		}
		last = class
		i += n
	}
	return finishUnit(start, s, i)
}

// slashBefore reports whether the current Latin atom began after a '/'
// (the "100g" of "g/100g").
func slashBefore(s string) bool {
	j := strings.LastIndexFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || isDigit(r) || r == '.') })
	return j >= 0 && s[j] == '/'
}

func finishUnit(start, s string, i int) (string, string) {
	u := s[:i]
	if strings.HasSuffix(u, "/") {
		return "", start
	}
	if u == "" {
		return "", start
	}
	return u, s[i:]
}

// Measure returns a with Num, Max and Unit set from its value: a NUMBER's
// number (its unit kept), a STRING's measure (ParseMeasure), nothing for
// other kinds. Ingest and corrections both call it, so a corrected value
// is read the way the source's was.
func Measure(a Attribute) Attribute {
	a.Num, a.Max = nil, nil
	switch a.Kind {
	case KindNumber:
		if f, err := strconv.ParseFloat(strings.TrimSpace(a.Value), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			a.Num = &f
		}
	case KindString, "":
		a.Num, a.Max, a.Unit = ParseMeasure(a.Value)
	default:
		a.Unit = ""
	}
	return a
}
