package answer

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"kgrag/kg"
)

// lexIndex is what the stages derive from a knowledge base's lexicon:
// built once per lexicon (a lexicon source hands out the same value until
// it is rebuilt), not once per question.
type lexIndex struct {
	lex *kg.Lexicon
	// products are the products' names as units (codeLinks).
	products []lexProduct
	// known and shapes are the products' and variants' ids and codes, upper
	// case, and their shapes (unknownModel).
	known, shapes map[string]bool
	// mentions holds every folded entity name, alias and attribute key
	// (inKnowledge).
	mentions string
	// sounds are the toneless readings of mentions' characters, one per
	// character ("" for any but a Chinese one), read on first use
	// (spelledRun).
	soundsOnce sync.Once
	sounds     []string
	runes      []rune
	// squashed is mentions without spaces and hyphens ("pods pro 2" as "podspro2"),
	// for codes and names a customer writes without them.
	squashed string
	// spacedNames are the names and aliases with their spaces, where a
	// code ends ("x5 4k", not "x54k"; codeInKnowledge).
	spacedNames string
	// variantUnits are the units of each product's variants' names (describedMember).
	variantUnits map[string][]string
	// variantWords are the words a variant's name adds to its product's
	// ("海盐蓝", "限定色" of "…耳机 海盐蓝（限定色）"), each with the variants
	// whose names add it (valueVariant).
	variantWords map[string][]lexVariant
	// byID is each entity of the lexicon by its id, and codeProducts the
	// products carrying each (folded) model code (codeOfNamedCategory).
	byID         map[string]*kg.LexEntity
	codeProducts map[string][]string
}

type lexProduct struct {
	id     string
	runes  int
	units  []string
	joined string // the units joined, to find a run of the question in
	// head is the name's Chinese run before a trailing code, without its
	// bracketed remarks ("铎行j3复古3/4盔" of "铎行 J3 复古3/4盔", "…车载支架"
	// of "…车载支架（出风口款）"): Chinese puts the kind last (kindMembers).
	head string
	// abbrs are the short codes a customer writes for a model its names
	// number (nameAbbrs: "q6" of 轻阅6 and Qingyue 6, "p7" of Pro 7).
	abbrs []string
}

// numberedWordRE is a word of a name and the number after it: Chinese
// characters written against the number, or a Latin word and a space.
var numberedWordRE = regexp.MustCompile(`(\p{Han}{1,4}|[A-Za-z]{2,})\s?(\d{1,4})(?:[^\d.]|$)`)

// nameAbbrs are the codes a customer shortens a numbered model's name to
// (轻阅6 → "q6", "qy6"; Qingyue 6 → "q6"; Pro 7 → "p7"): the first
// letter of the word before the number, or the first letters of the
// Chinese characters' readings, and the number.
func nameAbbrs(names ...string) []string {
	var out []string
	add := func(a string) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, n := range names {
		for _, m := range numberedWordRE.FindAllStringSubmatch(n, -1) {
			w, num := m[1], m[2]
			if IsASCII(w) {
				add(strings.ToLower(w[:1]) + num)
				continue
			}
			var initials string
			for _, r := range w {
				p := pinyin.SinglePinyin(r, pinyinArgs)
				if len(p) == 0 || p[0] == "" {
					initials = ""
					break
				}
				initials += p[0][:1]
			}
			if initials == "" {
				continue
			}
			add(initials[:1] + num)
			if len(initials) > 1 {
				add(initials + num)
			}
		}
	}
	return out
}

