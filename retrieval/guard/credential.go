package guard

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A credential cue and the value it introduces: "admin password:
// hunter2-ADMIN", "口令是 Abc123!", "token = 9f8e…".
var credentialRE = regexp.MustCompile(`(?i)(password|passwd|pwd|passcode|pass code|passphrase|pin code|口令|密码|密钥|秘钥|私钥|token|api[ _-]?key|secret(?: key)?|access[ _-]?key|private[ _-]?key|credentials?)` +
	`[^。！？!?\n]{0,20}?(?:\bis\b|\bare\b|\bwas\b|=|:|：|是|为|為)?\s*[‘'"“「『]?([!-~]{4,80})`)

// Qualifiers that make any value after a cue a credential: an account of
// the service itself, not a customer's.
var privilegedRE = regexp.MustCompile(`(?i)admin|administrator|root|superuser|管理员|后台|超级|内部|员工|staff|internal|system|系统|数据库|database|server|服务器|开发者|developer|master`)

// Shapes of keys and tokens, wherever they stand.
var keyShapeRE = regexp.MustCompile(`\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[baprs]-[A-Za-z0-9-]{10,}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAIza[0-9A-Za-z_-]{30,}`)

// Credential reports whether text holds a credential-like string: a value
// after a password, 口令, 密码, token, API key or secret cue (a value with
// letters and digits or symbols, or any value of a privileged account),
// a key-shaped string (sk-…, AKIA…, a JWT, a private key), or a long
// high-entropy token. Numbers alone after a cue (a device's pairing code
// "0000") are not: manuals state them for customers.
func Credential(text string) bool {
	s := norm.NFKC.String(StripInvisible(text))
	low := strings.ToLower(s)
	if keyShapePre.may(low) && keyShapeRE.MatchString(s) {
		return true
	}
	if !credentialPre.may(low) {
		return randomTokenIn(s)
	}
	for _, m := range credentialRE.FindAllStringSubmatchIndex(s, -1) {
		v := strings.TrimRight(s[m[4]:m[5]], `'"”’」』.,;:!?)]}`)
		if secretValue(v) {
			return true
		}
		lead := s[max(0, m[0]-24):m[1]]
		if len([]rune(v)) >= 4 && privilegedRE.MatchString(lead) && !plainWord(v) {
			return true
		}
	}
	return randomTokenIn(s)
}

var credentialPre = newPrefilter(credentialRE)

var keyShapePre = newPrefilter(keyShapeRE)

// randomTokenIn looks at each run of 20+ key characters (what tokenRE
// matches, scanned by hand: it runs on every sentence of evidence).
func randomTokenIn(s string) bool {
	key := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '_' || c == '=' || c == '-'
	}
	for i := 0; i < len(s); {
		if !key(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && key(s[j]) {
			j++
		}
		if j-i >= 20 && randomToken(s[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// secretValue: at least 6 characters mixing letters with digits or
// symbols, or mixed-case letters with a symbol ("hunter2-ADMIN", "P@ss").
func secretValue(v string) bool {
	if len(v) < 6 {
		return false
	}
	var letter, digit, symbol, upper, lower bool
	for _, r := range v {
		switch {
		case unicode.IsUpper(r):
			letter, upper = true, true
		case unicode.IsLower(r):
			letter, lower = true, true
		case unicode.IsDigit(r):
			digit = true
		default:
			symbol = true
		}
	}
	return letter && (digit || symbol && upper && lower)
}

// plainWord: a lower-case English word ("your", "valid"), which follows a
// cue in ordinary sentences ("the password is your phone number").
func plainWord(v string) bool {
	for _, r := range v {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// randomToken: a run of 20+ characters with upper and lower case letters
// and digits whose characters are spread like a generated key's, or 32+
// hexadecimal digits.
func randomToken(t string) bool {
	var upper, lower, digit bool
	hex := true
	for _, r := range t {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		}
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			hex = false
		}
	}
	if hex && len(t) >= 32 && digit {
		return true
	}
	return upper && lower && digit && entropy(t) >= 3.5
}

// entropy is the Shannon entropy of t's characters in bits per character.
func entropy(t string) float64 {
	n := map[rune]int{}
	for _, r := range t {
		n[r]++
	}
	total := float64(len([]rune(t)))
	h := 0.0
	for _, c := range n {
		p := float64(c) / total
		h -= p * math.Log2(p)
	}
	return h
}
