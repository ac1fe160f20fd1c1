package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"
	"github.com/rs/zerolog/hlog"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kgrag/graph/auth"
	"kgrag/graph/playground"
	"kgrag/kg"
	"kgrag/retrieval"
)

// Error codes in extensions.code.
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeUnavailable     = "UNAVAILABLE"
	CodeInternal        = "INTERNAL"
	CodeRateLimited     = "RATE_LIMITED"
)

// Limits of the GraphQL endpoint. The zero value of each field takes the
// default, except RatePerSecond (zero: no rate limit) and NoIntrospection.
type Limits struct {
	MaxBodyBytes   int64         // request body; default 1 MiB
	MaxUploadBytes int64         // multipart (file upload) request body; default 32 MiB
	MaxDepth       int           // selection depth of data fields; default 12 (introspection: 16)
	MaxComplexity  int           // complexity (paged fields count `first` times their children, fields under __schema 10 each); default 5000
	RequestTimeout time.Duration // per request, reading, parsing and validation included; default 30 s
	MaxTokens      int           // GraphQL tokens in the query; default 10000
	MaxSelections  int           // fields once fragments are spread; default 500
	MaxAliases     int           // aliased fields; default 50
	MaxFragments   int           // fragment definitions; default 50
	MaxMutations   int           // top-level mutation fields per request; default 10
	// RatePerSecond is each API key's rate (in dev mode, each client IP's),
	// with bursts of RateBurst (default twice the rate); zero: no limit.
	RatePerSecond float64
	RateBurst     int
	// NoIntrospection switches __schema and __type off (for production).
	NoIntrospection bool
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = 1 << 20
	}
	if l.MaxUploadBytes <= 0 {
		l.MaxUploadBytes = 32 << 20
	}
	def(&l.MaxDepth, 12)
	def(&l.MaxComplexity, 5000)
	if l.RequestTimeout <= 0 {
		l.RequestTimeout = 30 * time.Second
	}
	def(&l.MaxTokens, 10000)
	def(&l.MaxSelections, 500)
	def(&l.MaxAliases, 50)
	def(&l.MaxFragments, 50)
	def(&l.MaxMutations, 10)
	if l.RatePerSecond > 0 {
		def(&l.RateBurst, max(1, int(2*l.RatePerSecond)))
	}
	return l
}

// HandlerConfig is what the HTTP handler needs.
type HandlerConfig struct {
	Resolver *Resolver
	Logger   zerolog.Logger
	// Keys are the API keys. With none and AuthOff set, every request is
	// an admin on every knowledge base (the loopback-only dev default).
	Keys    *auth.Keys
	AuthOff bool
	Limits  Limits
	// Ready reports whether the backends can serve (for /readyz).
	Ready func(ctx context.Context) error
	// Telemetry: /metrics, operation metrics and spans (observe.go).
	Telemetry Telemetry
}

