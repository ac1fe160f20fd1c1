package textenc

import (
	"errors"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestDecode(t *testing.T) {
	const text = "问题,答案\n能开发票吗？,可以。\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text + "𠀀"))
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	for _, tc := range []struct {
		name, declared string
		data           []byte
		want, wantEnc  string
	}{
		{"utf-8", "", []byte(text), text, UTF8},
		{"utf-8 bom", "", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, UTF8},
		{"gbk detected as gb18030", "", gbk, text, GB18030},
		{"gbk declared", "GBK", gbk, text, GBK},
		{"gb2312 declared reads as gbk", "gb2312", gbk, text, GBK},
		{"gb18030 four-byte", "", gb18030, text + "𠀀", GB18030},
		{"utf-16le bom", "", u16, text, UTF16LE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, enc, err := Decode(tc.data, tc.declared)
			if err != nil || got != tc.want || enc != tc.wantEnc {
				t.Errorf("Decode = %q, %s, %v; want %q, %s", got, enc, err, tc.want, tc.wantEnc)
			}
		})
	}
	if _, _, err := Decode(gbk, "utf-8"); !errors.Is(err, ErrEncoding) {
		t.Errorf("GBK declared as UTF-8: %v", err)
	}
	if _, _, err := Decode([]byte("x"), "ebcdic"); !errors.Is(err, ErrEncoding) {
		t.Errorf("unknown encoding: %v", err)
	}
}
