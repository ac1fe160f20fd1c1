// Package scalar holds the GraphQL scalars kgrag defines.
package scalar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kgrag/kg"
)

// MarshalTime writes an instant as RFC 3339 in UTC.
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
	})
}

// UnmarshalTime reads RFC 3339 or a YYYY-MM-DD date (00:00 UTC).
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: time: want a string such as \"2025-11-11\" or \"2025-11-11T20:00:00+08:00\"", kg.ErrInvalid)
	}
	return ParseTime(s)
}

// ParseTime parses RFC 3339 or a YYYY-MM-DD date.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return time.Time{}, fmt.Errorf("%w: time %q: want YYYY-MM-DD or RFC 3339 (2025-11-11T20:00:00+08:00)", kg.ErrInvalid, s)
}
