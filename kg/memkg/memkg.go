// Package memkg is the embedded, in-process kg.Store, the default backend.
// It keeps everything in one bbolt file in the data directory: each Apply is
// one bbolt transaction, fsynced on commit, so a crash loses at most the batch
// being written and never what was committed before.
package memkg

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

// Bucket names. Every knowledge base has its own bucket under bKBs holding
// the buckets below, so no key of one knowledge base is reachable from
// another's.
var (
	bKBs    = []byte("kbs")
	bMeta   = []byte("meta")
	bEntVer = []byte("ev")    // id 0 version(8) -> Entity
	bEntCur = []byte("ecur")  // id -> latest Entity version
	bRelVer = []byte("rv")    // from 0 type 0 to 0 version(8) -> Relation
	bRelCur = []byte("rcur")  // from 0 type 0 to -> latest Relation version
	bAdj    = []byte("adj")   // id 0 O|I 0 type 0 other -> nil
	bNames  = []byte("names") // normalised name 0 id -> nil
	bMerged = []byte("mfrom") // keep 0 merged -> nil
	bTrace  = []byte("tr")    // id -> Trace
	bTrTime = []byte("trt")   // createdAt(8) id -> nil
)

var kbBuckets = [][]byte{bEntVer, bEntCur, bRelVer, bRelCur, bAdj, bNames, bMerged, bTrace, bTrTime, bDocs}

const schemaVersion = "1"

// Store is the embedded kg.Store.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

var _ kg.Store = (*Store)(nil)

// Options tune the store; the zero value is right for production.
type Options struct {
	// Now replaces the clock (tests).
	Now func() time.Time
}

// Open opens (creating if needed) the store in dir. Only one process may
// have a data directory open at a time.
func Open(dir string, opt Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("memkg: create data directory: %w", err)
	}
	path := filepath.Join(dir, "graph.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("memkg: %s is in use by another kgrag process", path)
		}
		return nil, fmt.Errorf("memkg: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bKBs); err != nil {
			return err
		}
		m, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		if v := m.Get([]byte("schema")); v != nil && string(v) != schemaVersion {
			return fmt.Errorf("schema version %s, this build reads %s", v, schemaVersion)
		}
		return m.Put([]byte("schema"), []byte(schemaVersion))
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("memkg: init %s: %w", path, err)
	}
	// Trace writes wait at most this long for others to share their commit.
	db.MaxBatchDelay = time.Millisecond
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}, nil
}

// Close closes the database file.
func (s *Store) Close() error { return s.db.Close() }

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.View(func(tx *bolt.Tx) error { return nil })
}

// kbTx gives access to one knowledge base inside a bbolt transaction.
type kbTx struct {
	kb string
	b  map[string]*bolt.Bucket
	// heads holds the entity heads this transaction decoded or wrote (nil:
	// none stored), so a batch whose relations share ends decodes each
	// end once. Callers never modify what curEntity returns.
	heads map[string]*kg.Entity
}

func (s *Store) view(ctx context.Context, kb string, fn func(t *kbTx) error) error {
	if err := kg.ValidKB(kb); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(bKBs).Bucket([]byte(kb))
		if root == nil {
			return fn(nil) // an unknown knowledge base is an empty one
		}
		return fn(openKB(kb, root))
	})
}

func (s *Store) update(ctx context.Context, kb string, fn func(t *kbTx) error) error {
	return s.write(ctx, kb, s.db.Update, fn)
}

// batch is update through bbolt's Batch, which lets concurrent writers
// share one commit: fn may run more than once and must be idempotent.
func (s *Store) batch(ctx context.Context, kb string, fn func(t *kbTx) error) error {
	return s.write(ctx, kb, s.db.Batch, fn)
}

