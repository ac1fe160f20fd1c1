package memkg

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

// Documents live in bucket "docs" of the knowledge base, one nested bucket
// per collection: id -> JSON of kg.Doc.
var bDocs = []byte("docs")

var _ kg.Docs = (*Store)(nil)

func docsBucket(t *kbTx, coll string, create bool) (*bolt.Bucket, error) {
	if t == nil {
		return nil, nil
	}
	root := t.b[string(bDocs)]
	if root == nil {
		return nil, nil
	}
	if create {
		return root.CreateBucketIfNotExists([]byte(coll))
	}
	return root.Bucket([]byte(coll)), nil
}

// PutDoc stores a document with compare-and-set on its version.
func (s *Store) PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error) {
	if err := kg.ValidDoc(kb, coll, id, data); err != nil {
		return 0, err
	}
	var v int64
	err := s.update(ctx, kb, func(t *kbTx) error {
		b, err := docsBucket(t, coll, true)
		if err != nil {
			return err
		}
		cur := int64(0)
		if raw := b.Get([]byte(id)); raw != nil {
			d, err := decode[kg.Doc](raw)
			if err != nil {
				return err
			}
			cur = d.Version
		}
		if err := kg.CheckDocVersion(coll, id, cur, expect); err != nil {
			return err
		}
		v = cur + 1
		return put(b, []byte(id), kg.Doc{ID: id, Version: v, Data: data, UpdatedAt: s.now().UTC()})
	})
	if err != nil {
		return 0, fmt.Errorf("memkg: put %s %q: %w", coll, id, err)
	}
	return v, nil
}

// GetDoc returns one document.
func (s *Store) GetDoc(ctx context.Context, kb, coll, id string) (kg.Doc, error) {
	if err := kg.ValidDoc(kb, coll, id, nil); err != nil {
		return kg.Doc{}, err
	}
	var d kg.Doc
	err := s.view(ctx, kb, func(t *kbTx) error {
		b, err := docsBucket(t, coll, false)
		if err != nil {
			return err
		}
		var raw []byte
		if b != nil {
			raw = b.Get([]byte(id))
		}
		if raw == nil {
			return fmt.Errorf("%s %q: %w", coll, id, kg.ErrNotFound)
		}
		d, err = decode[kg.Doc](raw)
		return err
	})
	return d, err
}

// ListDocs lists documents in id order.
func (s *Store) ListDocs(ctx context.Context, kb, coll, after string, limit int) ([]kg.Doc, error) {
	if err := kg.ValidDoc(kb, coll, "", nil); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > kg.MaxDocList {
		return nil, fmt.Errorf("%w: limit %d: want 1..%d", kg.ErrInvalid, limit, kg.MaxDocList)
	}
	var out []kg.Doc
	err := s.view(ctx, kb, func(t *kbTx) error {
		b, err := docsBucket(t, coll, false)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		k, v := c.First()
		if after != "" {
			k, v = c.Seek([]byte(after))
			if k != nil && bytes.Equal(k, []byte(after)) {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(out) < limit; k, v = c.Next() {
			d, err := decode[kg.Doc](v)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: list %s: %w", coll, err)
	}
	return out, nil
}
