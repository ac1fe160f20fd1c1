package answer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
	"kgrag/retrieval/zhen"

	"golang.org/x/text/unicode/norm"
)

// Linker finds the entities a question names. Customers rarely type a
// product's full name ("水光精华的替换装" for "澜肌水光玻尿酸精华液替换装"),
// so a name matches when most of it appears, in order, in a short window
// of the question; overlapping matches keep the best one. Names are read
// as units: each Chinese character, and each whole Latin word or number
// ("ppsu", "240ml", "af45"), so English names and model codes match word
// by word, never letter by letter. English names match as a bag of words
// ("stage 2 formula" names "Formula Stage 2").
type Linker struct {
	names  []linkName
	byUnit map[string][]int // unit -> indexes into names
	// parts are entities named inside what is sold (ingredients): a sold
	// product whose name holds the same words is what a customer means.
	parts map[string]bool
	// groups are the ids of categories and series.
	groups map[string]bool
	// brand are the units of the prefixes many names share: a question
	// that says only them names no product ("my SHANMINGJI points").
	brand map[string]bool
	// brandNames are those prefixes written out ("贝窝", "lanji").
	brandNames map[string]bool
}

// IsBrand reports whether a word is the brand prefix the names share: it
// is in every answer's evidence and says nothing about what is asked.
func (l *Linker) IsBrand(w string) bool { return l.brandNames[strings.ToLower(w)] }

// SaysBrand reports whether the text s holds one of the brand's names.
func (l *Linker) SaysBrand(s string) bool {
	s = strings.ToLower(s)
	for b := range l.brandNames {
		if runeLen(b) >= 2 && strings.Contains(s, b) {
			return true
		}
	}
	return false
}

