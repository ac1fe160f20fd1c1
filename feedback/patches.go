package feedback

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"kgrag/kg"
)

// A fact corrected in the graph outranks source text that still states the
// old value. Answers ask Review which chunks are stale (they state the
// superseded value of a corrected attribute of the entity they belong to:
// excluded from evidence) and which carry a corrected statement (TEXT
// corrections: the statement is replaced, and the trace says so). Nothing
// in the index changes, so re-ingesting an unchanged source cannot undo a
// correction.

type patchCache struct {
	built time.Time
	list  []Correction // approved ATTRIBUTE and TEXT corrections
}

const patchTTL = 30 * time.Second

func (s *Service) approved(ctx context.Context, kb string) ([]Correction, error) {
	s.patchMu.Lock()
	pc, ok := s.patches[kb]
	s.patchMu.Unlock()
	if ok && s.now().Sub(pc.built) < patchTTL {
		return pc.list, nil
	}
	var list []Correction
	after := ""
	for {
		docs, err := s.Docs.ListDocs(ctx, kb, collCorrections, after, kg.MaxDocList)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			after = d.ID
			var c Correction
			if json.Unmarshal(d.Data, &c) == nil && c.Status == Approved && (c.Target.Kind == TargetAttribute || c.Target.Kind == TargetText) {
				list = append(list, c)
			}
		}
		if len(docs) < kg.MaxDocList {
			break
		}
	}
	s.patchMu.Lock()
	if s.patches == nil {
		s.patches = map[string]patchCache{}
	}
	s.patches[kb] = patchCache{built: s.now(), list: list}
	s.patchMu.Unlock()
	return list, nil
}

func (s *Service) dropPatches(kb string) {
	s.patchMu.Lock()
	delete(s.patches, kb)
	s.patchMu.Unlock()
}

// Review checks a chunk's text against the approved corrections of the
// entities it belongs to (entityIDs[0]) or mentions. stale is set when the
// chunk states a superseded attribute value of the entity it belongs to;
// text is the chunk with corrected statements replaced; notes say what was
// done, for the trace.
func (s *Service) Review(ctx context.Context, kb string, entityIDs []string, text string) (out string, stale bool, notes []string, err error) {
	list, err := s.approved(ctx, kb)
	if err != nil || len(list) == 0 || len(entityIDs) == 0 {
		return text, false, nil, err
	}
	out = text
	for _, c := range list {
		if !slices.Contains(entityIDs, c.Target.EntityID) {
			continue
		}
		switch c.Target.Kind {
		case TargetAttribute:
			if entityIDs[0] == c.Target.EntityID && c.OldValue != "" && strings.Contains(out, c.OldValue) && !strings.Contains(out, c.NewValue) {
				return text, true, []string{"stale: states " + c.Target.EntityID + "." + c.Target.Key + " = " + c.OldValue + ", corrected to " + c.NewValue + " by " + c.ID}, nil
			}
		case TargetText:
			if strings.Contains(out, c.OldValue) {
				out = strings.ReplaceAll(out, c.OldValue, c.NewValue)
				notes = append(notes, "patched by "+c.ID+": "+c.OldValue+" → "+c.NewValue)
			}
		}
	}
	return out, false, notes, nil
}
