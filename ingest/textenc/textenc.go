// Package textenc turns the bytes of a source file into UTF-8 text: UTF-8
// with or without a byte order mark, UTF-16 with a BOM, and GBK/GB18030 (the
// encodings Excel uses for Chinese CSV exports), detected or declared.
package textenc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrEncoding is returned (wrapped) when the bytes cannot be decoded.
var ErrEncoding = errors.New("textenc: cannot decode")

// Encoding names Decode reports and accepts.
const (
	UTF8    = "utf-8"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
	GBK     = "gbk"
	GB18030 = "gb18030"
)

// Names lists the declared encodings Decode accepts.
var Names = []string{UTF8, GBK, GB18030, UTF16LE, UTF16BE}

// Canonical returns the canonical name of a declared encoding, or "" with
// an error when it is unknown. "" and "auto" mean: detect.
func Canonical(name string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-")) {
	case "", "auto", "detect":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "gbk", "cp936", "gb2312", "gb-2312":
		// GB2312 is a subset of GBK, so the GBK decoder reads it.
		return GBK, nil
	case "gb18030", "gb-18030":
		return GB18030, nil
	case "utf-16le", "utf16le":
		return UTF16LE, nil
	case "utf-16be", "utf16be":
		return UTF16BE, nil
	}
	return "", fmt.Errorf("%w: unknown encoding %q; known: %s (or auto)", ErrEncoding, name, strings.Join(Names, ", "))
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// HasUTF16BOM reports whether data starts with a UTF-16 byte order mark
// (such text holds NUL bytes and must not be taken for binary).
func HasUTF16BOM(data []byte) bool {
	return bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE)
}

// Decode returns data as UTF-8 text without a BOM and the encoding it was
// read as. declared is "" (or "auto") to detect: a BOM wins; valid UTF-8 is
// UTF-8; anything else is tried as GB18030 (a superset of GBK and GB2312),
// and rejected if that leaves undecodable bytes.
func Decode(data []byte, declared string) (text, enc string, err error) {
	enc, err = Canonical(declared)
	if err != nil {
		return "", "", err
	}
	if enc == "" {
		switch {
		case bytes.HasPrefix(data, bomUTF8):
			enc = UTF8
		case bytes.HasPrefix(data, bomUTF16LE):
			enc = UTF16LE
		case bytes.HasPrefix(data, bomUTF16BE):
			enc = UTF16BE
		case utf8.Valid(data):
			enc = UTF8
		default:
			enc = GB18030
		}
	}
	switch enc {
	case UTF8:
		data = bytes.TrimPrefix(data, bomUTF8)
		if !utf8.Valid(data) {
			off := firstInvalidUTF8(data)
			return "", "", fmt.Errorf("%w: line %d: not valid UTF-8 (byte offset %d); declare the encoding (e.g. gbk) if the file is not UTF-8", ErrEncoding, lineAt(data, off), off)
		}
		return string(data), enc, nil
	case UTF16LE:
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), data, enc)
	case UTF16BE:
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), data, enc)
	case GBK:
		return decodeWith(simplifiedchinese.GBK, data, enc)
	default:
		return decodeWith(simplifiedchinese.GB18030, data, enc)
	}
}

func decodeWith(e encoding.Encoding, data []byte, enc string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: as %s: %v", ErrEncoding, enc, err)
	}
	out = bytes.TrimPrefix(out, bomUTF8)
	// The x/text decoders replace undecodable bytes with U+FFFD instead of
	// failing; a replacement the input did not contain means the guess (or
	// the declaration) was wrong.
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return "", "", fmt.Errorf("%w: line %d: bytes that are neither UTF-8 nor %s; declare the file's encoding", ErrEncoding, lineAt(out, i), strings.ToUpper(enc))
	}
	return string(out), enc, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func lineAt(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	return bytes.Count(b[:off], []byte{'\n'}) + 1
}
