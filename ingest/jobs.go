package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// JobStatus is the state of a Job.
type JobStatus string

// Job statuses.
const (
	JobQueued  JobStatus = "QUEUED"
	JobRunning JobStatus = "RUNNING"
	JobDone    JobStatus = "DONE"   // finished; the report says what happened to each source
	JobFailed  JobStatus = "FAILED" // stopped by an error of the store, index or registry
)

// Job is a run in the background, for callers (GraphQL) that cannot wait
// for a long ingest.
type Job struct {
	ID         string
	KB         string
	Kind       string // "ingest" or "delete"
	Actor      string
	Status     JobStatus
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
	Done       int // sources finished
	Total      int
	Report     *Report
	Error      string
}

// Finished reports whether the job has ended.
func (j *Job) Finished() bool { return j.Status == JobDone || j.Status == JobFailed }

// Jobs runs and keeps jobs in memory: the most recent MaxKept of them, per
// process; WithDocs keeps them in the graph store too, for every instance
// (see jobs_docs.go). Safe for concurrent use.
type Jobs struct {
	mu      sync.Mutex
	jobs    map[string]*Job
	order   []string
	changed *sync.Cond
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	timeout time.Duration
	docs    kg.Docs // where jobs are kept for every instance (WithDocs); nil: memory only
}

// MaxKept is how many finished jobs Jobs remembers.
const MaxKept = 200

// NewJobs returns a job runner whose jobs log to log; each job may run
// for at most timeout (0: one hour).
func NewJobs(log zerolog.Logger, timeout time.Duration) *Jobs {
	if timeout <= 0 {
		timeout = time.Hour
	}
	ctx, cancel := context.WithCancel(log.WithContext(context.Background()))
	j := &Jobs{jobs: map[string]*Job{}, ctx: ctx, cancel: cancel, timeout: timeout}
	j.changed = sync.NewCond(&j.mu)
	return j
}

// newJobID is "job-<random hex>", with "-<slot>" when the job is kept in
// the graph store (slot < 0: not).
func newJobID(slot int) string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	id := "job-" + hex.EncodeToString(b[:])
	if slot >= 0 {
		id += "-" + strconv.Itoa(slot)
	}
	return id
}

// Start runs fn in the background as a job of kb and returns it queued.
// fn gets a context that outlives the request that started it, and a
// progress function to report through.
//
// With WithDocs, the job is kept in the graph store too (a store that
// cannot take it now leaves the job in memory only, logged).
func (j *Jobs) Start(ctx context.Context, kb, kind, actor string, total int, fn func(ctx context.Context, progress func(Event)) (*Report, error)) Job {
	slot := -1
	if j.docs != nil {
		s, err := j.allocSlot(ctx, kb)
		if err != nil {
			zerolog.Ctx(j.ctx).Warn().Err(err).Str("kb", kb).
				Msg("no ingest job slot in the graph store: the job is reported by this instance only")
		} else {
			slot = s
		}
	}
	j.mu.Lock()
	job := &Job{ID: newJobID(slot), KB: kb, Kind: kind, Actor: actor, Status: JobQueued, CreatedAt: time.Now().UTC(), Total: total}
	j.jobs[job.ID] = job
	j.order = append(j.order, job.ID)
	j.evict()
	snapshot := *job
	j.mu.Unlock()
	j.save(ctx, snapshot)

	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		ctx, cancel := context.WithTimeout(j.ctx, j.timeout)
		defer cancel()
		j.update(job, func(x *Job) {
			now := time.Now().UTC()
			x.Status, x.StartedAt = JobRunning, &now
		})
		var saved time.Time
		stopBeat := j.heartbeat(ctx, job)
		rep, err := func() (rep *Report, err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("ingest job panicked: %v", p)
				}
			}()
			return fn(ctx, func(ev Event) {
				x := j.update(job, func(x *Job) { x.Done, x.Total = ev.Done, max(ev.Total, x.Total) })
				if time.Since(saved) >= progressEvery {
					saved = time.Now()
					j.save(ctx, x)
				}
			})
		}()
		stopBeat()
		// update saves the end under the service's context: the job's
		// own may have timed out, which is what the document must say.
		j.update(job, func(x *Job) {
			now := time.Now().UTC()
			x.FinishedAt, x.Report = &now, rep
			x.Status = JobDone
			if err != nil {
				x.Status, x.Error = JobFailed, err.Error()
			}
		})
	}()
	return snapshot
}

// update changes the job and returns a copy of it; with the graph store,
// status changes are saved there (progress is saved by the caller, and
// the heartbeat saves a running job).
// heartbeat saves the running job every jobHeartbeat (with the graph
// store), so other instances can tell it from one whose instance stopped;
// the returned function stops it.
func (j *Jobs) heartbeat(ctx context.Context, job *Job) func() {
	if j.docs == nil {
		return func() {}
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(jobHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				j.mu.Lock()
				snapshot := *job
				j.mu.Unlock()
				j.save(ctx, snapshot)
			}
		}
	}()
	return func() { close(stop); <-done }
}

// A status change is saved before it is visible in memory, so a caller
// that Waits for the end and then reads through another instance finds
// it. Only the job's goroutine writes job, so it reads it without mu.
func (j *Jobs) update(job *Job, fn func(*Job)) Job {
	next := *job
	fn(&next)
	if next.Status != job.Status {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(j.ctx), 30*time.Second)
		j.save(ctx, next)
		cancel()
	}
	j.mu.Lock()
	*job = next
	j.mu.Unlock()
	j.changed.Broadcast()
	return next
}

// evict forgets the oldest finished jobs beyond MaxKept; callers hold mu.
func (j *Jobs) evict() {
	for i := 0; len(j.order) > MaxKept && i < len(j.order); {
		if x := j.jobs[j.order[i]]; x.Finished() {
			delete(j.jobs, x.ID)
			j.order = append(j.order[:i], j.order[i+1:]...)
			continue
		}
		i++
	}
}

// Get returns a copy of the job if it exists and belongs to kb: from
// memory for the jobs of this instance, else (WithDocs) from the graph
// store, for the jobs of any instance. An error is the store's.
func (j *Jobs) Get(ctx context.Context, kb, id string) (Job, bool, error) {
	j.mu.Lock()
	var job Job
	x, ok := j.jobs[id]
	if ok {
		job = *x
	}
	j.mu.Unlock()
	switch {
	case ok && job.KB == kb:
		return job, true, nil
	case ok:
		return Job{}, false, nil
	}
	return j.load(ctx, kb, id)
}

// Wait returns the job once it has finished or ctx is done, whichever
// comes first.
func (j *Jobs) Wait(ctx context.Context, kb, id string) (Job, bool) {
	stop := context.AfterFunc(ctx, func() {
		j.mu.Lock()
		defer j.mu.Unlock()
		j.changed.Broadcast()
	})
	defer stop()
	j.mu.Lock()
	defer j.mu.Unlock()
	for {
		x, ok := j.jobs[id]
		if !ok || x.KB != kb {
			return Job{}, false
		}
		if x.Finished() || ctx.Err() != nil {
			return *x, true
		}
		j.changed.Wait()
	}
}

// Close cancels the running jobs and waits for them to stop.
func (j *Jobs) Close() {
	j.cancel()
	j.wg.Wait()
}
