package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// gqlgen's GET and multipart transports answer their own errors without a
// code, and the multipart one takes any operation up to the upload limit.
// These two replace them.

// getTransport serves queries sent with GET. Mutations need POST.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Set("Content-Type", "application/json")
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeGQLError(w, http.StatusBadRequest, CodeBadUserInput, "the URL query is malformed: "+err.Error())
		return
	}
	params := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName"), Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	for name, into := range map[string]*map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
		if v := q.Get(name); v != "" {
			if err := decodeJSON([]byte(v), into); err != nil {
				writeGQLError(w, http.StatusBadRequest, CodeBadUserInput, name+" is not a JSON object: "+err.Error())
				return
			}
		}
	}
	params.ReadTime.End = graphql.Now()
	rc, gerr := exec.CreateOperationContext(r.Context(), params)
	if gerr != nil {
		writeResponse(w, statusFor(gerr), exec.DispatchError(graphql.WithOperationContext(r.Context(), rc), gerr))
		return
	}
	if rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeGQLError(w, http.StatusMethodNotAllowed, CodeBadUserInput, "GET serves queries only; send mutations with POST")
		return
	}
	responses, ctx := exec.DispatchOperation(r.Context(), rc)
	writeResponse(w, http.StatusOK, responses(ctx))
}

// uploadTransport serves GraphQL multipart requests (file uploads,
// https://github.com/jaydenseric/graphql-multipart-request-spec). The
// operations part is held to the body limit like any request, a request
// without files to the body limit as a whole, and files to the upload
// limit; files over maxMemory wait in temporary files.
type uploadTransport struct {
	maxBody, maxUpload, maxMemory int64
}

var _ graphql.Transport = uploadTransport{}

// maxMapBytes bounds the map part, which only names files.
const maxMapBytes = 64 << 10

var errTooLarge = errors.New("request body over the limit")

func (uploadTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == "" && multipartRequest(r)
}

func (t uploadTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Set("Content-Type", "application/json")
	params, cleanup, status, err := t.read(r)
	defer cleanup()
	if err != nil {
		writeGQLError(w, status, CodeBadUserInput, err.Error())
		return
	}
	rc, gerr := exec.CreateOperationContext(r.Context(), params)
	if gerr != nil {
		writeResponse(w, statusFor(gerr), exec.DispatchError(graphql.WithOperationContext(r.Context(), rc), gerr))
		return
	}
	responses, ctx := exec.DispatchOperation(r.Context(), rc)
	writeResponse(w, http.StatusOK, responses(ctx))
}

