package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"kgrag/kg"
)

// Record fields a column or key can map to.
const (
	fID             = "id"
	fName           = "name"
	fNameEN         = "name_en"
	fCategory       = "category"
	fSeries         = "series"
	fPrice          = "price_cny"
	fChannels       = "channels"
	fLaunched       = "launched"
	fDiscontinued   = "discontinued"
	fIngredients    = "ingredients"
	fSuitableFor    = "suitable_for"
	fNotSuitableFor = "not_suitable_for"
	fRelated        = "related"
	fAttributes     = "attributes"
	fQuestion       = "question"
	fAnswer         = "answer"
	fTags           = "tags"
	fTitle          = "title"
	fText           = "text"
)

// Fields are the record fields a column mapping may name.
var Fields = []string{fID, fName, fNameEN, fCategory, fSeries, fPrice, fChannels, fLaunched, fDiscontinued,
	fIngredients, fSuitableFor, fNotSuitableFor, fRelated, fAttributes, fQuestion, fAnswer, fTags, fTitle, fText,
	"refill_of", "set_contains", "compatible_with", "replaces"}

// synonyms map normalised column names to fields.
var synonyms = map[string]string{
	"id": fID, "编号": fID, "sku": fID, "货号": fID, "商品编号": fID, "商品id": fID, "faq_id": fID, "问题编号": fID,
	"name": fName, "名称": fName, "商品名称": fName, "品名": fName, "product_name": fName, "商品名": fName,
	"name_en": fNameEN, "英文名": fNameEN, "英文名称": fNameEN, "english_name": fNameEN,
	"category": fCategory, "品类": fCategory, "类目": fCategory, "分类": fCategory,
	"series":    fSeries,
	"price_cny": fPrice, "price": fPrice, "价格": fPrice, "售价": fPrice, "价格(元)": fPrice, "价格（元）": fPrice,
	"channels": fChannels, "channel": fChannels, "渠道": fChannels, "销售渠道": fChannels,
	"launched": fLaunched, "上市日期": fLaunched, "discontinued": fDiscontinued, "停产日期": fDiscontinued,
	"ingredients": fIngredients, "成分": fIngredients, "主要成分": fIngredients,
	"suitable_for": fSuitableFor, "适用人群": fSuitableFor, "适合": fSuitableFor,
	"not_suitable_for": fNotSuitableFor, "不适用人群": fNotSuitableFor, "不适合": fNotSuitableFor,
	"related": fRelated, "attributes": fAttributes,
	"question": fQuestion, "问题": fQuestion, "q": fQuestion, "answer": fAnswer, "答案": fAnswer, "回答": fAnswer, "a": fAnswer,
	"tags": fTags, "标签": fTags, "title": fTitle, "标题": fTitle,
	"text": fText, "content": fText, "body": fText, "正文": fText, "内容": fText,
	"refill_of": "refill_of", "set_contains": "set_contains", "compatible_with": "compatible_with", "replaces": "replaces",
}

// field is one key of a record with the field it maps to ("" when none).
type field struct {
	key   string
	canon string
	val   any // string, json.Number, bool, nil, []any, object
}

// object is a JSON object with its keys in source order.
type object []kv

type kv struct {
	key string
	val any
}

type record struct {
	line   int
	fields []field
}

func (r *record) get(canon string) (any, bool) {
	for _, f := range r.fields {
		if f.canon == canon {
			return f.val, true
		}
	}
	return nil, false
}

func (r *record) has(canon string) bool { _, ok := r.get(canon); return ok }

// mapColumn returns the field a column maps to.
func mapColumn(name string, user map[string]string) (string, error) {
	if f, ok := user[name]; ok {
		if f == "" || f == "-" {
			return "", nil
		}
		if !containsStr(Fields, f) {
			return "", fmt.Errorf("column mapping %q=%q: unknown field; known: %s", name, f, strings.Join(Fields, ", "))
		}
		return f, nil
	}
	return synonyms[strings.ToLower(strings.TrimSpace(name))], nil
}

// nameKind is the kind a record file's name says: products*.jsonl,
// catalog.csv, faq.csv; "" when it says nothing.
func nameKind(name string) Kind {
	base := strings.ToLower(path.Base(name))
	for _, p := range []struct {
		prefix string
		kind   Kind
	}{{"product", KindProduct}, {"catalog", KindProduct}, {"商品", KindProduct}, {"faq", KindFAQ}, {"常见问题", KindFAQ}} {
		if strings.HasPrefix(base, p.prefix) {
			return p.kind
		}
	}
	return ""
}

