package qdrantvec

import (
	"context"
	"errors"
	"fmt"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"kgrag/retrieval"
)

// wrap names the operation and translates gRPC errors into retrieval
// sentinels: anything that means "Qdrant cannot serve this now" (no
// connection, overloaded, rate-limited, timed out) becomes ErrUnavailable,
// which search callers report as UNAVAILABLE and the Outbox queues;
// Qdrant's rejection of a request becomes ErrInvalid, a missing collection
// ErrNotFound. Driver errors are wrapped with %v so callers do not come to
// depend on gRPC types.
func wrap(op string, err error) error {
	var rate *qdrant.QdrantResourceExhaustedError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, retrieval.ErrInvalid), errors.Is(err, retrieval.ErrNotFound),
		errors.Is(err, retrieval.ErrUnavailable), errors.Is(err, ErrMismatch):
		return fmt.Errorf("qdrantvec: %s: %w", op, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("qdrantvec: %s: %w", op, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("qdrantvec: %s: %w: %w", op, retrieval.ErrUnavailable, err)
	case errors.As(err, &rate):
		return fmt.Errorf("qdrantvec: %s: %w: %v", op, retrieval.ErrUnavailable, err)
	}
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("qdrantvec: %s: %v", op, err)
	}
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded, codes.ResourceExhausted, codes.Aborted:
		return fmt.Errorf("qdrantvec: %s: %w: %v", op, retrieval.ErrUnavailable, st.Message())
	case codes.Canceled:
		return fmt.Errorf("qdrantvec: %s: %w: %v", op, context.Canceled, st.Message())
	case codes.InvalidArgument, codes.OutOfRange:
		return fmt.Errorf("qdrantvec: %s: %w: %v", op, retrieval.ErrInvalid, st.Message())
	case codes.NotFound:
		return fmt.Errorf("qdrantvec: %s: %w: %v", op, retrieval.ErrNotFound, st.Message())
	default: // Unauthenticated, PermissionDenied (a wrong API key), FailedPrecondition (storage locked), Internal, …
		return fmt.Errorf("qdrantvec: %s: %s: %v", op, st.Code(), st.Message())
	}
}
