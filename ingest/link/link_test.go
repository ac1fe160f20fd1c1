package link

import (
	"slices"
	"testing"
)

func TestFind(t *testing.T) {
	l, err := New([][2]string{
		{"LJ-1010", "澜肌水光保湿面霜"},
		{"LJ-1014", "澜肌水光保湿面霜替换装"},
		{"LJ-1001", "LANJI Hydra Serum"},
		{"channel:web", "官网"},
		{"channel:app", "App"},
		{"x", "精"}, // too short to link
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"买了澜肌水光保湿面霜替换装", []string{"LJ-1014"}},
		{"澜肌水光保湿面霜和替换装", []string{"LJ-1010"}},
		{"ＬＡＮＪＩ hydra-serum 很好", []string{"LJ-1001"}},
		{"订单号 lj-1010 在官网", []string{"LJ-1010", "channel:web"}},
		{"please apply now", nil},
		{"download the App today", []string{"channel:app"}},
		{"精华", nil},
	} {
		if got := l.Find(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add("澜肌水光保湿面霜替换装 LJ-1010 官网")
	l, _ := New([][2]string{{"LJ-1010", "澜肌水光保湿面霜"}, {"w", "官网"}, {"e", "Serum"}})
	f.Fuzz(func(t *testing.T, s string) {
		_ = l.Find(s)
		f, b := Fold(s)
		if len(b) != len(f)+1 {
			t.Fatalf("Fold(%q): %d bounds for %d bytes", s, len(b), len(f))
		}
	})
}
