package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Action is what a run did with a source.
type Action string

// Actions.
const (
	ActionNew       Action = "NEW"       // first ingest
	ActionChanged   Action = "CHANGED"   // content changed since the last ingest
	ActionResumed   Action = "RESUMED"   // an interrupted ingest was completed
	ActionUnchanged Action = "UNCHANGED" // same content: nothing written
	ActionRemoved   Action = "REMOVED"   // deleted: chunks and facts only it supported retired
	ActionFailed    Action = "FAILED"    // rejected or interrupted; see Errors
)

// SourceResult is one source's part of a run.
type SourceResult struct {
	ID       string
	Kind     string
	Format   string
	Encoding string
	Action   Action
	// What the source holds after the run.
	Entities  int
	Relations int
	Chunks    int
	// Skipped counts malformed records left out under SkipBad.
	Skipped  int
	Errors   []string
	Warnings []string
}

// TypeCount is what a run did to one entity type, relation type or chunk kind.
type TypeCount struct {
	Type string
	// Total is how many the knowledge base's sources hold after the run.
	Total   int
	Created int
	Changed int
	Retired int // for chunks: deleted
}

// Report is the outcome of a run.
type Report struct {
	KB        string
	Sources   []SourceResult
	Entities  []TypeCount
	Relations []TypeCount
	Chunks    []TypeCount
	Started   time.Time
	Took      time.Duration
}

// Changed reports whether the run wrote anything.
func (r *Report) Changed() bool {
	for _, s := range r.Sources {
		switch s.Action {
		case ActionNew, ActionChanged, ActionResumed, ActionRemoved:
			return true
		}
	}
	return false
}

// Count returns how many sources ended with the action.
func (r *Report) Count(a Action) int {
	n := 0
	for _, s := range r.Sources {
		if s.Action == a {
			n++
		}
	}
	return n
}

// Err is an error naming the failed sources, or nil.
func (r *Report) Err() error {
	var msgs []string
	for _, s := range r.Sources {
		if s.Action == ActionFailed {
			msgs = append(msgs, s.Errors...)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d sources failed:\n  %s: %w", r.Count(ActionFailed), len(r.Sources), strings.Join(msgs, "\n  "), ErrInvalid)
}

// counter accumulates TypeCounts.
type counter map[string]*TypeCount

func (c counter) get(t string) *TypeCount {
	if x, ok := c[t]; ok {
		return x
	}
	x := &TypeCount{Type: t}
	c[t] = x
	return x
}

func (c counter) list() []TypeCount {
	out := make([]TypeCount, 0, len(c))
	for _, x := range c {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Type < out[j].Type
	})
	return out
}

func writeCounts(w io.Writer, label string, cs []TypeCount, retired string) {
	var parts []string
	var tot, cr, ch, re int
	for _, c := range cs {
		if c.Total == 0 && c.Created == 0 && c.Changed == 0 && c.Retired == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%d %s", c.Total, c.Type))
		tot += c.Total
		cr += c.Created
		ch += c.Changed
		re += c.Retired
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(w, "%-10s %d: %s\n", label+":", tot, strings.Join(parts, ", "))
	fmt.Fprintf(w, "%-10s this run: %d created, %d changed, %d %s\n", "", cr, ch, re, retired)
}

// WriteText prints the report for people.
func (r *Report) WriteText(w io.Writer) {
	for _, s := range r.Sources {
		switch s.Action {
		case ActionUnchanged:
			continue
		case ActionFailed:
			fmt.Fprintf(w, "FAILED     %s\n", s.ID)
			for _, e := range s.Errors {
				fmt.Fprintf(w, "           %s\n", e)
			}
		default:
			extra := ""
			if s.Skipped > 0 {
				extra = fmt.Sprintf(", %d bad records skipped", s.Skipped)
			}
			fmt.Fprintf(w, "%-10s %s (%s, %s): %d entities, %d relations, %d chunks%s\n",
				s.Action, s.ID, s.Kind, s.Format, s.Entities, s.Relations, s.Chunks, extra)
		}
		for _, wn := range s.Warnings {
			fmt.Fprintf(w, "           warning: %s\n", wn)
		}
	}
	unchanged := r.Count(ActionUnchanged)
	if !r.Changed() && r.Count(ActionFailed) == 0 {
		fmt.Fprintf(w, "no changes: %d sources unchanged in knowledge base %q (%s)\n", unchanged, r.KB, r.Took.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "knowledge base %q: %d new, %d changed, %d resumed, %d removed, %d unchanged, %d failed sources in %s\n",
			r.KB, r.Count(ActionNew), r.Count(ActionChanged), r.Count(ActionResumed), r.Count(ActionRemoved), unchanged,
			r.Count(ActionFailed), r.Took.Round(time.Millisecond))
	}
	writeCounts(w, "entities", r.Entities, "retired")
	writeCounts(w, "relations", r.Relations, "retired")
	writeCounts(w, "chunks", r.Chunks, "deleted")
}
