package parse

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"kgrag/kg"
)

// Catalog shapes: a product record may nest objects ("specs": {...}) and
// lists of objects ("variants": [{"sku": ...}, ...]). Every leaf of a
// nested object becomes an attribute keyed by its own name with the path
// it came from ("吸力" at "specs.吸力"); each object of a list becomes a
// Variant of the product.

// Limits on the shape of one record, so a wrong or hostile file is
// refused with the path that breaks them instead of being half read.
const (
	MaxDepth    = 4   // objects nested below the record
	MaxKeys     = 200 // keys of one nested object
	MaxVariants = 500 // objects in one list of variants
)

// Variant is one object of a product's list of objects (a SKU).
type Variant struct {
	// ID is the object's sku (or id) field, else "<product id>/<n>".
	ID string
	// List is the key of the list it is in ("variants"); Index its
	// position there, from 0.
	List  string
	Index int
	// Name is the product's name and the values that tell this variant
	// from the others ("贝窝云柔纸尿裤 M"); NameEN likewise, when the
	// product has an English name.
	Name   string
	NameEN string
	// Channels are the variant's own channels when it lists them, else nil
	// (the product's).
	Channels   []string
	Attributes []kg.Attribute
	// label is the variant's own name field, when it has one.
	label string
}

// attrSet collects the attributes of one entity: flat ones first, so a
// key written at the top level keeps its name, then flattened ones; a
// flattened leaf whose key is taken goes under its full path instead.
type attrSet struct {
	attrs    []kg.Attribute
	holder   map[string]string // key → where the attribute holding it was written
	warnings []string
}

func newAttrSet() *attrSet { return &attrSet{holder: map[string]string{}} }

func (s *attrSet) add(a kg.Attribute, where string) error {
	if a.Kind == kg.KindList && len(a.List) == 0 || a.Kind != kg.KindList && a.Value == "" {
		return nil // an empty value is an absent one
	}
	if first, taken := s.holder[a.Key]; taken {
		if a.Path == "" || a.Path == a.Key {
			return fmt.Errorf("attribute %q given twice", a.Key)
		}
		if _, alsoTaken := s.holder[a.Path]; alsoTaken {
			return fmt.Errorf("%s: attribute %q given twice", where, a.Path)
		}
		s.warnings = append(s.warnings, fmt.Sprintf("%s and %s are both %q: the first keeps the key, the second is loaded under key %q",
			first, where, a.Key, a.Path))
		a.Key = a.Path
		n, err := kg.NormalizeAttribute("attribute", a)
		if err != nil {
			return fmt.Errorf("%s: %v", where, cleanErr(err))
		}
		a = n
	}
	s.holder[a.Key] = where
	s.attrs = append(s.attrs, a)
	return nil
}

// cleanErr is a kg validation error without its sentinel and field
// prefix: the caller names the path.
func cleanErr(err error) string {
	return strings.TrimPrefix(strings.TrimPrefix(err.Error(), kg.ErrInvalid.Error()+": "), "attribute.")
}

// joinPath appends a key to a path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// leaf builds the attribute of one scalar or list value at path (key is
// its last part; where is how errors name it, "variants[2].price_cny").
// Strings keep their text and get their measure parsed; numbers are NUMBER
// with Num.
func leaf(key, path, where string, v any, depth int) (kg.Attribute, error) {
	a := kg.Attribute{Key: key, Path: path}
	switch x := v.(type) {
	case json.Number:
		a.Kind, a.Value = kg.KindNumber, x.String()
	case bool:
		a.Kind, a.Value = kg.KindBool, strconv.FormatBool(x)
	case []any:
		if len(x) > kg.MaxListItems {
			return a, fmt.Errorf("%s: %d items; the limit is %d", where, len(x), kg.MaxListItems)
		}
		a.Kind = kg.KindList
		for i, it := range x {
			var s string
			switch y := it.(type) {
			case object, []any:
				t, err := itemText(y, depth+1, fmt.Sprintf("%s[%d]", where, i))
				if err != nil {
					return a, err
				}
				s = t
			default:
				t, err := str(y)
				if err != nil {
					return a, fmt.Errorf("%s[%d]: %v", where, i, err)
				}
				s = t
			}
			if s != "" {
				a.List = append(a.List, s)
			}
		}
	case object:
		return a, fmt.Errorf("%s: want text, a number or a list, got an object", where)
	default:
		s, err := str(v)
		if err != nil {
			return a, fmt.Errorf("%s: %v", where, err)
		}
		a.Kind, a.Value = kg.KindString, s
	}
	n, err := kg.NormalizeAttribute("attribute", a)
	if err != nil {
		return a, fmt.Errorf("%s: %v", where, cleanErr(err))
	}
	return kg.Measure(n), nil
}

