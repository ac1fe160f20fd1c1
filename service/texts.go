package service

import (
	"context"
	"strings"

	"kgrag/retrieval"
)

// chunkTexts finds statements in the chunks of the index (feedback.TextFinder).
type chunkTexts struct{ s *retrieval.Searcher }

// statementHits bounds the chunks of one entity looked through for a
// statement: the best matches of a keyword and a dense search for it.
const statementHits = 50

// States reports whether a chunk that belongs to or mentions the entity
// contains text verbatim.
func (c chunkTexts) States(ctx context.Context, kb, entityID, text string) (bool, error) {
	hits, err := c.s.Search(ctx, text, retrieval.Filter{KB: kb, EntityIDs: []string{entityID}}, retrieval.SearchOptions{Limit: statementHits})
	if err != nil {
		return false, err
	}
	for _, h := range hits {
		if strings.Contains(h.Chunk.Text, text) {
			return true, nil
		}
	}
	return false, nil
}
