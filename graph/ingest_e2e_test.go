package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"kgrag/graph"
	"kgrag/kg"
)

func memStore(t *testing.T) kg.Store { return backends[0].open(t) }

type jobJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Done   int    `json:"done"`
	Total  int    `json:"total"`
	Error  *string
	Report *struct {
		Changed bool `json:"changed"`
		Sources []struct {
			ID        string   `json:"id"`
			Kind      string   `json:"kind"`
			Action    string   `json:"action"`
			Entities  int      `json:"entities"`
			Relations int      `json:"relations"`
			Chunks    int      `json:"chunks"`
			Errors    []string `json:"errors"`
			Warnings  []string `json:"warnings"`
		} `json:"sources"`
		Entities []struct {
			Type    string `json:"type"`
			Total   int    `json:"total"`
			Created int    `json:"created"`
		} `json:"entities"`
		Chunks []struct {
			Type  string `json:"type"`
			Total int    `json:"total"`
		} `json:"chunks"`
	} `json:"report"`
}

const jobFields = `id status done total error report { changed sources { id kind action entities relations chunks errors warnings } entities { type total created } chunks { type total } }`

const ingestMutation = `mutation($s: [SourceInput!]!, $o: IngestOptions) { ingestSources(sources: $s, options: $o) { ` + jobFields + ` } }`

var demoSources = []map[string]any{
	{"id": "products.jsonl", "content": `{"id": "ML-1", "name": "摩卡 咖啡机 M1", "name_en": "Moka M1", "category": "咖啡机", "price_cny": 2899, "channels": ["tmall", "jd"], "related": []}
{"id": "ML-2", "name": "摩卡 咖啡机 M1 替换滤网", "category": "配件", "price_cny": 49, "channels": ["tmall"], "related": [{"type": "compatible_with", "id": "ML-1"}]}`},
	{"id": "policies/warranty.md", "content": "---\nid: warranty\ntitle: 保修政策\nchannels: [tmall, jd]\napplies_to: [咖啡机]\neffective_from: 2025-01-01\n---\n# 保修政策\n\n咖啡机保修2年。\n"},
	{"id": "faq.csv", "content": "id,question,answer,tags\nQ1,保修多久？,咖啡机保修2年。,保修\n"},
}

