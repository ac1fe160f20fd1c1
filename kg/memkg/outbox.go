package memkg

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// bOutbox is the top-level bucket of outbox queues: one sub-bucket per
// queue, keyed by 8-byte big-endian sequence numbers, so a cursor walks
// each queue in append order. It sits beside bKBs rather than in a
// knowledge base because one queued write may touch several.
var bOutbox = []byte("outbox")

// Outbox is a durable FIFO of opaque records in the store's bbolt file,
// which qdrantvec.Outbox uses to keep index writes while Qdrant is down (it
// implements qdrantvec.OutboxStore). An Append is fsynced on commit like
// every other write of the store. Safe for concurrent use; only this
// process has the file open, so it needs no drain lease.
type Outbox struct {
	db    *bolt.DB
	queue []byte
}

// Outbox returns the queue with the name, creating it if needed.
func (s *Store) Outbox(ctx context.Context, queue string) (*Outbox, error) {
	if queue == "" {
		return nil, errors.New("memkg: outbox: empty queue name")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bOutbox)
		if err != nil {
			return err
		}
		_, err = root.CreateBucketIfNotExists([]byte(queue))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: outbox %q: %w", queue, err)
	}
	return &Outbox{db: s.db, queue: []byte(queue)}, nil
}

func (o *Outbox) bucket(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(bOutbox).Bucket(o.queue)
}

func seqKey(seq uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return k[:]
}

// Append stores op at the end of the queue; it is durable when Append
// returns.
func (o *Outbox) Append(ctx context.Context, op []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := o.db.Update(func(tx *bolt.Tx) error {
		b := o.bucket(tx)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		return b.Put(seqKey(seq), op)
	})
	if err != nil {
		return fmt.Errorf("memkg: outbox append: %w", err)
	}
	return nil
}

// Pending calls fn with up to n of the oldest records, oldest first. The
// records are read in one transaction and fn is called after it ends, so fn
// may call Ack; an error from fn stops the iteration and is returned.
func (o *Outbox) Pending(ctx context.Context, n int, fn func(seq uint64, op []byte) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	type rec struct {
		seq uint64
		op  []byte
	}
	var recs []rec
	err := o.db.View(func(tx *bolt.Tx) error {
		c := o.bucket(tx).Cursor()
		for k, v := c.First(); k != nil && len(recs) < n; k, v = c.Next() {
			// bbolt's memory is only valid inside the transaction.
			recs = append(recs, rec{seq: binary.BigEndian.Uint64(k), op: append([]byte(nil), v...)})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("memkg: outbox pending: %w", err)
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
	if err := ctx.Err(); err != nil {
		return err
	}
	err := o.db.Update(func(tx *bolt.Tx) error { return o.bucket(tx).Delete(seqKey(seq)) })
	if err != nil {
		return fmt.Errorf("memkg: outbox ack %d: %w", seq, err)
	}
	return nil
}

// Len counts the records waiting in the queue (the outbox depth metric).
func (o *Outbox) Len(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := o.db.View(func(tx *bolt.Tx) error {
		n = o.bucket(tx).Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("memkg: outbox len: %w", err)
	}
	return n, nil
}