// Brands are the brand's names (lower case).
func (l *Linker) Brands() []string {
	out := make([]string, 0, len(l.brandNames))
	for b := range l.brandNames {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}

// tailUnits is how many final units of a Chinese name say what the thing
// is ("…胶囊机", "…电水壶").
const tailUnits = 3

type linkName struct {
	id    string
	tail  bool // no other entity's name ends with this one's last tailUnits units (nameTail)
	units []string
	size  int  // characters of the units
	latin bool // no Chinese: matched as a bag of words
	ext   bool // extends another whole name (a variant's): not counted by distinct
	own   int  // of an extending name, its last units beyond the name it extends (ownUnits)
	// stem is what the name says before a head many names end with
	// ("芍药" of 芍药花束), when no other name holds it.
	stem string
}

// sharedHeadNames is how many names must end with a head for the words
// before it to name the thing on their own.
const sharedHeadNames = 3

// Link is one entity found in a question.
type Link struct {
	ID       string
	Matched  int     // characters of the name found
	Coverage float64 // Matched / name length
	Density  float64 // matched units / units of the question's span
	start    int     // span in question units
	end      int
	words    []string // the words of a Latin name found
	abbr     string   // the abbreviation that alone names it ("tpu")
	pieces   []string // the name's words said in another order ("刻字", "铭牌")
}

func (l Link) quality() float64 { return float64(l.Matched) * l.Coverage * l.Density }

// textUnits splits text into matching units: Han characters, and runs of
// Latin letters and digits (with a decimal point inside a number).
func textUnits(s string) []string {
	s = strings.ToLower(norm.NFKC.String(s))
	var out []string
	var tok []rune
	flush := func() {
		if len(tok) > 0 {
			out = append(out, string(tok))
			tok = tok[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			out = append(out, string(r))
		// "750x1500": the x between two dimensions is a sign, as × is
		// (not that of "10x42", a binocular's power and lens, one word).
		case r == 'x' && dimensionX(tok, rs[i+1:]):
			flush()
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			tok = append(tok, r)
		case r == '.' && len(tok) > 0 && unicode.IsDigit(tok[len(tok)-1]) && i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			tok = append(tok, r)
		// "C++", "C#": a name ending in its signs (not "pla+petg").
		case (r == '+' || r == '#') && len(tok) > 0 && (unicode.IsLetter(tok[len(tok)-1]) || tok[len(tok)-1] == '+') &&
			(i+1 == len(rs) || rs[i+1] == '+' || rs[i+1] >= 0x80 || !unicode.IsLetter(rs[i+1]) && !unicode.IsDigit(rs[i+1])):
			tok = append(tok, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flush()
			out = append(out, string(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// howWords are the words after "how" that ask a measure or a time.
var howWords = map[string]bool{"long": true, "big": true, "far": true, "old": true, "tall": true, "heavy": true, "wide": true, "thick": true, "often": true, "soon": true, "large": true, "high": true, "deep": true, "fast": true}

// dimensionX reports whether an x between the number tok and the text
// after it joins two dimensions: numbers of digits alone, one of them of
// three or more ("600x1200").
func dimensionX(tok, after []rune) bool {
	if len(tok) == 0 || slices.ContainsFunc(tok, func(r rune) bool { return !unicode.IsDigit(r) }) {
		return false
	}
	n := 0
	for n < len(after) && unicode.IsDigit(after[n]) {
		n++
	}
	return n > 0 && (len(tok) >= 3 || n >= 3)
}

// questionUnits are a question's matching units (textUnits), with a
// number's Chinese unit written as the sign a name writes it with ("460升"
// → "460l" where a name says 460L). 度 is left (a temperature, an angle,
// electricity), and so is a 米 a digit follows ("1米8" is 1.8 m).
func (l *Linker) questionUnits(s string) []string {
	us := textUnits(s)
	// "cfe" where one word of the names starts so ("CFexpress"): a
	// customer's short form of it, in a Chinese question (an English
	// one's words are words: "dash" of "dashboard").
	han := strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
	for i, u := range us {
		if !han || len(u) < 3 || len(l.byUnit[u]) > 0 || strings.ContainsFunc(u, func(r rune) bool { return r >= 0x80 || !unicode.IsLetter(r) }) {
			continue
		}
		long := ""
		for w := range l.byUnit {
			if len(w) > len(u) && strings.HasPrefix(w, u) {
				if long != "" {
					long = ""
					break
				}
				long = w
			}
		}
		if long != "" {
			us[i] = long
		}
	}
	// "flow9.8" where a name writes "Flow 9.8mm": the word and the decimal
	// its name writes after it, with the unit it writes it in. (A whole
	// number glued to a word, "pods3", is a code the code linker reads.)
	for i := 0; i < len(us); i++ {
		u := us[i]
		j := strings.IndexFunc(u, unicode.IsDigit)
		if j < 1 || len(l.byUnit[u]) > 0 || !IsASCII(u) || strings.ContainsFunc(u[:j], func(r rune) bool { return !unicode.IsLetter(r) }) || !isNumber(u[j:]) || !strings.Contains(u[j:], ".") || len(l.byUnit[u[:j]]) == 0 {
			continue
		}
		word, num := u[:j], u[j:]
		for _, k := range l.byUnit[word] {
			ns := l.names[k].units
			for m := 0; m+1 < len(ns); m++ {
				rest, ok := strings.CutPrefix(ns[m+1], num)
				if ns[m] == word && ok && !strings.ContainsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII }) {
					us = slices.Insert(slices.Delete(us, i, i+1), i, word, ns[m+1])
					break
				}
			}
			if us[i] == word {
				break
			}
		}
	}
	// "二代" where a name writes "2代" (and none "二代"); not "一克" of
	// "多少钱一克", a unit's price.
	for i := 0; i+1 < len(us); i++ {
		r := []rune(us[i])
		if len(r) != 1 || (i > 0 && isNumeral(us[i-1])) || isNumeral(us[i+1]) || anyUnit(us[i+1]) {
			continue
		}
		if d, ok := cnDigits[r[0]]; ok && d > 0 && l.adjacent(strconv.Itoa(d), us[i+1]) && !l.adjacent(us[i], us[i+1]) {
			us[i] = strconv.Itoa(d)
		}
	}
	for i := 0; i+1 < len(us); i++ {
		if !isNumber(us[i]) || !unicode.IsDigit(rune(us[i][len(us[i])-1])) {
			continue
		}
		for k := min(3, len(us)-i-1); k >= 1; k-- {
			u := strings.Join(us[i+1:i+1+k], "")
			signs := unitSigns[u]
			if u == "度" || len(signs) == 0 || !IsASCII(signs[0]) || u == "米" && i+2 < len(us) && isNumber(us[i+2]) || len(l.byUnit[us[i]+signs[0]]) == 0 {
				continue
			}
			us[i] += signs[0]
			us = slices.Delete(us, i+1, i+1+k)
			break
		}
	}
	return us
}

// isNumeral reports whether a unit is a number in digits or one Chinese
// numeral.
func isNumeral(u string) bool {
	r := []rune(u)
	_, han := cnDigits[r[0]]
	return unicode.IsDigit(r[0]) || len(r) == 1 && (han || r[0] == '十')
}

// adjacent reports whether a name says unit a right before unit b.
func (l *Linker) adjacent(a, b string) bool {
	for _, i := range l.byUnit[a] {
		us := l.names[i].units
		for k := 0; k+1 < len(us); k++ {
			if us[k] == a && us[k+1] == b {
				return true
			}
		}
	}
	return false
}

func unitsSize(us []string) int {
	n := 0
	for _, u := range us {
		n += runeLen(u)
	}
	return n
}

// joinUnits is the matching form of a unit list: Chinese run together,
// Latin words set apart by spaces.
func joinUnits(us []string) string {
	var b strings.Builder
	for i, u := range us {
		if IsASCII(u) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(u)
		if IsASCII(u) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// NewLinker builds a linker over (id, name) pairs. Prefixes shared by many
// names (a brand: "澜肌", "lanji") are dropped, since customers leave them out.
func NewLinker(pairs [][2]string) *Linker {
	full := map[string]bool{} // every whole name, as units (extendsName)
	for _, p := range pairs {
		full[strings.Join(textUnits(p[1]), "\x01")] = true
	}
	brands := commonPrefixes(pairs, full)
	l := &Linker{byUnit: map[string][]int{}, brand: map[string]bool{}, brandNames: map[string]bool{}}
	for _, b := range brands {
		for _, u := range b {
			l.brand[u] = true
		}
		l.brandNames[strings.TrimSpace(joinUnits(b))] = true
	}
	ext := false // the name being added extends another whole name
	own := 0     // its own last units (ownUnits)
	seen := map[string]bool{}
	add := func(id string, us []string) {
		var keep []string
		latin := true
		for _, u := range us {
			if !IsASCII(u) {
				latin = false
			}
		}
		for _, u := range us {
			if latin && stopWords[u] {
				continue // "the", "of" say nothing about which product
			}
			keep = append(keep, u)
		}
		key := id + "\x00" + strings.Join(keep, "\x01")
		if unitsSize(keep) < 2 || seen[key] {
			return
		}
		seen[key] = true
		l.names = append(l.names, linkName{id: id, units: keep, size: unitsSize(keep), latin: latin, ext: ext, own: own})
		i := len(l.names) - 1
		for _, u := range keep {
			if !slices.Contains(l.byUnit[u], i) {
				l.byUnit[u] = append(l.byUnit[u], i)
			}
		}
	}
	for _, p := range pairs {
		us := textUnits(p[1])
		own = ownUnits(us, full)
		ext = own > 0
		add(p[0], us)
		own = 0
		add(p[0], textUnits(p[0]))
		own = ownUnits(us, full)
		for _, b := range brands {
			if len(us) > len(b) && slices.Equal(us[:len(b)], b) {
				add(p[0], us[len(b):])
			}
		}
		// "5ug6" of "… 5U G6": Latin words the name sets apart, run
		// together as customers type them.
		if j := joinLatinRuns(us); len(j) < len(us) {
			own = 0
			add(p[0], j)
		}
	}
	// A name's last units that no other entity's name ends with say which
	// one it is on their own ("胶囊机" for "智能茶饮胶囊机").
	tails := map[string]map[string]bool{}
	for _, n := range l.names {
		if t, ok := nameTail(n); ok {
			if tails[t] == nil {
				tails[t] = map[string]bool{}
			}
			tails[t][n.id] = true
		}
	}
	for i, n := range l.names {
		if t, ok := nameTail(n); ok && len(tails[t]) == 1 {
			l.names[i].tail = true
		}
	}
	// "芍药" of 芍药花束, where 花束 ends many names.
	heads := map[string]map[string]bool{}
	head := func(n linkName) string {
		if n.latin || n.ext || len(n.units) < 4 {
			return ""
		}
		return strings.Join(n.units[len(n.units)-2:], "")
	}
	for _, n := range l.names {
		if h := head(n); h != "" {
			if heads[h] == nil {
				heads[h] = map[string]bool{}
			}
			heads[h][n.id] = true
		}
	}
	for i, n := range l.names {
		h := head(n)
		if h == "" || len(heads[h]) < sharedHeadNames {
			continue
		}
		stem := strings.Join(n.units[:len(n.units)-2], "")
		if runeLen(stem) < 2 || IsASCII(stem) || slices.ContainsFunc(l.names, func(o linkName) bool {
			return o.id != n.id && strings.Contains(strings.Join(o.units, ""), stem)
		}) {
			continue
		}
		l.names[i].stem = stem
	}
	return l
}

// nameHead is a name's Chinese run before a trailing model code or
// bracketed remark ("双仓空气炸锅" of "双仓空气炸锅AF9 Duo").
func nameHead(units []string) string {
	end := len(units)
	if i := slices.IndexFunc(units, func(u string) bool { return u == "(" || u == "（" || u == "[" || u == "【" }); i > 0 {
		end = i
	}
	for end > 0 && IsASCII(units[end-1]) {
		end--
	}
	return strings.Join(units[:end], "")
}

// nameTail is the last tailUnits units of a Chinese name longer than that.
func nameTail(n linkName) (string, bool) {
	if n.latin || len(n.units) <= tailUnits {
		return "", false
	}
	t := n.units[len(n.units)-tailUnits:]
	for _, u := range t {
		if runeLen(u) != 1 || IsASCII(u) {
			return "", false
		}
	}
	return strings.Join(t, ""), true
}

// commonPrefixes finds name prefixes (1-5 units) that at least a quarter
// of the names, and at least 3, start with (a brand, even in a small catalog);
// full holds every whole name, so a variant's name extending its product's
// is not counted.
func commonPrefixes(pairs [][2]string, full map[string]bool) [][]string {
	// Names in Latin letters (English names) and in Chinese are counted
	// apart: a brand's English prefix is common among the English names.
	counts := map[string]int{}
	names := map[bool]int{} // Latin → how many names
	for _, p := range pairs {
		us := textUnits(p[1])
		// A name that extends another whole name (a variant's "逐风疾速4代
		// 跑鞋 极光限定 40") is that name's, not a brand's: it is not counted.
		if extendsName(us, full) {
			continue
		}
		if len(us) > 0 {
			names[IsASCII(us[0])]++
		}
		for n := 1; n <= 5 && n < len(us); n++ {
			if unitsSize(us[:n]) >= 2 {
				counts[strings.Join(us[:n], "\x01")]++
			}
		}
	}
	var out []string
	for p, c := range counts {
		if c >= 3 && c*4 >= names[IsASCII(p[:1])] {
			out = append(out, p)
		}
	}
	// Longest first, and drop a prefix of a longer one that is as common.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	var keep [][]string
	var kept []string
	for _, p := range out {
		if !slices.ContainsFunc(kept, func(k string) bool { return strings.HasPrefix(k, p) && counts[k] == counts[p] }) {
			kept = append(kept, p)
			keep = append(keep, strings.Split(p, "\x01"))
		}
	}
	return keep
}

// extendsName reports whether a name's units start with another whole
// name of the set.
func extendsName(us []string, full map[string]bool) bool {
	return ownUnits(us, full) > 0
}

// ownUnits is how many of a name's last units are its own beyond the
// longest other whole name it extends (a variant's value: 自然级 of "金柚…
// 地板 自然级"); 0 when it extends none.
func ownUnits(us []string, full map[string]bool) int {
	for n := len(us) - 1; n >= 2; n-- {
		if full[strings.Join(us[:n], "\x01")] {
			return len(us) - n
		}
	}
	return 0
}

// Find returns the entities named in the question, best first.
func (l *Linker) Find(question string) []Link {
	found, _ := l.FindAll(question)
	return found
}

// FindAll is Find, and every name matched in the question (Peers reads them).
func (l *Linker) FindAll(question string) (found, all []Link) {
	all = l.candidates(question)
	return l.pick(slices.Clone(all)), all
}

// Peers are the names of all matched by the same units at the same place
// as link ("P系列刷头" of P系列深洁刷头, P系列正畸刷头, …), which Find drops
// as overlapping it.
func Peers(all []Link, link Link) []Link {
	var out []Link
	for _, c := range all {
		if c.ID != link.ID && c.Matched == link.Matched && c.start == link.start && c.end == link.end &&
			!slices.ContainsFunc(out, func(o Link) bool { return o.ID == c.ID }) {
			out = append(out, c)
		}
	}
	// (The candidates come unordered: the same question names them in the
	// same order every time.)
	slices.SortFunc(out, func(a, b Link) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// candidates are every name matched in the question, unordered.
func (l *Linker) candidates(question string) []Link {
	q := l.questionUnits(question)
	if len(q) == 0 {
		return nil
	}
	// "how long", "how big": the word after how asks a measure; it names
	// nothing ("Long-Term Lease" of "How long are my points valid").
	for i := 1; i < len(q); i++ {
		if q[i-1] == "how" && howWords[q[i]] {
			q[i] = "\x00"
		}
	}
	qs := strings.Join(q, "")
	holders := map[string]int{} // piecesHolders by the pieces joined: names share them
	// "tpu多少钱": the question's Latin words of three letters or more that
	// only one product's names hold and no dictionary has (an
	// abbreviation: TPU of 叠元 TPU 95A 软性耗材).
	var abbrs []int // their places in q
	for i, u := range q {
		if IsASCII(u) && len(u) >= 3 && !strings.ContainsFunc(u, unicode.IsDigit) && !l.brand[u] && l.owners(u) == 1 && len(zhen.Lookup(u, 1)) == 0 {
			abbrs = append(abbrs, i)
		}
	}
	cand := map[int]int{}
	for _, u := range q {
		for _, i := range l.byUnit[u] {
			cand[i]++
		}
	}
	var links []Link
	for i, shared := range cand {
		n := l.names[i]
		if len(n.units) > 3 && shared < 2 && n.size <= 4 {
			continue
		}
		var m, s, e int
		var words []string
		if n.latin {
			m, s, e = bagMatch(n.units, q)
			for _, u := range n.units {
				if slices.Contains(q, u) {
					words = append(words, u)
				}
			}
		} else {
			m, s, e = bestWindowLCS(n.units, q)
			// A catalog writes the model code last ("空气净化器P3"), a
			// customer often first ("P3净化器").
			// The code is the name's trailing Latin units ("M2 Pro").
			k := len(n.units)
			for k > 0 && IsASCII(n.units[k-1]) {
				k--
			}
			if k > 0 && k < len(n.units) && slices.ContainsFunc(n.units[k:], func(u string) bool { return strings.ContainsFunc(u, unicode.IsDigit) }) {
				rot := append(slices.Clone(n.units[k:]), n.units[:k]...)
				if m2, s2, e2 := bestWindowLCS(rot, q); m2 > m {
					m, s, e = m2, s2, e2
				}
			}
		}
		if m == 0 || n.latin && !slices.ContainsFunc(words, func(w string) bool { return !l.brand[w] }) {
			continue
		}
		// One word many English names share ("running") names none of them.
		if n.latin && len(words) == 1 && l.distinct(words[0]) > 2 {
			continue
		}
		cov := float64(m) / float64(n.size)
		dens := float64(m) / float64(max(1, unitsSize(q[s:e])))
		tail := ""
		if n.tail {
			tail, _ = nameTail(n)
		}
		ok := (m == n.size && m >= 2) || (m >= 3 && cov >= 0.6) || (m >= 4 && cov >= 0.5) || (m >= 5 && cov >= 0.4) ||
			tail != "" && strings.Contains(qs, tail) ||
			// English names are long and customers use a word or two of
			// them: two words, one of them found in at most two names
			// ("the glass bottle").
			n.latin && len(words) >= 2 && slices.ContainsFunc(words, func(w string) bool { return l.distinct(w) <= 2 }) ||
			// A coined word of one English name alone ("HydraDaily",
			// "SiHy"): no dictionary word, and no other name has it.
			n.latin && len(words) == 1 && coined(words[0]) && l.distinct(words[0]) == 1 && !l.brand[words[0]]
		// An abbreviation of the question this name holds names it.
		abbr := ""
		if !ok && !n.latin {
			for _, i := range abbrs {
				if u := q[i]; slices.Contains(n.units, u) {
					m, s, e, ok, abbr = len(u), i, i+1, true, u
					cov = float64(m) / float64(n.size)
					dens = 1
					break
				}
			}
		}
		// "芍药" of 芍药花束: what the name says before a head many names
		// end with.
		if !ok && n.stem != "" && m == runeLen(n.stem) && strings.Contains(qs, n.stem) {
			ok = true
		}
		// "冰酒" of 天山威代尔冰白葡萄酒: a word written of a character
		// only this name has and the name's last one, its head, is the
		// customer's short name for it. (A group is named by its head's own
		// rules: "营养师" is no 运动营养.)
		if !ok && !n.latin && !l.groups[n.id] && m >= 2 && e-s == m && m < n.size && q[e-1] == n.units[len(n.units)-1] && l.owners(q[s]) == 1 {
			ok = true
		}
		// "洗碗块" of 洗碗机专用洗涤块: a run of the name written with its
		// last character, which no other name ending so holds.
		if !ok && !n.latin && !l.groups[n.id] && m >= 3 && e-s == m && m < n.size && q[e-1] == n.units[len(n.units)-1] && (l.headHolders(q[s:e]) == 1 || variantRun(n, q[s:e])) {
			ok = true
		}
		// "刻字铭牌" of 展示柜铭牌刻字定制: words of the name in another
		// order, which together only this entity's names hold.
		// (Said together in the question, not across a space.)
		var pieces []string
		if !ok && !n.latin && !n.ext && !l.groups[n.id] {
			m2, s2, e2, ps := wordRun(n.units, q)
			key := strings.Join(ps, "|")
			if _, seen := holders[key]; !seen && m2 >= 4 && strings.Contains(question, strings.Join(ps, "")) {
				holders[key] = l.piecesHolders(ps)
			}
			if m2 >= 4 && holders[key] == 1 {
				m, s, e, ok, pieces = m2, s2, e2, true, ps
				cov, dens = float64(m)/float64(n.size), 1
			}
		}
		// "直板夹" of 直发夹板: a run of the question the name holds in
		// another order, from its first character, in a window one
		// character longer, which no other name holds all of.
		if !ok && !n.latin && !n.ext && !l.groups[n.id] {
			// (Not where another name says all but one of its characters in
			// its order: "包缝机用了" is 包缝机 of 四线包缝机, not 包缝两用机.)
			if s2, e2 := scrambledRun(n.units, q); e2 > s2 && l.piecesHolders(q[s2:e2]) == 1 &&
				l.piecesHolders([]string{strings.Join(q[s2:e2-1], "")}) == 0 && l.piecesHolders([]string{strings.Join(q[s2+1:e2], "")}) == 0 {
				m, s, e, ok = e2-s2, s2, e2, true
				cov, dens = float64(m)/float64(n.size), 1
			}
		}
		if tail != "" && dens < 0.6 {
			// The tail alone, where stray characters before it spread the
			// match thin ("积分商城换随行杯": 分…随行杯).
			for i := 0; i+tailUnits <= len(q); i++ {
				if strings.Join(q[i:i+tailUnits], "") == tail {
					m, s, e = tailUnits, i, i+tailUnits
					cov, dens = float64(m)/float64(n.size), 1
					ok = true
					break
				}
			}
		}
		if ok && (dens >= 0.6 || dens >= 0.5 && cov >= 0.6) {
			links = append(links, Link{ID: n.id, Matched: m, Coverage: cov, Density: dens, start: s, end: e, words: words, abbr: abbr, pieces: pieces})
		}
	}
	return links
}

// SharedLatin are the entities whose English names hold the most words of
// an English question, two or more and at least one a coined word no
// dictionary has, where those words are in several names ("Chaoxi 42" of
// the Chaoxi 42 watch, its strap and its set): Find names none of them.
func (l *Linker) SharedLatin(question string) []string {
	q := l.questionUnits(question)
	best := 0
	var out []string
	seen := map[string]bool{}
	for _, n := range l.names {
		if !n.latin || seen[n.id] {
			continue
		}
		var words []string
		for _, u := range n.units {
			if !l.brand[u] && slices.Contains(q, u) && !slices.Contains(words, u) {
				words = append(words, u)
			}
		}
		if len(words) < 2 || !slices.ContainsFunc(words, coined) {
			continue
		}
		switch {
		case len(words) > best:
			best, out = len(words), []string{n.id}
		case len(words) == best:
			out = append(out, n.id)
		}
		seen[n.id] = true
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pick orders the candidates best first and drops those overlapping a
// better one.
func (l *Linker) pick(links []Link) []Link {
	sort.Slice(links, func(a, b int) bool {
		if qa, qb := links[a].quality(), links[b].quality(); qa != qb {
			return qa > qb
		}
		if links[a].ID != links[b].ID {
			return links[a].ID < links[b].ID
		}
		// (A name and an alias of one entity: the same one every time.)
		if links[a].start != links[b].start {
			return links[a].start < links[b].start
		}
		return links[a].end < links[b].end
	})
	var out []Link
	for _, c := range links {
		if slices.ContainsFunc(out, func(o Link) bool { return o.ID == c.ID }) {
			continue
		}
		clash := false
		// A longer name around a shorter one is the more specific match
		// ("面膜刷" over the category "面膜").
		// So is a sold product's name around an ingredient's ("奶油味夏威夷果"
		// for "夏威夷果保质期").
		if i := slices.IndexFunc(out, func(o Link) bool {
			// (Written as one run: a stray character of the longer name
			// further on, "实木床架承重多少 床板", is no longer name.)
			// Nor is one more character after a gap ("快客杯2代能装": 装 of
			// …替换密封圈（2只装）), nor a name with a gap around a whole
			// name said ("福鼎白牡丹100g" is 福鼎白牡丹, not 福鼎白毫银针 100g).
			return (c.Matched > o.Matched || c.Matched == o.Matched && l.parts[o.ID] && !l.parts[c.ID]) && c.start <= o.start && c.end >= o.end && c.Density >= 0.75 &&
				(c.Density == 1 || c.Matched >= o.Matched+2 && (o.Coverage < 1 || o.Density < 1))
		}); i >= 0 {
			out[i] = c
			continue
		}
		for _, o := range out {
			ov := min(o.end, c.end) - max(o.start, c.start)
			// Overlapping names clash unless this one reaches at least two
			// units past the other ("轻旅2代比一代": both generations).
			beyond := max(0, o.start-c.start) + max(0, c.end-o.end)
			// English names share words ("manual breast pump", "double
			// electric breast pump"): one with a word of its own stands.
			if len(c.words) > 0 && slices.ContainsFunc(c.words, func(w string) bool { return !slices.Contains(o.words, w) }) {
				beyond = 2
			}
			if ov > 0 && (ov*2 > c.end-c.start || o.Matched > c.Matched+1) && beyond < 2 {
				clash = true
				break
			}
		}
		if !clash {
			out = append(out, c)
		}
	}
	return out
}

// salesEventRE is an e-commerce sales event a question names
// (customer-service-general: the platforms' shopping festivals).
var salesEventRE = regexp.MustCompile(zhFestivals + `|\bdouble ?1[12]\b|\bblack friday\b`)

// zhFestivals are the platforms' shopping festivals as Chinese customers
// name them.
const zhFestivals = `双十一|双11|双十二|双12|618|黑五|年货节`

// setWordRE says the question is about an event's own set or gift box.
var setWordRE = regexp.MustCompile(`礼盒|套装|礼包|限定|\bgift\b|\bset\b|\bbundle\b|\bbox\b`)

// sideRE parts the two sides of a comparison.
var sideRE = regexp.MustCompile(`和|跟|与|比|还是|\bvs\.?\b|\bversus\b|\bor\b`)

// withoutEvents masks the sales events a question names, so that they do
// not link the event's limited set ("双十一买的疾速4" is the shoe bought
// then, not 疾速4代双十一限定礼盒), unless the question names a set or
// gift box. Each of an event's units becomes a letter no name has ("ж"),
// so the question's units stay where they were.
func withoutEvents(nq string) string {
	if setWordRE.MatchString(nq) {
		return nq
	}
	return salesEventRE.ReplaceAllStringFunc(nq, func(m string) string {
		return " " + strings.Repeat("ж", len(textUnits(m))) + " "
	})
}

// coined reports whether a Latin word is a made-up name, not an English
// word: four or more letters the dictionary does not know, no digits.
func coined(w string) bool {
	return len(w) >= 4 && !strings.ContainsFunc(w, unicode.IsDigit) && len(zhen.Lookup(w, 1)) == 0
}

// distinct is how many entities have an English name with the unit u: a
// Chinese name's "4" of "疾速4代" says nothing about how rare "4" is in
// English ones.
func (l *Linker) distinct(u string) int { return l.holders(u, true) }

// owners is how many entities have a name holding the unit u.
func (l *Linker) owners(u string) int { return l.holders(u, false) }

// holders counts the entities with a name holding the unit u (only English
// names if latin), names that extend another whole name (a variant's) aside.
func (l *Linker) holders(u string, latin bool) int {
	return l.namesWith(u, func(n linkName) bool { return n.latin || !latin })
}

// joinLatinRuns joins each run of consecutive units of letters and digits
// both into one unit ("5u", "g6" → "5ug6": a code's parts; not "8", "pro"
// of 手环8 Pro, where the model and its line are set apart).
func joinLatinRuns(us []string) []string {
	code := func(u string) bool {
		return IsASCII(u) && strings.ContainsFunc(u, unicode.IsDigit) && strings.ContainsFunc(u, unicode.IsLetter)
	}
	var out []string
	for i := 0; i < len(us); {
		j := i
		for j < len(us) && code(us[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, strings.Join(us[i:j], ""))
			i = j
			continue
		}
		out = append(out, us[i])
		i++
	}
	return out
}

// variantRun reports whether a run of the question names a variant by its
// product's words and then its own whole value ("金柚自然级" of 金柚…地板
// 自然级), two units of the product's at least, the value two characters
// or more and no number.
func variantRun(n linkName, run []string) bool {
	if n.own < 2 || len(run) < n.own+2 || len(n.units) < n.own {
		return false
	}
	own := n.units[len(n.units)-n.own:]
	// (A value of words, not a number: "2代" of 朗月…2代 is a generation.)
	if slices.ContainsFunc(own, func(u string) bool {
		return IsASCII(u) || strings.ContainsFunc(u, unicode.IsDigit) || strings.ContainsAny(u, "零一二两三四五六七八九十百千万")
	}) {
		return false
	}
	return slices.Equal(run[len(run)-n.own:], own)
}

// headHolders is how many entities have a name that ends with the last of
// the units us and holds the others as one run.
func (l *Linker) headHolders(us []string) int {
	head, run := us[len(us)-1], strings.Join(us[:len(us)-1], "")
	return l.namesWith(head, func(n linkName) bool {
		return n.units[len(n.units)-1] == head && strings.Contains(strings.Join(n.units, ""), run)
	})
}

// namesWith counts the entities with a name holding the unit u that ok
// accepts, names that extend another whole name (a variant's) aside.
func (l *Linker) namesWith(u string, ok func(linkName) bool) int {
	var ids []string
	for _, i := range l.byUnit[u] {
		if n := l.names[i]; !n.ext && ok(n) && !slices.Contains(ids, n.id) {
			ids = append(ids, n.id)
		}
	}
	return len(ids)
}

// wordRun is the longest run of the question's Chinese characters that is
// two or more pieces of the name, each a run of two or more of its Chinese
// characters (not "30分"), in another order than the name's ("刻字|铭牌"
// of 展示柜铭牌刻字定制): its characters, its span and the pieces.
func wordRun(name, q []string) (m, start, end int, pieces []string) {
	joined := strings.Join(name, "")
	for i := range q {
		var ps []string
		j := i
		for j < len(q) {
			k := 0
			for n := 2; j+n <= len(q); n++ {
				w := strings.Join(q[j:j+n], "")
				if !hanUnit(q[j]) || !hanUnit(q[j+n-1]) || !strings.Contains(joined, w) {
					break
				}
				k = n
			}
			if k == 0 {
				break
			}
			ps = append(ps, strings.Join(q[j:j+k], ""))
			j += k
		}
		if len(ps) >= 2 && j-i > m && !strings.Contains(joined, strings.Join(ps, "")) {
			m, start, end, pieces = j-i, i, j, ps
		}
	}
	return m, start, end, pieces
}

// hanUnit reports whether a unit is a Chinese character.
func hanUnit(u string) bool {
	r, _ := utf8.DecodeRuneInString(u)
	return unicode.Is(unicode.Han, r)
}

// piecesHolders counts the entities with a name holding every piece,
// names that extend another whole name (a variant's) aside.
func (l *Linker) piecesHolders(pieces []string) int {
	var ids []string
	for _, n := range l.names {
		if n.ext || n.latin || slices.Contains(ids, n.id) {
			continue
		}
		joined := strings.Join(n.units, "")
		if !slices.ContainsFunc(pieces, func(p string) bool { return !strings.Contains(joined, p) }) {
			ids = append(ids, n.id)
		}
	}
	return len(ids)
}

// scrambledRun is the longest run of three to five Chinese characters of
// q that name holds in another order, starting with the run's first
// character, within a window one character longer ("直板夹" of 直发夹板);
// start == end when there is none.
func scrambledRun(name, q []string) (start, end int) {
	// (Only runs of the name's own Chinese characters: most questions have
	// none, and the windows are not looked at.)
	in := func(u string) bool { return hanUnit(u) && slices.Contains(name, u) }
	for k := min(5, len(q)); k >= 3; k-- {
		for i := 0; i+k <= len(q); i++ {
			run := q[i : i+k]
			if slices.ContainsFunc(run, func(u string) bool { return !in(u) }) {
				continue
			}
			for a, u := range name {
				if u != run[0] {
					continue
				}
				win := slices.Clone(name[a:min(len(name), a+k+1)])
				if m, _ := lcs(run, win); m == k {
					continue // in order: the other matches find it
				}
				all := true
				for _, r := range run {
					j := slices.Index(win, r)
					if j < 0 {
						all = false
						break
					}
					win = slices.Delete(win, j, j+1)
				}
				if all {
					return i, i + k
				}
			}
		}
	}
	return 0, 0
}

// bagMatch matches a Latin name's words anywhere in the question: the
// characters of the name's words found, and the span they cover.
func bagMatch(name, q []string) (m, start, end int) {
	// Each word's occurrences; the span is the narrowest that holds one of
	// each ("the swift 3 or the swift 4": "swift 4" for Swift 4).
	var pos [][]int
	for _, u := range name {
		var ps []int
		for i, x := range q {
			if x == u {
				ps = append(ps, i)
			}
		}
		if len(ps) > 0 {
			m += runeLen(u)
			pos = append(pos, ps)
		}
	}
	if m == 0 {
		return 0, 0, 0
	}
	start, end = 0, len(q)+1
	for _, ps := range pos {
		for _, a := range ps {
			lo, hi := a, a
			for _, qs := range pos {
				best := qs[0]
				for _, p := range qs {
					if abs(p-a) < abs(best-a) {
						best = p
					}
				}
				lo, hi = min(lo, best), max(hi, best)
			}
			if hi+1-lo < end-start {
				start, end = lo, hi+1
			}
		}
	}
	return m, start, end
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// bestWindowLCS is the longest common subsequence (in characters) of name
// and a window of q at most len(name)+4 units long, with the window's
// matched span.
func bestWindowLCS(name, q []string) (best, start, end int) {
	w := len(name) + 4
	for s := 0; s < len(q); s++ {
		if !slices.Contains(name, q[s]) {
			continue
		}
		win := q[s:min(len(q), s+w)]
		m, last := lcs(name, win)
		// As much matched in a narrower span is the better match ("哪几款
		// 鞋能用那个缓震鞋垫": 缓震鞋垫, not 鞋…垫 from the first 鞋).
		if m > best || m == best && m > 0 && last+1 < end-start {
			best, start, end = m, s, s+last+1
		}
	}
	return best, start, end
}

// lcs returns the LCS of a and b weighted by unit length, and the index
// in b of its last matched unit.
func lcs(a, b []string) (int, int) {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + runeLen(a[i-1])
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	n := prev[len(b)]
	last := 0
	for j := 1; j <= len(b); j++ {
		if prev[j] == n {
			last = j - 1
			break
		}
	}
	return n, last
}

// linkers caches one Linker per knowledge base for a short time, so
// curation shows up in linking within seconds without rebuilding per question.
type linkers struct {
	mu    sync.Mutex
	ttl   time.Duration
	cache map[string]cachedLinker
}

type cachedLinker struct {
	l     *Linker
	built time.Time
}

func (c *linkers) get(ctx context.Context, kb string, now time.Time, names func(ctx context.Context, kb string, fn func(id, typ, name string) error) error) (*Linker, error) {
	c.mu.Lock()
	e, ok := c.cache[kb]
	c.mu.Unlock()
	if ok && now.Sub(e.built) < c.ttl {
		return e.l, nil
	}
	var pairs [][2]string
	parts, groups := map[string]bool{}, map[string]bool{}
	if err := names(ctx, kb, func(id, typ, name string) error {
		pairs = append(pairs, [2]string{id, name})
		if typ == "Ingredient" {
			parts[id] = true
		}
		if typ == "Category" || typ == "Series" {
			groups[id] = true
		}
		return nil
	}); err != nil {
		return nil, err
	}
	l := NewLinker(pairs)
	l.parts, l.groups = parts, groups
	c.mu.Lock()
	if c.cache == nil {
		c.cache = map[string]cachedLinker{}
	}
	c.cache[kb] = cachedLinker{l: l, built: now}
	c.mu.Unlock()
	return l, nil
}

// invalidate drops a knowledge base's linker (after ingest or curation).
func (c *linkers) invalidate(kb string) {
	c.mu.Lock()
	delete(c.cache, kb)
	c.mu.Unlock()
}

var followUpWords = []string{"它", "这个", "那个", "这款", "那款", "这瓶", "那瓶", "这套", "同款", "上面", "刚才", "刚刚", " it ", " this ", " that ", "它们"}

func followUp(nq string) bool {
	s := " " + nq + " "
	for _, w := range followUpWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return runeLen(nq) <= 8
}

// describeRE asks about an entity as a whole ("介绍一下X", "知道X吗", "what is X").
var describeRE = regexp.MustCompile(`介绍|了解|知道.{0,20}吗|是什么|是啥|怎么样|tell me about|what is|what's`)

// link finds the entities the question names (or, for a follow-up, those
// of the earlier turn), the question without their names, and the
// attributes it asks for by the knowledge base's own keys.
func (e *Engine) link(ctx context.Context, t *turn) error {
	req := t.req
	linker, err := e.links.get(ctx, req.KB, e.now(), e.linkableNames)
	if err != nil {
		return fmt.Errorf("answer: entity names: %w", err)
	}
	if src := e.lexiconSource(); src != nil {
		if t.lex, err = src.Lexicon(ctx, req.KB); err != nil {
			return fmt.Errorf("answer: lexicon: %w", err)
		}
	}
	t.idx = e.indexes.get(req.KB, t.lex)
	if nq := e.soundAlikes(ctx, t); nq != t.nq {
		// The question as meant is understood again.
		t.nq = nq
		t.u = understand(nq)
		t.plan = &t.u.plan
		t.tr.Plan = t.plan
	}
	fq := linker.questionUnits(t.nq)
	mask := make([]bool, len(fq))
	found, matched := linker.FindAll(withoutEvents(t.nq))
	// An abbreviation a key holds too ("DHA" of 每粒DHA) names what
	// products have, not the product whose name holds it.
	if t.lex != nil {
		abbrKey := func(l Link) bool {
			return l.abbr != "" && slices.ContainsFunc(t.lex.Attributes, func(a kg.LexAttribute) bool { return strings.Contains(fold(a.Key), l.abbr) })
		}
		found = slices.DeleteFunc(found, abbrKey)
		// So does a word of a name said out of its order that the
		// question's next character makes a key's ("幼猫粮蛋白质": 蛋白质 of
		// 粗蛋白质, not 蛋白 of 兔肉单一蛋白低敏猫粮); the other names are
		// then picked without it.
		keyPiece := func(l Link) bool {
			return slices.ContainsFunc(l.pieces, func(p string) bool {
				i := strings.Index(t.nq, p)
				if i < 0 {
					return false
				}
				next, _ := utf8.DecodeRuneInString(t.nq[i+len(p):])
				longer := p + string(next)
				return next != utf8.RuneError && slices.ContainsFunc(t.lex.Attributes, func(a kg.LexAttribute) bool { return strings.Contains(fold(a.Key), longer) })
			})
		}
		if slices.ContainsFunc(matched, keyPiece) {
			matched = slices.DeleteFunc(matched, keyPiece)
			found = slices.DeleteFunc(linker.pick(slices.Clone(matched)), abbrKey)
		}
	}
	ids := make([]string, len(found))
	for i, l := range found {
		ids[i] = l.ID
	}
	e.prefetch(ctx, req, ids)
	if found, err = e.preferMain(ctx, t, fq, found); err != nil {
		return err
	}
	if found, err = e.preferGeneral(ctx, t, fq, found); err != nil {
		return err
	}
	if found, err = e.preferDescribed(ctx, t, fq, found); err != nil {
		return err
	}
	found = preferKind(t, fq, found)
	found = e.preferCategoryWord(ctx, t, fq, found)
	found = preferNumbered(t, matched, found)
	found = preferLatinWord(t, matched, found)
	found = e.preferSibling(ctx, req, fq, found)
	unmasked := joinUnits(fq)
	runs := map[string]string{}       // the question's run that named each linked entity
	runUnits := map[string][]string{} // the units of that run its name says
	for _, l := range found {
		ent, err := e.entity(ctx, req, l.ID)
		if err != nil {
			continue
		}
		run := strings.Join(fq[l.start:l.end], "")
		var said []string // (by a variant's name, before its product stands in)
		nameUnits := textUnits(ent.Name)
		for _, u := range fq[l.start:l.end] {
			if slices.Contains(nameUnits, u) {
				said = append(said, u)
			}
		}
		// A variant whose own values the question does not say ("滇红金芽
		// 100g" for "滇红金芽…250克") stands for its product.
		if ent.Type == "Variant" && !e.saysVariant(t, &ent) {
			if p, ok := e.productOf(ctx, req, ent.ID); ok && !slices.Contains(t.linked, p.ID) {
				ent, l.ID = *p, p.ID
			} else if ok && saidInChannel(t.nq, said, textUnits(p.Name)) {
				// (Nothing more when the product is linked already and the
				// rest was said inside a channel's name: "门店美甲能在天猫
				// 买吗" says no 猫眼, the 猫 of 天猫.)
				continue
			}
		}
		// "漫游包都能去哪些地方": a list asked by the head of a category's
		// name, which its products' names end with too, lists the category,
		// not the one product the head matched best.
		if t.plan.Operation == "list" && ent.Type == "Product" && l.Coverage < 0.8 && t.headOfCategory(run) {
			continue
		}
		// A category's name said only inside a longer word, not as its
		// head, names something else ("上门回收要收服务费不": 服务费 is a
		// fee, not the category 服务).
		if ent.Type == "Category" && t.insideWordOnly(fold(ent.Name)) {
			continue
		}
		t.link(&ent, l.ID, l.Coverage, fmt.Sprintf("%d characters of its name in the question", l.Matched), false)
		runs[l.ID] = run
		runUnits[l.ID] = said
		// Only the units of the names of what is linked are masked: the
		// question's words between them ("猫条有啥口味", found as 猫条…味 of
		// the variant "猫条 三文鱼味" that stands for 猫条) are its own.
		own := map[string]bool{}
		for _, n := range append([]string{ent.Name, ent.ID}, aliasTexts(ent.Aliases)...) {
			for _, u := range textUnits(n) {
				own[u] = true
			}
		}
		// An ingredient's name is often part of a key ("视黄醇浓度",
		// "氧化锌含量"): it stays for key matching.
		// A lone character of the name among other words ("成猫冻干…" of
		// …猫粮) is the question's own, unless the name is that short.
		isOwn := func(i int) bool { return i >= l.start && i < l.end && i < len(fq) && own[fq[i]] }
		for i := l.start; i < l.end && i < len(mask) && ent.Type != "Ingredient"; i++ {
			if isOwn(i) && (isOwn(i-1) || isOwn(i+1) || l.end-l.start == 1 || IsASCII(fq[i])) {
				mask[i] = true
			}
		}
	}
	// "P系列刷头有几种": a list question names each product its words
	// match as well as the one linked, at the same place.
	if t.plan.Operation == "list" && len(found) > 0 {
		for _, p := range Peers(matched, found[0]) {
			if ent, err := e.entity(ctx, req, p.ID); err == nil && ent.Type == "Product" && !slices.Contains(t.linked, p.ID) && !(p.Coverage < 0.8 && t.headOfCategory(strings.Join(fq[found[0].start:found[0].end], ""))) {
				t.link(&ent, p.ID, p.Coverage, fmt.Sprintf("%d characters of its name in the question, as many as of %s's", p.Matched, found[0].ID), false)
			}
		}
	}
	// "小码机器人和32G点读笔 哪个贵": each side of a comparison names a
	// product of its own, though the best links of the whole question
	// found one side only.
	if t.plan.Operation == "compare" {
		if sides := sideRE.Split(strings.ReplaceAll(withoutEvents(t.nq), "比较", "  "), -1); len(sides) == 2 {
			// (A side the question's own links already name is named.)
			b := len(linker.questionUnits(sides[0]))
			named := [2]bool{}
			for _, l := range found {
				if le := t.idx.byID[l.ID]; le == nil || le.Type != "Product" && le.Type != "Variant" {
					continue
				}
				named[0] = named[0] || l.end <= b
				named[1] = named[1] || l.start > b
			}
			for i, side := range sides {
				// (A side of digits alone, "1.60", is a model code for
				// codeLinks to read.)
				if named[i] || !strings.ContainsFunc(side, unicode.IsLetter) {
					continue
				}
				ls := linker.Find(side)
				if len(ls) == 0 {
					// "翎王和翎5": a word and its number that one name holds.
					if id := t.numberedRun(side); id != "" {
						ls = []Link{{ID: id, Matched: 2, Coverage: 0.5}}
					}
				}
				if len(ls) == 0 && t.idx != nil {
					// "晶透壳16pro跟17pro": a side of a code alone names the
					// one product, of those the other side's words name
					// alike, whose variant writes it.
					codes := numberedCodes(side)
					var hit []Link
					for _, l := range found {
						for _, p := range Peers(matched, l) {
							if len(codes) > 0 && !slices.Contains(t.linked, p.ID) && t.variantWritesCode(p.ID, codes) && !slices.ContainsFunc(hit, func(h Link) bool { return h.ID == p.ID }) {
								hit = append(hit, p)
							}
						}
					}
					if len(hit) == 1 {
						ls = hit
					}
				}
				if len(ls) == 0 || slices.Contains(t.linked, ls[0].ID) || ls[0].Matched < 3 && ls[0].Coverage < 0.5 || ls[0].Matched < 2 {
					continue
				}
				if ent, err := e.entity(ctx, req, ls[0].ID); err == nil && (ent.Type == "Product" || ent.Type == "Variant") {
					t.link(&ent, ls[0].ID, ls[0].Coverage, fmt.Sprintf("%d characters of its name on one side of the comparison", ls[0].Matched), false)
				}
			}
		}
	}
	if len(t.linked) == 0 && len(t.prev) > 0 && followUp(t.nq) {
		// "那它能退吗?": the entities of the earlier turns.
		for _, p := range t.prev {
			for _, id := range p.LinkedEntities {
				if slices.Contains(t.linked, id) {
					continue
				}
				ent, err := e.entity(ctx, req, id)
				if err != nil {
					continue
				}
				t.link(&ent, id, 0.5, "named in an earlier turn of the conversation", false)
			}
			if len(t.linked) > 0 {
				break
			}
		}
	}
	if err := e.variantOfKin(ctx, t); err != nil {
		return err
	}
	if err := e.productOfNamedCategory(ctx, t); err != nil {
		return err
	}
	if err := e.codeOfNamedCategory(ctx, t); err != nil {
		return err
	}
	for i := range fq {
		if mask[i] {
			fq[i] = "|"
		}
	}
	t.masked = joinUnits(fq)
	if err := e.setMembers(ctx, t); err != nil {
		return err
	}
	{
		ids, whys, codes, err := e.codeLinks(ctx, t)
		if err != nil {
			return err
		}
		for i, id := range ids {
			id, err := e.mainFor(ctx, t, id, codes[i], func(id string) bool { return slices.Contains(t.linked, id) })
			if err != nil {
				return err
			}
			if ent, err := e.entity(ctx, req, id); err == nil && !slices.Contains(t.linked, id) {
				t.link(&ent, id, 0.5, whys[i], false)
			}
		}
	}
	// "经纬40要保养了": a Chinese word and the number after it that one
	// product's name alone holds (衡刻 经纬40 GMT自动表), where nothing else
	// names a product: the model, named the way a line numbers its models.
	// (Not a number in a unit: "保养3年".)
	// So it does where what is linked was named by that word alone ("经纬
	// 40多少钱", where 经纬 also names a service's variant GMT自动（经纬））:
	// the number says which.
	if !t.linksSold() {
		if id, _ := t.numberedModel(t.masked); id != "" {
			if ent, err := e.entity(ctx, req, id); err == nil && !slices.Contains(t.linked, id) {
				t.link(&ent, id, 0.5, "a word and its number only its name holds", false)
			}
		}
	} else if id, run := t.numberedModel(unmasked); id != "" && !slices.Contains(t.linked, id) {
		var inside []string
		for _, l := range t.links {
			if r := runs[l.ID]; r != "" && runeLen(r) < runeLen(run) && strings.Contains(run, r) {
				inside = append(inside, l.ID)
			}
		}
		if len(inside) == len(t.links) {
			if ent, err := e.entity(ctx, req, id); err == nil {
				t.unlink(inside, "named by a word of "+run+", which with its number names "+id)
				t.link(&ent, id, 0.5, "a word and its number only its name holds", false)
			}
		}
	}
	// "What dial colours does the Chaoxi 42 come in": English words several
	// English names hold (the watch's, its strap's, its set's) name the
	// one the others are refills, parts or sets of.
	if t.lang == "en" && !t.linksSold() {
		if ids := linker.SharedLatin(t.nq); len(ids) >= 2 && len(ids) <= 8 {
			var cands []lexProduct
			for _, id := range ids {
				if le := t.idx.byID[id]; le != nil && le.Type == "Product" {
					cands = append(cands, lexProduct{id: id})
				}
			}
			minor, err := e.minorOf(ctx, t, cands)
			if err != nil {
				return err
			}
			if main := slices.DeleteFunc(cands, func(p lexProduct) bool { return minor[p.id] }); len(main) == 1 {
				if ent, err := e.entity(ctx, req, main[0].id); err == nil && !slices.Contains(t.linked, main[0].id) {
					t.link(&ent, main[0].id, 0.5, "the English name the others holding the question's words are refills, parts or sets of", false)
				}
			}
		}
	}
	if err := e.groupsMeet(ctx, t); err != nil {
		return err
	}
	// "18瓶和32瓶的酒柜差多少钱": two variant values of one product,
	// compared, name those two variants.
	if err := e.comparedVariants(ctx, t); err != nil {
		return err
	}
	// "单日票周末大人多少 小孩1米3的呢": a clause that names another
	// variant of a linked variant's product by its own value names it.
	if err := e.clauseVariants(ctx, t); err != nil {
		return err
	}
	if !t.linksSold() && !t.catalog() {
		g, members, err := e.namedGroup(ctx, t)
		if err != nil {
			return err
		}
		id, why, described := "", "", false
		if g != nil {
			if id, why = e.onlyMember(ctx, t, g, members); id == "" {
				id, why = t.describedMember(g, members)
				described = true
			} else {
				// "茶隐那个泡茶杯": a word of another product's name, said
				// beside the group, names that product, which the group's
				// name only describes.
				wid, wwhy, _, _, err := e.wordMembers(ctx, t)
				if err != nil {
					return err
				}
				// (In the clause that names the group: not "上链盒一天转几圈
				// 我那块是潮汐", the customer's watch.)
				sameClause := func(pid string) bool {
					le := t.idx.byID[pid]
					return le != nil && slices.ContainsFunc(questionClauses(t.nq), func(cl string) bool {
						return strings.Contains(cl, fold(g.Name)) && longestCommon([]rune(strings.ReplaceAll(cl, fold(g.Name), "|")), []rune(fold(le.Name))) >= 2
					})
				}
				if wid != "" && wid != id && !slices.ContainsFunc(members, func(n kg.Neighbour) bool { return n.Entity.ID == wid }) && sameClause(wid) && !e.saysWordOfName(ctx, t, g, id, wid) {
					id, why, described = wid, wwhy+", which the group named describes", false
				}
			}
		}
		if id != "" {
			if ent, err := e.entity(ctx, req, id); err == nil {
				t.link(&ent, id, 0.5, why, true)
				t.links[0].described = described
			}
		}
	} else if !t.catalog() && !slices.ContainsFunc(t.links, func(l linkedEntity) bool { return (l.Type == "Product" || l.Type == "Variant") && l.Score > 0.5 }) {
		// "移动空调要打孔不": a category named whole whose only product is
		// not linked yet, beside a product linked weakly by a word the
		// question asks with (墙体打孔), is asked about too. (Not a short
		// name inside a longer word: 服务 of 服务站.)
		g, members, err := e.namedGroup(ctx, t)
		if err != nil {
			return err
		}
		if g != nil && runeLen(g.Name) >= 3 {
			if id, why := e.onlyMember(ctx, t, g, members); id != "" && !slices.Contains(t.linked, id) {
				if ent, err := e.entity(ctx, req, id); err == nil {
					t.link(&ent, id, 0.5, why, false)
				}
			}
		}
	}
	// A set linked beside a product it holds, by the words they share
	// ("C1 Pro比一代续航多多少": C1 Pro通勤套装 and C1 Pro), is not what a
	// question that names no set asks about.
	if !setWordRE.MatchString(t.nq) {
		if err := e.dropSetsOfLinked(ctx, t); err != nil {
			return err
		}
	}
	t.dropOtherGenerations()
	t.dropCodeCarriers(runUnits)
	if err := e.codeVariantsToProducts(ctx, t, runUnits); err != nil {
		return err
	}
	e.dropKindVariants(ctx, t, runs)
	if err := e.variantForOther(ctx, t); err != nil {
		return err
	}
	if err := e.measuredSibling(ctx, t); err != nil {
		return err
	}
	if err := e.shortCapacityVariant(ctx, t); err != nil {
		return err
	}
	// A comparison names two: the other one too ("龙井和碧螺春哪个…").
	sold := 0
	for _, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			sold++
		}
	}
	// "海盐蓝那个多少钱": a word only one product's variants' names add
	// names that variant, and its product; not a word other products'
	// names hold ("开关" of a service's 开关/插座 variant, beside 智能墙壁开关).
	if sold == 0 && (!t.catalog() || t.plan.Operation == "compare") {
		if v, p, w := t.valueVariant(); p != "" && !slices.ContainsFunc(t.idx.products, func(o lexProduct) bool { return o.id != p && strings.Contains(o.joined, w) }) {
			for _, id := range []string{v, p} {
				if id == "" {
					continue
				}
				if ent, err := e.entity(ctx, req, id); err == nil && !slices.Contains(t.linked, id) {
					t.link(&ent, id, 0.5, "the variant value "+w+" of one product's variants", false)
					sold++
				}
			}
		}
	}
	// A comparison names two ("疾速4跟凌云哪个轻"): each by a word of its name.
	// A list of what one product comes in ("雾眸彩片有哪几个色") names it too,
	// when it names no category or series to list.
	listsOne := t.plan.Operation == "list" && func() bool { g, _ := t.findGroup(); return g == "" }()
	for sold == 0 && (!t.catalog() || listsOne) || sold < 2 && t.plan.Operation == "compare" {
		id, why, word, others, err := e.wordMembers(ctx, t)
		if err != nil {
			return err
		}
		ent, err := e.entity(ctx, req, id)
		if id == "" || err != nil || slices.Contains(t.linked, id) {
			break
		}
		t.link(&ent, id, 0.5, why, true)
		t.links[0].byWord = word
		sold++
		// "桨叶一共有几种": a list names every product on sale the word
		// names, not the plainest alone.
		// (Of its category: not the 桨叶保护罩 beside the 桨叶.)
		if t.plan.Operation == "list" && kindsRE.MatchString(t.nq) {
			cat, _ := ent.Attr("category")
			for _, o := range others[:min(len(others), maxListedByWord)] {
				if ent, err := e.entity(ctx, req, o); err == nil && !slices.Contains(t.linked, o) && func() bool { c, _ := ent.Attr("category"); return c.Value == cat.Value }() {
					t.link(&ent, o, 0.5, "another product on sale whose name carries the word a list asks after", false)
					sold++
				}
			}
		}
		if t.plan.Operation != "compare" {
			break
		}
	}
	// "内存卡128g多少钱": a word the knowledge never says that ends as one
	// product's name does and says its other characters but one (…存储卡)
	// is another word for that product.
	if sold == 0 && !t.catalog() {
		if id, w := t.otherWordFor(); id != "" {
			if ent, err := e.entity(ctx, req, id); err == nil && !slices.Contains(t.linked, id) && onSale(&ent, req.AsOf) {
				t.link(&ent, id, 0.5, fmt.Sprintf("%q ends as its name does and says all but one of its characters", w), false)
				sold++
			}
		}
	}
	// "心率带 我的watch5能连吗": whether one thing fits another names both.
	if sold == 1 && fitsAskRE.MatchString(t.nq) {
		id, why, err := e.wordMember(ctx, t)
		if err != nil {
			return err
		}
		if ent, err := e.entity(ctx, req, id); id != "" && err == nil && !slices.Contains(t.linked, id) {
			t.link(&ent, id, 0.5, why+", whether it fits the other", false)
			sold++
		}
	}
	// "营养土2.0跟以前那款有啥区别": one product compared with what it
	// replaced names that one too.
	if t.plan.Operation == "compare" && sold == 1 && formerRE.MatchString(t.masked) {
		if err := e.linkReplaced(ctx, t); err != nil {
			return err
		}
	}
	t.feeAsked()
	t.keys, t.keySpans = askedKeys(t.masked, t.nq, t.lex)
	t.terms = contentTerms(t.nq)
	// A word the knowledge uses that the segmenter cut into characters
	// ("地暖") is one of the question's words.
	for _, w := range debrisPairs(t.nq) {
		if !slices.ContainsFunc(t.terms, func(x string) bool { return strings.Contains(x, w) }) && !contentStop[w] && e.inKnowledge(ctx, t, w) {
			t.terms = append(t.terms, w)
			if t.debris == nil {
				t.debris = map[string]bool{}
			}
			t.debris[w] = true
		}
	}
	t.proper = properWords(req.Question)
	if t.lang == "en" {
		var en []kg.PlanAttribute
		en, t.enLabels = englishKeys(t.masked, t.req.Question, t.proper, t.lex, t.keys)
		t.keys = append(t.keys, en...)
	}
	// A question that is a product's name or id and nothing else
	// ("YL-8002") asks what it is.
	t.nameOnly = len(t.links) > 0 && strings.Trim(t.masked, "| ") == ""
	t.describe = describeRE.MatchString(t.nq) || t.nameOnly
	// "兔肉低敏猫粮京东有吗", "Is X sold in your JD store?": a product and a
	// channel named, and nothing else asked, ask where it is sold.
	// (A measure's cue said only inside a linked name, "索尼电池充电套装天猫
	// 有没有": 电池, asks nothing else.)
	inName := func(c string) bool {
		return !IsASCII(c) && !strings.Contains(t.masked, c) && slices.ContainsFunc(t.links, func(l linkedEntity) bool { return strings.Contains(fold(l.Name), c) })
	}
	if len(t.u.concepts) == 0 && !slices.ContainsFunc(t.u.measureCue, func(c string) bool { return !inName(c) }) && len(t.u.measures) == len(t.u.measureCue) &&
		slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.Type == "Channel" }) &&
		t.linksSold() {
		for i := range concepts {
			if concepts[i].name == "channels" {
				t.u.concepts = append(t.u.concepts, &concepts[i])
				t.plan.Parts = appendUnique(t.plan.Parts, "channel")
			}
		}
	}
	t.tr.LinkedEntities = t.linked
	return nil
}

// saysWordOfName reports whether the group g's product only says a
// two-character word of the product pid's name that the question says in
// the clause naming g: "5g畅享流量用超了" asks about the plan's data
// (超出资费：通用流量…), not a data pack.
func (e *Engine) saysWordOfName(ctx context.Context, t *turn, g *kg.Entity, only, pid string) bool {
	le := t.idx.byID[pid]
	ent, err := e.entity(ctx, t.req, only)
	if le == nil || err != nil {
		return false
	}
	var said strings.Builder
	for _, a := range ent.Attributes {
		if !internalKeys[a.Key] {
			said.WriteString(fold(a.Text()) + " ")
		}
	}
	name, group := fold(le.Name), fold(g.Name)
	for _, cl := range questionClauses(t.nq) {
		if !strings.Contains(cl, group) {
			continue
		}
		r := []rune(strings.ReplaceAll(cl, group, "|"))
		for i := 0; i+2 <= len(r); i++ {
			if w := string(r[i : i+2]); unicode.Is(unicode.Han, r[i]) && unicode.Is(unicode.Han, r[i+1]) && strings.Contains(name, w) && strings.Contains(said.String(), w) {
				return true
			}
		}
	}
	return false
}

// headOfCategory reports whether run, two characters or more, ends the
// name of a category of the lexicon without being all of it.
func (t *turn) headOfCategory(run string) bool {
	run = fold(run)
	return t.lex != nil && runeLen(run) >= 2 && slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
		n := fold(g.Name)
		return g.Type == "Category" && n != run && (strings.HasSuffix(n, run) || spellsKind(run, n))
	})
}

// spellsKind reports whether run is a kind of the head name ends with,
// said shorter: its characters in name's order and its last two name's
// last two ("墨仓打印机" of 墨仓式喷墨打印机).
func spellsKind(run, name string) bool {
	r := []rune(run)
	return len(r) >= 3 && strings.HasSuffix(name, string(r[len(r)-2:])) && inOrder(run, name)
}

// saysVariant reports whether the question says one of the variant's own
// values ("250克" for "250g", "XL码" for "XL").
func (e *Engine) saysVariant(t *turn, v *kg.Entity) bool {
	q := withMetricForms(asciiUnits(joinUnits(textUnits(t.nq))))
	for _, a := range v.Attributes {
		if a.Key == "sku" || a.Key == "name_en" || a.Kind == kg.KindNumber {
			continue
		}
		if x := asciiUnits(fold(a.Text())); x != "" && containsWholeWord(q, x) {
			return true
		}
	}
	// Its values typed as one word ("5ug6" of "… 5U G6").
	us := textUnits(v.Name)
	for _, j := range joinLatinRuns(us) {
		if IsASCII(j) && !slices.Contains(us, j) && containsWholeWord(q, j) {
			return true
		}
	}
	return false
}

// metricQuantityRE is a quantity in a metric unit of volume or mass, as
// asciiUnits writes it ("1.5l", "500ml", "2kg").
var metricQuantityRE = regexp.MustCompile(`^(\d+(?:\.\d+)?)(ml|l|g|kg)$`)

// metricForms are the other ways of writing a quantity in a metric unit:
// "1.5l" is 1500ml, "500g" is 0.5kg. None for anything else.
func metricForms(u string) []string {
	m := metricQuantityRE.FindStringSubmatch(u)
	if m == nil {
		return nil
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return nil
	}
	format := func(x float64, unit string) string { return strconv.FormatFloat(x, 'f', -1, 64) + unit }
	switch m[2] {
	case "l":
		return []string{format(v*1000, "ml")}
	case "ml":
		return []string{format(v/1000, "l")}
	case "kg":
		return []string{format(v*1000, "g")}
	}
	return []string{format(v/1000, "kg")}
}

// withMetricForms is a question in the units values are written in, with
// each metric quantity's other forms after it ("1.5l" → "1.5l 1500ml").
func withMetricForms(q string) string {
	var b strings.Builder
	for _, f := range strings.Fields(q) {
		b.WriteString(f + " ")
		for _, x := range metricForms(f) {
			b.WriteString(x + " ")
		}
	}
	return b.String()
}

// productOf is the product a variant is of.
func (e *Engine) productOf(ctx context.Context, req *Request, id string) (*kg.Entity, bool) {
	ns, err := e.Store.Neighbours(ctx, req.KB, id, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.Out, Limit: 1})
	if err != nil || len(ns) == 0 {
		return nil, false
	}
	return &ns[0].Entity, true
}

// preferSibling links a value several products' variants share ("金柚优
// 选级多少钱 那自然级呢": 自然级 of the teak and of the walnut floor) to
// the variant of the product the question names otherwise: the one whose
// name ends with the words the linked variant was found by.
func (e *Engine) preferSibling(ctx context.Context, req *Request, fq []string, found []Link) []Link {
	productID := func(id string) string {
		if p, ok := e.productOf(ctx, req, id); ok {
			return p.ID
		}
		return id
	}
	prods := make([]string, len(found))
	for i, l := range found {
		prods[i] = productID(l.ID)
	}
	named := func(pid string, but int) bool {
		return slices.Contains(prods[:but], pid) || slices.Contains(prods[but+1:], pid)
	}
	for i, l := range found {
		if prods[i] == l.ID || named(prods[i], i) || l.end > len(fq) || l.Matched != unitsSize(fq[l.start:l.end]) {
			continue // no variant, its product named otherwise, or not found by one run of its name
		}
		run := strings.Join(fq[l.start:l.end], "")
		for j, p := range prods {
			if j == i || slices.Contains(prods[:j], p) {
				continue
			}
			vs, err := e.Store.Neighbours(ctx, req.KB, p, kg.NeighbourQuery{AsOf: req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
			if err != nil {
				continue
			}
			k := slices.IndexFunc(vs, func(v kg.Neighbour) bool { return strings.HasSuffix(strings.Join(textUnits(v.Entity.Name), ""), run) })
			if k < 0 || slices.ContainsFunc(found, func(f Link) bool { return f.ID == vs[k].Entity.ID }) {
				continue
			}
			found[i].ID, prods[i] = vs[k].Entity.ID, p
			break
		}
	}
	return found
}

// variantForOther links the variant of a linked product that is for
// another product the question names ("pf100能买那个断拍保障卡吗 多少钱":
// the card's 网球拍 variant, PF100 being a 网球拍): the one variant whose
// own value is the other product's category.
func (e *Engine) variantForOther(ctx context.Context, t *turn) error {
	var prods []*kg.Entity
	for _, l := range t.links {
		if l.Type != "Product" {
			continue
		}
		ent, err := e.entity(ctx, t.req, l.ID)
		if err != nil {
			continue
		}
		prods = append(prods, &ent)
	}
	if len(prods) < 2 {
		return nil
	}
	kind := func(p *kg.Entity) string {
		c, _ := p.Attr("category")
		return fold(c.Text())
	}
	for _, q := range prods {
		vs, err := e.Store.Neighbours(ctx, t.req.KB, q.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
		if err != nil {
			return fmt.Errorf("answer: variants of %s: %w", q.ID, err)
		}
		if len(vs) < 2 || slices.ContainsFunc(vs, func(v kg.Neighbour) bool { return slices.Contains(t.linked, v.Entity.ID) }) {
			continue
		}
		for _, p := range prods {
			if p.ID == q.ID {
				continue
			}
			other := kind(p)
			if other == "" {
				continue
			}
			var hit []kg.Entity
			for _, v := range vs {
				if slices.ContainsFunc(v.Entity.Attributes, func(a kg.Attribute) bool {
					return a.Kind != kg.KindNumber && a.Key != "sku" && a.Key != "name_en" && fold(a.Text()) == other
				}) {
					hit = append(hit, v.Entity)
				}
			}
			if len(hit) == 1 {
				t.unlink([]string{q.ID}, "its variant for "+p.ID+" stands for it")
				t.link(&hit[0], hit[0].ID, 0.5, "the variant of "+q.ID+" for "+p.ID+", whose category is its value", false)
				break
			}
		}
	}
	return nil
}

// numberedRun is the product whose name alone holds a run of the side of
// a comparison that is a Chinese word and a number after it ("翎5" of 羽翎
// 翎5 训练级鸭毛羽毛球, beside 翎8): a model named the way a line numbers
// its models. The longest such run that one name holds.
func (t *turn) numberedRun(side string) string {
	us := textUnits(side)
	best, bestLen := "", 0
	for i := 0; i+1 < len(us); i++ {
		if IsASCII(us[i]) || !isNumber(us[i+1]) {
			continue
		}
		for k := i + 2; k <= len(us) && k-i <= 6; k++ {
			ids := t.productsHolding(strings.Join(us[i:k], ""))
			if len(ids) == 0 {
				break
			}
			if len(ids) == 1 && k-i > bestLen {
				best, bestLen = ids[0], k-i
			}
		}
	}
	return best
}

// productsHolding are the products whose names hold run.
func (t *turn) productsHolding(run string) []string {
	var ids []string
	for _, p := range t.idx.products {
		if strings.Contains(p.joined, run) {
			ids = append(ids, p.id)
		}
	}
	return ids
}

// productsWithCode are the products whose joined name writes word, one
// or two Latin letters and the number num, with no digit after it ("疾风r8"
// for 疾风 and 8).
func (t *turn) productsWithCode(word, num string) []string {
	var ids []string
	for _, p := range t.idx.products {
		for rest := p.joined; ; {
			i := strings.Index(rest, word)
			if i < 0 {
				break
			}
			rest = rest[i+len(word):]
			l := 0
			for l < len(rest) && rest[l] >= 'a' && rest[l] <= 'z' {
				l++
			}
			if after, ok := strings.CutPrefix(rest[l:], num); ok && l >= 1 && l <= 2 && (after == "" || after[0] < '0' || after[0] > '9') {
				ids = append(ids, p.id)
				break
			}
		}
	}
	return ids
}

// linksSold reports whether the question links a product or a variant.
func (t *turn) linksSold() bool {
	return slices.ContainsFunc(t.links, func(l linkedEntity) bool { return l.Type == "Product" || l.Type == "Variant" })
}

// numberedModel is the one product whose name holds a run of text that is
// two Chinese characters and a number after them, not in a unit ("经纬40"
// of 衡刻 经纬40 GMT自动表), or those with the letters of a code between
// them ("疾风8" of 疾风 R8), and the run; "" if none, or several runs name
// different ones.
func (t *turn) numberedModel(text string) (id, run string) {
	us := textUnits(text)
	found := ""
	for j := 2; j < len(us); j++ {
		if !isNumber(us[j]) || unitNext(us, j) || IsASCII(us[j-1]) || IsASCII(us[j-2]) || us[j-1] == "|" || us[j-2] == "|" {
			continue
		}
		ids := t.productsHolding(strings.Join(us[j-2:j+1], ""))
		if len(ids) == 0 {
			// "疾风8" of 疾风 R8: the letters of its code left out.
			ids = t.productsWithCode(us[j-2]+us[j-1], us[j])
		}
		if len(ids) != 1 {
			continue
		}
		if found != "" && found != ids[0] {
			return "", ""
		}
		found, run = ids[0], strings.Join(us[j-2:j+1], "")
	}
	return found, run
}

// nameRuns are the runs of two to four Chinese characters of the
// question (linked names masked), none of them a function character,
// that some product's name holds: longest first.
func nameRuns(t *turn) []string {
	return slices.DeleteFunc(questionRuns(t.masked, 4), func(w string) bool {
		return !slices.ContainsFunc(t.idx.products, func(p lexProduct) bool { return strings.Contains(p.joined, w) })
	})
}

// questionRuns are a question's runs of two to most Chinese characters
// with no function character and no intent word, longest first.
func questionRuns(q string, most int) []string {
	var out []string
	for _, run := range hanRunRE.FindAllString(q, -1) {
		rs := []rune(run)
		for n := min(most, len(rs)); n >= 2; n-- {
			for i := 0; i+n <= len(rs); i++ {
				if w := string(rs[i : i+n]); !strings.ContainsAny(w, functionChars) && !slices.Contains(out, w) && !isIntentWord(w) {
					out = append(out, w)
				}
			}
		}
	}
	return out
}

// hanRunRE is a run of Chinese characters.
var hanRunRE = regexp.MustCompile(`\p{Han}+`)

// functionChars say nothing about which product is meant.
const functionChars = "的了吗呢啊吧呀有是那这个能多少么什我你们在和跟与也都就还要会可以一不款种买用怎样么吗么哪"

// negatedRE is a negated phrase ("不可平躺", "无香精").
var negatedRE = regexp.MustCompile(`(不可|不能|不支持|不含|没有|不|无|非)\p{Han}{1,4}`)

// namedGroup is the category or series the question names and its
// members (nil when it names none).
func (e *Engine) namedGroup(ctx context.Context, t *turn) (*kg.Entity, []kg.Neighbour, error) {
	gid, _ := t.findGroup()
	if gid == "" {
		return nil, nil, nil
	}
	g, err := e.entity(ctx, t.req, gid)
	if err != nil {
		return nil, nil, nil
	}
	ns, err := e.groupMembers(ctx, t, gid, g.Type)
	if err != nil {
		return nil, nil, err
	}
	return &g, ns, nil
}

// groupMembers are the members of the category or series id (of type typ).
func (e *Engine) groupMembers(ctx context.Context, t *turn, id, typ string) ([]kg.Neighbour, error) {
	rel := "IN_CATEGORY"
	if typ == "Series" {
		rel = "IN_SERIES"
	}
	return e.Store.Neighbours(ctx, t.req.KB, id, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{rel}, Direction: kg.In, Limit: kg.MaxPage})
}

// channelHasRE asks, right after a channel's name, whether it has a
// thing ("抖音店有吗", "天猫上有没有").
var channelHasRE = regexp.MustCompile(`^(?:官方)?(?:旗舰店|店|上|里|那边)?(?:也|能)?(?:有吗|有没有|有卖|有得卖|有的卖|买得到)`)

// asksChannelHas reports whether the question asks whether a channel it
// names has a thing.
func (t *turn) asksChannelHas() bool {
	return slices.ContainsFunc(t.links, func(l linkedEntity) bool {
		if l.Type != "Channel" {
			return false
		}
		i := strings.Index(t.nq, fold(l.Name))
		return i >= 0 && channelHasRE.MatchString(t.nq[i+len(fold(l.Name)):])
	})
}

// onlyMember is the one product of the category or series g the question
// names, on sale or not ("往复锯多少钱" of a saw launched next month),
// unless the question names a kind of it the knowledge does not have.
//
// The group may be named by its head alone ("宽带" of 融合宽带) where the
// product's own name says the head and no other product's does
// (融合宽带套餐).
func (e *Engine) onlyMember(ctx context.Context, t *turn, g *kg.Entity, ns []kg.Neighbour) (string, string) {
	whole := strings.Contains(t.nq, fold(g.Name))
	head := ""
	if !whole {
		n, words := []rune(fold(g.Name)), contentTerms(t.nq)
		for k := len(n) - 1; k >= 2 && head == ""; k-- {
			if h := string(n[len(n)-k:]); slices.Contains(words, h) && !isIntentWord(h) {
				head = h
			}
		}
		if head == "" {
			return "", ""
		}
	}
	var only []kg.Entity
	for _, n := range ns {
		if n.Entity.Type == "Product" && n.Entity.Status == kg.StatusActive {
			only = append(only, n.Entity)
		}
	}
	// (Nor a head another product's name says: "吉他" of 民谣吉他 products
	// beside the category 古典吉他; "棘轮扳手" of 棘轮套筒扳手套装 beside
	// the category 电动扳手.)
	if !whole && len(only) == 1 && slices.ContainsFunc(t.idx.products, func(p lexProduct) bool { return p.id != only[0].ID && strings.Contains(p.joined, head) }) {
		return "", ""
	}
	if len(only) != 1 || !whole && !strings.Contains(fold(only[0].Name), head) || e.unknownKind(ctx, t) != "" {
		return "", ""
	}
	return only[0].ID, fmt.Sprintf("the only product of %s", g.Name)
}

// describedMember finds the product of the named category or series g that
// the question describes without naming it ("能躺平的推车", "轻便款的推车"):
// the member on sale whose name and values share the most of the
// question's remaining words. It returns "" unless one member is best.
func (t *turn) describedMember(g *kg.Entity, ns []kg.Neighbour) (string, string) {
	// The question's words that are not the group's name, a cue or phrasing.
	rest := t.masked
	for _, r := range fold(g.Name) {
		rest = strings.ReplaceAll(rest, string(r), " ")
	}
	// ("你们家的": the customer's word for the brand's shop.)
	for _, w := range append([]string{"你们家", "您家", "你家"}, cueWordsLongFirst...) {
		rest = strings.ReplaceAll(rest, w, " ")
	}
	var chars []rune
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune(functionChars, r) && !slices.Contains(chars, r) {
			chars = append(chars, r)
		}
	}
	// Latin words and numbers with what follows them ("m", "xl", "1段").
	var tokens []string
	us := textUnits(rest)
	for i, u := range us {
		if !IsASCII(u) {
			continue
		}
		tokens = append(tokens, u)
		if i+1 < len(us) && !IsASCII(us[i+1]) {
			tokens = append(tokens, u+us[i+1])
		}
	}
	if len(chars) == 0 && len(tokens) == 0 {
		return "", ""
	}
	asksAvail := slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "availability" })

	type member struct {
		ent  kg.Entity
		text string
	}
	var members []member
	for _, n := range ns {
		m := n.Entity
		// Off-sale members count only when the question asks whether it is
		// sold; members of other channels, when it asks where, or whether
		// a channel it names has it ("雾樱那个粉色推杆 抖音店有吗").
		if m.Type != "Product" || m.Status != kg.StatusActive || !onSale(&m, t.req.AsOf) && !asksAvail || !m.OnChannel(t.req.Channel) && !t.asksChannels() && !t.asksChannelHas() {
			continue
		}
		var b strings.Builder
		b.WriteString(fold(m.Name))
		for _, a := range m.Attributes {
			if !internalKeys[a.Key] {
				b.WriteString(fold(a.Text()))
			}
		}
		// "不可平躺" says the opposite of "平躺".
		members = append(members, member{m, negatedRE.ReplaceAllString(b.String(), "")})
	}
	// A character every member has tells none apart (玩 of "…孩子玩" in the
	// brand name 玩趣 that all of them carry).
	if len(members) > 1 {
		chars = slices.DeleteFunc(chars, func(r rune) bool {
			return !slices.ContainsFunc(members, func(m member) bool { return !strings.ContainsRune(m.text, r) })
		})
	}
	gens := generationWordRE.FindAllString(t.nq, -1) // "一代", "二代"
	// Numbers said without a unit or word after them ("小禾600 杯套"; not
	// "24年7月" or "32安").
	var bare []string
	for _, m := range unitlessNumberRE.FindAllStringSubmatch(t.nq, -1) {
		bare = append(bare, m[1])
	}
	best, bestScore, bestLen, tie := "", 0, 0, false
	for _, mb := range members {
		m, text := mb.ent, mb.text
		score, hits := 0, 0
		for i, r := range chars {
			if strings.ContainsRune(text, r) {
				score++
				hits++
				if i+1 < len(chars) && strings.Contains(text, string(chars[i:i+2])) {
					score++
				}
			}
		}
		if hits*2 < len(chars) {
			score = 0 // most of the description is not this member's
		}
		// A generation its name states ("一代" of 爵士白（一代）, "二代" of
		// 爵士白Ⅱ) tells it from the others.
		for _, g := range gens {
			if saysGeneration(fold(m.Name), g) {
				score += 3
			}
		}
		// Words of its name or of its variants' values count double.
		// (Its variants' names come from the lexicon: no read per member.)
		names := append(textUnits(m.Name), t.idx.variantUnits[m.ID]...)
		joined := strings.Join(names, "")
		for _, tok := range tokens {
			if slices.Contains(names, tok) || !IsASCII(tok) && strings.Contains(joined, tok) || slices.Contains(bare, tok) && slices.ContainsFunc(names, func(u string) bool { return numberOfMeasure(tok, u) }) {
				score += 2
			}
		}
		l := runeLen(m.Name)
		switch {
		case score > bestScore:
			best, bestScore, bestLen, tie = m.ID, score, l, false
		case score == bestScore && score > 0 && l < bestLen:
			best, bestLen, tie = m.ID, l, false // the plainer name: "1段" is the 1段 formula, not its travel pack
		case score == bestScore && score > 0 && l == bestLen:
			tie = true
		}
	}
	if tie || bestScore == 0 {
		return "", ""
	}
	return best, fmt.Sprintf("the member of %s the question describes (%s)", g.Name, string(chars)+strings.Join(gens, ""))
}

// unitlessNumberRE is a number that ends a clause or the question.
var unitlessNumberRE = regexp.MustCompile(`(?:^|[^\w.\-/])(\d+)(?:[\s，,。？?！!]|$)`)

// numberOfMeasure reports whether the number tok is the number of the
// measure u, its unit left out ("600" of a variant "小禾600ml").
func numberOfMeasure(tok, u string) bool {
	rest, ok := strings.CutPrefix(u, tok)
	if !ok || rest == "" || strings.Trim(tok, "0123456789") != "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsLetter(r) && r < 0x80
}

// saidInChannel reports whether the units of said that the product's
// name does not hold are all Chinese characters of a channel's name the
// question says (猫 of 天猫).
func saidInChannel(nq string, said, product []string) bool {
	_, names := channelNamesLongestFirst()
	n := 0
	for _, u := range said {
		if slices.Contains(product, u) {
			continue
		}
		if IsASCII(u) || !slices.ContainsFunc(names, func(c string) bool { return strings.Contains(c, u) && strings.Contains(nq, c) }) {
			return false
		}
		n++
	}
	return n > 0
}

// saysGeneration reports whether a folded name states the generation g
// ("二代"): in those words, in digits (2代) or as a Roman numeral after a
// Chinese word (爵士白Ⅱ).
func saysGeneration(name, g string) bool {
	return strings.Contains(name, g) || strings.Contains(name, arabicNumerals(g)) || romanGeneration(g, name)
}

// wordMember finds the product a question names by a word of its name:
// the head of one product's name ("水壶" of 电水壶), or a word several
// names share ("龙井100克装的多少钱": 明前龙井, 龙井胶囊茶, 龙井茶香月饼).
// Of the products on sale whose names carry the word, it is the one whose
// variants or name carry the question's numbers ("100"), else the one with
// the plainest name; "" when two are as good.
func (e *Engine) wordMember(ctx context.Context, t *turn) (string, string, error) {
	id, why, _, _, err := e.wordMembers(ctx, t)
	return id, why, err
}

// wordMembers is wordMember, the word it was found by, and the other
// products on sale whose names carry that word, plainest first ("桨叶有几种":
// the other products' 桨叶).
func (e *Engine) wordMembers(ctx context.Context, t *turn) (id, why, word string, others []string, err error) {
	var words []string
	for _, w := range contentTerms(strings.ReplaceAll(t.masked, "|", " ")) {
		// A comparison's two products may share a series' name ("疾速4跟
		// 凌云"): there only a product already linked takes its word.
		taken := t.namesThing(w)
		if t.plan.Operation == "compare" {
			taken = slices.ContainsFunc(t.links, func(l linkedEntity) bool {
				return (l.Type == "Product" || l.Type == "Variant") && strings.Contains(fold(l.Name), w)
			})
		}
		if runeLen(w) >= 2 && !IsASCII(w) && !isIntentWord(w) && !taken {
			words = append(words, w)
		}
	}
	// The question's own runs that product names hold, which the segmenter
	// may have cut ("月抛拆开了": 月抛 of 硅水凝胶月抛隐形眼镜; "雾眸彩片"): after
	// its words, the longest first.
	words = append(words, nameRuns(t)...)
	// Then its Latin words ("pro和锂电的air": …轨道Pro).
	for _, u := range textUnits(t.masked) {
		if IsASCII(u) && isWordy(u) && !isNumber(u) && runeLen(u) >= 2 && !stopWords[u] && !slices.Contains(words, u) {
			words = append(words, u)
		}
	}
	if len(words) == 0 {
		return "", "", "", nil, nil
	}
	var nums []string
	for _, u := range textUnits(t.masked) {
		if isNumber(u) {
			nums = append(nums, u)
		} else if forms := metricForms(u); len(forms) > 0 {
			// A quantity ("1.5l") is no model code; a name may carry it in
			// another unit (1500ml).
			nums = append(append(nums, u), forms...)
		} else if IsASCII(u) && u != "|" && strings.ContainsFunc(u, unicode.IsDigit) && !slices.ContainsFunc(t.links, func(l linkedEntity) bool {
			return strings.Contains(strings.ReplaceAll(fold(l.Name), " ", ""), u)
		}) {
			return "", "", "", nil, nil // a model code nothing linked carries names something else
		}
	}
	asksAvail := slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "availability" })
	var asked []kg.PlanAttribute // the keys the question asks, read once (names tied break by them)
	for _, w := range words {
		// "一个月多少流量": what a question asks the amount of is no name.
		if strings.Contains(t.nq, "多少"+w) || strings.Contains(t.nq, "几"+w) {
			continue
		}
		var cands []lexProduct
		find := func(w string) {
			for _, p := range t.idx.products {
				if containsWholeWord(p.joined, w) {
					cands = append(cands, p)
				}
			}
		}
		find(w)
		if r := []rune(w); len(cands) == 0 && len(r) >= 3 {
			// A compound's head is its end ("烧水壶" is a 水壶): the head
			// of one product's name still names it.
			w = string(r[len(r)-2:])
			find(w)
			if len(cands) != 1 {
				continue
			}
		}
		if len(cands) == 0 || len(cands) > 12 {
			continue // many say the word is a kind, not a name
		}
		// One name's word links it only as the name's head, its last
		// Chinese word ("…电水壶" for "水壶"; not "十一" of "礼盒（双十一限定）").
		// A word the dictionary does not know ("雾眸" of 雾眸彩色日抛隐形眼镜)
		// is the name's own, wherever it stands.
		if len(cands) == 1 && !IsASCII(w) && !strings.HasSuffix(nameHead(cands[0].units), w) && !coinedZh(w) && !pointedAt(t.nq, w) && !(t.plan.Operation == "compare" && comparedSide(t.nq, w)) && !e.kindSaidAfter(ctx, t, w, cands[0].id) {
			continue
		}
		// A common word inside several names ("城市" of …城市通勤电动自行车)
		// names none of them, unless a comparison names them by it.
		if len(cands) > 1 && t.plan.Operation != "compare" && commonZh(w) {
			continue
		}
		minor, err := e.minorOf(ctx, t, cands)
		if err != nil {
			return "", "", "", nil, err
		}
		best, bestScore, bestLen, bestHeld, tie := "", -1, 0, 0, false
		var sold []lexProduct // the candidates on sale
		for _, p := range cands {
			if minor[p.id] || slices.Contains(t.linked, p.id) {
				continue
			}
			m, err := e.entity(ctx, t.req, p.id)
			// (An old model compared is named though it is no longer sold:
			// "云棉二代跟一代比".)
			// (A product not sold on the asker's channel is named all the
			// same by a question that asks where it is sold.)
			if err != nil || m.Type != "Product" || m.Status != kg.StatusActive || !onSale(&m, t.req.AsOf) && !asksAvail && t.plan.Operation != "compare" || !m.OnChannel(t.req.Channel) && !t.asksChannels() {
				continue
			}
			sold = append(sold, p)
			units := append(slices.Clone(p.units), t.idx.variantUnits[p.id]...)
			score := 0
			for _, n := range nums {
				if slices.Contains(units, n) {
					score++
				}
			}
			// The variant values it says that the product's variants have
			// ("五星26天月嫂": 五星 of 住家月嫂（星级版）, not 双胞胎月嫂).
			score += t.variantValuesOf(p.id)
			// The question's other words the name holds too ("成猫冻干双拼":
			// 鲜肉冻干双拼猫粮（成猫） over 冻干鸡胸肉零食).
			name := p.joined
			for _, o := range words {
				if o != w && strings.Contains(name, o) {
					score++
				}
			}
			// Of names as plain, the one that states what the question
			// asks ("浮板多大 浮力有多少": 训练浮板, which states 浮力, not
			// 夹腿浮板).
			if asked == nil {
				asked, _ = askedKeys(t.masked, t.nq, t.lex)
				asked = append(asked, kg.PlanAttribute{}) // (read; scores 0)
			}
			held := 0
			for _, a := range asked {
				// (Not a key the name's word says: 净水流量 of "净水…机".)
				if _, ok := m.Attr(a.Key); ok && a.Score >= 1 && !strings.Contains(fold(a.Key), w) {
					held++
				}
			}
			switch {
			case score > bestScore || score == bestScore && p.runes < bestLen:
				best, bestScore, bestLen, bestHeld, tie = p.id, score, p.runes, held, false
			case score == bestScore && p.runes == bestLen && held > bestHeld:
				best, bestHeld, tie = p.id, held, false
			case score == bestScore && p.runes == bestLen && held == bestHeld:
				tie = true
			}
		}
		// (Not a part of a longer word the text uses: "破风会员".)
		if best != "" && !tie && !IsASCII(w) && e.textWordAround(ctx, t, w, t.idx.byID[best].Name) {
			continue
		}
		if best != "" && !tie {
			slices.SortStableFunc(sold, func(a, b lexProduct) int { return a.runes - b.runes })
			for _, p := range sold {
				if p.id != best {
					others = append(others, p.id)
				}
			}
			return best, fmt.Sprintf("of the products on sale (or compared) whose names carry %q, the plainest or the one with the question's numbers", w), w, others, nil
		}
	}
	return "", "", "", nil, nil
}

// measuredSibling replaces the one product linked when the question asks
// only measures, none of which it states, by the one other product on
// sale that the same Latin code names and that states one ("neo最快能飞
// 多快": the Neo drone's 最大水平飞行速度, not the Neo battery, whose name
// says 飞 of 飞行电池).
func (e *Engine) measuredSibling(ctx context.Context, t *turn) error {
	if len(t.u.measures) == 0 || len(t.u.concepts) > 0 || len(t.links) != 1 || t.links[0].Type != "Product" {
		return nil
	}
	states := func(ent *kg.Entity) bool {
		return slices.ContainsFunc(ent.Attributes, func(a kg.Attribute) bool {
			return slices.ContainsFunc(t.u.measures, func(m *measure) bool { return m.measuredBy(a) })
		})
	}
	cur, err := e.entity(ctx, t.req, t.links[0].ID)
	if err != nil {
		return fmt.Errorf("answer: read the linked product %s: %w", t.links[0].ID, err)
	}
	if states(&cur) {
		return nil
	}
	name := fold(cur.Name)
	var found []kg.Entity
	for _, code := range latinWordRE.FindAllString(fold(t.nq), -1) {
		if runeLen(code) < 2 || !containsWholeWord(name, code) {
			continue
		}
		for _, p := range t.idx.products {
			if p.id == cur.ID || !containsWholeWord(p.joined, code) {
				continue
			}
			ent, err := e.entity(ctx, t.req, p.id)
			if errors.Is(err, kg.ErrNotFound) {
				continue // not at the as-of instant
			}
			if err != nil {
				return fmt.Errorf("answer: read the product %s its code names: %w", p.id, err)
			}
			if ent.Type == "Product" && ent.Status == kg.StatusActive && onSale(&ent, t.req.AsOf) && states(&ent) &&
				!slices.ContainsFunc(found, func(f kg.Entity) bool { return f.ID == ent.ID }) {
				found = append(found, ent)
			}
		}
	}
	if len(found) != 1 {
		return nil
	}
	ent := found[0]
	t.unlink([]string{cur.ID}, "it states none of the measures asked, which "+ent.ID+", named by the same code, states")
	t.link(&ent, ent.ID, 0.5, "named by the code that named "+cur.ID+", and stating a measure asked", true)
	return nil
}

// otherWordFor is the one product whose name a Chinese word of three or
// more characters that no name or key says ends as (sameHead), and the
// word.
func (t *turn) otherWordFor() (id, word string) {
	for _, w := range contentTerms(t.nq) {
		if runeLen(w) < 3 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) || strings.Contains(t.idx.mentions, w) {
			continue
		}
		var ids []string
		for _, p := range t.idx.products {
			if sameHead(p.joined, w) {
				ids = append(ids, p.id)
			}
		}
		if len(ids) == 1 {
			return ids[0], w
		}
	}
	return "", ""
}

// sameHead reports whether the Chinese thing x of three or more
// characters ends with the character the name ends with, its head, and
// says at most one other character the name does not ("内存卡" of
// …存储卡).
func sameHead(name, x string) bool {
	r := []rune(x)
	if len(r) < 3 || !strings.HasSuffix(name, string(r[len(r)-1])) {
		return false
	}
	other := 0
	for _, c := range r[:len(r)-1] {
		if !strings.ContainsRune(name, c) {
			other++
		}
	}
	return other <= 1
}

// maxListedByWord caps the other products a list question links by the
// word their names carry.
const maxListedByWord = 8

// kindsRE asks how many kinds of a thing there are ("一共有几种",
// "哪几款"): language-level.
var kindsRE = regexp.MustCompile(`几种|几款|几类|多少种|多少款|多少类|哪些款|what kinds|which kinds|how many kinds|how many types|what types`)

// fitsAskRE asks whether a thing fits or works with another ("能连吗",
// "能用不", "装得上吗"), the thing said before the question's end or not
// ("能配你们那个木盖吗", "能装车篮不").
var fitsAskRE = regexp.MustCompile(`(能|可以)(用|连|装|配|套)(\p{Han}{0,8}?)(吗|不|么|上吗|上不)(?:\s|$)|(用|连|装|配|套)得上(吗|不|么)`)

// pointedAt reports whether the question points at a thing by w ("丝绒那款",
// "丝绒的那个", "那个变速的"): w says which one it is.
func pointedAt(nq, w string) bool {
	return saidWhere(nq, w, func(before, after string) bool {
		return pointerRE.MatchString(after) || pointerBeforeRE.MatchString(before) && strings.HasPrefix(after, "的")
	})
}

// kindSaidAfter reports whether the question says w and right after it a
// character of the kind (category) the product id is of ("泰国团" of 泰国曼谷
// 芭提雅6日, a 出境跟团游): the word says which one of that kind.
func (e *Engine) kindSaidAfter(ctx context.Context, t *turn, w, id string) bool {
	ent, err := e.entity(ctx, t.req, id)
	if err != nil {
		return false
	}
	cat, ok := ent.Attr("category")
	if !ok || runeLen(cat.Value) < 2 {
		return false
	}
	kind := fold(cat.Value)
	return saidWhere(t.nq, w, func(_, after string) bool {
		r, _ := utf8.DecodeRuneInString(after)
		return unicode.Is(unicode.Han, r) && !strings.ContainsRune(functionChars, r) && strings.ContainsRune(kind, r)
	})
}

// comparedSide reports whether w is a side of a comparison ("挂壁的和那个…",
// "…跟挂壁的"): a thing compared.
func comparedSide(nq, w string) bool {
	return saidWhere(nq, w, func(before, after string) bool {
		return sideAfterRE.MatchString(after) || sideBeforeRE.MatchString(before)
	})
}

// saidWhere reports whether nq says w somewhere with what comes before and
// after it as at reports.
func saidWhere(nq, w string, at func(before, after string) bool) bool {
	for i := 0; ; {
		j := strings.Index(nq[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if at(nq[:j], nq[j+len(w):]) {
			return true
		}
		i = j + len(w)
	}
}

var (
	sideAfterRE  = regexp.MustCompile(`^的?(?:和|跟|与|还是|比)`)
	sideBeforeRE = regexp.MustCompile(`(?:和|跟|与|还是|比)(?:那个|这个|那款|这款)?$`)
)

// pointerRE is a demonstrative and measure word after a description ("那款",
// "的那个").
var pointerRE = regexp.MustCompile(`^的?[那这][` + pointWords + `]`)

// pointerBeforeRE is a demonstrative and measure word before a description
// ("那个…的").
var pointerBeforeRE = regexp.MustCompile(`[那这][` + pointWords + `]$`)

// pointWords are the measure and kind words a demonstrative takes ("那款",
// "这瓶").
const pointWords = measureWords + "款种"

// link adds ent (as id) to what the question names, with its score and
// why, last or (first) before the others.
func (t *turn) link(ent *kg.Entity, id string, score float64, why string, first bool) {
	l := linkedEntity{ID: id, Type: ent.Type, Name: ent.Name, Score: score}
	if first {
		t.links = append([]linkedEntity{l}, t.links...)
		t.linked = append([]string{id}, t.linked...)
	} else {
		t.links = append(t.links, l)
		t.linked = append(t.linked, id)
	}
	t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: id, Name: ent.Name, Score: score, Why: why})
}

// codeVariantsToProducts links, for a variant the question names only by
// a model code that is its own value (the extended-warranty card's
// "APO102", sold for that telescope), the one other product whose own name
// carries the code, where the question says no character of the variant's
// product's name but the brand's ("我的apo102能直接架在az2上用吗": the
// telescope, not its warranty card).
func (e *Engine) codeVariantsToProducts(ctx context.Context, t *turn, runs map[string][]string) error {
	l, err := e.links.get(ctx, t.req.KB, e.now(), e.linkableNames)
	if err != nil {
		return err
	}
	for _, v := range slices.Clone(t.links) {
		run := runs[v.ID]
		if v.Type != "Variant" || len(run) == 0 || slices.ContainsFunc(run, func(u string) bool {
			return !IsASCII(u) || !strings.ContainsFunc(u, unicode.IsDigit) || !strings.ContainsFunc(u, unicode.IsLetter)
		}) {
			continue
		}
		p, ok := e.productOf(ctx, t.req, v.ID)
		if !ok {
			continue
		}
		own := fold(p.Name)
		for _, b := range l.Brands() {
			own = strings.ReplaceAll(own, fold(b), "")
		}
		if strings.ContainsFunc(own, func(r rune) bool { return unicode.Is(unicode.Han, r) && strings.ContainsRune(t.nq, r) }) {
			continue
		}
		ids := slices.DeleteFunc(t.productsHolding(strings.Join(run, "")), func(id string) bool { return id == p.ID || slices.Contains(t.linked, id) })
		if len(ids) != 1 {
			continue
		}
		ent, err := e.entity(ctx, t.req, ids[0])
		if err != nil {
			continue
		}
		t.unlink([]string{v.ID}, "named only by a code that another product's own name carries")
		t.link(&ent, ent.ID, 0.6, fmt.Sprintf("its own name carries %q, which a variant of %s only names", strings.Join(run, ""), p.Name), false)
	}
	return nil
}

// dropSetsOfLinked unlinks the sets that hold another linked product.
func (e *Engine) dropSetsOfLinked(ctx context.Context, t *turn) error {
	if len(t.linked) < 2 {
		return nil
	}
	var drop []string
	for _, l := range t.links {
		if l.Type != "Product" {
			continue
		}
		ns, err := e.Store.Neighbours(ctx, t.req.KB, l.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"PART_OF_SET"}, Direction: kg.In, Limit: 50})
		if err != nil {
			return fmt.Errorf("answer: link: members of %s: %w", l.ID, err)
		}
		if slices.ContainsFunc(ns, func(n kg.Neighbour) bool { return n.Entity.ID != l.ID && slices.Contains(t.linked, n.Entity.ID) }) {
			drop = append(drop, l.ID)
		}
	}
	t.unlink(drop, "sets holding another product the question names, and it names no set")
	return nil
}

