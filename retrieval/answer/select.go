package answer

import "slices"

// Selecting evidence: the facts the plan asked for, best first, and the
// best chunks.

// policyIntents are questions about rules rather than products: product
// facts only join their answers when the question asks for them.
var policyIntents = map[string]bool{"invoice": true, "points": true, "price_protection": true, "refund": true, "return": true, "cancel": true,
	"shipping": true, "warranty": true, "privacy": true, "authenticity": true, "service_hours": true, "trade_in": true}

// maxEvidenceFacts caps the graph facts before the composer.
const maxEvidenceFacts = 16

// selectEvidence picks what goes before the composer.
func selectEvidence(t *turn) []piece {
	facts := slices.Clone(t.facts)
	slices.SortStableFunc(facts, func(a, b piece) int {
		switch {
		case a.relevance > b.relevance:
			return -1
		case a.relevance < b.relevance:
			return 1
		}
		return 0
	})
	var out []piece
	for _, f := range facts {
		if len(out) >= maxEvidenceFacts {
			break
		}
		if slices.ContainsFunc(out, func(o piece) bool { return o.Text == f.Text }) {
			continue // the same variant reached twice (linked, and as a member's)
		}
		out = append(out, f)
	}
	// A product's chunk says what the graph facts say; for a question
	// about a rule it only crowds out the rule's text.
	policy := policyIntents[t.sig.Intent]
	var chunks, product []piece
	for _, c := range t.chunks {
		if c.chunk != nil && c.chunk.Kind == "product" &&
			(policy || slices.ContainsFunc(c.chunk.EntityIDs, func(id string) bool { return slices.Contains(t.linked, id) })) {
			product = append(product, c)
			continue
		}
		chunks = append(chunks, c)
	}
	onlyProduct := len(chunks) == 0
	if onlyProduct {
		chunks = product
	}
	// The five best chunks, and beside them a promotion in force pricing the
	// product (promotionHits) and the document a fact refers to
	// (referencedHits), which take no other chunk's place.
	n := 0
	for _, c := range chunks {
		if slices.Contains(t.promos, c.ID) || slices.Contains(t.refChunks, c.ID) || slices.Contains(t.eventRules, c.ID) || slices.Contains(t.storeChunks, c.ID) || slices.Contains(t.titledChunks, c.ID) || slices.Contains(t.tableChunks, c.ID) {
			out = append(out, c)
			continue
		}
		// (A chunk of the time passed or left, laterChunks, takes the
		// place it ranks at among the five, else none.)
		if slices.Contains(t.laterChunks, c.ID) {
			out = append(out, c)
			if n < 5 {
				n++
			}
			continue
		}
		if n < 5 {
			out = append(out, c)
			n++
		}
	}
	// The named product's own text closes the evidence: what the plan did
	// not ask of it is still there for a model (the composer prefers the
	// graph facts).
	if !policy && !onlyProduct && len(product) > 0 {
		out = append(out, product[0])
	}
	return out
}
