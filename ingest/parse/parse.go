// Package parse reads source files into records: a brand's product catalog
// (JSON Lines or CSV), policies (Markdown with YAML front matter), FAQ
// tables (CSV or JSON Lines), and generic Markdown, HTML, plain text, CSV and
// JSON Lines documents. It detects formats, kinds and encodings, refuses
// binary, oversized and unknown files, and reports malformed input as
// "file:line: what is wrong".
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"kgrag/ingest/textenc"
	"kgrag/kg"
)

// Errors; a LineError and every refusal wrap one of them.
var (
	// ErrInvalid: the content is malformed (a bad line, row or front matter).
	ErrInvalid = errors.New("invalid source")
	// ErrUnsupported: binary, oversized, or of an unknown format or encoding.
	ErrUnsupported = errors.New("unsupported source")
)

// Format is the syntax of a source.
type Format string

// Formats.
const (
	Markdown Format = "markdown"
	Text     Format = "text"
	HTML     Format = "html"
	CSV      Format = "csv"
	JSONL    Format = "jsonl"
	JSON     Format = "json" // an array of objects, read like JSON Lines
)

// Formats lists the formats and the file extensions that select them.
var Formats = map[string]Format{
	".md": Markdown, ".markdown": Markdown, ".mdown": Markdown,
	".txt": Text, ".text": Text,
	".html": HTML, ".htm": HTML, ".xhtml": HTML,
	".csv": CSV, ".tsv": CSV,
	".jsonl": JSONL, ".ndjson": JSONL, ".jsonlines": JSONL,
	".json": JSON,
}

// Kind is what a source's records are; it is also the kind of its chunks.
type Kind string

// Kinds.
const (
	KindProduct Kind = "product" // a catalog: one product per record
	KindPolicy  Kind = "policy"  // one policy document
	KindFAQ     Kind = "faq"     // one question and answer per record
	KindDoc     Kind = "doc"     // any other text
)

// Kinds in the order sources are applied: policies refer to products and
// categories, FAQ and documents mention everything.
var Kinds = []Kind{KindProduct, KindPolicy, KindFAQ, KindDoc}

// DefaultMaxBytes is the default size limit of one source.
const DefaultMaxBytes = 32 << 20

// Input is one source to parse.
type Input struct {
	// Name is the source id, shown in messages ("policies/x.md"); its
	// extension selects the format unless Format is set.
	Name string
	Data []byte
	// Format, Encoding and Kind are declared values; "" detects them.
	Format   Format
	Encoding string
	Kind     Kind
	// Columns maps source column (CSV header or JSON key) names to record
	// fields (id, name, name_en, category, series, price_cny, channels,
	// launched, discontinued, ingredients, suitable_for, not_suitable_for,
	// question, answer, tags, title, text). Built-in Chinese and English
	// synonyms apply to the columns not named here.
	Columns map[string]string
	// SkipBad skips malformed records (reported in Document.Skipped)
	// instead of rejecting the whole source.
	SkipBad bool
	// MaxBytes limits the size; 0 means DefaultMaxBytes.
	MaxBytes int64
}

// Document is a parsed source.
type Document struct {
	Name     string
	Format   Format
	Kind     Kind
	Encoding string
	Title    string
	// Channels are the document's channels from its front matter (nil: all).
	Channels []string
	Products []Product
	Policy   *Policy
	FAQs     []FAQ
	// Sections are the text of a policy or document, by heading.
	Sections []Section
	// Skipped are the records left out under SkipBad, as LineErrors.
	Skipped []error
}

// Section is a run of text under one heading path (or one generic record).
type Section struct {
	Line        int
	HeadingPath []string
	Text        string
	// RecordID is the id of a generic record (CSV row, JSON object) if it has one.
	RecordID string
}

// Related is a product's link to another product, as the source says it.
type Related struct {
	Type string // refill_of, set_contains, compatible_with, replaces
	ID   string
}

// RelatedTypes are the related-product link types a catalog may use.
var RelatedTypes = []string{"refill_of", "set_contains", "compatible_with", "replaces"}

// Product is one catalog record.
type Product struct {
	Line         int
	ID           string
	Name         string
	NameEN       string
	Category     string
	Series       string
	PriceCNY     string // canonical number; "" when not given
	Channels     []string
	Launched     string // YYYY-MM-DD or ""
	Discontinued string
	// Attributes are the record's other attributes, in source order: its
	// attributes object's and other keys' values, then the leaves of its
	// nested objects, each with its path ("specs.吸力").
	Attributes     []kg.Attribute
	Ingredients    []string
	SuitableFor    []string
	NotSuitableFor []string
	Related        []Related
	// Variants are the objects of the record's lists of objects (SKUs).
	Variants []Variant
	// Warnings are what was loaded other than as written (a nested key
	// that another attribute has, loaded under its path).
	Warnings []string
}

// Policy is a policy document's front matter.
type Policy struct {
	ID            string
	Title         string
	Channels      []string // nil: every channel
	AppliesTo     []string // nil: everything; else product ids, categories or series
	EffectiveFrom string   // YYYY-MM-DD or ""
	EffectiveTo   string   // YYYY-MM-DD (inclusive) or ""
	Supersedes    []string
	// Lines of the keys, for messages about them.
	Lines map[string]int
	Body  string
}

