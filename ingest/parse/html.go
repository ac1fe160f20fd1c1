package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements carry no readable text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Canvas: true, atom.Head: true,
	atom.Nav: true, atom.Button: true, atom.Select: true, atom.Form: true,
}

// blocks end a line of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Tr: true, atom.Table: true, atom.Thead: true,
	atom.Tbody: true, atom.Blockquote: true, atom.Pre: true, atom.Br: true, atom.Hr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Caption: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

var spaceRE = regexp.MustCompile(`[ \t\r\n\f\v\x{00a0}\x{3000}]+`)

// htmlWalker collects text by heading path.
type htmlWalker struct {
	title string
	h1    string
	secs  []Section
	stack []struct {
		level int
		text  string
	}
	buf     strings.Builder
	path    []string
	started bool
}

func (w *htmlWalker) newline() {
	s := w.buf.String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		w.buf.WriteByte('\n')
	}
}

func (w *htmlWalker) flush() {
	var lines []string
	for _, l := range strings.Split(w.buf.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if t := strings.Join(lines, "\n"); t != "" {
		w.secs = append(w.secs, Section{HeadingPath: w.path, Text: t})
	}
	w.buf.Reset()
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skipped[n.DataAtom] {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(spaceRE.ReplaceAllString(b.String(), " "))
}

func (w *htmlWalker) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if pre {
			w.buf.WriteString(n.Data)
		} else {
			w.buf.WriteString(spaceRE.ReplaceAllString(n.Data, " "))
		}
		return
	case html.ElementNode:
		if n.DataAtom == atom.Title && w.title == "" {
			w.title = textOf(n)
			return
		}
		if skipped[n.DataAtom] {
			return
		}
		if lvl, ok := headingLevel[n.DataAtom]; ok {
			w.flush()
			t := textOf(n)
			if lvl == 1 && w.h1 == "" {
				w.h1 = t
			}
			for len(w.stack) > 0 && w.stack[len(w.stack)-1].level >= lvl {
				w.stack = w.stack[:len(w.stack)-1]
			}
			w.stack = append(w.stack, struct {
				level int
				text  string
			}{lvl, t})
			w.path = make([]string, len(w.stack))
			for i, h := range w.stack {
				w.path[i] = h.text
			}
			return
		}
		if n.DataAtom == atom.Img {
			for _, a := range n.Attr {
				if a.Key == "alt" && strings.TrimSpace(a.Val) != "" {
					w.buf.WriteString(a.Val)
				}
			}
			return
		}
		if blocks[n.DataAtom] {
			w.newline()
		}
		if n.DataAtom == atom.Li {
			w.buf.WriteString("- ")
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			if n.PrevSibling != nil {
				w.buf.WriteString(" | ")
			}
		}
		pre = pre || n.DataAtom == atom.Pre
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, pre)
	}
	if n.Type == html.ElementNode && blocks[n.DataAtom] {
		w.newline()
	}
}

func htmlWalk(text string) (*htmlWalker, error) {
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	w := &htmlWalker{}
	// The head's <title> is the only part of the head we read.
	var findTitle func(*html.Node)
	findTitle = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title && w.title == "" {
			w.title = textOf(&html.Node{Type: html.DocumentNode, FirstChild: n.FirstChild})
			if w.title == "" && n.FirstChild != nil {
				w.title = strings.TrimSpace(n.FirstChild.Data)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			findTitle(c)
		}
	}
	findTitle(root)
	w.walk(root, false)
	w.flush()
	return w, nil
}

// htmlToText is the readable text of an HTML fragment.
func htmlToText(s string) string {
	w, err := htmlWalk(s)
	if err != nil {
		return ""
	}
	var parts []string
	for _, sec := range w.secs {
		if len(sec.HeadingPath) > 0 {
			parts = append(parts, sec.HeadingPath[len(sec.HeadingPath)-1])
		}
		parts = append(parts, sec.Text)
	}
	return strings.Join(parts, "\n")
}

func parseHTML(doc *Document, text string, in Input) error {
	if in.Kind != "" && in.Kind != KindDoc {
		return unsupported(doc.Name, "an HTML file holds a document, not %s records", in.Kind)
	}
	doc.Kind = KindDoc
	w, err := htmlWalk(text)
	if err != nil {
		return lineErr(doc.Name, 0, "HTML: %v", err)
	}
	doc.Title = w.title
	if doc.Title == "" {
		doc.Title = w.h1
	}
	doc.Sections = w.secs
	return nil
}
