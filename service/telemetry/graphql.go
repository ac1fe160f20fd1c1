package telemetry

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"kgrag/feedback"
	"kgrag/graph/auth"
	"kgrag/kg"
	"kgrag/retrieval"
)

// Span attribute keys.
const (
	AttrKB       = attribute.Key("kgrag.kb")
	AttrAnswerID = attribute.Key("kgrag.answer_id")
)

// GraphQL is a gqlgen extension: per operation it counts the request and
// its errors, times it, and runs it in a span; it counts corrections by
// the state the correction mutations leave them in.
type GraphQL struct {
	m      *Metrics
	tracer trace.Tracer
}

// NewGraphQL returns the extension; tp nil: no spans.
func NewGraphQL(m *Metrics, tp trace.TracerProvider) *GraphQL {
	return &GraphQL{m: m, tracer: tracerOf(tp, "kgrag/graph")}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = (*GraphQL)(nil)

// ExtensionName names the extension.
func (*GraphQL) ExtensionName() string { return "Telemetry" }

// Validate accepts every schema.
func (*GraphQL) Validate(graphql.ExecutableSchema) error { return nil }

// operationLabel names an operation by the root field it selects: a bounded
// label (the schema's fields), unlike the operation name a client picks.
func operationLabel(op *ast.OperationDefinition) string {
	var names []string
	var walk func(ss ast.SelectionSet, depth int)
	walk = func(ss ast.SelectionSet, depth int) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				if !slices.Contains(names, s.Name) {
					names = append(names, s.Name)
				}
			case *ast.InlineFragment:
				if depth < 8 {
					walk(s.SelectionSet, depth+1)
				}
			case *ast.FragmentSpread:
				if s.Definition != nil && depth < 8 {
					walk(s.Definition.SelectionSet, depth+1)
				}
			}
		}
	}
	walk(op.SelectionSet, 0)
	switch len(names) {
	case 0:
		return "none"
	case 1:
		return names[0]
	}
	return "multiple"
}

// InterceptOperation times the operation to its last response and runs it
// in a span named "<type> <root field>", e.g. "mutation ask".
func (g *GraphQL) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil {
		return next(ctx)
	}
	typ, op := string(oc.Operation.Operation), operationLabel(oc.Operation)
	start := oc.Stats.OperationStart
	if start.IsZero() {
		start = time.Now()
	}
	attrs := []attribute.KeyValue{attribute.String("graphql.operation.type", typ), attribute.String("kgrag.graphql.root_field", op)}
	if oc.OperationName != "" {
		attrs = append(attrs, attribute.String("graphql.operation.name", oc.OperationName))
	}
	if c, ok := auth.FromContext(ctx); ok {
		attrs = append(attrs, AttrKB.String(c.KB))
	}
	ctx, span := g.tracer.Start(ctx, typ+" "+op, trace.WithTimestamp(start), trace.WithAttributes(attrs...))
	h := next(context.WithValue(ctx, operationKey{}, true))
	failed, ended := false, false
	return func(ctx context.Context) *graphql.Response {
		resp := h(ctx)
		if resp != nil && len(resp.Errors) > 0 {
			failed = true
			g.countErrors(resp.Errors, span)
		}
		if ended || (resp != nil && oc.Operation.Operation == ast.Subscription) {
			return resp // a subscription ends with its stream (nil)
		}
		ended = true
		status := "ok"
		if failed {
			status = "error"
			span.SetStatus(codes.Error, "the response carried errors")
		}
		g.m.requests.WithLabelValues(op, typ, status).Inc()
		g.m.duration.WithLabelValues(op, typ).Observe(time.Since(start).Seconds())
		span.End()
		return resp
	}
}

// operationKey marks the context of an operation InterceptOperation runs.
type operationKey struct{}

// InterceptResponse counts the operations gqlgen refused before running
// them, which InterceptOperation never sees: a document that did not parse
// or validate (operation "invalid"), bad variables, a query too deep or
// too complex (labelled by their root field).
func (g *GraphQL) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || ctx.Value(operationKey{}) != nil {
		return resp
	}
	op, typ, start := "invalid", "", time.Now()
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil {
			op, typ = operationLabel(oc.Operation), string(oc.Operation.Operation)
		}
		if !oc.Stats.OperationStart.IsZero() {
			start = oc.Stats.OperationStart
		}
	}
	g.m.requests.WithLabelValues(op, typ, "error").Inc()
	g.m.duration.WithLabelValues(op, typ).Observe(time.Since(start).Seconds())
	g.countErrors(resp.Errors, nil)
	return resp
}

func (g *GraphQL) countErrors(errs gqlerror.List, span trace.Span) {
	for _, e := range errs {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = "UNKNOWN"
		}
		g.m.errors.WithLabelValues(code).Inc()
		switch {
		case errors.Is(e, kg.ErrUnavailable):
			g.m.StoreError("graph", "request")
		case errors.Is(e, retrieval.ErrUnavailable):
			g.m.StoreError("index", "request")
		}
		if span != nil {
			span.AddEvent("graphql.error", trace.WithAttributes(attribute.String("code", code), attribute.String("message", e.Message)))
		}
	}
}

// InterceptField counts the corrections that root mutations return, by
// their state: submitCorrection gives PENDING (APPROVED for a trusted
// agent), approveCorrection APPROVED, rejectCorrection REJECTED.
func (g *GraphQL) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil {
		return res, err
	}
	if fc := graphql.GetFieldContext(ctx); fc == nil || fc.Object != "Mutation" {
		return res, err
	}
	switch c := res.(type) {
	case *feedback.Correction:
		if c != nil {
			g.m.correction(c.Status)
		}
	case feedback.Correction:
		g.m.correction(c.Status)
	}
	return res, err
}
