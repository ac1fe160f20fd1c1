package registry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/rs/zerolog"

	"kgrag/kg"
)

// Lease serialises the ingest and delete runs of a knowledge base across
// the instances sharing a graph store: a document ("lease" in collection
// ingest_lease of the knowledge base) names the run holding it until it
// expires. The holder renews it every TTL/3 while it runs, so a run of any
// length keeps it and an instance that stops holds it at most TTL. Others
// wait for it, polling, until their context ends. Safe for concurrent use.
type Lease struct {
	d      kg.Docs
	holder string // this process, in the document for the operator
	// TTL is how long a lease lasts without renewal; default 60 s. Clocks
	// of the instances must agree to well within it.
	TTL time.Duration
	// Poll is how often a waiting run looks again; default 1 s.
	Poll time.Duration
}

const (
	collLease = "ingest_lease"
	leaseDoc  = "lease"
)

// leaseState is the lease document.
type leaseState struct {
	Holder  string    `json:"holder,omitempty"` // "" when released
	Token   string    `json:"token,omitempty"`  // the run holding it
	Expires time.Time `json:"expires"`
}

// NewLease returns the lease kept in d.
func NewLease(d kg.Docs) *Lease {
	host, _ := os.Hostname()
	return &Lease{d: d, holder: fmt.Sprintf("%s/%d", host, os.Getpid())}
}

func (l *Lease) ttl() time.Duration {
	if l.TTL > 0 {
		return l.TTL
	}
	return time.Minute
}

func (l *Lease) poll() time.Duration {
	if l.Poll > 0 {
		return l.Poll
	}
	return time.Second
}

// Acquire waits until the knowledge base's lease is free (or expired) and
// takes it; release gives it back. An error is the store's, or ctx ended
// while another run held it.
func (l *Lease) Acquire(ctx context.Context, kb string) (release func(), err error) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	holder := ""
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("knowledge base %s is being ingested by another instance (%s): %w", kb, holder, err)
		}
		var cur leaseState
		expect := int64(0)
		doc, err := l.d.GetDoc(ctx, kb, collLease, leaseDoc)
		switch {
		case err == nil:
			if err := json.Unmarshal(doc.Data, &cur); err != nil {
				return nil, fmt.Errorf("ingest lease: %w", err)
			}
			expect = doc.Version
		case ctx.Err() != nil:
			continue // the store call ended with ctx: reported above
		case !errors.Is(err, kg.ErrNotFound):
			return nil, fmt.Errorf("ingest lease: %w", err)
		}
		if cur.Token == "" || time.Now().After(cur.Expires) {
			if cur.Token != "" {
				zerolog.Ctx(ctx).Warn().Str("kb", kb).Str("holder", cur.Holder).Time("expired", cur.Expires).
					Msg("ingest lease of a run that stopped without releasing it: taken over")
			}
			v, err := l.put(ctx, kb, leaseState{Holder: l.holder, Token: token, Expires: time.Now().Add(l.ttl())}, expect)
			if errors.Is(err, kg.ErrConflict) {
				continue // another instance took it first
			}
			if err != nil {
				return nil, err
			}
			return l.hold(ctx, kb, token, v), nil
		}
		holder = cur.Holder
		select {
		case <-ctx.Done():
		case <-time.After(l.poll()):
		}
	}
}

func (l *Lease) put(ctx context.Context, kb string, s leaseState, expect int64) (int64, error) {
	data, _ := json.Marshal(s)
	v, err := l.d.PutDoc(ctx, kb, collLease, leaseDoc, data, expect)
	if err != nil && !errors.Is(err, kg.ErrConflict) {
		err = fmt.Errorf("ingest lease: %w", err)
	}
	return v, err
}

// hold renews the lease until release is called, and returns release.
func (l *Lease) hold(ctx context.Context, kb, token string, version int64) func() {
	log := zerolog.Ctx(ctx)
	bg := context.WithoutCancel(ctx)
	stop := make(chan struct{})
	done := make(chan struct{})
	var v = version
	go func() {
		defer close(done)
		t := time.NewTicker(l.ttl() / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				rctx, cancel := context.WithTimeout(bg, l.ttl()/3)
				nv, err := l.put(rctx, kb, leaseState{Holder: l.holder, Token: token, Expires: time.Now().Add(l.ttl())}, v)
				cancel()
				switch {
				case errors.Is(err, kg.ErrConflict):
					log.Error().Str("kb", kb).Msg("ingest lease lost (not renewed in time): another instance may ingest this knowledge base at once")
					return
				case err != nil:
					log.Warn().Err(err).Str("kb", kb).Msg("ingest lease not renewed; retrying")
				default:
					v = nv
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		rctx, cancel := context.WithTimeout(bg, 30*time.Second)
		defer cancel()
		// Released only if still ours; else it expires by itself.
		if _, err := l.put(rctx, kb, leaseState{}, v); err != nil && !errors.Is(err, kg.ErrConflict) {
			log.Warn().Err(err).Str("kb", kb).Msg("ingest lease not released; it expires by itself")
		}
	}
}
