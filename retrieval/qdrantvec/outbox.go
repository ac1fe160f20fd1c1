package qdrantvec

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"kgrag/retrieval"
)

// OutboxStore is a durable FIFO of index writes. The graph store keeps it
// (memkg.Store.Outbox, neo4jkg.Store.Outbox), so a write accepted while
// Qdrant is down survives a restart of kgrag and is applied when Qdrant is
// back. Implementations are safe for concurrent use.
type OutboxStore interface {
	// Append stores op after every op appended before it, and returns once
	// it is durable.
	Append(ctx context.Context, op []byte) error
	// Pending calls fn with up to n of the oldest ops, oldest first, with
	// their sequence numbers (ascending). fn runs after the read, outside
	// any transaction, so it may call Ack; an error from fn stops the
	// iteration and is returned.
	Pending(ctx context.Context, n int, fn func(seq uint64, op []byte) error) error
	// Ack removes the op with the sequence number; acknowledging an op that
	// is gone is not an error.
	Ack(ctx context.Context, seq uint64) error
}

// OutboxLeaser is the optional capability of an OutboxStore that several
// processes share (Neo4j): only the holder of the lease drains, so two
// instances never replay the same ops interleaved (which could apply an old
// upsert after a newer delete).
type OutboxLeaser interface {
	// Lease gives owner the right to drain for ttl, renewing it if owner
	// holds it already. It reports false if another owner holds a lease
	// that has not expired.
	Lease(ctx context.Context, owner string, ttl time.Duration) (bool, error)
	// Release ends owner's lease if it holds it.
	Release(ctx context.Context, owner string) error
}

// ErrBusy is returned by Drain when another process holds the drain lease;
// it will apply the queued writes.
var ErrBusy = errors.New("qdrantvec: outbox is being drained by another process")

// OutboxOptions tune an Outbox; zero values take the defaults.
type OutboxOptions struct {
	PointsPerOp int           // points per queued upsert; default DefaultBatchSize
	ReadOps     int           // ops per Pending read while draining; default 16
	MinBackoff  time.Duration // first wait after a failed drain; default 1 s
	MaxBackoff  time.Duration // longest wait between drains while failing; default 1 min
	Poll        time.Duration // how often Run looks for ops queued elsewhere; default 30 s
	LeaseTTL    time.Duration // drain lease of an OutboxLeaser, renewed between ops; default 2 min (longer than one op may take)
	Owner       string        // lease owner; default host-pid-random
}

// Outbox is a retrieval.Index that keeps writes when the index underneath is
// unavailable. An Upsert or Delete failing with ErrUnavailable is appended
// to the OutboxStore and reported as done (a queued Delete reports 0
// points); Run and Drain apply the queued writes in order when the index is
// back. Replaying is idempotent (upserts replace, deletes by filter find
// nothing the second time), so a crash between applying and acknowledging
// an op only repeats it.
//
// Writes keep their order, also across processes that share the graph
// store: every write is appended to the queue first and then applied by a
// drain, which applies the queue strictly in order (one drainer at a time:
// a mutex in the process, the OutboxLeaser's lease across processes). A
// write that timed out stays at the head of the queue and is replayed
// before anything issued after it, so an older write can never land after
// a newer one. Each write carries its queue sequence number to an index
// that can write conditionally (Index.UpsertAt, Index.DeleteAt: the point
// keeps the number in its payload and an older write leaves a newer point
// alone), which also covers a timed-out request that Qdrant applies late.
// Searches, Get and Count go straight to the index (and fail with
// ErrUnavailable when it is down): queued writes become visible once
// drained.
//
// An op the index rejects as ErrInvalid when drained can never be applied:
// it is logged with its sequence number and dropped, so it does not block
// the queue. Safe for concurrent use.
type Outbox struct {
	idx   retrieval.Index
	store OutboxStore
	opt   OutboxOptions
	drain sync.Mutex // one drain at a time in this process
	kick  chan struct{}

	mu      sync.Mutex
	waiting map[string]*opResult // ticket of a write of this process → what applying it did
}

// opResult is what applying one write's ops did, for the writer waiting
// on them.
type opResult struct {
	n   int
	err error
}

// orderedIndex is implemented by indexes that write conditionally on a
// sequence number (qdrantvec.Index): a point keeps the number of the write
// that stored it, and a write with a lower number leaves it alone.
type orderedIndex interface {
	UpsertAt(ctx context.Context, points []retrieval.Point, seq uint64) error
	DeleteAt(ctx context.Context, f retrieval.Filter, seq uint64) (int, error)
}

