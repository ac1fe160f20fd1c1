package lexicon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kgrag/kg"
)

// The lexicon's documents, in collection "lexicon" of the knowledge base:
//
//	built              header: build time, stamp and number of parts
//	built.0001, …      the built lexicon, in parts of at most partBudget bytes
//	synonyms           the trainers' synonyms; its version is SynonymsVersion
//
// A large catalog's lexicon is bigger than one document (kg.MaxDocBytes),
// so it is split into parts. The header is written last and is the commit
// point; every part carries the stamp of its build, so a reader that meets
// parts of another build (a rebuild running meanwhile) knows to read again.
const (
	coll       = "lexicon"
	idBuilt    = "built"
	idSynonyms = "synonyms"
)

// partBudget is the size a part is filled to, well under kg.MaxDocBytes.
var partBudget = kg.MaxDocBytes * 3 / 4

func partID(i int) string { return fmt.Sprintf("built.%04d", i) }

type header struct {
	KB      string    `json:"kb"`
	BuiltAt time.Time `json:"builtAt"`
	Stamp   string    `json:"stamp"`
	Parts   int       `json:"parts"`
}

type part struct {
	Stamp      string            `json:"stamp"`
	Attributes []kg.LexAttribute `json:"attributes,omitempty"`
	Groups     []kg.LexGroup     `json:"groups,omitempty"`
	Channels   []kg.LexChannel   `json:"channels,omitempty"`
	Entities   []kg.LexEntity    `json:"entities,omitempty"`
	Words      []kg.LexWord      `json:"words,omitempty"`
}

type synonymsDoc struct {
	Synonyms []kg.Synonym `json:"synonyms"`
}

func newStamp() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// pack splits the built lexicon into parts of at most budget bytes.
func pack(l *kg.Lexicon, stamp string, budget int) ([][]byte, error) {
	var parts []part
	cur := part{Stamp: stamp}
	const overhead = 256 // the stamp, the list names and brackets
	size, items := overhead, 0
	add := func(v any, put func(p *part)) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if items > 0 && size+len(b)+1 > budget {
			parts = append(parts, cur)
			cur, size, items = part{Stamp: stamp}, overhead, 0
		}
		put(&cur)
		size += len(b) + 1
		items++
		return nil
	}
	var err error
	for _, a := range l.Attributes {
		err = errors.Join(err, add(a, func(p *part) { p.Attributes = append(p.Attributes, a) }))
	}
	for _, g := range l.Groups {
		err = errors.Join(err, add(g, func(p *part) { p.Groups = append(p.Groups, g) }))
	}
	for _, c := range l.Channels {
		err = errors.Join(err, add(c, func(p *part) { p.Channels = append(p.Channels, c) }))
	}
	for _, e := range l.Entities {
		err = errors.Join(err, add(e, func(p *part) { p.Entities = append(p.Entities, e) }))
	}
	for _, w := range l.Words {
		err = errors.Join(err, add(w, func(p *part) { p.Words = append(p.Words, w) }))
	}
	if err != nil {
		return nil, err
	}
	parts = append(parts, cur)
	out := make([][]byte, len(parts))
	for i, p := range parts {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		if len(b) > kg.MaxDocBytes {
			return nil, fmt.Errorf("lexicon part %d is %d bytes; the limit is %d", i+1, len(b), kg.MaxDocBytes)
		}
		out[i] = b
	}
	return out, nil
}

// errTorn says the parts read belong to different builds.
var errTorn = errors.New("lexicon: parts of different builds; a rebuild is running")

// loadBuilt reads the built lexicon: ErrNotFound when it was never built,
// errTorn when a rebuild kept changing it under the reads.
func loadBuilt(ctx context.Context, docs kg.Docs, kb string) (kg.Lexicon, string, error) {
	for attempt := range 4 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return kg.Lexicon{}, "", ctx.Err()
			case <-time.After(time.Duration(attempt) * 50 * time.Millisecond):
			}
		}
		h, _, err := loadHeader(ctx, docs, kb)
		if err != nil {
			return kg.Lexicon{}, "", err
		}
		l, err := loadParts(ctx, docs, kb, h)
		if errors.Is(err, errTorn) {
			continue
		}
		return l, h.Stamp, err
	}
	return kg.Lexicon{}, "", errTorn
}

