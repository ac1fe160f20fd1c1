package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// What a query may cost is bounded in two steps. queryShape runs before
// gqlgen parses and validates the query (validation is quadratic in
// repeated fields and walks fragments without memoising them), on a cheap
// token count and one memoised walk of the parsed document. complexityLimit
// runs after validation and prices what execution returns.

// introspectionDepth is the depth an introspection selection may reach
// (the playground's introspection query nests ofType eight deep); data
// fields keep to Limits.MaxDepth.
const introspectionDepth = 16

// schemaFieldCost is the complexity of each field selected under
// __schema, which gqlgen's calculation leaves out. Its lists run over the
// whole schema, so a request may select __schema only once (and
// validation bounds how deep its lists nest); the playground's full
// introspection query costs about 1,500.
const schemaFieldCost = 10

func limitError(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

// queryShape rejects a query whose size or shape is over the limits before
// gqlgen parses and validates it.
type queryShape struct{ lim Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = queryShape{}

func (queryShape) ExtensionName() string                   { return "QueryShape" }
func (queryShape) Validate(graphql.ExecutableSchema) error { return nil }

func (q queryShape) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	src := &ast.Source{Input: p.Query}
	lx := lexer.New(src)
	for n := 0; ; n++ {
		tok, err := lx.ReadToken()
		if err != nil {
			return nil // gqlgen reports the syntax error
		}
		if tok.Kind == lexer.EOF {
			break
		}
		if n >= q.lim.MaxTokens {
			return limitError(CodeBadUserInput, "the query has more than %d tokens; send values as variables, or split it", q.lim.MaxTokens)
		}
	}
	doc, err := parser.ParseQuery(src)
	if err != nil {
		return nil
	}
	if n := len(doc.Fragments); n > q.lim.MaxFragments {
		return limitError(CodeBadUserInput, "the query defines %d fragments; the limit is %d", n, q.lim.MaxFragments)
	}
	if n := aliases(doc); n > q.lim.MaxAliases {
		return limitError(CodeBadUserInput, "the query has %d aliases; the limit is %d", n, q.lim.MaxAliases)
	}
	w := &shapeWalker{doc: doc, memo: map[string]*shape{}}
	for _, f := range doc.Fragments { // unused ones too: validation walks them
		if s := w.fragment(f.Name); s.fields > q.lim.MaxSelections {
			return limitError(CodeBadUserInput, "fragment %s selects %d fields once its fragments are spread; the limit is %d", f.Name, s.fields, q.lim.MaxSelections)
		}
	}
	if w.cycle != "" {
		return limitError("GRAPHQL_VALIDATION_FAILED", "fragment %s spreads itself", w.cycle)
	}
	for _, op := range doc.Operations {
		s := w.selections(op.SelectionSet)
		if s.fields > q.lim.MaxSelections {
			return limitError(CodeBadUserInput, "the query selects %d fields once its fragments are spread; the limit is %d", s.fields, q.lim.MaxSelections)
		}
		if s.dataDepth > q.lim.MaxDepth {
			return limitError(CodeBadUserInput, "query depth %d exceeds the limit of %d", s.dataDepth, q.lim.MaxDepth)
		}
		if d := max(q.lim.MaxDepth, introspectionDepth); s.depth > d {
			return limitError(CodeBadUserInput, "query depth %d (introspection included) exceeds the limit of %d", s.depth, d)
		}
		if op.Operation == ast.Mutation && s.roots > q.lim.MaxMutations {
			return limitError(CodeBadUserInput, "the request has %d mutations; the limit is %d per request", s.roots, q.lim.MaxMutations)
		}
	}
	return nil
}

// shape is what a selection set costs once its fragments are spread.
type shape struct {
	fields    int // every field, nested ones included
	depth     int // nesting, introspection included
	dataDepth int // nesting of fields other than introspection
	roots     int // fields at the top level
}

// shapeWalker walks a parsed (not yet validated) document, measuring each
// fragment once however often it is spread. A fragment that spreads itself
// counts as empty on the way round, and is named in cycle.
type shapeWalker struct {
	doc   *ast.QueryDocument
	memo  map[string]*shape // nil value: being walked
	cycle string
}

const saturated = 1 << 30

func (w *shapeWalker) selections(ss ast.SelectionSet) shape {
	var out shape
	add := func(s shape) {
		out.fields = min(out.fields+s.fields, saturated)
		out.roots = min(out.roots+s.roots, saturated)
		out.depth = max(out.depth, s.depth)
		out.dataDepth = max(out.dataDepth, s.dataDepth)
	}
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			c := w.selections(s.SelectionSet)
			f := shape{fields: c.fields + 1, depth: c.depth + 1, roots: 1}
			if !strings.HasPrefix(s.Name, "__") {
				f.dataDepth = c.dataDepth + 1
			}
			add(f)
		case *ast.InlineFragment:
			add(w.selections(s.SelectionSet))
		case *ast.FragmentSpread:
			add(w.fragment(s.Name))
		}
	}
	return out
}