var _ retrieval.Index = (*Outbox)(nil)

// NewOutbox wraps idx with an outbox kept in store. Call Run in a goroutine
// to drain in the background.
func NewOutbox(idx retrieval.Index, store OutboxStore, opt OutboxOptions) *Outbox {
	if opt.PointsPerOp <= 0 {
		opt.PointsPerOp = DefaultBatchSize
	}
	if opt.ReadOps <= 0 {
		opt.ReadOps = 16
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = time.Second
	}
	if opt.MaxBackoff < opt.MinBackoff {
		opt.MaxBackoff = max(time.Minute, opt.MinBackoff)
	}
	if opt.Poll <= 0 {
		opt.Poll = 30 * time.Second
	}
	if opt.LeaseTTL <= 0 {
		opt.LeaseTTL = 2 * time.Minute
	}
	if opt.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		_, _ = crand.Read(b[:])
		opt.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	return &Outbox{idx: idx, store: store, opt: opt, kick: make(chan struct{}, 1), waiting: map[string]*opResult{}}
}

// Op kinds.
const (
	opUpsert = "upsert"
	opDelete = "delete"
)

// outboxOp is a queued write, stored as JSON (float32 vectors round-trip
// exactly: encoding/json writes the shortest decimal that parses back to the
// same float32).
type outboxOp struct {
	V        int               `json:"v"` // format; 1
	Kind     string            `json:"kind"`
	Points   []retrieval.Point `json:"points,omitempty"`
	Filter   *retrieval.Filter `json:"filter,omitempty"`
	QueuedAt time.Time         `json:"queuedAt"`
	// Ticket names the write the op is (a part of), so the process that
	// issued it learns what applying it did.
	Ticket string `json:"ticket,omitempty"`
}

// validator is implemented by indexes that can check points without
// writing them (Index.Validate), so a write queued without reaching the
// index is as checked as one that does.
type validator interface {
	Validate(points []retrieval.Point) error
}

// Upsert stores the points, or queues them if the index is unavailable.
func (o *Outbox) Upsert(ctx context.Context, points []retrieval.Point) error {
	if len(points) == 0 {
		return nil
	}
	if err := o.validate(points); err != nil {
		return err
	}
	_, err := o.write(ctx, outboxOp{Kind: opUpsert, Points: points})
	return err
}

// Delete removes the points matching f and reports how many, or queues the
// delete if the index is unavailable and reports 0.
func (o *Outbox) Delete(ctx context.Context, f retrieval.Filter) (int, error) {
	if f.KB == "" {
		return 0, fmt.Errorf("qdrantvec: outbox: delete without a knowledge base: %w", retrieval.ErrInvalid)
	}
	return o.write(ctx, outboxOp{Kind: opDelete, Filter: &f})
}

func (o *Outbox) validate(points []retrieval.Point) error {
	if v, ok := o.idx.(validator); ok {
		return v.Validate(points)
	}
	for i := range points {
		if points[i].Chunk.KB == "" || points[i].Chunk.ID == "" {
			return fmt.Errorf("qdrantvec: outbox: point %d: missing kb or id: %w", i, retrieval.ErrInvalid)
		}
	}
	return nil
}

func (o *Outbox) write(ctx context.Context, op outboxOp) (int, error) {
	var b [12]byte
	_, _ = crand.Read(b[:])
	op.Ticket = hex.EncodeToString(b[:])
	res := &opResult{}
	o.mu.Lock()
	o.waiting[op.Ticket] = res
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.waiting, op.Ticket)
		o.mu.Unlock()
	}()
	if err := o.enqueue(ctx, op); err != nil {
		return 0, err
	}
	err := o.Drain(ctx)
	o.mu.Lock()
	n, opErr := res.n, res.err
	o.mu.Unlock()
	switch {
	case opErr != nil:
		return 0, opErr // applying this write failed for good; it was taken off the queue
	case err == nil:
		return n, nil
	case errors.Is(err, retrieval.ErrUnavailable):
		zerolog.Ctx(ctx).Warn().Err(err).Str("op", op.Kind).Msg("index unavailable: write queued")
		o.Kick()
		return 0, nil
	case errors.Is(err, ErrBusy):
		zerolog.Ctx(ctx).Info().Str("op", op.Kind).Msg("index write queued for the process draining the outbox")
		return 0, nil
	}
	return 0, err
}

