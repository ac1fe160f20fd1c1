package chunk

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var sentenceCases = []struct {
	name string
	text string
	want []string
}{
	{"chinese", "第一句。第二句！第三句？第四；", []string{"第一句。", "第二句！", "第三句？", "第四；"}},
	{"english", "One. Two! Three? Four", []string{"One. ", "Two! ", "Three? ", "Four"}},
	{"decimals and domains stay", "浓度0.3%。访问 www.example.com 查看。", []string{"浓度0.3%。", "访问 www.example.com 查看。"}},
	{"closers stay with the sentence", "他说：“好。”然后走了。", []string{"他说：“好。”", "然后走了。"}},
	{"newline ends a sentence", "1. 第一条\n2. 第二条", []string{"1. 第一条\n", "2. 第二条"}},
	{"ellipsis", "等等……好", []string{"等等……", "好"}},
	{"empty", "", nil},
}

func TestSentences(t *testing.T) {
	for _, tc := range sentenceCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Sentences(tc.text)
			if strings.Join(got, "\x00") != strings.Join(tc.want, "\x00") {
				t.Errorf("Sentences(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if strings.Join(got, "") != tc.text {
				t.Errorf("Sentences(%q) does not concatenate back to the text", tc.text)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	text := strings.Repeat("这是一个用于测试的中文句子。", 30) + strings.Repeat("This is an English sentence for tests. ", 20)
	o := Options{Size: 100, Overlap: 30}
	chunks := Split(text, o)
	if len(chunks) < 5 {
		t.Fatalf("Split gave %d chunks, want several", len(chunks))
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > o.Size {
			t.Errorf("chunk %d has %d runes, want <= %d", i, n, o.Size)
		}
		if i > 0 && !strings.HasSuffix(c, "。") && !strings.HasSuffix(c, ".") {
			t.Errorf("chunk %d ends inside a sentence: %q", i, c)
		}
	}
	// Overlap: the second chunk starts with the first one's last sentence.
	last := Sentences(chunks[0])
	if !strings.HasPrefix(chunks[1], strings.TrimSpace(last[len(last)-1])) {
		t.Errorf("chunk 1 %q does not start with chunk 0's last sentence %q", chunks[1], last[len(last)-1])
	}
	// A sentence longer than a chunk is cut, at a comma when there is one.
	long := strings.Repeat("很长的从句，", 40) + "结束。"
	for i, c := range Split(long, Options{Size: 50, Overlap: 0}) {
		if utf8.RuneCountInString(c) > 50 {
			t.Errorf("long sentence chunk %d has %d runes", i, utf8.RuneCountInString(c))
		}
	}
	if got := Split("短文本。", Options{}); len(got) != 1 || got[0] != "短文本。" {
		t.Errorf("Split(short) = %q", got)
	}
}

func TestLang(t *testing.T) {
	for text, want := range map[string]string{"退货政策": "zh", "Return policy": "en", "A醇紧致精华 serum": "zh", "123": ""} {
		if got := Lang(text); got != want {
			t.Errorf("Lang(%q) = %q, want %q", text, got, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, tc := range sentenceCases {
		f.Add(tc.text, 50, 10)
	}
	f.Add(strings.Repeat("句子。", 100), 20, 5)
	f.Fuzz(func(t *testing.T, text string, size, overlap int) {
		if strings.Join(Sentences(text), "") != text {
			t.Fatalf("Sentences(%q) lost text", text)
		}
		o := Options{Size: size % 2000, Overlap: overlap % 1000}.WithDefaults()
		for _, c := range Split(text, o) {
			if c == "" || utf8.RuneCountInString(c) > o.Size {
				t.Fatalf("Split(%q, %+v) gave chunk %q", text, o, c)
			}
		}
	})
}
