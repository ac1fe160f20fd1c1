package kg

import (
	"context"
	"time"
)

// Lexicon is what a knowledge base's customers may ask about, in the
// knowledge base's own words: built at ingest from the knowledge (entity
// names, attribute keys and paths with their units, categories, series,
// channels, English names) and extended by trainers' synonyms. The
// answering engine understands questions against it; Go code holds only
// language-level and customer-service-general knowledge.
type Lexicon struct {
	KB      string    `json:"kb"`
	BuiltAt time.Time `json:"builtAt"`
	// Attributes are the attribute keys of the knowledge base's entities.
	Attributes []LexAttribute `json:"attributes"`
	// Groups are the categories and series (Type "Category" or "Series").
	Groups []LexGroup `json:"groups"`
	// Channels are the channel codes in use, with display names.
	Channels []LexChannel `json:"channels"`
	// Entities are the linkable entities (products, variants, groups…)
	// with their names, aliases and model codes.
	Entities []LexEntity `json:"entities"`
	// Words are the English words of the knowledge (name_en, English FAQ
	// text), each with the Chinese text it stands beside where known.
	Words []LexWord `json:"words,omitempty"`
	// Synonyms are the trainers' additions; SynonymsVersion is the version
	// of the stored synonym set (0: none yet), for optimistic concurrency.
	Synonyms        []Synonym `json:"synonyms"`
	SynonymsVersion int64     `json:"synonymsVersion"`
}

// LexAttribute is one attribute key of the knowledge base.
type LexAttribute struct {
	Key         string      `json:"key"`
	Paths       []string    `json:"paths,omitempty"` // source paths it was flattened from ("specs.吸力")
	Kinds       []ValueKind `json:"kinds"`
	Units       []string    `json:"units,omitempty"` // units seen in its values, most frequent first
	EntityTypes []string    `json:"entityTypes"`
	Count       int         `json:"count"`             // entities that have it
	Samples     []string    `json:"samples,omitempty"` // a few values as written
}

// LexGroup is a category or series with its member count.
type LexGroup struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Members int      `json:"members"`
}

// LexChannel is a channel code with its display names.
type LexChannel struct {
	Code   string `json:"code"`
	Name   string `json:"name"`   // Chinese display name
	NameEN string `json:"nameEn"` // English display name
}

// LexEntity is one linkable entity's names.
type LexEntity struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []Alias  `json:"aliases,omitempty"`
	Codes   []string `json:"codes,omitempty"`  // model codes in its names ("AF45", "M2")
	Parent  string   `json:"parent,omitempty"` // a variant's product
}

// LexWord is an English word or phrase of the knowledge.
type LexWord struct {
	Text string `json:"text"`
	ZH   string `json:"zh,omitempty"` // the Chinese it translates, when the knowledge pairs them
}

// SynonymKind says what a synonym names.
type SynonymKind string

// Synonym kinds.
const (
	SynAttribute SynonymKind = "ATTRIBUTE" // Target is an attribute key or path
	SynGroup     SynonymKind = "GROUP"     // Target is a category or series name or id
	SynEntity    SynonymKind = "ENTITY"    // Target is an entity id
	SynChannel   SynonymKind = "CHANNEL"   // Target is a channel code
)

// Synonym is a word customers use for something of the knowledge base:
// "几升" for the attribute 容量, "推车" for the category 婴儿推车, "suction"
// for 吸力.
type Synonym struct {
	Term    string      `json:"term"`
	Kind    SynonymKind `json:"kind"`
	Target  string      `json:"target"`
	Lang    string      `json:"lang,omitempty"`
	Actor   string      `json:"actor,omitempty"`
	AddedAt time.Time   `json:"addedAt"`
}

// LexiconSource gives the answering engine a knowledge base's current
// lexicon. Implementations cache and are safe for concurrent use; a
// synonym edit is visible to the next call.
type LexiconSource interface {
	Lexicon(ctx context.Context, kb string) (*Lexicon, error)
}
