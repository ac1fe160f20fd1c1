// Package playground serves kgrag's GraphiQL playground: the page at "/"
// and its files under "/playground/", all embedded in the binary (GraphiQL
// and React are pinned in assets/, see assets/README.md), so it works on a
// machine without internet access. It opens with example tabs (tabs/*.graphql)
// for the daily work of trainers and auditors.
package playground

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed index.html kgrag.js kgrag.css assets tabs
var files embed.FS

// Prefix is the path under which the playground's files are served.
const Prefix = "/playground/"

// csp allows only this origin's scripts, styles and connections: nothing
// the page needs comes from elsewhere. GraphiQL sets inline styles and
// its stylesheet embeds its fonts and icons as data: URLs.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

type file struct {
	data  []byte
	ctype string
	etag  string
}

// Tab is one example tab: a GraphQL document GraphiQL opens with.
type Tab struct {
	Name  string `json:"-"`
	Query string `json:"query"`
}

// Tabs returns the example tabs in their order (their file names').
func Tabs() ([]Tab, error) {
	ents, err := fs.ReadDir(files, "tabs") // sorted by name
	if err != nil {
		return nil, fmt.Errorf("playground: tabs: %w", err)
	}
	var out []Tab
	for _, e := range ents {
		if path.Ext(e.Name()) != ".graphql" {
			continue
		}
		b, err := files.ReadFile("tabs/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("playground: tab %s: %w", e.Name(), err)
		}
		out = append(out, Tab{Name: e.Name(), Query: string(b)})
	}
	return out, nil
}

// served is every file the handler serves by its path, hashed once.
var served = sync.OnceValue(func() map[string]file {
	byPath := map[string]file{}
	add := func(p, name string, data []byte) {
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		sum := sha256.Sum256(data)
		byPath[p] = file{data: data, ctype: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		if p == "index.html" {
			add("/", p, data)
		} else {
			add(Prefix+p, p, data)
		}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("playground: embedded files: %v", err)) // the binary is broken
	}
	tabs, err := Tabs()
	if err != nil {
		panic(err.Error())
	}
	tj, _ := json.Marshal(tabs)
	add(Prefix+"tabs.json", "tabs.json", tj)
	return byPath
})

// Handler serves the page at "/" and its files under Prefix. Files are
// revalidated by their content hash, so a new binary's assets are used at once.
func Handler() http.Handler {
	byPath := served()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("ETag", f.etag)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(f.ctype, "text/html") {
			h.Set("Content-Security-Policy", csp)
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
	})
}
