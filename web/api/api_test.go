package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// recordingReceiver is the real receiver, counting the referrals it is told about.
type recordingReceiver struct {
	*connector.Receiver
	changed atomic.Int64
}

func (r *recordingReceiver) ReferralChanged(m matching.Referral) {
	r.changed.Add(1)
	r.Receiver.ReferralChanged(m)
}

type countWaker struct{ n atomic.Int64 }

func (c *countWaker) Wake() { c.n.Add(1) }

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// env is an API over a fresh database with an admin and a reviewer token.
type env struct {
	t               *testing.T
	db              *store.DB
	h               http.Handler
	rx              *recordingReceiver
	wake            *countWaker
	admin, reviewer string
	seq             int
}

func newEnv(t *testing.T) *env {
	db := openDB(t)
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, rx: &recordingReceiver{Receiver: rc}, wake: &countWaker{}}
	// Webhook receivers in these tests are httptest servers on 127.0.0.1.
	e.h = New(Deps{DB: db, Receiver: e.rx, Push: e.wake, WebhooksAllowPrivate: true})
	if e.admin, _, err = db.CreateAPIToken(context.Background(), "zapier", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if e.reviewer, _, err = db.CreateAPIToken(context.Background(), "ops", store.RoleReviewer); err != nil {
		t.Fatal(err)
	}
	return e
}

// do sends a request and decodes the JSON answer (nil for an empty body).
func (e *env) do(method, path, token, body string) (int, map[string]any) {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %s", method, path, rec.Body)
		}
	}
	return rec.Code, out
}

// must sends a request that has to succeed and returns the answer.
func (e *env) must(method, path, body string, want int) map[string]any {
	e.t.Helper()
	code, out := e.do(method, path, e.admin, body)
	if code != want {
		e.t.Fatalf("%s %s = %d %v, want %d", method, path, code, out, want)
	}
	return out
}

// errorOf returns the code and field of an error answer.
func errorOf(out map[string]any) (code, field string) {
	ev, _ := out["error"].(map[string]any)
	code, _ = ev["code"].(string)
	field, _ = ev["field"].(string)
	if m, _ := ev["message"].(string); m == "" {
		return "", field
	}
	return code, field
}

// fixture makes a member, a referral, three entries in review (to apply, retry
// and dismiss) and a webhook.
func (e *env) fixture() (memberID, referralID string, entries [3]int64, webhookID int64) {
	e.t.Helper()
	e.seq++
	m := e.must("POST", "/api/v1/members", fmt.Sprintf(`{"referral_code":"FIX-%d","first_name":"Fix","email":"fix%d@members.example"}`, e.seq, e.seq), 201)
	r := e.must("POST", "/api/v1/referrals", fmt.Sprintf(`{"last_name":"Fixture","email":"fixture%d@example.com","member_code":"FIX-%d"}`, e.seq, e.seq), 201)
	for i := range entries {
		rec := fmt.Sprintf("00Q%012d%d", e.seq, i)
		en := &matching.Entry{Object: "Lead", RecordID: rec, Modstamp: "2026-01-01T00:00:00.000+0000", Outcome: matching.EntryReview,
			Reason: matching.ReasonAmbiguous, Rule: "Lead Status becomes Qualified", TargetStatus: store.StatusQualified,
			Snapshot: map[string]any{"Id": rec, "LastName": "Fixture", "Email": "someone@example.com", "SystemModstamp": "2026-01-01T00:00:00.000+0000"}}
		if err := e.db.InsertEntryRx(context.Background(), en, matching.EntryEvent{Actor: "sync", Action: "review", Outcome: en.Outcome}); err != nil {
			e.t.Fatal(err)
		}
		entries[i] = en.ID
	}
	w := e.must("POST", "/api/v1/webhooks", `{"url":"https://hooks.example/refsync","events":["referral.created"]}`, 201)
	return m["id"].(string), r["id"].(string), entries, int64(w["id"].(float64))
}