func loadHeader(ctx context.Context, docs kg.Docs, kb string) (header, int64, error) {
	d, err := docs.GetDoc(ctx, kb, coll, idBuilt)
	if err != nil {
		return header{}, 0, err
	}
	var h header
	if err := json.Unmarshal(d.Data, &h); err != nil {
		return header{}, 0, fmt.Errorf("lexicon: %s %q: %v", coll, idBuilt, err)
	}
	return h, d.Version, nil
}

func loadParts(ctx context.Context, docs kg.Docs, kb string, h header) (kg.Lexicon, error) {
	l := kg.Lexicon{KB: kb, BuiltAt: h.BuiltAt, Attributes: []kg.LexAttribute{}, Groups: []kg.LexGroup{},
		Channels: []kg.LexChannel{}, Entities: []kg.LexEntity{}}
	for i := 1; i <= h.Parts; i++ {
		d, err := docs.GetDoc(ctx, kb, coll, partID(i))
		if errors.Is(err, kg.ErrNotFound) {
			return kg.Lexicon{}, errTorn
		}
		if err != nil {
			return kg.Lexicon{}, err
		}
		var p part
		if err := json.Unmarshal(d.Data, &p); err != nil {
			return kg.Lexicon{}, fmt.Errorf("lexicon: %s %q: %v", coll, partID(i), err)
		}
		if p.Stamp != h.Stamp {
			return kg.Lexicon{}, errTorn
		}
		l.Attributes = append(l.Attributes, p.Attributes...)
		l.Groups = append(l.Groups, p.Groups...)
		l.Channels = append(l.Channels, p.Channels...)
		l.Entities = append(l.Entities, p.Entities...)
		l.Words = append(l.Words, p.Words...)
	}
	return l, nil
}

// saveBuilt writes the built lexicon: its parts, then the header with
// compare-and-set on the header read before. ErrConflict means another
// build was committed meanwhile (the caller builds again).
func saveBuilt(ctx context.Context, docs kg.Docs, l *kg.Lexicon) (string, error) {
	prev, prevVersion, err := loadHeader(ctx, docs, l.KB)
	if err != nil && !errors.Is(err, kg.ErrNotFound) {
		return "", err
	}
	stamp := newStamp()
	parts, err := pack(l, stamp, partBudget)
	if err != nil {
		return "", err
	}
	for i, p := range parts {
		if _, err := docs.PutDoc(ctx, l.KB, coll, partID(i+1), p, kg.AnyVersion); err != nil {
			return "", err
		}
	}
	h, err := json.Marshal(header{KB: l.KB, BuiltAt: l.BuiltAt, Stamp: stamp, Parts: len(parts)})
	if err != nil {
		return "", err
	}
	if _, err := docs.PutDoc(ctx, l.KB, coll, idBuilt, h, prevVersion); err != nil {
		return "", err
	}
	// Documents cannot be deleted: a catalog that shrank leaves its
	// extra parts, emptied.
	empty, _ := json.Marshal(part{})
	for i := len(parts) + 1; i <= prev.Parts; i++ {
		if _, err := docs.PutDoc(ctx, l.KB, coll, partID(i), empty, kg.AnyVersion); err != nil {
			return "", err
		}
	}
	return stamp, nil
}

// loadSynonyms reads the synonym set and its version (0: none yet).
func loadSynonyms(ctx context.Context, docs kg.Docs, kb string) ([]kg.Synonym, int64, error) {
	d, err := docs.GetDoc(ctx, kb, coll, idSynonyms)
	if errors.Is(err, kg.ErrNotFound) {
		return []kg.Synonym{}, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	var sd synonymsDoc
	if err := json.Unmarshal(d.Data, &sd); err != nil {
		return nil, 0, fmt.Errorf("lexicon: %s %q: %v", coll, idSynonyms, err)
	}
	if sd.Synonyms == nil {
		sd.Synonyms = []kg.Synonym{}
	}
	return sd.Synonyms, d.Version, nil
}

// saveSynonyms replaces the synonym set if it is still at version expect.
func saveSynonyms(ctx context.Context, docs kg.Docs, kb string, syns []kg.Synonym, expect int64) (int64, error) {
	b, err := json.Marshal(synonymsDoc{Synonyms: syns})
	if err != nil {
		return 0, err
	}
	if len(b) > kg.MaxDocBytes {
		return 0, fmt.Errorf("%w: the synonyms would take %d bytes; the limit is %d: remove some first", kg.ErrInvalid, len(b), kg.MaxDocBytes)
	}
	return docs.PutDoc(ctx, kb, coll, idSynonyms, b, expect)
}
