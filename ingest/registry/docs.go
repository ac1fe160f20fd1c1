package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sort"
	"sync"

	"github.com/rs/zerolog"
	bolt "go.etcd.io/bbolt"

	"kgrag/kg"
)

// Document collections of the registry in the graph store.
const (
	collSources = "ingest_sources"      // one head document per source
	collParts   = "ingest_source_parts" // the maps of a source too large for its head
)

// partBudget bounds the JSON of a head with its maps inline, and of one
// part: below kg.MaxDocBytes with room for the envelope.
const partBudget = kg.MaxDocBytes - 64<<10

// Docs is the registry kept in the graph store's documents (kg.Docs), so
// that every instance sharing a Neo4j sees the same sources. A source is
// one document whose id is derived from the source id (a hash: source ids
// are paths, of any length and characters), with the source id inside.
// A source whose entity, relation and chunk maps do not fit in one
// document (kg.MaxDocBytes) keeps them in parts, written before the head
// that names them, into the one of two slots the previous head did not
// use, so a write that stops half-way leaves the previous version whole.
// Safe for concurrent use; two writers of the same source at once (two
// instances ingesting the same knowledge base) are not ordered.
type Docs struct {
	d kg.Docs

	mu     sync.Mutex
	legacy string // a sources.db still to copy in (WithMigration); "" once done
}

// NewDocs returns the registry kept in d.
func NewDocs(d kg.Docs) *Docs { return &Docs{d: d} }

// WithMigration makes the first call of the registry copy the sources of
// the bbolt registry at path (the sources.db of earlier versions) into
// the documents, then rename the file to path+".migrated", so it is read
// once. A missing file is nothing to migrate. A failure (the graph store
// still connecting) fails that call, and the next call tries again.
func (r *Docs) WithMigration(path string) *Docs {
	r.legacy = path
	return r
}

// migrate runs the pending migration, if any.
func (r *Docs) migrate(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.legacy == "" {
		return nil
	}
	if _, err := os.Stat(r.legacy); errors.Is(err, fs.ErrNotExist) {
		r.legacy = ""
		return nil
	}
	old, err := Open(r.legacy)
	if err != nil {
		return fmt.Errorf("registry: migrate %s: %w", r.legacy, err)
	}
	n, err := Migrate(ctx, old, r)
	old.Close()
	if err != nil {
		return err
	}
	if err := os.Rename(r.legacy, r.legacy+".migrated"); err != nil {
		return fmt.Errorf("registry: migrated %s but cannot rename it: %w", r.legacy, err)
	}
	zerolog.Ctx(ctx).Info().Str("from", r.legacy).Int("sources", n).
		Msg("source registry moved into the graph store; the old file is renamed *.migrated")
	r.legacy = ""
	return nil
}

// head is the stored form of a source.
type head struct {
	Source Source `json:"source"` // with its maps when Parts is 0
	Slot   int    `json:"slot,omitempty"`
	Parts  int    `json:"parts,omitempty"`
}

// part holds some of a source's map entries.
type part struct {
	Entities  map[string]string `json:"entities,omitempty"`
	Relations map[string]string `json:"relations,omitempty"`
	Chunks    map[string]string `json:"chunks,omitempty"`
}

// docID is the document id of a source: a hash of its id.
func docID(sourceID string) string {
	h := sha256.Sum256([]byte(sourceID))
	return "s-" + hex.EncodeToString(h[:20])
}

func partID(headID string, slot, i int) string { return fmt.Sprintf("%s-%d-%d", headID, slot, i) }

// Source returns one source; ErrNotFound when it was never registered.
func (r *Docs) Source(ctx context.Context, kb, id string) (Source, error) {
	if err := r.migrate(ctx); err != nil {
		return Source{}, err
	}
	return r.source(ctx, kb, id)
}

func (r *Docs) source(ctx context.Context, kb, id string) (Source, error) {
	doc, err := r.d.GetDoc(ctx, kb, collSources, docID(id))
	if errors.Is(err, kg.ErrNotFound) {
		return Source{}, fmt.Errorf("source %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Source{}, fmt.Errorf("registry: source %q: %w", id, err)
	}
	s, err := r.decode(ctx, kb, doc)
	if err != nil {
		return Source{}, err
	}
	if s.ID != id { // a hash collision: never seen, checked all the same
		return Source{}, fmt.Errorf("source %q: %w", id, ErrNotFound)
	}
	return s, nil
}

// decode reads a head document and the parts it names.
func (r *Docs) decode(ctx context.Context, kb string, doc kg.Doc) (Source, error) {
	var h head
	if err := json.Unmarshal(doc.Data, &h); err != nil {
		return Source{}, fmt.Errorf("registry: decode %s: %w", doc.ID, err)
	}
	s := h.Source
	for i := range h.Parts {
		pd, err := r.d.GetDoc(ctx, kb, collParts, partID(doc.ID, h.Slot, i))
		if err != nil {
			return Source{}, fmt.Errorf("registry: source %q: part %d of %d: %w", s.ID, i+1, h.Parts, err)
		}
		var p part
		if err := json.Unmarshal(pd.Data, &p); err != nil {
			return Source{}, fmt.Errorf("registry: source %q: decode part %d: %w", s.ID, i+1, err)
		}
		s.Entities = merge(s.Entities, p.Entities)
		s.Relations = merge(s.Relations, p.Relations)
		s.Chunks = merge(s.Chunks, p.Chunks)
	}
	return s, nil
}

func merge(dst, src map[string]string) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	maps.Copy(dst, src)
	return dst
}

