package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/kg/kgtest"
	"kgrag/kg/memkg"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/vectest"
)

const outboxDim = 16

// The graph stores keep the outbox; Neo4j's also leases the drain.
var (
	_ OutboxStore  = (*memkg.Outbox)(nil)
	_ OutboxStore  = (*neo4jkg.Outbox)(nil)
	_ OutboxLeaser = (*neo4jkg.Outbox)(nil)
)

// switchable is the index under the outbox: a real memvec index that can
// be switched "down", when every call fails with ErrUnavailable the way
// qdrantvec's do when Qdrant is unreachable.
type switchable struct {
	retrieval.Index
	down  atomic.Bool
	calls atomic.Int64 // write calls that reached the index
}

var errDown = fmt.Errorf("test index down: %w", retrieval.ErrUnavailable)

func (s *switchable) Upsert(ctx context.Context, p []retrieval.Point) error {
	if s.down.Load() {
		return errDown
	}
	s.calls.Add(1)
	return s.Index.Upsert(ctx, p)
}

func (s *switchable) Delete(ctx context.Context, f retrieval.Filter) (int, error) {
	if s.down.Load() {
		return 0, errDown
	}
	s.calls.Add(1)
	return s.Index.Delete(ctx, f)
}

func (s *switchable) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Index.Search(ctx, q)
}

func (s *switchable) Get(ctx context.Context, kb string, ids []string) ([]retrieval.Chunk, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Index.Get(ctx, kb, ids)
}

func (s *switchable) Count(ctx context.Context, f retrieval.Filter) (int, error) {
	if s.down.Load() {
		return 0, errDown
	}
	return s.Index.Count(ctx, f)
}

// rig is an outbox over a switchable memvec index, kept in a memkg store.
type rig struct {
	dir   string
	vec   *memvec.Index
	idx   *switchable
	graph *memkg.Store
	store *memkg.Outbox
	ob    *Outbox
}

