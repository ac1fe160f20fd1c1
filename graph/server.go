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
	"github.com/vektah/gqlparser/v2/ast"
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
)

// Limits of the GraphQL endpoint. The zero value of each field takes the default.
type Limits struct {
	MaxBodyBytes   int64         // request body; default 1 MiB
	MaxUploadBytes int64         // multipart (file upload) request body; default 32 MiB
	MaxDepth       int           // selection depth; default 12
	MaxComplexity  int           // gqlgen complexity; default 5000
	RequestTimeout time.Duration // per request; default 30 s
}

func (l Limits) withDefaults() Limits {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = 1 << 20
	}
	if l.MaxUploadBytes <= 0 {
		l.MaxUploadBytes = 32 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 12
	}
	if l.MaxComplexity <= 0 {
		l.MaxComplexity = 5000
	}
	if l.RequestTimeout <= 0 {
		l.RequestTimeout = 30 * time.Second
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
	srv := handler.New(NewExecutableSchema(schemaConfig(cfg.Resolver)))
	srv.AddTransport(transport.Options{})
	// Streaming answers: Server-Sent Events (POST with Accept:
	// text/event-stream; carries the Authorization header like any
	// request) and graphql-ws websockets (the key in the upgrade's header
	// or, from browsers, in connection_init's payload).
	srv.AddTransport(transport.SSE{KeepAlivePingInterval: 10 * time.Second})
	srv.AddTransport(transport.Websocket{KeepAlivePingInterval: 10 * time.Second,
		InitFunc: wsInit(cfg), InitTimeout: 10 * time.Second})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// File uploads for ingestUpload: the same cap as limitBody applies to
	// multipart bodies, so the transport never sees more than that.
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: lim.MaxUploadBytes, MaxMemory: min(lim.MaxUploadBytes, 8<<20)})
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(lim.MaxComplexity))
	srv.Use(depthLimit{max: lim.MaxDepth})
	cfg.Telemetry.extend(srv)
	// Every root field but a few works in an existing knowledge base.
	srv.AroundFields(cfg.Resolver.kbs.guard)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		zerolog.Ctx(ctx).Error().Str("panic", fmt.Sprint(p)).Msg("resolver panic")
		return errors.New("internal error")
	})

	mux := http.NewServeMux()
	mux.Handle("/graphql", limitBody(lim.MaxBodyBytes, lim.MaxUploadBytes, timeout(lim.RequestTimeout, authenticate(cfg, srv))))
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

func limitBody(body, upload int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := body
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			n = upload
		}
		if r.ContentLength > n {
			writeGQLError(w, http.StatusRequestEntityTooLarge, CodeBadUserInput,
				fmt.Sprintf("request body is %d bytes; the limit is %d", r.ContentLength, n))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

func timeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate finds the caller of a request and its knowledge base.
func authenticate(cfg HandlerConfig, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c auth.Caller
		secret := bearer(r)
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

func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if s, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(s)
		}
		return ""
	}
	return r.Header.Get("X-Api-Key")
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

// depthLimit rejects operations nested deeper than max (introspection excepted).
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if n := depth(oc.Operation.SelectionSet, 0); n > d.max {
		return &gqlerror.Error{Message: fmt.Sprintf("query depth %d exceeds the limit of %d", n, d.max),
			Extensions: map[string]any{"code": CodeBadUserInput}}
	}
	return nil
}

func depth(ss ast.SelectionSet, level int) int {
	if level > 64 {
		return level // fragments cycling; validation rejects those anyway
	}
	best := level
	for _, s := range ss {
		var n int
		switch s := s.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			n = depth(s.SelectionSet, level+1)
		case *ast.InlineFragment:
			n = depth(s.SelectionSet, level)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n = depth(s.Definition.SelectionSet, level)
			}
		}
		best = max(best, n)
	}
	return best
}
