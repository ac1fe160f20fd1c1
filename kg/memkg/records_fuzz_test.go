package memkg

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

// FuzzStoredRecords puts one arbitrary record (a corrupt or foreign data
// file) into a knowledge base of a real store and reads the knowledge base
// through every read method: each returns an error or data, never panics.
// Seeds: the records the store writes for an entity, a relation, a trace
// and a document, under their own keys and under others'.
func FuzzStoredRecords(f *testing.F) {
	s, err := Open(f.TempDir(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	s.db.NoSync = true // a scratch file: no fsync per write
	ctx := context.Background()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.Apply(ctx, "seed", kg.Batch{At: at, Entities: []kg.EntityUpsert{
		{ID: "P1", Type: "Product", Name: "P one", Attributes: []kg.Attribute{{Key: "price", Kind: kg.KindNumber, Value: "9"}}},
		{ID: "P2", Type: "Product", Name: "P two"},
	}, Relations: []kg.RelationUpsert{{From: "P1", Type: "REFILL_OF", To: "P2"}}}); err != nil {
		f.Fatal(err)
	}
	if err := s.PutTrace(ctx, "seed", kg.Trace{ID: "ans-1", CreatedAt: at, Question: "q", LinkedEntities: []string{"P1"}}); err != nil {
		f.Fatal(err)
	}
	if _, err := s.PutDoc(ctx, "seed", "corrections", "cor-1", []byte(`{"id":"cor-1"}`), 0); err != nil {
		f.Fatal(err)
	}
	// Every record the store wrote is a seed, in its own bucket and in the others.
	_ = s.db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(bKBs).Bucket([]byte("seed"))
		for i, name := range fuzzBuckets {
			b := root.Bucket(name)
			if i == len(fuzzBuckets)-1 {
				b = root.Bucket(bDocs).Bucket([]byte("corrections"))
			}
			_ = b.ForEach(func(k, v []byte) error {
				for j := range fuzzBuckets {
					f.Add(uint8(j), k, v)
				}
				return nil
			})
		}
		return nil
	})
	f.Add(uint8(1), []byte("P1"), []byte(`{"id":"P1","status":"MERGED","mergedInto":"P1","validFrom":"2025-01-01T00:00:00Z"}`))
	f.Add(uint8(4), append([]byte("P1\x00O\x00REFILL_OF\x00"), "P9"...), []byte(nil))
	f.Add(uint8(8), []byte("short"), []byte(nil))
	f.Add(uint8(7), []byte("ans-1"), []byte(`null`))

	kb := "fz"
	f.Fuzz(func(t *testing.T, bucket uint8, key, val []byte) {
		if len(key) == 0 || len(key) > bolt.MaxKeySize || len(val) > 1<<16 {
			return
		}
		name := fuzzBuckets[int(bucket)%len(fuzzBuckets)]
		err := s.db.Update(func(tx *bolt.Tx) error {
			kbs := tx.Bucket(bKBs)
			if kbs.Bucket([]byte(kb)) != nil {
				if err := kbs.DeleteBucket([]byte(kb)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The seed graph, then the record.
		if _, err := s.Apply(ctx, kb, kg.Batch{At: at, Entities: []kg.EntityUpsert{
			{ID: "P1", Type: "Product", Name: "P one"}, {ID: "P2", Type: "Product", Name: "P two"},
		}, Relations: []kg.RelationUpsert{{From: "P1", Type: "REFILL_OF", To: "P2"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutDoc(ctx, kb, "corrections", "cor-1", []byte(`{}`), 0); err != nil {
			t.Fatal(err)
		}
		err = s.db.Update(func(tx *bolt.Tx) error {
			root := tx.Bucket(bKBs).Bucket([]byte(kb))
			b, err := root.CreateBucketIfNotExists(name)
			if err != nil {
				return err
			}
			if string(name) == "corrections" {
				b = root.Bucket(bDocs).Bucket(name)
			}
			return b.Put(key, val)
		})
		if err != nil {
			t.Fatal(err)
		}
		readAll(t, s, kb, string(key))
		// Writes read what they change: merge P2 into P1, retire P1.
		_, _ = s.MergeEntities(ctx, kb, kg.Merge{Keep: "P1", Merge: "P2", At: at.Add(time.Hour)})
		_, _ = s.Apply(ctx, kb, kg.Batch{At: at.Add(2 * time.Hour), Retire: []kg.Retirement{{EntityID: "P1"}}})
		_, _ = s.PruneTraces(ctx, kb, at.Add(time.Hour), nil, 10)
		readAll(t, s, kb, string(key))
	})
}

// fuzzBuckets are the buckets FuzzStoredRecords writes to; the last stands
// for a collection of documents.
var fuzzBuckets = [][]byte{bEntVer, bEntCur, bRelVer, bRelCur, bAdj, bNames, bMerged, bTrace, bTrTime, []byte("corrections")}

// readAll calls every read method of the store on kb; errors are fine.
func readAll(t *testing.T, s *Store, kb, key string) {
	ctx := context.Background()
	ids := []string{"P1", "P2", "P9", "ans-1"}
	if kg.ValidID("id", key) == nil {
		ids = append(ids, key)
	}
	for _, id := range ids {
		_, _ = s.Entity(ctx, kb, id, time.Time{})
		_, _ = s.Entity(ctx, kb, id, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		_, _ = s.Neighbours(ctx, kb, id, kg.NeighbourQuery{})
		_, _ = s.Neighbours(ctx, kb, id, kg.NeighbourQuery{AsOf: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		_, _ = s.History(ctx, kb, id)
		_, _ = s.Trace(ctx, kb, id)
		_, _ = s.GetDoc(ctx, kb, "corrections", id)
		_, _ = s.Lookup(ctx, kb, id)
	}
	_, _ = s.Entities(ctx, kb, kg.EntityQuery{IncludeRetired: true})
	_, _ = s.Entities(ctx, kb, kg.EntityQuery{NameContains: "p"})
	_ = s.Names(ctx, kb, func(id, name string) error { return nil })
	_ = s.ScanEntities(ctx, kb, func(e *kg.Entity) error { return nil })
	_, _ = s.Traces(ctx, kb, kg.TraceQuery{})
	_, _ = s.Traces(ctx, kb, kg.TraceQuery{EntityID: "P1"})
	_, _ = s.ListDocs(ctx, kb, "corrections", "", kg.MaxDocList)
	_, _ = s.TraceKBs(ctx)
	if d, err := s.GetDoc(ctx, kb, "corrections", "cor-1"); err == nil {
		_, _ = json.Marshal(d)
	}
}
