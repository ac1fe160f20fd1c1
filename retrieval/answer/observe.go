package answer

import (
	"context"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"kgrag/kg"
)

// Observer hears how each asked question went, for metrics
// (service/telemetry.Metrics is one). Implementations are fast and safe for
// concurrent use.
type Observer interface {
	// ObserveStage is told the time of each stage that ran, as the trace
	// records it (kg.Trace.Latency).
	ObserveStage(stage string, d time.Duration)
	// ObserveAnswer is told the answer's status and reason.
	ObserveAnswer(status, reason string)
}

// Span attributes of the answering spans.
const (
	attrKB       = attribute.Key("kgrag.kb")
	attrAnswerID = attribute.Key("kgrag.answer_id")
)

func (e *Engine) tracer() trace.Tracer {
	if e.Tracer != nil {
		return e.Tracer
	}
	return otel.Tracer("kgrag/retrieval/answer")
}

// startAsk opens the span of one asked question ("answer.ask").
func (e *Engine) startAsk(ctx context.Context, req *Request) (context.Context, trace.Span) {
	attrs := []attribute.KeyValue{attrKB.String(req.KB)}
	if req.Channel != "" {
		attrs = append(attrs, attribute.String("kgrag.channel", req.Channel))
	}
	return e.tracer().Start(ctx, "answer.ask", trace.WithAttributes(attrs...))
}

// observe reports an answer made from start on: a child span of the ask
// span per stage ("answer.understand", "answer.link", …), laid end to end
// from the stage times the trace records, and the metrics. The stages are
// timed by the engine's stopwatch, so spans and metrics agree with the
// trace an auditor reads.
func (e *Engine) observe(ctx context.Context, span trace.Span, start time.Time, a Answer) {
	id := attrAnswerID.String(a.ID)
	kb := attrKB.String(a.Trace.KB)
	span.SetAttributes(id, attribute.String("kgrag.answer.status", a.Status))
	if a.Reason != "" {
		span.SetAttributes(attribute.String("kgrag.answer.reason", a.Reason))
	}
	at := start
	tr := e.tracer()
	for _, l := range a.Trace.Latency {
		d := time.Duration(l.Micros) * time.Microsecond
		_, s := tr.Start(ctx, "answer."+l.Stage, trace.WithTimestamp(at), trace.WithAttributes(kb, id))
		at = at.Add(d)
		s.End(trace.WithTimestamp(at))
		if e.Observer != nil {
			e.Observer.ObserveStage(l.Stage, d)
		}
	}
	if e.Observer != nil {
		e.Observer.ObserveAnswer(a.Status, a.Reason)
	}
}

// storeTrace stores the trace in a span of its own ("answer.store").
func (e *Engine) storeTrace(ctx context.Context, kb string, t kg.Trace) error {
	ctx, span := e.tracer().Start(ctx, "answer.store", trace.WithAttributes(attrKB.String(kb), attrAnswerID.String(t.ID)))
	defer span.End()
	err := e.Store.PutTrace(ctx, kb, t)
	failed(span, err)
	return err
}

// failed marks a span as failed by err, if any.
func failed(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
}