func TestIngestThroughGraphQL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		var job jobJSON
		e.ok(keyTrainer, ingestMutation, map[string]any{"s": demoSources}, "ingestSources", &job)
		if job.Status != "DONE" || job.Report == nil || !job.Report.Changed || len(job.Report.Sources) != 3 {
			t.Fatalf("job = %+v", job)
		}
		for _, src := range job.Report.Sources {
			if src.Action != "NEW" {
				t.Errorf("source %s: %s %v", src.ID, src.Action, src.Errors)
			}
		}
		if n := e.chunks(e.kb); n != 4 {
			t.Errorf("%d chunks indexed, want 4", n)
		}
		// The playground shows a product's relations, policies and channels.
		var ns []struct {
			Relation struct {
				Type string `json:"type"`
			} `json:"relation"`
			Entity struct {
				ID string `json:"id"`
			} `json:"entity"`
		}
		e.ok(keyTrainer, `{ neighbours(id: "category:咖啡机") { relation { type } entity { id } } }`, nil, "neighbours", &ns)
		got := map[string]bool{}
		for _, n := range ns {
			got[n.Relation.Type+" "+n.Entity.ID] = true
		}
		if !got["IN_CATEGORY ML-1"] || !got["APPLIES_TO warranty"] {
			t.Errorf("neighbours of category:咖啡机 = %v", got)
		}

		// Again: unchanged.
		e.ok(keyTrainer, ingestMutation, map[string]any{"s": demoSources}, "ingestSources", &job)
		if job.Status != "DONE" || job.Report.Changed || job.Report.Sources[0].Action != "UNCHANGED" {
			t.Errorf("second ingest = %+v", job.Report)
		}

		// The registry query.
		var srcs []struct {
			ID         string  `json:"id"`
			Kind       string  `json:"kind"`
			Status     string  `json:"status"`
			LastIngest *string `json:"lastIngest"`
			Counts     struct {
				Entities int `json:"entities"`
				Chunks   int `json:"chunks"`
				ByType   []struct {
					Type  string `json:"type"`
					Count int    `json:"count"`
				} `json:"byType"`
			} `json:"counts"`
			Errors []string `json:"errors"`
		}
		e.ok(keyTrainer, `{ sources { id kind status lastIngest counts { entities chunks byType { type count } } errors } }`, nil, "sources", &srcs)
		if len(srcs) != 3 || srcs[1].ID != "policies/warranty.md" || srcs[1].Kind != "policy" || srcs[1].Status != "OK" || srcs[1].LastIngest == nil {
			t.Errorf("sources = %+v", srcs)
		}

		// Delete one source.
		e.ok(keyTrainer, `mutation { deleteSources(ids: ["faq.csv"]) { `+jobFields+` } }`, nil, "deleteSources", &job)
		if job.Status != "DONE" || job.Report.Sources[0].Action != "REMOVED" {
			t.Errorf("delete = %+v", job)
		}
		e.ok(keyTrainer, `{ sources(status: DELETED) { id kind status lastIngest counts { entities chunks byType { type count } } errors } }`, nil, "sources", &srcs)
		if len(srcs) != 1 || srcs[0].ID != "faq.csv" {
			t.Errorf("deleted sources = %+v", srcs)
		}
		var faq entityJSON
		e.ok(keyTrainer, `{ entity(id: "Q1") { `+entityFields+` } }`, nil, "entity", &faq)
		if faq.Status != "RETIRED" {
			t.Errorf("Q1 after delete = %+v", faq)
		}
	})
}

func TestIngestBadInputAndRoles(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{})
	bad := []map[string]any{{"id": "policies/p.md", "content": "---\nid: p\ntitle: T\neffective_from: 2025-13-01\n---\nx\n"}}
	r := e.do(keyTrainer, "", ingestMutation, map[string]any{"s": bad})
	if r.code() != graph.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "policies/p.md:4: effective_from") {
		t.Errorf("bad policy: %+v", r.Errors)
	}
	r = e.do(keyTrainer, "", ingestMutation, map[string]any{"s": []map[string]any{{"id": "../etc/passwd", "content": "x"}}})
	if r.code() != graph.CodeBadUserInput {
		t.Errorf("source id escaping: %+v", r.Errors)
	}
	r = e.do(keyTrainer, "", ingestMutation, map[string]any{"s": []map[string]any{{"id": "a.exe", "content": "x"}}})
	if r.code() != graph.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "unknown format") {
		t.Errorf("unknown format: %+v", r.Errors)
	}
	// One good, one bad: the job reports both, the good one is written.
	mixed := append([]map[string]any{demoSources[2]}, bad...)
	var job jobJSON
	e.ok(keyTrainer, ingestMutation, map[string]any{"s": mixed}, "ingestSources", &job)
	if job.Report.Sources[0].Action != "NEW" || job.Report.Sources[1].Action != "FAILED" || len(job.Report.Sources[1].Errors) == 0 {
		t.Errorf("mixed = %+v", job.Report.Sources)
	}
	for _, k := range []string{keyChat, keyAgent, keyAuditor} {
		if r := e.do(k, "", ingestMutation, map[string]any{"s": demoSources}); r.code() != graph.CodeForbidden {
			t.Errorf("ingest with %s: %+v, want FORBIDDEN", k, r.Errors)
		}
		if r := e.do(k, "", `{ sources { id } }`, nil); r.code() != graph.CodeForbidden {
			t.Errorf("sources with %s: %+v, want FORBIDDEN", k, r.Errors)
		}
	}
	if r := e.do(keyTrainer, "", `{ ingestJob(id: "job-nope") { id } }`, nil); r.code() != graph.CodeNotFound {
		t.Errorf("unknown job: %+v", r.Errors)
	}
	// Another knowledge base's trainer does not see the job.
	if r := e.do(keyOther, "", `{ ingestJob(id: "`+job.ID+`") { id } }`, nil); r.code() != graph.CodeNotFound {
		t.Errorf("job of another knowledge base: %+v", r.Errors)
	}
}