func newRig(t *testing.T, dir string, opt OutboxOptions) *rig {
	t.Helper()
	r := &rig{dir: dir}
	var err error
	if r.vec, err = memvec.Open(dir+"/vec", memvec.Options{Dim: outboxDim, NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if r.graph, err = memkg.Open(dir+"/graph", memkg.Options{}); err != nil {
		t.Fatal(err)
	}
	if r.store, err = r.graph.Outbox(context.Background(), "qdrant"); err != nil {
		t.Fatal(err)
	}
	r.idx = &switchable{Index: r.vec}
	r.ob = NewOutbox(r.idx, r.store, opt)
	t.Cleanup(r.close)
	return r
}

func (r *rig) close() {
	r.ob.Close() // closes the memvec index
	r.graph.Close()
}

func vecFor(i int) []float32 {
	v := make([]float32, outboxDim)
	v[i%outboxDim] = 1
	return v
}

func pt(kb, id, text string, i int) retrieval.Point {
	return retrieval.Point{
		Chunk:  retrieval.Chunk{KB: kb, ID: id, SourceID: "src-" + id, Kind: "doc", Text: text},
		Dense:  vecFor(i),
		Sparse: retrieval.Sparse{Indices: []uint32{uint32(i)}, Values: []float32{1}},
	}
}

// texts returns id=text of every chunk of the kb, sorted.
func texts(t *testing.T, idx retrieval.Index, kb string, ids ...string) []string {
	t.Helper()
	cs, err := idx.Get(context.Background(), kb, ids)
	if err != nil {
		t.Fatalf("Get = %v", err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+"="+c.Text)
	}
	slices.Sort(out)
	return out
}

func queued(t *testing.T, ob *Outbox) int {
	t.Helper()
	n := 0
	if err := ob.store.Pending(context.Background(), 1000, func(uint64, []byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOutboxContract(t *testing.T) {
	// Up, the outbox is a transparent retrieval.Index.
	vectest.Run(t, func(t *testing.T) retrieval.Index {
		return newRig(t, t.TempDir(), OutboxOptions{}).ob
	}, outboxDim)
}

func TestOutboxQueuesWhileDownAndDrainsInOrder(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, t.TempDir(), OutboxOptions{PointsPerOp: 2})
	ob := r.ob
	if err := ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0)}); err != nil {
		t.Fatal(err)
	}
	if n := queued(t, ob); n != 0 {
		t.Fatalf("up: %d ops queued, want 0", n)
	}

	r.idx.down.Store(true)
	// Each step depends on the one before: replayed out of order, the end
	// state differs.
	steps := []func() error{
		func() error { return ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a2", 0), pt("kb", "b", "b1", 1)}) },
		func() error {
			n, err := ob.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"a"}})
			if n != 0 {
				return fmt.Errorf("queued Delete reported %d, want 0", n)
			}
			return err
		},
		func() error { return ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a3", 0)}) },
		func() error { _, err := ob.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"b"}}); return err },
		// Five points in ops of two: three ops.
		func() error {
			return ob.Upsert(ctx, []retrieval.Point{pt("kb", "c", "c1", 2), pt("kb", "d", "d1", 3), pt("kb", "e", "e1", 4),
				pt("kb", "f", "f1", 5), pt("kb", "b", "b2", 1)})
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d while down = %v, want nil (queued)", i, err)
		}
	}
	if n := queued(t, ob); n != 7 {
		t.Errorf("%d ops queued, want 7", n)
	}
	if _, err := ob.Search(ctx, retrieval.Query{Dense: vecFor(0), Filter: retrieval.Filter{KB: "kb"}}); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("Search while down = %v, want ErrUnavailable", err)
	}
	if err := ob.Drain(ctx); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("Drain while down = %v, want ErrUnavailable", err)
	}
	if n := queued(t, ob); n != 7 {
		t.Errorf("after a failed drain %d ops queued, want all 7", n)
	}

	r.idx.down.Store(false)
	if err := ob.Drain(ctx); err != nil {
		t.Fatalf("Drain when back = %v", err)
	}
	if n := queued(t, ob); n != 0 {
		t.Errorf("after Drain %d ops queued, want 0", n)
	}
	want := []string{"a=a3", "b=b2", "c=c1", "d=d1", "e=e1", "f=f1"}
	if got := texts(t, ob, "kb", "a", "b", "c", "d", "e", "f"); !slices.Equal(got, want) {
		t.Errorf("after Drain = %v, want %v", got, want)
	}
	// Draining again finds nothing and changes nothing.
	calls := r.idx.calls.Load()
	if err := ob.Drain(ctx); err != nil || r.idx.calls.Load() != calls {
		t.Errorf("second Drain = %v with %d index calls, want nil and none", err, r.idx.calls.Load()-calls)
	}
}

func TestOutboxSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r := newRig(t, dir, OutboxOptions{})
	r.idx.down.Store(true)
	if err := r.ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0), pt("kb", "b", "b1", 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ob.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"b"}}); err != nil {
		t.Fatal(err)
	}
	r.close() // the process stops with the index still down

	r2 := &rig{dir: dir}
	var err error
	if r2.vec, err = memvec.Open(dir+"/vec", memvec.Options{Dim: outboxDim, NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if r2.graph, err = memkg.Open(dir+"/graph", memkg.Options{}); err != nil {
		t.Fatal(err)
	}
	if r2.store, err = r2.graph.Outbox(ctx, "qdrant"); err != nil {
		t.Fatal(err)
	}
	r2.idx = &switchable{Index: r2.vec}
	r2.ob = NewOutbox(r2.idx, r2.store, OutboxOptions{})
	defer r2.close()
	if q, err := r2.ob.Queued(ctx); err != nil || !q {
		t.Fatalf("after restart Queued = %v, %v; want true", q, err)
	}
	if err := r2.ob.Drain(ctx); err != nil {
		t.Fatalf("Drain after restart = %v", err)
	}
	if got := texts(t, r2.ob, "kb", "a", "b"); !slices.Equal(got, []string{"a=a1"}) {
		t.Errorf("after restart and drain = %v, want [a=a1]", got)
	}
}

func TestOutboxWriteDrainsBacklogFirst(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, t.TempDir(), OutboxOptions{})
	r.idx.down.Store(true)
	if _, err := r.ob.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	r.idx.down.Store(false)
	// The queued delete is older than this upsert: it must not remove it.
	if err := r.ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "new", 0)}); err != nil {
		t.Fatal(err)
	}
	if got := texts(t, r.ob, "kb", "a"); !slices.Equal(got, []string{"a=new"}) {
		t.Errorf("after a write behind a queued delete = %v, want [a=new]", got)
	}
	if n := queued(t, r.ob); n != 0 {
		t.Errorf("%d ops still queued, want 0", n)
	}
	// A delete that ran directly reports its count.
	if n, err := r.ob.Delete(ctx, retrieval.Filter{KB: "kb"}); err != nil || n != 1 {
		t.Errorf("Delete when up = %d, %v; want 1", n, err)
	}
}

