package answer

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"kgrag/kg"
)

// The trace: what each stage took, what the answer cites, how confident
// it is. The engine stores the trace of every answer (Ask) for auditors.

type stopwatch struct {
	last time.Time
	out  *[]kg.StageLatency
}

func (s *stopwatch) lap(stage string) {
	now := time.Now()
	*s.out = append(*s.out, kg.StageLatency{Stage: stage, Micros: now.Sub(s.last).Microseconds()})
	s.last = now
}

// citations lists what the kept text cites.
func citations(text string, ev []piece) []kg.Citation {
	var out []kg.Citation
	for _, m := range markerRE.FindAllString(text, -1) {
		if slices.ContainsFunc(out, func(c kg.Citation) bool { return c.Marker == m }) {
			continue
		}
		for _, p := range ev {
			if p.Marker == m {
				out = append(out, kg.Citation{Marker: m, Kind: p.Kind, ID: p.ID, EntityID: p.EntityID, Version: p.Version, Quote: quote(p.Text)})
			}
		}
	}
	return out
}

func quote(s string) string {
	rs := []rune(strings.TrimSpace(s))
	if len(rs) > 160 {
		return string(rs[:160]) + "…"
	}
	return string(rs)
}

func confidence(ev []piece, checks []kg.SentenceCheck) float64 {
	ok := 0
	for _, c := range checks {
		if c.Supported {
			ok++
		}
	}
	if len(checks) == 0 {
		return 0
	}
	c := 0.5 + 0.5*float64(ok)/float64(len(checks))
	if len(ev) > 0 && ev[0].Kind == "fact" {
		c = min(1, c+0.05)
	}
	return float64(int(c*100)) / 100
}

// renumber makes the markers of an answer run 1, 2, 3 in order of first
// use ("[4]…[2]" becomes "[1]…[2]"), and renumbers the evidence and the
// sentence checks to match: cited evidence first, in the order the answer
// cites it, then the rest.
func renumber(text string, ev []piece, checks []kg.SentenceCheck) (string, []piece, []kg.SentenceCheck) {
	to := map[string]string{}
	next := 1
	for _, m := range markerRE.FindAllString(text, -1) {
		if _, ok := to[m]; !ok {
			to[m] = "[" + strconv.Itoa(next) + "]"
			next++
		}
	}
	for _, p := range ev {
		if _, ok := to[p.Marker]; !ok {
			to[p.Marker] = "[" + strconv.Itoa(next) + "]"
			next++
		}
	}
	re := func(s string) string {
		return markerRE.ReplaceAllStringFunc(s, func(m string) string {
			if n, ok := to[m]; ok {
				return n
			}
			return m
		})
	}
	out := slices.Clone(ev)
	for i := range out {
		out[i].Marker = to[out[i].Marker]
	}
	slices.SortStableFunc(out, func(a, b piece) int {
		x, _ := strconv.Atoi(strings.Trim(a.Marker, "[]"))
		y, _ := strconv.Atoi(strings.Trim(b.Marker, "[]"))
		return x - y
	})
	cs := slices.Clone(checks)
	for i := range cs {
		cs[i].Sentence = re(cs[i].Sentence)
		cits := slices.Clone(cs[i].Citations)
		for j := range cits {
			cits[j] = re(cits[j])
		}
		cs[i].Citations = cits
	}
	return re(text), out, cs
}