// unlink takes the entities drop out of the links and the plan, and says
// why in the trace.
func (t *turn) unlink(drop []string, why string) {
	if len(drop) == 0 {
		return
	}
	t.links = slices.DeleteFunc(t.links, func(l linkedEntity) bool { return slices.Contains(drop, l.ID) })
	t.linked = slices.DeleteFunc(t.linked, func(id string) bool { return slices.Contains(drop, id) })
	t.plan.Entities = slices.DeleteFunc(t.plan.Entities, func(p kg.PlanEntity) bool { return slices.Contains(drop, p.ID) })
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("unlinked %v: %s", drop, why))
}

// dropCodeCarriers unlinks a product named only by model codes that
// other linked products' own names carry ("x2和x2 lite差在哪": the
// extended-warranty card sold in an "X2/X2 Lite" variant is found by more
// of the question than either charger, which the codes name), where the
// question says no word of its name beside them.
func (t *turn) dropCodeCarriers(runs map[string][]string) {
	units := map[string][]string{} // each linked product's name's units
	for _, o := range t.links {
		if o.Type == "Product" {
			units[o.ID] = textUnits(o.Name)
		}
	}
	var drop []string
	for _, l := range t.links {
		run := runs[l.ID]
		if l.Type != "Product" || len(run) == 0 {
			continue
		}
		codes := 0
		explained := true
		for _, u := range run {
			if !IsASCII(u) {
				explained = false
				break
			}
			if u == "|" || len(u) < 2 && !strings.ContainsFunc(u, unicode.IsDigit) {
				continue
			}
			codes++
			explained = explained && slices.ContainsFunc(t.links, func(o linkedEntity) bool {
				return o.ID != l.ID && !slices.Contains(drop, o.ID) && slices.Contains(units[o.ID], u)
			})
		}
		if !explained || codes < 2 {
			continue
		}
		var others []string
		for _, o := range t.links {
			if o.ID != l.ID {
				others = append(others, fold(o.Name))
			}
		}
		if saysOwnPair(t.nq, fold(l.Name), others) {
			continue
		}
		drop = append(drop, l.ID)
	}
	t.unlink(drop, "named only by model codes that other linked products' names carry")
}

