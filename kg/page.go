package kg

import (
	"encoding/base64"
	"fmt"
)

// EncodeCursor makes an opaque page cursor of a position (a key) in a
// backend's order.
func EncodeCursor(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// DecodeCursor reads a cursor made by EncodeCursor; ErrInvalid if malformed.
func DecodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", fmt.Errorf("%w: cursor %q is malformed; pass endCursor of the previous page", ErrInvalid, c)
	}
	return string(b), nil
}

// PageSize checks a requested page size: 0 means DefaultPage, and 1..MaxPage
// is allowed; anything else is ErrInvalid.
func PageSize(first int) (int, error) {
	switch {
	case first == 0:
		return DefaultPage, nil
	case first < 0 || first > MaxPage:
		return 0, fmt.Errorf("%w: first %d: want 1..%d", ErrInvalid, first, MaxPage)
	}
	return first, nil
}
