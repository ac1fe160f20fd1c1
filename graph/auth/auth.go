// Package auth maps API keys to roles and knowledge bases and guards every
// request: no key or an unknown key is a 401, a role without the right is
// FORBIDDEN.
package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"kgrag/kg"
)

// Role is what a key may do.
type Role string

// Roles, from least to most powerful.
const (
	RoleChat    Role = "CHAT"    // ask only
	RoleAgent   Role = "AGENT"   // ask, rate, submit corrections
	RoleTrainer Role = "TRAINER" // curate the graph, review corrections, ingest
	RoleAuditor Role = "AUDITOR" // read traces and history
	RoleAdmin   Role = "ADMIN"   // everything
)

// Action is something a caller may be allowed to do.
type Action string

// Actions.
const (
	Ask         Action = "ask"
	Rate        Action = "rate"
	Correct     Action = "submit corrections"
	ReadGraph   Action = "read the graph"
	Curate      Action = "curate the graph"
	Review      Action = "review corrections"
	Ingest      Action = "ingest sources"
	ReadHistory Action = "read history"
	ReadTraces  Action = "read answer traces"
	// ReadAnswers is reading any answer of the knowledge base by id; a
	// caller that may only Ask reads the answers its own key created.
	ReadAnswers Action = "read any answer"
	// Prune is deleting old answers (retention); no role but admin has it.
	Prune Action = "prune answers"
)

var rights = map[Role][]Action{
	RoleChat:    {Ask},
	RoleAgent:   {Ask, Rate, Correct, ReadGraph, ReadAnswers},
	RoleTrainer: {ReadGraph, Curate, Review, Ingest, ReadHistory},
	RoleAuditor: {ReadGraph, ReadHistory, ReadTraces, ReadAnswers},
}

// Errors; graph's error presenter gives them the codes UNAUTHENTICATED and FORBIDDEN.
var (
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrForbidden       = errors.New("forbidden")
)

// AllKBs in a key's list means every knowledge base.
const AllKBs = "*"

// DefaultKB is the knowledge base of a caller that may use all and names none.
const DefaultKB = "default"

// Caller is who makes a request.
type Caller struct {
	KeyID string
	Role  Role
	KBs   []string
	// KB is the knowledge base this request works in.
	KB string
	// KBImplicit is set when the request named no knowledge base and the
	// key names none either (a key for all, or dev mode): KB is then
	// DefaultKB by default only, and graph refuses the request when other
	// knowledge bases exist rather than guess.
	KBImplicit bool
}

// Can reports whether the caller's role has the right.
func (c Caller) Can(a Action) bool {
	return c.Role == RoleAdmin || slices.Contains(rights[c.Role], a)
}

// MayUse reports whether the caller may work in the knowledge base.
func (c Caller) MayUse(kb string) bool {
	return slices.Contains(c.KBs, AllKBs) || slices.Contains(c.KBs, kb)
}

// Require returns the caller of ctx if it has the right, else an error
// wrapping ErrUnauthenticated or ErrForbidden.
func Require(ctx context.Context, a Action) (Caller, error) {
	c, ok := FromContext(ctx)
	if !ok {
		return Caller{}, fmt.Errorf("no API key: send Authorization: Bearer <key>: %w", ErrUnauthenticated)
	}
	if !c.Can(a) {
		return Caller{}, fmt.Errorf("role %s may not %s: %w", c.Role, a, ErrForbidden)
	}
	return c, nil
}

// RequireAny is Require for an operation any of several rights allow.
func RequireAny(ctx context.Context, as ...Action) (Caller, error) {
	var err error
	for _, a := range as {
		var c Caller
		if c, err = Require(ctx, a); err == nil {
			return c, nil
		}
	}
	return Caller{}, err
}

type ctxKey struct{}

// WithCaller returns ctx carrying the caller.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// FromContext returns the caller of the request.
func FromContext(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(ctxKey{}).(Caller)
	return c, ok
}

type key struct {
	id   string
	role Role
	kbs  []string
}