func (w *shapeWalker) fragment(name string) shape {
	if s, seen := w.memo[name]; seen {
		if s == nil {
			w.cycle = name
			return shape{}
		}
		return *s
	}
	def := w.doc.Fragments.ForName(name)
	if def == nil {
		return shape{}
	}
	w.memo[name] = nil
	s := w.selections(def.SelectionSet)
	w.memo[name] = &s
	return s
}

// aliases counts the fields of the document that have an alias.
func aliases(doc *ast.QueryDocument) int {
	n := 0
	var walk func(ss ast.SelectionSet)
	walk = func(ss ast.SelectionSet) {
		for _, sel := range ss {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Alias != "" && s.Alias != s.Name {
					n++
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet)
	}
	return n
}

// complexityLimit is gqlgen's complexity limit with introspection priced
// in: gqlgen's own calculation skips __schema.
type complexityLimit struct {
	max int
	es  graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &complexityLimit{}

func (*complexityLimit) ExtensionName() string { return "ComplexityLimit" }
func (c *complexityLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

func (c *complexityLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if k := schemaSelections(oc.Operation.SelectionSet); k > 1 {
		return limitError("COMPLEXITY_LIMIT_EXCEEDED", "the operation selects __schema %d times; once is the limit", k)
	}
	n := complexity.Calculate(ctx, c.es, oc.Operation, oc.Variables)
	n = min(n+schemaFieldCost*schemaFields(oc.Operation.SelectionSet, false), saturated)
	if n > c.max {
		return limitError("COMPLEXITY_LIMIT_EXCEEDED", "operation has complexity %d, which exceeds the limit of %d", n, c.max)
	}
	return nil
}

// schemaFields counts the fields of a validated operation that are
// __schema (a top-level field) or under it. The query's shape was bounded before validation,
// so the walk is short.
func schemaFields(ss ast.SelectionSet, under bool) int {
	n := 0
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			in := under || s.Name == "__schema"
			if in {
				n += 1 + schemaFields(s.SelectionSet, true)
			}
		case *ast.InlineFragment:
			n += schemaFields(s.SelectionSet, under)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += schemaFields(s.Definition.SelectionSet, under)
			}
		}
	}
	return min(n, saturated)
}

// schemaSelections counts the __schema fields of a validated operation.
// One is all a client needs; each answers with the whole schema.
func schemaSelections(ss ast.SelectionSet) int {
	n := 0
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" {
				n++
			}
		case *ast.InlineFragment:
			n += schemaSelections(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += schemaSelections(s.Definition.SelectionSet)
			}
		}
	}
	return n
}

// pagedSchema prices every field with a `first` argument at first times
// its children, so that a page of 200 costs 200 times a page of one.
type pagedSchema struct{ graphql.ExecutableSchema }

func (s pagedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := intArg(args["first"]); ok && n > 0 {
		return min(1+min(n, saturated)*child, saturated), true
	}
	return s.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
}

func intArg(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(min(v, saturated)), true
	case float64:
		return int(min(v, saturated)), true
	case json.Number:
		n, err := v.Int64()
		return int(min(n, saturated)), err == nil
	}
	return 0, false
}

// keepCommitted makes a failed mutation of a request with several show as
// null beside the others instead of nulling the whole response: mutations
// run one after the other and each commits on its own, so data: null would
// hide the ones that were committed.
func keepCommitted(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	m := next(ctx)
	if m != graphql.Null {
		return m
	}
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Mutation ||
		len(graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"})) < 2 {
		return m
	}
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, "null") })
}
