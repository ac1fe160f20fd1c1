// Package kg is the knowledge graph of kgrag: entities, typed relations and
// versioned facts, scoped to knowledge bases, and the Store interface that
// the embedded (memkg) and Neo4j (neo4jkg) backends implement.
//
// Every change to an entity or a relation closes its current version
// (ValidTo) and opens a new one (ValidFrom, Provenance). Nothing is ever
// hard-deleted: retiring and merging are new versions too, so any read can be
// made "as of" a past instant and every history stays readable.
package kg

import (
	"slices"
	"strings"
	"time"
)

// Status is the lifecycle state of one version of an entity or relation.
type Status string

// Statuses.
const (
	StatusActive  Status = "ACTIVE"
	StatusRetired Status = "RETIRED"
	// StatusMerged marks an entity that was merged into another; reads of
	// it are redirected to Entity.MergedInto.
	StatusMerged Status = "MERGED"
)

// ProvenanceKind says where a version came from.
type ProvenanceKind string

// Provenance kinds.
const (
	ProvSource     ProvenanceKind = "SOURCE"     // ingested from a source document
	ProvCorrection ProvenanceKind = "CORRECTION" // an approved correction
	ProvUser       ProvenanceKind = "USER"       // a trainer's edit
	ProvExtracted  ProvenanceKind = "EXTRACTED"  // proposed by an LLM extraction step
	ProvMerge      ProvenanceKind = "MERGE"      // produced by merging two entities
	// ProvCorrectionRevert takes back what an approval of a correction wrote
	// before it was interrupted, when the correction is then rejected.
	ProvCorrectionRevert ProvenanceKind = "CORRECTION_REVERT"
)

// Provenance records who or what produced a version, and when it was recorded.
type Provenance struct {
	Kind       ProvenanceKind `json:"kind"`
	Source     string         `json:"source,omitempty"`     // source document id
	Correction string         `json:"correction,omitempty"` // correction id
	Actor      string         `json:"actor,omitempty"`      // API key id or user name
	Approver   string         `json:"approver,omitempty"`
	Confidence float64        `json:"confidence,omitempty"` // 0..1, for extracted facts
	Note       string         `json:"note,omitempty"`
	RecordedAt time.Time      `json:"recordedAt"` // transaction time, set by the store
}

// Alias is another name of an entity, with its language ("zh", "en" or "").
type Alias struct {
	Text string `json:"text"`
	Lang string `json:"lang,omitempty"`
}

// ValueKind is the type of an attribute value.
type ValueKind string

// Value kinds.
const (
	KindString ValueKind = "STRING"
	KindNumber ValueKind = "NUMBER"
	KindBool   ValueKind = "BOOLEAN"
	KindDate   ValueKind = "DATE" // YYYY-MM-DD
	KindList   ValueKind = "LIST" // List holds the values
)

// Attribute is one key/value fact of an entity or relation. Value is the
// canonical text (numbers without trailing zeros, dates as YYYY-MM-DD,
// booleans as true/false); a LIST keeps its items in List.
//
// Attributes flattened from a nested source object keep the path they came
// from ("specs.吸力" for key "吸力"); a measured value keeps its parsed
// number and unit beside the text as written ("8000Pa" → Num 8000, Unit
// "Pa"; a range "6-11kg" → Num 6, Max 11, Unit "kg"), so values can be
// compared and ranked while answers quote the text.
type Attribute struct {
	Key   string    `json:"key"`
	Kind  ValueKind `json:"kind"`
	Value string    `json:"value,omitempty"`
	List  []string  `json:"list,omitempty"`
	Path  string    `json:"path,omitempty"` // source path of a flattened attribute; "" for a top-level one
	Num   *float64  `json:"num,omitempty"`  // parsed number (the lower bound of a range)
	Max   *float64  `json:"max,omitempty"`  // upper bound of a range
	Unit  string    `json:"unit,omitempty"` // unit of Num/Max as written ("Pa", "kg", "月龄")
}

// Equal reports whether two attributes hold the same value.
func (a Attribute) Equal(b Attribute) bool {
	return a.Key == b.Key && a.Kind == b.Kind && a.Value == b.Value && slices.Equal(a.List, b.List) &&
		a.Path == b.Path && a.Unit == b.Unit && eqNum(a.Num, b.Num) && eqNum(a.Max, b.Max)
}

