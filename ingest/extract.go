package ingest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"kgrag/ingest/chunk"
	"kgrag/ingest/extract"
	"kgrag/kg"
)

// maxExtractCalls bounds the LLM calls of one source.
const maxExtractCalls = 50

// extractInto asks the Extractor about the source's text and adds what it
// proposes with enough confidence: names are resolved against the
// knowledge base and the source's own entities first; unknown ones become
// new entities. Everything carries provenance EXTRACTED with the
// proposal's confidence. Existing entities are never changed by a
// proposal. A failing LLM is a warning, not a failed source.
func (in *Ingester) extractInto(ctx context.Context, r *run, p *plan, planned map[string]string) error {
	var texts []string
	for _, s := range p.doc.Sections {
		texts = append(texts, chunk.Split(s.Text, in.opt.Chunk)...)
	}
	if len(texts) > maxExtractCalls {
		p.warnings = append(p.warnings, fmt.Sprintf("extraction: only the first %d of %d chunks were sent to the LLM", maxExtractCalls, len(texts)))
		texts = texts[:maxExtractCalls]
	}
	local := maps.Clone(planned) // folded name -> id, of the run's sources
	if local == nil {
		local = map[string]string{}
	}
	resolve := func(name string) (string, error) {
		if id, ok := local[kg.NormalizeName(name)]; ok {
			return id, nil
		}
		es, err := in.g.Lookup(ctx, r.kb, name)
		if err != nil {
			return "", err
		}
		if len(es) > 0 {
			return es[0].ID, nil
		}
		return "", nil
	}
	for _, t := range texts {
		res, err := in.opt.Extractor.Extract(ctx, t)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			p.warnings = append(p.warnings, "extraction skipped: "+err.Error())
			return nil
		}
		for _, e := range res.Entities {
			name := strings.TrimSpace(e.Name)
			if name == "" || e.Confidence < in.opt.MinConfidence || len([]rune(name)) > kg.MaxNameLen {
				continue
			}
			id, err := resolve(name)
			if err != nil {
				return err
			}
			if id != "" {
				continue
			}
			typ := e.Type
			if !slices.Contains(kg.EntityTypes, typ) {
				typ = "Concept"
			}
			id = "x:" + Slug(name)
			var aliases []kg.Alias
			for _, a := range e.Aliases {
				if a = strings.TrimSpace(a); a != "" && a != name && len([]rune(a)) <= kg.MaxNameLen && len(aliases) < kg.MaxAliases {
					aliases = append(aliases, kg.Alias{Text: a})
				}
			}
			local[kg.NormalizeName(name)] = id
			p.addEntity(kg.EntityUpsert{ID: id, Type: typ, Name: name, Aliases: &aliases, ReplaceAttributes: true,
				Provenance: kg.Provenance{Kind: kg.ProvExtracted, Source: p.in.ID, Actor: r.actor, Confidence: e.Confidence}}, 0)
		}
		for _, rel := range res.Relations {
			if rel.Confidence < in.opt.MinConfidence || !slices.Contains(kg.RelationTypes, rel.Type) {
				continue
			}
			from, err := resolve(rel.From)
			if err != nil {
				return err
			}
			to, err := resolve(rel.To)
			if err != nil {
				return err
			}
			if from == "" || to == "" || from == to {
				continue
			}
			p.addRelation(kg.RelationUpsert{From: from, Type: rel.Type, To: to, ReplaceAttributes: true,
				Provenance: kg.Provenance{Kind: kg.ProvExtracted, Source: p.in.ID, Actor: r.actor, Confidence: rel.Confidence}}, 0)
		}
	}
	return nil
}

var _ = extract.Result{}

// plannedNames maps the folded names and aliases of every entity the run's
// sources define to their ids.
func plannedNames(plans []*plan) map[string]string {
	out := map[string]string{}
	for _, p := range plans {
		for _, op := range p.entities {
			out[kg.NormalizeName(op.up.Name)] = op.up.ID
			if op.up.Aliases != nil {
				for _, a := range *op.up.Aliases {
					out[kg.NormalizeName(a.Text)] = op.up.ID
				}
			}
		}
	}
	return out
}
