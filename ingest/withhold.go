package ingest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"kgrag/ingest/parse"
	"kgrag/kg"
	"kgrag/retrieval/guard"
)

// maxWithheldWarnings bounds the warnings of one source about withheld text.
const maxWithheldWarnings = 50

// withholdInstructions takes out of a parsed source, before anything is
// planned, chunked or extracted from it, the sentences that are not
// knowledge: those that speak to the assistant (address it, reassign its
// role, tell it to ignore its rules, carry a prompt marker, dictate its
// answers, or hide such text in an encoding) and those that hold a
// credential (package guard). A section under a heading that speaks to the
// assistant is withheld whole. Each withheld sentence is a warning naming
// the file, the line and the text, so a trainer sees it.
func withholdInstructions(p *plan) {
	doc := p.doc
	n := 0
	warn := func(line int, why, text string) {
		n++
		if n > maxWithheldWarnings {
			return
		}
		p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: withheld, not knowledge (%s): %q", p.in.ID, line, why, clip(text, 160)))
	}
	for i := range doc.Sections {
		s := &doc.Sections[i]
		if why, ok := headingInstruction(s.HeadingPath); ok {
			warn(s.Line, why, strings.Join(s.HeadingPath, " > ")+": "+s.Text)
			s.Text = ""
			continue
		}
		text, ws := guard.Withhold(s.Text)
		for _, w := range ws {
			warn(lineOf(p.in.Data, w.Text, s.Line+strings.Count(s.Text[:w.Offset], "\n")), w.Why, w.Text)
		}
		s.Text = strings.TrimSpace(text)
	}
	doc.Sections = slices.DeleteFunc(doc.Sections, func(s parse.Section) bool { return s.Text == "" })
	if pol := doc.Policy; pol != nil {
		// The body is the policy's text attribute in the graph; what the
		// sections lost it loses too (warned above).
		pol.Body, _ = guard.Withhold(pol.Body)
	}
	for i := range doc.FAQs {
		f := &doc.FAQs[i]
		q, wq := guard.Withhold(f.Question)
		a, wa := guard.Withhold(f.Answer)
		for _, w := range append(wq, wa...) {
			warn(f.Line, w.Why, w.Text)
		}
		f.Question, f.Answer = strings.TrimSpace(q), strings.TrimSpace(a)
	}
	doc.FAQs = slices.DeleteFunc(doc.FAQs, func(f parse.FAQ) bool { return f.Question == "" || f.Answer == "" })
	for i := range doc.Products {
		pr := &doc.Products[i]
		pr.Attributes = withholdAttributes(pr.Attributes, func(why, text string) { warn(pr.Line, why, text) })
		for j := range pr.Variants {
			pr.Variants[j].Attributes = withholdAttributes(pr.Variants[j].Attributes, func(why, text string) { warn(pr.Line, why, text) })
		}
	}
	if n > maxWithheldWarnings {
		p.warnings = append(p.warnings, fmt.Sprintf("%s: %d more sentences withheld as not knowledge", p.in.ID, n-maxWithheldWarnings))
	}
}

// withholdAttributes withholds the sentences of text attributes; an
// attribute with nothing left is dropped.
func withholdAttributes(attrs []kg.Attribute, warn func(why, text string)) []kg.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		if a.Value != "" && a.Num == nil {
			v, ws := guard.Withhold(a.Value)
			for _, w := range ws {
				warn(w.Why, a.Key+": "+w.Text)
			}
			a.Value = strings.TrimSpace(v)
			if a.Value == "" && len(a.List) == 0 {
				continue
			}
		}
		if len(a.List) > 0 {
			l := a.List[:0]
			for _, x := range a.List {
				if why, ok := guard.Check(x); ok {
					warn(why, a.Key+": "+x)
					continue
				}
				l = append(l, x)
			}
			a.List = l
			if len(l) == 0 && a.Value == "" {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// headingInstruction reports a heading that speaks to the assistant.
func headingInstruction(path []string) (string, bool) {
	for _, h := range path {
		if why, ok := guard.Instruction(h); ok {
			return why, true
		}
	}
	return "", false
}

// lineOf finds the line of the source that holds the start of a withheld
// sentence, searching from the line near is estimated at (section text is
// rendered, so its own line count may differ from the file's); near when
// the sentence is not found as written (a re-encoded source).
func lineOf(data []byte, sentence string, near int) int {
	rs := []rune(strings.TrimSpace(sentence))
	if len(rs) > 12 {
		rs = rs[:12]
	}
	needle := []byte(string(rs))
	if len(needle) == 0 {
		return near
	}
	// Search from the section's first line on, then the whole file.
	from := 0
	for l := 1; l < near && from < len(data); l++ {
		i := bytes.IndexByte(data[from:], '\n')
		if i < 0 {
			break
		}
		from += i + 1
	}
	for _, off := range []int{from, 0} {
		if i := bytes.Index(data[off:], needle); i >= 0 {
			return 1 + bytes.Count(data[:off+i], []byte{'\n'})
		}
	}
	return near
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}
