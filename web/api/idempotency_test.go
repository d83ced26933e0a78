package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// post sends a POST with an Idempotency-Key (none when key is "") and returns
// status, answer and whether it was a replay.
func (e *env) post(path, token, key, body string) (int, map[string]any, bool) {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set(IdempotencyHeader, key)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		e.t.Fatalf("POST %s: %s", path, rec.Body)
	}
	return rec.Code, out, rec.Header().Get("Idempotent-Replayed") == "true"
}

func countReferrals(t *testing.T, db *store.DB) int {
	var n int
	if err := db.R.QueryRow(`SELECT count(*) FROM referrals`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdempotencyKeyOnCreate(t *testing.T) {
	e := newEnv(t)
	body := `{"last_name":"Once","email":"once@example.com"}`
	code, first, replayed := e.post("/api/v1/referrals", e.admin, "retry-1", body)
	if code != 201 || replayed {
		t.Fatalf("first: %d %v replayed=%v", code, first, replayed)
	}
	// The same JSON, spaced and ordered differently, after the client timed out.
	code, again, replayed := e.post("/api/v1/referrals", e.admin, "retry-1", `{ "email":"once@example.com", "last_name":"Once" }`)
	if code != 201 || !replayed || again["id"] != first["id"] {
		t.Fatalf("retry: %d %v replayed=%v, want the first answer (id %v)", code, again, replayed, first["id"])
	}
	if n := countReferrals(t, e.db); n != 1 {
		t.Fatalf("%d referrals, want 1", n)
	}
	if n := e.wake.n.Load(); n != 1 {
		t.Fatalf("push woken %d times, want 1", n)
	}
	code, out, _ := e.post("/api/v1/referrals", e.admin, "retry-1", `{"last_name":"Other","email":"other@example.com"}`)
	if c, f := errorOf(out); code != 422 || c != codeKeyReused || f != IdempotencyHeader {
		t.Fatalf("same key, other body: %d %v", code, out)
	}
	// Keys belong to the token that sent them.
	other, _, err := e.db.CreateAPIToken(context.Background(), "crm", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, replayed := e.post("/api/v1/referrals", other, "retry-1", `{"last_name":"Two","email":"two@example.com"}`); code != 201 || replayed {
		t.Fatalf("another token's key: %d %v", code, out)
	}
	// Kept for at least 24 hours.
	e.db.SetClock(func() time.Time { return time.Now().Add(25 * time.Hour) })
	if code, _, replayed := e.post("/api/v1/referrals", e.admin, "retry-1", body); code != 201 || !replayed {
		t.Fatalf("after 25 h: %d replayed=%v", code, replayed)
	}
	if code, out, _ := e.post("/api/v1/referrals", e.admin, "bad key with spaces", body); code != 422 {
		t.Fatalf("a key with spaces: %d %v", code, out)
	}
}

// Parallel retries with one key do the work once.
func TestIdempotencyKeyUnderParallelRetries(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for range 10 {
		wg.Go(func() {
			code, _, _ := e.post("/api/v1/referrals", e.admin, "par-1", `{"last_name":"Par","email":"par@example.com"}`)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if n := countReferrals(t, e.db); n != 1 {
		t.Fatalf("%d referrals, want 1 (answers %v)", n, codes)
	}
	if codes[201]+codes[409] != 10 {
		t.Fatalf("answers %v: want 201 (first or replay) or 409 (still running)", codes)
	}
}

// The qualify hook deduplicates by the caller's own event id as well.
func TestQualifyEventID(t *testing.T) {
	e := newEnv(t)
	rid := e.must("POST", "/api/v1/referrals", `{"last_name":"Q","email":"q@example.com"}`, 201)["id"].(string)
	body := fmt.Sprintf(`{"referral_id":%q,"status":"qualified","event_id":"call-778"}`, rid)
	_, first, _ := e.post("/api/v1/qualify", e.admin, "", body)
	code, again, replayed := e.post("/api/v1/qualify", e.admin, "", body)
	if code != 200 || !replayed || again["id"] != first["id"] {
		t.Fatalf("second call with the same event_id: %d %v replayed=%v (first %v)", code, again, replayed, first["id"])
	}
	var entries int
	if err := e.db.R.QueryRow(`SELECT count(*) FROM entries`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != 1 {
		t.Fatalf("%d entries, want 1", entries)
	}
	if code, out, _ := e.post("/api/v1/qualify", e.admin, "", strings.Replace(body, "qualified", "approved", 1)); code != 422 {
		t.Fatalf("same event_id, other status: %d %v", code, out)
	}
}
