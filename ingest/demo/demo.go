// Package demo is kgrag's demo knowledge base: a made-up coffee-gear brand,
// 摩卡实验室 Moka Lab, with a few products, policies (one superseding
// another), FAQ rows in Chinese and English and a brewing guide. It is
// embedded in the binary so "kgrag serve --demo" shows a useful service
// with no files at hand.
package demo

import (
	"embed"
	"io/fs"
	"path"
)

//go:embed kb
var files embed.FS

// KB is the demo knowledge base's id.
const KB = "default"

// File is one file of the demo knowledge base.
type File struct {
	Path string // relative, e.g. "policies/returns.md"
	Data []byte
}

// Files returns the demo knowledge base's files in path order.
func Files() ([]File, error) {
	var out []File
	err := fs.WalkDir(files, "kb", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := pathRel(p)
		out = append(out, File{Path: rel, Data: data})
		return nil
	})
	return out, err
}

func pathRel(p string) (string, bool) {
	const prefix = "kb/"
	if len(p) > len(prefix) && p[:len(prefix)] == prefix {
		return path.Clean(p[len(prefix):]), true
	}
	return p, false
}
