package main

import (
	"errors"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/rs/zerolog"
)

func TestParseMemoryLimit(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"", defaultMemoryLimit, false},
		{"0", 0, false},
		{"off", 0, false},
		{"OFF", 0, false},
		{"1048576", 1 << 20, false},
		{"400MiB", 400 << 20, false},
		{"400 MiB", 400 << 20, false},
		{"1GiB", 1 << 30, false},
		{"2gb", 2 << 30, false},
		{"512KB", 512 << 10, false},
		{"100B", 100, false},
		{"lots", 0, true},
		{"-1MiB", 0, true},
		{"1.5GiB", 0, true},
		{"MiB", 0, true},
		{"99999999999999GiB", 0, true},
	}
	for _, tc := range cases {
		got, err := parseMemoryLimit(tc.in)
		if tc.bad {
			if !errors.Is(err, errUsage) {
				t.Errorf("parseMemoryLimit(%q) = %d, %v; want a usage error", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

// TestLimitForNeverSpirals: past the configured limit, the limit leaves half
// the live heap as headroom, so a growing heap never makes the collector run
// back to back.
func TestLimitForNeverSpirals(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ configured, live, other, want int64 }{
		{400 * mib, 100 * mib, 20 * mib, 400 * mib},
		{400 * mib, 250 * mib, 20 * mib, 395 * mib},
		{400 * mib, 300 * mib, 20 * mib, 470 * mib},
		{400 * mib, 2000 * mib, 40 * mib, 3040 * mib},
	} {
		if got := limitFor(tc.configured, tc.live, tc.other); got != max(tc.want, tc.configured) {
			t.Errorf("limitFor(%d, %d, %d) = %d MiB, want %d MiB", tc.configured>>20, tc.live>>20, tc.other>>20, got>>20, max(tc.want, tc.configured)>>20)
		}
	}
}

// TestMemLimiterFollowsLiveHeap: with a configured limit below the live
// heap, the limit set is at least one and a half times the live heap.
func TestMemLimiterFollowsLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	live := make([]byte, 64<<20)
	for i := range live {
		live[i] = byte(i)
	}
	runtime.GC()
	m := newMemLimiter(1<<20, zerolog.Nop())
	got := m.update()
	if got < 96<<20 {
		t.Errorf("limit with a 64 MiB live heap and 1 MiB configured = %d MiB, want ≥ 96 MiB", got>>20)
	}
	if cur := debug.SetMemoryLimit(-1); cur != got {
		t.Errorf("runtime limit = %d, want %d", cur, got)
	}
	if !m.raised {
		t.Error("limit raised above the configured one is not noted")
	}
	runtime.KeepAlive(live)

	if os.Getenv("GOMEMLIMIT") != "" {
		return // softMemoryLimit leaves GOMEMLIMIT's limit alone
	}
	stop := softMemoryLimit(math.MaxInt64/2, zerolog.Nop())
	if cur := debug.SetMemoryLimit(-1); cur != math.MaxInt64/2 {
		t.Errorf("runtime limit while on = %d, want %d", cur, int64(math.MaxInt64/2))
	}
	stop()
	if cur := debug.SetMemoryLimit(-1); cur != math.MaxInt64 {
		t.Errorf("runtime limit after stop = %d, want none", cur)
	}
}