// write runs fn in a write transaction (db.Update or db.Batch) on the
// knowledge base's buckets, creating them on first use.
func (s *Store) write(ctx context.Context, kb string, run func(func(*bolt.Tx) error) error, fn func(t *kbTx) error) error {
	if err := kg.ValidKB(kb); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return run(func(tx *bolt.Tx) error {
		root, err := tx.Bucket(bKBs).CreateBucketIfNotExists([]byte(kb))
		if err != nil {
			return err
		}
		for _, name := range kbBuckets {
			if _, err := root.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return fn(openKB(kb, root))
	})
}

func openKB(kb string, root *bolt.Bucket) *kbTx {
	t := &kbTx{kb: kb, b: map[string]*bolt.Bucket{}, heads: map[string]*kg.Entity{}}
	for _, name := range kbBuckets {
		t.b[string(name)] = root.Bucket(name)
	}
	return t
}

func (t *kbTx) bucket(name []byte) *bolt.Bucket { return t.b[string(name)] }

func key(parts ...string) []byte { return []byte(strings.Join(parts, "\x00")) }

func verKey(prefix []byte, v int64) []byte {
	k := make([]byte, len(prefix)+1+8)
	copy(k, prefix)
	binary.BigEndian.PutUint64(k[len(prefix)+1:], uint64(v))
	return k
}

func relKey(k kg.RelationKey) []byte { return key(k.From, k.Type, k.To) }

func decode[T any](v []byte) (T, error) {
	var x T
	err := json.Unmarshal(v, &x)
	return x, err
}

func put(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

// curEntity returns the latest version of an entity, or nil. The result is
// shared with later calls of the transaction: callers must not modify it.
func (t *kbTx) curEntity(id string) (*kg.Entity, error) {
	if t == nil {
		return nil, nil
	}
	if e, ok := t.heads[id]; ok {
		return e, nil
	}
	v := t.bucket(bEntCur).Get([]byte(id))
	if v == nil {
		t.heads[id] = nil
		return nil, nil
	}
	e, err := decode[kg.Entity](v)
	if err != nil {
		return nil, err
	}
	t.heads[id] = &e
	return &e, nil
}

// putHead stores the latest version of an entity (data is its JSON).
func (t *kbTx) putHead(e *kg.Entity, data []byte) error {
	if err := t.bucket(bEntCur).Put([]byte(e.ID), data); err != nil {
		return err
	}
	c := *e
	t.heads[e.ID] = &c
	return nil
}

func (t *kbTx) entityVersions(id string) ([]kg.Entity, error) {
	var out []kg.Entity
	prefix := append([]byte(id), 0)
	c := t.bucket(bEntVer).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8; k, v = c.Next() {
		e, err := decode[kg.Entity](v)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (t *kbTx) curRelation(k kg.RelationKey) (*kg.Relation, error) {
	if t == nil {
		return nil, nil
	}
	v := t.bucket(bRelCur).Get(relKey(k))
	if v == nil {
		return nil, nil
	}
	r, err := decode[kg.Relation](v)
	return &r, err
}

func (t *kbTx) relationVersions(k kg.RelationKey) ([]kg.Relation, error) {
	var out []kg.Relation
	prefix := append(relKey(k), 0)
	c := t.bucket(bRelVer).Cursor()
	for key, v := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix) && len(key) == len(prefix)+8; key, v = c.Next() {
		r, err := decode[kg.Relation](v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// writeEntity stores a new version, closing the previous one.
func (t *kbTx) writeEntity(prev *kg.Entity, next kg.Entity) error {
	if prev != nil {
		closed := kg.Close(*prev, next.ValidFrom)
		if err := put(t.bucket(bEntVer), verKey([]byte(prev.ID), prev.Version), closed); err != nil {
			return err
		}
		if err := t.indexNames(prev, false); err != nil {
			return err
		}
	}
	data, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if err := t.bucket(bEntVer).Put(verKey([]byte(next.ID), next.Version), data); err != nil {
		return err
	}
	if err := t.putHead(&next, data); err != nil {
		return err
	}
	return t.indexNames(&next, true)
}

// entityTimeline returns the head of an entity and the stored versions the
// kg rules need at time at: all of them when it has scheduled changes,
// else the head alone.
func (t *kbTx) entityTimeline(id string, at time.Time) (*kg.Entity, []kg.Entity, error) {
	head, err := t.curEntity(id)
	if err != nil || head == nil {
		return head, nil, err
	}
	if !kg.HasScheduled(head, at) {
		return head, []kg.Entity{*head}, nil
	}
	vs, err := t.entityVersions(id)
	return head, vs, err
}

func (t *kbTx) relationTimeline(k kg.RelationKey, at time.Time) (*kg.Relation, []kg.Relation, error) {
	head, err := t.curRelation(k)
	if err != nil || head == nil {
		return head, nil, err
	}
	if !kg.HasScheduled(head, at) {
		return head, []kg.Relation{*head}, nil
	}
	vs, err := t.relationVersions(k)
	return head, vs, err
}

// putEntities stores the versions the kg rules computed and moves the head
// (with its names) to the highest.
func (t *kbTx) putEntities(head *kg.Entity, puts []kg.Entity) error {
	next := head
	var nextData []byte
	for i := range puts {
		p := &puts[i]
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := t.bucket(bEntVer).Put(verKey([]byte(p.ID), p.Version), data); err != nil {
			return err
		}
		if next == nil || p.Version > next.Version {
			next, nextData = p, data
		}
	}
	if next == head {
		return nil
	}
	if head != nil {
		if err := t.indexNames(head, false); err != nil {
			return err
		}
	}
	if err := t.putHead(next, nextData); err != nil {
		return err
	}
	return t.indexNames(next, true)
}

// putRelations is putEntities for relations.
func (t *kbTx) putRelations(head *kg.Relation, puts []kg.Relation) error {
	next := head
	var nextData []byte
	for i := range puts {
		p := &puts[i]
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := t.bucket(bRelVer).Put(verKey(relKey(p.Key()), p.Version), data); err != nil {
			return err
		}
		if next == nil || p.Version > next.Version {
			next, nextData = p, data
		}
	}
	if next == head {
		return nil
	}
	k := next.Key()
	if head == nil {
		adj := t.bucket(bAdj)
		if err := adj.Put(key(k.From, "O", k.Type, k.To), nil); err != nil {
			return err
		}
		if err := adj.Put(key(k.To, "I", k.Type, k.From), nil); err != nil {
			return err
		}
	}
	return t.bucket(bRelCur).Put(relKey(k), nextData)
}

func names(e *kg.Entity) []string {
	out := []string{kg.NormalizeName(e.Name)}
	for _, a := range e.Aliases {
		out = append(out, kg.NormalizeName(a.Text))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (t *kbTx) indexNames(e *kg.Entity, add bool) error {
	if e.Status != kg.StatusActive {
		return nil
	}
	b := t.bucket(bNames)
	for _, n := range names(e) {
		if n == "" {
			continue
		}
		var err error
		if add {
			err = b.Put(key(n, e.ID), nil)
		} else {
			err = b.Delete(key(n, e.ID))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *kbTx) writeRelation(prev *kg.Relation, next kg.Relation) error {
	k := next.Key()
	if prev != nil {
		if err := put(t.bucket(bRelVer), verKey(relKey(k), prev.Version), kg.Close(*prev, next.ValidFrom)); err != nil {
			return err
		}
	} else {
		adj := t.bucket(bAdj)
		if err := adj.Put(key(k.From, "O", k.Type, k.To), nil); err != nil {
			return err
		}
		if err := adj.Put(key(k.To, "I", k.Type, k.From), nil); err != nil {
			return err
		}
	}
	data, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if err := t.bucket(bRelVer).Put(verKey(relKey(k), next.Version), data); err != nil {
		return err
	}
	return t.bucket(bRelCur).Put(relKey(k), data)
}

// adjacent lists the relation keys touching id, in the direction asked.
func (t *kbTx) adjacent(id string, dir kg.Direction, types []string) []struct {
	key kg.RelationKey
	dir kg.Direction
} {
	var out []struct {
		key kg.RelationKey
		dir kg.Direction
	}
	prefix := append([]byte(id), 0)
	c := t.bucket(bAdj).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		parts := strings.Split(string(k[len(prefix):]), "\x00")
		if len(parts) != 3 {
			continue
		}
		d := kg.Out
		rk := kg.RelationKey{From: id, Type: parts[1], To: parts[2]}
		if parts[0] == "I" {
			d = kg.In
			rk = kg.RelationKey{From: parts[2], Type: parts[1], To: id}
		}
		if dir != kg.Both && dir != d {
			continue
		}
		if len(types) > 0 && !slices.Contains(types, rk.Type) {
			continue
		}
		out = append(out, struct {
			key kg.RelationKey
			dir kg.Direction
		}{rk, d})
	}
	return out
}

// resolve follows merge redirects from id to the entity that holds it now.
func (t *kbTx) resolve(id string) (*kg.Entity, error) {
	for range 10 {
		e, err := t.curEntity(id)
		if err != nil || e == nil {
			return e, err
		}
		if e.Status != kg.StatusMerged {
			return e, nil
		}
		id = e.MergedInto
	}
	return nil, fmt.Errorf("entity %q: merge redirects loop", id)
}

// Apply writes a batch in one transaction.
func (s *Store) Apply(ctx context.Context, kb string, b kg.Batch) (kg.Applied, error) {
	if err := b.Normalize(); err != nil {
		return kg.Applied{}, err
	}
	var res kg.Applied
	err := s.update(ctx, kb, func(t *kbTx) error {
		// The transaction time is taken inside the write lock, so versions
		// of one entity are stamped in the order they are written.
		at := b.At
		if at.IsZero() {
			at = s.now().UTC()
		}
		res = kg.Applied{}
		for _, u := range b.Entities {
			head, vs, err := t.entityTimeline(u.ID, at)
			if err != nil {
				return err
			}
			w, err := kg.UpsertEntity(head, vs, u, kb, at)
			if err != nil {
				return err
			}
			if w.Changed {
				if err := t.putEntities(head, w.Puts); err != nil {
					return err
				}
				res.Changed++
			} else {
				res.Unchanged++
			}
			res.Entities = append(res.Entities, w.Result)
		}
		for i, u := range b.Relations {
			for _, end := range []*string{&u.From, &u.To} {
				e, err := t.resolve(*end)
				if err != nil {
					return err
				}
				if e == nil {
					return fmt.Errorf("relations[%d]: entity %q does not exist: %w", i, *end, kg.ErrInvalid)
				}
				if e.Status != kg.StatusActive {
					return fmt.Errorf("relations[%d]: entity %q is retired; restore it first: %w", i, *end, kg.ErrInvalid)
				}
				*end = e.ID
			}
			if u.From == u.To {
				return fmt.Errorf("relations[%d]: both ends are entity %q after merges: %w", i, u.From, kg.ErrInvalid)
			}
			head, vs, err := t.relationTimeline(kg.RelationKey{From: u.From, Type: u.Type, To: u.To}, at)
			if err != nil {
				return err
			}
			w, err := kg.UpsertRelation(head, vs, u, kb, at)
			if err != nil {
				return err
			}
			if w.Changed {
				if err := t.putRelations(head, w.Puts); err != nil {
					return err
				}
				res.Changed++
			} else {
				res.Unchanged++
			}
			res.Relations = append(res.Relations, w.Result)
		}
		for i, r := range b.Retire {
			ret, changed, err := t.retire(r, at)
			if err != nil {
				return fmt.Errorf("retire[%d]: %w", i, err)
			}
			if changed {
				res.Changed++
			} else {
				res.Unchanged++
			}
			res.Retired = append(res.Retired, ret)
		}
		for i, c := range b.Cancel {
			ret, err := t.cancel(c, at)
			if err != nil {
				return fmt.Errorf("cancel[%d]: %w", i, err)
			}
			res.Changed++
			res.Cancelled = append(res.Cancelled, ret)
		}
		return nil
	})
	if err != nil {
		return kg.Applied{}, fmt.Errorf("memkg: apply: %w", err)
	}
	return res, nil
}

func (t *kbTx) retire(r kg.Retirement, at time.Time) (kg.Retired, bool, error) {
	if r.Relation != nil {
		head, vs, err := t.relationTimeline(*r.Relation, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		if head == nil {
			return kg.Retired{}, false, fmt.Errorf("relation %s: %w", r.Relation, kg.ErrNotFound)
		}
		w, err := kg.RetireRelation(*head, vs, r, at)
		if err != nil || !w.Changed {
			return kg.Retired{Relation: &w.Result}, false, err
		}
		return kg.Retired{Relation: &w.Result}, true, t.putRelations(head, w.Puts)
	}
	head, vs, err := t.entityTimeline(r.EntityID, at)
	if err != nil {
		return kg.Retired{}, false, err
	}
	if head == nil {
		return kg.Retired{}, false, fmt.Errorf("entity %q: %w", r.EntityID, kg.ErrNotFound)
	}
	w, err := kg.RetireEntity(*head, vs, r, at)
	if err != nil || !w.Changed {
		return kg.Retired{Entity: &w.Result}, false, err
	}
	if err := t.putEntities(head, w.Puts); err != nil {
		return kg.Retired{}, false, err
	}
	// A retired entity takes its relations with it, from the same time.
	for _, a := range t.adjacent(head.ID, kg.Both, nil) {
		rh, rvs, err := t.relationTimeline(a.key, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		if rh == nil {
			continue // an adjacency entry without its relation (a damaged file)
		}
		rw, err := kg.RetireRelation(*rh, rvs, kg.Retirement{ValidFrom: w.Result.ValidFrom, Provenance: r.Provenance}, at)
		if err != nil {
			return kg.Retired{}, false, err
		}
		if rw.Changed {
			if err := t.putRelations(rh, rw.Puts); err != nil {
				return kg.Retired{}, false, err
			}
		}
	}
	return kg.Retired{Entity: &w.Result}, true, nil
}

func (t *kbTx) cancel(c kg.ScheduledCancel, at time.Time) (kg.Retired, error) {
	if c.Relation != nil {
		head, vs, err := t.relationTimeline(*c.Relation, at)
		if err != nil {
			return kg.Retired{}, err
		}
		if head == nil {
			return kg.Retired{}, fmt.Errorf("relation %s: %w", c.Relation, kg.ErrNotFound)
		}
		w, err := kg.CancelRelationChange(*head, vs, c, at)
		if err != nil {
			return kg.Retired{}, err
		}
		return kg.Retired{Relation: &w.Result}, t.putRelations(head, w.Puts)
	}
	head, vs, err := t.entityTimeline(c.EntityID, at)
	if err != nil {
		return kg.Retired{}, err
	}
	if head == nil {
		return kg.Retired{}, fmt.Errorf("entity %q: %w", c.EntityID, kg.ErrNotFound)
	}
	w, err := kg.CancelEntityChange(*head, vs, c, at)
	if err != nil {
		return kg.Retired{}, err
	}
	return kg.Retired{Entity: &w.Result}, t.putEntities(head, w.Puts)
}

// MergeEntities folds m.Merge into m.Keep in one transaction.
func (s *Store) MergeEntities(ctx context.Context, kb string, m kg.Merge) (kg.Entity, error) {
	if err := kg.ValidID("keep", m.Keep); err != nil {
		return kg.Entity{}, err
	}
	if err := kg.ValidID("merge", m.Merge); err != nil {
		return kg.Entity{}, err
	}
	if m.Keep == m.Merge {
		return kg.Entity{}, fmt.Errorf("memkg: merge: %w: an entity cannot be merged into itself", kg.ErrInvalid)
	}
	var out kg.Entity
	err := s.update(ctx, kb, func(t *kbTx) error {
		at := m.At
		if at.IsZero() {
			at = s.now().UTC()
		}
		keep, err := t.curEntity(m.Keep)
		if err != nil {
			return err
		}
		merge, err := t.curEntity(m.Merge)
		if err != nil {
			return err
		}
		if keep == nil {
			return fmt.Errorf("entity %q: %w", m.Keep, kg.ErrNotFound)
		}
		if merge == nil {
			return fmt.Errorf("entity %q: %w", m.Merge, kg.ErrNotFound)
		}
		nk, nm, err := kg.MergeVersions(*keep, *merge, m, at)
		if err != nil {
			return err
		}
		if err := t.writeEntity(keep, nk); err != nil {
			return err
		}
		if err := t.writeEntity(merge, nm); err != nil {
			return err
		}
		if err := t.bucket(bMerged).Put(key(m.Keep, m.Merge), nil); err != nil {
			return err
		}
		// Move every active relation of merge onto keep.
		for _, a := range t.adjacent(m.Merge, kg.Both, nil) {
			rc, err := t.curRelation(a.key)
			if err != nil {
				return err
			}
			if rc == nil || rc.Status != kg.StatusActive {
				continue
			}
			prov := nk.Provenance
			rn, _, err := kg.RetireRelationVersion(*rc, kg.Retirement{Provenance: prov}, at)
			if err != nil {
				return err
			}
			if err := t.writeRelation(rc, rn); err != nil {
				return err
			}
			moved := kg.RelationUpsert{From: a.key.From, Type: a.key.Type, To: a.key.To, Channels: &rc.Channels,
				Attributes: rc.Attributes, ReplaceAttributes: true, Provenance: prov}
			if moved.From == m.Merge {
				moved.From = m.Keep
			} else {
				moved.To = m.Keep
			}
			if moved.From == moved.To {
				continue // a relation between the two merged entities disappears
			}
			cur, err := t.curRelation(kg.RelationKey{From: moved.From, Type: moved.Type, To: moved.To})
			if err != nil {
				return err
			}
			next, changed, err := kg.NextRelation(cur, moved, kb, at)
			if err != nil {
				return err
			}
			if changed {
				if err := t.writeRelation(cur, next); err != nil {
					return err
				}
			}
		}
		out = nk
		return nil
	})
	if err != nil {
		return kg.Entity{}, fmt.Errorf("memkg: merge %q into %q: %w", m.Merge, m.Keep, err)
	}
	return out, nil
}

// Entity returns the version valid at asOf, following merge redirects.
func (s *Store) Entity(ctx context.Context, kb, id string, asOf time.Time) (kg.Entity, error) {
	if err := kg.ValidID("id", id); err != nil {
		return kg.Entity{}, err
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	var out kg.Entity
	err := s.view(ctx, kb, func(t *kbTx) error {
		e, err := t.entityAt(id, asOf)
		out = e
		return err
	})
	return out, err
}

func (t *kbTx) entityAt(id string, asOf time.Time) (kg.Entity, error) {
	from := ""
	for range 10 {
		cur, err := t.curEntity(id)
		if err != nil {
			return kg.Entity{}, err
		}
		if cur == nil {
			return kg.Entity{}, fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		e := *cur
		if !cur.ValidAt(asOf) {
			vs, err := t.entityVersions(id)
			if err != nil {
				return kg.Entity{}, err
			}
			var ok bool
			if e, ok = kg.VersionAt(vs, asOf, (*kg.Entity).ValidAt); !ok {
				return kg.Entity{}, fmt.Errorf("entity %q did not exist at %s: %w", id, asOf.Format(time.RFC3339), kg.ErrNotFound)
			}
		}
		if e.Status != kg.StatusMerged {
			if from != "" {
				e.RedirectedFrom = from
			}
			return e, nil
		}
		if from == "" {
			from = id
		}
		id = e.MergedInto
	}
	return kg.Entity{}, fmt.Errorf("entity %q: merge redirects loop", id)
}

// Entities lists the latest versions, ordered by id.
func (s *Store) Entities(ctx context.Context, kb string, q kg.EntityQuery) (kg.EntityPage, error) {
	n, err := kg.PageSize(q.First)
	if err != nil {
		return kg.EntityPage{}, err
	}
	after := ""
	if q.After != "" {
		if after, err = kg.DecodeCursor(q.After); err != nil {
			return kg.EntityPage{}, err
		}
	}
	if q.Type != "" {
		if err := kg.ValidEntityType(q.Type); err != nil {
			return kg.EntityPage{}, err
		}
	}
	needle := kg.NormalizeName(q.NameContains)
	var page kg.EntityPage
	err = s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		c := t.bucket(bEntCur).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			e, err := decode[kg.Entity](v)
			if err != nil {
				return err
			}
			if e.Status == kg.StatusMerged || (e.Status == kg.StatusRetired && !q.IncludeRetired) {
				continue
			}
			if q.Type != "" && e.Type != q.Type {
				continue
			}
			if needle != "" && !slices.ContainsFunc(names(&e), func(n string) bool { return strings.Contains(n, needle) }) &&
				!strings.Contains(kg.NormalizeName(e.ID), needle) {
				continue
			}
			page.TotalCount++
			if string(k) <= after {
				continue
			}
			if len(page.Entities) == n {
				page.HasNext = true
				continue
			}
			page.Entities = append(page.Entities, e)
		}
		return nil
	})
	if err != nil {
		return kg.EntityPage{}, fmt.Errorf("memkg: entities: %w", err)
	}
	for _, e := range page.Entities {
		page.Cursors = append(page.Cursors, kg.EncodeCursor(e.ID))
	}
	if len(page.Cursors) > 0 {
		page.EndCursor = page.Cursors[len(page.Cursors)-1]
	}
	return page, nil
}

// Neighbours follows the entity's relations valid at q.AsOf.
func (s *Store) Neighbours(ctx context.Context, kb, id string, q kg.NeighbourQuery) ([]kg.Neighbour, error) {
	if err := kg.ValidID("id", id); err != nil {
		return nil, err
	}
	for _, t := range q.RelationTypes {
		if err := kg.ValidRelationType(t); err != nil {
			return nil, err
		}
	}
	if q.Channel != "" {
		if err := kg.ValidChannel(q.Channel); err != nil {
			return nil, err
		}
	}
	dir := q.Direction
	if dir == "" {
		dir = kg.Both
	}
	asOf := q.AsOf
	if asOf.IsZero() {
		asOf = s.now()
	}
	limit := q.Limit
	if limit <= 0 || limit > kg.MaxPage {
		limit = kg.MaxPage
	}
	var out []kg.Neighbour
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		self, err := t.entityAt(id, asOf)
		if err != nil {
			return err
		}
		for _, a := range t.adjacent(self.ID, dir, q.RelationTypes) {
			cur, err := t.curRelation(a.key)
			if err != nil {
				return err
			}
			if cur == nil {
				continue // an adjacency entry without its relation (a damaged file)
			}
			r := *cur
			if !r.ValidAt(asOf) {
				vs, err := t.relationVersions(a.key)
				if err != nil {
					return err
				}
				var ok bool
				if r, ok = kg.VersionAt(vs, asOf, (*kg.Relation).ValidAt); !ok {
					continue
				}
			}
			if r.Status != kg.StatusActive || !r.OnChannel(q.Channel) {
				continue
			}
			other := r.To
			if a.dir == kg.In {
				other = r.From
			}
			e, err := t.entityAt(other, asOf)
			if errors.Is(err, kg.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if e.Status != kg.StatusActive || !e.OnChannel(q.Channel) {
				continue
			}
			out = append(out, kg.Neighbour{Direction: a.dir, Relation: r, Entity: e})
			if len(out) == limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: neighbours of %q: %w", id, err)
	}
	return out, nil
}

// Lookup finds current active entities by id, name or alias.
func (s *Store) Lookup(ctx context.Context, kb, name string) ([]kg.Entity, error) {
	n := kg.NormalizeName(name)
	if n == "" {
		return nil, fmt.Errorf("memkg: lookup: %w: the name is empty", kg.ErrInvalid)
	}
	var out []kg.Entity
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		seen := map[string]bool{}
		if kg.ValidID("id", name) == nil {
			if e, err := t.resolve(name); err != nil {
				return err
			} else if e != nil && e.Status == kg.StatusActive {
				out = append(out, *e)
				seen[e.ID] = true
			}
		}
		prefix := append([]byte(n), 0)
		c := t.bucket(bNames).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := string(k[len(prefix):])
			if seen[id] {
				continue
			}
			seen[id] = true
			e, err := t.curEntity(id)
			if err != nil {
				return err
			}
			if e != nil && e.Status == kg.StatusActive {
				out = append(out, *e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memkg: lookup %q: %w", name, err)
	}
	return out, nil
}

// Names lists every name and alias of the current active entities.
func (s *Store) Names(ctx context.Context, kb string, fn func(id, name string) error) error {
	return s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		return t.bucket(bEntCur).ForEach(func(k, v []byte) error {
			e, err := decode[kg.Entity](v)
			if err != nil {
				return err
			}
			if e.Status != kg.StatusActive {
				return nil
			}
			return e.EachName(fn)
		})
	})
}

// History returns every version of the entity, of the entities merged into
// it, and of their relations.
func (s *Store) History(ctx context.Context, kb, id string) (kg.History, error) {
	if err := kg.ValidID("id", id); err != nil {
		return kg.History{}, err
	}
	var h kg.History
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		ids := []string{id}
		for i := 0; i < len(ids) && i < 100; i++ {
			prefix := append([]byte(ids[i]), 0)
			c := t.bucket(bMerged).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				ids = append(ids, string(k[len(prefix):]))
			}
		}
		seenRel := map[kg.RelationKey]bool{}
		for _, eid := range ids {
			vs, err := t.entityVersions(eid)
			if err != nil {
				return err
			}
			h.Entities = append(h.Entities, vs...)
			for _, a := range t.adjacent(eid, kg.Both, nil) {
				if seenRel[a.key] {
					continue
				}
				seenRel[a.key] = true
				rs, err := t.relationVersions(a.key)
				if err != nil {
					return err
				}
				h.Relations = append(h.Relations, rs...)
			}
		}
		if len(h.Entities) == 0 {
			return fmt.Errorf("entity %q: %w", id, kg.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return kg.History{}, fmt.Errorf("memkg: history of %q: %w", id, err)
	}
	kg.SortHistory(&h)
	return h, nil
}

func traceTimeKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return append(k, id...)
}

// PutTrace stores an immutable answer trace.
func (s *Store) PutTrace(ctx context.Context, kb string, tr kg.Trace) error {
	if err := kg.ValidID("trace id", tr.ID); err != nil {
		return err
	}
	if tr.CreatedAt.IsZero() {
		tr.CreatedAt = s.now().UTC()
	}
	tr.KB = kb
	// Every answer writes a trace: concurrent writes share one transaction
	// and one fsync (bbolt's Batch), instead of queueing for the writer lock.
	err := s.batch(ctx, kb, func(t *kbTx) error {
		if t.bucket(bTrace).Get([]byte(tr.ID)) != nil {
			return fmt.Errorf("trace %q already exists: %w", tr.ID, kg.ErrConflict)
		}
		if err := put(t.bucket(bTrace), []byte(tr.ID), tr); err != nil {
			return err
		}
		return t.bucket(bTrTime).Put(traceTimeKey(tr.CreatedAt, tr.ID), nil)
	})
	if err != nil {
		return fmt.Errorf("memkg: put trace: %w", err)
	}
	return nil
}

// Trace returns one trace.
func (s *Store) Trace(ctx context.Context, kb, id string) (kg.Trace, error) {
	var tr kg.Trace
	err := s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return fmt.Errorf("trace %q: %w", id, kg.ErrNotFound)
		}
		v := t.bucket(bTrace).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("trace %q: %w", id, kg.ErrNotFound)
		}
		var err error
		tr, err = decode[kg.Trace](v)
		return err
	})
	return tr, err
}

// Traces lists traces newest first.
func (s *Store) Traces(ctx context.Context, kb string, q kg.TraceQuery) (kg.TracePage, error) {
	n, err := kg.PageSize(q.First)
	if err != nil {
		return kg.TracePage{}, err
	}
	var after []byte
	if q.After != "" {
		a, err := kg.DecodeCursor(q.After)
		if err != nil {
			return kg.TracePage{}, err
		}
		after = []byte(a)
	}
	var page kg.TracePage
	var last []byte
	err = s.view(ctx, kb, func(t *kbTx) error {
		if t == nil {
			return nil
		}
		c := t.bucket(bTrTime).Cursor()
		var k []byte
		if after != nil {
			c.Seek(after)
			k, _ = c.Prev()
		} else {
			k, _ = c.Last()
		}
		for ; k != nil; k, _ = c.Prev() {
			if len(k) <= 8 {
				return fmt.Errorf("corrupt trace index key %x", k)
			}
			tr, err := decode[kg.Trace](t.bucket(bTrace).Get(k[8:]))
			if err != nil {
				return err
			}
			if !q.Matches(&tr) {
				continue
			}
			if len(page.Traces) == n {
				page.HasNext = true
				break
			}
			page.Traces = append(page.Traces, tr)
			page.Cursors = append(page.Cursors, kg.EncodeCursor(string(k)))
			last = slices.Clone(k)
		}
		return nil
	})
	if err != nil {
		return kg.TracePage{}, fmt.Errorf("memkg: traces: %w", err)
	}
	if last != nil {
		page.EndCursor = kg.EncodeCursor(string(last))
	}
	return page, nil
}
