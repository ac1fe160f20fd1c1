package memvec_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"kgrag/retrieval"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/vectest"
)

const dim = 16

func open(t *testing.T, dir string) *memvec.Index {
	t.Helper()
	x, err := memvec.Open(dir, memvec.Options{Dim: dim, LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open(%s) = %v", dir, err)
	}
	return x
}

func TestContract(t *testing.T) {
	vectest.Run(t, func(t *testing.T) retrieval.Index {
		x := open(t, t.TempDir())
		t.Cleanup(func() {
			if err := x.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
		})
		return x
	}, dim)
}

// TestContractDenseOnDemand runs the contract with dense vectors kept out
// of memory until a dense search needs them.
func TestContractDenseOnDemand(t *testing.T) {
	vectest.Run(t, func(t *testing.T) retrieval.Index {
		x, err := memvec.Open(t.TempDir(), memvec.Options{Dim: dim, NoSync: true, DenseOnDemand: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Close() })
		return x
	}, dim)
}

// TestDenseOnDemandAfterReopen: an index reopened with DenseOnDemand gives
// the same dense and hybrid results as one that keeps the vectors, also
// for points written and deleted before and after the first dense search.
func TestDenseOnDemandAfterReopen(t *testing.T) {
	ctx := context.Background()
	dirs := []string{t.TempDir(), t.TempDir()}
	var pts []retrieval.Point
	for i := range 300 {
		pts = append(pts, point("kb", fmt.Sprintf("c%03d", i), uint64(i)))
	}
	for _, d := range dirs {
		x := open(t, d)
		if err := x.Upsert(ctx, pts); err != nil {
			t.Fatal(err)
		}
		x.Close()
	}
	eager := open(t, dirs[0])
	defer eager.Close()
	lazy, err := memvec.Open(dirs[1], memvec.Options{DenseOnDemand: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lazy.Close()
	compare := func(step string) {
		t.Helper()
		for _, q := range []retrieval.Query{
			{Dense: vec(7), Filter: retrieval.Filter{KB: "kb"}, Limit: 10},
			{Dense: vec(8), Sparse: retrieval.Sparse{Indices: []uint32{1, 12}, Values: []float32{1, 1}}, Filter: retrieval.Filter{KB: "kb"}, Limit: 10},
		} {
			a, err := eager.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			b, err := lazy.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(a) != 10 || !slices.Equal(ids(a), ids(b)) {
				t.Errorf("%s: on demand %v, kept %v", step, ids(b), ids(a))
			}
		}
	}
	for _, x := range []*memvec.Index{eager, lazy} { // before the first dense search
		if err := x.Upsert(ctx, []retrieval.Point{point("kb", "c001", 999), point("kb", "new", 12345)}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Delete(ctx, retrieval.Filter{KB: "kb", IDs: []string{"c002"}}); err != nil {
			t.Fatal(err)
		}
	}
	compare("first search")
	for _, x := range []*memvec.Index{eager, lazy} { // after it
		if err := x.Upsert(ctx, []retrieval.Point{point("kb", "c003", 4242), point("kb", "newer", 777)}); err != nil {
			t.Fatal(err)
		}
	}
	compare("after writes")
}

func ids(hits []retrieval.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Chunk.ID
	}
	return out
}

func vec(seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	v := make([]float32, dim)
	for i := range v {
		v[i] = r.Float32()*2 - 1
	}
	return v
}

func point(kb, id string, seed uint64) retrieval.Point {
	return retrieval.Point{
		Chunk:  retrieval.Chunk{KB: kb, ID: id, SourceID: "s" + strconv.FormatUint(seed%3, 10), Kind: "doc", Text: "t" + id},
		Dense:  vec(seed),
		Sparse: retrieval.Sparse{Indices: []uint32{uint32(seed % 5), 10 + uint32(seed%7)}, Values: []float32{1, 0.5}},
	}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	x := open(t, dir)
	var pts []retrieval.Point
	for i := range 50 {
		pts = append(pts, point("kb1", fmt.Sprintf("c%d", i), uint64(i)))
	}
	if err := x.Upsert(ctx, pts); err != nil {
		t.Fatal(err)
	}
	if err := x.Upsert(ctx, []retrieval.Point{point("kb2", "only", 99)}); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Delete(ctx, retrieval.Filter{KB: "kb1", SourceIDs: []string{"s0"}}); err != nil || n != 17 {
		t.Fatalf("Delete = %d, %v; want 17", n, err)
	}
	q := retrieval.Query{Dense: vec(7), Sparse: retrieval.Sparse{Indices: []uint32{2}, Values: []float32{1}}, Filter: retrieval.Filter{KB: "kb1"}, Limit: 20}
	before, err := x.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := memvec.Open(dir, memvec.Options{Dim: dim, LockTimeout: 50 * time.Millisecond}); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("second Open of an index in use = %v, want ErrUnavailable", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Search(ctx, q); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("Search after Close = %v, want ErrUnavailable", err)
	}
	if _, err := memvec.Open(dir, memvec.Options{Dim: dim + 1}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Open with another dimension = %v, want ErrInvalid", err)
	}
	y, err := memvec.Open(dir, memvec.Options{}) // dimension from the file
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if y.Dim() != dim {
		t.Errorf("Dim after reopen = %d, want %d", y.Dim(), dim)
	}
	after, err := y.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("after reopen %d hits, before %d", len(after), len(before))
	}
	for i := range after {
		a, b := after[i], before[i]
		if a.Chunk.ID != b.Chunk.ID || a.DenseRank != b.DenseRank || a.SparseRank != b.SparseRank || a.Score != b.Score {
			t.Errorf("hit %d after reopen = %s %d/%d %v, before %s %d/%d %v", i, a.Chunk.ID, a.DenseRank, a.SparseRank, a.Score, b.Chunk.ID, b.DenseRank, b.SparseRank, b.Score)
		}
	}
	for kb, want := range map[string]int{"kb1": 33, "kb2": 1} {
		if n, _ := y.Count(ctx, retrieval.Filter{KB: kb}); n != want {
			t.Errorf("Count(%s) after reopen = %d, want %d", kb, n, want)
		}
	}
	if _, err := memvec.Open(t.TempDir(), memvec.Options{}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Open of a new index without a dimension = %v, want ErrInvalid", err)
	}
}

// TestCompaction replaces and deletes enough points to trigger compaction
// and checks that searches, counts and document frequencies stay right.
func TestCompaction(t *testing.T) {
	ctx := context.Background()
	x, err := memvec.Open(t.TempDir(), memvec.Options{Dim: dim, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ref, err := memvec.Open(t.TempDir(), memvec.Options{Dim: dim, NoSync: true}) // built once, never compacted
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	const n = 3000
	var pts []retrieval.Point
	for i := range n {
		pts = append(pts, point("kb", fmt.Sprintf("c%d", i), uint64(i)))
	}
	if err := x.Upsert(ctx, pts); err != nil {
		t.Fatal(err)
	}
	// Replace every point twice with other vectors, then delete a third.
	for round := range 2 {
		for i := range pts {
			pts[i] = point("kb", fmt.Sprintf("c%d", i), uint64(i+(round+1)*n))
		}
		if err := x.Upsert(ctx, pts); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.Delete(ctx, retrieval.Filter{KB: "kb", SourceIDs: []string{"s1"}}); err != nil {
		t.Fatal(err)
	}
	var kept []retrieval.Point
	for _, p := range pts {
		if p.Chunk.SourceID != "s1" {
			kept = append(kept, p)
		}
	}
	if err := ref.Upsert(ctx, kept); err != nil {
		t.Fatal(err)
	}
	for _, q := range []retrieval.Query{
		{Dense: vec(1), Limit: 30},
		{Sparse: retrieval.Sparse{Indices: []uint32{1, 3, 12}, Values: []float32{1, 1, 1}}, Limit: 30},
		{Dense: vec(2), Sparse: retrieval.Sparse{Indices: []uint32{0, 11}, Values: []float32{1, 1}}, Limit: 30},
	} {
		q.Filter.KB = "kb"
		got, err := x.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ref.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("Search = %d hits, want %d", len(got), len(want))
		}
		for i := range got {
			// Same scores (sparse ties may order differently: slots differ).
			if d := got[i].Score - want[i].Score; d > 1e-6 || d < -1e-6 {
				t.Errorf("hit %d score = %v (%s), want %v (%s)", i, got[i].Score, got[i].Chunk.ID, want[i].Score, want[i].Chunk.ID)
			}
		}
	}
	if a, b := count(t, x), count(t, ref); a != b {
		t.Errorf("Count = %d, want %d", a, b)
	}
}

func count(t *testing.T, x *memvec.Index) int {
	n, err := x.Count(context.Background(), retrieval.Filter{KB: "kb"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReturnedChunksAreCopies(t *testing.T) {
	ctx := context.Background()
	x := open(t, t.TempDir())
	defer x.Close()
	p := point("kb", "a", 1)
	p.Chunk.Channels = []string{"web"}
	if err := x.Upsert(ctx, []retrieval.Point{p}); err != nil {
		t.Fatal(err)
	}
	p.Chunk.Channels[0] = "changed by caller"
	p.Dense[0] = 1000
	got, _ := x.Get(ctx, "kb", []string{"a"})
	got[0].Channels[0] = "changed again"
	hits, _ := x.Search(ctx, retrieval.Query{Dense: vec(1), Filter: retrieval.Filter{KB: "kb"}})
	if len(hits) != 1 || !slices.Equal(hits[0].Chunk.Channels, []string{"web"}) {
		t.Errorf("stored chunk = %+v, want channels [web] unchanged by callers", hits)
	}
}

func TestCanceledContext(t *testing.T) {
	x := open(t, t.TempDir())
	defer x.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.Upsert(ctx, []retrieval.Point{point("kb", "a", 1)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Upsert(canceled) = %v, want context.Canceled", err)
	}
	if _, err := x.Search(ctx, retrieval.Query{Dense: vec(1), Filter: retrieval.Filter{KB: "kb"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(canceled) = %v, want context.Canceled", err)
	}
}

func TestDenseIsExact(t *testing.T) {
	ctx := context.Background()
	x, err := memvec.Open(t.TempDir(), memvec.Options{Dim: dim, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var pts []retrieval.Point
	for i := range 500 {
		pts = append(pts, point("kb", fmt.Sprintf("c%d", i), uint64(i)))
	}
	if err := x.Upsert(ctx, pts); err != nil {
		t.Fatal(err)
	}
	q := vec(12345)
	hits, err := x.Search(ctx, retrieval.Query{Dense: q, Filter: retrieval.Filter{KB: "kb"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	// brute force in float64 over normalised vectors
	type sc struct {
		id string
		s  float64
	}
	var all []sc
	norm := func(v []float32) []float64 {
		var s float64
		for _, f := range v {
			s += float64(f) * float64(f)
		}
		out := make([]float64, len(v))
		for i, f := range v {
			out[i] = float64(f) / sqrt(s)
		}
		return out
	}
	qn := norm(q)
	for _, p := range pts {
		pn := norm(p.Dense)
		var s float64
		for i := range pn {
			s += pn[i] * qn[i]
		}
		all = append(all, sc{p.Chunk.ID, s})
	}
	slices.SortFunc(all, func(a, b sc) int {
		if a.s > b.s {
			return -1
		}
		return 1
	})
	for i, h := range hits {
		if h.Chunk.ID != all[i].id {
			t.Errorf("hit %d = %s (%v), want %s (%v)", i, h.Chunk.ID, h.Score, all[i].id, all[i].s)
		}
	}
	t.Logf("SIMD kernel: %v", memvec.SIMD())
}

func sqrt(x float64) float64 {
	z := x
	for range 50 {
		z -= (z*z - x) / (2 * z)
	}
	return z
}

const crashBatch = 40

// TestCrashMidBatch kills a child process with SIGKILL while it upserts
// batches, then reopens the index: every committed batch is whole and none
// is half there.
func TestCrashMidBatch(t *testing.T) {
	if dir := os.Getenv("KGRAG_MEMVEC_CRASH_DIR"); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("crash test spawns a child process")
	}
	for round := range 2 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMidBatch$")
		cmd.Env = append(os.Environ(), "KGRAG_MEMVEC_CRASH_DIR="+dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
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

		x := open(t, dir)
		ctx := context.Background()
		committed := 0
		for b := 0; ; b++ {
			ids := make([]string, crashBatch)
			for i := range ids {
				ids[i] = fmt.Sprintf("B%d-%d", b, i)
			}
			got, err := x.Get(ctx, "crash", ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			if len(got) != crashBatch {
				t.Errorf("round %d: batch %d has %d of %d points after the crash", round, b, len(got), crashBatch)
			}
			committed++
		}
		b, _ := os.ReadFile(dir + "/progress")
		reported, _ := strconv.Atoi(string(b))
		if committed < reported || committed == 0 {
			t.Errorf("round %d: %d batches survived, the child had committed %d", round, committed, reported)
		}
		if n, _ := x.Count(ctx, retrieval.Filter{KB: "crash"}); n != committed*crashBatch {
			t.Errorf("round %d: Count = %d, want %d", round, n, committed*crashBatch)
		}
		if err := x.Upsert(ctx, []retrieval.Point{point("crash", "after", 1)}); err != nil {
			t.Errorf("write after crash = %v", err)
		}
		x.Close()
	}
}

func crashChild(dir string) {
	x, err := memvec.Open(dir, memvec.Options{Dim: dim})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for b := 0; ; b++ {
		pts := make([]retrieval.Point, crashBatch)
		for i := range pts {
			pts[i] = point("crash", fmt.Sprintf("B%d-%d", b, i), uint64(b*crashBatch+i))
		}
		if err := x.Upsert(context.Background(), pts); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = os.WriteFile(dir+"/progress", []byte(strconv.Itoa(b+1)), 0o600)
	}
}

// TestPostingsPastSlot65536: posting lists keep 16-bit slots in blocks of
// 65,536; a term found on both sides of a block boundary is found, also
// after compaction renumbers the slots and after a reopen.
func TestPostingsPastSlot65536(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70k points")
	}
	ctx := context.Background()
	dir := t.TempDir()
	x, err := memvec.Open(dir, memvec.Options{Dim: dim, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	rare := map[int]bool{5: true, 65535: true, 65536: true, 69999: true}
	var pts []retrieval.Point
	for i := range 70000 {
		p := retrieval.Point{Chunk: retrieval.Chunk{KB: "kb", ID: fmt.Sprintf("p%05d", i)}, Dense: vec(uint64(i % 50)),
			Sparse: retrieval.Sparse{Indices: []uint32{1}, Values: []float32{1}}}
		if rare[i] {
			p.Sparse = retrieval.Sparse{Indices: []uint32{1, 100}, Values: []float32{1, float32(i%7) + 1}}
		}
		pts = append(pts, p)
	}
	for len(pts) > 0 {
		n := min(len(pts), 10000)
		if err := x.Upsert(ctx, pts[:n]); err != nil {
			t.Fatal(err)
		}
		pts = pts[n:]
	}
	want := func(step string, x *memvec.Index, wantIDs ...string) {
		t.Helper()
		hits, err := x.Search(ctx, retrieval.Query{Sparse: retrieval.Sparse{Indices: []uint32{100}, Values: []float32{1}}, Filter: retrieval.Filter{KB: "kb"}})
		if err != nil {
			t.Fatal(err)
		}
		got := ids(hits)
		slices.Sort(got)
		if !slices.Equal(got, wantIDs) {
			t.Errorf("%s: hits %v, want %v", step, got, wantIDs)
		}
	}
	want("written", x, "p00005", "p65535", "p65536", "p69999")
	var del []string
	for i := range 30000 {
		del = append(del, fmt.Sprintf("p%05d", 40000+i))
	}
	if _, err := x.Delete(ctx, retrieval.Filter{KB: "kb", IDs: del}); err != nil { // compacts: 30k dead of 70k
		t.Fatal(err)
	}
	want("compacted", x, "p00005")
	if err := x.Upsert(ctx, []retrieval.Point{{Chunk: retrieval.Chunk{KB: "kb", ID: "late"}, Dense: vec(1),
		Sparse: retrieval.Sparse{Indices: []uint32{100}, Values: []float32{2}}}}); err != nil {
		t.Fatal(err)
	}
	want("added", x, "late", "p00005")
	x.Close()
	x = open(t, dir)
	defer x.Close()
	want("reopened", x, "late", "p00005")
}
