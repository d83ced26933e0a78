package webhook

import (
	"errors"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"evt_h1"}`)
	good := Sign("s3cret", body, now)
	tests := []struct {
		name   string
		secret string
		body   string
		header string
		at     time.Time
		want   error
	}{
		{"valid", "s3cret", string(body), good, now.Add(time.Minute), nil},
		{"wrong secret", "other", string(body), good, now, ErrBadSignature},
		{"body changed", "s3cret", `{"id":"evt_h2"}`, good, now, ErrBadSignature},
		{"replayed later", "s3cret", string(body), good, now.Add(DefaultTolerance + time.Second), ErrStale},
		{"from the future", "s3cret", string(body), good, now.Add(-DefaultTolerance - time.Second), ErrStale},
		{"garbage", "s3cret", string(body), "sha256=abc", now, ErrMalformed},
		{"no v1", "s3cret", string(body), "t=1800000000", now, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Verify(tc.secret, []byte(tc.body), tc.header, DefaultTolerance, tc.at); !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}
