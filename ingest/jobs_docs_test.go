package ingest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/memkg"
)

// TestJobsShared: two job runners on one graph store, as two instances
// on one Neo4j: a job started through one is reported by id through the
// other, while it runs and when done; the newest MaxKept jobs of a
// knowledge base are kept.
func TestJobsShared(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { testJobsShared(t, teststore.Embedded(t), "kb1") })
	t.Run("neo4j", func(t *testing.T) { testJobsShared(t, teststore.Neo4jStore(t), "") })
}

func testJobsShared(t *testing.T, store kg.Store, kb string) {
	if kb == "" {
		kb = kgtest.NewKB(t)
	}
	ctx := context.Background()
	docs := store.(kg.Docs)
	a := ingest.NewJobs(zerolog.Nop(), time.Minute).WithDocs(docs)
	b := ingest.NewJobs(zerolog.Nop(), time.Minute).WithDocs(docs)
	defer a.Close()
	defer b.Close()

	release := make(chan struct{})
	started := make(chan struct{})
	job := a.Start(ctx, kb, "ingest", "key1", 2, func(ctx context.Context, progress func(ingest.Event)) (*ingest.Report, error) {
		progress(ingest.Event{Source: "a.md", Done: 1, Total: 2}) // the first progress is saved
		close(started)
		<-release
		return &ingest.Report{KB: kb, Sources: []ingest.SourceResult{{ID: "a.md", Action: ingest.ActionNew}, {ID: "b.md", Action: ingest.ActionUnchanged}}}, nil
	})
	<-started
	got, ok, err := b.Get(ctx, kb, job.ID)
	if err != nil || !ok || got.Status != ingest.JobRunning || got.Done != 1 || got.Actor != "key1" {
		t.Fatalf("running job through the other instance = %+v, %v, %v; want RUNNING, 1 done", got, ok, err)
	}
	close(release)
	if done, _ := a.Wait(ctx, kb, job.ID); done.Status != ingest.JobDone {
		t.Fatalf("job = %+v", done)
	}
	got, ok, err = b.Get(ctx, kb, job.ID)
	if err != nil || !ok || got.Status != ingest.JobDone || got.Report == nil || len(got.Report.Sources) != 2 || got.FinishedAt == nil {
		t.Fatalf("finished job through the other instance = %+v, %v, %v; want DONE with its report", got, ok, err)
	}
	if _, ok, _ := b.Get(ctx, kb+"x", job.ID); ok {
		t.Error("another knowledge base sees the job")
	}
	for _, id := range []string{"job-0", "job-abc-999999", "nope", job.ID + "0"} {
		if _, ok, err := b.Get(ctx, kb, id); ok || err != nil {
			t.Errorf("Get(%q) = %v, %v; want not found", id, ok, err)
		}
	}
	failed := b.Start(ctx, kb, "delete", "key2", 1, func(ctx context.Context, progress func(ingest.Event)) (*ingest.Report, error) {
		return nil, errors.New("store down")
	})
	b.Wait(ctx, kb, failed.ID)
	if got, ok, _ := a.Get(ctx, kb, failed.ID); !ok || got.Status != ingest.JobFailed || got.Error != "store down" {
		t.Errorf("failed job through the other instance = %+v, %v", got, ok)
	}

	// MaxKept more jobs: the first is gone from the store, the last there.
	var last ingest.Job
	for range ingest.MaxKept {
		last = b.Start(ctx, kb, "ingest", "key2", 0, func(context.Context, func(ingest.Event)) (*ingest.Report, error) { return &ingest.Report{}, nil })
		b.Wait(ctx, kb, last.ID)
	}
	if _, ok, _ := b.Get(ctx, kb, job.ID); ok {
		t.Error("the oldest job is still kept after MaxKept newer ones")
	}
	if got, ok, _ := a.Get(ctx, kb, last.ID); !ok || got.Status != ingest.JobDone {
		t.Errorf("newest job through the other instance = %+v, %v", got, ok)
	}
}

// TestJobsStale: a job whose document was not saved for long (its
// instance stopped while it ran) is reported FAILED by other instances.
func TestJobsStale(t *testing.T) {
	// The store stamps documents ten minutes ago: as if the instance
	// running the job had stopped then.
	store, err := memkg.Open(t.TempDir(), memkg.Options{Now: func() time.Time { return time.Now().Add(-10 * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	a := ingest.NewJobs(zerolog.Nop(), time.Minute).WithDocs(store)
	b := ingest.NewJobs(zerolog.Nop(), time.Minute).WithDocs(store)
	defer a.Close()
	defer b.Close()
	release, started := make(chan struct{}), make(chan struct{})
	job := a.Start(ctx, "kb1", "ingest", "key1", 1, func(ctx context.Context, progress func(ingest.Event)) (*ingest.Report, error) {
		close(started)
		<-release
		return &ingest.Report{}, nil
	})
	defer close(release)
	<-started
	if got, ok, _ := a.Get(ctx, "kb1", job.ID); !ok || got.Status != ingest.JobRunning {
		t.Errorf("the running instance reports %+v, want RUNNING", got)
	}
	got, ok, err := b.Get(ctx, "kb1", job.ID)
	if err != nil || !ok || got.Status != ingest.JobFailed || got.Error == "" {
		t.Errorf("a job not saved for ten minutes, through another instance = %+v, %v, %v; want FAILED", got, ok, err)
	}
}
