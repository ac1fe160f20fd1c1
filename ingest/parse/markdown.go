package parse

import (
	"bytes"
	"errors"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gtext "github.com/yuin/goldmark/text"
)

var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))

// policyKeys are front matter keys that only a policy has.
var policyKeys = []string{"effective_from", "effective_to", "applies_to", "supersedes"}

var keyLineRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_\-]*)\s*:`)

// splitFrontMatter returns the YAML between a leading "---" line and the
// next "---" (or "...") line, the body after it, and the body's first line
// number. ok is false when the text has no front matter.
func splitFrontMatter(name, text string) (fm, body string, bodyLine int, ok bool, err error) {
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		return "", text, 1, false, nil
	}
	lines := strings.SplitAfter(text, "\n")
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if l == "---" || l == "..." {
			return strings.Join(lines[1:i], ""), strings.Join(lines[i+1:], ""), i + 2, true, nil
		}
	}
	return "", "", 0, false, lineErr(name, 1, "front matter starts with --- but has no closing --- line")
}

func yamlErr(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		// +1: the front matter starts after the opening --- line.
		return lineErr(name, ye.GetToken().Position.Line+1, "front matter: %s", ye.GetMessage())
	}
	return lineErr(name, 1, "front matter: %v", err)
}

func parseMarkdown(doc *Document, text string, in Input) error {
	name := doc.Name
	fmText, body, bodyLine, hasFM, err := splitFrontMatter(name, text)
	if err != nil {
		return err
	}
	fm := map[string]any{}
	lines := map[string]int{}
	if hasFM {
		if strings.TrimSpace(fmText) != "" {
			if err := yaml.UnmarshalWithOptions([]byte(fmText), &fm); err != nil {
				return yamlErr(name, err)
			}
		}
		for i, l := range strings.Split(fmText, "\n") {
			if m := keyLineRE.FindStringSubmatch(l); m != nil {
				if _, dup := lines[m[1]]; !dup {
					lines[m[1]] = i + 2
				}
			}
		}
	}
	at := func(key string) int {
		if l, ok := lines[key]; ok {
			return l
		}
		return 1
	}
	kind := in.Kind
	if kind == "" {
		kind = KindDoc
		_, hasID := fm["id"]
		for _, k := range policyKeys {
			if _, ok := fm[k]; ok {
				kind = KindPolicy
			}
		}
		if hasID && strings.Contains("/"+path.Dir(name)+"/", "/policies/") {
			kind = KindPolicy
		}
	}
	if kind != KindPolicy && kind != KindDoc {
		return unsupported(name, "a Markdown file holds a policy or a document, not %s records", kind)
	}
	doc.Kind = kind
	title, secs := markdownSections([]byte(body), bodyLine)
	doc.Sections = secs
	if t, ok := fm["title"]; ok {
		s, err := str(t)
		if err != nil {
			return lineErr(name, at("title"), "title: %v", err)
		}
		if s != "" {
			title = s
		}
	}
	doc.Title = title
	if v, ok := fm["channels"]; ok {
		if doc.Channels, err = channels(v); err != nil {
			return lineErr(name, at("channels"), "channels: %v", err)
		}
	}
	if kind == KindDoc {
		return nil
	}
	p := &Policy{Title: title, Channels: doc.Channels, Lines: lines, Body: body}
	if p.ID, err = str(fm["id"]); err != nil {
		return lineErr(name, at("id"), "id: %v", err)
	}
	if p.ID == "" {
		return lineErr(name, at("id"), "front matter: id is missing; a policy needs one")
	}
	if err := checkID("id", p.ID); err != nil {
		return lineErr(name, at("id"), "%v", err)
	}
	if p.Title == "" {
		return lineErr(name, 1, "front matter: title is missing and the text has no # heading")
	}
	if n := utf8.RuneCountInString(p.Title); n > 200 {
		return lineErr(name, at("title"), "title is %d characters long; the limit is 200", n)
	}
	var all bool
	if p.AppliesTo, all, err = listOrAll(fm["applies_to"]); err != nil {
		return lineErr(name, at("applies_to"), "applies_to: %v", err)
	}
	if all {
		p.AppliesTo = nil
	}
	if p.EffectiveFrom, err = date(fm["effective_from"]); err != nil {
		return lineErr(name, at("effective_from"), "effective_from: %v", err)
	}
	if p.EffectiveTo, err = date(fm["effective_to"]); err != nil {
		return lineErr(name, at("effective_to"), "effective_to: %v", err)
	}
	if p.EffectiveFrom != "" && p.EffectiveTo != "" && p.EffectiveTo < p.EffectiveFrom {
		return lineErr(name, at("effective_to"), "effective_to %s is before effective_from %s", p.EffectiveTo, p.EffectiveFrom)
	}
	sup, all, err := listOrAll(fm["supersedes"])
	if err != nil {
		return lineErr(name, at("supersedes"), "supersedes: %v", err)
	}
	if !all {
		for _, id := range sup {
			if err := checkID("supersedes", id); err != nil {
				return lineErr(name, at("supersedes"), "%v", err)
			}
			if id == p.ID {
				return lineErr(name, at("supersedes"), "supersedes: the policy cannot supersede itself")
			}
		}
		p.Supersedes = sup
	}
	doc.Policy = p
	return nil
}

// markdownSections parses Markdown and returns its first # heading and its
// text by heading path. firstLine is the line number of src's first line.
func markdownSections(src []byte, firstLine int) (string, []Section) {
	root := md.Parser().Parse(gtext.NewReader(src))
	lineOf := func(pos int) int {
		if pos < 0 || pos > len(src) {
			return firstLine
		}
		return firstLine + bytes.Count(src[:pos], []byte{'\n'})
	}
	var (
		title string
		secs  []Section
		stack []struct {
			level int
			text  string
		}
		cur    *Section
		blocks []string
	)
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(strings.Join(blocks, "\n"))
			if cur.Text != "" {
				secs = append(secs, *cur)
			}
		}
		cur, blocks = nil, nil
	}
	path := func() []string {
		out := make([]string, len(stack))
		for i, h := range stack {
			out[i] = h.text
		}
		return out
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			t := strings.TrimSpace(inlineText(h, src))
			if h.Level == 1 && title == "" {
				title = t
			}
			for len(stack) > 0 && stack[len(stack)-1].level >= h.Level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, struct {
				level int
				text  string
			}{h.Level, t})
			cur = &Section{Line: lineOf(blockPos(h)), HeadingPath: path()}
			continue
		}
		t := renderBlock(n, src, "")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if cur == nil {
			cur = &Section{Line: lineOf(blockPos(n)), HeadingPath: path()}
		}
		blocks = append(blocks, t)
	}
	flush()
	return title, secs
}

// blockPos is the byte offset of a block's first line (or -1).
func blockPos(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := blockPos(c); p >= 0 {
			return p
		}
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return -1
}

func renderBlock(n ast.Node, src []byte, indent string) string {
	switch b := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return indent + inlineText(n, src)
	case *ast.Heading:
		return indent + inlineText(n, src)
	case *ast.List:
		var out []string
		i := b.Start
		if i == 0 {
			i = 1
		}
		for it := b.FirstChild(); it != nil; it = it.NextSibling() {
			marker := "- "
			if b.IsOrdered() {
				marker = strconv.Itoa(i) + ". "
				i++
			}
			var parts []string
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				if _, nested := c.(*ast.List); nested {
					parts = append(parts, renderBlock(c, src, indent+"  "))
					continue
				}
				if t := renderBlock(c, src, ""); t != "" {
					parts = append(parts, t)
				}
			}
			if len(parts) > 0 && !strings.HasPrefix(parts[0], indent+"  ") {
				parts[0] = indent + marker + parts[0]
			}
			out = append(out, strings.Join(parts, "\n"))
		}
		return strings.Join(out, "\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return rawLines(n, src)
	case *ast.HTMLBlock:
		return htmlToText(rawLines(n, src))
	case *ast.ThematicBreak, *ast.LinkReferenceDefinition:
		return ""
	case *east.Table:
		var rows []string
		for r := b.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, strings.TrimSpace(inlineText(c, src)))
			}
			rows = append(rows, indent+strings.Join(cells, " | "))
		}
		return strings.Join(rows, "\n")
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := renderBlock(c, src, indent); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

func rawLines(n ast.Node, src []byte) string {
	var b strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		s := ls.At(i)
		b.Write(s.Value(src))
	}
	return strings.TrimRight(b.String(), "\n")
}

// inlineText is the plain text of a block's inline content. A soft line
// break joins CJK text directly and Latin text with a space.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Value(src))
				if t.HardLineBreak() {
					b.WriteByte('\n')
				} else if t.SoftLineBreak() {
					softBreak(&b, src, t)
				}
			case *ast.String:
				b.Write(t.Value)
			case *ast.AutoLink:
				b.Write(t.URL(src))
			case *ast.RawHTML:
				// inline HTML tags carry no text of their own
			case *east.TaskCheckBox:
				if t.IsChecked {
					b.WriteString("[x] ")
				} else {
					b.WriteString("[ ] ")
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

func softBreak(b *strings.Builder, src []byte, t *ast.Text) {
	prev, _ := utf8.DecodeLastRuneInString(b.String())
	next := rune(0)
	if t.Segment.Stop < len(src) {
		rest := bytes.TrimLeft(src[t.Segment.Stop:], " \t\r\n")
		next, _ = utf8.DecodeRune(rest)
	}
	if isCJK(prev) || isCJK(next) {
		return
	}
	b.WriteByte(' ')
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

func parseText(doc *Document, text string, in Input) error {
	if in.Kind != "" && in.Kind != KindDoc {
		return unsupported(doc.Name, "a plain-text file holds a document, not %s records", in.Kind)
	}
	doc.Kind = KindDoc
	// Paragraphs (blank-line separated) keep their line numbers; the chunker
	// packs them, so a section here is just a paragraph.
	line, start := 1, 1
	var para []string
	flush := func() {
		if t := strings.TrimSpace(strings.Join(para, "\n")); t != "" {
			doc.Sections = append(doc.Sections, Section{Line: start, Text: t})
		}
		para = nil
	}
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
		} else {
			if len(para) == 0 {
				start = line
			}
			para = append(para, strings.TrimRight(l, " \t\r"))
		}
		line++
	}
	flush()
	return nil
}
