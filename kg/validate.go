package kg

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// EntityTypes are the entity types the graph accepts. Backends may use them
// as labels (Neo4j), so they are never taken from input unchecked.
var EntityTypes = []string{
	"Product", "Policy", "FAQ", "Category", "Series", "Channel", "Ingredient",
	"Brand", "Promotion", "Concept", "Document", "Variant",
}

// RelationTypes are the relation types the graph accepts.
var RelationTypes = []string{
	"REFILL_OF", "PART_OF_SET", "COMPATIBLE_WITH", "REPLACES", "APPLIES_TO",
	"AVAILABLE_ON", "SUPERSEDES", "IN_CATEGORY", "IN_SERIES", "CONTAINS_INGREDIENT",
	"ANSWERS", "MENTIONS", "RELATED_TO", "VARIANT_OF",
}

var (
	// idRE is ^[\p{L}\p{N}][\p{L}\p{N}._:/\-]*$ of at most 128 characters.
	idRE = charset{first: letterOrDigit, rest: func(r rune) bool { return letterOrDigit(r) || strings.ContainsRune("._:/-", r) }, max: 128}
	kbRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_\-]{0,63}$`)
	// keyRE is ^[\p{L}\p{N}_][\p{L}\p{N}_.\-/ （）()【】、·&+%×]*$ of at most 64
	// characters.
	keyRE = charset{first: func(r rune) bool { return letterOrDigit(r) || r == '_' },
		rest: func(r rune) bool { return letterOrDigit(r) || strings.ContainsRune("_.-/ （）()【】、·&+%×", r) }, max: 64}
	// pathRE is keyRE's charset at MaxPathLen: a path joins keys with '.'.
	pathRE = charset{first: keyRE.first, rest: keyRE.rest, max: MaxPathLen}
)

// charset matches strings of 1 to max characters whose first character is
// in one class and the others in another: what an anchored pattern of
// character classes says, checked without a regexp (ids are checked for
// every operation of every batch, and a regexp's matcher cost more than
// the rest of the checks), and without the program of megabytes that a
// counted repetition of a Unicode class (`[\p{L}\p{N}]{0,127}`) compiles
// into.
type charset struct {
	first, rest func(r rune) bool
	max         int
}

// MatchString reports whether s has 1 to max characters, the first in
// the first class and the others in the rest class.
func (c charset) MatchString(s string) bool {
	n := 0
	for _, r := range s { // an invalid byte is utf8.RuneError, in no class
		n++
		if n > c.max {
			return false
		}
		if n == 1 && !c.first(r) || n > 1 && !c.rest(r) {
			return false
		}
	}
	return n > 0
}

// letterOrDigit is \p{L} or \p{N}, with a fast path for ASCII.
func letterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// ValidKB checks a knowledge base id.
func ValidKB(kb string) error {
	if !kbRE.MatchString(kb) {
		return invalid("knowledge base %q: want 1-64 of a-z, 0-9, '_' and '-'", clip(kb))
	}
	return nil
}

// ValidID checks an entity id.
func ValidID(field, id string) error {
	if !idRE.MatchString(id) {
		return invalid("%s %q: want 1-128 letters, digits and . _ : / - (starting with a letter or digit)", field, clip(id))
	}
	return nil
}

// ValidEntityType checks an entity type against EntityTypes.
func ValidEntityType(t string) error {
	if !slices.Contains(EntityTypes, t) {
		return invalid("entity type %q is unknown; known types: %s", clip(t), strings.Join(EntityTypes, ", "))
	}
	return nil
}

// ValidRelationType checks a relation type against RelationTypes.
func ValidRelationType(t string) error {
	if !slices.Contains(RelationTypes, t) {
		return invalid("relation type %q is unknown; known types: %s", clip(t), strings.Join(RelationTypes, ", "))
	}
	return nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		return string(r[:40]) + "…"
	}
	return s
}

func validText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(norm.NFC.String(s))
	if required && s == "" {
		return "", invalid("%s is required", field)
	}
	if !utf8.ValidString(s) {
		return "", invalid("%s is not valid UTF-8", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalid("%s is %d characters long; the limit is %d", field, n, max)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
		return "", invalid("%s contains control characters", field)
	}
	return s, nil
}

// NormalizeAttribute checks an attribute and puts its value in canonical form.
func NormalizeAttribute(field string, a Attribute) (Attribute, error) {
	key, err := validText(field+".key", a.Key, 64, true)
	if err != nil {
		return a, err
	}
	if !keyRE.MatchString(key) {
		return a, invalid("%s.key %q: want letters, digits, spaces and _ . - / （ ） ( ) 【 】 、 · & + %% ×", field, clip(key))
	}
	a.Key = key
	if a.Path != "" {
		path, err := validText(field+".path", a.Path, MaxPathLen, false)
		if err != nil {
			return a, err
		}
		if !pathRE.MatchString(path) {
			return a, invalid("%s.path %q: want up to %d letters, digits, '_', '.', '-', '/' or spaces", field, clip(path), MaxPathLen)
		}
		a.Path = path
	}
	for _, x := range []struct {
		name string
		v    *float64
	}{{"num", a.Num}, {"max", a.Max}} {
		if x.v != nil && (math.IsNaN(*x.v) || math.IsInf(*x.v, 0)) {
			return a, invalid("%s (%s).%s: %v is not a finite number", field, key, x.name, *x.v)
		}
	}
	if a.Max != nil && a.Num == nil {
		return a, invalid("%s (%s): max without num", field, key)
	}
	if a.Unit, err = validText(field+".unit", a.Unit, MaxUnitLen, false); err != nil {
		return a, err
	}
	if a.Kind == "" {
		a.Kind = KindString
	}
	if a.Kind != KindList && len(a.List) > 0 {
		return a, invalid("%s (%s): list items given for a %s value", field, key, a.Kind)
	}
	switch a.Kind {
	case KindString:
		a.Value, err = validText(field+".value", a.Value, MaxValueLen, false)
	case KindNumber:
		f, perr := ParseNumber(a.Value)
		if perr != nil {
			return a, invalid("%s (%s): %v", field, key, perr)
		}
		a.Value = FormatNumber(f)
	case KindBool:
		b, perr := strconv.ParseBool(strings.TrimSpace(a.Value))
		if perr != nil {
			return a, invalid("%s (%s): %q is not true or false", field, key, clip(a.Value))
		}
		a.Value = strconv.FormatBool(b)
	case KindDate:
		d, perr := time.Parse(time.DateOnly, strings.TrimSpace(a.Value))
		if perr != nil {
			return a, invalid("%s (%s): %q is not a date (want YYYY-MM-DD)", field, key, clip(a.Value))
		}
		a.Value = d.Format(time.DateOnly)
	case KindList:
		if a.Value != "" {
			return a, invalid("%s (%s): a LIST keeps its items in list, not value", field, key)
		}
		if len(a.List) > MaxListItems {
			return a, invalid("%s (%s): %d items; the limit is %d", field, key, len(a.List), MaxListItems)
		}
		out := make([]string, 0, len(a.List))
		for i, v := range a.List {
			v, err = validText(fmt.Sprintf("%s.list[%d]", field, i), v, MaxValueLen, true)
			if err != nil {
				return a, err
			}
			out = append(out, v)
		}
		a.List = out
	default:
		return a, invalid("%s (%s): unknown kind %q", field, key, a.Kind)
	}
	return a, err
}

// decimalRE is the one syntax of a NUMBER: an optional sign, decimal digits
// with an optional fraction, and an optional exponent. strconv.ParseFloat
// alone also takes "NaN", "Inf", hex floats ("0x1p4") and underscores
// ("1_000"), which no source means as a quantity.
var decimalRE = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// ParseNumber reads a NUMBER value: a finite decimal number, negative ones
// included (a temperature or an offset is a number like any other). It is
// the one rule for numbers, used by curation and corrections (through
// NormalizeAttribute) and by ingest.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if !decimalRE.MatchString(t) {
		return 0, fmt.Errorf("%q is not a number (want a finite decimal such as 19.9 or -5)", clip(s))
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number (it is out of range)", clip(s))
	}
	if f == 0 {
		f = 0 // "-0" is 0
	}
	return f, nil
}

// FormatNumber is the canonical text of a number: no exponent, no trailing
// zeros.
func FormatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func normalizeAttributes(field string, attrs []Attribute) ([]Attribute, error) {
	if len(attrs) > MaxAttrs {
		return nil, invalid("%s: %d attributes; the limit is %d", field, len(attrs), MaxAttrs)
	}
	out := make([]Attribute, 0, len(attrs))
	seen := map[string]bool{}
	for i, a := range attrs {
		a, err := NormalizeAttribute(field+"["+strconv.Itoa(i)+"]", a)
		if err != nil {
			return nil, err
		}
		if seen[a.Key] {
			return nil, invalid("%s: attribute %q given twice", field, a.Key)
		}
		seen[a.Key] = true
		out = append(out, a)
	}
	return out, nil
}

func normalizeChannels(field string, chs []string) ([]string, error) {
	out := make([]string, 0, len(chs))
	for _, ch := range chs {
		ch = strings.ToLower(strings.TrimSpace(ch))
		if err := ValidChannel(ch); err != nil {
			return nil, fmt.Errorf("%s: %w", field, err)
		}
		if !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	slices.Sort(out)
	return out, nil
}

func normalizeAliases(field string, as []Alias) ([]Alias, error) {
	if len(as) > MaxAliases {
		return nil, invalid("%s: %d aliases; the limit is %d", field, len(as), MaxAliases)
	}
	out := make([]Alias, 0, len(as))
	for i, a := range as {
		t, err := validText(fmt.Sprintf("%s[%d].text", field, i), a.Text, MaxNameLen, true)
		if err != nil {
			return nil, err
		}
		switch a.Lang {
		case "", "zh", "en":
		default:
			return nil, invalid("%s[%d].lang %q: want zh, en or empty", field, i, clip(a.Lang))
		}
		if !slices.ContainsFunc(out, func(b Alias) bool { return b.Text == t }) {
			out = append(out, Alias{Text: t, Lang: a.Lang})
		}
	}
	return out, nil
}

func validProvenance(field string, p *Provenance) error {
	switch p.Kind {
	case "":
		p.Kind = ProvUser
	case ProvSource, ProvCorrection, ProvUser, ProvExtracted, ProvMerge, ProvCorrectionRevert:
	default:
		return invalid("%s.kind %q is unknown", field, clip(string(p.Kind)))
	}
	if p.Confidence < 0 || p.Confidence > 1 {
		return invalid("%s.confidence %v: want 0..1", field, p.Confidence)
	}
	for _, s := range []*string{&p.Source, &p.Correction, &p.Actor, &p.Approver} {
		v, err := validText(field, *s, MaxNameLen, false)
		if err != nil {
			return err
		}
		*s = v
	}
	n, err := validText(field+".note", p.Note, MaxValueLen, false)
	p.Note = n
	return err
}

// Normalize validates a batch in place and puts its values in canonical
// form. Backends call it first in Apply, so nothing invalid is ever stored.
func (b *Batch) Normalize() error {
	if b.Len() == 0 {
		return invalid("the batch is empty")
	}
	if b.Len() > MaxBatch {
		return invalid("the batch has %d operations; the limit is %d", b.Len(), MaxBatch)
	}
	seen := map[string]bool{}
	for i := range b.Entities {
		u := &b.Entities[i]
		f := "entities[" + strconv.Itoa(i) + "]"
		if err := ValidID(f+".id", u.ID); err != nil {
			return err
		}
		if seen[u.ID] {
			return invalid("%s: entity %q appears twice in the batch", f, u.ID)
		}
		seen[u.ID] = true
		if u.Type != "" {
			if err := ValidEntityType(u.Type); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
		}
		var err error
		if u.Name, err = validText(f+".name", u.Name, MaxNameLen, false); err != nil {
			return err
		}
		if u.Aliases != nil {
			as, err := normalizeAliases(f+".aliases", *u.Aliases)
			if err != nil {
				return err
			}
			u.Aliases = &as
		}
		if u.Channels != nil {
			chs, err := normalizeChannels(f+".channels", *u.Channels)
			if err != nil {
				return err
			}
			u.Channels = &chs
		}
		if u.Attributes, err = normalizeAttributes(f+".attributes", u.Attributes); err != nil {
			return err
		}
		for _, k := range u.RemoveAttributes {
			if slices.ContainsFunc(u.Attributes, func(a Attribute) bool { return a.Key == k }) {
				return invalid("%s: attribute %q is both set and removed", f, k)
			}
		}
		if u.BaseVersion < 0 {
			return invalid("%s.baseVersion %d: want a positive version", f, u.BaseVersion)
		}
		if err := validProvenance(f+".provenance", &u.Provenance); err != nil {
			return err
		}
	}
	rseen := map[RelationKey]bool{}
	for i := range b.Relations {
		u := &b.Relations[i]
		f := "relations[" + strconv.Itoa(i) + "]"
		if err := ValidID(f+".from", u.From); err != nil {
			return err
		}
		if err := ValidID(f+".to", u.To); err != nil {
			return err
		}
		if err := ValidRelationType(u.Type); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if u.From == u.To {
			return invalid("%s: a relation from %q to itself", f, u.From)
		}
		k := RelationKey{From: u.From, Type: u.Type, To: u.To}
		if rseen[k] {
			return invalid("%s: relation %s appears twice in the batch", f, k)
		}
		rseen[k] = true
		if u.Channels != nil {
			chs, err := normalizeChannels(f+".channels", *u.Channels)
			if err != nil {
				return err
			}
			u.Channels = &chs
		}
		var err error
		if u.Attributes, err = normalizeAttributes(f+".attributes", u.Attributes); err != nil {
			return err
		}
		if u.BaseVersion < 0 {
			return invalid("%s.baseVersion %d: want a positive version", f, u.BaseVersion)
		}
		if err := validProvenance(f+".provenance", &u.Provenance); err != nil {
			return err
		}
	}
	for i := range b.Retire {
		r := &b.Retire[i]
		f := fmt.Sprintf("retire[%d]", i)
		switch {
		case r.EntityID != "" && r.Relation == nil:
			if err := ValidID(f+".entityId", r.EntityID); err != nil {
				return err
			}
		case r.EntityID == "" && r.Relation != nil:
			if err := ValidID(f+".relation.from", r.Relation.From); err != nil {
				return err
			}
			if err := ValidID(f+".relation.to", r.Relation.To); err != nil {
				return err
			}
			if err := ValidRelationType(r.Relation.Type); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
		default:
			return invalid("%s: give either entityId or relation", f)
		}
		if r.BaseVersion < 0 {
			return invalid("%s.baseVersion %d: want a positive version", f, r.BaseVersion)
		}
		if err := validProvenance(f+".provenance", &r.Provenance); err != nil {
			return err
		}
	}
	for i := range b.Cancel {
		c := &b.Cancel[i]
		f := fmt.Sprintf("cancel[%d]", i)
		switch {
		case c.EntityID != "" && c.Relation == nil:
			if err := ValidID(f+".entityId", c.EntityID); err != nil {
				return err
			}
		case c.EntityID == "" && c.Relation != nil:
			if err := ValidID(f+".relation.from", c.Relation.From); err != nil {
				return err
			}
			if err := ValidID(f+".relation.to", c.Relation.To); err != nil {
				return err
			}
			if err := ValidRelationType(c.Relation.Type); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
		default:
			return invalid("%s: give either entityId or relation", f)
		}
		if c.Version <= 0 {
			return invalid("%s.version %d: want a positive version", f, c.Version)
		}
		if err := validProvenance(f+".provenance", &c.Provenance); err != nil {
			return err
		}
	}
	return nil
}

// NormalizeName folds a name for matching: NFKC (full-width to half-width),
// lower case, without spaces and common punctuation.
func NormalizeName(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '·', '・', '-', '_', '(', ')', '（', '）', '"', '\'', '“', '”', '《', '》':
			return -1
		}
		return r
	}, s)
}
