package lexicon

import (
	"context"

	"kgrag/kg"
)

// SetPartBudget makes parts of the built lexicon at most n bytes until the
// returned func restores the budget.
func SetPartBudget(n int) (restore func()) {
	old := partBudget
	partBudget = n
	return func() { partBudget = old }
}

// StoredParts returns the number of parts of kb's stored lexicon and its
// stamp.
func StoredParts(ctx context.Context, docs kg.Docs, kb string) (int, string, error) {
	h, _, err := loadHeader(ctx, docs, kb)
	return h.Parts, h.Stamp, err
}

// PartID is the id of the i-th part document.
var PartID = partID
