package feedback

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"kgrag/kg"
)

const collConflicts = "conflicts"

// Conflict is a source that, re-ingested, states something other than an
// approved correction. The correction stays; a trainer decides.
type Conflict struct {
	ID          string `json:"id"`
	Correction  string `json:"correction"`
	EntityID    string `json:"entityId"`
	Key         string `json:"key"`
	Source      string `json:"source"`
	SourceValue string `json:"sourceValue"`
	Corrected   string `json:"corrected"`
	At          string `json:"at"`
}

// Keep applies the approved corrections of an entity to the record a
// source is about to write, so re-ingesting a changed source never undoes
// a correction: a corrected attribute keeps its corrected value. When the
// source states neither the old nor the corrected value, the correction
// stays and a conflict is listed for trainers (Conflicts). It returns the
// record to write and notes for the ingest report.
func (s *Service) Keep(ctx context.Context, kb, source string, u kg.EntityUpsert) (kg.EntityUpsert, []string, error) {
	list, err := s.approved(ctx, kb)
	if err != nil || len(list) == 0 {
		return u, nil, err
	}
	var notes []string
	attrs := u.Attributes
	copied := false
	for _, c := range list {
		if c.Target.EntityID != u.ID {
			continue
		}
		for i, a := range attrs {
			var next kg.Attribute
			switch {
			case c.Target.Kind == TargetAttribute && a.Matches(c.Target.Key):
				if a.Text() == valueAttr(a, c.NewValue).Text() {
					continue // the source caught up
				}
				next = valueAttr(a, c.NewValue)
				if a.Text() != c.OldValue {
					if err := s.conflict(ctx, kb, Conflict{Correction: c.ID, EntityID: u.ID, Key: a.Key, Source: source,
						SourceValue: a.Text(), Corrected: c.NewValue}); err != nil {
						return u, nil, err
					}
					notes = append(notes, fmt.Sprintf("%s.%s: the source says %q, correction %s says %q: kept the correction, conflict listed", u.ID, a.Key, a.Text(), c.ID, c.NewValue))
				} else {
					notes = append(notes, fmt.Sprintf("%s.%s: the source still says %q; kept %q from correction %s", u.ID, a.Key, a.Text(), c.NewValue, c.ID))
				}
			case c.Target.Kind == TargetText && a.Kind == kg.KindString && strings.Contains(a.Value, c.OldValue):
				next = textAttr(a, c.OldValue, c.NewValue)
				notes = append(notes, fmt.Sprintf("%s.%s: kept the text correction %s", u.ID, a.Key, c.ID))
			default:
				continue
			}
			if !copied {
				attrs = append([]kg.Attribute(nil), attrs...)
				copied = true
			}
			attrs[i] = next
		}
	}
	u.Attributes = attrs
	return u, notes, nil
}

func (s *Service) conflict(ctx context.Context, kb string, c Conflict) error {
	c.ID = c.Correction + "." + strings.ReplaceAll(c.Source, "/", "_")
	c.At = s.now().Format("2006-01-02T15:04:05Z")
	if err := kg.ValidID("conflict id", c.ID); err != nil {
		c.ID = c.Correction
	}
	data, _ := json.Marshal(c)
	if _, err := s.Docs.PutDoc(ctx, kb, collConflicts, c.ID, data, kg.AnyVersion); err != nil {
		return fmt.Errorf("feedback: list conflict: %w", err)
	}
	return nil
}

// Conflicts lists sources that disagree with approved corrections.
func (s *Service) Conflicts(ctx context.Context, kb string) ([]Conflict, error) {
	var out []Conflict
	after := ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collConflicts, after, kg.MaxDocList)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			after = d.ID
			var c Conflict
			if json.Unmarshal(d.Data, &c) == nil {
				out = append(out, c)
			}
		}
		if len(docs) < kg.MaxDocList {
			return out, nil
		}
	}
}