// dropKindVariants unlinks, from a question that lists ("在卖的阅读器有哪
// 几款"), a variant found by nothing but a word that ends a category's
// name its product is not of (the warranty's variant 阅读器 of 电子书阅读器):
// the word names the kind to list.
func (e *Engine) dropKindVariants(ctx context.Context, t *turn, runs map[string]string) {
	if t.plan.Operation != "list" || t.lex == nil {
		return
	}
	var drop []string
	for _, l := range t.links {
		r := runs[l.ID]
		le := t.idx.byID[l.ID]
		if l.Type != "Variant" || runeLen(r) < 2 || le == nil || !strings.HasSuffix(fold(l.Name), r) {
			continue
		}
		cat := ""
		if p, err := e.entity(ctx, t.req, le.Parent); err == nil {
			c, _ := p.Attr("category")
			cat = c.Value
		}
		if slices.ContainsFunc(t.lex.Groups, func(g kg.LexGroup) bool {
			return g.Type == "Category" && strings.HasSuffix(fold(g.Name), r) && g.Name != cat
		}) {
			drop = append(drop, l.ID)
		}
	}
	t.unlink(drop, "a variant found by the word that ends the name of a category to list")
}

// textWordAround reports whether the question says w, a part of name,
// with other characters than name's beside it that make a word of four or
// more characters no name has and the knowledge's text uses ("破风会员", a
// membership tier, not the 破风Aero helmet; "白银骑士", not the 少年骑士
// bike). Particles do not make words ("的", "吗").
func (e *Engine) textWordAround(ctx context.Context, t *turn, w, name string) bool {
	bi, bat := strings.Index(t.nq, w), strings.Index(fold(name), w)
	if bi < 0 || bat < 0 {
		return false
	}
	q, wr, nr := []rune(t.nq), []rune(w), []rune(fold(name))
	i, at := utf8.RuneCountInString(t.nq[:bi]), utf8.RuneCountInString(fold(name)[:bat]) // (in characters)
	other := func(qi, ni int) bool {
		return qi >= 0 && qi < len(q) && unicode.Is(unicode.Han, q[qi]) && !particleRunes[q[qi]] && (ni < 0 || ni >= len(nr) || nr[ni] != q[qi])
	}
	var words []string
	for k := 1; k <= 2; k++ {
		if other(i-k, at-k) && (k == 1 || other(i-1, at-1)) {
			words = append(words, string(q[i-k:i+len(wr)]))
		}
		if end := i + len(wr); other(end+k-1, at+len(wr)+k-1) && (k == 1 || other(end, at+len(wr))) {
			words = append(words, string(q[i:end+k]))
		}
	}
	return slices.ContainsFunc(words, func(w string) bool {
		return runeLen(w) >= 4 && !strings.Contains(t.idx.mentions, w) && e.inKnowledge(ctx, t, w)
	})
}