// itemText renders an object or list inside a list as one text item
// ("名称：喇叭罩，数量：1"), since a list item has no key to flatten to.
func itemText(v any, depth int, where string) (string, error) {
	if depth > MaxDepth {
		return "", fmt.Errorf("%s: nested more than %d levels deep", where, MaxDepth)
	}
	var parts []string
	switch x := v.(type) {
	case object:
		if len(x) > MaxKeys {
			return "", fmt.Errorf("%s: %d keys; the limit is %d", where, len(x), MaxKeys)
		}
		for _, e := range x {
			s, err := itemText(e.val, depth+1, where+"."+e.key)
			if err != nil {
				return "", err
			}
			if s != "" {
				parts = append(parts, e.key+"："+s)
			}
		}
		return strings.Join(parts, "，"), nil
	case []any:
		if len(x) > kg.MaxListItems {
			return "", fmt.Errorf("%s: %d items; the limit is %d", where, len(x), kg.MaxListItems)
		}
		for i, it := range x {
			s, err := itemText(it, depth+1, fmt.Sprintf("%s[%d]", where, i))
			if err != nil {
				return "", err
			}
			if s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "、"), nil
	}
	s, err := str(v)
	if err != nil {
		return "", fmt.Errorf("%s: %v", where, err)
	}
	return s, nil
}

