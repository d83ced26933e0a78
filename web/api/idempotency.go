package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// IdempotencyHeader makes a POST safe to retry (as Stripe's API does): the
// first answer to a key is stored for at least 24 hours, a retry with the
// same key and the same body gets that answer again without the work being
// done twice, and the same key with another body is refused.
const IdempotencyHeader = "Idempotency-Key"

// bodyKey finds a caller's own idempotency key in a request body ("" if none).
type bodyKey func(body []byte) string

// idempotent runs h for a POST, honouring an Idempotency-Key header (or the
// key fromBody finds, for the qualify hook's event_id).
func (s *server) idempotent(w http.ResponseWriter, r *http.Request, c *caller, h handlerFunc, fromBody bodyKey) error {
	key := strings.TrimSpace(r.Header.Get(IdempotencyHeader))
	if key == "" && fromBody == nil {
		return h(w, r, c)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.MaxBulk))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errf(codeTooLarge, "", "the body is larger than %d bytes", s.MaxBulk)
	} else if err != nil {
		return errf(codeBadJSON, "", "could not read the body: %v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if key == "" {
		if key = fromBody(body); key == "" {
			return h(w, r, c)
		}
	}
	if len(key) > 255 || strings.IndexFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return errf(codeInvalid, IdempotencyHeader, "%s must be 1 to 255 printable ASCII characters without spaces, e.g. a UUID", IdempotencyHeader)
	}
	scope, hash := fmt.Sprintf("token:%d", c.Token.ID), requestHash(r, body)
	prev, err := s.DB.ClaimIdempotencyKey(r.Context(), scope, key, hash)
	if err != nil {
		return err
	}
	if prev != nil {
		return replay(w, prev.RequestHash == hash, prev.Status, prev.Body)
	}
	rec := &recorder{ResponseWriter: w}
	if err := h(rec, r, c); err != nil {
		s.writeError(rec, r, err)
	}
	ctx := context.WithoutCancel(r.Context()) // the answer is written; keep the record even if the client left
	if rec.status >= 500 || rec.status == 0 { // our failure: let the retry run it again
		err = s.DB.ReleaseIdempotencyKey(ctx, scope, key)
	} else {
		err = s.DB.FinishIdempotencyKey(ctx, scope, key, rec.status, rec.body.Bytes())
	}
	if err != nil { // the answer is already on its way; the log must tell
		s.Logger.Error("api: idempotency key not recorded", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	return nil
}

// replay answers a request whose key was seen before.
func replay(w http.ResponseWriter, sameBody bool, status int, body []byte) error {
	switch {
	case !sameBody:
		return errf(codeKeyReused, IdempotencyHeader, "this %s was already used for a different request; send a new key with a new request", IdempotencyHeader)
	case status == 0:
		return errf(codeConflict, IdempotencyHeader, "the first request with this %s is still running; retry in a few seconds", IdempotencyHeader)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return nil
}

// requestHash identifies a request by method, path and body; a JSON body is
// compared by its content, so spacing and key order do not matter.
func requestHash(r *http.Request, body []byte) string {
	var v any
	if err := json.Unmarshal(body, &v); err == nil {
		if canon, err := json.Marshal(v); err == nil {
			body = canon
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", r.Method, r.URL.Path)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// recorder passes an answer through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// qualifyEventID is the qualify hook's own idempotency key: its event_id field.
func qualifyEventID(body []byte) string {
	var in struct {
		EventID string `json:"event_id"`
	}
	if json.Unmarshal(body, &in) != nil || strings.TrimSpace(in.EventID) == "" {
		return ""
	}
	return "event_id:" + strings.TrimSpace(in.EventID)
}
