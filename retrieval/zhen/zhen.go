// Package zhen translates English words into the Chinese words a
// dictionary gives for them, so that an English question can be matched
// against a Chinese knowledge base ("valid" → 有效, "install" → 安装).
//
// The table is built from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0;
// see CEDICT_LICENSE) by internal/gen and embedded in the binary
// (about 1.4 MB compressed); it is read on first use (about 8 MB of heap). It is a
// general-purpose bilingual dictionary: nothing in it is about one brand or
// industry.
//
// It also knows the dictionary's Chinese place names (Place), the
// province each is in (Province) and the pinyin English writes them in
// (PlaceByPinyin), from a second table of about 57 KB read on first use:
// "北京有你们的店吗" names a city, "乌鲁木齐" is in 新疆, "Hangzhou" is 杭州.
//
// And it gives the Chinese words the dictionary translates alike
// (Synonyms: "小孩" is 儿童, "大人" is 成人), from an index of the table built
// on first use (about 4 MB of heap).
package zhen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
)

//go:embed cedict.tsv.gz
var table []byte

// placeList is the Chinese place names of CC-CEDICT (internal/gen
// -places): its municipalities, provinces, prefectures, counties, cities,
// districts and regions, by short and full name (厦门, 厦门市), each with
// the province its senses name, after a tab, when they name one.
//
//go:embed places.txt.gz
var placeList []byte

var (
	placesOnce sync.Once
	places     map[string]string // place → its province ("" for none known, or a province)
	byPinyin   map[string]string // toneless pinyin → the place, "" when several places read so
)

func loadPlaces() {
	places = map[string]string{}
	byPinyin = map[string]string{}
	eachLine(placeList, func(l string) {
		f := strings.Split(l, "\t")
		pr := ""
		if len(f) > 1 {
			pr = f[1]
		}
		places[f[0]] = pr
		if len(f) > 2 && f[2] != "" {
			if p, ok := byPinyin[f[2]]; ok && p != f[0] {
				byPinyin[f[2]] = "" // 台州 and 泰州 are both taizhou
			} else {
				byPinyin[f[2]] = f[0]
			}
		}
	})
}

// PlaceByPinyin is the place an English question names by its pinyin
// ("Hangzhou" → 杭州), or "" when none or several places read so.
func PlaceByPinyin(en string) string {
	placesOnce.Do(loadPlaces)
	return byPinyin[strings.ToLower(strings.ReplaceAll(en, " ", ""))]
}

// Place reports whether zh is a place name of the dictionary: a Chinese
// administrative division, by its short or full name ("上海", "厦门市").
func Place(zh string) bool {
	placesOnce.Do(loadPlaces)
	_, ok := places[zh]
	return ok
}

// Province is the province-level division a place is in, by the
// dictionary's senses ("乌鲁木齐" → 新疆, "晋江" → 福建), or "".
func Province(zh string) string {
	placesOnce.Do(loadPlaces)
	return places[zh]
}

// eachLine calls fn with each line of an embedded gzipped table. A table
// that does not read gives no lines: it is part of the build, and a test
// reads it.
func eachLine(gz []byte, fn func(string)) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fn(sc.Text())
	}
}

var (
	once  sync.Once
	words map[string]string // English key → Chinese words joined by "|"
)

func load() {
	words = map[string]string{}
	eachLine(table, func(l string) {
		if k, v, ok := strings.Cut(l, "\t"); ok {
			words[k] = v
		}
	})
}

// Len is how many English keys the table holds.
func Len() int {
	once.Do(load)
	return len(words)
}

// Lookup returns up to n Chinese words for an English word or two-word
// phrase (lower case), best first. An inflected word ("installed",
// "points", "batteries") is looked up by its stem first, then as written.
func Lookup(en string, n int) []string {
	once.Do(load)
	var out []string
	add := func(k string) {
		v, ok := words[k]
		if !ok {
			return
		}
		for _, z := range strings.Split(v, "|") {
			if len(out) == n {
				return
			}
			if !contains(out, z) {
				out = append(out, z)
			}
		}
	}
	for _, k := range Stems(en) {
		add(k)
	}
	add(en)
	return out
}

// synonymRank is how many of a headword's first Chinese words are the
// same word as each other: the dictionary gives its best translations first
// ("adult": 大人, 成人, 成年).
const synonymRank = 3

var (
	synOnce sync.Once
	synKeys []string            // single-word English headwords, by index
	byWord  map[string][]uint32 // Chinese word → the headwords it is among the first synonymRank words of
)

func loadSynonyms() {
	once.Do(load)
	byWord = map[string][]uint32{}
	for k, v := range words {
		if strings.ContainsAny(k, " '-") {
			continue // a phrase, a name part: no sense of one word
		}
		i := uint32(len(synKeys))
		synKeys = append(synKeys, k)
		for j, z := range strings.SplitN(v, "|", synonymRank+1) {
			if j < synonymRank {
				byWord[z] = append(byWord[z], i)
			}
		}
	}
}

// Synonyms are the Chinese words the dictionary gives among the first
// translations of an English word that zh is among the first translations
// of too, zh aside ("成人" → 大人, 成年; "儿童" → 孩子, 小孩): the same
// word said another way.
func Synonyms(zh string) []string {
	synOnce.Do(loadSynonyms)
	var out []string
	for _, i := range byWord[zh] {
		for j, z := range strings.SplitN(words[synKeys[i]], "|", synonymRank+1) {
			if j < synonymRank && z != zh && !contains(out, z) {
				out = append(out, z)
			}
		}
	}
	return out
}

// Stems are the dictionary forms an inflected English word may have, most
// likely first ("batteries" → battery; "installed" → install, installe;
// "shipping" → ship, shipp, shippe); none for a word that is not inflected.
func Stems(w string) []string {
	var out []string
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		out = append(out, w[:len(w)-2])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		out = append(out, w[:len(w)-1])
	case strings.HasSuffix(w, "ed") && len(w) > 3:
		b := w[:len(w)-2]
		out = append(out, b, b+"e", undouble(b))
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		b := w[:len(w)-3]
		out = append(out, b, b+"e", undouble(b))
	case strings.HasSuffix(w, "iest") && len(w) > 5:
		out = append(out, w[:len(w)-4]+"y") // "heaviest" → heavy
	case strings.HasSuffix(w, "est") && len(w) > 5 && !known(w):
		// A superlative ("widest" → wide, "biggest" → big), not a word
		// of its own ("interest").
		b := w[:len(w)-3]
		out = append(out, b, b+"e", undouble(b))
	}
	return out
}

// known reports whether w is a headword of the dictionary.
func known(w string) bool {
	once.Do(load)
	_, ok := words[w]
	return ok
}

// undouble drops a doubled final consonant ("shipp" → ship).
func undouble(b string) string {
	if n := len(b); n >= 2 && b[n-1] == b[n-2] && !strings.ContainsRune("aeiou", rune(b[n-1])) {
		return b[:n-1]
	}
	return b
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
