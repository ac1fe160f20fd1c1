package zhen

import (
	"slices"
	"testing"
)

func TestLookup(t *testing.T) {
	if n := Len(); n < 50000 {
		t.Fatalf("table has %d keys, want the whole dictionary (> 50,000)", n)
	}
	for _, c := range []struct {
		en, want string
	}{
		{"valid", "有效"},
		{"install", "安装"},
		{"installed", "安装"}, // by its stem
		{"batteries", "电池"}, // -ies
		{"refunds", "退款"},   // -s
		{"noise", "噪音"},
		{"warranty", "保修"},
	} {
		got := Lookup(c.en, 6)
		if !slices.Contains(got, c.want) {
			t.Errorf("Lookup(%q) = %v, want it to hold %s", c.en, got, c.want)
		}
	}
	if got := Lookup("valid", 1); len(got) != 1 || got[0] != "有效" {
		t.Errorf("Lookup(valid, 1) = %v, want [有效] (the most frequent word first)", got)
	}
	if got := Lookup("qwertyuiop", 3); len(got) != 0 {
		t.Errorf("Lookup of a non-word = %v, want nothing", got)
	}
}

func TestSynonyms(t *testing.T) {
	for w, want := range map[string]string{"成人": "大人", "儿童": "小孩", "小孩": "儿童"} {
		if got := Synonyms(w); !slices.Contains(got, want) {
			t.Errorf("Synonyms(%q) = %v, want %s among them", w, got, want)
		}
	}
	// Words no headword gives among its first translations together.
	if got := Synonyms("成人"); slices.Contains(got, "儿童") {
		t.Errorf("Synonyms(成人) = %v, want no 儿童", got)
	}
	if got := Synonyms("qwerty"); len(got) != 0 {
		t.Errorf("Synonyms of a non-word = %v, want none", got)
	}
}

func TestStems(t *testing.T) {
	for w, want := range map[string]string{"shipping": "ship", "stopped": "stop", "boxes": "box", "points": "point", "used": "use",
		"widest": "wide", "longest": "long", "heaviest": "heavy", "fastest": "fast"} {
		if got := Stems(w); !slices.Contains(got, want) {
			t.Errorf("Stems(%q) = %v, want %q among them", w, got, want)
		}
	}
	// A word of its own that ends like a superlative has no stem.
	for _, w := range []string{"interest", "request"} {
		if got := Stems(w); len(got) > 0 {
			t.Errorf("Stems(%q) = %v, want none", w, got)
		}
	}
}

func TestPlace(t *testing.T) {
	for _, w := range []string{"上海", "北京", "厦门", "厦门市", "新疆", "浦东", "香港"} {
		if !Place(w) {
			t.Errorf("Place(%q) = false, want a place", w)
		}
	}
	for _, w := range []string{"南京路", "欧莱雅", "美国", "安全", "通用", "阳光", "小米"} {
		if Place(w) {
			t.Errorf("Place(%q) = true, want no Chinese administrative division", w)
		}
	}
}

func TestProvince(t *testing.T) {
	for zh, want := range map[string]string{"乌鲁木齐": "新疆", "深圳": "广东", "晋江": "福建", "拉萨": "西藏", "新疆": ""} {
		if got := Province(zh); got != want {
			t.Errorf("Province(%q) = %q, want %q", zh, got, want)
		}
	}
}

func TestPlaceByPinyin(t *testing.T) {
	for en, want := range map[string]string{"Hangzhou": "杭州", "xiamen": "厦门", "Nanjing": "南京", "showroom": ""} {
		if got := PlaceByPinyin(en); got != want {
			t.Errorf("PlaceByPinyin(%q) = %q, want %q", en, got, want)
		}
	}
}