func newLexIndex(lex *kg.Lexicon) *lexIndex {
	x := &lexIndex{lex: lex, known: map[string]bool{}, shapes: map[string]bool{}, variantUnits: map[string][]string{}, variantWords: map[string][]lexVariant{},
		byID: map[string]*kg.LexEntity{}, codeProducts: map[string][]string{}}
	names := map[string]string{}
	for i, le := range lex.Entities {
		names[le.ID] = le.Name
		x.byID[le.ID] = &lex.Entities[i]
		if le.Type == "Product" {
			for _, c := range le.Codes {
				x.codeProducts[fold(c)] = append(x.codeProducts[fold(c)], le.ID)
			}
		}
	}
	var b, sp strings.Builder
	for _, le := range lex.Entities {
		b.WriteString(fold(le.Name))
		b.WriteByte(0)
		sp.WriteString(spaced(le.Name))
		sp.WriteByte(0)
		for _, a := range le.Aliases {
			b.WriteString(fold(a.Text))
			b.WriteByte(0)
			sp.WriteString(spaced(a.Text))
			sp.WriteByte(0)
		}
		switch le.Type {
		case "Product":
			us := textUnits(le.Name)
			names := []string{le.Name}
			for _, a := range le.Aliases {
				names = append(names, a.Text)
			}
			x.products = append(x.products, lexProduct{id: le.ID, runes: runeLen(le.Name), units: us, joined: strings.Join(us, ""), head: nameHead(textUnits(valueParenRE.ReplaceAllString(le.Name, " "))), abbrs: nameAbbrs(names...)})
		case "Variant":
			if le.Parent != "" {
				x.variantUnits[le.Parent] = append(x.variantUnits[le.Parent], textUnits(le.Name)...)
				if own, ok := strings.CutPrefix(le.Name, names[le.Parent]); ok {
					for _, w := range variantWordRE.FindAllString(own, -1) {
						w = strings.ToLower(w) // as the question is read
						x.variantWords[w] = append(x.variantWords[w], lexVariant{id: le.ID, parent: le.Parent})
					}
				}
			}
		}
		if le.Type == "Product" || le.Type == "Variant" {
			for _, c := range append([]string{le.ID}, le.Codes...) {
				x.known[strings.ToUpper(c)] = true
				// A customer writes "DP-300" as "dp300" too.
				x.known[strings.ToUpper(codeSeps.Replace(c))] = true
				x.shapes[codeShape(strings.ToUpper(c))] = true
			}
		}
	}
	for _, a := range lex.Attributes {
		b.WriteString(fold(a.Key))
		b.WriteByte(0)
	}
	x.mentions = b.String()
	x.spacedNames = sp.String()
	x.squashed = codeSeps.Replace(x.mentions)
	return x
}

// codeSeps are what a name or code writes between its parts and a
// customer leaves out ("pods pro 2" as "podspro2", "DP-300" as "dp300").
var codeSeps = strings.NewReplacer(" ", "", "-", "", "_", "")

// lexIndexes caches the index of each knowledge base's current lexicon.
type lexIndexes struct{ m sync.Map } // kb → *lexIndex

func (c *lexIndexes) get(kb string, lex *kg.Lexicon) *lexIndex {
	if lex == nil {
		return newLexIndex(&kg.Lexicon{})
	}
	if v, ok := c.m.Load(kb); ok && v.(*lexIndex).lex == lex {
		return v.(*lexIndex)
	}
	x := newLexIndex(lex)
	c.m.Store(kb, x)
	return x
}

// lexVariant is a variant and its product.
type lexVariant struct{ id, parent string }

// variantWordRE is a word of two or more Chinese characters, a number
// and the Chinese word it counts ("4门"), or a Latin word and the Chinese
// one it makes a name of ("WiFi版").
var variantWordRE = regexp.MustCompile(`\d+(?:\.\d+)?\p{Han}+|[A-Za-z][A-Za-z0-9]*\p{Han}+|\p{Han}{2,}`)

// variantWordsIn are the variant words a text says, every time it says
// one, in the order read: its own runs of two to eight characters looked up
// (not every variant word of the catalog searched for in the text).
func (x *lexIndex) variantWordsIn(text string) []string {
	out := []string{}
	q := []rune(text)
	for i := range q {
		for j := i + 2; j <= len(q) && j-i <= 8; j++ {
			if w := string(q[i:j]); x.variantWords[w] != nil {
				out = append(out, w)
			}
		}
	}
	return out
}

// spelledRun is the run of Chinese characters of the knowledge's names,
// aliases and keys whose toneless readings spell an English word ("chunxi"
// of 春熙路店, "jiefangbei" of 解放碑旗舰店), or "": how English writes a
// Chinese place. Runs of two characters or more; the word has four letters
// or more.
func (x *lexIndex) spelledRun(w string) string {
	if x == nil || len(w) < 4 || !IsASCII(w) {
		return ""
	}
	x.soundsOnce.Do(func() {
		x.runes = []rune(x.mentions)
		x.sounds = make([]string, len(x.runes))
		for i, r := range x.runes {
			if unicode.Is(unicode.Han, r) {
				if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 {
					x.sounds[i] = p[0]
				}
			}
		}
	})
	for i := range x.runes {
		rest := w
		for j := i; j < len(x.runes) && x.sounds[j] != "" && strings.HasPrefix(rest, x.sounds[j]); j++ {
			rest = rest[len(x.sounds[j]):]
			if rest == "" {
				if j > i {
					return string(x.runes[i : j+1])
				}
				break
			}
		}
	}
	return ""
}