func TestOutboxRunDrainsWhenBack(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := newRig(t, t.TempDir(), OutboxOptions{MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Poll: time.Hour})
	done := make(chan struct{})
	go func() { r.ob.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	r.idx.down.Store(true)
	if err := r.ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond) // a few failed drains, backing off
	if n := queued(t, r.ob); n != 1 {
		t.Fatalf("while down %d ops queued, want 1", n)
	}
	r.idx.down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for queued(t, r.ob) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("Run did not drain the outbox within 5s of the index coming back")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := texts(t, r.ob, "kb", "a"); !slices.Equal(got, []string{"a=a1"}) {
		t.Errorf("after Run drained = %v, want [a=a1]", got)
	}
}

func TestOutboxDropsOpsTheIndexRejects(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, t.TempDir(), OutboxOptions{})
	bad := []string{
		`{"v":1,"kind":"upsert","points":[{"Chunk":{"kb":"kb","id":"x"},"Dense":[1]}]}`, // wrong dimension
		`{"v":1,"kind":"compact"}`, // unknown kind
		`not json`,
	}
	for _, op := range bad {
		if err := r.store.Append(ctx, []byte(op)); err != nil {
			t.Fatal(err)
		}
	}
	r.idx.down.Store(true)
	if err := r.ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0)}); err != nil {
		t.Fatal(err)
	}
	r.idx.down.Store(false)
	if err := r.ob.Drain(ctx); err != nil {
		t.Fatalf("Drain with rejected ops = %v, want nil (they are dropped)", err)
	}
	if n := queued(t, r.ob); n != 0 {
		t.Errorf("%d ops left, want 0", n)
	}
	if got := texts(t, r.ob, "kb", "a", "x"); !slices.Equal(got, []string{"a=a1"}) {
		t.Errorf("after Drain = %v, want the good op applied: [a=a1]", got)
	}
}

func TestOutboxValidatesBeforeQueueing(t *testing.T) {
	ctx := context.Background()
	// The index under the outbox is the real qdrantvec Index, with Qdrant
	// unreachable: valid writes are queued, invalid ones refused.
	q, err := New(Config{Addr: closedAddr(t), Dim: outboxDim, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	graph, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer graph.Close()
	store, err := graph.Outbox(ctx, "qdrant")
	if err != nil {
		t.Fatal(err)
	}
	ob := NewOutbox(q, store, OutboxOptions{})
	defer ob.Close()

	if err := ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0)}); err != nil {
		t.Fatalf("Upsert with Qdrant down = %v, want nil (queued)", err)
	}
	if n, err := ob.Delete(ctx, retrieval.Filter{KB: "kb", SourceIDs: []string{"s"}}); err != nil || n != 0 {
		t.Fatalf("Delete with Qdrant down = %d, %v; want 0, nil (queued)", n, err)
	}
	invalid := map[string]func() error{
		"short vector": func() error {
			p := pt("kb", "b", "b", 1)
			p.Dense = p.Dense[:3]
			return ob.Upsert(ctx, []retrieval.Point{p})
		},
		"no id":             func() error { return ob.Upsert(ctx, []retrieval.Point{pt("kb", "", "x", 1)}) },
		"bad kb name":       func() error { return ob.Upsert(ctx, []retrieval.Point{pt("k/b", "c", "x", 1)}) },
		"delete without kb": func() error { _, err := ob.Delete(ctx, retrieval.Filter{}); return err },
	}
	for name, op := range invalid {
		if err := op(); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("%s = %v, want ErrInvalid", name, err)
		}
	}
	if n := queued(t, ob); n != 2 {
		t.Errorf("%d ops queued, want the 2 valid ones", n)
	}
	if err := ob.Drain(ctx); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("Drain with Qdrant down = %v, want ErrUnavailable", err)
	}
}

