package memkg

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

var _ kg.KnowledgeBaseLister = (*Store)(nil)

// KnowledgeBases lists the knowledge bases holding an entity or a
// document. A knowledge base's buckets are created by any write, answer
// traces included, so an empty bucket set does not count.
func (s *Store) KnowledgeBases(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bKBs).ForEach(func(k, v []byte) error {
			root := tx.Bucket(bKBs).Bucket(k)
			if v != nil || root == nil {
				return nil
			}
			if holds(root) {
				out = append(out, string(k)) // bbolt iterates in key order: sorted
			}
			return nil
		})
	})
	return out, err
}

// holds reports whether a knowledge base's buckets hold an entity or a
// document.
func holds(root *bolt.Bucket) bool {
	if b := root.Bucket(bEntCur); b != nil {
		if k, _ := b.Cursor().First(); k != nil {
			return true
		}
	}
	docs := root.Bucket(bDocs)
	if docs == nil {
		return false
	}
	found := false
	_ = docs.ForEach(func(k, v []byte) error {
		if c := docs.Bucket(k); v == nil && c != nil {
			if k, _ := c.Cursor().First(); k != nil {
				found = true
			}
		}
		return nil
	})
	return found
}
