package feedback

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
)

// A fact corrected in the graph outranks source text that still states the
// old value. Answers ask Review which chunks are stale (they state the
// superseded value of a corrected attribute of the entity they belong to:
// excluded from evidence) and which carry a corrected statement (TEXT
// corrections: the statement is replaced wherever the knowledge base
// states it, and the trace says so). Nothing
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
			// A record without what Submit guarantees (a damaged one) is
			// left out: an empty statement would be "found" between every
			// two characters of every chunk.
			if json.Unmarshal(d.Data, &c) == nil && c.Status == Approved && c.Target.EntityID != "" &&
				(c.Target.Kind == TargetAttribute && c.Target.Key != "" || c.Target.Kind == TargetText && c.OldValue != "") {
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
// done, for the trace. A TEXT correction whose statement keeps words
// around the changed value (see spreads) is applied to every chunk of the
// knowledge base that states it, whatever entity the chunk belongs to: an
// FAQ answer repeating a policy's rule is corrected with the policy.
// Values are matched as whole values: a corrected price of 29 does not
// make a chunk stating 129 or 29.9 stale.
func (s *Service) Review(ctx context.Context, kb string, entityIDs []string, text string) (out string, stale bool, notes []string, err error) {
	list, err := s.approved(ctx, kb)
	if err != nil || len(list) == 0 {
		return text, false, nil, err
	}
	// The latest approved value of each corrected attribute: a chunk that
	// states it is right, even when an older correction superseded it.
	current := map[string]string{}
	at := map[string]time.Time{}
	for _, c := range list {
		if k := c.Target.EntityID + "\x00" + c.Target.Key; c.Target.Kind == TargetAttribute && !c.ReviewedAt.Before(at[k]) {
			current[k], at[k] = c.NewValue, c.ReviewedAt
		}
	}
	out = text
	for _, c := range list {
		if !slices.Contains(entityIDs, c.Target.EntityID) {
			// A corrected statement is corrected wherever the knowledge
			// base states it (an FAQ answer repeating a policy's rule),
			// not only in the target's own text.
			if c.Target.Kind == TargetText && spreads(c.OldValue, c.NewValue) && containsValue(out, c.OldValue) {
				out = replaceValue(out, c.OldValue, c.NewValue)
				notes = append(notes, "patched by "+c.ID+" (a statement of "+c.Target.EntityID+" repeated here): "+c.OldValue+" → "+c.NewValue)
			}
			continue
		}
		switch c.Target.Kind {
		case TargetAttribute:
			if entityIDs[0] != c.Target.EntityID || c.OldValue == "" || c.OldValue == current[c.Target.EntityID+"\x00"+c.Target.Key] {
				continue
			}
			if containsValue(out, c.OldValue) && !containsValue(out, c.NewValue) {
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

// spreads reports whether a TEXT correction of old to new is a statement
// that may be corrected in other entities' text too: the part that stays
// (what old and new share at their start and end) must hold at least
// minContext letters, so that the same value in the same sentence context
// is what is matched. "满99元包邮" → "满109元包邮" keeps 满…元包邮 and spreads;
// "99元" → "109元" keeps only 元 and is corrected in the target's text alone
// (99元 may be a price, a threshold or a fee elsewhere).
func spreads(old, new string) bool {
	o, n := []rune(old), []rune(new)
	p := 0
	for p < len(o) && p < len(n) && o[p] == n[p] {
		p++
	}
	q := 0
	for q < len(o)-p && q < len(n)-p && o[len(o)-1-q] == n[len(n)-1-q] {
		q++
	}
	letters := 0
	for _, r := range append(slices.Clone(o[:p]), o[len(o)-q:]...) {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= minContext
}

// minContext is the fewest letters a spreading statement keeps around its
// changed part.
const minContext = 3

// replaceValue replaces the whole-value occurrences of old in text (see
// containsValue) with new.
func replaceValue(text, old, new string) string {
	var b strings.Builder
	done := 0
	for {
		i := indexValueFrom(text, old, done)
		if i < 0 {
			b.WriteString(text[done:])
			return b.String()
		}
		b.WriteString(text[done:i])
		b.WriteString(new)
		done = i + len(old)
	}
}

// containsValue reports whether text states the value v as a whole: where v
// begins (ends) with a letter or digit of a script that separates words,
// the text may not continue it with one, nor a number with a decimal part
// ("29" is not in "129", "29.9" or "29g" is in "29g装"; "15g" is not in "115g").
func containsValue(text, v string) bool { return indexValue(text, v) >= 0 }

// indexValue is the byte offset of the first whole-value occurrence of v
// in text (see containsValue), or -1.
func indexValue(text, v string) int { return indexValueFrom(text, v, 0) }

// indexValueFrom is indexValue searching from byte offset from on.
func indexValueFrom(text, v string, from int) int {
	if v == "" {
		return -1
	}
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	for i := from; ; {
		j := strings.Index(text[i:], v)
		if j < 0 {
			return -1
		}
		start, end := i+j, i+j+len(v)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if start == 0 {
			before = utf8.RuneError
		}
		if end == len(text) {
			after = utf8.RuneError
		}
		if !joins(before, first) && !joins(last, after) && !decimal(text, start, end, first, last) {
			return start
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		i = start + size
	}
}

// joins reports whether a and b would read as one word or number.
func joins(a, b rune) bool {
	word := func(r rune) bool { return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	return word(a) && word(b) && unicode.IsDigit(a) == unicode.IsDigit(b)
}

// decimal reports whether the match of a number is part of a longer one:
// "29" in "1.29" or "29.5".
func decimal(text string, start, end int, first, last rune) bool {
	if unicode.IsDigit(first) && start >= 2 && text[start-1] == '.' && text[start-2] >= '0' && text[start-2] <= '9' {
		return true
	}
	return unicode.IsDigit(last) && end+1 < len(text) && text[end] == '.' && text[end+1] >= '0' && text[end+1] <= '9'
}
