package neo4jkg

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Outbox is a durable FIFO of opaque records in Neo4j, which
// qdrantvec.Outbox uses to keep index writes while Qdrant is down (it
// implements qdrantvec.OutboxStore and qdrantvec.OutboxLeaser). Every kgrag
// instance sharing the database sees the same queue:
//
//	(:OutboxQueue {name, seq, leaseOwner, leaseUntil, lock})
//	    one per queue: the last sequence number given out, and the drain lease.
//	(:OutboxOp {queue, seq, op, createdAt})
//	    one per record; op is the record's bytes.
//
// Every read names both properties of the (queue, seq) constraint's
// index ("seq IS NOT NULL"), which Neo4j uses only then.
//
// Like KgragSchema, these carry no kb: one queued write
// may touch several knowledge bases, and the queue must keep their order.
//
// Append locks the queue node before reading its counter, so concurrent
// appends (from any instance) get distinct sequence numbers in commit order:
// a reader never sees seq n+1 without n. Safe for concurrent use.
type Outbox struct {
	s     *Store
	queue string
}

// outboxSchema is created by Store.Outbox rather than by a migration: only
// deployments with a Qdrant outbox need it, and IF NOT EXISTS makes it
// idempotent across instances.
var outboxSchema = []string{
	`CREATE CONSTRAINT kgrag_outbox_queue IF NOT EXISTS FOR (q:OutboxQueue) REQUIRE q.name IS UNIQUE`,
	`CREATE CONSTRAINT kgrag_outbox_op IF NOT EXISTS FOR (o:OutboxOp) REQUIRE (o.queue, o.seq) IS UNIQUE`,
}

// Outbox returns the queue with the name, creating it (and the outbox
// constraints) if needed.
func (s *Store) Outbox(ctx context.Context, queue string) (*Outbox, error) {
	if queue == "" {
		return nil, errors.New("neo4jkg: outbox: empty queue name")
	}
	for _, stmt := range outboxSchema {
		_, err := neo4j.ExecuteQuery(ctx, s.drv, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
		var dbErr *neo4j.Neo4jError
		if err != nil && !(errors.As(err, &dbErr) && schemaExists[dbErr.Code]) {
			return nil, wrap("outbox schema", err)
		}
	}
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, `MERGE (q:OutboxQueue {name: $queue}) ON CREATE SET q.seq = 0`, map[string]any{"queue": queue})
		return struct{}{}, err
	})
	if err != nil {
		return nil, wrap(fmt.Sprintf("outbox %q", queue), err)
	}
	return &Outbox{s: s, queue: queue}, nil
}

// Append stores op at the end of the queue; it is committed when Append
// returns.
func (o *Outbox) Append(ctx context.Context, op []byte) error {
	params := map[string]any{"queue": o.queue, "op": op}
	_, err := writeTx(ctx, o.s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		// The first statement takes the queue's write lock; the second reads
		// the counter under it, so no two appends read the same value.
		recs, err := run(ctx, tx, `MATCH (q:OutboxQueue {name: $queue}) SET q.lock = true RETURN q.name AS name`, params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, fmt.Errorf("queue %q does not exist", o.queue)
		}
		_, err = run(ctx, tx, `
MATCH (q:OutboxQueue {name: $queue})
SET q.seq = coalesce(q.seq, 0) + 1
CREATE (:OutboxOp {queue: $queue, seq: q.seq, op: $op, createdAt: datetime()})`, params)
		return struct{}{}, err
	})
	return wrap("outbox append", err)
}

