// Command kgrag is the kgrag service and its operator tools:
//
//	kgrag serve     GraphQL API and playground
//	kgrag ingest    load files and directories into the graph and the chunk index
//	kgrag ask       ask one question of a data directory or a running server
//	kgrag prune     delete answers older than the retention period
//	kgrag version   print the version
//
// Every flag falls back to an environment variable (see README.md); with
// nothing set, kgrag serve runs the embedded backends on 127.0.0.1:8080.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"kgrag/graph"
	"kgrag/graph/auth"
	demokb "kgrag/ingest/demo"
	"kgrag/kg"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/openaichat"
	"kgrag/retrieval/openaiembed"
	"kgrag/retrieval/qdrantvec"
	"kgrag/service"
	"kgrag/service/telemetry"
)

// version is the release, set at build time with
// -ldflags "-X main.version=v1.2.3"; empty: the module version Go recorded
// (see build).
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kgrag:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `kgrag: answers customer-support questions from a brand's knowledge graph.

Usage:
  kgrag serve   [flags]   run the GraphQL API (playground at /)
  kgrag ingest  [flags] PATH...   load sources (files, directories) into a knowledge base
  kgrag ask     [flags] QUESTION  ask one question of a data directory or, with --server, a running kgrag
  kgrag eval    --kb DIR | --dataset NAME   measure answer quality (dev set, public datasets)
  kgrag load    --url URL [flags]           load-test GraphQL ask
  kgrag prune   --retention 90d [flags]     delete old answers (not corrected or rated ones)
  kgrag version           print the version

Run "kgrag <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given: %w", errUsage)
	}
	switch args[0] {
	case "serve", "ingest", "eval", "ask":
		// The channel table is the process's: KGRAG_CHANNELS names the
		// brand's own channels (suning=苏宁易购/Suning,…) over the defaults.
		if err := kg.SetChannels(getenv("KGRAG_CHANNELS")); err != nil {
			return fmt.Errorf("%v: %w", err, errUsage)
		}
	}
	err := command(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the command's flags: done
	}
	return err
}

func command(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "ingest":
		return ingestCmd(ctx, args[1:], getenv, stdout, stderr)
	case "ask":
		return askCmd(ctx, args[1:], getenv, stdout, stderr)
	case "eval":
		return evalCmd(ctx, args[1:], getenv, stdout, stderr)
	case "load":
		return loadCmd(ctx, args[1:], getenv, stdout, stderr)
	case "prune":
		return pruneCmd(ctx, args[1:], getenv, stdout, stderr)
	case "version":
		return versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q: %w", args[0], errUsage)
	}
}

// Config is the configuration shared by the commands.
type Config struct {
	Addr     string
	DataDir  string
	LogLevel string
	LogHuman bool
	APIKeys  string // secret: from the environment only
	Limits   graph.Limits
	Neo4j    neo4jkg.Config     // Neo4j.URI empty: the embedded graph store
	Qdrant   qdrantvec.Config   // Qdrant.Addr empty: the embedded chunk index
	Embed    openaiembed.Config // Embed.Model empty: the offline embedder
	LLM      openaichat.Config  // LLM.Model empty: extractive answers (serve)
	// TrustedAgents' corrections are approved at once (serve).
	TrustedAgents []string
}

// service is the configuration of the composition root.
func (c Config) service(log zerolog.Logger) service.Config {
	return service.Config{DataDir: c.DataDir, Neo4j: c.Neo4j, Qdrant: c.Qdrant, Embed: c.Embed, LLM: c.LLM,
		TrustedAgents: c.TrustedAgents, Log: log}
}

// qdrantFromEnv reads the Qdrant settings; Addr empty means the embedded index.
func qdrantFromEnv(getenv func(string) string) qdrantvec.Config {
	return qdrantvec.Config{
		Addr:       getenv("KGRAG_QDRANT_ADDR"),
		APIKey:     getenv("KGRAG_QDRANT_API_KEY"), // secret: from the environment only
		TLS:        getenv("KGRAG_QDRANT_TLS") == "1" || getenv("KGRAG_QDRANT_TLS") == "true",
		Collection: getenv("KGRAG_QDRANT_COLLECTION"),
		Recreate:   getenv("KGRAG_QDRANT_RECREATE") == "1",
		HNSWEf:     hnswEf(getenv("KGRAG_QDRANT_HNSW_EF")),
		Exact:      getenv("KGRAG_QDRANT_EXACT") == "1" || getenv("KGRAG_QDRANT_EXACT") == "true",
	}
}

// hnswEf reads KGRAG_QDRANT_HNSW_EF: empty is 0 (Qdrant's default); a
// value that is not a number is -1, which qdrantvec.New refuses.
func hnswEf(v string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// loadDemo loads the demo knowledge base into knowledge base "default"
// when that is empty, once the graph store answers.
func loadDemo(ctx context.Context, svc *service.Service, log zerolog.Logger) error {
	if err := svc.WaitReady(ctx, time.Minute); err != nil {
		return fmt.Errorf("demo: graph store: %w", err)
	}
	rep, err := svc.LoadDemo(ctx)
	switch {
	case errors.Is(err, service.ErrNotEmpty):
		log.Info().Str("kb", demokb.KB).Msg("knowledge base is not empty: demo not loaded")
	case err != nil:
		return fmt.Errorf("demo: %w", err)
	default:
		log.Info().Int("sources", len(rep.Sources)).Str("kb", demokb.KB).Msg("demo knowledge base loaded")
	}
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// commonFlags registers the flags every command that touches stored data shares.
func commonFlags(fs *flag.FlagSet, cfg *Config, getenv func(string) string) {
	fs.StringVar(&cfg.DataDir, "data", envOr(getenv, "KGRAG_DATA", "./data"), "data directory of the embedded backends (env KGRAG_DATA)")
	fs.StringVar(&cfg.LogLevel, "log-level", envOr(getenv, "KGRAG_LOG_LEVEL", "info"), "debug, info, warn or error (env KGRAG_LOG_LEVEL)")
	fs.BoolVar(&cfg.LogHuman, "log-pretty", getenv("KGRAG_LOG_PRETTY") == "1", "human-readable logs instead of JSON (env KGRAG_LOG_PRETTY=1)")
	fs.StringVar(&cfg.Neo4j.URI, "neo4j-uri", getenv("KGRAG_NEO4J_URI"), "Neo4j for the graph: bolt://host:7687, neo4j://host:7687 (cluster), neo4j+s://… (Aura); empty: embedded (env KGRAG_NEO4J_URI)")
	fs.StringVar(&cfg.Neo4j.User, "neo4j-user", envOr(getenv, "KGRAG_NEO4J_USER", "neo4j"), "Neo4j user (env KGRAG_NEO4J_USER)")
	fs.StringVar(&cfg.Neo4j.Database, "neo4j-database", getenv("KGRAG_NEO4J_DATABASE"), "Neo4j database; empty: the user's home database (env KGRAG_NEO4J_DATABASE)")
	cfg.Neo4j.Password = getenv("KGRAG_NEO4J_PASSWORD") // secret: from the environment only
	cfg.Qdrant = qdrantFromEnv(getenv)
	cfg.Embed = openaiembed.Config{BaseURL: getenv("KGRAG_EMBED_BASE_URL"), APIKey: getenv("KGRAG_EMBED_API_KEY"), Model: getenv("KGRAG_EMBED_MODEL")}
	if d, err := strconv.Atoi(getenv("KGRAG_EMBED_DIM")); err == nil && d > 0 {
		cfg.Embed.Dim = d
		cfg.Embed.SendDimensions = getenv("KGRAG_EMBED_SEND_DIM") == "1"
	}
}

// parseFlags parses a command's flags; after -h it returns flag.ErrHelp,
// which stops the command and makes run return nil.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: %w", fs.Args(), errUsage)
	}
	return nil
}

func newLogger(cfg Config, w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil || cfg.LogLevel == "" {
		return zerolog.Logger{}, fmt.Errorf("log level %q: want debug, info, warn or error: %w", cfg.LogLevel, errUsage)
	}
	if cfg.LogHuman {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger(), nil
}

func intEnv(getenv func(string) string, key string) (int, error) {
	v := getenv(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a non-negative integer: %w", key, v, errUsage)
	}
	return n, nil
}

// defaultRate is the requests per second an API key may send (in dev mode,
// a client IP) unless KGRAG_RATE_LIMIT says otherwise.
const defaultRate = 50

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "KGRAG_ADDR", "127.0.0.1:8080"), "listen address (env KGRAG_ADDR)")
	commonFlags(fs, &cfg, getenv)
	timeoutFlag := fs.Duration("request-timeout", 30*time.Second, "time limit of one request (env KGRAG_REQUEST_TIMEOUT)")
	demo := fs.Bool("demo", getenv("KGRAG_DEMO") == "1", `load the built-in demo knowledge base into knowledge base "default" when it is empty (env KGRAG_DEMO=1)`)
	ret := retentionFlag(fs, "trace-retention", getenv)
	if v := getenv("KGRAG_REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("KGRAG_REQUEST_TIMEOUT=%q: %v: %w", v, err, errUsage)
		}
		*timeoutFlag = d
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.APIKeys = getenv("KGRAG_API_KEYS")
	cfg.TrustedAgents = splitList(getenv("KGRAG_TRUSTED_AGENTS"))
	if m := getenv("KGRAG_LLM_MODEL"); m != "" {
		cfg.LLM = openaichat.Config{BaseURL: getenv("KGRAG_LLM_BASE_URL"), APIKey: getenv("KGRAG_LLM_API_KEY"), Model: m}
	}
	var err error
	if cfg.Limits.MaxComplexity, err = intEnv(getenv, "KGRAG_MAX_COMPLEXITY"); err != nil {
		return err
	}
	if cfg.Limits.MaxDepth, err = intEnv(getenv, "KGRAG_MAX_DEPTH"); err != nil {
		return err
	}
	maxBody, err := intEnv(getenv, "KGRAG_MAX_BODY_BYTES")
	if err != nil {
		return err
	}
	cfg.Limits.MaxBodyBytes = int64(maxBody)
	for key, v := range map[string]*int{"KGRAG_MAX_TOKENS": &cfg.Limits.MaxTokens, "KGRAG_MAX_SELECTIONS": &cfg.Limits.MaxSelections,
		"KGRAG_MAX_ALIASES": &cfg.Limits.MaxAliases, "KGRAG_MAX_FRAGMENTS": &cfg.Limits.MaxFragments,
		"KGRAG_MAX_MUTATIONS": &cfg.Limits.MaxMutations, "KGRAG_RATE_BURST": &cfg.Limits.RateBurst} {
		if *v, err = intEnv(getenv, key); err != nil {
			return err
		}
	}
	cfg.Limits.RatePerSecond = defaultRate
	if v := getenv("KGRAG_RATE_LIMIT"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
			return fmt.Errorf("KGRAG_RATE_LIMIT=%q: want requests per second per API key, 0 for no limit: %w", v, errUsage)
		}
		cfg.Limits.RatePerSecond = r
	}
	switch v := getenv("KGRAG_INTROSPECTION"); v {
	case "", "1", "true":
	case "0", "false":
		cfg.Limits.NoIntrospection = true
	default:
		return fmt.Errorf("KGRAG_INTROSPECTION=%q: want 1 or 0: %w", v, errUsage)
	}
	cfg.Limits.RequestTimeout = *timeoutFlag
	retention, err := parseRetention(*ret)
	if err != nil {
		return err
	}
	memLimit, err := parseMemoryLimit(getenv("KGRAG_MEMORY_LIMIT"))
	if err != nil {
		return err
	}

	log, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	ctx = log.WithContext(ctx) // what the backends log through zerolog.Ctx reaches the log
	keys, err := auth.ParseKeys(cfg.APIKeys)
	if err != nil {
		return fmt.Errorf("KGRAG_API_KEYS: %w", err)
	}
	authOff := false
	if keys.Len() == 0 {
		if !loopback(cfg.Addr) {
			return fmt.Errorf("no API keys configured (KGRAG_API_KEYS) and %s is not a loopback address: refusing to serve an open API; set keys or bind to 127.0.0.1: %w", cfg.Addr, errUsage)
		}
		authOff = true
		log.Warn().Str("addr", cfg.Addr).Msg("no API keys configured: auth is off, every request is admin; allowed only on loopback")
	}

	defer softMemoryLimit(memLimit, log)()
	tp, stopTracing, err := startTracing(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer stopTracing()
	sc := cfg.service(log)
	sc.Tracing = tp
	svc, err := service.New(ctx, sc)
	if err != nil {
		return err
	}
	defer svc.Close()
	b := build()
	svc.Metrics.SetBuild(b.Version, b.Revision)
	if cfg.LLM.Model != "" {
		log.Info().Str("model", cfg.LLM.Model).Str("base_url", cfg.LLM.BaseURL).Msg("answers written by an LLM, verified against the evidence")
	}
	if *demo {
		if err := loadDemo(ctx, svc, log); err != nil {
			return err
		}
	}
	go answer.Warm()
	if retention > 0 {
		log.Info().Dur("retention", retention).Msg("answers older than the retention period are pruned (corrected and rated ones kept)")
		go pruneLoop(ctx, svc.Feedback, retention, log)
	}
	h := graph.NewHandler(graph.HandlerConfig{
		Resolver: svc.Resolver(),
		Logger:   log,
		Keys:     keys,
		AuthOff:  authOff,
		Limits:   cfg.Limits,
		Ready:    svc.Ready,
		// /metrics, operation metrics, spans (OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set)
		Telemetry: svc.Telemetry(),
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return log.WithContext(context.Background()) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info().Str("addr", ln.Addr().String()).Str("playground", "http://"+ln.Addr().String()+"/").
		Str("data", cfg.DataDir).Int("api_keys", keys.Len()).Str("version", build().String()).Msg("kgrag serving")

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info().Msg("stopped")
	return nil
}

func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// startTracing sets up OpenTelemetry from the standard OTEL_* variables:
// OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) is
// set, else a no-op provider. The returned stop flushes the spans still
// buffered.
func startTracing(ctx context.Context, getenv func(string) string, log zerolog.Logger) (trace.TracerProvider, func(), error) {
	tp, shutdown, err := telemetry.NewTracing(ctx, getenv, build().Version)
	if err != nil {
		return nil, nil, fmt.Errorf("tracing: %v: %w", err, errUsage)
	}
	if on, _ := telemetry.TracingEnabled(getenv); on {
		otel.SetTracerProvider(tp)
		otel.SetTextMapPropagator(telemetry.Propagator)
		endpoint := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
		if endpoint == "" {
			endpoint = getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
		}
		if u, err := url.Parse(endpoint); err == nil {
			endpoint = u.Redacted() // a user:password in the URL stays out of the logs
		}
		log.Info().Str("endpoint", endpoint).Msg("tracing: exporting spans over OTLP")
	}
	return tp, func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdown(sctx); err != nil {
			log.Warn().Err(err).Msg("tracing: flushing spans failed")
		}
	}, nil
}
