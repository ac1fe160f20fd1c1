package answer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"kgrag/retrieval"
)

// Words typed by their sound. Chinese is typed as pinyin and picked from
// the words of that sound, so a customer's slip is a word of the right
// sound and the wrong characters ("冰相" for 冰箱, "帐蓬" for 帐篷, "补冲装"
// for 补充装). Such a word is no word of the language (or a rare one) and
// the knowledge never uses it, but the knowledge uses the word meant, and
// that word sounds the same and keeps some of its characters. The repair
// is language-level: the words come from the knowledge base.

// rareWordFreq is the segmenter-dictionary frequency below which a word is
// rare enough to be a slip ("帐蓬": 6 uses, against 740 of 帐篷).
const rareWordFreq = 10

// uncommonWordFreq is the frequency from which a word is no slip at all,
// and commonerBy how much more common than a word its sound-alike must be
// when the word is not rare.
const (
	uncommonWordFreq = 200
	commonerBy       = 5
)

// soundHits is how many chunks a slip's search reads for the word meant.
const soundHits = 8

// The customer types a character by its most common toneless reading;
// the knowledge's character may be read in any of its readings (伽 is ga,
// jia and qie: 瑜珈 sounds as 瑜伽, and 能比 not as 能否, 否 being fou or pi).
var (
	pinyinArgs = pinyin.NewArgs()
	readings   = pinyin.Args{Style: pinyin.Normal, Heteronym: true}
)

// soundOf is a Chinese word's sound, one toneless syllable per character
// (nil when a character has none: a letter, a digit).
func soundOf(w string) []string {
	var out []string
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return nil
		}
		p := pinyin.SinglePinyin(r, pinyinArgs)
		if len(p) == 0 {
			return nil
		}
		out = append(out, p[0])
	}
	return out
}

// soundAlikes rewrites the words of a Chinese question that the knowledge
// never uses as the words of the same sound it does use, and notes each
// in the trace. It returns the question unchanged when none is found.
func (e *Engine) soundAlikes(ctx context.Context, t *turn) string {
	if t.lang == "en" || t.idx == nil {
		return t.nq
	}
	segOnce.Do(loadSegmenter)
	if seg == nil {
		return t.nq
	}
	nq := t.nq
	for _, w := range append(contentTerms(t.nq), lonePairs(t.nq)...) {
		// (A less rare word is a slip only for a far more common word of its
		// sound: 瑜珈, 23 uses, against 175 of 瑜伽.)
		f := seg.Freq(w)
		if IsASCII(w) || runeLen(w) < 2 || f >= uncommonWordFreq || strings.Contains(t.idx.mentions, w) {
			continue
		}
		r := []rune(w)
		// "没水了", "没电了": 没 and a noun say the thing ran out; no slip
		// (墨水 shares 没's sound only by a rare reading of 墨).
		if len(r) == 2 && r[0] == '没' {
			continue
		}
		// "咖啡机加磨豆机": a joining word glued to the next ("加磨") is no
		// slip either; nor a word of grammar glued to a word ("改要加钱":
		// 改要, no 改约).
		if strings.ContainsRune("加和跟与或及再又", r[0]) || strings.ContainsRune(functionChars, r[len(r)-1]) {
			continue
		}
		// The segmenter glues an unknown word to its neighbour ("放冰相"):
		// the word and its two shorter ends are tried, longest first.
		tries := []string{w}
		if len(r) >= 3 {
			tries = append(tries, string(r[1:]), string(r[:len(r)-1]))
		}
		// A word of the dictionary ("金俊", a name) is a slip too where,
		// with the character after it, it sounds as a run of a name the
		// knowledge says ("金俊眉": 金骏眉), whatever the dictionary says of
		// the name's part.
		ext := ""
		if i := strings.Index(nq, w); i >= 0 {
			if next, _ := utf8.DecodeRuneInString(nq[i+len(w):]); unicode.Is(unicode.Han, next) && !strings.ContainsRune(loneChars, next) {
				ext = w + string(next)
				tries = append(tries, ext)
			}
		}
		for _, try := range tries {
			if strings.Contains(t.idx.mentions, try) {
				break
			}
			// Nor is a word 不 negates ("不带的话": not 附带; "不太", "不值").
			if strings.HasPrefix(try, "不") {
				continue
			}
			meant, err := e.soundAlike(ctx, t, try)
			if err != nil {
				// A best-effort repair: the question is answered as typed.
				t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%q not read by its sound: %v", try, err))
				break
			}
			if meant == "" || try == ext && !strings.Contains(t.idx.mentions, meant) || try != ext && f >= rareWordFreq && seg.Freq(meant) < commonerBy*f {
				continue
			}
			nq = strings.ReplaceAll(nq, try, meant)
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%q read as %q: the same sound, and the knowledge base says %q", try, meant, meant))
			break
		}
	}
	// The segmenter also cuts a slip in two where its first characters are
	// a word ("虎皮蓝": 虎皮, 蓝): a word of the question and the lone
	// character after it, which no name holds with it, may sound as the end
	// of one name (虎皮兰), each character by its common reading.
	var bounds map[int]bool
	for _, w := range contentTerms(nq) {
		i := strings.Index(nq, w)
		if IsASCII(w) || i < 0 || !strings.Contains(t.idx.mentions, w) {
			continue
		}
		next, size := utf8.DecodeRuneInString(nq[i+len(w):])
		try := w + string(next)
		if !unicode.Is(unicode.Han, next) || strings.Contains(t.idx.mentions, try) {
			continue
		}
		if bounds == nil {
			bounds = wordBounds([]rune(nq))
		}
		if !bounds[runeLen(nq[:i+len(w)])] || !bounds[runeLen(nq[:i+len(w)+size])] {
			continue // 适 of "精华适合": the start of the next word
		}
		want := soundOf(try)
		if want == nil {
			continue // a character without a reading
		}
		found := sameSound(t.idx.mentions, []rune(try), want)
		// (The end of a name: "沙发座深" is no 沙发左 of …转角沙发左贵妃.)
		if len(found) == 1 && slices.Equal(soundOf(found[0]), want) && strings.Contains(t.idx.mentions, found[0]+"\x00") {
			nq, bounds = strings.ReplaceAll(nq, try, found[0]), nil
			t.tr.Notes = append(t.tr.Notes, fmt.Sprintf("%q read as %q: the same sound, and a name says %q", try, found[0], found[0]))
		}
	}
	return nq
}