// FAQ is one question and its answer.
type FAQ struct {
	Line     int
	ID       string
	Question string
	Answer   string
	Tags     []string
	Channels []string
}

// LineError is a problem at one line of a source.
type LineError struct {
	File string
	Line int // 0: the whole file
	Msg  string
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap makes every LineError an ErrInvalid.
func (e *LineError) Unwrap() error { return ErrInvalid }

func lineErr(file string, line int, format string, args ...any) *LineError {
	return &LineError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func unsupported(name, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", name, fmt.Sprintf(format, args...), ErrUnsupported)
}

// DetectFormat returns the format an extension selects, or "" if none.
func DetectFormat(name string) Format {
	return Formats[strings.ToLower(path.Ext(name))]
}

var magics = []struct {
	prefix []byte
	what   string
}{
	{[]byte("%PDF-"), "a PDF document"},
	{[]byte("PK\x03\x04"), "a ZIP archive (an .xlsx or .docx file is one)"},
	{[]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), "an old Office document (.xls/.doc)"},
	{[]byte("\x89PNG\r\n\x1a\n"), "a PNG image"},
	{[]byte("\xFF\xD8\xFF"), "a JPEG image"},
	{[]byte("GIF8"), "a GIF image"},
	{[]byte("\x1F\x8B"), "a gzip file"},
	{[]byte("\x7FELF"), "an executable"},
	{[]byte("SQLite format 3\x00"), "a SQLite database"},
}

// Binary reports whether data is not text, and what it looks like.
func Binary(data []byte) (string, bool) {
	for _, m := range magics {
		if bytes.HasPrefix(data, m.prefix) {
			return m.what, true
		}
	}
	if textenc.HasUTF16BOM(data) {
		return "", false
	}
	head := data[:min(len(data), 8000)]
	if bytes.IndexByte(head, 0) >= 0 {
		return "a binary file (it contains NUL bytes)", true
	}
	return "", false
}

// Parse reads one source. Errors wrap ErrInvalid (with LineErrors, joined
// when there are several) or ErrUnsupported.
func Parse(in Input) (*Document, error) {
	name := in.Name
	maxBytes := in.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if int64(len(in.Data)) > maxBytes {
		return nil, unsupported(name, "%d bytes is over the %d-byte limit of one source; split the file or raise the limit", len(in.Data), maxBytes)
	}
	if what, bin := Binary(in.Data); bin {
		return nil, unsupported(name, "looks like %s, not text; convert it to Markdown, text, HTML, CSV or JSON Lines first", what)
	}
	format := in.Format
	if format == "" {
		format = DetectFormat(name)
	}
	if format == "" {
		return nil, unsupported(name, "unknown format %q; supported: .md .markdown .txt .html .htm .csv .tsv .jsonl .ndjson .json (or declare the format)", path.Ext(name))
	}
	if !slices.Contains(allFormats, format) {
		return nil, unsupported(name, "unknown format %q; supported: markdown, text, html, csv, jsonl, json", format)
	}
	if in.Kind != "" && !slices.Contains(Kinds, in.Kind) {
		return nil, unsupported(name, "unknown kind %q; known: product, policy, faq, doc", in.Kind)
	}
	text, enc, err := textenc.Decode(in.Data, in.Encoding)
	if err != nil {
		if errors.Is(err, textenc.ErrEncoding) {
			return nil, fmt.Errorf("%s: %v: %w", name, err, ErrUnsupported)
		}
		return nil, err
	}
	// One line ending: CR is a control character the graph refuses.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	doc := &Document{Name: name, Format: format, Encoding: enc}
	switch format {
	case Markdown:
		err = parseMarkdown(doc, text, in)
	case Text:
		err = parseText(doc, text, in)
	case HTML:
		err = parseHTML(doc, text, in)
	case CSV:
		err = parseCSV(doc, text, in, strings.EqualFold(path.Ext(name), ".tsv"))
	case JSONL:
		err = parseJSONL(doc, text, in)
	case JSON:
		err = parseJSONArray(doc, text, in)
	}
	if err != nil {
		return nil, err
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	return doc, nil
}

var allFormats = []Format{Markdown, Text, HTML, CSV, JSONL, JSON}

// collector gathers record errors: with SkipBad they are skipped, else the
// source fails with all of them (up to a limit, so a wrong file does not
// print ten thousand lines).
type collector struct {
	skip bool
	errs []error
	n    int
}

const maxReported = 20

func (c *collector) add(err error) {
	c.n++
	if c.skip || len(c.errs) < maxReported {
		c.errs = append(c.errs, err)
	}
}

func (c *collector) result(doc *Document) error {
	if c.n == 0 {
		return nil
	}
	if c.skip {
		doc.Skipped = c.errs
		return nil
	}
	errs := c.errs
	if c.n > len(errs) {
		errs = append(errs, fmt.Errorf("%s: … and %d more errors: %w", doc.Name, c.n-len(errs), ErrInvalid))
	}
	return errors.Join(errs...)
}
