package kg

import (
	"context"
	"errors"
	"time"
)

// Sentinel errors. Backends wrap them with context (fmt.Errorf("entity %q: %w",
// id, kg.ErrNotFound)) and callers test with errors.Is.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("conflict")
	ErrInvalid     = errors.New("invalid input")
	ErrUnavailable = errors.New("backend unavailable")
)

// Limits on what one call may carry.
const (
	MaxBatch     = 1000 // operations in one Batch
	MaxPage      = 200  // items in one page
	DefaultPage  = 20
	MaxNameLen   = 200
	MaxValueLen  = 4000
	MaxListItems = 200
	MaxAliases   = 50
	MaxAttrs     = 200
	MaxPathLen   = 200 // source path of a flattened attribute ("specs.吸力")
	MaxUnitLen   = 32
)

// Always is the ValidFrom of facts that have held for as long as we know
// (ingested catalog data whose start is not stated).
var Always = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// Batch is a set of writes to one knowledge base applied atomically: either
// every operation is stored or none is. Entities are applied first, then
// relations (which may refer to entities of the same batch), then
// retirements, then cancellations of scheduled changes. How writes treat
// scheduled changes (versions valid from after the batch time) is described
// in schedule.go.
type Batch struct {
	Entities  []EntityUpsert   `json:"entities,omitempty"`
	Relations []RelationUpsert `json:"relations,omitempty"`
	Retire    []Retirement     `json:"retire,omitempty"`
	// Cancel cancels scheduled changes (applied last).
	Cancel []ScheduledCancel `json:"cancel,omitempty"`
	// At is the transaction time; zero means now. Tests set it to make
	// histories deterministic.
	At time.Time `json:"at,omitempty"`
}

// Len is the number of operations in the batch.
func (b *Batch) Len() int { return len(b.Entities) + len(b.Relations) + len(b.Retire) + len(b.Cancel) }

// EntityUpsert creates an entity or changes it. Fields left nil/empty keep
// their current value; on creation Type and Name are required.
type EntityUpsert struct {
	ID       string    `json:"id"`
	Type     string    `json:"type,omitempty"`
	Name     string    `json:"name,omitempty"`
	Aliases  *[]Alias  `json:"aliases,omitempty"`  // nil: keep; non-nil: replace
	Channels *[]string `json:"channels,omitempty"` // nil: keep; non-nil: replace
	// Attributes are set (added or changed). With ReplaceAttributes the
	// given set becomes the whole set (what a re-ingested record does).
	Attributes        []Attribute `json:"attributes,omitempty"`
	RemoveAttributes  []string    `json:"removeAttributes,omitempty"`
	ReplaceAttributes bool        `json:"replaceAttributes,omitempty"`
	// BaseVersion, when > 0, is the version the edit was based on; the
	// write fails with ErrConflict when the entity is at another version.
	BaseVersion int64 `json:"baseVersion,omitempty"`
	// ValidFrom is when the new state takes effect; zero means the batch
	// time. It may not precede the current version's ValidFrom. A
	// ValidFrom after the batch time schedules the change; an edit
	// effective before a scheduled change carries over into it (see
	// UpsertEntity).
	ValidFrom  time.Time  `json:"validFrom,omitempty"`
	Provenance Provenance `json:"provenance"`
}

// RelationUpsert creates a relation or changes its channels or attributes.
type RelationUpsert struct {
	From              string      `json:"from"`
	Type              string      `json:"type"`
	To                string      `json:"to"`
	Channels          *[]string   `json:"channels,omitempty"`
	Attributes        []Attribute `json:"attributes,omitempty"`
	ReplaceAttributes bool        `json:"replaceAttributes,omitempty"`
	BaseVersion       int64       `json:"baseVersion,omitempty"`
	ValidFrom         time.Time   `json:"validFrom,omitempty"`
	Provenance        Provenance  `json:"provenance"`
}

// Retirement retires an entity (and with it every active relation touching
// it) or one relation. Exactly one of EntityID and Relation is set.
type Retirement struct {
	EntityID    string       `json:"entityId,omitempty"`
	Relation    *RelationKey `json:"relation,omitempty"`
	BaseVersion int64        `json:"baseVersion,omitempty"`
	ValidFrom   time.Time    `json:"validFrom,omitempty"`
	Provenance  Provenance   `json:"provenance"`
}

// Applied reports what a batch wrote: the resulting version of every
// operation, in batch order, and how many of them changed anything.
type Applied struct {
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
	Retired   []Retired  `json:"retired"`
	// Cancelled holds, for every cancelled scheduled change, the version
	// that holds from now on instead.
	Cancelled []Retired `json:"cancelled,omitempty"`
	Changed   int       `json:"changed"`
	Unchanged int       `json:"unchanged"`
}

