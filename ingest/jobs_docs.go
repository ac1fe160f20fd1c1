package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// Jobs kept in the graph store's documents (WithDocs), so that any
// instance sharing it reports a job by id. A knowledge base has MaxKept
// job slots, documents "slot-<n>" of collection collJobs, used in turn by
// a counter document ("seq", compare-and-set): a job id names its slot,
// and the newest MaxKept jobs of the knowledge base are kept whichever
// instance ran them. A job's document is written when it is queued, when
// it starts, on progress (at most every progressEvery) and when it ends.
// A running job's document is saved at least every jobHeartbeat; one not
// saved for jobStale (its instance stopped) is reported FAILED.
const (
	collJobs      = "ingest_jobs"
	jobSeqDoc     = "seq"
	progressEvery = time.Second
	jobHeartbeat  = 30 * time.Second
	jobStale      = 4 * jobHeartbeat
)

// errJobLost is the error of a job whose instance stopped while it ran.
const errJobLost = "the instance running this job stopped before it finished; run the same ingest again to complete it"

// WithDocs makes the jobs kept in d as well as in memory, and returns j.
func (j *Jobs) WithDocs(d kg.Docs) *Jobs {
	j.docs = d
	return j
}

// jobSeq is the counter document.
type jobSeq struct {
	Next uint64 `json:"next"`
}

// allocSlot takes the knowledge base's next job slot.
func (j *Jobs) allocSlot(ctx context.Context, kb string) (int, error) {
	for range 20 { // concurrent starts on several instances retry the compare-and-set
		var seq jobSeq
		expect := int64(0)
		doc, err := j.docs.GetDoc(ctx, kb, collJobs, jobSeqDoc)
		switch {
		case err == nil:
			if err := json.Unmarshal(doc.Data, &seq); err != nil {
				return 0, fmt.Errorf("job counter: %w", err)
			}
			expect = doc.Version
		case !errors.Is(err, kg.ErrNotFound):
			return 0, err
		}
		slot := int(seq.Next % MaxKept)
		seq.Next++
		data, _ := json.Marshal(seq)
		if _, err := j.docs.PutDoc(ctx, kb, collJobs, jobSeqDoc, data, expect); errors.Is(err, kg.ErrConflict) {
			continue
		} else if err != nil {
			return 0, err
		}
		return slot, nil
	}
	return 0, fmt.Errorf("job counter: too many concurrent starts")
}

func slotDoc(slot int) string { return "slot-" + strconv.Itoa(slot) }

// slotOf returns the slot a job id names ("job-<hex>-<slot>").
func slotOf(id string) (int, bool) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 || !strings.HasPrefix(id, "job-") || strings.Count(id, "-") != 2 {
		return 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 0 || n >= MaxKept {
		return 0, false
	}
	return n, true
}

// save writes the job into its slot; a failure is logged (the job runs
// on, and this instance still reports it from memory).
func (j *Jobs) save(ctx context.Context, job Job) {
	if j.docs == nil {
		return
	}
	slot, ok := slotOf(job.ID)
	if !ok {
		return // started while the graph store was down: memory only
	}
	data, err := json.Marshal(job)
	// A report too large for a document loses its per-source lines from
	// the end; the counts stay.
	for err == nil && len(data) > kg.MaxDocBytes && job.Report != nil && len(job.Report.Sources) > 0 {
		rep := *job.Report
		rep.Sources = rep.Sources[:len(rep.Sources)/2]
		job.Report = &rep
		data, err = json.Marshal(job)
	}
	if err == nil && len(data) > kg.MaxDocBytes {
		err = fmt.Errorf("job document is %d bytes", len(data))
	}
	if err == nil {
		_, err = j.docs.PutDoc(ctx, job.KB, collJobs, slotDoc(slot), data, kg.AnyVersion)
	}
	if err != nil {
		zerolog.Ctx(j.ctx).Warn().Err(err).Str("job", job.ID).Str("kb", job.KB).
			Msg("ingest job state not saved to the graph store: other instances cannot report it")
	}
}

// load reads a job from its slot; false when the slot holds another job
// (or none).
func (j *Jobs) load(ctx context.Context, kb, id string) (Job, bool, error) {
	slot, ok := slotOf(id)
	if j.docs == nil || !ok {
		return Job{}, false, nil
	}
	doc, err := j.docs.GetDoc(ctx, kb, collJobs, slotDoc(slot))
	if errors.Is(err, kg.ErrNotFound) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, err
	}
	var job Job
	if err := json.Unmarshal(doc.Data, &job); err != nil {
		return Job{}, false, fmt.Errorf("ingest job %s: %w", id, err)
	}
	if job.ID != id || job.KB != kb {
		return Job{}, false, nil
	}
	if !job.Finished() && time.Since(doc.UpdatedAt) > jobStale {
		at := doc.UpdatedAt
		job.Status, job.Error, job.FinishedAt = JobFailed, errJobLost, &at
	}
	return job, true, nil
}