// detectKind guesses a record source's kind from the fields it maps.
func detectKind(r *record) Kind {
	switch {
	case r.has(fQuestion) && r.has(fAnswer):
		return KindFAQ
	case r.has(fID) && r.has(fName) && (r.has(fPrice) || r.has(fCategory) || r.has(fChannels) || r.has(fRelated)):
		return KindProduct
	}
	return KindDoc
}

func str(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(x), nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", fmt.Errorf("want text, got %s", describe(v))
}

func describe(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case object:
		return "an object"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "text"
}

func splitList(s string, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// list reads a list: a JSON array, or text split at '|'.
func list(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return splitList(x, "|"), nil
	case []any:
		var out []string
		for i, it := range x {
			s, err := str(it)
			if err != nil {
				return nil, fmt.Errorf("item %d: %v", i+1, err)
			}
			if s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list, got %s", describe(v))
}

// listOrAll reads a list where "all" (or nothing) means everything.
func listOrAll(v any) (items []string, all bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, true, nil
	case string:
		if allWords[strings.ToLower(strings.TrimSpace(x))] || strings.TrimSpace(x) == "" {
			return nil, true, nil
		}
		items = splitList(x, "|,，、")
	default:
		if items, err = list(v); err != nil {
			return nil, false, err
		}
	}
	for _, it := range items {
		if allWords[strings.ToLower(it)] {
			return nil, true, nil
		}
	}
	return items, len(items) == 0, nil
}

var thousandsRE = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)

// number reads a price or amount: a number, or text like "259", "¥1,599"
// or "19.9元".
func number(v any) (string, error) {
	s, err := str(v)
	if err != nil || s == "" {
		return "", err
	}
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥"), "元"))
	if thousandsRE.MatchString(t) {
		t = strings.ReplaceAll(t, ",", "")
	}
	f, perr := kg.ParseNumber(t)
	if perr != nil {
		return "", perr
	}
	return kg.FormatNumber(f), nil
}

var dateLayouts = []string{time.DateOnly, "2006/01/02", "2006-1-2", "2006/1/2", "2006年1月2日", "2006.01.02"}

