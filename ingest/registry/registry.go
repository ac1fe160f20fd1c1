// Package registry is the source registry of ingest: for every source of a
// knowledge base, its content hash, status, counts, errors and the facts
// and chunks it wrote, so that re-ingesting is incremental and a crash
// mid-ingest is finished by the next run. The service keeps it in the
// graph store's documents (Docs), shared by every instance on one Neo4j;
// Registry, one bbolt file (<data>/sources.db), is the earlier form, which
// Docs.WithMigration copies in once.
package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

// ErrNotFound is returned for a source the registry does not know.
var ErrNotFound = errors.New("registry: source not found")

// Status of a source.
type Status string

// Statuses.
const (
	// StatusOK: the last ingest completed; Hash is what the store holds.
	StatusOK Status = "OK"
	// StatusInProgress: an ingest of PendingHash started and did not
	// finish; the next run redoes the source.
	StatusInProgress Status = "IN_PROGRESS"
	// StatusFailed: the last attempt was rejected (Errors say why); the
	// store still holds the version of Hash, if any.
	StatusFailed Status = "FAILED"
	// StatusDeleting: a delete started and did not finish.
	StatusDeleting Status = "DELETING"
	// StatusDeleted: the source was removed; its chunks and the facts only
	// it supported are retired.
	StatusDeleted Status = "DELETED"
)

// Counts are what a source holds.
type Counts struct {
	Entities  int            `json:"entities"`
	Relations int            `json:"relations"`
	Chunks    int            `json:"chunks"`
	ByType    map[string]int `json:"byType,omitempty"` // entity types, relation types and chunk kinds
}

// Source is one registered source.
type Source struct {
	KB          string    `json:"kb"`
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Format      string    `json:"format"`
	Encoding    string    `json:"encoding,omitempty"`
	Origin      string    `json:"origin,omitempty"` // where it was read from: a path or "upload"
	Hash        string    `json:"hash,omitempty"`
	PendingHash string    `json:"pendingHash,omitempty"`
	Status      Status    `json:"status"`
	Counts      Counts    `json:"counts"`
	LastIngest  time.Time `json:"lastIngest,omitzero"`
	LastAttempt time.Time `json:"lastAttempt,omitzero"`
	Errors      []string  `json:"errors,omitempty"`
	Warnings    []string  `json:"warnings,omitempty"`
	Actor       string    `json:"actor,omitempty"`
	// What the source supports: entity id, relation key ("from\x00TYPE\x00to")
	// and chunk id, each with the hash of what was written.
	Entities  map[string]string `json:"entities,omitempty"`
	Relations map[string]string `json:"relations,omitempty"`
	Chunks    map[string]string `json:"chunks,omitempty"`
}

// RelationKey is the registry's key of a relation.
func RelationKey(k kg.RelationKey) string { return k.From + "\x00" + k.Type + "\x00" + k.To }

// ParseRelationKey reverses RelationKey.
func ParseRelationKey(s string) (kg.RelationKey, bool) {
	var parts [3]string
	n := 0
	start := 0
	for i := 0; i < len(s) && n < 2; i++ {
		if s[i] == 0 {
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n != 2 {
		return kg.RelationKey{}, false
	}
	parts[2] = s[start:]
	return kg.RelationKey{From: parts[0], Type: parts[1], To: parts[2]}, true
}

// Registry is the bbolt-backed registry (the sources.db of earlier
// versions). Safe for concurrent use.
type Registry struct {
	db *bolt.DB
}

var bSources = []byte("sources")

// Open opens (creating if needed) the registry file at path.
func Open(path string) (*Registry, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("registry: create directory: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("registry: %s is in use by another kgrag process", path)
		}
		return nil, fmt.Errorf("registry: open %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bSources)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("registry: init %s: %w", path, err)
	}
	return &Registry{db: db}, nil
}

// Close closes the file.
func (r *Registry) Close() error { return r.db.Close() }

// Source returns one source; ErrNotFound when it was never registered.
func (r *Registry) Source(ctx context.Context, kb, id string) (Source, error) {
	if err := ctx.Err(); err != nil {
		return Source{}, err
	}
	var s Source
	err := r.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSources).Bucket([]byte(kb))
		if b == nil {
			return fmt.Errorf("source %q: %w", id, ErrNotFound)
		}
		v := b.Get([]byte(id))
		if v == nil {
			return fmt.Errorf("source %q: %w", id, ErrNotFound)
		}
		return json.Unmarshal(v, &s)
	})
	return s, err
}

// PutSource stores a source (fsynced on return).
func (r *Registry) PutSource(ctx context.Context, s Source) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := kg.ValidKB(s.KB); err != nil {
		return err
	}
	if s.ID == "" {
		return fmt.Errorf("registry: put: empty source id")
	}
	v, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("registry: put %q: %w", s.ID, err)
	}
	return r.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bSources).CreateBucketIfNotExists([]byte(s.KB))
		if err != nil {
			return err
		}
		return b.Put([]byte(s.ID), v)
	})
}

// Sources lists the sources of a knowledge base by id.
func (r *Registry) Sources(ctx context.Context, kb string) ([]Source, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Source
	err := r.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSources).Bucket([]byte(kb))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var s Source
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("registry: decode %q: %w", k, err)
			}
			out = append(out, s)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}
