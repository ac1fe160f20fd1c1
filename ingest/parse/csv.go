package parse

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

func parseCSV(doc *Document, text string, in Input, tsv bool) error {
	r := csv.NewReader(strings.NewReader(text))
	if tsv {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1 // checked below, to name the line and the counts
	header, err := r.Read()
	if err == io.EOF {
		return lineErr(doc.Name, 1, "the file is empty; want a header row")
	}
	if err != nil {
		return csvErr(doc.Name, err)
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return lineErr(doc.Name, 1, "column %d has no name in the header", i+1)
		}
		if seen[h] {
			return lineErr(doc.Name, 1, "column %q appears twice in the header", h)
		}
		seen[h] = true
		canon, err := mapColumn(h, in.Columns)
		if err != nil {
			return lineErr(doc.Name, 1, "%v", err)
		}
		header[i], cols[i] = h, canon
	}
	c := &collector{skip: in.SkipBad}
	var recs []*record
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				// A quoting error: the reader cannot find the next row reliably.
				c.add(csvErr(doc.Name, err))
				break
			}
			c.add(csvErr(doc.Name, err))
			continue
		}
		line, _ := r.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		if len(row) != len(header) {
			c.add(lineErr(doc.Name, line, "%d fields, the header has %d (a comma inside a value needs quotes)", len(row), len(header)))
			continue
		}
		rec := &record{line: line}
		for i, v := range row {
			rec.fields = append(rec.fields, field{key: header[i], canon: cols[i], val: v})
		}
		recs = append(recs, rec)
	}
	addRecords(doc, recs, in.Kind, c)
	return c.result(doc)
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return lineErr(name, pe.Line, "%v", pe.Err)
	}
	return lineErr(name, 0, "%v", fmt.Errorf("read CSV: %w", err))
}
