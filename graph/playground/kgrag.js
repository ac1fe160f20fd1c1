// kgrag's playground: GraphiQL with the API key and knowledge base kept in
// this browser, example tabs, and subscriptions (askStream) over
// Server-Sent Events, so every request carries the Authorization header.
(function () {
  'use strict';

  var KEY = 'kgrag:apiKey';
  var KB = 'kgrag:kb';
  var url = location.origin + '/graphql';

  function authHeaders() {
    var h = {};
    var key = localStorage.getItem(KEY);
    var kb = localStorage.getItem(KB);
    if (key) h['Authorization'] = 'Bearer ' + key;
    if (kb) h['X-Kgrag-KB'] = kb;
    return h;
  }

  // The key form: a new key or knowledge base starts GraphiQL afresh, so
  // the schema, the tabs' requests and the status line all use it.
  var form = document.getElementById('kgrag-auth');
  var keyInput = document.getElementById('kgrag-key');
  var kbInput = document.getElementById('kgrag-kb');
  var status = document.getElementById('kgrag-status');
  keyInput.value = localStorage.getItem(KEY) || '';
  kbInput.value = localStorage.getItem(KB) || '';
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var key = keyInput.value.trim();
    var kb = kbInput.value.trim();
    if (key) localStorage.setItem(KEY, key); else localStorage.removeItem(KEY);
    if (kb) localStorage.setItem(KB, kb); else localStorage.removeItem(KB);
    start();
  });
  document.getElementById('kgrag-forget').addEventListener('click', function () {
    localStorage.removeItem(KEY);
    localStorage.removeItem(KB);
    keyInput.value = '';
    kbInput.value = '';
    start();
  });

  // showCaller says who the page is (me { keyId role kb }), or why not.
  function showCaller() {
    status.textContent = '…';
    status.dataset.state = '';
    fetch(url, {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, authHeaders()),
      body: JSON.stringify({ query: '{ me { keyId role kb } }' })
    }).then(function (r) { return r.json(); }).then(function (r) {
      if (r.data && r.data.me) {
        var me = r.data.me;
        status.textContent = 'as ' + me.keyId + ' (' + me.role + ') in ' + me.kb;
        status.dataset.state = 'ok';
      } else {
        var e = (r.errors && r.errors[0]) || {};
        status.textContent = ((e.extensions && e.extensions.code) || 'ERROR') + ': ' + (e.message || 'no answer');
        status.dataset.state = 'error';
      }
    }).catch(function (e) {
      status.textContent = 'the server did not answer: ' + e;
      status.dataset.state = 'error';
    });
  }

  function isSubscription(params, opts) {
    var doc = opts && opts.documentAST;
    if (doc && doc.definitions) {
      var ops = doc.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
      var op = params.operationName
        ? ops.filter(function (d) { return d.name && d.name.value === params.operationName; })[0]
        : ops[0];
      return !!op && op.operation === 'subscription';
    }
    return /^\s*subscription\b/.test(String(params.query || '').replace(/^\s*#.*$/gm, ''));
  }

  // sse runs a subscription as gqlgen's SSE transport serves it (POST with
  // Accept: text/event-stream; "event: next" carries a result, "event:
  // complete" ends the stream). GraphiQL's stop button calls return(),
  // which aborts the request.
  function sse(params, headers) {
    var ctrl = new AbortController();
    async function* events() {
      var resp = await fetch(url, {
        method: 'POST',
        headers: Object.assign({ 'Content-Type': 'application/json', 'Accept': 'text/event-stream' }, headers),
        body: JSON.stringify(params),
        signal: ctrl.signal
      });
      if (!(resp.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        yield await resp.json(); // refused before the stream began (e.g. 401)
        return;
      }
      var reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      var buf = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) return;
        buf += chunk.value.replace(/\r\n/g, '\n');
        var end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          var block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          var event = 'message';
          var data = [];
          block.split('\n').forEach(function (l) {
            if (l.startsWith('event:')) event = l.slice(6).trim();
            else if (l.startsWith('data:')) data.push(l.slice(5).replace(/^ /, ''));
          });
          if (event === 'complete') return;
          if (event === 'next' && data.length) yield JSON.parse(data.join('\n'));
        }
      }
    }
    var it = events();
    var ret = it.return.bind(it);
    it.return = function (v) { ctrl.abort(); return ret(v); };
    return it;
  }

  function newFetcher() {
    var plain = GraphiQL.createFetcher({ url: url, headers: authHeaders() });
    return function (params, opts) {
      if (isSubscription(params, opts)) {
        return sse(params, Object.assign(authHeaders(), opts && opts.headers));
      }
      return plain(params, opts);
    };
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var tabs = [];
  var generation = 0;
  // start (re)starts GraphiQL with the current key: a new React key
  // remounts it, so it loads the schema again.
  function start() {
    showCaller();
    generation++;
    root.render(React.createElement(GraphiQL, {
      key: generation,
      fetcher: newFetcher(),
      defaultTabs: tabs,
      defaultQuery: tabs.length ? tabs[0].query : undefined,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false
    }));
  }

  fetch('/playground/tabs.json').then(function (r) { return r.json(); }).then(function (t) {
    tabs = t;
    start();
  });
})();