// NewHandler returns the service's HTTP handler: /graphql, the playground
// at /, /healthz and /readyz.
func NewHandler(cfg HandlerConfig) http.Handler {
	lim := cfg.Limits.withDefaults()
	cfg.Resolver.kbs = newKBCatalog(cfg.Resolver.Store, cfg.Keys.Named())
	srv := handler.New(pagedSchema{NewExecutableSchema(schemaConfig(cfg.Resolver))})
	transports := []graphql.Transport{
		transport.Options{},
		// Streaming answers: Server-Sent Events (POST with Accept:
		// text/event-stream; carries the Authorization header like any
		// request) and graphql-ws websockets (the key in the upgrade's
		// header or, from browsers, in connection_init's payload).
		transport.SSE{KeepAlivePingInterval: 10 * time.Second},
		transport.Websocket{KeepAlivePingInterval: 10 * time.Second,
			InitFunc: wsInit(cfg), InitTimeout: 10 * time.Second},
		getTransport{},
		transport.POST{},
		// File uploads for ingestUpload.
		uploadTransport{maxBody: lim.MaxBodyBytes, maxUpload: lim.MaxUploadBytes, maxMemory: min(lim.MaxUploadBytes, 8<<20)},
	}
	for _, t := range transports {
		srv.AddTransport(t)
	}
	if !lim.NoIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(queryShape{lim: lim})
	srv.SetParserTokenLimit(lim.MaxTokens + 2) // queryShape has counted them; the parser's count includes the end
	srv.Use(&complexityLimit{max: lim.MaxComplexity})
	srv.AroundRootFields(keepCommitted)
	cfg.Telemetry.extend(srv)
	// Every root field but a few works in an existing knowledge base.
	srv.AroundFields(cfg.Resolver.kbs.guard)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		zerolog.Ctx(ctx).Error().Str("panic", fmt.Sprint(p)).Msg("resolver panic")
		return errors.New("internal error")
	})
	var rl *rateLimiter
	if lim.RatePerSecond > 0 {
		rl = newRateLimiter(lim.RatePerSecond, lim.RateBurst)
	}
	devMode := cfg.Keys.Len() == 0 && cfg.AuthOff

	mux := http.NewServeMux()
	mux.Handle("/graphql", authenticate(cfg, limitRate(rl, devMode,
		acceptRequest(transports, timeout(lim.RequestTimeout, limitBody(lim.MaxBodyBytes, lim.MaxUploadBytes, srv))))))
	pg := playground.Handler()
	mux.Handle("GET /{$}", pg)
	mux.Handle("GET "+playground.Prefix, pg)
	cfg.Telemetry.mount(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if cfg.Ready != nil {
			if err := cfg.Ready(ctx); err != nil {
				hlog.FromRequest(r).Warn().Err(err).Msg("not ready")
				writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})

	var h http.Handler = mux
	if devMode {
		h = devOnly(h)
	}
	h = hlog.AccessHandler(func(r *http.Request, status, size int, d time.Duration) {
		hlog.FromRequest(r).Info().Str("method", r.Method).Str("path", r.URL.Path).
			Int("status", status).Int("bytes", size).Dur("took", d).Msg("request")
	})(h)
	h = hlog.RequestIDHandler("req_id", "X-Request-Id")(h)
	return cfg.Telemetry.wrap(hlog.NewHandler(cfg.Logger)(h))
}

// schemaConfig sets the complexity of list fields to what they can return,
// so that FixedComplexityLimit bounds the work of a query.
func schemaConfig(r *Resolver) Config {
	c := Config{Resolvers: r}
	c.Complexity.Query.Entities = func(child int, _ *string, _ *string, _ *bool, first *int, _ *string) int {
		n := kg.DefaultPage
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*child
	}
	c.Complexity.Query.Neighbours = func(child int, _ string, _ []string, _ *kg.Direction, _ *time.Time, _ *string) int {
		return 1 + 20*child
	}
	c.Complexity.Query.Lookup = func(child int, _ string) int { return 1 + 5*child }
	c.Complexity.Query.History = func(child int, _ string) int { return 1 + 20*child }
	page := func(first *int) int {
		if first != nil && *first > 0 {
			return *first
		}
		return 50
	}
	c.Complexity.Lexicon.Entities = func(child int, _ *string, _ *string, first *int, _ *string) int { return 1 + page(first)*child }
	c.Complexity.Lexicon.Words = func(child int, first *int, _ *string) int { return 1 + page(first)*child }
	for _, f := range []*func(int) int{&c.Complexity.Lexicon.Attributes, &c.Complexity.Lexicon.Groups,
		&c.Complexity.Lexicon.Channels, &c.Complexity.Lexicon.Synonyms} {
		*f = func(child int) int { return 1 + 20*child }
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeGQLError answers with a GraphQL-shaped error body before GraphQL runs.
func writeGQLError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message": msg, "extensions": map[string]string{"code": code},
	}}})
}