// particleRunes are characters that join words rather than make them.
var particleRunes = map[rune]bool{'的': true, '了': true, '吗': true, '呢': true, '吧': true, '啊': true, '是': true, '和': true, '跟': true, '与': true, '在': true, '有': true, '买': true, '要': true, '能': true, '我': true, '你': true}

// dropOtherGenerations unlinks the products whose names say a generation
// the question does not, when another linked product's name says the one
// it does ("云朵二代沙发座深多少": 云朵布艺沙发二代, not 云朵布艺沙发（一代）,
// which the words they share found too).
func (t *turn) dropOtherGenerations() {
	asked := generationWordRE.FindAllString(t.nq, -1)
	if len(asked) == 0 {
		return
	}
	says := func(name string) (gens []string) { return generationWordRE.FindAllString(fold(name), -1) }
	named := slices.ContainsFunc(t.links, func(l linkedEntity) bool {
		return l.Type == "Product" && slices.ContainsFunc(says(l.Name), func(g string) bool { return slices.Contains(asked, g) })
	})
	if !named {
		return
	}
	var drop []string
	for _, l := range t.links {
		gens := says(l.Name)
		if l.Type == "Product" && len(gens) > 0 && !slices.ContainsFunc(gens, func(g string) bool { return slices.Contains(asked, g) }) {
			drop = append(drop, l.ID)
		}
	}
	t.unlink(drop, fmt.Sprintf("their names say another generation than the question's %v", asked))
}

