package memkg

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

var _ kg.TracePruner = (*Store)(nil)

// PruneTraces deletes old traces (kg.TracePruner), oldest first, in one
// transaction of at most limit deletions.
func (s *Store) PruneTraces(ctx context.Context, kb string, before time.Time, keep map[string]bool, limit int) (int, error) {
	if err := kg.ValidPrune(kb, before, limit); err != nil {
		return 0, err
	}
	end := make([]byte, 8)
	binary.BigEndian.PutUint64(end, uint64(before.UnixNano()))
	n := 0
	err := s.update(ctx, kb, func(t *kbTx) error {
		var doomed [][]byte
		c := t.bucket(bTrTime).Cursor()
		for k, _ := c.First(); k != nil && len(doomed) < limit && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			if len(k) > 8 && !keep[string(k[8:])] {
				doomed = append(doomed, bytes.Clone(k))
			}
		}
		for _, k := range doomed {
			if err := t.bucket(bTrace).Delete(k[8:]); err != nil {
				return err
			}
			if err := t.bucket(bTrTime).Delete(k); err != nil {
				return err
			}
		}
		n = len(doomed)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("memkg: prune traces: %w", err)
	}
	return n, nil
}

// TraceKBs lists the knowledge bases that hold traces.
func (s *Store) TraceKBs(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bKBs).ForEachBucket(func(name []byte) error {
			if b := tx.Bucket(bKBs).Bucket(name).Bucket(bTrTime); b != nil {
				if k, _ := b.Cursor().First(); k != nil {
					out = append(out, string(name))
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: trace knowledge bases: %w", err)
	}
	return out, nil
}
