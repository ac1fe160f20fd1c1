package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"kgrag/kg/kgtest"
)

// neo4jServer drives scripts/neo4j.sh for a server of this test's own, so
// stopping it does not disturb the Neo4j other packages' tests share.
type neo4jServer struct {
	t      *testing.T
	script string
	dir    string
	port   string
}

func (n *neo4jServer) run(args ...string) {
	n.t.Helper()
	cmd := exec.Command(n.script, append(args, n.dir)...)
	cmd.Env = append(os.Environ(), "KGRAG_NEO4J_PORT="+n.port)
	out, err := cmd.CombinedOutput()
	if err != nil {
		n.t.Fatalf("neo4j.sh %v: %v\n%s", args, err, out)
	}
}

func (n *neo4jServer) uri() string { return "bolt://127.0.0.1:" + n.port }

// TestNeo4jResilience: Neo4j down at start makes /readyz false and requests
// UNAVAILABLE; when it comes up the service connects without a restart; down
// mid-flight gives UNAVAILABLE and nothing half-written; back again, it
// recovers by itself.
func TestNeo4jResilience(t *testing.T) {
	script := kgtest.ServerEnv(t, "KGRAG_NEO4J_SCRIPT")
	addr := freeAddr(t)
	_, port, _ := strings.Cut(freeAddr(t), ":")
	n := &neo4jServer{t: t, script: script, dir: t.TempDir(), port: port}
	t.Cleanup(func() { _ = exec.Command(script, "stop", n.dir).Run() })

	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir(), "--request-timeout", "20s"},
			env(map[string]string{"KGRAG_NEO4J_URI": n.uri()}), &logs, &logs)
	}()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + addr
	ready := func() int {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	gql := func(query string) (string, string) {
		resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":`+quote(query)+`}`))
		if err != nil {
			return "", err.Error()
		}
		defer resp.Body.Close()
		var out struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Message    string            `json:"message"`
				Extensions map[string]string `json:"extensions"`
			} `json:"errors"`
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		_ = json.Unmarshal(buf.Bytes(), &out)
		if len(out.Errors) > 0 {
			return out.Errors[0].Extensions["code"], out.Errors[0].Message
		}
		return "", string(out.Data)
	}
	waitFor := func(what string, d time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(d)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s\nlogs:\n%s", what, logs.String())
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	// 1. Neo4j is down at start.
	waitFor("the service to listen", 10*time.Second, func() bool { return ready() != 0 })
	if s := ready(); s != http.StatusServiceUnavailable {
		t.Errorf("readyz with Neo4j down = %d, want 503", s)
	}
	if code, msg := gql(`{ entities { totalCount } }`); code != "UNAVAILABLE" {
		t.Errorf("query with Neo4j down = %s %s, want UNAVAILABLE", code, msg)
	}
	// 2. It comes up: the service connects by itself.
	n.run("start")
	waitFor("readyz after Neo4j started", 90*time.Second, func() bool { return ready() == 200 })
	create := `mutation { upsertEntity(input: {id: "P1", type: "Product", name: "水光精华", attributes: [{key: "price_cny", kind: NUMBER, value: "259"}]}) { version } }`
	if code, msg := gql(create); code != "" {
		t.Fatalf("create = %s %s", code, msg)
	}
	// 3. Down mid-flight: UNAVAILABLE, not INTERNAL, and the write is not half-done.
	n.run("stop")
	waitFor("readyz to turn false", 30*time.Second, func() bool { return ready() == http.StatusServiceUnavailable })
	change := `mutation { upsertEntity(input: {id: "P1", attributes: [{key: "price_cny", kind: NUMBER, value: "199"}]}) { version } }`
	if code, msg := gql(change); code != "UNAVAILABLE" {
		t.Errorf("write with Neo4j down = %s %s, want UNAVAILABLE", code, msg)
	}
	// 4. Back again: recovers without a restart, data intact.
	n.run("start")
	waitFor("readyz after restart", 90*time.Second, func() bool { return ready() == 200 })
	var data string
	waitFor("a query to succeed after restart", 30*time.Second, func() bool {
		code, d := gql(`{ entity(id: "P1") { version attributes { key value } } }`)
		data = d
		return code == ""
	})
	if !strings.Contains(data, `"version":1`) || !strings.Contains(data, `"value":"259"`) {
		t.Errorf("P1 after the outage = %s, want version 1 with price 259", data)
	}
	if !strings.Contains(logs.String(), "neo4j unavailable") || !strings.Contains(logs.String(), "neo4j connected") {
		t.Errorf("logs do not tell the outage and the recovery:\n%s", logs.String())
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