// minorOf are the candidates that are a refill or an accessory of another
// candidate, or a set holding one: a word their names share ("凌云" of
// 凌云碳板竞速跑鞋 and 凌云原厂替换鞋垫) names the main product.
func (e *Engine) minorOf(ctx context.Context, t *turn, cands []lexProduct) (map[string]bool, error) {
	minor := map[string]bool{}
	if len(cands) < 2 {
		return minor, nil
	}
	in := func(id string) bool { return slices.ContainsFunc(cands, func(p lexProduct) bool { return p.id == id }) }
	for _, p := range cands {
		mains, err := e.mainsOf(ctx, t, p.id)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(mains, func(m kg.Entity) bool { return m.ID != p.id && in(m.ID) }) {
			minor[p.id] = true
		}
	}
	if len(minor) == len(cands) {
		return map[string]bool{}, nil // each is another's: none is the main one
	}
	return minor, nil
}

// formerCues say a question asks after a model sold before (language-
// level: "以前那个k87怎么搜不到了").
var formerCues = []string{"以前", "之前", "老款", "旧款", "旧版", "搜不到", "找不到", "停产", "下架", "换成", "替代", "discontinued", "old one", "older"}

// generationFor is, of two products one of which replaces the other, the
// old one when the question asks after what was sold before, else the new
// one; "" when neither replaces the other.
func (e *Engine) generationFor(ctx context.Context, t *turn, a, b string) (string, error) {
	for _, p := range [][2]string{{a, b}, {b, a}} {
		ns, err := e.Store.Neighbours(ctx, t.req.KB, p[0], kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"REPLACES"}, Direction: kg.Out, Limit: 50})
		if err != nil {
			return "", fmt.Errorf("answer: link: replacements of %s: %w", p[0], err)
		}
		if slices.ContainsFunc(ns, func(n kg.Neighbour) bool { return n.Entity.ID == p[1] }) {
			if slices.ContainsFunc(formerCues, func(w string) bool { return strings.Contains(t.nq, w) }) {
				return p[1], nil
			}
			return p[0], nil
		}
	}
	return "", nil
}

// mainsOf are the entities a product is a refill, accessory or set of: what
// it is REFILL_OF or COMPATIBLE_WITH, and what is PART_OF_SET of it.
func (e *Engine) mainsOf(ctx context.Context, t *turn, id string) ([]kg.Entity, error) {
	var out []kg.Entity
	for _, q := range []kg.NeighbourQuery{
		{AsOf: t.req.AsOf, RelationTypes: []string{"REFILL_OF", "COMPATIBLE_WITH"}, Direction: kg.Out, Limit: 50},
		{AsOf: t.req.AsOf, RelationTypes: []string{"PART_OF_SET"}, Direction: kg.In, Limit: 50},
	} {
		ns, err := e.Store.Neighbours(ctx, t.req.KB, id, q)
		if err != nil {
			return nil, fmt.Errorf("answer: link: neighbours of %s: %w", id, err)
		}
		for _, n := range ns {
			out = append(out, n.Entity)
		}
	}
	return out, nil
}

// codeLinks links products by a code their names carry and the question
// writes ("1段", "2代", "m1", "af45"): a number or Latin word, alone or
// with the character after it. Of the products whose names carry a code,
// the one with the plainest (shortest) name is meant.
func (e *Engine) codeLinks(ctx context.Context, t *turn) (ids, whys, said []string, err error) {
	us := textUnits(t.masked)
	var codes [][]string
	for i, u := range us {
		if !IsASCII(u) || u == "|" || !strings.ContainsFunc(u, unicode.IsDigit) && len(u) < 3 {
			continue
		}
		if i+1 < len(us) && !IsASCII(us[i+1]) && us[i+1] != "|" {
			codes = append(codes, []string{u, us[i+1]})
		}
		// A bare number ("618", "2025") is a date or an event more often
		// than a model; a code has letters too ("m1", "af45").
		if strings.ContainsFunc(u, unicode.IsDigit) && strings.ContainsFunc(u, unicode.IsLetter) && len(u) >= 2 {
			codes = append(codes, []string{u})
		}
		// A comparison of models named by a decimal ("1.60跟1.67的片"), or
		// by the number that tells a model from the other one named
		// ("远征1000跟1500": see likePeers).
		// (Not a value in a unit: "20寸".)
		if t.plan.Operation == "compare" && isNumber(u) && (strings.Contains(u, ".") || len(u) >= 2 && !unitNext(us, i)) {
			codes = append(codes, []string{u})
		}
	}
	// In a comparison, the model like the other one named ("1.60" of
	// 1.60非球面树脂镜片 beside 1.67非球面树脂镜片, not 1.60变色镜片).
	var peers []string
	if t.plan.Operation == "compare" {
		for _, l := range t.links {
			if l.Type == "Product" || l.Type == "Variant" {
				peers = append(peers, fold(l.Name))
			}
		}
	}
	likePeers := func(p lexProduct) int {
		n := 0
		for _, u := range p.units {
			if !IsASCII(u) && slices.ContainsFunc(peers, func(x string) bool { return strings.Contains(x, u) }) {
				n++
			}
		}
		return n
	}
	// A product whose variants' names say a word of the question ("k75银轴"
	// of K75…键盘 sold with 风刃银轴) is meant over a plainer one.
	var words []string
	if len(codes) > 0 {
		for _, w := range contentTerms(t.masked) {
			if runeLen(w) >= 2 && !IsASCII(w) {
				words = append(words, w)
			}
		}
	}
	saysVariant := func(p lexProduct) bool {
		vs := strings.Join(t.idx.variantUnits[p.id], "")
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(vs, w) && !strings.Contains(p.joined, w) })
	}
	for _, c := range codes {
		best, bestLen, bestEnd, bestVariant, bestOwn, tie := "", 0, false, false, false, false
		var tied []lexProduct // the candidates as plain as the best
		type carrier struct {
			p              lexProduct
			end, vari, own bool
		}
		carriers := map[string]carrier{} // every product carrying the code, by id
		// A code no name carries may shorten a numbered model's name ("q6"
		// of 轻阅6): the names it shortens carry it.
		abbr := len(c) == 1 && !slices.ContainsFunc(t.idx.products, func(p lexProduct) bool {
			return slices.Contains(p.units, c[0]) || strings.Contains(p.joined, c[0])
		})
		for _, p := range t.idx.products {
			if slices.Contains(t.linked, p.id) {
				continue
			}
			name := p.units
			found, end, after := false, false, 0
			if abbr && slices.Contains(p.abbrs, c[0]) {
				found, after = true, len(name)
			}
			for i := 0; i+len(c) <= len(name) && !found; i++ {
				if slices.Equal(name[i:i+len(c)], c) {
					found, end, after = true, i+len(c) == len(name), i+len(c)
				}
				// "x9pro" for "X9 Pro": the code written without its space.
				for j := i + 2; len(c) == 1 && j <= len(name) && !found && IsASCII(name[j-1]); j++ {
					if strings.Join(name[i:j], "") == c[0] {
						found, end, after = true, j == len(name), j
					}
				}
			}
			// (A whole number alone names a model like the other one named.)
			if !found || len(c) == 1 && isNumber(c[0]) && !strings.Contains(c[0], ".") && likePeers(p) == 0 {
				continue
			}
			// A name the code ends names the model ("空气净化器P3",
			// "无线吸尘器V12"); words after a code name a part of it
			// ("P3复合滤芯", "V12可拆卸电池"). Then the plainest name.
			l := p.runes - 2*likePeers(p)
			// "P5 Pro" is another line than the P5 the question names.
			if found && after < len(name) && lineWords[name[after]] && !slices.Contains(us, name[after]) {
				l += 100
			}
			v := saysVariant(p)
			// "mini1的桨": a word of its name said right after the code
			// (the 桨叶 of the Mini 1, not the drone or its battery), unless
			// the word is a key ("mini2续航多久": 续航 is the remotes' key).
			w := ""
			if !end {
				w = wordAfterCode(t.nq, strings.Join(c, ""), strings.Join(name[after:], ""))
			}
			o := w != "" && t.lex != nil && !slices.ContainsFunc(t.lex.Attributes, func(a kg.LexAttribute) bool { return fold(a.Key) == w })
			carriers[p.id] = carrier{p, end, v, o}
			switch {
			case best == "" || o && !bestOwn || o == bestOwn && (v && !bestVariant || v == bestVariant && (end && !bestEnd || end == bestEnd && l < bestLen)):
				best, bestLen, bestEnd, bestVariant, bestOwn, tie = p.id, l, end, v, o, false
				tied = []lexProduct{p}
			case l == bestLen && end == bestEnd && v == bestVariant && o == bestOwn:
				tie = true
				tied = append(tied, p)
			}
		}
		// As plain as each other ("山脊2 Pro双人帐篷", "山脊2 Pro专用地布"):
		// the one the others are refills, parts or sets of.
		if tie {
			minor, err := e.minorOf(ctx, t, tied)
			if err != nil {
				return nil, nil, nil, err
			}
			if main := slices.DeleteFunc(tied, func(p lexProduct) bool { return minor[p.id] }); len(main) == 1 {
				best, tie = main[0].id, false
			} else if len(main) == 2 {
				// A model and the one that replaced it ("K87有线机械键盘
				// （一代）", "K87 Pro有线机械键盘"): the old one when the
				// question asks after what was sold before, else the new.
				if id, err := e.generationFor(ctx, t, main[0].id, main[1].id); err != nil {
					return nil, nil, nil, err
				} else if id != "" {
					best, tie = id, false
				}
			}
		}
		// "air3撞树了": the plainest name carrying the code is an accessory
		// of another that carries it (云隼 Air 3 智能飞行电池 of the Air 3
		// drone), and the question says no word of its name: the code names
		// the product the accessory is for.
		why := "the plainest product name carrying %q"
		for range 3 {
			if best == "" || tie {
				break
			}
			cur, ok := carriers[best]
			if !ok {
				break
			}
			mains, err := e.mainsOf(ctx, t, best)
			if err != nil {
				return nil, nil, nil, err
			}
			var to []string
			carried := func(ms []kg.Entity) {
				for _, m := range ms {
					if x, ok := carriers[m.ID]; ok && m.ID != best && x.end == cur.end && x.vari == cur.vari && !slices.Contains(to, m.ID) && !slices.Contains(t.linked, m.ID) {
						to = append(to, m.ID)
					}
				}
			}
			carried(mains)
			// "x1pro吸力多大": the plainest name carrying the code is a set
			// of the accessories of another that carries it (X1 Pro 年度
			// 耗材包 of the X1 Pro robot's bags and brushes).
			how := "an accessory of"
			for i := 0; len(to) == 0 && i < len(mains) && i < 10; i++ {
				ms, err := e.mainsOf(ctx, t, mains[i].ID)
				if err != nil {
					return nil, nil, nil, err
				}
				carried(ms)
				how = "made of or for the accessories of"
			}
			if len(to) != 1 || cur.own || saysOwnWord(t.masked, cur.p, carriers[to[0]].p) {
				break
			}
			best, why = to[0], "the product carrying %q that the plainest name carrying it is "+how
		}
		if best != "" && !tie && !slices.Contains(ids, best) {
			ids = append(ids, best)
			whys = append(whys, fmt.Sprintf(why, strings.Join(c, "")))
			said = append(said, strings.Join(c, ""))
		}
	}
	return ids, whys, said, nil
}

// wordAfterCode is the Chinese word q says right after the code (and 的),
// not begun by a function character, when tail (what a name says after
// the code) holds it; else "".
func wordAfterCode(q, code, tail string) string {
	for i := 0; code != ""; {
		j := strings.Index(q[i:], code)
		if j < 0 {
			return ""
		}
		i += j + len(code)
		rest := strings.TrimPrefix(q[i:], "的")
		if r, _ := utf8.DecodeRuneInString(rest); !unicode.Is(unicode.Han, r) || strings.ContainsRune(functionChars, r) {
			continue
		}
		// (The word it begins, as the segmenter cuts: "保" of 保修 is no
		// word of 键盘保护膜.)
		if w := firstWord(rest); w != "" && strings.Contains(tail, w) {
			return w
		}
	}
	return ""
}

// firstWord is the first word of s as the segmenter cuts it.
func firstWord(s string) string {
	segOnce.Do(loadSegmenter)
	if seg == nil {
		return ""
	}
	if ws := seg.Cut(s); len(ws) > 0 {
		return ws[0]
	}
	return ""
}

// saysOwnWord reports whether q says a word of p's name that other's does
// not hold: two Chinese characters it writes together ("电池" of 云隼 Air 3
// 智能飞行电池 beside 云隼 Air 3 双摄航拍无人机) or a Latin word ("nd").
func saysOwnWord(q string, p, other lexProduct) bool {
	return saysOwnPair(q, p.joined, []string{other.joined}) || slices.ContainsFunc(p.units, func(u string) bool {
		return IsASCII(u) && len(u) >= 2 && !slices.Contains(other.units, u) && containsWholeWord(q, u)
	})
}

// saysOwnPair reports whether q says two Chinese characters together that
// name says and none of others does.
func saysOwnPair(q, name string, others []string) bool {
	r := []rune(name)
	for i := 0; i+1 < len(r); i++ {
		if pair := string(r[i : i+2]); unicode.Is(unicode.Han, r[i]) && unicode.Is(unicode.Han, r[i+1]) && strings.Contains(q, pair) &&
			!slices.ContainsFunc(others, func(o string) bool { return strings.Contains(o, pair) }) {
			return true
		}
	}
	return false
}

// lineWords, written after a model code, name another line of the model
// ("P5 Pro", "X9 Max"): e-commerce-general.
var lineWords = map[string]bool{"pro": true, "max": true, "plus": true, "lite": true, "mini": true, "ultra": true, "air": true, "se": true}

// unitNext reports whether the unit after us[i] starts with a unit of
// measure ("20" of "20寸哪个便宜").
func unitNext(us []string, i int) bool {
	return i+1 < len(us) && unitAhead(us[i+1])
}

// unitAhead reports whether s starts with a unit of measure of one or two
// characters, or is one ("寸哪个便宜", "瓦", "kg").
func unitAhead(s string) bool {
	r := []rune(s)
	return anyUnit(s) || len(r) > 0 && anyUnit(string(r[:1])) || len(r) > 1 && anyUnit(string(r[:2]))
}

// setMembers resolves "水光三件套里的面霜": a set and a category the
// question names together mean the set's member of that category, which
// is linked in the category's place (before the set, as the question is
// about it).
func (e *Engine) setMembers(ctx context.Context, t *turn) error {
	for _, l := range t.links {
		if l.Type != "Product" {
			continue
		}
		members, err := e.Store.Neighbours(ctx, t.req.KB, l.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"PART_OF_SET"}, Direction: kg.In, Limit: 50})
		if err != nil {
			return err
		}
		if len(members) == 0 {
			continue
		}
		for i, g := range t.links {
			if g.Type != "Category" && g.Type != "Series" {
				continue
			}
			for _, m := range members {
				cat, _ := m.Entity.Attr("category")
				series, _ := m.Entity.Attr("series")
				if fold(cat.Value) != fold(g.Name) && fold(series.Value) != fold(g.Name) {
					continue
				}
				t.links[i] = linkedEntity{ID: m.Entity.ID, Type: m.Entity.Type, Name: m.Entity.Name, Score: g.Score}
				t.linked[i] = m.Entity.ID
				t.plan.Entities = append(t.plan.Entities, kg.PlanEntity{ID: m.Entity.ID, Name: m.Entity.Name, Score: g.Score,
					Why: fmt.Sprintf("the member of %s in %s", l.Name, g.Name)})
				// The member first: the question is about it.
				t.links[0], t.links[i] = t.links[i], t.links[0]
				t.linked[0], t.linked[i] = t.linked[i], t.linked[0]
				return nil
			}
		}
		// "海钓套装里那个轮子": a word of the question (or its stem) that one
		// member's name says, and no other's, names that member.
		var hit []kg.Neighbour
		for _, w := range contentTerms(t.masked) {
			if runeLen(w) < 2 || IsASCII(w) || isIntentWord(w) {
				continue
			}
			for _, m := range members {
				n := fold(m.Entity.Name)
				if (strings.Contains(n, w) || stemIn(w, n)) && !slices.ContainsFunc(hit, func(h kg.Neighbour) bool { return h.Entity.ID == m.Entity.ID }) {
					hit = append(hit, m)
				}
			}
		}
		if len(hit) == 1 && !slices.Contains(t.linked, hit[0].Entity.ID) {
			m := hit[0].Entity
			t.link(&m, m.ID, l.Score, fmt.Sprintf("the member of %s the question's words name", l.Name), true)
			return nil
		}
	}
	return nil
}

func aliasTexts(as []kg.Alias) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Text
	}
	return out
}

// preferMain links the main product where a question's words name both it
// and a refill, accessory or set of it, and say nothing that only the
// latter's name says: "pods3续航多久" is about 鲸听Pods 3 主动降噪真无线耳机,
// not 鲸听Pods 3 耳机保护套 (whose shorter name the words cover more of);
// "W2 fountain" is the fountain, not its filters. "pods3的保护套" still
// links the case.
func (e *Engine) preferMain(ctx context.Context, t *turn, fq []string, found []Link) ([]Link, error) {
	for i, l := range found {
		if l.Coverage >= 0.9 {
			continue // the whole name said: that one is meant
		}
		said := strings.Join(fq[l.start:min(l.end, len(fq))], " ")
		id, err := e.mainFor(ctx, t, l.ID, said, func(id string) bool { return slices.ContainsFunc(found, func(o Link) bool { return o.ID == id }) })
		if err != nil {
			return nil, err
		}
		found[i].ID = id
	}
	return found, nil
}

// audienceWords name the people a product is made for (language-level):
// a name with one is for them only.
var audienceWords = []string{"儿童", "婴儿", "宝宝", "幼儿", "孕妇", "女款", "男款", "女士", "男士", "学生", "老人", "kids", "baby", "women", "men's"}

// preferGeneral links, for a name found by part of it, the product meant
// for everyone over the one for a group the question does not say:
// "乳胶枕多高" is 泰国天然乳胶枕, not 儿童乳胶枕. Only when exactly one
// other product's name holds the words said, without such a group (a set,
// refill or part of another aside).
func (e *Engine) preferGeneral(ctx context.Context, t *turn, fq []string, found []Link) ([]Link, error) {
	q := strings.ReplaceAll(t.nq, " ", "")
	forGroup := func(name string) bool {
		return slices.ContainsFunc(audienceWords, func(w string) bool { return strings.Contains(name, w) && !strings.Contains(q, w) })
	}
	for i, l := range found {
		name := ""
		for _, p := range t.idx.products {
			if p.id == l.ID {
				name = p.joined
			}
		}
		said := strings.Join(fq[l.start:min(l.end, len(fq))], "")
		if l.Coverage >= 0.9 || name == "" || !forGroup(name) || runeLen(said) < 2 || !strings.Contains(name, said) {
			continue
		}
		var others []lexProduct
		for _, p := range t.idx.products {
			n := p.joined
			if p.id != l.ID && strings.Contains(n, said) && !forGroup(n) {
				others = append(others, p)
			}
		}
		minor, err := e.minorOf(ctx, t, others)
		if err != nil {
			return nil, err
		}
		others = slices.DeleteFunc(others, func(p lexProduct) bool { return minor[p.id] })
		if len(others) == 1 {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s is for a group the question does not name: %s, for everyone, is linked", l.ID, others[0].id))
			found[i].ID = others[0].id
		}
	}
	return found, nil
}

