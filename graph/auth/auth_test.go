package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	cases := []struct {
		name, spec string
		wantErr    string
		keys       int
	}{
		{"empty", "", "", 0},
		{"two keys", "bot:chat:lanji:0123456789abcdef, ana:Trainer:lanji|demo:abcdef0123456789:with:colons", "", 2},
		{"newlines", "bot:chat:lanji:0123456789abcdef\nroot:admin:*:fedcba9876543210", "", 2},
		{"missing secret", "bot:chat:lanji", "want id:role:kbs:secret", 0},
		{"short secret", "bot:chat:lanji:short", "shorter than", 0},
		{"unknown role", "bot:janitor:lanji:0123456789abcdef", "role \"janitor\" is unknown", 0},
		{"bad kb", "bot:chat:Lan Ji:0123456789abcdef", "knowledge base", 0},
		{"repeated id", "bot:chat:a:0123456789abcdef,bot:chat:a:0123456789abcdeg", "repeated", 0},
		{"shared secret", "a:chat:a:0123456789abcdef,b:chat:a:0123456789abcdef", "same secret", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ks, err := ParseKeys(tc.spec)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseKeys(%q) = %v, want error containing %q", tc.spec, err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "0123456789abcdef") {
					t.Errorf("error %q leaks the secret", err)
				}
				return
			}
			if err != nil || ks.Len() != tc.keys {
				t.Fatalf("ParseKeys(%q) = %d keys, %v; want %d", tc.spec, ks.Len(), err, tc.keys)
			}
		})
	}
	ks, _ := ParseKeys("ana:trainer:lanji|demo:abcdef0123456789:with:colons")
	c, ok := ks.Lookup("abcdef0123456789:with:colons")
	if !ok || c.KeyID != "ana" || c.Role != RoleTrainer || strings.Join(c.KBs, ",") != "lanji,demo" {
		t.Errorf("Lookup = %+v, %v", c, ok)
	}
	if _, ok := ks.Lookup("abcdef0123456789"); ok {
		t.Error("Lookup of a prefix of the secret succeeded")
	}
}

func TestRights(t *testing.T) {
	cases := []struct {
		role Role
		a    Action
		want bool
	}{
		{RoleChat, Ask, true}, {RoleChat, ReadGraph, false}, {RoleChat, Rate, false}, {RoleChat, ReadAnswers, false},
		{RoleAgent, ReadAnswers, true}, {RoleAuditor, ReadAnswers, true}, {RoleTrainer, ReadAnswers, false},
		{RoleAgent, Ask, true}, {RoleAgent, Rate, true}, {RoleAgent, Correct, true}, {RoleAgent, Curate, false}, {RoleAgent, ReadTraces, false},
		{RoleTrainer, Curate, true}, {RoleTrainer, Review, true}, {RoleTrainer, Ingest, true}, {RoleTrainer, ReadTraces, false}, {RoleTrainer, Ask, false},
		{RoleAuditor, ReadTraces, true}, {RoleAuditor, ReadHistory, true}, {RoleAuditor, Curate, false},
		{RoleAdmin, Curate, true}, {RoleAdmin, ReadTraces, true}, {RoleAdmin, Ask, true},
	}
	for _, tc := range cases {
		if got := (Caller{Role: tc.role}).Can(tc.a); got != tc.want {
			t.Errorf("%s.Can(%s) = %v, want %v", tc.role, tc.a, got, tc.want)
		}
	}
	ctx := WithCaller(context.Background(), Caller{KeyID: "bot", Role: RoleChat})
	if _, err := Require(ctx, Curate); !errors.Is(err, ErrForbidden) {
		t.Errorf("Require(chat, curate) = %v, want ErrForbidden", err)
	}
	if _, err := Require(context.Background(), Ask); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("Require(no caller) = %v, want ErrUnauthenticated", err)
	}
}

func TestSelectKB(t *testing.T) {
	cases := []struct {
		kbs         []string
		asked, want string
		err         error
	}{
		{[]string{"lanji", "demo"}, "", "lanji", nil},
		{[]string{"lanji", "demo"}, "demo", "demo", nil},
		{[]string{"lanji"}, "other", "", ErrForbidden},
		{[]string{"*"}, "", DefaultKB, nil},
		{[]string{"*"}, "anything", "anything", nil},
	}
	for _, tc := range cases {
		c := Caller{KeyID: "k", KBs: tc.kbs}
		err := c.SelectKB(tc.asked)
		if !errors.Is(err, tc.err) || (err == nil && c.KB != tc.want) {
			t.Errorf("SelectKB(%v, %q) = %q, %v; want %q, %v", tc.kbs, tc.asked, c.KB, err, tc.want, tc.err)
		}
	}
}
