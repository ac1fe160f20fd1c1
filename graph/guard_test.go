package graph

import (
	"strconv"
	"testing"
	"time"
)

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST:8080": true, "127.0.0.1": true, "127.0.0.1:8080": true, "127.9.9.9:1": true,
		"[::1]:8080": true, "::1": true,
		"": false, "example.com": false, "localhost.example.com:8080": false, "10.0.0.1:8080": false,
		"[::ffff:10.0.0.1]:80": false, "0.0.0.0:8080": false, "127.0.0.1.nip.io": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestRateLimiterBuckets: each key has its own bucket, an empty one says
// how long to wait, and the buckets kept stay bounded.
func TestRateLimiterBuckets(t *testing.T) {
	rl := newRateLimiter(1, 2)
	now := time.Unix(1000, 0)
	for i := range 2 {
		if ok, _ := rl.allow("a", now); !ok {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	ok, wait := rl.allow("a", now)
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("over the burst: %v, wait %v; want refused with a wait up to 1s", ok, wait)
	}
	if ok, _ := rl.allow("b", now); !ok {
		t.Error("another key refused")
	}
	if ok, _ := rl.allow("a", now.Add(time.Second)); !ok {
		t.Error("refused after the bucket refilled")
	}
	for i := range 3 * maxBuckets {
		rl.allow("k"+strconv.Itoa(i), now.Add(time.Hour))
	}
	if n := len(rl.byKey); n > maxBuckets+1 {
		t.Errorf("%d buckets kept, want at most %d", n, maxBuckets+1)
	}
}
