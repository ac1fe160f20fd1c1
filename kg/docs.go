package kg

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// Docs is a Store capability for the small records other parts of kgrag
// keep beside the graph — corrections, ratings, the audit log, the source
// registry — so that they live wherever the graph lives (a bbolt file, or
// Neo4j shared by many instances). Records are JSON documents in named
// collections of a knowledge base, each with a version for compare-and-set.
// Both memkg and neo4jkg implement it; find it with a type assertion.
type Docs interface {
	// PutDoc stores data under (kb, coll, id). expect says what the caller
	// read: AnyVersion to overwrite blindly, 0 to create only, n to replace
	// version n only; otherwise ErrConflict. Returns the new version.
	PutDoc(ctx context.Context, kb, coll, id string, data []byte, expect int64) (int64, error)
	// GetDoc returns one document or ErrNotFound.
	GetDoc(ctx context.Context, kb, coll, id string) (Doc, error)
	// ListDocs returns documents ordered by id, after the id given, at most
	// limit (1..MaxDocList).
	ListDocs(ctx context.Context, kb, coll, after string, limit int) ([]Doc, error)
}

// AnyVersion lets PutDoc overwrite whatever is stored.
const AnyVersion int64 = -1

// MaxDocList bounds ListDocs; MaxDocBytes bounds a document.
const (
	MaxDocList  = 1000
	MaxDocBytes = 1 << 20
)

// Doc is a stored document.
type Doc struct {
	ID        string    `json:"id"`
	Version   int64     `json:"version"`
	Data      []byte    `json:"data"`
	UpdatedAt time.Time `json:"updatedAt"`
}

var collRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// ValidDoc checks the arguments of a Docs call.
func ValidDoc(kb, coll, id string, data []byte) error {
	if err := ValidKB(kb); err != nil {
		return err
	}
	if !collRE.MatchString(coll) {
		return invalid("collection %q: want a-z, 0-9 and _", clip(coll))
	}
	if id != "" || data != nil {
		if err := ValidID("document id", id); err != nil {
			return err
		}
	}
	if len(data) > MaxDocBytes {
		return invalid("document %q is %d bytes; the limit is %d", id, len(data), MaxDocBytes)
	}
	return nil
}

// CheckDocVersion applies PutDoc's compare-and-set rule.
func CheckDocVersion(coll, id string, cur, expect int64) error {
	if expect == AnyVersion || expect == cur {
		return nil
	}
	if cur == 0 {
		return fmt.Errorf("%s %q does not exist (expected version %d): %w", coll, id, expect, ErrConflict)
	}
	return fmt.Errorf("%s %q is at version %d, expected %d: %w", coll, id, cur, expect, ErrConflict)
}
