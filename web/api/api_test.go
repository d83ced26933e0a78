package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// stubReceiver stands in for *connector.Receiver (built in parallel): it
// records the review actions on the entry through the store, as the receiver does.
type stubReceiver struct {
	db      *store.DB
	changed atomic.Int64
}

func (s *stubReceiver) act(ctx context.Context, id int64, outcome matching.EntryOutcome, ref, action, actor, note string) (*matching.Entry, error) {
	e, err := s.db.EntryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if ref != "" {
		if _, err := s.db.ReferralByID(ctx, ref); err != nil {
			return nil, err
		}
		e.ReferralID, e.Method = ref, matching.MethodManual
	}
	e.Outcome, e.Note = outcome, note
	return e, s.db.UpdateEntryRx(ctx, e, matching.EntryEvent{Actor: actor, Action: action, Outcome: outcome, Detail: note})
}

func (s *stubReceiver) ApplyEntry(ctx context.Context, id int64, ref string, _ bool, actor string) (*matching.Entry, error) {
	return s.act(ctx, id, matching.EntryProcessed, ref, "apply", actor, "")
}

func (s *stubReceiver) RetryEntry(ctx context.Context, id int64, corr map[string]string, actor string) (*matching.Entry, error) {
	return s.act(ctx, id, matching.EntryReview, "", "retry", actor, fmt.Sprint(corr))
}

func (s *stubReceiver) DismissEntry(ctx context.Context, id int64, note, actor string) (*matching.Entry, error) {
	return s.act(ctx, id, matching.EntryDismissed, "", "dismiss", actor, note)
}

func (s *stubReceiver) ReferralChanged(matching.Referral) { s.changed.Add(1) }

type countWaker struct{ n atomic.Int64 }

func (c *countWaker) Wake() { c.n.Add(1) }

// env is an API over a fresh database with an admin and a reviewer token.
type env struct {
	t               *testing.T
	db              *store.DB
	h               http.Handler
	rx              *stubReceiver
	wake            *countWaker
	admin, reviewer string
	seq             int
}

func newEnv(t *testing.T) *env {
	db := openDB(t)
	e := &env{t: t, db: db, rx: &stubReceiver{db: db}, wake: &countWaker{}}
	e.h = New(Deps{DB: db, Receiver: e.rx, Push: e.wake, Qualify: e.qualify})
	var err error
	if e.admin, _, err = db.CreateAPIToken(context.Background(), "zapier", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if e.reviewer, _, err = db.CreateAPIToken(context.Background(), "ops", store.RoleReviewer); err != nil {
		t.Fatal(err)
	}
	return e
}

// qualify stands in for Receiver.Qualify: it logs a "Webhook" entry.
func (e *env) qualify(ctx context.Context, q Qualify, actor string) (*matching.Entry, error) {
	e.seq++
	en := &matching.Entry{Object: "Webhook", RecordID: fmt.Sprint("q", e.seq), Modstamp: "m", TargetStatus: q.Status,
		ReferralID: q.ReferralID, Outcome: matching.EntryReview, Reason: matching.ReasonNoMatch}
	return en, e.db.InsertEntryRx(ctx, en, matching.EntryEvent{Actor: actor, Action: "received", Outcome: en.Outcome})
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

// fixture makes a member, a referral, an entry in review and a webhook, returning their paths' ids.
func (e *env) fixture() (memberID, referralID string, entryID int64, webhookID int64) {
	e.t.Helper()
	e.seq++
	m := e.must("POST", "/api/v1/members", fmt.Sprintf(`{"referral_code":"FIX-%d","first_name":"Fix","email":"fix%d@members.example"}`, e.seq, e.seq), 201)
	r := e.must("POST", "/api/v1/referrals", fmt.Sprintf(`{"last_name":"Fixture","email":"fixture%d@example.com","member_code":"FIX-%d"}`, e.seq, e.seq), 201)
	en := &matching.Entry{Object: "Lead", RecordID: fmt.Sprint("00Qfix", e.seq), Modstamp: "m", Outcome: matching.EntryReview,
		Reason: matching.ReasonAmbiguous}
	if err := e.db.InsertEntryRx(context.Background(), en, matching.EntryEvent{Actor: "sync", Action: "review", Outcome: en.Outcome}); err != nil {
		e.t.Fatal(err)
	}
	w := e.must("POST", "/api/v1/webhooks", `{"url":"https://hooks.example/refsync","events":["referral.created"]}`, 201)
	return m["id"].(string), r["id"].(string), en.ID, int64(w["id"].(float64))
}
