package neo4jkg

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg/kgtest"
)

// testOutbox opens a queue with a unique name and removes it at cleanup.
func testOutbox(t *testing.T, s *Store) *Outbox {
	t.Helper()
	name := "test-" + kgtest.NewKB(t)
	o, err := s.Outbox(context.Background(), name)
	if err != nil {
		t.Fatalf("Outbox(%q) = %v", name, err)
	}
	t.Cleanup(func() {
		_, err := neo4j.ExecuteQuery(context.Background(), s.drv, `
MATCH (q:OutboxQueue {name: $queue}) OPTIONAL MATCH (o:OutboxOp {queue: $queue}) DETACH DELETE q, o`,
			map[string]any{"queue": name}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			t.Errorf("clean up queue %s: %v", name, err)
		}
	})
	return o
}

type rec struct {
	seq uint64
	op  string
}

func pendingOps(t *testing.T, o *Outbox, n int) []rec {
	t.Helper()
	var out []rec
	if err := o.Pending(context.Background(), n, func(seq uint64, op []byte) error {
		out = append(out, rec{seq, string(op)})
		return nil
	}); err != nil {
		t.Fatalf("Pending(%d) = %v", n, err)
	}
	return out
}

func opsOf(rs []rec) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.op)
	}
	return out
}

func TestOutboxFIFO(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := testOutbox(t, s)
	if got := pendingOps(t, o, 10); len(got) != 0 {
		t.Fatalf("new queue Pending = %v", got)
	}
	for _, op := range []string{"a", "b", "c", "d"} {
		if err := o.Append(ctx, []byte(op)); err != nil {
			t.Fatalf("Append(%s) = %v", op, err)
		}
	}
	tests := []struct {
		n    int
		want []string
	}{
		{10, []string{"a", "b", "c", "d"}},
		{2, []string{"a", "b"}},
	}
	for _, tc := range tests {
		if got := opsOf(pendingOps(t, o, tc.n)); !slices.Equal(got, tc.want) {
			t.Errorf("Pending(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
	// Ack inside fn, and twice.
	var first uint64
	err := o.Pending(ctx, 2, func(seq uint64, _ []byte) error {
		if first == 0 {
			first = seq
		}
		return o.Ack(ctx, seq)
	})
	if err != nil {
		t.Fatalf("Pending with Ack inside = %v", err)
	}
	if err := o.Ack(ctx, first); err != nil {
		t.Errorf("second Ack = %v, want nil", err)
	}
	if got := opsOf(pendingOps(t, o, 10)); !slices.Equal(got, []string{"c", "d"}) {
		t.Errorf("after acking a, b = %v, want [c d]", got)
	}
	if n, err := o.Len(ctx); n != 2 || err != nil {
		t.Errorf("Len = %d, %v; want 2", n, err)
	}
	stop := errors.New("stop")
	if err := o.Pending(ctx, 10, func(uint64, []byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Pending with failing fn = %v, want stop", err)
	}
	// Another queue is apart; a second handle on this one sees the same ops.
	other := testOutbox(t, s)
	if got := pendingOps(t, other, 10); len(got) != 0 {
		t.Errorf("other queue = %v, want empty", got)
	}
	again, err := s.Outbox(ctx, o.queue)
	if err != nil {
		t.Fatal(err)
	}
	if got := opsOf(pendingOps(t, again, 10)); !slices.Equal(got, []string{"c", "d"}) {
		t.Errorf("second handle = %v, want [c d]", got)
	}
}

func TestOutboxConcurrentAppendsKeepCommitOrder(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := testOutbox(t, s)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if err := o.Append(ctx, fmt.Appendf(nil, "%d-%d", w, i)); err != nil {
					t.Errorf("Append = %v", err)
				}
			}
		})
	}
	wg.Wait()
	recs := pendingOps(t, o, 1000)
	if len(recs) != writers*each {
		t.Fatalf("Pending = %d records, want %d", len(recs), writers*each)
	}
	next := map[int]int{}
	for i, r := range recs {
		if i > 0 && r.seq != recs[i-1].seq+1 {
			t.Errorf("sequence %d after %d, want consecutive numbers", r.seq, recs[i-1].seq)
		}
		var w, n int
		if _, err := fmt.Sscanf(r.op, "%d-%d", &w, &n); err != nil {
			t.Fatal(err)
		}
		if n != next[w] {
			t.Errorf("writer %d: record %d before %d", w, n, next[w])
		}
		next[w] = n + 1
	}
}

func TestOutboxLease(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := testOutbox(t, s)
	lease := func(owner string, ttl time.Duration) bool {
		t.Helper()
		ok, err := o.Lease(ctx, owner, ttl)
		if err != nil {
			t.Fatalf("Lease(%s) = %v", owner, err)
		}
		return ok
	}
	if !lease("a", time.Minute) {
		t.Fatal("Lease(a) on a free queue = false")
	}
	if lease("b", time.Minute) {
		t.Error("Lease(b) while a holds it = true")
	}
	if !lease("a", time.Minute) {
		t.Error("renewing Lease(a) = false")
	}
	if err := o.Release(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if lease("b", time.Minute) {
		t.Error("Release by b freed a's lease")
	}
	if err := o.Release(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if !lease("b", 200*time.Millisecond) {
		t.Fatal("Lease(b) after a released = false")
	}
	time.Sleep(400 * time.Millisecond)
	if !lease("a", time.Minute) {
		t.Error("Lease(a) after b's lease expired = false")
	}

	// Many contenders at once: exactly one wins.
	o2 := testOutbox(t, s)
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i := range 6 {
		wg.Go(func() {
			ok, err := o2.Lease(ctx, fmt.Sprintf("c%d", i), time.Minute)
			if err != nil {
				t.Errorf("Lease = %v", err)
			}
			if ok {
				mu.Lock()
				winners++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if winners != 1 {
		t.Errorf("%d contenders got the lease, want exactly 1", winners)
	}
}

func TestOutboxEmptyName(t *testing.T) {
	s := openTest(t)
	if _, err := s.Outbox(context.Background(), ""); err == nil {
		t.Error(`Outbox("") = nil error, want one`)
	}
}

// TestOutboxPlans: every statement of the outbox finds its nodes through
// an index, as the store's own do (TestContract): the queue is read on
// every drain, on every instance.
func TestOutboxPlans(t *testing.T) {
	s := openTest(t)
	o := testOutbox(t, s)
	ctx := context.Background()
	stop := recordStatements()
	for i := range 3 {
		if err := o.Append(ctx, []byte(fmt.Sprint("op", i))); err != nil {
			t.Fatal(err)
		}
	}
	got := pendingOps(t, o, 10)
	if len(got) != 3 {
		t.Fatalf("pending = %v, want 3 records", got)
	}
	if err := o.Ack(ctx, got[0].seq); err != nil {
		t.Fatal(err)
	}
	if n, err := o.Len(ctx); err != nil || n != 2 {
		t.Fatalf("Len = %d, %v; want 2", n, err)
	}
	if ok, err := o.Lease(ctx, "a", time.Minute); err != nil || !ok {
		t.Fatalf("Lease = %v, %v", ok, err)
	}
	if err := o.Release(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	checkPlans(t, s, stop(), 6)
}