// preferDescribed links, of the products whose names end with the words
// the best link ends with in the question, the one whose own facts say a
// word of the question that no name or key says: "皂香那个洗衣液" is the
// 洗衣液 whose 香型 is 清新皂香. Only when the best link's facts do not say
// it and exactly one such product's do.
func (e *Engine) preferDescribed(ctx context.Context, t *turn, fq []string, found []Link) ([]Link, error) {
	if t.idx == nil {
		return found, nil
	}
	// The best product linked (a category may come first: "洗衣液").
	at := slices.IndexFunc(found, func(l Link) bool {
		return slices.ContainsFunc(t.idx.products, func(p lexProduct) bool { return p.id == l.ID })
	})
	if at < 0 || found[at].Coverage >= 0.9 {
		return found, nil
	}
	l := found[at]
	best, err := e.entity(ctx, t.req, l.ID)
	if errors.Is(err, kg.ErrNotFound) || err == nil && best.Type != "Product" {
		return found, nil
	}
	if err != nil {
		return nil, err
	}
	// The head: the name's last units, as the question writes them where
	// the link ends ("洗衣液").
	name := textUnits(best.Name)
	k := 0
	for k < len(name) && l.end-1-k >= l.start && l.end-1-k < len(fq) && fq[l.end-1-k] == name[len(name)-1-k] {
		k++
	}
	if k < 2 {
		return found, nil
	}
	head := strings.Join(name[len(name)-k:], "")
	var words []string
	for _, w := range contentTerms(t.nq) {
		if !IsASCII(w) && runeLen(w) >= 2 && !isIntentWord(w) && !strings.Contains(head, w) && !strings.Contains(t.idx.mentions, w) {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return found, nil
	}
	says := func(ent *kg.Entity) bool {
		return slices.ContainsFunc(ent.Attributes, func(a kg.Attribute) bool {
			v := fold(a.Text())
			return !internalKeys[a.Key] && slices.ContainsFunc(words, func(w string) bool { return strings.Contains(v, w) })
		})
	}
	if says(&best) {
		return found, nil
	}
	var hit []string
	read := 0 // (a head many names end with is no description's: at most maxDescribedPeers are read)
	for _, p := range t.idx.products {
		if p.id == l.ID || !strings.HasSuffix(p.joined, head) || len(hit) > 1 {
			continue
		}
		if read++; read > maxDescribedPeers {
			return found, nil
		}
		ent, err := e.entity(ctx, t.req, p.id)
		if errors.Is(err, kg.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if says(&ent) {
			hit = append(hit, p.id)
		}
	}
	if len(hit) == 1 {
		t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s's facts say none of %v; %s, whose name also ends with %s, says one: it is linked", l.ID, words, hit[0], head))
		found[at].ID = hit[0]
	}
	return found, nil
}

// preferKind links, of the products whose names hold the run of the
// question a link was found by, the one whose name also says a word the
// question adds (or its stem) that the linked one's does not: "耶加雪菲的豆子"
// is the 耶加雪菲…咖啡豆, not the 耶加雪菲挂耳咖啡 whose shorter name the run
// covers more of. Only when exactly one such product says it.
func preferKind(t *turn, fq []string, found []Link) []Link {
	if t.idx == nil {
		return found
	}
	for i, l := range found {
		own := slices.IndexFunc(t.idx.products, func(p lexProduct) bool { return p.id == l.ID })
		if own < 0 || l.Coverage >= 0.9 {
			continue
		}
		name := t.idx.products[own].joined
		said, after, ok := runAndAfter(t, fq, l, name)
		if !ok {
			continue
		}
		says := func(n, w string) bool { return strings.Contains(n, w) || stemIn(w, n) }
		var words []string
		for _, w := range contentTerms(after) {
			if runeLen(w) >= 2 && !IsASCII(w) && !isIntentWord(w) && !strings.Contains(said, w) && !says(name, w) {
				words = append(words, w)
			}
		}
		var hit []string
		for _, p := range t.idx.products {
			if p.id != l.ID && strings.Contains(p.joined, said) && slices.ContainsFunc(words, func(w string) bool { return says(p.joined, w) }) {
				hit = append(hit, p.id)
			}
		}
		if len(hit) == 1 && !slices.ContainsFunc(found, func(o Link) bool { return o.ID == hit[0] }) {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s's name says none of %v; %s, whose name also holds %s, says one: it is linked", l.ID, words, hit[0], said))
			found[i].ID = hit[0]
		}
	}
	return found
}

// runAndAfter is the Chinese run of the question that found link l, when
// the product name (joined) holds it, and the words after it in its
// clause and side of a comparison.
func runAndAfter(t *turn, fq []string, l Link, name string) (said, after string, ok bool) {
	said = strings.Join(fq[l.start:min(l.end, len(fq))], "")
	if runeLen(said) < 2 || IsASCII(said) || !strings.Contains(name, said) {
		return "", "", false
	}
	at := strings.Index(t.nq, said)
	if at < 0 {
		return "", "", false
	}
	after = t.nq[at+len(said):]
	if k := strings.IndexFunc(after, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }); k >= 0 {
		after = after[:k]
	}
	if loc := sideRE.FindStringIndex(after); loc != nil {
		after = after[:loc[0]]
	}
	return said, after, true
}

// preferCategoryWord links, of the products whose names hold the run of
// the question a product was linked by, the one whose category the
// question names right after the run when the linked one's is another
// ("茉莉雪芽那个罐装茶叶": the 茉莉雪芽礼罐 of 茶叶, not the drink 茉莉雪芽纯茶
// of 纯茶). Only when exactly one such product is in that category.
func (e *Engine) preferCategoryWord(ctx context.Context, t *turn, fq []string, found []Link) []Link {
	if t.idx == nil {
		return found
	}
	category := func(id string) string {
		ent, err := e.entity(ctx, t.req, id)
		if err != nil || ent.Type != "Product" {
			return ""
		}
		c, _ := ent.Attr("category")
		return fold(c.Value)
	}
	for i, l := range found {
		own := slices.IndexFunc(t.idx.products, func(p lexProduct) bool { return p.id == l.ID })
		if own < 0 || l.Coverage >= 0.9 {
			continue
		}
		said, after, ok := runAndAfter(t, fq, l, t.idx.products[own].joined)
		if !ok {
			continue
		}
		mine := category(l.ID)
		var words []string
		for _, w := range contentTerms(after) {
			if runeLen(w) >= 2 && !IsASCII(w) && !isIntentWord(w) && !strings.Contains(mine, w) {
				words = append(words, w)
			}
		}
		if len(words) == 0 || mine == "" {
			continue
		}
		var hit []string
		for _, p := range t.idx.products {
			if p.id == l.ID || !strings.Contains(p.joined, said) {
				continue
			}
			if c := category(p.id); c != "" && slices.Contains(words, c) {
				hit = append(hit, p.id)
			}
		}
		if len(hit) == 1 && !slices.ContainsFunc(found, func(o Link) bool { return o.ID == hit[0] }) {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("the question names the category of %s, whose name also holds %s, after it: it is linked instead of %s", hit[0], said, l.ID))
			found[i].ID = hit[0]
		}
	}
	return found
}

// preferLatinWord links, of the names matched by the same words at the
// same place ("mountain white tea" of the candle, the reed diffuser and
// the EDT), the one alone whose names hold a Latin word the question adds
// that the linked one's do not ("edt" of 山岚白茶淡香水 EDT).
func preferLatinWord(t *turn, all, found []Link) []Link {
	if t.idx == nil {
		return found
	}
	holds := func(id, w string) bool {
		le := t.idx.byID[id]
		if le == nil {
			return false
		}
		if containsWholeWord(fold(le.Name), w) {
			return true
		}
		return slices.ContainsFunc(le.Aliases, func(a kg.Alias) bool { return containsWholeWord(fold(a.Text), w) })
	}
	words := slices.DeleteFunc(textUnits(t.nq), func(w string) bool { return !IsASCII(w) || len(w) < 2 || isNumber(w) })
	for i, l := range found {
		peers := Peers(all, l)
		if len(peers) == 0 {
			continue
		}
		for _, w := range words {
			if holds(l.ID, w) {
				continue
			}
			var hit []string
			for _, p := range peers {
				if holds(p.ID, w) && !slices.Contains(hit, p.ID) {
					hit = append(hit, p.ID)
				}
			}
			if len(hit) == 1 && !slices.ContainsFunc(found, func(o Link) bool { return o.ID == hit[0] }) {
				t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("of the names the question's words match alike, only %s's say %q: it is linked, not %s", hit[0], w, l.ID))
				found[i].ID = hit[0]
				break
			}
		}
	}
	return found
}

// numberedCodes are a text's units of a number and the letters after it
// ("17pro", "16pm").
func numberedCodes(s string) []string {
	var codes []string
	for _, u := range textUnits(s) {
		if i := strings.IndexFunc(u, unicode.IsLetter); i > 0 && isNumber(u[:i]) && !strings.ContainsFunc(u[i:], unicode.IsDigit) {
			codes = append(codes, u)
		}
	}
	return codes
}

// variantWritesCode reports whether a variant of product id writes one of
// codes as a number and the word after it ("iPhone 17 Pro" of 17pro).
func (t *turn) variantWritesCode(id string, codes []string) bool {
	us := t.idx.variantUnits[id]
	return slices.ContainsFunc(codes, func(c string) bool {
		for i, w := range us[:max(len(us)-1, 0)] {
			if isNumber(w) && c == w+us[i+1] {
				return true
			}
		}
		return false
	})
}

// preferNumbered links, of the products the question names alike ("磐石spc"
// of both 磐石 SPC floors), the one alone with a variant whose name writes a
// number the question says without its unit ("0.5耐磨层的": its 0.5mm
// variant).
func preferNumbered(t *turn, all, found []Link) []Link {
	if t.idx == nil {
		return found
	}
	var nums []string
	for _, m := range bareNumberRE.FindAllStringSubmatch(t.nq, -1) {
		nums = append(nums, m[1])
	}
	codes := numberedCodes(t.nq)
	if len(nums) == 0 && len(codes) == 0 {
		return found
	}
	writes := func(id string) bool {
		return slices.ContainsFunc(t.idx.variantUnits[id], func(u string) bool {
			return slices.ContainsFunc(nums, func(n string) bool {
				rest, ok := strings.CutPrefix(u, n)
				return ok && rest != "" && !strings.ContainsFunc(rest, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
			})
		}) || t.variantWritesCode(id, codes)
	}
	for i, l := range found {
		if writes(l.ID) {
			continue
		}
		var hit []string
		for _, p := range Peers(all, l) {
			if writes(p.ID) && !slices.Contains(hit, p.ID) {
				hit = append(hit, p.ID)
			}
		}
		if len(hit) == 1 && !slices.ContainsFunc(found, func(o Link) bool { return o.ID == hit[0] }) {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("of the products named alike, %s alone has a variant with a number the question says: it is linked", hit[0]))
			found[i].ID = hit[0]
		}
	}
	return found
}

// maxDescribedPeers caps the products ending with one head whose facts
// preferDescribed reads.
const maxDescribedPeers = 30

// mainFor is the product id stands for: its main product when id is a
// refill, accessory or set of it (or a variant of one), the words said
// (units, space-separated) that name id name the main product too, and the
// question says nothing only id's name says; else id.
func (e *Engine) mainFor(ctx context.Context, t *turn, id, said string, taken func(string) bool) (string, error) {
	ent, err := e.entity(ctx, t.req, id)
	if err != nil {
		return id, nil
	}
	if ent.Type == "Variant" && !e.saysVariant(t, &ent) {
		if p, ok := e.productOf(ctx, t.req, ent.ID); ok {
			ent = *p
		}
	}
	if ent.Type != "Product" || len(strings.Fields(said)) == 0 {
		return id, nil
	}
	q := strings.ReplaceAll(t.nq, " ", "")
	// "手柄有单卖的吗": a part asked to be sold on its own is the part.
	if partAloneRE.MatchString(q) {
		return id, nil
	}
	minor := name0(&ent)
	words := strings.Fields(said)
	mains, err := e.mainsOf(ctx, t, ent.ID)
	if err != nil {
		return id, err
	}
	for _, m := range mains {
		if m.Type != "Product" || m.Status != kg.StatusActive || taken(m.ID) {
			continue
		}
		// Each word said that the minor's names hold, the main's hold
		// too, and none of the minor's own words (保护套, filters) is in
		// the question.
		mn := name0(&m)
		// A word of the minor's name inside a key of the main product
		// the question says whole ("pro2 支持无线充电吗": 无线充电 is the
		// earbuds' key as much as 充电 is the case's name) asks that key,
		// unless the minor's name holds the whole key too ("单买外套":
		// 乳胶枕替换外套, not the pillow's 外套).
		// So does one inside the run of a key the question writes most of
		// ("白蜡木床1米8的 床头有多高": 床头 of the bed's 床头高度, not of
		// 床头柜).
		keyed := func(u string) bool {
			return slices.ContainsFunc(m.Attributes, func(a kg.Attribute) bool {
				k := fold(a.Key)
				if runeLen(k) < 2 || !strings.Contains(k, u) || strings.Contains(minor, k) {
					return false
				}
				if strings.Contains(q, k) {
					return true
				}
				// Half of the key is not enough when the question says
				// nothing of its other half ("滤芯用完了" asks no 滤芯寿命;
				// "床头有多高" says 高 of 床头高度).
				sc, _, span := keySpan(a.Key, q)
				if sc == 0 || !strings.Contains(span, u) {
					return false
				}
				return 2*runeLen(span) > runeLen(k) || strings.ContainsAny(q, strings.Replace(k, span, "", 1))
			})
		}
		if slices.ContainsFunc(words, func(u string) bool { return strings.Contains(minor, u) && !strings.Contains(mn, u) && !keyed(u) }) ||
			!slices.ContainsFunc(words, func(u string) bool { return strings.Contains(minor, u) }) {
			continue
		}
		// (A Chinese word of two characters at least: "换" of "买哪个换" is
		// not 替换充电盒's.)
		own := false
		us := textUnits(ent.Name)
		for i, u := range us {
			if IsASCII(u) {
				if !strings.Contains(mn, u) && runeLen(u) >= 2 && strings.Contains(q, u) && !keyed(u) {
					own = true
					break
				}
				continue
			}
			for _, pair := range [][2]int{{i - 1, i}, {i, i + 1}} {
				if pair[0] < 0 || pair[1] >= len(us) || IsASCII(us[pair[0]]) || IsASCII(us[pair[1]]) {
					continue
				}
				w := us[pair[0]] + us[pair[1]]
				if !strings.Contains(mn, w) && strings.Contains(q, w) && !keyed(w) {
					own = true
				}
			}
			if own {
				break
			}
		}
		// "mini1的桨": a word of the minor's name said right after the
		// words that name both (桨 of Mini 1 桨叶), in what the main's name
		// lacks, and no key of it.
		for _, w := range words {
			if i := strings.Index(minor, w); !own && i >= 0 {
				tail := strings.Map(func(r rune) rune {
					if strings.ContainsRune(mn, r) {
						return -1
					}
					return r
				}, minor[i+len(w):])
				x := wordAfterCode(q, w, tail)
				own = x != "" && !keyed(x)
			}
		}
		// "花洒的滤芯多久换一次 一盒几支": a measure asked that the refill
		// states and the product does not (3支/盒) is the refill's.
		// (Asked by a word of its own: a comparative's "多" asks none.)
		if !own && slices.ContainsFunc(t.u.measures, func(ms *measure) bool {
			i := slices.Index(t.u.measures, ms)
			return i < len(t.u.measureCue) && runeLen(t.u.measureCue[i]) >= 2 &&
				slices.ContainsFunc(ent.Attributes, ms.measuredBy) && !slices.ContainsFunc(m.Attributes, ms.measuredBy)
		}) {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s states a measure the question asks that %s does not: %s stays linked", ent.ID, m.ID, ent.ID))
			continue
		}
		if !own {
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s is a refill, part or set of %s, and the question says nothing only its name says: %s is linked", ent.ID, m.ID, m.ID))
			return m.ID, nil
		}
	}
	return id, nil
}

// englishKeys are the Chinese keys an English question's own words (the
// linked names masked) ask by the dictionary: "diameter" asks 直径, a key
// holding one of the word's translations of two or more characters. The
// word that asked each key labels it in the answer (labels).
//
// A word written as a name ("Latex" of "the Latex Hybrid Mattress Pro") is
// not translated, unless the question also writes it as a word ("the latex
// layer").
func englishKeys(masked, question string, proper map[string]bool, lex *kg.Lexicon, have []kg.PlanAttribute) (out []kg.PlanAttribute, labels map[string]string) {
	labels = map[string]string{}
	if lex == nil {
		return nil, labels
	}
	us := textUnits(masked)
	// A key of a Latin letter and a Chinese word ("R值") is asked by the
	// letter and an English word the Chinese one translates ("r value").
	for i := 0; i+1 < len(us); i++ {
		for _, a := range lex.Attributes {
			k := fold(a.Key)
			latin := strings.TrimRightFunc(k, func(r rune) bool { return r >= 0x80 })
			rest := strings.TrimPrefix(k, latin)
			if latin == "" || rest == "" || !IsASCII(latin) || latin != us[i] || IsASCII(rest) ||
				!slices.ContainsFunc(glosses(us[i+1]), func(g string) bool { return strings.Contains(g, rest) }) {
				continue
			}
			if !slices.ContainsFunc(append(have, out...), func(p kg.PlanAttribute) bool { return p.Key == a.Key }) {
				out = append(out, kg.PlanAttribute{Key: a.Key, Score: 0.8, Why: fmt.Sprintf("%q with the English word %q", latin, us[i+1])})
				labels[a.Key] = us[i] + " " + us[i+1]
			}
		}
	}
	// Each word of the dictionary's translations of what the question says
	// asks the keys that hold it.
	ask := func(said, why string) {
		for _, g := range glosses(said) {
			if runeLen(g) < 2 || IsASCII(g) {
				continue
			}
			for _, a := range lex.Attributes {
				k := fold(a.Key)
				if internalKeys[a.Key] || IsASCII(k) || !strings.Contains(k, g) ||
					slices.ContainsFunc(append(have, out...), func(p kg.PlanAttribute) bool { return p.Key == a.Key }) {
					continue
				}
				out = append(out, kg.PlanAttribute{Key: a.Key, Score: 0.8, Why: fmt.Sprintf(why, said, g)})
				labels[a.Key] = said
			}
		}
	}
	word := func(w string) bool {
		return IsASCII(w) && !(proper[w] && !containsWholeWord(question, w)) && !stopWords[w] && !isIntentWord(w)
	}
	// Two words the dictionary translates as one ("fuel tank": 油箱, "shelf
	// life": 保质期) ask the key holding that word, which neither word
	// alone may (fuel is 燃料, tank 坦克).
	for i := 0; i+1 < len(us); i++ {
		if word(us[i]) && word(us[i+1]) {
			ask(us[i]+" "+us[i+1], "the English words %q are %s")
		}
	}
	for _, w := range us {
		if word(w) {
			ask(w, "the English word %q is %s")
		}
	}
	return out, labels
}

// feeAsked adds the price to what the question asks when it asks whether
// a linked product costs money and then how much: "上门勘测要钱吗 多少" of
// 上门勘测服务. (Not a fee of something done to a product, "上门装要钱吗
// 多少", nor a repair's, which the text states.)
func (t *turn) feeAsked() {
	m := feeHowMuchRE.FindStringSubmatch(t.nq)
	if m == nil || repairFeeRE.MatchString(t.nq) || slices.ContainsFunc(t.u.concepts, func(c *concept) bool { return c.name == "price" }) {
		return
	}
	said := []rune(m[1])
	if !slices.ContainsFunc(t.links, func(l linkedEntity) bool {
		return (l.Type == "Product" || l.Type == "Variant") && len(said) >= 2 && longestCommon(said, []rune(fold(l.Name))) >= len(said)-1
	}) {
		return
	}
	t.u.concepts = append(t.u.concepts, conceptNamed("price"))
	t.plan.Parts = appendUnique(t.plan.Parts, "多少")
}

// insideWordOnly reports whether the question says name only inside
// longer words of its own that do not end with it (Chinese puts a
// compound's head last: 服务费 is a 费).
func (t *turn) insideWordOnly(name string) bool {
	if runeLen(name) < 2 || IsASCII(name) || !strings.Contains(t.nq, name) {
		return false
	}
	n := 0 // the places it is said inside a word of the question
	for _, w := range t.segments() {
		if strings.HasSuffix(w, name) {
			return false
		}
		n += strings.Count(w, name)
	}
	return n == strings.Count(t.nq, name)
}

// valueVariant finds the variant a question names by a word only its
// name adds to its product's, when the variants with that word are all of
// one product: the variant (one, if one alone has it), its product and the
// word.
func (t *turn) valueVariant() (variant, product, word string) {
	return t.valueVariantIn(t.masked)
}

// variantOfKin relinks a product found by part of its name ("4门衣柜":
// 推拉门衣柜 by 门衣柜) to another product of its category whose variant
// the question names by a value the first one's variants do not have
// (平开门实木衣柜's 4门), with that variant.
func (e *Engine) variantOfKin(ctx context.Context, t *turn) error {
	var only *linkedEntity
	for i, l := range t.links {
		if l.Type == "Product" || l.Type == "Variant" {
			if only != nil {
				return nil
			}
			only = &t.links[i]
		}
	}
	if only == nil || only.Type != "Product" || only.Score >= 0.9 {
		return nil
	}
	v, p, w := t.valueVariantIn(t.nq)
	if p == "" {
		// "四星月嫂26天": where the longest value the question says is
		// several products' (26天), a shorter one only one product's
		// variants have (四星) names it.
		v, p, w = t.oneProductValue(t.nq, only.ID)
	}
	if p == "" || p == only.ID || slices.ContainsFunc(t.idx.variantWords[w], func(x lexVariant) bool { return x.parent == only.ID }) {
		return nil
	}
	cur, err := e.entity(ctx, t.req, only.ID)
	if err != nil {
		return nil
	}
	kin, err := e.entity(ctx, t.req, p)
	if err != nil || kin.Status != kg.StatusActive || !onSale(&kin, t.req.AsOf) {
		return nil
	}
	c1, ok1 := cur.Attr("category")
	c2, ok2 := kin.Attr("category")
	if !ok1 || !ok2 || c1.Value != c2.Value {
		return nil
	}
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s has no variant %q; %s of its category does: it is linked", only.ID, w, p))
	t.relink(only, &kin, "the variant value "+w+" of a product of the category of "+only.ID)
	if v != "" {
		if ent, err := e.entity(ctx, t.req, v); err == nil && !slices.Contains(t.linked, v) {
			t.link(&ent, v, 0.5, "the variant value "+w, false)
		}
	}
	return nil
}