// Keys is the set of configured API keys, found by the hash of the secret.
type Keys struct {
	byHash map[[32]byte]key
}

// MinSecretLen is the shortest secret accepted.
const MinSecretLen = 16

// ParseKeys reads key specs "id:role:kb1|kb2:secret" separated by commas or
// newlines; kbs "*" means every knowledge base. The secret is everything
// after the third colon.
func ParseKeys(spec string) (*Keys, error) {
	ks := &Keys{byHash: map[[32]byte]key{}}
	ids := map[string]bool{}
	for i, entry := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == '\n' }) {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.SplitN(entry, ":", 4)
		if len(parts) != 4 {
			return nil, fmt.Errorf("api key %d: want id:role:kbs:secret", i+1)
		}
		id, role, kbs, secret := parts[0], Role(strings.ToUpper(parts[1])), parts[2], parts[3]
		if err := kg.ValidID("key id", id); err != nil || ids[id] {
			return nil, fmt.Errorf("api key %d: id %q is malformed or repeated", i+1, id)
		}
		ids[id] = true
		if _, ok := rights[role]; !ok && role != RoleAdmin {
			return nil, fmt.Errorf("api key %q: role %q is unknown; want chat, agent, trainer, auditor or admin", id, parts[1])
		}
		if len(secret) < MinSecretLen {
			return nil, fmt.Errorf("api key %q: the secret is shorter than %d characters", id, MinSecretLen)
		}
		k := key{id: id, role: role}
		for _, kb := range strings.Split(kbs, "|") {
			if kb != AllKBs {
				if err := kg.ValidKB(kb); err != nil {
					return nil, fmt.Errorf("api key %q: %w", id, err)
				}
			}
			k.kbs = append(k.kbs, kb)
		}
		h := sha256.Sum256([]byte(secret))
		if _, dup := ks.byHash[h]; dup {
			return nil, fmt.Errorf("api key %q: the same secret is used by another key", id)
		}
		ks.byHash[h] = k
	}
	return ks, nil
}

// Len is the number of keys.
func (ks *Keys) Len() int {
	if ks == nil {
		return 0
	}
	return len(ks.byHash)
}

// Named returns, sorted and once each, the knowledge bases the keys name
// (not "*"): they exist for graph even while they hold nothing.
func (ks *Keys) Named() []string {
	if ks == nil {
		return nil
	}
	var out []string
	for _, k := range ks.byHash {
		for _, kb := range k.kbs {
			if kb != AllKBs && !slices.Contains(out, kb) {
				out = append(out, kb)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Lookup finds the key with this secret.
func (ks *Keys) Lookup(secret string) (Caller, bool) {
	if ks == nil || secret == "" {
		return Caller{}, false
	}
	k, ok := ks.byHash[sha256.Sum256([]byte(secret))]
	if !ok {
		return Caller{}, false
	}
	return Caller{KeyID: k.id, Role: k.role, KBs: slices.Clone(k.kbs)}, true
}

// SelectKB picks the knowledge base of a request: the one asked for, else
// the caller's first. It fails when the caller may not use it.
func (c *Caller) SelectKB(asked string) error {
	if asked == "" {
		asked = c.KBs[0]
		if asked == AllKBs {
			asked, c.KBImplicit = DefaultKB, true
		}
	}
	if err := kg.ValidKB(asked); err != nil {
		return err
	}
	if !c.MayUse(asked) {
		return fmt.Errorf("key %q may not use knowledge base %q: %w", c.KeyID, asked, ErrForbidden)
	}
	c.KB = asked
	return nil
}

// Secret is the API key a request carries: `Authorization: Bearer <key>`
// (the scheme in any case, as RFC 9110 has it) or `X-Api-Key: <key>`. An
// Authorization header of another scheme carries none.
func Secret(h http.Header) string {
	if a := h.Get("Authorization"); a != "" {
		scheme, secret, ok := strings.Cut(strings.TrimSpace(a), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return ""
		}
		return strings.TrimSpace(secret)
	}
	return strings.TrimSpace(h.Get("X-Api-Key"))
}
