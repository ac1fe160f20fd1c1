package memkg

import (
	"context"

	"kgrag/kg"
)

// ScanEntities calls fn with every current, active entity of kb in id
// order, in one read. Whole-knowledge-base readers (the lexicon builder)
// use it instead of paging through Entities, whose every page reads all
// entities to count them.
func (s *Store) ScanEntities(ctx context.Context, kb string, fn func(e *kg.Entity) error) error {
	return s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		c := t.bucket(bEntCur).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := decode[kg.Entity](v)
			if err != nil {
				return err
			}
			if e.Status != kg.StatusActive {
				continue
			}
			if err := fn(&e); err != nil {
				return err
			}
		}
		return nil
	})
}
