package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"kgrag/graph/auth"
	"kgrag/kg"
)

// requestedKB is the knowledge base a request asks for: the X-Kgrag-KB
// header, else ?kb=.
func requestedKB(r *http.Request) string {
	if kb := r.Header.Get("X-Kgrag-KB"); kb != "" {
		return kb
	}
	return r.URL.Query().Get("kb")
}

type upgradeKBKey struct{}

// wsInit authenticates a websocket whose upgrade request carried no key,
// by the key in graphql-ws's connection_init payload: {"Authorization":
// "Bearer <key>"} (or "authorization", or "X-Api-Key"), and optionally
// {"X-Kgrag-KB": "<kb>"} (else the upgrade's ?kb=). A rejected socket is
// closed with 4403 and a reason starting with the error code.
func wsInit(cfg HandlerConfig) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		if _, ok := auth.FromContext(ctx); ok {
			return ctx, nil, nil // the upgrade's header (or dev mode) said who
		}
		reject := func(code, msg string) (context.Context, *transport.InitPayload, error) {
			ctx = transport.WithWebsocketCloseCode(ctx, 4403)
			reason := code + ": " + msg
			for len(reason) > 123 { // a close frame's reason is at most 123 bytes
				_, n := utf8.DecodeLastRuneInString(reason)
				reason = reason[:len(reason)-n]
			}
			ctx = transport.AppendCloseReason(ctx, reason)
			return ctx, nil, errors.New(msg)
		}
		secret := p.GetString("X-Api-Key")
		if h := p.Authorization(); h != "" {
			s, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return reject(CodeUnauthenticated, "the Authorization in connection_init must be \"Bearer <key>\"")
			}
			secret = strings.TrimSpace(s)
		}
		if secret == "" {
			return reject(CodeUnauthenticated, "no API key: send {\"Authorization\": \"Bearer <key>\"} in connection_init")
		}
		c, ok := cfg.Keys.Lookup(secret)
		if !ok {
			return reject(CodeUnauthenticated, "unknown API key")
		}
		kb := p.GetString("X-Kgrag-KB")
		if kb == "" {
			kb, _ = ctx.Value(upgradeKBKey{}).(string)
		}
		if err := c.SelectKB(kb); err != nil {
			code := CodeForbidden
			if errors.Is(err, kg.ErrInvalid) {
				code = CodeBadUserInput
			}
			return reject(code, err.Error())
		}
		zerolog.Ctx(ctx).Info().Str("key_id", c.KeyID).Str("kb", c.KB).Msg("websocket authenticated")
		return auth.WithCaller(ctx, c), nil, nil
	}
}
