package lexicon_test

import (
	"fmt"
	"testing"

	"kgrag/kg"
	"kgrag/kg/lexicon"
)

// Every item's cursor resumes right after it, as GraphQL edges promise.
func TestPageCursors(t *testing.T) {
	l := &kg.Lexicon{}
	for i := range 7 {
		l.Entities = append(l.Entities, kg.LexEntity{ID: fmt.Sprintf("e%d", i), Type: "Product", Name: fmt.Sprintf("n%d", i)})
		l.Words = append(l.Words, kg.LexWord{Text: fmt.Sprintf("w%d", i)})
	}
	ents, err := lexicon.Entities(l, "", "", 5, "")
	if err != nil || len(ents.Cursors) != 5 || ents.Cursors[4] != ents.EndCursor {
		t.Fatalf("Entities = %+v, %v; want 5 cursors, the last the end cursor", ents, err)
	}
	for i, c := range ents.Cursors {
		p, err := lexicon.Entities(l, "", "", 1, c)
		if err != nil || len(p.Items) != 1 || p.Items[0].ID != l.Entities[i+1].ID {
			t.Errorf("Entities(after cursor %d) = %+v, %v; want %s", i, p.Items, err, l.Entities[i+1].ID)
		}
	}
	words, err := lexicon.Words(l, 5, "")
	if err != nil || len(words.Cursors) != 5 || words.Cursors[4] != words.EndCursor {
		t.Fatalf("Words = %+v, %v; want 5 cursors, the last the end cursor", words, err)
	}
	for i, c := range words.Cursors {
		p, err := lexicon.Words(l, 1, c)
		if err != nil || len(p.Items) != 1 || p.Items[0].Text != l.Words[i+1].Text {
			t.Errorf("Words(after cursor %d) = %+v, %v; want %s", i, p.Items, err, l.Words[i+1].Text)
		}
	}
	// Resuming from the second page's first cursor also works.
	more, err := lexicon.Words(l, 5, words.EndCursor)
	if err != nil || len(more.Items) != 2 || more.Cursors[0] == words.EndCursor {
		t.Errorf("Words(after end) = %+v, %v", more, err)
	}
}
