package guard

import (
	"encoding/base64"
	"encoding/hex"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Encoded runs an instruction may hide in: base64, \u and \x escapes,
// HTML character references, percent encoding and hexadecimal bytes.
var (
	base64RE  = regexp.MustCompile(`[A-Za-z0-9+/_\-]{16,}={0,2}`)
	escapeRE  = regexp.MustCompile(`(?:\\[uU]\{?[0-9a-fA-F]{4,6}\}?|\\x[0-9a-fA-F]{2}|\s)+`)
	entityRE  = regexp.MustCompile(`(?:&#[xX]?[0-9a-fA-F]{2,6};?\s*)+`)
	percentRE = regexp.MustCompile(`(?:%[0-9a-fA-F]{2})+`)
	hexRE     = regexp.MustCompile(`\b(?:[0-9a-fA-F]{2}[ :]?){8,}\b`)
)

// maxDecoded bounds the encoded runs looked at in one text.
const maxDecoded = 16

// decoded returns the readable text of the encoded runs in s (one level:
// text encoded twice is not read, but neither is it readable knowledge).
func decoded(s string) []string {
	if !strings.ContainsAny(s, `\&%`) && !base64RE.MatchString(s) && !hexRE.MatchString(s) {
		return nil
	}
	var out []string
	add := func(d string) {
		if len(out) < maxDecoded && readable(d) {
			out = append(out, d)
		}
	}
	for _, m := range base64RE.FindAllString(s, maxDecoded) {
		t := strings.TrimRight(m, "=")
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(t); err == nil {
				add(string(b))
				break
			}
		}
	}
	if strings.Contains(s, `\`) {
		for _, m := range escapeRE.FindAllString(s, maxDecoded) {
			if strings.Contains(m, `\`) {
				add(unescape(m))
			}
		}
	}
	if strings.Contains(s, "&#") {
		for _, m := range entityRE.FindAllString(s, maxDecoded) {
			add(html.UnescapeString(m))
		}
	}
	if strings.Contains(s, "%") {
		for _, m := range percentRE.FindAllString(s, maxDecoded) {
			if d, err := url.PathUnescape(m); err == nil {
				add(d)
			}
		}
	}
	for _, m := range hexRE.FindAllString(s, maxDecoded) {
		if b, err := hex.DecodeString(strings.NewReplacer(" ", "", ":", "").Replace(m)); err == nil {
			add(string(b))
		}
	}
	return out
}

// unescape reads \uXXXX, \u{XXXXX} and \xHH escapes (the latter as UTF-8
// bytes).
func unescape(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\x`) && i+4 <= len(s):
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b = append(b, byte(v))
				i += 4
				continue
			}
		case strings.HasPrefix(s[i:], `\u`) || strings.HasPrefix(s[i:], `\U`):
			j := i + 2
			brace := j < len(s) && s[j] == '{'
			if brace {
				j++
			}
			k := j
			for k < len(s) && k-j < 6 && strings.IndexByte("0123456789abcdefABCDEF", s[k]) >= 0 {
				k++
			}
			if k-j >= 4 {
				if v, err := strconv.ParseUint(s[j:k], 16, 32); err == nil {
					b = utf8.AppendRune(b, rune(v))
					if brace && k < len(s) && s[k] == '}' {
						k++
					}
					i = k
					continue
				}
			}
		}
		b = append(b, s[i])
		i++
	}
	return string(b)
}

// readable: valid UTF-8 of printable characters and at least three
// letters, as decoded text must be to be read as an instruction.
func readable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	letters := 0
	for _, r := range s {
		if !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}
