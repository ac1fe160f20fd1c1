package answer_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest/teststore"
	"kgrag/retrieval/answer"
)

// batchStore is the embedded store with the batch read capability of a
// server store (kg.EntityBatchReader), counting its calls.
type batchStore struct {
	docStore
	batches, entities atomic.Int64
}

type docStore interface {
	kg.Store
	kg.Docs
}

func (s *batchStore) EntitiesAt(ctx context.Context, kb string, ids []string, asOf time.Time) (map[string]kg.Entity, error) {
	s.batches.Add(1)
	return kg.ReadEntities(ctx, s.docStore, kb, ids, asOf)
}

func (s *batchStore) Entity(ctx context.Context, kb, id string, asOf time.Time) (kg.Entity, error) {
	s.entities.Add(1)
	return s.docStore.Entity(ctx, kb, id, asOf)
}

// A store that reads many entities at once is asked for the entities a
// question names in one read, and answers as one that reads them one by one.
func TestLinkedEntitiesReadInOneBatch(t *testing.T) {
	plain := newTestEnv(t, teststore.Embedded(t), extractive, nil)
	bs := &batchStore{docStore: teststore.Embedded(t).(docStore)}
	batched := newTestEnv(t, bs, extractive, nil)
	for _, q := range []string{"水光精华和A醇晚霜哪个贵", "水光精华的替换装多少钱", "退货后退款多久到账"} {
		want := plain.ask(answer.Request{Question: q, AsOf: day("2025-12-01")})
		bs.batches.Store(0)
		bs.entities.Store(0)
		got := batched.ask(answer.Request{Question: q, AsOf: day("2025-12-01")})
		if got.Text != want.Text || got.Status != want.Status {
			t.Errorf("%s: batched store answers %q (%s), one by one %q (%s)", q, got.Text, got.Status, want.Text, want.Status)
		}
		if q == "水光精华和A醇晚霜哪个贵" && bs.batches.Load() == 0 {
			t.Errorf("%s: no batched read (%d reads one by one)", q, bs.entities.Load())
		}
	}
}
