package graph

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"golang.org/x/time/rate"

	"kgrag/graph/auth"
)

// The HTTP layer in front of gqlgen: it refuses what GraphQL should never
// see (foreign hosts and origins in dev mode, unsupported requests, bodies
// over the limit, callers over their rate) with a GraphQL-shaped error
// that carries a code.

// devOnly guards dev mode (no API keys, every request an admin): a web
// page the developer visits must not reach it. Requests must name a
// loopback host (DNS rebinding points a foreign name at 127.0.0.1), and a
// browser's Origin, when sent, must be a loopback origin.
func devOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			writeGQLError(w, http.StatusForbidden, CodeForbidden,
				"without API keys the service answers only requests to a loopback host (localhost, 127.0.0.1, [::1])")
			return
		}
		if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			if err != nil || u.Host == "" || !loopbackHost(u.Host) {
				writeGQLError(w, http.StatusForbidden, CodeForbidden,
					"without API keys the service answers only pages served from a loopback host")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header (with or without a port)
// names this machine.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// preflightHeaders are headers a browser sends cross-origin only after a
// CORS preflight, which this service never grants.
var preflightHeaders = []string{"Authorization", "X-Api-Key", "X-Kgrag-KB", "Apollo-Require-Preflight"}

// acceptRequest refuses, with a code, what none of the transports serves
// (gqlgen would answer "transport not supported" without one), and a
// multipart request a web page could send without a CORS preflight:
// multipart/form-data is a "simple" content type, so a request with it
// must carry one of preflightHeaders. JSON bodies need a preflight anyway,
// and GET never mutates.
func acceptRequest(ts []graphql.Transport, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		supported := false
		for _, t := range ts {
			if t.Supports(r) {
				supported = true
				break
			}
		}
		if !supported {
			if r.Method != http.MethodGet && r.Method != http.MethodPost {
				w.Header().Set("Allow", "GET, POST, OPTIONS")
				writeGQLError(w, http.StatusMethodNotAllowed, CodeBadUserInput, "use POST (or GET for queries)")
				return
			}
			writeGQLError(w, http.StatusUnsupportedMediaType, CodeBadUserInput,
				"send Content-Type: application/json (or multipart/form-data for uploads)")
			return
		}
		if multipartRequest(r) && !hasAny(r.Header, preflightHeaders) {
			writeGQLError(w, http.StatusBadRequest, CodeBadUserInput,
				"a multipart request must carry Authorization, X-Api-Key, X-Kgrag-KB or Apollo-Require-Preflight, so that browsers send it only after a CORS preflight")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func multipartRequest(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

func hasAny(h http.Header, names []string) bool {
	for _, n := range names {
		if h.Get(n) != "" {
			return true
		}
	}
	return false
}

// limitBody holds a request body to the limit. A JSON body is read here
// whole (it is parsed whole anyway), so that one over the limit is a 413
// however it is sent, chunked included. A multipart body is left to
// uploadTransport, which holds its operations to the same limit.
func limitBody(body, upload int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := body
		if multipartRequest(r) {
			n = upload
		}
		if r.ContentLength > n {
			writeGQLError(w, http.StatusRequestEntityTooLarge, CodeBadUserInput,
				fmt.Sprintf("request body is %d bytes; the limit is %d", r.ContentLength, n))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		if n == body && r.Header.Get("Upgrade") == "" {
			b, err := io.ReadAll(r.Body)
			if err != nil {
				status := http.StatusBadRequest
				msg := "could not read the request body"
				if tooLarge(err) {
					status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over the limit of %d bytes", n)
				}
				writeGQLError(w, status, CodeBadUserInput, msg)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		next.ServeHTTP(w, r)
	})
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// timeoutBody is what a request that runs out of time gets.
const timeoutBody = `{"errors":[{"message":"the request timed out; retry, or narrow it","extensions":{"code":"UNAVAILABLE"}}]}`

// timeout bounds a request. A plain request gets an answer within d
// whatever runs out of time (reading the body, parsing, validating or
// executing): the handler writes into a buffer, and at the deadline the
// timeout's answer goes out instead (closing the connection, whose body
// may be unread). Streams (SSE, websockets) get a context deadline only.
func timeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		r = r.WithContext(ctx)
		if r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
			next.ServeHTTP(w, r)
			return
		}
		tw := &bufferedWriter{h: http.Header{}}
		done := make(chan struct{})
		panicked := make(chan any, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					panicked <- p
				}
			}()
			next.ServeHTTP(tw, r)
			close(done)
		}()
		select {
		case p := <-panicked:
			panic(p)
		case <-done:
			maps.Copy(w.Header(), tw.h)
			w.WriteHeader(cmp.Or(tw.status, http.StatusOK))
			_, _ = w.Write(tw.buf.Bytes())
		case <-ctx.Done():
			tw.mu.Lock()
			tw.timedOut = true
			tw.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, timeoutBody)
		}
	})
}

// bufferedWriter holds a handler's answer until it is done.
type bufferedWriter struct {
	h        http.Header
	mu       sync.Mutex
	buf      bytes.Buffer
	status   int
	timedOut bool
}

func (bw *bufferedWriter) Header() http.Header { return bw.h }

func (bw *bufferedWriter) WriteHeader(status int) {
	bw.mu.Lock()
	defer bw.mu.Unlock()
	if bw.status == 0 && !bw.timedOut {
		bw.status = status
	}
}

func (bw *bufferedWriter) Write(p []byte) (int, error) {
	bw.mu.Lock()
	defer bw.mu.Unlock()
	if bw.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	if bw.status == 0 {
		bw.status = http.StatusOK
	}
	return bw.buf.Write(p)
}

// rateLimiter is a token bucket per API key (per client IP in dev mode).
type rateLimiter struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex
	byKey map[string]*rate.Limiter
}

// maxBuckets bounds the buckets kept: beyond it, full buckets are
// dropped, and if that frees too few, all are.
const maxBuckets = 4096

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, byKey: map[string]*rate.Limiter{}}
}

// allow takes a token from the key's bucket, or says how long to wait.
func (rl *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	l, ok := rl.byKey[key]
	if !ok {
		if len(rl.byKey) >= maxBuckets {
			for k, b := range rl.byKey {
				if b.TokensAt(now) >= float64(rl.burst) {
					delete(rl.byKey, k) // a full bucket is the same as a new one
				}
			}
			if len(rl.byKey) > maxBuckets/2 {
				// Too many callers at once (only client IPs can be
				// that many): start afresh rather than sweep per request.
				clear(rl.byKey)
			}
		}
		l = rate.NewLimiter(rl.limit, rl.burst)
		rl.byKey[key] = l
	}
	if l.AllowN(now, 1) {
		return true, 0
	}
	need := 1 - l.TokensAt(now)
	return false, time.Duration(need / float64(rl.limit) * float64(time.Second))
}

// limitRate answers 429 RATE_LIMITED to a caller over its rate. It runs
// after authentication: the bucket is the key's, or in dev mode the
// client IP's.
func limitRate(rl *rateLimiter, byIP bool, next http.Handler) http.Handler {
	if rl == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := "ip:" + clientIP(r)
		if c, ok := auth.FromContext(r.Context()); ok && !byIP {
			key = "key:" + c.KeyID
		}
		if ok, wait := rl.allow(key, time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(wait.Seconds(), 1)))))
			writeGQLError(w, http.StatusTooManyRequests, CodeRateLimited,
				fmt.Sprintf("too many requests: the limit is %g per second (bursts of %d); retry after %s", float64(rl.limit), rl.burst, wait.Round(time.Millisecond)))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func clientIP(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
