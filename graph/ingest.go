package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kgrag/graph/auth"
	"kgrag/ingest"
	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/kg"
)

// maxSources bounds the sources of one ingest or delete request.
const maxSources = 100

// defaultWait is how long an ingest call waits for its job by default.
const defaultWait = 20 * time.Second

// ingestCaller checks the caller may ingest and that ingest is configured.
func (r *Resolver) ingestCaller(ctx context.Context) (auth.Caller, error) {
	c, err := caller(ctx, auth.Ingest)
	if err != nil {
		return c, err
	}
	if r.Ingest == nil || r.Jobs == nil {
		return c, fmt.Errorf("ingest is not configured on this server: %w", kg.ErrUnavailable)
	}
	return c, nil
}

func validSourceID(id string) (string, error) {
	id = strings.TrimSpace(strings.ReplaceAll(id, "\\", "/"))
	clean := path.Clean(id)
	if id == "" || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." || path.IsAbs(clean) || len(clean) > 512 {
		return "", fmt.Errorf("%w: source id %q: want a relative name such as policies/returns.md", kg.ErrInvalid, id)
	}
	return clean, nil
}

func inlineInputs(srcs []SourceInput) ([]ingest.Input, error) {
	if len(srcs) == 0 || len(srcs) > maxSources {
		return nil, fmt.Errorf("%w: give 1 to %d sources", kg.ErrInvalid, maxSources)
	}
	out := make([]ingest.Input, 0, len(srcs))
	for _, s := range srcs {
		id, err := validSourceID(s.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, ingest.Input{ID: id, Origin: "inline", Data: []byte(s.Content),
			Format: parse.Format(deref(s.Format)), Kind: parse.Kind(deref(s.Kind))})
	}
	return out, nil
}

// uploadInputs reads the uploaded files. A file's source id is ids[i] or
// its name; multipart file names carry no directory (RFC 7578: Go's
// multipart reader keeps only the base name), so ids are how files of
// different folders that share a name are told apart.
func uploadInputs(files []graphql.Upload, ids []string, o *IngestOptions) ([]ingest.Input, error) {
	if len(files) == 0 || len(files) > maxSources {
		return nil, fmt.Errorf("%w: give 1 to %d files", kg.ErrInvalid, maxSources)
	}
	if ids != nil && len(ids) != len(files) {
		return nil, fmt.Errorf("%w: %d ids for %d files: give one source id per file, in order", kg.ErrInvalid, len(ids), len(files))
	}
	var opt IngestOptions
	if o != nil {
		opt = *o
	}
	out := make([]ingest.Input, 0, len(files))
	at := map[string]int{}
	for i, f := range files {
		name := f.Filename
		if ids != nil {
			name = ids[i]
		}
		id, err := validSourceID(name)
		if err != nil {
			return nil, err
		}
		if j, dup := at[id]; dup {
			return nil, fmt.Errorf("%w: files %d (%q) and %d (%q) both have the source id %q; give ids (relative paths such as brand-a/%s) to tell them apart",
				kg.ErrInvalid, j+1, files[j].Filename, i+1, f.Filename, id, path.Base(id))
		}
		at[id] = i
		data, err := io.ReadAll(f.File)
		if err != nil {
			return nil, fmt.Errorf("read upload %q: %w", f.Filename, err)
		}
		out = append(out, ingest.Input{ID: id, Origin: "upload", Data: data, Format: parse.Format(deref(opt.Format)),
			Encoding: deref(opt.Encoding), Kind: parse.Kind(deref(opt.Kind))})
	}
	return out, nil
}

// runJob starts an ingest or delete job and waits for it as the options
// say. When every source of a finished job was rejected, the call fails
// with BAD_USER_INPUT and the file:line messages.
func (r *Resolver) runJob(ctx context.Context, c auth.Caller, kind string, inputs []ingest.Input, ids []string, o *IngestOptions) (*ingest.Job, error) {
	var opt IngestOptions
	if o != nil {
		opt = *o
	}
	ro := ingest.RunOptions{SkipBad: deref(opt.SkipBad), Actor: c.KeyID}
	total := len(inputs) + len(ids)
	job := r.Jobs.Start(ctx, c.KB, kind, c.KeyID, total, func(jctx context.Context, progress func(ingest.Event)) (*ingest.Report, error) {
		ro.Progress = progress
		if kind == "delete" {
			return r.Ingest.Delete(jctx, c.KB, ids, ro)
		}
		return r.Ingest.Ingest(jctx, c.KB, inputs, ro)
	})
	wait := defaultWait
	if opt.WaitSeconds != nil {
		wait = time.Duration(max(*opt.WaitSeconds, 0)) * time.Second
	}
	if dl, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(dl)-time.Second)
	}
	if wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		job, _ = r.Jobs.Wait(wctx, c.KB, job.ID)
	}
	if job.Status == ingest.JobDone && job.Report != nil && len(job.Report.Sources) > 0 &&
		job.Report.Count(ingest.ActionFailed) == len(job.Report.Sources) {
		return nil, fmt.Errorf("%w: %s", kg.ErrInvalid, strings.Join(reportErrors(job.Report), "; "))
	}
	return &job, nil
}

func reportErrors(rep *ingest.Report) []string {
	var out []string
	for _, s := range rep.Sources {
		out = append(out, s.Errors...)
	}
	return out
}

func nonZeroTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func typeTotals(m map[string]int) []TypeTotal {
	out := make([]TypeTotal, 0, len(m))
	for k, v := range m {
		out = append(out, TypeTotal{Type: k, Count: v})
	}
	slices.SortFunc(out, func(a, b TypeTotal) int { return strings.Compare(a.Type, b.Type) })
	return out
}

// ingestInvalid reports errors ingest raises for bad input.
func ingestInvalid(err error) bool {
	return errors.Is(err, ingest.ErrInvalid) || errors.Is(err, parse.ErrInvalid) || errors.Is(err, parse.ErrUnsupported)
}

func filterStatus(srcs []registry.Source, status *registry.Status) []registry.Source {
	if status == nil {
		return srcs
	}
	return slices.DeleteFunc(srcs, func(s registry.Source) bool { return s.Status != *status })
}
