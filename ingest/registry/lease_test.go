package registry

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
)

func TestLease(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { testLease(t, teststore.Embedded(t), "kb1") })
	t.Run("neo4j", func(t *testing.T) { testLease(t, teststore.Neo4jStore(t), kgtest.NewKB(t)) })
}

// testLease: two instances' leases on one store: while one holds a
// knowledge base's lease the other waits (here: until its context ends),
// and takes it once released; a lease left by a stopped instance is taken
// over once expired; other knowledge bases are free.
func testLease(t *testing.T, store kg.Store, kb string) {
	docs := store.(kg.Docs)
	a, b := NewLease(docs), NewLease(docs)
	a.Poll, b.Poll = 10*time.Millisecond, 10*time.Millisecond
	ctx := context.Background()
	releaseA, err := a.Acquire(ctx, kb)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = b.Acquire(short, kb)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire while another instance holds the lease = %v, want it to wait until its context ends", err)
	}
	releaseOther, err := b.Acquire(ctx, kb+"x")
	if err != nil {
		t.Fatalf("Acquire of another knowledge base = %v", err)
	}
	releaseOther()

	got := make(chan func(), 1)
	go func() {
		r, err := b.Acquire(ctx, kb)
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	releaseA()
	releaseB := <-got
	if releaseB == nil {
		t.Fatal("no lease after the holder released it")
	}
	releaseB()

	// An instance that stopped while holding it: its lease expires.
	data, _ := json.Marshal(leaseState{Holder: "gone/1", Token: "t", Expires: time.Now().Add(-time.Second)})
	if _, err := docs.PutDoc(ctx, kb, collLease, leaseDoc, data, kg.AnyVersion); err != nil {
		t.Fatal(err)
	}
	r, err := a.Acquire(ctx, kb)
	if err != nil {
		t.Fatalf("Acquire over an expired lease = %v", err)
	}
	r()
}