// authenticate finds the caller of a request and its knowledge base.
func authenticate(cfg HandlerConfig, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c auth.Caller
		secret := auth.Secret(r.Header)
		if secret == "" && r.Header.Get("Upgrade") != "" && (cfg.Keys.Len() > 0 || !cfg.AuthOff) {
			// A browser cannot set headers on a websocket's upgrade:
			// graphql-ws clients send the key in connection_init, and
			// wsInit checks it before the socket runs any operation.
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), upgradeKBKey{}, requestedKB(r))))
			return
		}
		switch {
		case cfg.Keys.Len() == 0 && cfg.AuthOff:
			c = auth.Caller{KeyID: "dev", Role: auth.RoleAdmin, KBs: []string{auth.AllKBs}}
		case secret == "":
			w.Header().Set("WWW-Authenticate", `Bearer realm="kgrag"`)
			writeGQLError(w, http.StatusUnauthorized, CodeUnauthenticated, "no API key: send Authorization: Bearer <key>")
			return
		default:
			var ok bool
			if c, ok = cfg.Keys.Lookup(secret); !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="kgrag", error="invalid_token"`)
				writeGQLError(w, http.StatusUnauthorized, CodeUnauthenticated, "unknown API key")
				return
			}
		}
		kb := r.Header.Get("X-Kgrag-KB")
		if kb == "" {
			kb = r.URL.Query().Get("kb")
		}
		if err := c.SelectKB(kb); err != nil {
			code, status := CodeForbidden, http.StatusForbidden
			if errors.Is(err, kg.ErrInvalid) {
				code, status = CodeBadUserInput, http.StatusBadRequest
			}
			writeGQLError(w, status, code, err.Error())
			return
		}
		hlog.FromRequest(r).UpdateContext(func(l zerolog.Context) zerolog.Context {
			return l.Str("key_id", c.KeyID).Str("kb", c.KB)
		})
		next.ServeHTTP(w, r.WithContext(auth.WithCaller(r.Context(), c)))
	})
}

// presentError gives every error a code and a message the caller can act
// on. Unknown errors are logged with the request id and shown as "internal error".
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	code := ""
	switch {
	case errors.Is(err, auth.ErrUnauthenticated):
		code = CodeUnauthenticated
	case errors.Is(err, auth.ErrForbidden):
		code = CodeForbidden
	case errors.Is(err, kg.ErrInvalid), ingestInvalid(err):
		code = CodeBadUserInput
	case errors.Is(err, kg.ErrNotFound), errors.Is(err, retrieval.ErrNotFound):
		code = CodeNotFound
	case errors.Is(err, kg.ErrConflict):
		code = CodeConflict
	case errors.Is(err, kg.ErrUnavailable), errors.Is(err, retrieval.ErrUnavailable):
		code = CodeUnavailable
		gerr.Message = "a backend (knowledge graph or chunk index) is unavailable; retry shortly"
		zerolog.Ctx(ctx).Warn().Err(err).Msg("backend unavailable")
	case errors.Is(err, context.DeadlineExceeded):
		code = CodeUnavailable
		gerr.Message = "the request timed out; retry, or narrow it"
	}
	if code == "" {
		if c, ok := gerr.Extensions["code"].(string); ok && c != "" {
			return gerr // gqlgen's own parse, validation and complexity errors
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Err == nil {
			code = CodeBadUserInput // gqlgen input coercion errors carry no cause
		} else {
			zerolog.Ctx(ctx).Error().Err(err).Msg("internal error")
			code = CodeInternal
			gerr.Message = "internal error"
		}
	}
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	gerr.Extensions["code"] = code
	if code != CodeInternal && code != CodeUnavailable {
		gerr.Message = callerMessage(gerr.Message)
	}
	return gerr
}

// callerMessage drops the backend and operation a store puts in front of
// its errors ("memkg: apply: "), which mean nothing to a caller.
func callerMessage(msg string) string {
	for _, p := range []string{"memkg: ", "neo4jkg: "} {
		rest, ok := strings.CutPrefix(msg, p)
		if !ok {
			continue
		}
		if op, tail, ok := strings.Cut(rest, ": "); ok && !strings.ContainsAny(op, `"`) {
			return tail
		}
		return rest
	}
	return msg
}
