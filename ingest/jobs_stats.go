package ingest

// JobStats counts the jobs a Jobs keeps (see MaxKept) by status, and the
// sources done and to do of the jobs not finished: an ingest's progress.
type JobStats struct {
	ByStatus    map[JobStatus]int
	Done, Total int // over queued and running jobs
}

// Stats returns the counts now. Safe for concurrent use.
func (j *Jobs) Stats() JobStats {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := JobStats{ByStatus: map[JobStatus]int{JobQueued: 0, JobRunning: 0, JobDone: 0, JobFailed: 0}}
	for _, x := range j.jobs {
		st.ByStatus[x.Status]++
		if !x.Finished() {
			st.Done += x.Done
			st.Total += x.Total
		}
	}
	return st
}
