package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// pageLimit clamps a requested page size.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 1000:
		return 1000
	}
	return n
}

// encodeCursor makes an opaque cursor from a row's sequence number.
func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s" + strconv.FormatInt(seq, 10)))
}

// decodeCursor reads a cursor made by encodeCursor.
func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) < 2 || b[0] != 's' {
		return 0, fmt.Errorf("%w: cursor %q is not one this server gave out", ErrInvalid, c)
	}
	n, err := strconv.ParseInt(string(b[1:]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: cursor %q is not one this server gave out", ErrInvalid, c)
	}
	return n, nil
}

// keysetQuery appends the keyset condition, order and limit (+1 to detect a next page).
func keysetQuery(base string, where []string, args []any, after string, limit int) (string, []any, error) {
	if after != "" {
		seq, err := decodeCursor(after)
		if err != nil {
			return "", nil, err
		}
		where, args = append(where, "seq > ?"), append(args, seq)
	}
	q := base
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq LIMIT ?"
	return q, append(args, limit+1), nil
}
