package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"kgrag/kg/kgtest"
)

// instance is a kgrag serve of a test, reached over HTTP.
type instance struct {
	t    *testing.T
	base string
	key  string
	logs *syncBuf
}

// gql posts a GraphQL request and returns its data, failing the test on
// errors.
func (in *instance) gql(query string, vars map[string]any) json.RawMessage {
	in.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, in.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+in.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		in.t.Fatalf("%s: %v", in.base, err)
	}
	if len(out.Errors) > 0 {
		in.t.Fatalf("%s: %s: %s\nlogs:\n%s", in.base, strings.SplitN(query, "(", 2)[0], out.Errors[0].Message, in.logs.String())
	}
	return out.Data
}

// startServe runs kgrag serve on the Neo4j of KGRAG_NEO4J_URI with a data
// directory (and so an embedded chunk index) of its own, until the test ends.
func startServe(t *testing.T, keys string, key string) *instance {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuf{}
	done := make(chan error, 1)
	vars := map[string]string{"KGRAG_API_KEYS": keys}
	for _, k := range []string{"KGRAG_NEO4J_URI", "KGRAG_NEO4J_USER", "KGRAG_NEO4J_PASSWORD", "KGRAG_NEO4J_DATABASE"} {
		vars[k] = os.Getenv(k)
	}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir()}, env(vars), logs, logs)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	in := &instance{t: t, base: "http://" + addr, key: key, logs: logs}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(in.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after 60 s\nlogs:\n%s", in.base, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTwoInstancesShareIngestState starts two kgrag serve instances on one
// Neo4j (in this test process, each with its own data directory):
// sources ingested through one are listed by the other, a job started on
// one is reported by the other, and a delete through the other is seen by
// both. (Answers are not compared: each instance's embedded chunk index
// holds only what it indexed itself, so without Qdrant the two answer from
// different chunks.)
func TestTwoInstancesShareIngestState(t *testing.T) {
	kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	kb := kgtest.NewKB(t)
	secret := fmt.Sprintf("s%031d", time.Now().UnixNano())
	keys := "t:trainer:" + kb + ":" + secret
	a := startServe(t, keys, secret)
	b := startServe(t, keys, secret)

	const ingestDoc = `mutation($s: [SourceInput!]!) { ingestSources(sources: $s, options: {waitSeconds: 60}) { id status error } }`
	faq := "id,question,answer\nQ1,保修多久？,整机保修2年。\nQ2,几天发货？,下单后48小时内发货。\n"
	policy := "---\ntitle: 退货政策\n---\n# 退货政策\n\n签收后7天内可无理由退货，商品须完好。\n"
	var started struct {
		IngestSources struct {
			ID, Status, Error string
		}
	}
	data := a.gql(ingestDoc, map[string]any{"s": []map[string]string{{"id": "faq.csv", "content": faq}, {"id": "policies/returns.md", "content": policy}}})
	if err := json.Unmarshal(data, &started); err != nil || started.IngestSources.Status != "DONE" {
		t.Fatalf("ingest through A = %s", data)
	}

	// The job, through B.
	data = b.gql(`query($id: ID!) { ingestJob(id: $id) { id status report { sources { id action } } } }`, map[string]any{"id": started.IngestSources.ID})
	if !strings.Contains(string(data), `"status":"DONE"`) || !strings.Contains(string(data), `"faq.csv"`) {
		t.Errorf("A's job through B = %s, want DONE with its report", data)
	}

	const sourcesDoc = `{ sources { id status counts { chunks } } }`
	listA, listB := a.gql(sourcesDoc, nil), b.gql(sourcesDoc, nil)
	if string(listA) != string(listB) || !strings.Contains(string(listB), `"faq.csv"`) || !strings.Contains(string(listB), `"policies/returns.md"`) {
		t.Fatalf("sources through A = %s, through B = %s; want the same two", listA, listB)
	}
	// Ingesting the same again through B: unchanged, B's registry is A's.
	data = b.gql(ingestDoc, map[string]any{"s": []map[string]string{{"id": "faq.csv", "content": faq}}})
	if err := json.Unmarshal(data, &started); err != nil || started.IngestSources.Status != "DONE" {
		t.Fatalf("re-ingest through B = %s", data)
	}
	data = a.gql(`query($id: ID!) { ingestJob(id: $id) { report { sources { id action } } } }`, map[string]any{"id": started.IngestSources.ID})
	if !strings.Contains(string(data), `"action":"UNCHANGED"`) {
		t.Errorf("B's re-ingest of an unchanged source, through A = %s, want UNCHANGED", data)
	}

	// Delete through B: both see it.
	data = b.gql(`mutation { deleteSources(ids: ["faq.csv"], options: {waitSeconds: 60}) { status error } }`, nil)
	if !strings.Contains(string(data), `"status":"DONE"`) {
		t.Fatalf("delete through B = %s", data)
	}
	listA, listB = a.gql(sourcesDoc, nil), b.gql(sourcesDoc, nil)
	if string(listA) != string(listB) || !strings.Contains(string(listA), `{"id":"faq.csv","status":"DELETED"`) {
		t.Fatalf("after the delete through B: sources through A = %s, through B = %s; want the same, faq.csv DELETED", listA, listB)
	}
}