// enqueue appends op, an upsert split into ops of at most PointsPerOp
// points (each stays a modest value in the graph store).
func (o *Outbox) enqueue(ctx context.Context, op outboxOp) error {
	op.V, op.QueuedAt = 1, time.Now().UTC()
	parts := []outboxOp{op}
	if op.Kind == opUpsert && len(op.Points) > o.opt.PointsPerOp {
		parts = parts[:0]
		for start := 0; start < len(op.Points); start += o.opt.PointsPerOp {
			p := op
			p.Points = op.Points[start:min(start+o.opt.PointsPerOp, len(op.Points))]
			parts = append(parts, p)
		}
	}
	// Every part is encoded before any is queued: a write that cannot be
	// (a NaN in a vector) is refused whole.
	enc := make([][]byte, len(parts))
	for i, p := range parts {
		data, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("qdrantvec: outbox: encode %s: %v: %w", p.Kind, err, retrieval.ErrInvalid)
		}
		enc[i] = data
	}
	for i, p := range parts {
		if err := o.store.Append(ctx, enc[i]); err != nil {
			return fmt.Errorf("qdrantvec: outbox: append %s: %w", p.Kind, err)
		}
	}
	return nil
}

func (o *Outbox) apply(ctx context.Context, op outboxOp, seq uint64) (int, error) {
	ordered, _ := o.idx.(orderedIndex)
	switch op.Kind {
	case opUpsert:
		if ordered != nil {
			return 0, ordered.UpsertAt(ctx, op.Points, seq)
		}
		return 0, o.idx.Upsert(ctx, op.Points)
	case opDelete:
		if op.Filter == nil {
			return 0, fmt.Errorf("qdrantvec: outbox: delete without a filter: %w", retrieval.ErrInvalid)
		}
		if ordered != nil {
			return ordered.DeleteAt(ctx, *op.Filter, seq)
		}
		return o.idx.Delete(ctx, *op.Filter)
	}
	return 0, fmt.Errorf("qdrantvec: outbox: unknown op %q: %w", op.Kind, retrieval.ErrInvalid)
}

// settle records what applying an op did for the writer of this process
// waiting on it, and reports whether there is one.
func (o *Outbox) settle(op outboxOp, n int, err error) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	res := o.waiting[op.Ticket]
	if op.Ticket == "" || res == nil {
		return false
	}
	res.n += n
	if res.err == nil {
		res.err = err
	}
	return true
}

// Queued reports whether writes are waiting in the store.
func (o *Outbox) Queued(ctx context.Context) (bool, error) {
	found := false
	err := o.store.Pending(ctx, 1, func(uint64, []byte) error { found = true; return nil })
	if err != nil {
		return false, fmt.Errorf("qdrantvec: outbox: read queue: %w", err)
	}
	return found, nil
}

