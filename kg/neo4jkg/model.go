package neo4jkg

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
)

// Labels and relationship types of the model. Type labels and mirror
// relationship types must not collide with them.
var reserved = []string{
	"Entity", "EntityVersion", "Relation", "RelationVersion", "Name", "Trace", "KgragSchema",
	"VERSION", "NAMES", "MERGED_FROM", "USED", "REL",
}

var symbolRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// typeLabel returns the label for an entity type: the kg.EntityTypes entry
// itself, so nothing from input ever reaches the query text.
func typeLabel(t string) (string, bool) {
	i := slices.Index(kg.EntityTypes, t)
	if i < 0 {
		return "", false
	}
	l := kg.EntityTypes[i]
	return l, symbolRE.MatchString(l) && !slices.Contains(reserved, l)
}

// mirrorType returns the relationship type that mirrors a relation type: the
// kg.RelationTypes entry, or REL (with the type as a property) for a type
// that cannot be one.
func mirrorType(t string) string {
	i := slices.Index(kg.RelationTypes, t)
	if i < 0 {
		return "REL"
	}
	rt := kg.RelationTypes[i]
	if !symbolRE.MatchString(rt) || slices.Contains(reserved, rt) {
		return "REL"
	}
	return rt
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}

// fromJSON decodes the data property of a record; nil when it is null.
func fromJSON[T any](rec *neo4j.Record, key string) (*T, error) {
	v, _ := rec.Get(key)
	if v == nil {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("property %s is a %T, want a JSON string", key, v)
	}
	var x T
	if err := json.Unmarshal([]byte(s), &x); err != nil {
		return nil, fmt.Errorf("decode %s: %w", key, err)
	}
	return &x, nil
}

func getString(rec *neo4j.Record, key string) string {
	v, _ := rec.Get(key)
	s, _ := v.(string)
	return s
}

// utc converts a time for Neo4j: the driver sends the zone name, and
// "Local" means nothing to the server.
func utc(t time.Time) time.Time { return t.UTC() }

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// names are the normalised name and aliases of an entity.
func names(e *kg.Entity) []string {
	out := []string{kg.NormalizeName(e.Name)}
	for _, a := range e.Aliases {
		out = append(out, kg.NormalizeName(a.Text))
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// lookupNames are the names the Name index holds for an entity version:
// those of active entities only.
func lookupNames(e *kg.Entity) []string {
	if e.Status != kg.StatusActive {
		return []string{}
	}
	return names(e)
}

// entityHead returns the row of a head and e's JSON.
func entityHead(e *kg.Entity) (map[string]any, string, error) {
	data, err := toJSON(e)
	if err != nil {
		return nil, "", err
	}
	return map[string]any{
		"id": e.ID,
		"props": map[string]any{
			"type": e.Type, "name": e.Name, "status": string(e.Status), "version": e.Version,
			"validFrom": utc(e.ValidFrom), "mergedInto": orNil(e.MergedInto), "channels": strs(e.Channels),
			"names": names(e), "nid": kg.NormalizeName(e.ID), "data": data,
		},
		"names": lookupNames(e),
	}, data, nil
}

func entityVersion(e *kg.Entity) (map[string]any, error) {
	data, err := toJSON(e)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": e.ID, "version": e.Version, "props": entityVersionProps(e, data)}, nil
}

// entityVersionProps are the properties of a version node; data is e's JSON.
func entityVersionProps(e *kg.Entity, data string) map[string]any {
	return map[string]any{
		"type": e.Type, "status": string(e.Status), "validFrom": utc(e.ValidFrom), "validTo": utcPtr(e.ValidTo),
		"recordedAt": utc(e.Provenance.RecordedAt), "data": data,
	}
}

// relationHead returns the row of a head and r's JSON.
func relationHead(r *kg.Relation) (map[string]any, string, error) {
	data, err := toJSON(r)
	if err != nil {
		return nil, "", err
	}
	return map[string]any{
		"id": r.ID(), "from": r.From, "to": r.To,
		"props": map[string]any{
			"from": r.From, "type": r.Type, "to": r.To, "status": string(r.Status), "version": r.Version,
			"validFrom": utc(r.ValidFrom), "channels": strs(r.Channels), "data": data,
		},
		"mirror": map[string]any{
			"kb": r.KB, "type": r.Type, "status": string(r.Status), "version": r.Version,
			"validFrom": utc(r.ValidFrom), "channels": strs(r.Channels),
		},
	}, data, nil
}

func relationVersion(r *kg.Relation) (map[string]any, error) {
	data, err := toJSON(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": r.ID(), "version": r.Version, "props": relationVersionProps(r, data)}, nil
}

// relationVersionProps are the properties of a version node; data is r's JSON.
func relationVersionProps(r *kg.Relation, data string) map[string]any {
	return map[string]any{
		"from": r.From, "type": r.Type, "to": r.To, "status": string(r.Status),
		"validFrom": utc(r.ValidFrom), "validTo": utcPtr(r.ValidTo),
		"recordedAt": utc(r.Provenance.RecordedAt), "data": data,
	}
}