func TestIngestJobPolling(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{})
	var job jobJSON
	e.ok(keyTrainer, ingestMutation, map[string]any{"s": demoSources, "o": map[string]any{"waitSeconds": 0}}, "ingestSources", &job)
	if job.ID == "" || job.Total != 3 {
		t.Fatalf("job = %+v", job)
	}
	deadline := time.Now().Add(10 * time.Second)
	for job.Status != "DONE" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		e.ok(keyTrainer, `query($id: ID!) { ingestJob(id: $id) { `+jobFields+` } }`, map[string]any{"id": job.ID}, "ingestJob", &job)
	}
	if job.Status != "DONE" || job.Done != 3 || job.Report == nil {
		t.Errorf("polled job = %+v", job)
	}
}

// upload posts a GraphQL multipart request with files.
func (e *env) upload(key string, query string, vars map[string]any, files map[string][]byte, names []string) gqlResponse {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	mw.WriteField("operations", string(ops))
	m := map[string][]string{}
	for i := range names {
		m[fmt.Sprint(i)] = []string{fmt.Sprintf("variables.files.%d", i)}
	}
	mb, _ := json.Marshal(m)
	mw.WriteField("map", string(mb))
	for i, n := range names {
		fw, _ := mw.CreateFormFile(fmt.Sprint(i), n)
		fw.Write(files[n])
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("response %q: %v", raw, err)
	}
	out.status = resp.StatusCode
	return out
}

func TestIngestUpload(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{MaxUploadBytes: 64 << 10})
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("编号,问题,答案,标签\nG1,可以开发票吗？,可以，在订单页申请。,发票\n")
	files := map[string][]byte{"常见问题.csv": []byte(gbk), "guide.html": []byte("<h1>指南</h1><p>先研磨，再萃取。</p>")}
	q := `mutation($files: [Upload!]!) { ingestUpload(files: $files) { ` + jobFields + ` } }`
	vars := map[string]any{"files": []any{nil, nil}}
	r := e.upload(keyTrainer, q, vars, files, []string{"常见问题.csv", "guide.html"})
	if len(r.Errors) > 0 {
		t.Fatalf("upload: %+v", r.Errors)
	}
	var job jobJSON
	json.Unmarshal(r.Data["ingestUpload"], &job)
	if job.Status != "DONE" || job.Report.Sources[0].Kind != "faq" || job.Report.Sources[0].Action != "NEW" || job.Report.Sources[1].Kind != "doc" {
		t.Fatalf("upload job = %+v", job.Report)
	}
	var faq entityJSON
	e.ok(keyTrainer, `{ entity(id: "G1") { `+entityFields+` } }`, nil, "entity", &faq)
	if faq.attr("answer") != "可以，在订单页申请。" {
		t.Errorf("G1 = %+v", faq)
	}
	if n := e.chunks(e.kb, "guide.html"); n != 1 {
		t.Errorf("%d chunks of guide.html, want 1 (%d in all)", n, e.chunks(e.kb))
	}
	// Over the upload limit: refused before GraphQL runs.
	big := map[string][]byte{"big.txt": bytes.Repeat([]byte("大"), 40<<10)}
	r = e.upload(keyTrainer, q, map[string]any{"files": []any{nil}}, big, []string{"big.txt"})
	if r.status != http.StatusRequestEntityTooLarge && r.code() != graph.CodeBadUserInput {
		t.Errorf("oversized upload: status %d %+v", r.status, r.Errors)
	}
	// The chat key cannot upload.
	r = e.upload(keyChat, q, vars, files, []string{"常见问题.csv", "guide.html"})
	if r.code() != graph.CodeForbidden {
		t.Errorf("chat upload: %+v", r.Errors)
	}
}
