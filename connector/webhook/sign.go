// Package webhook delivers refsync's outbound webhooks: events (referral.created,
// referral.status_changed, and the entry.review digest) are written to a
// durable outbox in the database, POSTed as JSON signed with HMAC-SHA256, and
// retried with exponential backoff for 24 hours; every attempt is logged.
// Delivery is at least once: a receiver drops a repeat by its Refsync-Delivery
// header (or the body's id).
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Headers of every delivery.
const (
	SignatureHeader = "Refsync-Signature" // t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
	EventHeader     = "Refsync-Event"     // the event name
	DeliveryHeader  = "Refsync-Delivery"  // this event's delivery to this webhook: the same on every retry and resend, for de-duplication
)

// DefaultTolerance is the replay window a receiver should allow between the signature's time and its clock.
const DefaultTolerance = 5 * time.Minute

// Errors Verify returns (test with errors.Is).
var (
	ErrBadSignature = errors.New("hook: signature does not match")
	ErrStale        = errors.New("hook: signature timestamp outside the replay window")
	ErrMalformed    = errors.New("hook: malformed signature header")
)

// Sign returns the signature header value for body sent at t.
func Sign(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a Refsync-Signature header against the raw body: the HMAC
// must match one v1 value, and the timestamp must be within tolerance of now
// (so a captured request cannot be replayed later). Receivers call it with
// the body bytes exactly as received.
func Verify(secret string, body []byte, header string, tolerance time.Duration, now time.Time) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("%w: %q", ErrMalformed, part)
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return fmt.Errorf("%w: want t=<unix seconds>,v1=<hex>", ErrMalformed)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrStale, d.Round(time.Second))
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}
