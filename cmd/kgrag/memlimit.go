package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// defaultMemoryLimit is serve's soft memory limit (runtime/debug's, which
// makes the collector run earlier as the Go heap nears it) when neither
// KGRAG_MEMORY_LIMIT nor GOMEMLIMIT is set. Without a limit the heap grows
// to about twice its live size between collections (GOGC=100).
const defaultMemoryLimit = 400 << 20

// memoryLimitPoll is how often the limit is checked against the live heap.
const memoryLimitPoll = 2 * time.Second

// parseMemoryLimit reads KGRAG_MEMORY_LIMIT: "" for the default, "0" or
// "off" for none, else bytes with an optional KiB, MiB, GiB (or KB, MB, GB:
// also powers of 1024) suffix.
func parseMemoryLimit(v string) (int64, error) {
	s := strings.TrimSpace(v)
	switch strings.ToLower(s) {
	case "":
		return defaultMemoryLimit, nil
	case "0", "off":
		return 0, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(strings.ToLower(s), u.suffix) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("KGRAG_MEMORY_LIMIT=%q: want a size such as 400MiB or 1GiB, or off: %w", v, errUsage)
	}
	return n * mult, nil
}

// limitFor is the memory limit for a live heap of live bytes and other Go
// memory (stacks, runtime metadata) of other bytes: the configured limit,
// but never less than half the live heap above it. The collector then runs
// at most about twice as often as without a limit (GOGC=100 leaves the
// whole live heap as headroom): a live heap that outgrows the configured
// limit raises the limit instead of making the collector run back to back.
func limitFor(configured, live, other int64) int64 {
	return max(configured, live+live/2+other)
}

// memLimiter keeps runtime/debug's memory limit at limitFor the current
// live heap.
type memLimiter struct {
	configured int64
	log        zerolog.Logger
	samples    []metrics.Sample
	raised     bool // the limit is above configured
}

func newMemLimiter(configured int64, log zerolog.Logger) *memLimiter {
	return &memLimiter{configured: configured, log: log, samples: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}}
}

// update sets the limit for the live heap now and returns it.
func (m *memLimiter) update() int64 {
	metrics.Read(m.samples)
	v := func(i int) int64 {
		if m.samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(min(m.samples[i].Value.Uint64(), math.MaxInt64))
	}
	live := v(0)
	other := max(v(1)-v(2)-v(3)-v(4)-v(5), 0)
	limit := limitFor(m.configured, live, other)
	debug.SetMemoryLimit(limit)
	if raised := limit > m.configured; raised != m.raised {
		m.raised = raised
		ev := m.log.Info().Int64("limit_mib", limit>>20).Int64("live_heap_mib", live>>20)
		if raised {
			ev.Msg("live heap outgrew the soft memory limit: the limit follows it (KGRAG_MEMORY_LIMIT)")
		} else {
			ev.Msg("soft memory limit back at KGRAG_MEMORY_LIMIT")
		}
	}
	return limit
}

// softMemoryLimit applies serve's soft memory limit until stop is called,
// which removes it. GOMEMLIMIT, when set in the process's environment,
// wins: the limit is left as the Go runtime set it from there.
func softMemoryLimit(configured int64, log zerolog.Logger) (stop func()) {
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		log.Info().Str("GOMEMLIMIT", v).Msg("soft memory limit from GOMEMLIMIT")
		return func() {}
	}
	if configured == 0 {
		return func() {}
	}
	log.Info().Int64("limit_mib", configured>>20).Msg("soft memory limit (KGRAG_MEMORY_LIMIT)")
	m := newMemLimiter(configured, log)
	m.update()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(memoryLimitPoll)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.update()
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
