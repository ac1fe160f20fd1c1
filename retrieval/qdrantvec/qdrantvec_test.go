package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"kgrag/retrieval"
)

func TestParseAddr(t *testing.T) {
	tests := []struct {
		addr     string
		host     string
		port     int
		tls, bad bool
	}{
		{addr: "localhost:6334", host: "localhost", port: 6334},
		{addr: "qdrant", host: "qdrant", port: DefaultPort},
		{addr: "10.0.0.5:7000", host: "10.0.0.5", port: 7000},
		{addr: "[::1]:6334", host: "::1", port: 6334},
		{addr: "::1", host: "::1", port: DefaultPort},
		{addr: "https://xyz.eu-central.aws.cloud.qdrant.io:6334", host: "xyz.eu-central.aws.cloud.qdrant.io", port: 6334, tls: true},
		{addr: "https://xyz.cloud.qdrant.io", host: "xyz.cloud.qdrant.io", port: DefaultPort, tls: true},
		{addr: "http://localhost:6334/", host: "localhost", port: 6334},
		{addr: "", bad: true},
		{addr: "localhost:http", bad: true},
		{addr: "localhost:70000", bad: true},
		{addr: ":6334", bad: true},
	}
	for _, tc := range tests {
		host, port, tls, err := parseAddr(tc.addr)
		if tc.bad {
			if err == nil {
				t.Errorf("parseAddr(%q) = %s, %d, nil; want an error", tc.addr, host, port)
			}
			continue
		}
		if err != nil || host != tc.host || port != tc.port || tls != tc.tls {
			t.Errorf("parseAddr(%q) = %q, %d, %v, %v; want %q, %d, %v", tc.addr, host, port, tls, err, tc.host, tc.port, tc.tls)
		}
	}
}

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no dimension", Config{Addr: "localhost"}},
		{"bad address", Config{Addr: "localhost:x", Dim: 8}},
		{"bad prefix", Config{Addr: "localhost", Dim: 8, Collection: "chunks/v2"}},
	}
	for _, tc := range tests {
		if _, err := New(tc.cfg); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("New(%s) = %v, want ErrInvalid", tc.name, err)
		}
	}
	ix, err := New(Config{Addr: "localhost", Dim: 8})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	defer ix.Close()
	if ix.cfg.Collection != DefaultCollection || ix.cfg.BatchSize != DefaultBatchSize || ix.cfg.Timeout != DefaultTimeout {
		t.Errorf("defaults = %+v", ix.cfg)
	}
}

