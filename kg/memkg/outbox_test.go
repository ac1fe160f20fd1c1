package memkg_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"kgrag/kg/memkg"
)

type record struct {
	seq uint64
	op  string
}

func pending(t *testing.T, o *memkg.Outbox, n int) []record {
	t.Helper()
	var out []record
	err := o.Pending(context.Background(), n, func(seq uint64, op []byte) error {
		out = append(out, record{seq, string(op)})
		return nil
	})
	if err != nil {
		t.Fatalf("Pending(%d) = %v", n, err)
	}
	return out
}

func ops(rs []record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.op
	}
	return out
}

func outbox(t *testing.T, s *memkg.Store, queue string) *memkg.Outbox {
	t.Helper()
	o, err := s.Outbox(context.Background(), queue)
	if err != nil {
		t.Fatalf("Outbox(%q) = %v", queue, err)
	}
	return o
}

func TestOutboxOrderAckAndLimit(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	defer s.Close()
	o := outbox(t, s, "qdrant")
	if got := pending(t, o, 10); len(got) != 0 {
		t.Fatalf("new queue Pending = %v, want none", got)
	}
	for _, op := range []string{"a", "b", "c", "d"} {
		if err := o.Append(ctx, []byte(op)); err != nil {
			t.Fatalf("Append(%s) = %v", op, err)
		}
	}
	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"all", 10, []string{"a", "b", "c", "d"}},
		{"first two", 2, []string{"a", "b"}},
		{"one", 1, []string{"a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ops(pending(t, o, tc.n)); !slices.Equal(got, tc.want) {
				t.Errorf("Pending(%d) = %v, want %v", tc.n, got, tc.want)
			}
		})
	}
	recs := pending(t, o, 10)
	for i := 1; i < len(recs); i++ {
		if recs[i].seq <= recs[i-1].seq {
			t.Errorf("sequence numbers %d then %d, want ascending", recs[i-1].seq, recs[i].seq)
		}
	}
	// Ack from inside fn (the way a drain does it), and twice: both fine.
	err := o.Pending(ctx, 2, func(seq uint64, op []byte) error { return o.Ack(ctx, seq) })
	if err != nil {
		t.Fatalf("Pending with Ack inside = %v", err)
	}
	if err := o.Ack(ctx, recs[0].seq); err != nil {
		t.Errorf("second Ack(%d) = %v, want nil", recs[0].seq, err)
	}
	if got := ops(pending(t, o, 10)); !slices.Equal(got, []string{"c", "d"}) {
		t.Errorf("after acking a, b: Pending = %v, want [c d]", got)
	}
	if n, err := o.Len(ctx); n != 2 || err != nil {
		t.Errorf("Len = %d, %v; want 2", n, err)
	}
	// An error from fn stops the walk and comes back.
	stop := errors.New("stop")
	calls := 0
	err = o.Pending(ctx, 10, func(uint64, []byte) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Pending with failing fn = %v after %d calls, want stop after 1", err, calls)
	}
}

func TestOutboxSurvivesReopenAndKeepsQueuesApart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir)
	a, b := outbox(t, s, "a"), outbox(t, s, "b")
	for _, op := range []string{"1", "2"} {
		if err := a.Append(ctx, []byte(op)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Append(ctx, []byte("x")); err != nil {
		t.Fatal(err)
	}
	last := pending(t, a, 10)[1].seq
	s.Close()

	s = open(t, dir)
	defer s.Close()
	a, b = outbox(t, s, "a"), outbox(t, s, "b")
	if got := ops(pending(t, a, 10)); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("queue a after reopen = %v, want [1 2]", got)
	}
	if got := ops(pending(t, b, 10)); !slices.Equal(got, []string{"x"}) {
		t.Errorf("queue b after reopen = %v, want [x]", got)
	}
	// Sequence numbers never go back, even after the queue empties.
	for _, r := range pending(t, a, 10) {
		if err := a.Ack(ctx, r.seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Append(ctx, []byte("3")); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, a, 10); len(got) != 1 || got[0].seq <= last {
		t.Errorf("after emptying and appending: %v, want one record with seq > %d", got, last)
	}
}

func TestOutboxConcurrentAppends(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	defer s.Close()
	o := outbox(t, s, "q")
	const writers, each = 4, 25
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
	recs := pending(t, o, 1000)
	if len(recs) != writers*each {
		t.Fatalf("Pending = %d records, want %d", len(recs), writers*each)
	}
	// Each writer's records come out in the order it appended them.
	next := map[string]int{}
	for _, r := range recs {
		var w, i int
		if _, err := fmt.Sscanf(r.op, "%d-%d", &w, &i); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(w)
		if i != next[key] {
			t.Errorf("writer %d: record %d came before %d", w, i, next[key])
		}
		next[key] = i + 1
	}
}

func TestOutboxRejectsEmptyNameAndCanceledContext(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	if _, err := s.Outbox(context.Background(), ""); err == nil {
		t.Error(`Outbox("") = nil error, want one`)
	}
	o := outbox(t, s, "q")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := o.Append(ctx, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Append with canceled ctx = %v, want context.Canceled", err)
	}
}
