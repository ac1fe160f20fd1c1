package memkg_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/memkg"
)

func open(t *testing.T, dir string) *memkg.Store {
	t.Helper()
	s, err := memkg.Open(dir, memkg.Options{})
	if err != nil {
		t.Fatalf("Open(%s) = %v", dir, err)
	}
	return s
}

func TestContract(t *testing.T) {
	kgtest.Run(t, func(t *testing.T) kg.Store {
		s := open(t, t.TempDir())
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	_, err := s.Apply(context.Background(), "kb1", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Type: "Product", Name: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := memkg.Open(dir, memkg.Options{}); err == nil {
		t.Error("second Open of a data directory in use succeeded, want an error")
	}
	s.Close()
	s = open(t, dir)
	defer s.Close()
	if e, err := s.Entity(context.Background(), "kb1", "P1", time.Time{}); err != nil || e.Name != "x" {
		t.Errorf("after reopen Entity = %+v, %v", e, err)
	}
}

const batchSize = 50

// TestCrashMidBatch kills a child process with SIGKILL while it writes
// batches, then reopens the store: every committed batch is whole, and no
// batch is half there.
func TestCrashMidBatch(t *testing.T) {
	if dir := os.Getenv("KGRAG_CRASH_CHILD_DIR"); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("crash test spawns a child process")
	}
	for round := range 3 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMidBatch$")
		cmd.Env = append(os.Environ(), "KGRAG_CRASH_CHILD_DIR="+dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it commit some batches, then kill it without warning.
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if b, _ := os.ReadFile(dir + "/progress"); len(b) > 0 {
				if n, _ := strconv.Atoi(string(b)); n >= 3+round*2 {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(round*7) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()

		s := open(t, dir)
		committed, partial := 0, 0
		for b := 0; ; b++ {
			present := 0
			for i := range batchSize {
				_, err := s.Entity(context.Background(), "crash", fmt.Sprintf("B%d-%d", b, i), time.Time{})
				switch {
				case err == nil:
					present++
				case !errors.Is(err, kg.ErrNotFound):
					t.Fatalf("read after crash: %v", err)
				}
			}
			if present == 0 {
				break
			}
			if present != batchSize {
				partial++
				t.Errorf("round %d: batch %d has %d of %d entities after the crash", round, b, present, batchSize)
			}
			committed++
		}
		// The child writes progress after each commit, so at least that many are there.
		b, _ := os.ReadFile(dir + "/progress")
		reported, _ := strconv.Atoi(string(b))
		if committed < reported {
			t.Errorf("round %d: %d batches survived, but the child had committed %d", round, committed, reported)
		}
		if committed == 0 {
			t.Errorf("round %d: no batch committed before the kill; the test proved nothing", round)
		}
		// The store still takes writes.
		if _, err := s.Apply(context.Background(), "crash", kg.Batch{Entities: []kg.EntityUpsert{{ID: "after", Type: "Product", Name: "x"}}}); err != nil {
			t.Errorf("write after crash = %v", err)
		}
		s.Close()
		t.Logf("round %d: %d whole batches, %d partial", round, committed, partial)
	}
}

func crashChild(dir string) {
	s, err := memkg.Open(dir, memkg.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for b := 0; ; b++ {
		var us []kg.EntityUpsert
		for i := range batchSize {
			us = append(us, kg.EntityUpsert{ID: fmt.Sprintf("B%d-%d", b, i), Type: "Product", Name: fmt.Sprintf("batch %d item %d", b, i),
				Attributes: []kg.Attribute{{Key: "batch", Kind: kg.KindNumber, Value: strconv.Itoa(b)}}})
		}
		if _, err := s.Apply(context.Background(), "crash", kg.Batch{Entities: us}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = os.WriteFile(dir+"/progress", []byte(strconv.Itoa(b+1)), 0o600)
	}
}