// date reads a YYYY-MM-DD date (a few common variants too); null or "" is "".
func date(v any) (string, error) {
	s, err := str(v)
	if err != nil || s == "" || strings.EqualFold(s, "null") {
		return "", err
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
}

func (o object) plain() map[string]any {
	m := make(map[string]any, len(o))
	for _, e := range o {
		if in, ok := e.val.(object); ok {
			m[e.key] = in.plain()
		} else {
			m[e.key] = e.val
		}
	}
	return m
}

func checkID(what, id string) error {
	if err := kg.ValidID(what, id); err != nil {
		return fmt.Errorf("%s %q is not a valid id (1-128 letters, digits and . _ : / -)", what, id)
	}
	return nil
}

// product builds a catalog record; errors name the field.
func product(r *record) (Product, error) {
	p := Product{Line: r.line}
	var err error
	get := func(f string) any { v, _ := r.get(f); return v }
	wrap := func(f string, err error) error { return fmt.Errorf("%s: %v", f, err) }
	if p.ID, err = str(get(fID)); err != nil {
		return p, wrap("id", err)
	}
	if p.ID == "" {
		return p, fmt.Errorf("id is missing")
	}
	if err := checkID("id", p.ID); err != nil {
		return p, err
	}
	if p.Name, err = str(get(fName)); err != nil {
		return p, wrap("name", err)
	}
	if p.Name == "" {
		return p, fmt.Errorf("name is missing")
	}
	if n := len([]rune(p.Name)); n > kg.MaxNameLen {
		return p, fmt.Errorf("name is %d characters long; the limit is %d", n, kg.MaxNameLen)
	}
	if p.NameEN, err = str(get(fNameEN)); err != nil {
		return p, wrap("name_en", err)
	}
	if p.Category, err = str(get(fCategory)); err != nil {
		return p, wrap("category", err)
	}
	if p.Series, err = str(get(fSeries)); err != nil {
		return p, wrap("series", err)
	}
	if p.PriceCNY, err = number(get(fPrice)); err != nil {
		return p, wrap("price_cny", err)
	}
	if v, ok := r.get(fChannels); ok {
		if p.Channels, err = channels(v); err != nil {
			return p, wrap("channels", err)
		}
	}
	if p.Launched, err = date(get(fLaunched)); err != nil {
		return p, wrap("launched", err)
	}
	if p.Discontinued, err = date(get(fDiscontinued)); err != nil {
		return p, wrap("discontinued", err)
	}
	for f, dst := range map[string]*[]string{fIngredients: &p.Ingredients, fSuitableFor: &p.SuitableFor, fNotSuitableFor: &p.NotSuitableFor} {
		if *dst, err = list(get(f)); err != nil {
			return p, wrap(f, err)
		}
	}
	if v, ok := r.get(fRelated); ok && v != nil {
		items, ok := v.([]any)
		if !ok {
			return p, fmt.Errorf("related: want a list of {\"type\", \"id\"} objects, got %s", describe(v))
		}
		for i, it := range items {
			o, ok := it.(object)
			if !ok {
				return p, fmt.Errorf("related[%d]: want an object {\"type\", \"id\"}, got %s", i, describe(it))
			}
			var rel Related
			for _, e := range o {
				s, err := str(e.val)
				if err != nil {
					return p, fmt.Errorf("related[%d].%s: %v", i, e.key, err)
				}
				switch e.key {
				case "type":
					rel.Type = strings.ToLower(s)
				case "id":
					rel.ID = s
				}
			}
			if err := p.addRelated(rel, fmt.Sprintf("related[%d]", i)); err != nil {
				return p, err
			}
		}
	}
	for _, t := range RelatedTypes {
		ids, err := list(get(t))
		if err != nil {
			return p, wrap(t, err)
		}
		for _, id := range ids {
			if err := p.addRelated(Related{Type: t, ID: id}, t); err != nil {
				return p, err
			}
		}
	}
	// Flat attributes first (the attributes object's values, then the
	// record's other keys), so they keep their keys; then the leaves of
	// nested objects, which take their path as key when theirs is taken.
	set := newAttrSet()
	type nest struct {
		path, where string
		depth       int
		o           object
	}
	var nested []nest
	var lists []kv
	addFlat := func(key, where string, v any) error {
		if v == nil {
			return nil // a null attribute is an absent one
		}
		a, err := leaf(key, "", where, v, 1)
		if err != nil {
			return err
		}
		return set.add(a, where)
	}
	if v, ok := r.get(fAttributes); ok && v != nil {
		o, ok := v.(object)
		if !ok {
			return p, fmt.Errorf("attributes: want an object, got %s", describe(v))
		}
		if len(o) > MaxKeys {
			return p, fmt.Errorf("attributes: %d keys; the limit is %d", len(o), MaxKeys)
		}
		for _, e := range o {
			if in, ok := e.val.(object); ok {
				// attributes is the record's own attributes: its nested
				// objects' paths start below it ("冲泡建议.水温").
				nested = append(nested, nest{e.key, "attributes." + e.key, 2, in})
				continue
			}
			if err := addFlat(e.key, "attributes."+e.key, e.val); err != nil {
				return p, err
			}
		}
	}
	for _, f := range r.fields {
		if f.canon != "" {
			continue
		}
		if in, ok := f.val.(object); ok {
			nested = append(nested, nest{f.key, f.key, 1, in})
			continue
		}
		if _, ok, mixed := objectList(f.val); ok || mixed {
			if mixed {
				return p, fmt.Errorf("%s: a list of objects and other values; want a list of objects (variants) or a list of text", f.key)
			}
			lists = append(lists, kv{f.key, f.val})
			continue
		}
		if err := addFlat(f.key, f.key, f.val); err != nil {
			return p, err
		}
	}
	for _, n := range nested {
		if err := flatten(set, n.path, n.where, n.o, n.depth); err != nil {
			return p, err
		}
	}
	if len(set.attrs) > kg.MaxAttrs {
		return p, fmt.Errorf("%d attributes (nested ones flattened); the limit is %d", len(set.attrs), kg.MaxAttrs)
	}
	p.Attributes = set.attrs
	p.Warnings = append(p.Warnings, set.warnings...)
	for _, l := range lists {
		if err := p.readVariants(l.key, l.val.([]any)); err != nil {
			return p, err
		}
	}
	if p.Series == "" {
		for _, a := range p.Attributes {
			if (a.Key == "系列" || strings.EqualFold(a.Key, "series")) && a.Kind == kg.KindString {
				p.Series = a.Value
			}
		}
	}
	return p, nil
}

func (p *Product) addRelated(rel Related, where string) error {
	if !containsStr(RelatedTypes, rel.Type) {
		return fmt.Errorf("%s: type %q is unknown; known: %s", where, rel.Type, strings.Join(RelatedTypes, ", "))
	}
	if rel.ID == "" {
		return fmt.Errorf("%s: id is missing", where)
	}
	if err := checkID(where+".id", rel.ID); err != nil {
		return err
	}
	if rel.ID == p.ID {
		return fmt.Errorf("%s: %s refers to the product itself", where, rel.Type)
	}
	for _, x := range p.Related {
		if x == rel {
			return nil
		}
	}
	p.Related = append(p.Related, rel)
	return nil
}

func faq(r *record) (FAQ, error) {
	f := FAQ{Line: r.line}
	var err error
	get := func(k string) any { v, _ := r.get(k); return v }
	if f.ID, err = str(get(fID)); err != nil {
		return f, fmt.Errorf("id: %v", err)
	}
	if f.Question, err = str(get(fQuestion)); err != nil {
		return f, fmt.Errorf("question: %v", err)
	}
	if f.Answer, err = str(get(fAnswer)); err != nil {
		return f, fmt.Errorf("answer: %v", err)
	}
	if f.Question == "" {
		return f, fmt.Errorf("question is empty")
	}
	if f.Answer == "" {
		return f, fmt.Errorf("answer is empty")
	}
	if n := len([]rune(f.Answer)); n > kg.MaxValueLen {
		return f, fmt.Errorf("answer is %d characters long; the limit is %d", n, kg.MaxValueLen)
	}
	if f.ID == "" {
		// No id: derive one from the question, so it stays stable as long
		// as the question does.
		h := sha256.Sum256([]byte(f.Question))
		f.ID = "faq-" + hex.EncodeToString(h[:6])
	}
	if err := checkID("id", f.ID); err != nil {
		return f, err
	}
	if f.Tags, err = list(get(fTags)); err != nil {
		return f, fmt.Errorf("tags: %v", err)
	}
	if v, ok := r.get(fChannels); ok {
		if f.Channels, err = channels(v); err != nil {
			return f, fmt.Errorf("channels: %v", err)
		}
	}
	return f, nil
}

// docSection renders a generic record as a section: its text field, or
// every field as "key：value" lines.
func docSection(r *record) (Section, error) {
	s := Section{Line: r.line}
	id, _ := r.get(fID)
	s.RecordID, _ = str(id)
	if t, ok := r.get(fTitle); ok {
		if title, err := str(t); err == nil && title != "" {
			s.HeadingPath = []string{title}
		}
	}
	if v, ok := r.get(fText); ok {
		t, err := str(v)
		if err != nil {
			return s, fmt.Errorf("text: %v", err)
		}
		s.Text = t
		return s, nil
	}
	var b strings.Builder
	for _, f := range r.fields {
		if f.canon == fID || f.canon == fTitle || f.val == nil {
			continue
		}
		var v string
		switch x := f.val.(type) {
		case []any:
			items, _ := list(x)
			v = strings.Join(items, "、")
		case object:
			bs, _ := json.Marshal(x.plain())
			v = string(bs)
		default:
			v, _ = str(x)
		}
		if v != "" {
			fmt.Fprintf(&b, "%s：%s\n", f.key, v)
		}
	}
	s.Text = strings.TrimSpace(b.String())
	return s, nil
}

// addRecords turns records into the document's products, FAQ or sections.
func addRecords(doc *Document, recs []*record, declared Kind, c *collector) {
	doc.Kind = declared
	if doc.Kind == "" || doc.Kind == KindPolicy {
		doc.Kind = nameKind(doc.Name)
	}
	if doc.Kind == "" {
		doc.Kind = KindDoc
		if len(recs) > 0 {
			doc.Kind = detectKind(recs[0])
		}
	}
	ids := map[string]int{}
	dup := func(id string, line int) bool {
		if prev, ok := ids[id]; ok {
			c.add(lineErr(doc.Name, line, "id %q is used twice (first at line %d)", id, prev))
			return true
		}
		ids[id] = line
		return false
	}
	for _, r := range recs {
		switch doc.Kind {
		case KindProduct:
			p, err := product(r)
			if err != nil {
				c.add(lineErr(doc.Name, r.line, "%v", err))
				continue
			}
			if dup(p.ID, r.line) {
				continue
			}
			// A variant's id is an entity id like a product's: unique in
			// the file.
			bad := false
			for _, v := range p.Variants {
				if prev, ok := ids[v.ID]; ok {
					c.add(lineErr(doc.Name, r.line, "%s[%d]: sku %q is used twice (first at line %d)", v.List, v.Index, v.ID, prev))
					bad = true
					continue
				}
				ids[v.ID] = r.line
			}
			if !bad {
				doc.Products = append(doc.Products, p)
			}
		case KindFAQ:
			f, err := faq(r)
			if err != nil {
				c.add(lineErr(doc.Name, r.line, "%v", err))
				continue
			}
			if !dup(f.ID, r.line) {
				doc.FAQs = append(doc.FAQs, f)
			}
		default:
			s, err := docSection(r)
			if err != nil {
				c.add(lineErr(doc.Name, r.line, "%v", err))
				continue
			}
			if s.Text != "" {
				doc.Sections = append(doc.Sections, s)
			}
		}
	}
}