// read reads a multipart request into GraphQL parameters with the files
// in place of their variables. cleanup closes and removes the files.
func (t uploadTransport) read(r *http.Request) (_ *graphql.RawParams, cleanup func(), status int, err error) {
	var closers []io.Closer
	var temps []string
	cleanup = func() {
		for _, c := range closers {
			_ = c.Close()
		}
		for _, name := range temps {
			_ = os.Remove(name)
		}
	}
	bad := func(format string, args ...any) (*graphql.RawParams, func(), int, error) {
		return nil, cleanup, http.StatusBadRequest, fmt.Errorf(format, args...)
	}
	body := &capReader{r: r.Body, max: t.maxUpload}
	failed := func(what string, err error) (*graphql.RawParams, func(), int, error) {
		if errors.Is(err, errTooLarge) || tooLarge(err) {
			return nil, cleanup, http.StatusRequestEntityTooLarge, fmt.Errorf("the request is over the limit of %d bytes (%d without files)", body.max, t.maxBody)
		}
		return bad("the multipart request is malformed (%s): %v", what, err)
	}
	_, mtParams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mtParams["boundary"] == "" {
		return bad("the multipart request has no boundary")
	}
	mr := multipart.NewReader(body, mtParams["boundary"])

	part, err := mr.NextPart()
	if err != nil {
		return failed("operations part", err)
	}
	if part.FormName() != "operations" {
		return bad("the first part of a multipart request must be operations")
	}
	ops, err := io.ReadAll(io.LimitReader(part, t.maxBody+1))
	if err != nil {
		return failed("operations part", err)
	}
	if int64(len(ops)) > t.maxBody {
		return nil, cleanup, http.StatusRequestEntityTooLarge, fmt.Errorf("the operations part is over the limit of %d bytes", t.maxBody)
	}
	params := &graphql.RawParams{}
	if err := decodeJSON(ops, params); err != nil {
		return bad("operations is not a GraphQL request in JSON: %v", err)
	}

	if part, err = mr.NextPart(); err != nil {
		return failed("map part", err)
	}
	if part.FormName() != "map" {
		return bad("the second part of a multipart request must be map")
	}
	raw, err := io.ReadAll(io.LimitReader(part, maxMapBytes+1))
	if err != nil {
		return failed("map part", err)
	}
	if len(raw) > maxMapBytes {
		return nil, cleanup, http.StatusRequestEntityTooLarge, fmt.Errorf("the map part is over the limit of %d bytes", maxMapBytes)
	}
	var files map[string][]string
	if err := decodeJSON(raw, &files); err != nil {
		return bad("map is not a JSON object of file paths: %v", err)
	}
	if len(files) == 0 {
		// No files: an ordinary request, held to the body limit.
		body.max = t.maxBody
	}

	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return failed("file part", err)
		}
		key := part.FormName()
		paths := files[key]
		if len(paths) == 0 {
			return bad("part %q is not named in the map", key)
		}
		delete(files, key)
		buf, err := io.ReadAll(io.LimitReader(part, t.maxMemory+1))
		if err != nil {
			return failed("file "+key, err)
		}
		size := int64(len(buf))
		open := func() (io.ReadSeeker, error) { return bytes.NewReader(buf), nil }
		if size > t.maxMemory {
			tmp, err := os.CreateTemp("", "kgrag-upload-")
			if err != nil {
				return nil, cleanup, http.StatusInternalServerError, fmt.Errorf("could not store upload %q", key)
			}
			temps = append(temps, tmp.Name())
			n, err := io.Copy(tmp, io.MultiReader(bytes.NewReader(buf), part))
			_ = tmp.Close()
			if err != nil {
				return failed("file "+key, err)
			}
			size, buf = n, nil
			name := tmp.Name()
			open = func() (io.ReadSeeker, error) {
				f, err := os.Open(name)
				if err == nil {
					closers = append(closers, f)
				}
				return f, err
			}
		}
		for _, path := range paths {
			f, err := open()
			if err != nil {
				return nil, cleanup, http.StatusInternalServerError, fmt.Errorf("could not read upload %q", key)
			}
			up := graphql.Upload{File: f, Filename: part.FileName(), Size: size, ContentType: part.Header.Get("Content-Type")}
			if err := setUpload(params.Variables, path, up); err != nil {
				return bad("map path %q of part %q: %v", path, key, err)
			}
		}
	}
	if len(files) > 0 {
		return bad("the map names parts %q, which the request does not carry", slices.Sorted(maps.Keys(files)))
	}
	params.Headers = r.Header
	return params, cleanup, 0, nil
}

// setUpload puts the upload where a map path ("variables.files.0") points;
// the variable must be there (as null) already.
func setUpload(vars map[string]any, path string, up graphql.Upload) error {
	parts := strings.Split(path, ".")
	if len(parts) < 2 || parts[0] != "variables" {
		return errors.New(`want a path starting "variables."`)
	}
	var cur any = vars
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[p]
			if !ok {
				return fmt.Errorf("no variable at %q", p)
			}
			if last {
				c[p] = up
				return nil
			}
			cur = v
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(c) {
				return fmt.Errorf("no list item %q", p)
			}
			if last {
				c[n] = up
				return nil
			}
			cur = c[n]
		default:
			return fmt.Errorf("no variable at %q", p)
		}
	}
	return errors.New("empty path")
}

// capReader fails with errTooLarge once more than max bytes are read.
type capReader struct {
	r      io.Reader
	n, max int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n > c.max {
		return 0, errTooLarge
	}
	if room := c.max - c.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		return n, errTooLarge
	}
	return n, err
}

func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// statusFor is gqlgen's: 422 for a query that does not parse or validate.
func statusFor(errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) == errcode.KindProtocol {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

func writeResponse(w http.ResponseWriter, status int, resp *graphql.Response) {
	b, err := json.Marshal(resp)
	if err != nil {
		writeGQLError(w, http.StatusInternalServerError, CodeInternal, "internal error")
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