// Pending calls fn with up to n of the oldest records, oldest first. The
// records are read in one transaction and fn is called after it ends, so fn
// may call Ack; an error from fn stops the iteration and is returned.
func (o *Outbox) Pending(ctx context.Context, n int, fn func(seq uint64, op []byte) error) error {
	type rec struct {
		seq uint64
		op  []byte
	}
	recs, err := readTx(ctx, o.s, func(tx neo4j.ManagedTransaction) ([]rec, error) {
		rows, err := run(ctx, tx, `
MATCH (o:OutboxOp {queue: $queue}) WHERE o.seq IS NOT NULL
RETURN o.seq AS seq, o.op AS op
ORDER BY o.seq
LIMIT $n`, map[string]any{"queue": o.queue, "n": int64(n)})
		if err != nil {
			return nil, err
		}
		out := make([]rec, 0, len(rows))
		for _, r := range rows {
			seq, _, err := neo4j.GetRecordValue[int64](r, "seq")
			if err != nil {
				return nil, fmt.Errorf("outbox record seq: %w", err)
			}
			op, _, err := neo4j.GetRecordValue[[]byte](r, "op")
			if err != nil {
				return nil, fmt.Errorf("outbox record %d: %w", seq, err)
			}
			out = append(out, rec{seq: uint64(seq), op: op})
		}
		return out, nil
	})
	if err != nil {
		return wrap("outbox pending", err)
	}
	for _, r := range recs {
		if err := fn(r.seq, r.op); err != nil {
			return err
		}
	}
	return nil
}

// Ack removes the record with the sequence number; one that is gone is not
// an error.
func (o *Outbox) Ack(ctx context.Context, seq uint64) error {
	_, err := writeTx(ctx, o.s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, `MATCH (o:OutboxOp {queue: $queue, seq: $seq}) DELETE o`,
			map[string]any{"queue": o.queue, "seq": int64(seq)})
		return struct{}{}, err
	})
	return wrap(fmt.Sprintf("outbox ack %d", seq), err)
}

// Lease gives owner the right to drain the queue for ttl, or renews it; it
// reports false while another owner's lease runs. Lease times are Neo4j's
// clock, so instances with skewed clocks agree. The queue node is locked
// before the lease is read, so two instances cannot both take it.
func (o *Outbox) Lease(ctx context.Context, owner string, ttl time.Duration) (bool, error) {
	params := map[string]any{"queue": o.queue, "owner": owner, "ttl": ttl.Milliseconds()}
	ok, err := writeTx(ctx, o.s, func(tx neo4j.ManagedTransaction) (bool, error) {
		if _, err := run(ctx, tx, `MATCH (q:OutboxQueue {name: $queue}) SET q.lock = true`, params); err != nil {
			return false, err
		}
		recs, err := run(ctx, tx, `
MATCH (q:OutboxQueue {name: $queue})
WHERE q.leaseOwner IS NULL OR q.leaseOwner = $owner OR q.leaseUntil < datetime.statement()
SET q.leaseOwner = $owner, q.leaseUntil = datetime.statement() + duration({milliseconds: $ttl})
RETURN true AS ok`, params)
		return len(recs) > 0, err
	})
	return ok, wrap("outbox lease", err)
}

// Release ends owner's lease if it holds it.
func (o *Outbox) Release(ctx context.Context, owner string) error {
	_, err := writeTx(ctx, o.s, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, `
MATCH (q:OutboxQueue {name: $queue}) WHERE q.leaseOwner = $owner
REMOVE q.leaseOwner, q.leaseUntil`, map[string]any{"queue": o.queue, "owner": owner})
		return struct{}{}, err
	})
	return wrap("outbox release", err)
}

// Len counts the records waiting in the queue (the outbox depth metric).
func (o *Outbox) Len(ctx context.Context) (int, error) {
	n, err := readTx(ctx, o.s, func(tx neo4j.ManagedTransaction) (int64, error) {
		rows, err := run(ctx, tx, `MATCH (o:OutboxOp {queue: $queue}) WHERE o.seq IS NOT NULL RETURN count(o) AS n`, map[string]any{"queue": o.queue})
		if err != nil || len(rows) == 0 {
			return 0, err
		}
		n, _, err := neo4j.GetRecordValue[int64](rows[0], "n")
		return n, err
	})
	if err != nil {
		return 0, wrap("outbox len", err)
	}
	return int(n), nil
}
