package extract

// Entity is a proposed entity: a name as written in the text and a type
// from kg.EntityTypes.
type Entity struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Aliases    []string `json:"aliases,omitempty"`
	Confidence float64  `json:"confidence"`
}

// Relation is a proposed relation between two names of the text (or of
// known entities), with a type from kg.RelationTypes.
type Relation struct {
	From       string  `json:"from"`
	Type       string  `json:"type"`
	To         string  `json:"to"`
	Confidence float64 `json:"confidence"`
}

// Result is what an extraction proposes.
type Result struct {
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
}