func TestCollectionName(t *testing.T) {
	ix, err := New(Config{Addr: "localhost", Dim: 8, Collection: "kg"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, err := ix.CollectionName("lj-brand_2"); err != nil || got != "kg__lj-brand_2" {
		t.Errorf("CollectionName(lj-brand_2) = %q, %v; want kg__lj-brand_2", got, err)
	}
	for _, kb := range []string{"", "a/b", "品牌", strings.Repeat("k", 65)} {
		if _, err := ix.CollectionName(kb); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("CollectionName(%q) = %v, want ErrInvalid", kb, err)
		}
	}
}

func TestVersionAtLeast(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"1.16.0", true}, {"1.17.1", true}, {"v1.16.2", true}, {"2.0.0", true}, {"1.16-rc1", true},
		{"1.15.5", false}, {"0.99.0", false}, {"", false}, {"dev", false}, {"1", false},
	}
	for _, tc := range tests {
		if got := versionAtLeast(tc.v, 1, 16); got != tc.want {
			t.Errorf("versionAtLeast(%q, 1.16) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	grpcErr := func(c codes.Code) error { return status.Error(c, "qdrant says no") }
	tests := []struct {
		name string
		err  error
		want error // nil: none of the sentinels
	}{
		{"unavailable", grpcErr(codes.Unavailable), retrieval.ErrUnavailable},
		{"wrapped by the client", fmt.Errorf("query() failed: %w", grpcErr(codes.Unavailable)), retrieval.ErrUnavailable},
		{"server timeout", grpcErr(codes.DeadlineExceeded), retrieval.ErrUnavailable},
		{"overloaded", grpcErr(codes.ResourceExhausted), retrieval.ErrUnavailable},
		{"rate limited", &qdrant.QdrantResourceExhaustedError{Reason: "slow down", RetryAfterS: 2}, retrieval.ErrUnavailable},
		{"our deadline", context.DeadlineExceeded, retrieval.ErrUnavailable},
		{"canceled", context.Canceled, context.Canceled},
		{"bad request", grpcErr(codes.InvalidArgument), retrieval.ErrInvalid},
		{"no collection", grpcErr(codes.NotFound), retrieval.ErrNotFound},
		{"wrong key", grpcErr(codes.Unauthenticated), nil},
		{"storage locked", grpcErr(codes.FailedPrecondition), nil},
		{"not grpc", errors.New("boom"), nil},
		{"already ours", fmt.Errorf("x: %w", retrieval.ErrInvalid), retrieval.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := wrap("op", tc.err)
			if !strings.HasPrefix(err.Error(), "qdrantvec: op: ") {
				t.Errorf("wrap = %q, want the package and operation first", err)
			}
			for _, s := range []error{retrieval.ErrUnavailable, retrieval.ErrInvalid, retrieval.ErrNotFound, context.Canceled} {
				if got := errors.Is(err, s); got != (s == tc.want) {
					t.Errorf("errors.Is(wrap(%v), %v) = %v", tc.err, s, got)
				}
			}
			var st interface{ GRPCStatus() *status.Status }
			if errors.As(err, &st) {
				t.Errorf("wrap(%v) = %v exposes the gRPC status; callers must not depend on it", tc.err, err)
			}
		})
	}
	if wrap("op", nil) != nil {
		t.Error("wrap(nil) != nil")
	}
}

// closedAddr returns a local address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestUnreachable runs the real client against a port nothing listens on:
// every operation is ErrUnavailable, while bad input stays ErrInvalid.
func TestUnreachable(t *testing.T) {
	ix, err := New(Config{Addr: closedAddr(t), Dim: testDim, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	f := retrieval.Filter{KB: "lj"}
	pt := retrieval.Point{Chunk: retrieval.Chunk{KB: "lj", ID: "c1"}, Dense: qDense}
	ops := map[string]func() error{
		"Ensure": func() error { return ix.Ensure(ctx) },
		"Ping":   func() error { return ix.Ping(ctx) },
		"Search": func() error { _, err := ix.Search(ctx, retrieval.Query{Dense: qDense, Filter: f}); return err },
		"Upsert": func() error { return ix.Upsert(ctx, []retrieval.Point{pt}) },
		"Delete": func() error { _, err := ix.Delete(ctx, f); return err },
		"Count":  func() error { _, err := ix.Count(ctx, f); return err },
		"Get":    func() error { _, err := ix.Get(ctx, "lj", []string{"c1"}); return err },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, retrieval.ErrUnavailable) {
			t.Errorf("%s against a closed port = %v, want ErrUnavailable", name, err)
		}
	}
	bad := map[string]func() error{
		"Search": func() error { _, err := ix.Search(ctx, retrieval.Query{Dense: qDense[:1], Filter: f}); return err },
		"Upsert": func() error { return ix.Upsert(ctx, []retrieval.Point{{Chunk: pt.Chunk}}) },
		"Count":  func() error { _, err := ix.Count(ctx, retrieval.Filter{}); return err },
		"Get":    func() error { _, err := ix.Get(ctx, "", []string{"c1"}); return err },
	}
	for name, op := range bad {
		if err := op(); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("%s with bad input against a closed port = %v, want ErrInvalid", name, err)
		}
	}
}

// TestOrderedWriteRequests checks the requests of ordered writes: the
// upsert's update_filter lets it replace only points stored by an earlier
// write or by none; a plain upsert has no filter.
func TestOrderedWriteRequests(t *testing.T) {
	if req := upsertRequest("c", nil, nil); req.UpdateFilter != nil {
		t.Errorf("plain upsert has update_filter %v", req.UpdateFilter)
	}
	seq := uint64(42)
	req := upsertRequest("c", nil, &seq)
	f := req.GetUpdateFilter()
	if f == nil || len(f.Should) != 2 || len(f.Must) != 0 {
		t.Fatalf("update_filter = %v, want should [is_empty seq, seq < 42]", f)
	}
	if e := f.Should[0].GetIsEmpty(); e == nil || e.GetKey() != fSeq {
		t.Errorf("first condition = %v, want is_empty(%s)", f.Should[0], fSeq)
	}
	r := f.Should[1].GetField()
	if r == nil || r.GetKey() != fSeq || r.GetRange().GetLt() != 42 || r.GetRange().Gte != nil || r.GetRange().Lte != nil {
		t.Errorf("second condition = %v, want %s < 42", f.Should[1], fSeq)
	}
	if !req.GetWait() || req.GetOrdering().GetType() != qdrant.WriteOrderingType_Medium {
		t.Errorf("ordered upsert: wait %v ordering %v, want wait and medium ordering", req.GetWait(), req.GetOrdering())
	}
}