func eqNum(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Matches reports whether the attribute answers to name: its key or its path.
func (a Attribute) Matches(name string) bool {
	return a.Key == name || (a.Path != "" && a.Path == name)
}

// Text renders the value for people and prompts.
func (a Attribute) Text() string {
	if a.Kind == KindList {
		s := ""
		for i, v := range a.List {
			if i > 0 {
				s += "、"
			}
			s += v
		}
		return s
	}
	return a.Value
}

// Entity is one version of an entity: the state valid from ValidFrom until
// ValidTo (nil while current).
type Entity struct {
	KB         string      `json:"kb"`
	ID         string      `json:"id"`
	Type       string      `json:"type"`
	Name       string      `json:"name"`
	Aliases    []Alias     `json:"aliases,omitempty"`
	Channels   []string    `json:"channels,omitempty"` // empty: every channel
	Attributes []Attribute `json:"attributes,omitempty"`
	Status     Status      `json:"status"`
	MergedInto string      `json:"mergedInto,omitempty"`
	Version    int64       `json:"version"`
	ValidFrom  time.Time   `json:"validFrom"`
	ValidTo    *time.Time  `json:"validTo,omitempty"`
	Provenance Provenance  `json:"provenance"`
	// RedirectedFrom is set on a read that followed a merge redirect.
	RedirectedFrom string `json:"-"`
}

// Attr returns the attribute with the key, or else the one with that path
// ("specs.吸力").
func (e *Entity) Attr(key string) (Attribute, bool) {
	for _, a := range e.Attributes {
		if a.Key == key {
			return a, true
		}
	}
	for _, a := range e.Attributes {
		if a.Path != "" && a.Path == key {
			return a, true
		}
	}
	// The end of a path ("冲泡建议.水温" of "specs.冲泡建议.水温"), when one
	// attribute's path ends so.
	if strings.Contains(key, ".") {
		var found []Attribute
		for _, a := range e.Attributes {
			if strings.HasSuffix(a.Path, "."+key) {
				found = append(found, a)
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
	}
	return Attribute{}, false
}

// ValidAt reports whether this version is the one valid at t.
func (e *Entity) ValidAt(t time.Time) bool { return validAt(e.ValidFrom, e.ValidTo, t) }

// OnChannel reports whether the entity applies to the channel ("" matches all).
func (e *Entity) OnChannel(ch string) bool { return onChannel(e.Channels, ch) }

// Relation is one version of a typed, directed edge From -[Type]-> To.
type Relation struct {
	KB         string      `json:"kb"`
	From       string      `json:"from"`
	Type       string      `json:"type"`
	To         string      `json:"to"`
	Channels   []string    `json:"channels,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
	Status     Status      `json:"status"`
	Version    int64       `json:"version"`
	ValidFrom  time.Time   `json:"validFrom"`
	ValidTo    *time.Time  `json:"validTo,omitempty"`
	Provenance Provenance  `json:"provenance"`
}

// RelationKey identifies a relation independent of its versions.
type RelationKey struct {
	From string `json:"from"`
	Type string `json:"type"`
	To   string `json:"to"`
}

// Key returns the relation's identity.
func (r *Relation) Key() RelationKey { return RelationKey{From: r.From, Type: r.Type, To: r.To} }

// ID is the display id of the relation: from-[TYPE]->to.
func (r *Relation) ID() string { return r.Key().String() }

func (k RelationKey) String() string { return k.From + "-[" + k.Type + "]->" + k.To }

// ValidAt reports whether this version is the one valid at t.
func (r *Relation) ValidAt(t time.Time) bool { return validAt(r.ValidFrom, r.ValidTo, t) }

// OnChannel reports whether the relation applies to the channel ("" matches all).
func (r *Relation) OnChannel(ch string) bool { return onChannel(r.Channels, ch) }

func validAt(from time.Time, to *time.Time, t time.Time) bool {
	return !t.Before(from) && (to == nil || t.Before(*to))
}

func onChannel(chs []string, ch string) bool {
	return ch == "" || len(chs) == 0 || slices.Contains(chs, ch)
}

// Direction of a relation seen from an entity.
type Direction string

// Directions.
const (
	Out  Direction = "OUT"
	In   Direction = "IN"
	Both Direction = "BOTH"
)

// Neighbour is an entity one relation away, with the relation that links it.
type Neighbour struct {
	Direction Direction `json:"direction"`
	Relation  Relation  `json:"relation"`
	Entity    Entity    `json:"entity"`
}

// History is every stored version of an entity, of the entities merged into
// it, and of the relations that touch any of them, oldest first.
type History struct {
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}

// EachName calls fn with the entity's id and each of its names: its name,
// then its aliases. It stops at fn's first error and returns it.
func (e *Entity) EachName(fn func(id, name string) error) error {
	if err := fn(e.ID, e.Name); err != nil {
		return err
	}
	for _, a := range e.Aliases {
		if err := fn(e.ID, a.Text); err != nil {
			return err
		}
	}
	return nil
}
