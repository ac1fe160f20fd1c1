package auth

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzParseKeys: ParseKeys never panics, and a spec it accepts gives one
// key per entry, each found by its secret with its id, role and kbs.
func FuzzParseKeys(f *testing.F) {
	for _, s := range []string{
		"",
		"bot:chat:lanji:0123456789abcdef",
		"bot:chat:lanji:0123456789abcdef, ana:Trainer:lanji|demo:abcdef0123456789:with:colons",
		"bot:chat:lanji:0123456789abcdef\nroot:admin:*:fedcba9876543210",
		"bot:chat:lanji",
		"bot:janitor:lanji:0123456789abcdef",
		"bot:chat:Lan Ji:0123456789abcdef",
		"a:chat:a:0123456789abcdef,b:chat:a:0123456789abcdef",
		"a:chat:|:0123456789abcdef",
		",,\n , :::",
		"a:CHAT:*|kb:  0123456789abcdef  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ks, err := ParseKeys(spec)
		if err != nil {
			if ks != nil {
				t.Fatalf("ParseKeys(%q) = keys and error %v", spec, err)
			}
			return
		}
		n := 0
		for _, entry := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == '\n' }) {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			n++
			parts := strings.SplitN(entry, ":", 4)
			c, ok := ks.Lookup(parts[3])
			if !ok || c.KeyID != parts[0] || !strings.EqualFold(string(c.Role), parts[1]) || len(c.KBs) == 0 {
				t.Fatalf("ParseKeys(%q): entry %q looks up as %+v, %v", spec, entry, c, ok)
			}
			if err := c.SelectKB(""); err != nil && c.KBs[0] != AllKBs {
				t.Fatalf("ParseKeys(%q): key %q cannot use its own first knowledge base: %v", spec, c.KeyID, err)
			}
		}
		if ks.Len() != n {
			t.Fatalf("ParseKeys(%q) has %d keys for %d entries", spec, ks.Len(), n)
		}
		if _, ok := ks.Lookup(""); ok {
			t.Fatal("the empty secret is a key")
		}
	})
}

// FuzzSecret: Secret never panics, reads `Bearer` in any case, returns no
// surrounding space, and nothing for another scheme.
func FuzzSecret(f *testing.F) {
	for _, s := range [][2]string{
		{"Bearer 0123456789abcdef", ""},
		{"bearer 0123456789abcdef", ""},
		{"BEARER   spaced-secret  ", ""},
		{"Basic dXNlcjpwYXNz", ""},
		{"Bearer", ""},
		{"", "x-api-key-secret"},
		{" Bearer\tx", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, authorization, apiKey string) {
		h := http.Header{}
		h.Set("Authorization", authorization)
		h.Set("X-Api-Key", apiKey)
		got := Secret(h)
		if got != strings.TrimSpace(got) {
			t.Fatalf("Secret(%q, %q) = %q with surrounding space", authorization, apiKey, got)
		}
		scheme, rest, _ := strings.Cut(strings.TrimSpace(h.Get("Authorization")), " ")
		switch {
		case h.Get("Authorization") == "":
			if got != strings.TrimSpace(h.Get("X-Api-Key")) {
				t.Fatalf("Secret(X-Api-Key %q) = %q", apiKey, got)
			}
		case strings.EqualFold(scheme, "Bearer"):
			if got != strings.TrimSpace(rest) {
				t.Fatalf("Secret(%q) = %q", authorization, got)
			}
		default:
			if got != "" {
				t.Fatalf("Secret(%q) = %q, want none for scheme %q", authorization, got, scheme)
			}
		}
	})
}
