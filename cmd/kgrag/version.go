package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// buildInfo is what kgrag version prints: the release, and what Go
// recorded about the build.
type buildInfo struct {
	Version  string `json:"version"`            // -ldflags -X main.version, else the module version ("(devel)" from a clone)
	Revision string `json:"revision,omitempty"` // VCS commit (vcs.revision), when built from a checkout with VCS stamping
	Time     string `json:"time,omitempty"`     // commit time (vcs.time)
	Dirty    bool   `json:"dirty,omitempty"`    // uncommitted changes were built (vcs.modified)
	Go       string `json:"go"`                 // Go version of the build
	Platform string `json:"platform"`           // GOOS/GOARCH
}

// readBuild combines the -ldflags override with the build information Go
// embeds (nil when there is none).
func readBuild(override string, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: override, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		if b.Version == "" {
			b.Version = "unknown"
		}
		return b
	}
	if bi.GoVersion != "" {
		b.Go = bi.GoVersion
	}
	if b.Version == "" {
		b.Version = bi.Main.Version
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Dirty = s.Value == "true"
		}
	}
	return b
}

func (b buildInfo) String() string {
	s := "kgrag " + b.Version
	if b.Revision != "" {
		s += " " + b.Revision
		if b.Dirty {
			s += "-dirty"
		}
		if b.Time != "" {
			s += " (" + b.Time + ")"
		}
	}
	return s + " " + b.Go + " " + b.Platform
}

// build is this binary's build information.
func build() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return readBuild(version, bi)
}

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: kgrag version [--json]\n\nPrints the version, VCS revision (-dirty: built with uncommitted changes), commit time, Go version and platform.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b := build()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	}
	_, err := fmt.Fprintln(stdout, b)
	return err
}