// loneChars are characters that stand alone in a sentence as words of
// grammar (the function characters, and more pronouns, numerals,
// prepositions and particles): no half of a word typed by its sound, no
// head of a category's name.
const loneChars = functionChars + "嘛或及他她它谁啥没再又很太更最几二两三四五六七八九十想把被给让对从到向往为得着过"

// lonePairs are two characters the segmenter left alone side by side, no
// word of grammar either ("马捅" of "静音马捅400坑距": a slip of 马桶 the
// dictionary does not hold).
func lonePairs(nq string) []string {
	var out []string
	ws := seg.Cut(nq)
	for i := 0; i+1 < len(ws); i++ {
		a, b := []rune(ws[i]), []rune(ws[i+1])
		if len(a) == 1 && len(b) == 1 && unicode.Is(unicode.Han, a[0]) && unicode.Is(unicode.Han, b[0]) &&
			!strings.ContainsRune(loneChars, a[0]) && !strings.ContainsRune(loneChars, b[0]) {
			out = appendUnique(out, ws[i]+ws[i+1])
		}
	}
	return out
}

// soundAlike is the one word of the knowledge base (of an entity's name or
// of the text of a chunk that shares characters with w) that sounds as w,
// keeps at least one of its characters in place and is not w; "" when
// there is none, or more than one.
func (e *Engine) soundAlike(ctx context.Context, t *turn, w string) (string, error) {
	want := soundOf(w)
	if want == nil {
		return "", nil
	}
	if e.inKnowledge(ctx, t, w) {
		return "", nil // a word of the knowledge, however rare
	}
	hits, err := e.Search.Search(ctx, w, retrieval.Filter{KB: t.req.KB}, retrieval.SearchOptions{Limit: soundHits, Mode: retrieval.SparseOnly})
	if err != nil {
		return "", fmt.Errorf("answer: sound-alike search: %w", err)
	}
	texts := []string{t.idx.mentions}
	for _, h := range hits {
		texts = append(texts, fold(h.Chunk.Text+" "+h.Chunk.Title))
	}
	wr := []rune(w)
	var found []string
	for _, text := range texts {
		for _, m := range sameSound(text, wr, want) {
			if !slices.Contains(found, m) {
				found = append(found, m)
			}
		}
	}
	if len(found) != 1 {
		return "", nil
	}
	return found[0], nil
}

// sameSound finds the words of text as long as w that sound as it does
// (want), differ from it and keep at least one of its characters in place.
func sameSound(text string, w []rune, want []string) []string {
	var out []string
	rs := []rune(text)
	n := len(w)
	var bounds map[int]bool
	for i := 0; i+n <= len(rs); i++ {
		if !unicode.Is(unicode.Han, rs[i]) {
			continue
		}
		kept, same := 0, true
		for j := 0; j < n && same; j++ {
			r := rs[i+j]
			switch {
			case r == w[j]:
				kept++
			case !unicode.Is(unicode.Han, r):
				same = false
			default:
				same = slices.Contains(pinyin.SinglePinyin(r, readings), want[j])
			}
		}
		if same && kept > 0 && kept < n {
			if bounds == nil {
				bounds = wordBounds(rs)
			}
			// A word of the text, not the end of one and the start of the next.
			if m := string(rs[i : i+n]); bounds[i] && bounds[i+n] && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// wordBounds marks the rune offsets of text where the segmenter's words
// begin and end.
func wordBounds(rs []rune) map[int]bool {
	b := map[int]bool{0: true, len(rs): true}
	at := 0
	for _, w := range seg.Cut(string(rs)) {
		at += runeLen(w)
		b[at] = true
	}
	return b
}