// leasing adds the lease capability of a shared store to memkg's outbox.
type leasing struct {
	*memkg.Outbox
	holder string
	leases atomic.Int64
}

func (l *leasing) Lease(_ context.Context, owner string, _ time.Duration) (bool, error) {
	l.leases.Add(1)
	return l.holder == "" || l.holder == owner, nil
}

func (l *leasing) Release(context.Context, string) error { return nil }

func TestOutboxLease(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, t.TempDir(), OutboxOptions{Owner: "me"})
	store := &leasing{Outbox: r.store, holder: "other"}
	ob := NewOutbox(r.idx, store, OutboxOptions{Owner: "me"})
	r.idx.down.Store(true)
	if err := ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a1", 0)}); err != nil {
		t.Fatal(err)
	}
	r.idx.down.Store(false)
	if err := ob.Drain(ctx); !errors.Is(err, ErrBusy) {
		t.Errorf("Drain while another process holds the lease = %v, want ErrBusy", err)
	}
	// A write behind a queue another process drains waits its turn in the queue.
	if err := ob.Upsert(ctx, []retrieval.Point{pt("kb", "a", "a2", 0)}); err != nil {
		t.Fatal(err)
	}
	if n := queued(t, ob); n != 2 {
		t.Errorf("%d ops queued, want 2", n)
	}
	store.holder = "me"
	if err := ob.Drain(ctx); err != nil {
		t.Fatalf("Drain holding the lease = %v", err)
	}
	if got := texts(t, ob, "kb", "a"); !slices.Equal(got, []string{"a=a2"}) {
		t.Errorf("after Drain = %v, want [a=a2]", got)
	}
	if store.leases.Load() == 0 {
		t.Error("Drain never asked for the lease")
	}
}

func TestBackoff(t *testing.T) {
	lo, hi := time.Second, time.Minute
	tests := []struct {
		n        int
		min, max time.Duration
	}{
		{1, 800 * time.Millisecond, time.Second},
		{2, 1600 * time.Millisecond, 2 * time.Second},
		{4, 6400 * time.Millisecond, 8 * time.Second},
		{7, 48 * time.Second, time.Minute},
		{100, 48 * time.Second, time.Minute},
	}
	for _, tc := range tests {
		for range 20 {
			if d := backoff(lo, hi, tc.n); d < tc.min || d > tc.max {
				t.Errorf("backoff(%v, %v, %d) = %v, want %v..%v", lo, hi, tc.n, d, tc.min, tc.max)
			}
		}
	}
}

