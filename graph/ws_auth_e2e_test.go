package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/kg/kgtest/teststore"
)

type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsMe opens a graphql-transport-ws socket to srvURL+path with the upgrade
// header h, sends connection_init with init (nil: no payload), and runs
// { me { keyId role kb } } on it. It returns the caller's JSON, or the close
// status and reason when the server refuses the socket.
func wsMe(t *testing.T, srvURL, path string, h http.Header, init any) (me string, closed websocket.StatusCode, reason string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(srvURL, "http") + path
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		t.Fatalf("Dial(%s) = %v (%v)", url, err, resp)
	}
	defer c.CloseNow()
	read := func() (wsMsg, error) {
		for {
			var m wsMsg
			if err := wsjson.Read(ctx, c, &m); err != nil {
				return m, err
			}
			if m.Type != "ping" && m.Type != "pong" && m.Type != "ka" {
				return m, nil
			}
		}
	}
	closeOf := func(err error) (string, websocket.StatusCode, string) {
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("read: %v, want a close frame", err)
		}
		return "", ce.Code, ce.Reason
	}
	initMsg := wsMsg{Type: "connection_init"}
	if init != nil {
		initMsg.Payload, _ = json.Marshal(init)
	}
	if err := wsjson.Write(ctx, c, initMsg); err != nil {
		t.Fatal(err)
	}
	m, err := read()
	if err != nil {
		return closeOf(err)
	}
	if m.Type != "connection_ack" {
		t.Fatalf("after connection_init: %+v, want connection_ack", m)
	}
	payload, _ := json.Marshal(map[string]any{"query": `{ me { keyId role kb } }`})
	if err := wsjson.Write(ctx, c, wsMsg{ID: "1", Type: "subscribe", Payload: payload}); err != nil {
		t.Fatal(err)
	}
	if m, err = read(); err != nil {
		return closeOf(err)
	}
	if m.Type != "next" {
		t.Fatalf("after subscribe: %+v, want next", m)
	}
	var p struct {
		Data struct {
			Me json.RawMessage `json:"me"`
		} `json:"data"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
		t.Fatalf("next = %s (%v)", m.Payload, err)
	}
	c.Close(websocket.StatusNormalClosure, "")
	return string(p.Data.Me), 0, ""
}

// TestWebsocketKeyInConnectionInit: a browser's websocket cannot carry an
// Authorization header, so graphql-ws clients send the key in
// connection_init; the server takes it there, and a socket without a valid
// key runs nothing.
func TestWebsocketKeyInConnectionInit(t *testing.T) {
	e := newEnv(t, teststore.Embedded(t), graph.Limits{})
	me := func(id, role, kb string) string {
		return `{"keyId":"` + id + `","role":"` + role + `","kb":"` + kb + `"}`
	}
	bearer := func(k string) http.Header { return http.Header{"Authorization": {"Bearer " + k}} }
	cases := []struct {
		name   string
		path   string
		header http.Header
		init   any
		me     string // want, or:
		reason string // the close reason's start (status 4403)
	}{
		{"Authorization in payload", "/graphql", nil, map[string]string{"Authorization": "Bearer " + keyChat}, me("bot", "CHAT", e.kb), ""},
		{"authorization in payload", "/graphql", nil, map[string]string{"authorization": "Bearer " + keyAuditor}, me("audrey", "AUDITOR", e.kb), ""},
		{"X-Api-Key in payload", "/graphql", nil, map[string]string{"X-Api-Key": keyAgent}, me("ana", "AGENT", e.kb), ""},
		{"knowledge base in payload", "/graphql", nil, map[string]string{"Authorization": "Bearer " + keyAdmin, "X-Kgrag-KB": e.kb2}, me("root", "ADMIN", e.kb2), ""},
		{"knowledge base in the URL", "/graphql?kb=" + e.kb2, nil, map[string]string{"Authorization": "Bearer " + keyAdmin}, me("root", "ADMIN", e.kb2), ""},
		{"key in the upgrade's header", "/graphql", bearer(keyTrainer), map[string]string{}, me("tina", "TRAINER", e.kb), ""},
		{"header wins over payload", "/graphql", bearer(keyTrainer), map[string]string{"Authorization": "Bearer " + keyChat}, me("tina", "TRAINER", e.kb), ""},
		{"no payload", "/graphql", nil, nil, "", graph.CodeUnauthenticated},
		{"no key", "/graphql", nil, map[string]string{}, "", graph.CodeUnauthenticated},
		{"unknown key", "/graphql", nil, map[string]string{"Authorization": "Bearer not-a-key-0123456789"}, "", graph.CodeUnauthenticated},
		{"not a bearer", "/graphql", nil, map[string]string{"Authorization": "Basic " + keyChat}, "", graph.CodeUnauthenticated},
		{"knowledge base of another", "/graphql", nil, map[string]string{"Authorization": "Bearer " + keyChat, "X-Kgrag-KB": e.kb2}, "", graph.CodeForbidden},
		{"bad knowledge base", "/graphql", nil, map[string]string{"Authorization": "Bearer " + keyAdmin, "X-Kgrag-KB": "no such/kb"}, "", graph.CodeBadUserInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, status, reason := wsMe(t, e.srv.URL, tc.path, tc.header, tc.init)
			if tc.reason == "" {
				if got != tc.me {
					t.Errorf("me = %s (closed %d %q), want %s", got, status, reason, tc.me)
				}
				return
			}
			if got != "" || status != 4403 || !strings.HasPrefix(reason, tc.reason+": ") {
				t.Errorf("me = %s, closed %d %q; want closed 4403 %s", got, status, reason, tc.reason)
			}
		})
	}

	t.Run("a wrong key in the upgrade's header is refused at once", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/graphql",
			&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: bearer("not-a-key-0123456789")})
		if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Dial = %v, %v; want HTTP 401", err, resp)
		}
	})

	t.Run("nothing runs before connection_init", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/graphql",
			&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		payload, _ := json.Marshal(map[string]any{"query": `{ me { keyId } }`})
		if err := wsjson.Write(ctx, c, wsMsg{ID: "1", Type: "subscribe", Payload: payload}); err != nil {
			t.Fatal(err)
		}
		for {
			var m wsMsg
			err := wsjson.Read(ctx, c, &m)
			if err != nil {
				var ce websocket.CloseError
				if !errors.As(err, &ce) {
					t.Errorf("read: %v, want the socket closed", err)
				}
				return
			}
			if m.Type == "next" {
				t.Fatalf("an operation ran before connection_init: %s", m.Payload)
			}
		}
	})
}

// TestWebsocketDevMode: without keys (the loopback dev default) a socket
// needs no key, as every request.
func TestWebsocketDevMode(t *testing.T) {
	svc := newService(t, teststore.Embedded(t))
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	defer srv.Close()
	if got, status, reason := wsMe(t, srv.URL, "/graphql", nil, map[string]string{}); got != `{"keyId":"dev","role":"ADMIN","kb":"default"}` {
		t.Errorf("dev-mode me = %s (closed %d %q)", got, status, reason)
	}
	// Without AuthOff, no keys means no access, over websockets too.
	srv2 := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard)}))
	defer srv2.Close()
	if got, status, reason := wsMe(t, srv2.URL, "/graphql", nil, map[string]string{"Authorization": "Bearer " + keyAdmin}); got != "" || status != 4403 || !strings.HasPrefix(reason, graph.CodeUnauthenticated) {
		t.Errorf("no keys, auth on: me = %s, closed %d %q; want 4403 UNAUTHENTICATED", got, status, reason)
	}
}