// flatten adds every leaf of object o, found at path (depth levels below
// the record; where names it in errors), to s.
func flatten(s *attrSet, path, where string, o object, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("%s: nested more than %d levels deep", where, MaxDepth)
	}
	if len(o) > MaxKeys {
		return fmt.Errorf("%s: %d keys; the limit is %d", where, len(o), MaxKeys)
	}
	seen := map[string]bool{}
	for _, e := range o {
		p, w := joinPath(path, e.key), joinPath(where, e.key)
		if seen[e.key] {
			return fmt.Errorf("%s: key %q appears twice", where, e.key)
		}
		seen[e.key] = true
		switch x := e.val.(type) {
		case nil:
		case object:
			if err := flatten(s, p, w, x, depth+1); err != nil {
				return err
			}
		default:
			a, err := leaf(e.key, p, w, x, depth)
			if err != nil {
				return err
			}
			if err := s.add(a, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// objectList reports whether v is a non-empty list whose items are all
// objects; mixed reports a list of objects and other values.
func objectList(v any) (items []any, ok bool, mixed bool) {
	l, isList := v.([]any)
	if !isList || len(l) == 0 {
		return nil, false, false
	}
	objs := 0
	for _, it := range l {
		if _, o := it.(object); o {
			objs++
		}
	}
	switch objs {
	case 0:
		return nil, false, false
	case len(l):
		return l, true, false
	}
	return nil, false, true
}

// idKey and nameKey tell the fields of a variant that are its id and its
// name, by the same column synonyms as a record's.
func fieldOf(key string) string { return synonyms[strings.ToLower(strings.TrimSpace(key))] }

// variants reads a product's list of objects at key.
func (p *Product) readVariants(key string, items []any) error {
	if len(items) > MaxVariants {
		return fmt.Errorf("%s: %d items; the limit is %d", key, len(items), MaxVariants)
	}
	seen := map[string]int{}
	start := len(p.Variants)
	for i, it := range items {
		o := it.(object)
		where := fmt.Sprintf("%s[%d]", key, i)
		if len(o) > MaxKeys {
			return fmt.Errorf("%s: %d keys; the limit is %d", where, len(o), MaxKeys)
		}
		v := Variant{List: key, Index: i}
		set := newAttrSet()
		var nested []kv
		keys := map[string]bool{}
		for _, e := range o {
			f := where + "." + e.key
			if keys[e.key] {
				return fmt.Errorf("%s: key %q appears twice", where, e.key)
			}
			keys[e.key] = true
			path := key + "." + e.key
			switch fieldOf(e.key) {
			case fID:
				s, err := str(e.val)
				if err != nil {
					return fmt.Errorf("%s: %v", f, err)
				}
				if s != "" {
					if err := checkID(f, s); err != nil {
						return err
					}
					v.ID = s
					continue
				}
			case fName:
				s, err := str(e.val)
				if err != nil {
					return fmt.Errorf("%s: %v", f, err)
				}
				v.label = s
				continue
			case fPrice:
				n, err := number(e.val)
				if err != nil {
					return fmt.Errorf("%s: %v", f, err)
				}
				if n != "" {
					if err := set.add(kg.Measure(kg.Attribute{Key: fPrice, Path: path, Kind: kg.KindNumber, Value: n}), f); err != nil {
						return err
					}
				}
				continue
			case fChannels:
				chs, err := channels(e.val)
				if err != nil {
					return fmt.Errorf("%s: %v", f, err)
				}
				v.Channels = chs
				continue
			}
			switch x := e.val.(type) {
			case nil:
			case object:
				nested = append(nested, e)
			default:
				a, err := leaf(e.key, path, f, x, 2)
				if err != nil {
					return err
				}
				if err := set.add(a, f); err != nil {
					return err
				}
			}
		}
		for _, e := range nested {
			if err := flatten(set, key+"."+e.key, where+"."+e.key, e.val.(object), 3); err != nil {
				return err
			}
		}
		if v.ID == "" {
			v.ID = fmt.Sprintf("%s/%d", p.ID, i+1)
			if err := checkID(where+" id", v.ID); err != nil {
				return err
			}
		}
		if v.ID == p.ID {
			return fmt.Errorf("%s: sku %q is the product's own id", where, v.ID)
		}
		if prev, dup := seen[v.ID]; dup {
			return fmt.Errorf("%s: sku %q is used twice (first at %s[%d])", where, v.ID, key, prev)
		}
		seen[v.ID] = i
		if len(set.attrs) > kg.MaxAttrs {
			return fmt.Errorf("%s: %d attributes; the limit is %d", where, len(set.attrs), kg.MaxAttrs)
		}
		v.Attributes = set.attrs
		for _, w := range set.warnings {
			p.Warnings = append(p.Warnings, where+": "+w)
		}
		p.Variants = append(p.Variants, v)
	}
	nameVariants(p, p.Variants[start:])
	return nil
}

// nameVariants names each variant by the product's name and the values
// that tell it from the others: the first fields, in source order, whose
// values differ, until every variant's values are its own ("… M", "…
// 400g"). A lone variant is named by its first value.
func nameVariants(p *Product, vs []Variant) {
	var keys []string
	for _, v := range vs {
		for _, a := range v.Attributes {
			if a.Kind != kg.KindList && a.Key != fPrice && !containsStr(keys, a.Key) {
				keys = append(keys, a.Key)
			}
		}
	}
	value := func(v Variant, k string) string {
		for _, a := range v.Attributes {
			if a.Key == k {
				return a.Value
			}
		}
		return ""
	}
	var chosen []string
	distinct := func() bool {
		seen := map[string]bool{}
		for _, v := range vs {
			var b strings.Builder
			for _, k := range chosen {
				b.WriteString(value(v, k) + "\x00")
			}
			if seen[b.String()] {
				return false
			}
			seen[b.String()] = true
		}
		return true
	}
	for _, k := range keys {
		if len(vs) > 1 && distinct() {
			break
		}
		first, differs := value(vs[0], k), false
		for _, v := range vs[1:] {
			differs = differs || value(v, k) != first
		}
		if differs || len(vs) == 1 {
			chosen = append(chosen, k)
			if len(vs) == 1 {
				break
			}
		}
	}
	for i := range vs {
		v := &vs[i]
		var parts []string
		for _, k := range chosen {
			if s := value(*v, k); s != "" {
				parts = append(parts, s)
			}
		}
		suffix := strings.Join(parts, " ")
		switch {
		case v.label != "" && strings.Contains(v.label, p.Name):
			v.Name = v.label
		case v.label != "":
			suffix = v.label
		}
		if suffix == "" {
			suffix = v.ID
		}
		if v.Name == "" {
			v.Name = clipName(p.Name + " " + suffix)
		}
		if p.NameEN != "" {
			v.NameEN = clipName(p.NameEN + " " + suffix)
		}
	}
}

func clipName(s string) string {
	r := []rune(s)
	if len(r) <= kg.MaxNameLen {
		return s
	}
	return string(r[:kg.MaxNameLen-1]) + "…"
}