// Retired is the new version written by a Retirement.
type Retired struct {
	Entity   *Entity   `json:"entity,omitempty"`
	Relation *Relation `json:"relation,omitempty"`
}

// Merge folds entity Merge into entity Keep.
type Merge struct {
	Keep        string     `json:"keep"`
	Merge       string     `json:"merge"`
	BaseVersion int64      `json:"baseVersion,omitempty"` // of Keep
	Provenance  Provenance `json:"provenance"`
	At          time.Time  `json:"at,omitempty"`
}

// EntityQuery selects a page of current entities, ordered by id.
type EntityQuery struct {
	Type           string
	NameContains   string // matched against normalised name and aliases
	IncludeRetired bool
	First          int
	After          string // cursor from a previous page
}

// EntityPage is one page of entities.
type EntityPage struct {
	Entities []Entity
	// Cursors[i] is the cursor of Entities[i]: passed as After, the next
	// page starts after that entity. The last one is EndCursor.
	Cursors    []string
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// NeighbourQuery filters the relations followed from an entity.
type NeighbourQuery struct {
	RelationTypes []string  // empty: all
	Direction     Direction // "": Both
	AsOf          time.Time // zero: now
	Channel       string    // "": all channels
	Limit         int       // 0: MaxPage
}

// TraceQuery selects answer traces, newest first.
type TraceQuery struct {
	From, To time.Time // zero: unbounded
	Status   string
	Reason   string
	Channel  string
	EntityID string // linked to, or cited by, the answer
	// ConversationID selects the turns of one conversation.
	ConversationID string
	First          int
	After          string
}

// TracePage is one page of traces.
type TracePage struct {
	Traces []Trace
	// Cursors[i] is the cursor of Traces[i]: passed as After, the next
	// page starts after that trace. The last one is EndCursor.
	Cursors   []string
	EndCursor string
	HasNext   bool
}

// Store keeps the knowledge graph and answer traces of every knowledge base.
// Every method takes the knowledge base id and never reads or writes
// outside it. Implementations are safe for concurrent use.
type Store interface {
	// Apply writes a batch atomically. Returns ErrInvalid for malformed
	// operations or references to missing or retired entities, ErrConflict
	// for a stale BaseVersion, ErrUnavailable when the backend is down;
	// on error nothing of the batch is stored.
	Apply(ctx context.Context, kb string, b Batch) (Applied, error)
	// MergeEntities moves names, aliases, attributes missing on Keep and
	// relations of Merge onto Keep and leaves Merge as a redirect.
	MergeEntities(ctx context.Context, kb string, m Merge) (Entity, error)

	// Entity returns the version of the entity valid at asOf (zero: now),
	// following merge redirects. Retired entities are returned with
	// StatusRetired. Returns ErrNotFound when no version was valid then.
	Entity(ctx context.Context, kb, id string, asOf time.Time) (Entity, error)
	// Entities lists current entities.
	Entities(ctx context.Context, kb string, q EntityQuery) (EntityPage, error)
	// Neighbours returns the active relations of the entity valid at
	// q.AsOf, with the active entity at their other end.
	Neighbours(ctx context.Context, kb, id string, q NeighbourQuery) ([]Neighbour, error)
	// Lookup returns the current, active entities whose name or alias
	// normalises (NormalizeName) to the same text as name, or whose id is name.
	Lookup(ctx context.Context, kb, name string) ([]Entity, error)
	// Names calls fn with every name and alias of the current active
	// entities (for building entity linkers).
	Names(ctx context.Context, kb string, fn func(id, name string) error) error
	// History returns every version of the entity, of the entities merged
	// into it, and of their relations. ErrNotFound if it never existed.
	History(ctx context.Context, kb, id string) (History, error)

	// PutTrace stores an answer trace; traces are immutable, and storing a
	// second trace with the same id is ErrConflict.
	PutTrace(ctx context.Context, kb string, t Trace) error
	// Trace returns one trace or ErrNotFound.
	Trace(ctx context.Context, kb, id string) (Trace, error)
	// Traces lists traces newest first.
	Traces(ctx context.Context, kb string, q TraceQuery) (TracePage, error)

	// Ping reports whether the backend can serve requests.
	Ping(ctx context.Context) error
	Close() error
}

// KnowledgeBaseLister is a Store capability (find it with a type
// assertion; memkg, neo4jkg and Connecting have it): which knowledge bases
// hold anything.
type KnowledgeBaseLister interface {
	// KnowledgeBases returns, sorted, the ids of the knowledge bases that
	// hold an entity (of any status) or a document (Docs: corrections, the
	// audit log, the lexicon, …). A knowledge base that was only read or
	// asked is not among them. Safe for concurrent use.
	KnowledgeBases(ctx context.Context) ([]string, error)
}
