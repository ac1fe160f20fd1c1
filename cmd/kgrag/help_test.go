package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpExits: -h and --help print a command's flags and stop it, with
// status 0: serve must not start serving (it did), nothing opens the
// data directory. The context is cancelled so that a command ignoring -h
// returns instead of hanging the test; its logs and data directory show it.
func TestHelpExits(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, cmd := range []string{"serve", "ingest", "ask", "eval", "load", "version"} {
		for _, h := range []string{"-h", "--help"} {
			t.Run(cmd+" "+h, func(t *testing.T) {
				data := filepath.Join(t.TempDir(), "data")
				args := []string{cmd, h}
				if cmd != "version" && cmd != "load" {
					args = []string{cmd, "--data", data, h}
				}
				var out bytes.Buffer
				if err := run(ctx, args, env(nil), &out, &out); err != nil {
					t.Fatalf("run(%q) = %v, want nil (exit status 0)", args, err)
				}
				if !strings.Contains(out.String(), "Usage") && !strings.Contains(out.String(), "  -") {
					t.Errorf("run(%q) printed no flags:\n%s", args, out.String())
				}
				if strings.Contains(out.String(), "kgrag serving") || strings.Contains(out.String(), `"level"`) {
					t.Errorf("run(%q) went on after printing help:\n%s", args, out.String())
				}
				if _, err := os.Stat(data); !os.IsNotExist(err) {
					t.Errorf("run(%q) created the data directory", args)
				}
			})
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"help"}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "kgrag ask") {
		t.Errorf("kgrag help = %v:\n%s", err, out.String())
	}
}

func TestVersion(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "kgrag", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "1f827da0c1"},
			{Key: "vcs.time", Value: "2026-11-29T17:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	cases := []struct {
		name     string
		override string
		bi       *debug.BuildInfo
		want     buildInfo
	}{
		{"from a checkout", "", bi, buildInfo{Version: "(devel)", Revision: "1f827da0c1", Time: "2026-11-29T17:00:00Z", Dirty: true, Go: "go1.26.8"}},
		{"-ldflags override", "v1.2.0", bi, buildInfo{Version: "v1.2.0", Revision: "1f827da0c1", Time: "2026-11-29T17:00:00Z", Dirty: true, Go: "go1.26.8"}},
		{"module version, no VCS", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.3.0"}}, buildInfo{Version: "v1.3.0", Go: "go1.26.8"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := readBuild(tc.override, tc.bi)
			got.Platform = ""
			if got != tc.want {
				t.Errorf("readBuild(%q) = %+v, want %+v", tc.override, got, tc.want)
			}
		})
	}
	if s := readBuild("", bi).String(); !strings.HasPrefix(s, "kgrag (devel) 1f827da0c1-dirty (2026-11-29T17:00:00Z) go1.26.8 ") {
		t.Errorf("String() = %q", s)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(nil), &out, &out); err != nil || !strings.HasPrefix(out.String(), "kgrag ") {
		t.Errorf("kgrag version = %v, %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"version", "--json"}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), `"go": "go1.`) {
		t.Errorf("kgrag version --json = %v, %q", err, out.String())
	}
}
