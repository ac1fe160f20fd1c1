package ingest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"kgrag/ingest/chunk"
	"kgrag/ingest/link"
	"kgrag/ingest/parse"
	"kgrag/kg"
	"kgrag/retrieval"
)

// MaxLinks caps the entity ids of one chunk.
const MaxLinks = 64

func dateUTC(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil
	}
	return &t
}

// dayAfter turns an inclusive end date into the exclusive instant a
// chunk's ValidTo is: a policy "effective_to: 2025-06-30" is in force all
// of that day.
func dayAfter(s string) *time.Time {
	t := dateUTC(s)
	if t == nil {
		return nil
	}
	n := t.AddDate(0, 0, 1)
	return &n
}

// buildChunks cuts a planned source into chunks (without links and hashes).
// nameOf names entities the source refers to but does not define.
func (in *Ingester) buildChunks(kb string, p *plan, nameOf func(id string) string) []retrieval.Chunk {
	doc := p.doc
	src := p.in.ID
	var out []retrieval.Chunk
	add := func(c retrieval.Chunk) {
		c.KB, c.SourceID, c.Kind, c.Position = kb, src, string(doc.Kind), len(out)
		if c.ID == "" {
			c.ID = fmt.Sprintf("%s#%d", src, c.Position)
		}
		c.Lang = chunk.Lang(c.Text)
		out = append(out, c)
	}
	switch doc.Kind {
	case parse.KindProduct:
		names := map[string]string{}
		var all []string
		for _, pr := range doc.Products {
			names[pr.ID] = pr.Name
			for _, c := range pr.Channels {
				if !slices.Contains(all, c) {
					all = append(all, c)
				}
			}
		}
		slices.SortFunc(all, func(a, b string) int {
			if d := kg.ChannelRank(a) - kg.ChannelRank(b); d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})
		lookup := func(id string) string {
			if n, ok := names[id]; ok {
				return n
			}
			return nameOf(id)
		}
		inv := inverseLinks(doc)
		for _, pr := range doc.Products {
			// A product's chunk is for every channel: a customer on a
			// channel that does not sell it still needs to hear where it
			// is sold. Availability is in the text and on the entity.
			ids := []string{pr.ID}
			for _, v := range pr.Variants {
				if len(ids) < MaxLinks {
					ids = append(ids, v.ID)
				}
			}
			add(retrieval.Chunk{ID: src + "#" + pr.ID, Title: pr.Name, Text: renderProduct(pr, lookup, inv[pr.ID], all),
				EntityIDs: ids})
		}
	case parse.KindFAQ:
		for _, f := range doc.FAQs {
			q, a := "问：", "答："
			if chunk.Lang(f.Question+f.Answer) == "en" {
				q, a = "Q: ", "A: "
			}
			add(retrieval.Chunk{ID: src + "#" + f.ID, Title: f.Question, Text: q + f.Question + "\n" + a + f.Answer,
				Channels: f.Channels, EntityIDs: []string{f.ID}})
		}
	case parse.KindPolicy:
		pol := doc.Policy
		for _, s := range doc.Sections {
			for _, piece := range chunk.Split(s.Text, in.opt.Chunk) {
				add(retrieval.Chunk{Title: pol.Title, HeadingPath: s.HeadingPath, Text: piece, Channels: pol.Channels,
					ValidFrom: dateUTC(pol.EffectiveFrom), ValidTo: dayAfter(pol.EffectiveTo), EntityIDs: []string{pol.ID}})
			}
		}
	default:
		for _, s := range doc.Sections {
			for _, piece := range chunk.Split(s.Text, in.opt.Chunk) {
				add(retrieval.Chunk{Title: doc.Title, HeadingPath: s.HeadingPath, Text: piece, Channels: doc.Channels})
			}
		}
	}
	return out
}

// linkChunks adds the entities each chunk mentions and its content hash.
func linkChunks(chunks []retrieval.Chunk, l *link.Linker) {
	for i := range chunks {
		c := &chunks[i]
		ids := slices.Clone(c.EntityIDs)
		for _, id := range l.Find(c.Title + "\n" + strings.Join(c.HeadingPath, "\n") + "\n" + c.Text) {
			if len(ids) >= MaxLinks {
				break
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		c.EntityIDs = ids
		c.Hash = chunkHash(c)
	}
}

// chunkHash covers the text and every piece of metadata the index stores.
func chunkHash(c *retrieval.Chunk) string {
	x := *c
	x.Hash = ""
	return hashJSON(x)
}