// TestOutboxOnNeo4j keeps the outbox in a real Neo4j (KGRAG_NEO4J_URI),
// whose store leases the drain to one process at a time.
func TestOutboxOnNeo4j(t *testing.T) {
	uri := kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	ctx := context.Background()
	db := os.Getenv("KGRAG_NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	graph, err := neo4jkg.Open(ctx, neo4jkg.Config{URI: uri, User: os.Getenv("KGRAG_NEO4J_USER"),
		Password: os.Getenv("KGRAG_NEO4J_PASSWORD"), Database: db})
	if err != nil {
		t.Fatalf("neo4jkg.Open = %v", err)
	}
	defer graph.Close()
	store, err := graph.Outbox(ctx, "test-qdrant-"+vectest.KB(t))
	if err != nil {
		t.Fatal(err)
	}
	vec, err := memvec.Open(t.TempDir(), memvec.Options{Dim: outboxDim, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	idx := &switchable{Index: vec}
	a := NewOutbox(idx, store, OutboxOptions{Owner: "a"})
	b := NewOutbox(idx, store, OutboxOptions{Owner: "b"}) // a second kgrag instance
	defer a.Close()

	idx.down.Store(true)
	if err := a.Upsert(ctx, []retrieval.Point{pt("kb", "x", "x1", 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Upsert(ctx, []retrieval.Point{pt("kb", "x", "x2", 0)}); err != nil {
		t.Fatal(err)
	}
	if ok, err := store.Lease(ctx, "c", time.Minute); err != nil || !ok {
		t.Fatalf("Lease(c) = %v, %v", ok, err)
	}
	idx.down.Store(false)
	if err := a.Drain(ctx); !errors.Is(err, ErrBusy) {
		t.Errorf("Drain while c holds the lease = %v, want ErrBusy", err)
	}
	if err := store.Release(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if err := b.Drain(ctx); err != nil {
		t.Fatalf("Drain = %v", err)
	}
	if got := texts(t, b, "kb", "x"); !slices.Equal(got, []string{"x=x2"}) {
		t.Errorf("after draining both instances' ops = %v, want [x=x2]", got)
	}
	if q, err := a.Queued(ctx); err != nil || q {
		t.Errorf("Queued after Drain = %v, %v; want false", q, err)
	}
	// The drain released its lease.
	if ok, err := store.Lease(ctx, "c", time.Second); err != nil || !ok {
		t.Errorf("Lease(c) after the drain = %v, %v; want the lease free", ok, err)
	}
}

// stalled is the index under the outbox while the server is paused: the
// first upsert hangs until release is closed, then lands anyway and fails
// as a client timeout does (the request reached the server, the answer
// came too late). Later calls go straight through.
type stalled struct {
	retrieval.Index
	first   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (s *stalled) Upsert(ctx context.Context, p []retrieval.Point) error {
	if s.first.CompareAndSwap(false, true) {
		close(s.entered)
		<-s.release
		if err := s.Index.Upsert(ctx, p); err != nil {
			return err
		}
		return fmt.Errorf("upsert: deadline exceeded: %w", retrieval.ErrUnavailable)
	}
	return s.Index.Upsert(ctx, p)
}

// TestOutboxKeepsWriteOrder is the lost-update race of two writers: W1
// (v1) stalls on a paused server and times out, W2 (v2) is issued after it
// while the server is back. The point must end with v2, whatever order the
// calls return in: an older write never lands after a newer one. (Across
// processes sharing Neo4j the drain lease does the same, and on Qdrant the
// conditional write also covers a stalled request landing late:
// TestQdrantOrderedWrites.)
func TestOutboxKeepsWriteOrder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vec, err := memvec.Open(dir+"/vec", memvec.Options{Dim: outboxDim, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	graph, err := memkg.Open(dir+"/graph", memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer graph.Close()
	store, err := graph.Outbox(ctx, "qdrant")
	if err != nil {
		t.Fatal(err)
	}
	idx := &stalled{Index: vec, entered: make(chan struct{}), release: make(chan struct{})}
	ob := NewOutbox(idx, store, OutboxOptions{}) // the embedded graph store serves one process
	defer ob.Close()
	w1, w2 := ob, ob // two writers: two ingest runs, or a run and a curation edit

	done := make(chan error, 1)
	go func() { done <- w1.Upsert(ctx, []retrieval.Point{pt("kb", "a", "v1", 0)}) }()
	<-idx.entered // W1 is at the server, which is paused
	w2done := make(chan error, 1)
	go func() { w2done <- w2.Upsert(ctx, []retrieval.Point{pt("kb", "a", "v2", 0)}) }()
	time.Sleep(50 * time.Millisecond) // W2 issued while W1 hangs (it may wait for the drain)
	close(idx.release)
	if err := <-done; err != nil {
		t.Fatalf("W1 = %v, want queued (nil)", err)
	}
	if err := <-w2done; err != nil {
		t.Fatalf("W2 = %v", err)
	}
	// Whatever is still queued is drained, as Run would.
	if err := w1.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := texts(t, vec, "kb", "a"); !slices.Equal(got, []string{"a=v2"}) {
		t.Errorf("after W1 (v1, timed out) and then W2 (v2) = %v, want [a=v2]", got)
	}
}