// Kick asks Run to drain now (unless it is backing off after a failure).
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Drain applies the queued writes in order until none is left. It returns
// the index's error (ErrUnavailable while it is still down) with the ops
// from the failing one on still queued, or ErrBusy if another process holds
// the store's drain lease.
func (o *Outbox) Drain(ctx context.Context) error {
	o.drain.Lock()
	defer o.drain.Unlock()
	log := zerolog.Ctx(ctx)
	leaser, shared := o.store.(OutboxLeaser)
	var leased time.Time
	lease := func() error {
		if !shared || time.Since(leased) < o.opt.LeaseTTL/3 {
			return nil
		}
		ok, err := leaser.Lease(ctx, o.opt.Owner, o.opt.LeaseTTL)
		switch {
		case err != nil:
			return fmt.Errorf("qdrantvec: outbox: lease: %w", err)
		case !ok:
			return ErrBusy
		}
		leased = time.Now()
		return nil
	}
	if err := lease(); err != nil {
		return err
	}
	if shared {
		defer func() {
			if err := leaser.Release(context.WithoutCancel(ctx), o.opt.Owner); err != nil {
				log.Warn().Err(err).Msg("outbox lease not released; it expires by itself")
			}
		}()
	}
	for {
		n := 0
		err := o.store.Pending(ctx, o.opt.ReadOps, func(seq uint64, data []byte) error {
			n++
			if err := lease(); err != nil {
				return err
			}
			var op outboxOp
			if err := json.Unmarshal(data, &op); err != nil {
				log.Error().Err(err).Uint64("seq", seq).Int("bytes", len(data)).Msg("outbox: undecodable op dropped")
				return o.ack(ctx, seq)
			}
			n, err := o.apply(ctx, op, seq)
			switch {
			case err == nil:
				o.settle(op, n, nil)
			case errors.Is(err, retrieval.ErrUnavailable):
				return err // stays at the head of the queue
			case errors.Is(err, retrieval.ErrInvalid):
				o.settle(op, 0, err)
				log.Error().Err(err).Uint64("seq", seq).Str("op", op.Kind).Time("queued_at", op.QueuedAt).
					Msg("outbox: op the index rejects dropped")
			case o.settle(op, 0, err):
				// Its writer, in this process, gets the error (a write that
				// fails for good fails its call, as without the queue).
			default:
				return err
			}
			return o.ack(ctx, seq)
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

func (o *Outbox) ack(ctx context.Context, seq uint64) error {
	if err := o.store.Ack(ctx, seq); err != nil {
		return fmt.Errorf("qdrantvec: outbox: ack %d: %w", seq, err)
	}
	return nil
}

// Run drains in the background until ctx is done: at once (ops left by a
// previous run), when Kick is called, every Poll (ops queued by other
// processes), and after a failure with exponential backoff from MinBackoff
// to MaxBackoff, with jitter.
func (o *Outbox) Run(ctx context.Context) {
	log := zerolog.Ctx(ctx) // the caller's logger names the component
	timer := time.NewTimer(0)
	defer timer.Stop()
	failures := 0
	for {
		kick := o.kick
		if failures > 0 {
			kick = nil // backing off: writes failing meanwhile must not hammer the index
		}
		select {
		case <-ctx.Done():
			return
		case <-kick:
		case <-timer.C:
		}
		err := o.Drain(ctx)
		next := o.opt.Poll
		switch {
		case ctx.Err() != nil:
			return
		case err == nil:
			if failures > 0 {
				log.Info().Int("failures", failures).Msg("outbox drained")
			}
			failures = 0
		case errors.Is(err, ErrBusy):
			failures = 0
			next = min(o.opt.Poll, o.opt.LeaseTTL)
		default:
			failures++
			next = backoff(o.opt.MinBackoff, o.opt.MaxBackoff, failures)
			log.Warn().Err(err).Int("failures", failures).Dur("retry_in", next).Msg("outbox drain failed")
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(next)
	}
}

// backoff is the wait after the nth consecutive failure: min·2^(n-1)
// capped at max, minus up to a fifth at random so instances do not retry
// in step.
func backoff(lo, hi time.Duration, n int) time.Duration {
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// Search, Get and Count go to the index.

// Search runs q on the index.
func (o *Outbox) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	return o.idx.Search(ctx, q)
}

// Get reads chunks from the index.
func (o *Outbox) Get(ctx context.Context, kb string, ids []string) ([]retrieval.Chunk, error) {
	return o.idx.Get(ctx, kb, ids)
}

// Count counts in the index.
func (o *Outbox) Count(ctx context.Context, f retrieval.Filter) (int, error) {
	return o.idx.Count(ctx, f)
}

// Close closes the index (not the store, which the graph store owns).
func (o *Outbox) Close() error { return o.idx.Close() }

// Ping reports whether the index behind the outbox answers.
func (o *Outbox) Ping(ctx context.Context) error {
	if p, ok := o.idx.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}

// chunkLoss is the optional capability of an index to report lost chunks
// (Index has it; see ChunksLost).
type chunkLoss interface {
	ChunksLost(ctx context.Context, kb string) (bool, error)
	ChunksReindexed(kb string)
}

// ChunksLost asks the index behind the outbox whether the knowledge base's
// chunks were lost; an index that cannot tell never lost any.
func (o *Outbox) ChunksLost(ctx context.Context, kb string) (bool, error) {
	if l, ok := o.idx.(chunkLoss); ok {
		return l.ChunksLost(ctx, kb)
	}
	return false, nil
}

// ChunksReindexed tells the index behind the outbox that the knowledge
// base's chunks were indexed again.
func (o *Outbox) ChunksReindexed(kb string) {
	if l, ok := o.idx.(chunkLoss); ok {
		l.ChunksReindexed(kb)
	}
}