// relink puts ent where the linked entity l was, in the links and the plan.
func (t *turn) relink(l *linkedEntity, ent *kg.Entity, why string) {
	old := l.ID
	l.ID, l.Name = ent.ID, ent.Name
	for i, id := range t.linked {
		if id == old {
			t.linked[i] = ent.ID
		}
	}
	for i := range t.plan.Entities {
		if t.plan.Entities[i].ID == old {
			t.plan.Entities[i] = kg.PlanEntity{ID: ent.ID, Name: ent.Name, Score: l.Score, Why: why}
		}
	}
}

// productOfNamedCategory relinks a product found by words of its name
// ("初见30分钻戒": 「初见」钻石吊坠30分, by 初见 and 30分) to the one product
// of the category the question names beside them (钻戒) whose name holds
// the same words (「初见」六爪单钻戒30分): words of a name and a category
// together name a product of that category.
func (e *Engine) productOfNamedCategory(ctx context.Context, t *turn) error {
	var cat, prod *linkedEntity
	for i, l := range t.links {
		switch l.Type {
		case "Category":
			cat = &t.links[i]
		case "Product", "Variant":
			if prod != nil {
				return nil
			}
			prod = &t.links[i]
		}
	}
	if cat == nil || prod == nil || prod.Type != "Product" || t.lex == nil {
		return nil
	}
	cur, err := e.entity(ctx, t.req, prod.ID)
	if err != nil {
		return nil
	}
	if c, ok := cur.Attr("category"); !ok || c.Value == cat.Name {
		return nil
	}
	// The runs of its name the question says, the category's aside.
	catName := fold(cat.Name)
	var said []string
	name := []rune(fold(cur.Name))
	for i := 0; i < len(name); {
		n := 0
		for j := len(name); j >= i+2; j-- {
			if strings.Contains(t.nq, string(name[i:j])) {
				n = j - i
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		if run := string(name[i : i+n]); !strings.Contains(catName, run) && !strings.Contains(run, catName) {
			said = append(said, run)
		}
		i += n
	}
	if len(said) == 0 {
		return nil
	}
	var found *kg.Entity
	for _, le := range t.lex.Entities {
		n := fold(le.Name)
		if le.Type != "Product" || le.ID == cur.ID || slices.ContainsFunc(said, func(r string) bool { return !strings.Contains(n, r) }) {
			continue
		}
		ent, err := e.entity(ctx, t.req, le.ID)
		if err != nil || ent.Type != "Product" || ent.Status != kg.StatusActive {
			continue
		}
		if c, ok := ent.Attr("category"); !ok || c.Value != cat.Name {
			continue
		}
		if found != nil {
			return nil // several of the category hold them: none is the one named
		}
		found = &ent
	}
	if found == nil {
		return nil
	}
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s is no %s; %s is, and its name holds %s too: it is linked", cur.ID, cat.Name, found.ID, strings.Join(said, "、")))
	t.relink(prod, found, "its name holds "+strings.Join(said, "、")+" and it is of the category "+cat.Name+" the question names")
	return nil
}

// codeOfNamedCategory relinks "T5跑步机": a model code and a category
// named together name the one product of that category with that code,
// not an accessory or a service whose name carries both (跑步机防尘罩 T5);
// the other products linked by the category's name alone go.
func (e *Engine) codeOfNamedCategory(ctx context.Context, t *turn) error {
	if t.lex == nil || t.idx == nil {
		return nil
	}
	cat := ""
	for _, g := range t.lex.Groups {
		if g.Type == "Category" && runeLen(g.Name) >= 2 && strings.Contains(t.nq, fold(g.Name)) && runeLen(g.Name) > runeLen(cat) {
			cat = g.Name
		}
	}
	i := slices.IndexFunc(t.links, func(l linkedEntity) bool { return l.Type == "Product" || l.Type == "Variant" })
	if cat == "" || i < 0 {
		return nil
	}
	prod := &t.links[i]
	le := t.idx.byID[prod.ID]
	if le == nil {
		return nil
	}
	var codes []string
	for _, c := range le.Codes {
		if strings.Contains(t.nq, fold(c)) {
			codes = append(codes, fold(c))
		}
	}
	if len(codes) == 0 {
		return nil
	}
	carries := func(x *kg.LexEntity) bool {
		return x != nil && slices.ContainsFunc(x.Codes, func(c string) bool { return slices.Contains(codes, fold(c)) })
	}
	pid := prod.ID
	if le.Parent != "" {
		pid = le.Parent
	}
	cur, err := e.entity(ctx, t.req, pid)
	if err != nil {
		return nil
	}
	if c, ok := cur.Attr("category"); ok && c.Value == cat {
		return nil
	}
	var found *kg.Entity
	var seen []string
	for _, code := range codes {
		for _, id := range t.idx.codeProducts[code] {
			if id == pid || slices.Contains(seen, id) {
				continue
			}
			seen = append(seen, id)
			ent, err := e.entity(ctx, t.req, id)
			if err != nil || ent.Status != kg.StatusActive {
				continue
			}
			if c, ok := ent.Attr("category"); !ok || c.Value != cat {
				continue
			}
			if found != nil {
				return nil // several of the category carry the code
			}
			found = &ent
		}
	}
	if found == nil {
		return nil
	}
	t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%s is no %s; %s is, and carries %s too: it is linked", prod.ID, cat, found.ID, strings.Join(codes, "、")))
	t.relink(prod, found, "the product of the category "+cat+" the question names with the code "+strings.Join(codes, "、"))
	var drop []string
	for _, l := range t.links {
		if l.ID != found.ID && (l.Type == "Product" || l.Type == "Variant") && !carries(t.idx.byID[l.ID]) {
			drop = append(drop, l.ID)
		}
	}
	t.unlink(drop, "linked by the name of the category "+cat+" alone, which names "+found.ID)
	return nil
}

// comparedVariants links the variants a comparison names by their own
// words ("18瓶和32瓶"), when each word is one variant's and all are of one
// product, and the question links no product or variant yet, or only
// that product.
func (e *Engine) comparedVariants(ctx context.Context, t *turn) error {
	if t.plan.Operation != "compare" || t.idx == nil {
		return nil
	}
	var vs []lexVariant
	q := []rune(t.nq)
	// Words of one variant each; then, once they say whose, words other
	// products' variants share too ("wifi版…标准版": 标准版 of the one
	// the WiFi version is of).
	for _, parent := range []string{"", "shared"} {
		if parent != "" {
			if len(vs) != 1 {
				break
			}
			parent = vs[0].parent
		}
		for i := 0; i < len(q); i++ {
			best, bv := "", lexVariant{}
			for j := i + 2; j <= len(q) && j-i <= 8; j++ {
				w := string(q[i:j])
				if xs := t.idx.variantWords[w]; len(xs) == 1 {
					best, bv = w, xs[0]
				} else if k := slices.IndexFunc(xs, func(x lexVariant) bool { return parent != "" && x.parent == parent }); k >= 0 {
					best, bv = w, xs[k]
				}
			}
			if best == "" {
				continue
			}
			if len(vs) > 0 && bv.parent != vs[0].parent {
				return nil
			}
			if !slices.Contains(vs, bv) {
				vs = append(vs, bv)
			}
			i += runeLen(best) - 1
		}
	}
	if len(vs) < 2 || slices.ContainsFunc(t.links, func(l linkedEntity) bool {
		return (l.Type == "Product" || l.Type == "Variant") && l.ID != vs[0].parent && !slices.ContainsFunc(vs, func(v lexVariant) bool { return v.id == l.ID })
	}) {
		return nil
	}
	t.unlink([]string{vs[0].parent}, "its variants the comparison names stand for it")
	for _, v := range vs {
		if ent, err := e.entity(ctx, t.req, v.id); err == nil && !slices.Contains(t.linked, v.id) {
			t.link(&ent, v.id, 0.5, "a variant the comparison names by its own words", false)
		}
	}
	return nil
}

// clauseVariants links, for a linked variant, the one other variant of its
// product that a clause of the question names by a value of its own in
// each key where the two differ ("单日票周末大人多少 小孩1米3的呢": the
// weekend child's ticket, 儿童（1.2-1.5m）, beside the weekend adult's),
// its other values those of the linked one. The linked variant stays
// where the question says its own value too (大人 of 成人), else the other
// takes its place ("单日票周末小孩多少").
func (e *Engine) clauseVariants(ctx context.Context, t *turn) error {
	clauses := questionClauses(t.nq)
	if len(clauses) == 0 {
		return nil
	}
	for _, l := range slices.Clone(t.links) {
		if l.Type != "Variant" || !slices.Contains(t.linked, l.ID) {
			continue
		}
		v, err := e.entity(ctx, t.req, l.ID)
		if err != nil {
			continue
		}
		p, ok := e.productOf(ctx, t.req, l.ID)
		if !ok {
			continue
		}
		ns, err := e.Store.Neighbours(ctx, t.req.KB, p.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In, Limit: kg.MaxPage})
		if err != nil {
			return fmt.Errorf("answer: variants of %s: %w", p.ID, err)
		}
		var keys []string // the keys the variants' values differ in
		for _, a := range v.Attributes {
			if a.Key != "sku" && a.Key != "name_en" && a.Kind != kg.KindNumber && variesAcross(ns, a.Key) {
				keys = append(keys, a.Key)
			}
		}
		var picked []kg.Entity
		ownSaid := false // the question says a value of the linked variant's own where a picked one differs
		whole := measuresSaid(t.nq)
		for _, cl := range clauses {
			said := measuresSaid(cl)
			var hits []kg.Entity
			for _, n := range ns {
				s := n.Entity
				if s.ID == v.ID || !t.sellsVariant(&s) {
					continue
				}
				differs, fits := false, true
				for _, k := range keys {
					sa, _ := s.Attr(k)
					va, _ := v.Attr(k)
					if sa.Text() != va.Text() {
						differs = true
						fits = fits && valueSaid(cl, said, sa.Text())
					} else if stated, holds := measureTier(sa.Text(), said); stated && !holds {
						fits = false
					}
				}
				if differs && fits {
					hits = append(hits, s)
				}
			}
			if len(hits) != 1 || slices.ContainsFunc(picked, func(x kg.Entity) bool { return x.ID == hits[0].ID }) {
				continue
			}
			picked = append(picked, hits[0])
			for _, k := range keys {
				sa, _ := hits[0].Attr(k)
				va, _ := v.Attr(k)
				if sa.Text() != va.Text() && (valueSaid(t.nq, whole, va.Text()) || strings.Contains(t.nq, ownPart(va.Text(), sa.Text()))) {
					ownSaid = true
				}
			}
		}
		if len(picked) == 0 {
			continue
		}
		if !ownSaid && len(picked) == 1 {
			t.unlink([]string{v.ID}, "the question says none of its own values where "+picked[0].ID+" differs, and names that one's")
		}
		for i := range picked {
			if !slices.Contains(t.linked, picked[i].ID) {
				t.link(&picked[i], picked[i].ID, 0.5, "a clause names it by its own values, its others those of "+v.ID, false)
			}
		}
	}
	return nil
}

// ownPart is what a value says that another does not: the value, folded
// and without its bracketed remark, less the start and end the two share
// ("羊毛" of 羊毛地毯 beside 化纤地毯), or "\x00" when nothing is left.
func ownPart(val, other string) string {
	a := []rune(fold(strings.TrimSpace(valueParenRE.ReplaceAllString(val, ""))))
	b := []rune(fold(strings.TrimSpace(valueParenRE.ReplaceAllString(other, ""))))
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 {
		return "\x00"
	}
	return string(a)
}

// valueSaid reports whether a clause, stating the measures said (its
// measuresSaid), says a variant's value: its text
// without its bracketed remark, a word the dictionary gives as the same
// ("小孩" of 儿童), or a measure its span or bound holds ("1米3" of 儿童
// （1.2-1.5m）); not where the clause states a measure it does not hold
// ("孩子1米1").
func valueSaid(cl string, said map[string]float64, val string) bool {
	if stated, holds := measureTier(val, said); stated {
		return holds
	}
	core := fold(strings.TrimSpace(valueParenRE.ReplaceAllString(val, "")))
	if core == "" {
		return false
	}
	if containsWholeWord(cl, core) {
		return true
	}
	return runeLen(core) >= 2 && slices.ContainsFunc(zhen.Synonyms(core), func(w string) bool { return runeLen(w) >= 2 && strings.Contains(cl, w) })
}

// groupsMeet links the one product on sale that is of both a category
// and a series the question names, when it names no product ("pro床垫":
// the Pro series' mattress).
func (e *Engine) groupsMeet(ctx context.Context, t *turn) error {
	if t.linksSold() {
		return nil
	}
	var cat, series []linkedEntity
	for _, l := range t.links {
		switch l.Type {
		case "Category":
			cat = append(cat, l)
		case "Series":
			series = append(series, l)
		}
	}
	if len(cat) != 1 || len(series) != 1 {
		return nil
	}
	// The series' members on sale whose category is the one named (a
	// product states its category: one read, not two).
	ns, err := e.groupMembers(ctx, t, series[0].ID, "Series")
	if err != nil {
		return fmt.Errorf("answer: members of %s: %w", series[0].ID, err)
	}
	var both []kg.Entity
	for _, n := range ns {
		m := n.Entity
		if c, ok := m.Attr("category"); ok && fold(c.Text()) == fold(cat[0].Name) &&
			m.Type == "Product" && m.Status == kg.StatusActive && onSale(&m, t.req.AsOf) && m.OnChannel(t.req.Channel) {
			both = append(both, m)
		}
	}
	if len(both) == 1 {
		// The words naming the two groups name the product: the question
		// ranges over neither.
		t.unlink([]string{cat[0].ID, series[0].ID}, "the one product of both stands for them")
		t.group.id, t.group.why, t.group.done = "", "", true
		t.link(&both[0], both[0].ID, 0.5, "the one product on sale of both "+cat[0].ID+" and "+series[0].ID, true)
		return nil
	}
	if len(both) > 0 || t.plan.Operation != "compare" {
		return nil
	}
	// "移动空调跟小凉舟选哪个": two groups compared that share no product,
	// each with one product on sale, compare those two.
	groups := []linkedEntity{cat[0], series[0]}
	var only []kg.Entity
	for _, g := range groups {
		ms, err := e.groupMembers(ctx, t, g.ID, g.Type)
		if err != nil {
			return fmt.Errorf("answer: members of %s: %w", g.ID, err)
		}
		var on []kg.Entity
		for _, n := range ms {
			if m := n.Entity; m.Type == "Product" && m.Status == kg.StatusActive && onSale(&m, t.req.AsOf) && m.OnChannel(t.req.Channel) {
				on = append(on, m)
			}
		}
		if len(on) != 1 {
			return nil
		}
		only = append(only, on[0])
	}
	t.unlink([]string{cat[0].ID, series[0].ID}, "each compared group's one product stands for it")
	t.group.id, t.group.why, t.group.done = "", "", true
	for i := range only {
		t.link(&only[i], only[i].ID, 0.5, "the one product on sale of "+groups[i].ID+", compared", false)
	}
	return nil
}

// valueVariantIn is valueVariant over the text q.
func (t *turn) valueVariantIn(text string) (variant, product, word string) {
	if t.idx == nil {
		return "", "", ""
	}
	best := ""
	for _, w := range t.idx.variantWordsIn(text) {
		if runeLen(w) > runeLen(best) {
			best = w
		}
	}
	if best == "" {
		return "", "", ""
	}
	vs := t.idx.variantWords[best]
	for _, v := range vs {
		if v.parent != vs[0].parent {
			return "", "", "" // a value several products' variants have (白色): no one product
		}
	}
	if len(vs) == 1 {
		variant = vs[0].id
	}
	return variant, vs[0].parent, best
}

// variantValuesOf is how many of the variant values the question says
// (words a variant's name adds to its product's: 五星, 26天) the variants
// of the product id have; a number and its word count as the numbers do.
func (t *turn) variantValuesOf(id string) int {
	if t.idx == nil {
		return 0
	}
	if t.saidValues == nil {
		t.saidValues = t.idx.variantWordsIn(t.nq)
	}
	n := 0
	for _, w := range t.saidValues {
		if !unicode.IsDigit([]rune(w)[0]) && slices.ContainsFunc(t.idx.variantWords[w], func(v lexVariant) bool { return v.parent == id }) {
			n++
		}
	}
	return n
}

// oneProductValue is the variant that holds more of the values a question
// says than any variant of the product id does, two at least ("四星月嫂26
// 天": 四星 and 26天 of 住家月嫂 四星 26天, where 26天 alone is also of 双胞
// 胎月嫂's): the variant (one, if one alone holds them), its product and
// the values. Variants of several products holding as many name none.
func (t *turn) oneProductValue(text, id string) (variant, product, word string) {
	if t.idx == nil {
		return "", "", ""
	}
	held := map[lexVariant][]string{}
	for _, w := range t.idx.variantWordsIn(text) {
		for _, v := range t.idx.variantWords[w] {
			if !slices.Contains(held[v], w) {
				held[v] = append(held[v], w)
			}
		}
	}
	most, own := 0, 0
	var best []lexVariant
	for v, ws := range held {
		switch {
		case v.parent == id:
			own = max(own, len(ws))
		case len(ws) > most:
			most, best = len(ws), []lexVariant{v}
		case len(ws) == most:
			best = append(best, v)
		}
	}
	if most < 2 || most <= own || slices.ContainsFunc(best, func(v lexVariant) bool { return v.parent != best[0].parent }) {
		return "", "", ""
	}
	if len(best) == 1 {
		variant = best[0].id
	}
	ws := held[best[0]]
	slices.Sort(ws)
	return variant, best[0].parent, strings.Join(ws, " ")
}

// formerRE says a question is about an earlier model: "以前那款",
// "原来的", "老款", "之前卖的".
var formerRE = regexp.MustCompile(`以前|之前|原来|从前|老款|旧款|老的|上一代|上一款|old one|previous|older|earlier`)

// linkReplaced links the product the linked product replaced (REPLACES).
func (e *Engine) linkReplaced(ctx context.Context, t *turn) error {
	for _, l := range t.links {
		if l.Type != "Product" {
			continue
		}
		ns, err := e.Store.Neighbours(ctx, t.req.KB, l.ID, kg.NeighbourQuery{AsOf: t.req.AsOf, RelationTypes: []string{"REPLACES"}, Direction: kg.Out, Limit: 5})
		if err != nil {
			return fmt.Errorf("answer: replaced product: %w", err)
		}
		if len(ns) == 1 && !slices.Contains(t.linked, ns[0].Entity.ID) {
			ent := ns[0].Entity
			t.link(&ent, ent.ID, 0.5, "the product "+l.Name+" replaced, which the question compares it with", false)
		}
		return nil
	}
	return nil
}

// partAloneRE asks for a part or refill sold on its own.
var partAloneRE = regexp.MustCompile(`单卖|单独卖|单独买|单独购买|单独出售|sold separately|buy (it|one|them) separately`)

// shortCapacityRE is a capacity written without its B ("128g", "1t").
var shortCapacityRE = regexp.MustCompile(`(\d+)(g|t)(?:$|[^a-z0-9])`)

// shortCapacityVariant links, of a linked product, the one variant whose
// name writes a capacity the question writes without its B ("sd卡128g的":
// …存储卡 128GB), customers' shorthand.
func (e *Engine) shortCapacityVariant(ctx context.Context, t *turn) error {
	for _, l := range slices.Clone(t.links) {
		if l.Type != "Product" {
			continue
		}
		id, why := t.capacityVariant(l.ID)
		if id == "" || slices.Contains(t.linked, id) {
			continue
		}
		ent, err := e.entity(ctx, t.req, id)
		if err != nil {
			return err
		}
		t.link(&ent, id, 0.5, why, false)
	}
	return nil
}

// capacityVariant is the one variant of product pid whose name writes a
// capacity the question writes without its B ("128g": 128GB), and why.
func (t *turn) capacityVariant(pid string) (string, string) {
	if t.lex == nil {
		return "", ""
	}
	for _, m := range shortCapacityRE.FindAllStringSubmatch(t.nq, -1) {
		full := m[1] + m[2] + "b"
		var hit []string
		for _, le := range t.lex.Entities {
			if le.Type == "Variant" && le.Parent == pid && slices.Contains(textUnits(le.Name), full) {
				hit = append(hit, le.ID)
			}
		}
		if len(hit) == 1 {
			return hit[0], "the capacity " + m[1] + m[2] + ", written " + full + " in its name"
		}
	}
	return "", ""
}
