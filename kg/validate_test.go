package kg

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeAttribute(t *testing.T) {
	cases := []struct {
		in      Attribute
		want    string
		wantErr bool
	}{
		{Attribute{Key: "price_cny", Kind: KindNumber, Value: " 259.00 "}, "259", false},
		{Attribute{Key: "price_cny", Kind: KindNumber, Value: "1e3"}, "1000", false},
		{Attribute{Key: "price_cny", Kind: KindNumber, Value: "¥259"}, "", true},
		// One number rule (ParseNumber): finite decimals, negatives included.
		{Attribute{Key: "k", Kind: KindNumber, Value: "NaN"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "nan"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "Inf"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "-Infinity"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "+inf"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "1e999"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "0x1p4"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "0x10"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "1_000"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "1_0.5"}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: ""}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "."}, "", true},
		{Attribute{Key: "k", Kind: KindNumber, Value: "-5"}, "-5", false},
		{Attribute{Key: "k", Kind: KindNumber, Value: "-0"}, "0", false},
		{Attribute{Key: "k", Kind: KindNumber, Value: "+.5"}, "0.5", false},
		{Attribute{Key: "k", Kind: KindNumber, Value: "12."}, "12", false},
		{Attribute{Key: "k", Kind: KindNumber, Value: "2.5E-1"}, "0.25", false},
		{Attribute{Key: "on_sale", Kind: KindBool, Value: "TRUE"}, "true", false},
		{Attribute{Key: "launched", Kind: KindDate, Value: "2025-07-01"}, "2025-07-01", false},
		{Attribute{Key: "launched", Kind: KindDate, Value: "2025/07/01"}, "", true},
		{Attribute{Key: "净含量", Value: "30ml"}, "30ml", false}, // kind defaults to STRING
		{Attribute{Key: "tags", Kind: KindList, List: []string{"a", " b "}}, "a、b", false},
		{Attribute{Key: "tags", Kind: KindList, Value: "a"}, "", true},
		{Attribute{Key: "x", Kind: KindString, List: []string{"a"}}, "", true},
		{Attribute{Key: "", Value: "x"}, "", true},
		{Attribute{Key: "bad\x00key", Value: "x"}, "", true},
		{Attribute{Key: "k", Value: strings.Repeat("x", MaxValueLen+1)}, "", true},
		{Attribute{Key: "k", Kind: "BLOB", Value: "x"}, "", true},
		{Attribute{Key: "吸力", Path: "specs.吸力", Value: "8000Pa", Num: ptr(8000), Unit: "Pa"}, "8000Pa", false},
		{Attribute{Key: "水温", Path: "冲泡建议.水温", Value: "40-50℃", Num: ptr(40), Max: ptr(50), Unit: "℃"}, "40-50℃", false},
		{Attribute{Key: "吸力", Path: "specs.吸力\x00", Value: "x"}, "", true},
		{Attribute{Key: "吸力", Path: "specs[0].吸力", Value: "x"}, "", true},
		{Attribute{Key: "吸力", Path: strings.Repeat("p", MaxPathLen+1), Value: "x"}, "", true},
		{Attribute{Key: "吸力", Path: strings.Repeat("p", MaxPathLen), Value: "x"}, "x", false},
		{Attribute{Key: "吸力", Value: "x", Num: ptr(math.NaN())}, "", true},
		{Attribute{Key: "吸力", Value: "x", Num: ptr(1), Max: ptr(math.Inf(1))}, "", true},
		{Attribute{Key: "吸力", Value: "x", Max: ptr(1)}, "", true},
		{Attribute{Key: "吸力", Value: "x", Unit: strings.Repeat("u", MaxUnitLen+1)}, "", true},
	}
	for _, tc := range cases {
		got, err := NormalizeAttribute("a", tc.in)
		if tc.wantErr {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("NormalizeAttribute(%+v) = %+v, %v; want ErrInvalid", tc.in, got, err)
			}
			continue
		}
		if err != nil || got.Text() != tc.want {
			t.Errorf("NormalizeAttribute(%+v) = %q, %v; want %q", tc.in, got.Text(), err, tc.want)
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestNormalizeName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Hydra Serum", "hydraserum"},
		{"ＨＹＤＲＡ　ＳＥＲＵＭ", "hydraserum"},
		{"澜肌·水光精华（30ml）", "澜肌水光精华30ml"},
		{"LJ-1001", "lj1001"},
	}
	for _, tc := range cases {
		if got := NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestValidIDs(t *testing.T) {
	good := []string{"LJ-1001", "lj-returns-2025", "F001", "category:精华", "水光系列"}
	bad := []string{"", "a b", "-x", "x[1]", strings.Repeat("x", 129), "a\nb"}
	for _, id := range good {
		if err := ValidID("id", id); err != nil {
			t.Errorf("ValidID(%q) = %v", id, err)
		}
	}
	for _, id := range bad {
		if err := ValidID("id", id); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidID(%q) = %v, want ErrInvalid", id, err)
		}
	}
}

// TestBoundedPatterns checks the id, key and path character sets against
// the patterns they stand for.
func TestBoundedPatterns(t *testing.T) {
	old := []struct {
		name string
		got  charset
		want *regexp.Regexp
	}{
		{"id", idRE, regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._:/\-]{0,127}$`)},
		{"key", keyRE, regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.\-/ （）()【】、·&+%×]{0,63}$`)},
		{"path", pathRE, regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.\-/ （）()【】、·&+%×]{0,199}$`)},
	}
	var inputs []string
	for _, unit := range []string{"a", "吸", "9", "_", ".", " ", "-", "/", ":", "é", "（", ")", "×", "`", "\xff", "\x00"} {
		for _, n := range []int{0, 1, 2, 63, 64, 65, 127, 128, 129, 199, 200, 201} {
			for _, first := range []string{"", "a", "力", "_", ".", "\xff"} {
				s := first + strings.Repeat(unit, n)
				inputs = append(inputs, s, s+"\n", "a"+s)
			}
		}
	}
	inputs = append(inputs, "LJ-1001", "products.jsonl#LJ-1001", "channel:wechat", "specs.吸力", "a\nb")
	// Letters and numbers of other categories (Lt, Lm, Nl, No), a combining
	// mark, symbols and spaces that are not ASCII.
	for _, r := range []string{"ǅ", "ʰ", "Ⅷ", "²", "\u0301", "😀", "\u00a0", "\u3000", "€", "٣"} {
		inputs = append(inputs, r, "a"+r, r+"a", "_"+r)
	}
	for _, p := range old {
		for _, s := range inputs {
			if got, want := p.got.MatchString(s), p.want.MatchString(s); got != want {
				t.Errorf("%s pattern on %q (%d characters): %v, want %v", p.name, s, utf8.RuneCountInString(s), got, want)
			}
		}
	}
}

// Catalogs write brackets and list punctuation in their keys; they load.
func TestKeysWithBrackets(t *testing.T) {
	for _, k := range []string{"总续航（含充电盒）", "功率(W)", "尺寸【长×宽×高】", "适用人群、场景", "A&B"} {
		if _, err := NormalizeAttribute("specs", Attribute{Key: k, Value: "1"}); err != nil {
			t.Errorf("NormalizeAttribute(key %q) = %v, want it accepted", k, err)
		}
	}
	for _, k := range []string{"吸力#max", "a`b", "x\ny"} {
		if _, err := NormalizeAttribute("specs", Attribute{Key: k, Value: "1"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("NormalizeAttribute(key %q) = %v, want ErrInvalid", k, err)
		}
	}
}
