package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxJSONDepth bounds the nesting decodeValue follows, so a hostile line
// of brackets cannot exhaust the stack; catalogs are held to MaxDepth.
const maxJSONDepth = 64

// decodeValue reads one JSON value from d, keeping object keys in order.
func decodeValue(d *json.Decoder) (any, error) { return decodeDepth(d, 0) }

func decodeDepth(d *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var o object
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeDepth(d, depth+1)
				if err != nil {
					return nil, err
				}
				o = append(o, kv{key: k, val: v})
			}
			if _, err := d.Token(); err != nil {
				return nil, err
			}
			if o == nil {
				o = object{}
			}
			return o, nil
		case '[':
			arr := []any{}
			for d.More() {
				v, err := decodeDepth(d, depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, err
			}
			return arr, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil // string, json.Number, bool, nil
	}
}

func jsonMsg(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "invalid JSON: " + se.Error()
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "invalid JSON: the line ends inside a value"
	}
	return "invalid JSON: " + err.Error()
}

// objectRecord maps a decoded JSON object to a record.
func objectRecord(v any, line int, cols map[string]string) (*record, error) {
	o, ok := v.(object)
	if !ok {
		return nil, fmt.Errorf("want a JSON object, got %s", describe(v))
	}
	r := &record{line: line}
	seen := map[string]bool{}
	for _, e := range o {
		if seen[e.key] {
			return nil, fmt.Errorf("key %q appears twice", e.key)
		}
		seen[e.key] = true
		canon, err := mapColumn(e.key, cols)
		if err != nil {
			return nil, err
		}
		r.fields = append(r.fields, field{key: e.key, canon: canon, val: e.val})
	}
	return r, nil
}

func parseJSONL(doc *Document, text string, in Input) error {
	c := &collector{skip: in.SkipBad}
	var recs []*record
	for i, ln := range strings.Split(text, "\n") {
		line := i + 1
		ln = strings.TrimSpace(ln)
		if ln == "" {
			continue
		}
		d := json.NewDecoder(strings.NewReader(ln))
		d.UseNumber()
		v, err := decodeValue(d)
		if err == nil {
			if _, terr := d.Token(); terr != io.EOF {
				err = fmt.Errorf("more than one JSON value on the line")
			}
		}
		if err != nil {
			msg := jsonMsg(err)
			if strings.HasPrefix(err.Error(), "more than") {
				msg = err.Error()
			}
			c.add(lineErr(doc.Name, line, "%s", msg))
			continue
		}
		r, err := objectRecord(v, line, in.Columns)
		if err != nil {
			c.add(lineErr(doc.Name, line, "%v", err))
			continue
		}
		recs = append(recs, r)
	}
	addRecords(doc, recs, in.Kind, c)
	return c.result(doc)
}

// parseJSONArray reads a JSON array of objects; each object's line is where it starts.
func parseJSONArray(doc *Document, text string, in Input) error {
	c := &collector{skip: in.SkipBad}
	data := []byte(text)
	lineOf := func(off int64) int { return bytes.Count(data[:min(int(off), len(data))], []byte{'\n'}) + 1 }
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil || tok != json.Delim('[') {
		if err != nil {
			return lineErr(doc.Name, lineOf(d.InputOffset()), "%s", jsonMsg(err))
		}
		return lineErr(doc.Name, 1, "want a JSON array of objects (or use JSON Lines, .jsonl)")
	}
	var recs []*record
	for d.More() {
		start := d.InputOffset()
		// Skip the separator and whitespace so the line is the object's own.
		for int(start) < len(data) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
			start++
		}
		v, err := decodeValue(d)
		if err != nil {
			// A syntax error leaves the decoder unusable: stop here.
			return lineErr(doc.Name, lineOf(d.InputOffset()), "%s", jsonMsg(err))
		}
		r, err := objectRecord(v, lineOf(start), in.Columns)
		if err != nil {
			c.add(lineErr(doc.Name, lineOf(start), "%v", err))
			continue
		}
		recs = append(recs, r)
	}
	addRecords(doc, recs, in.Kind, c)
	return c.result(doc)
}