// PutSource stores a source: its maps in the head when they fit, else in
// parts written first.
func (r *Docs) PutSource(ctx context.Context, s Source) error {
	if err := r.migrate(ctx); err != nil {
		return err
	}
	return r.putSource(ctx, s)
}

func (r *Docs) putSource(ctx context.Context, s Source) error {
	if err := kg.ValidKB(s.KB); err != nil {
		return err
	}
	if s.ID == "" {
		return fmt.Errorf("registry: put: empty source id")
	}
	id := docID(s.ID)
	data, err := json.Marshal(head{Source: s})
	if err != nil {
		return fmt.Errorf("registry: put %q: %w", s.ID, err)
	}
	if len(data) > partBudget {
		data, err = r.putParts(ctx, id, s)
		if err != nil {
			return err
		}
	}
	if _, err := r.d.PutDoc(ctx, s.KB, collSources, id, data, kg.AnyVersion); err != nil {
		return fmt.Errorf("registry: put %q: %w", s.ID, err)
	}
	return nil
}

// putParts writes the source's maps as parts into the slot the stored
// head does not use and returns the head naming them.
func (r *Docs) putParts(ctx context.Context, id string, s Source) ([]byte, error) {
	slot := 0
	if doc, err := r.d.GetDoc(ctx, s.KB, collSources, id); err == nil {
		var old head
		if json.Unmarshal(doc.Data, &old) == nil && old.Parts > 0 {
			slot = 1 - old.Slot
		}
	} else if !errors.Is(err, kg.ErrNotFound) {
		return nil, fmt.Errorf("registry: put %q: %w", s.ID, err)
	}
	parts := splitMaps(s)
	for i, p := range parts {
		data, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("registry: put %q: %w", s.ID, err)
		}
		if _, err := r.d.PutDoc(ctx, s.KB, collParts, partID(id, slot, i), data, kg.AnyVersion); err != nil {
			return nil, fmt.Errorf("registry: put %q: part %d of %d: %w", s.ID, i+1, len(parts), err)
		}
	}
	bare := s
	bare.Entities, bare.Relations, bare.Chunks = nil, nil, nil
	data, err := json.Marshal(head{Source: bare, Slot: slot, Parts: len(parts)})
	if err != nil {
		return nil, fmt.Errorf("registry: put %q: %w", s.ID, err)
	}
	if len(data) > partBudget {
		return nil, fmt.Errorf("registry: put %q: the record without its maps is %d bytes; the limit is %d", s.ID, len(data), partBudget)
	}
	return data, nil
}

// splitMaps cuts the source's maps into parts of at most partBudget bytes
// of JSON each (an entry's size is that of its JSON key and value).
func splitMaps(s Source) []part {
	var out []part
	cur, size := part{}, 0
	add := func(which int, k, v string) {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v)
		n := len(kb) + len(vb) + 2
		if size+n > partBudget-64 && size > 0 {
			out = append(out, cur)
			cur, size = part{}, 0
		}
		m := []*map[string]string{&cur.Entities, &cur.Relations, &cur.Chunks}[which]
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[k] = v
		size += n
	}
	for which, m := range []map[string]string{s.Entities, s.Relations, s.Chunks} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			add(which, k, m[k])
		}
	}
	if size > 0 {
		out = append(out, cur)
	}
	return out
}

// Sources lists the sources of a knowledge base by id.
func (r *Docs) Sources(ctx context.Context, kb string) ([]Source, error) {
	if err := r.migrate(ctx); err != nil {
		return nil, err
	}
	var out []Source
	after := ""
	for {
		docs, err := r.d.ListDocs(ctx, kb, collSources, after, kg.MaxDocList)
		if err != nil {
			return nil, fmt.Errorf("registry: list: %w", err)
		}
		for _, doc := range docs {
			s, err := r.decode(ctx, kb, doc)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		if len(docs) < kg.MaxDocList {
			break
		}
		after = docs[len(docs)-1].ID
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Close does nothing: the graph store is closed by its owner.
func (r *Docs) Close() error { return nil }

// KBs lists the knowledge bases the bbolt registry holds sources of.
func (r *Registry) KBs(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := r.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSources).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// Migrate copies every source of the bbolt registry from into to, except
// those to already holds (another instance, or an earlier migration, wrote
// them: theirs is newer). It reports how many it copied.
func Migrate(ctx context.Context, from *Registry, to *Docs) (int, error) {
	kbs, err := from.KBs(ctx)
	if err != nil {
		return 0, fmt.Errorf("registry: migrate: %w", err)
	}
	n := 0
	for _, kb := range kbs {
		if kg.ValidKB(kb) != nil {
			continue // PutSource never wrote it
		}
		srcs, err := from.Sources(ctx, kb)
		if err != nil {
			return n, fmt.Errorf("registry: migrate %s: %w", kb, err)
		}
		for _, s := range srcs {
			s.KB = kb
			if _, err := to.source(ctx, kb, s.ID); err == nil {
				continue
			} else if !errors.Is(err, ErrNotFound) {
				return n, fmt.Errorf("registry: migrate %s: %w", kb, err)
			}
			if err := to.putSource(ctx, s); err != nil {
				return n, fmt.Errorf("registry: migrate %s: %w", kb, err)
			}
			n++
		}
	}
	return n, nil
}
