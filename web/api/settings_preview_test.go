package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// storeWonDeal stores the entry the sync received when the referral's deal
// reached the org's renamed won stage "Won": matched, nothing fired.
func storeWonDeal(t *testing.T, db *store.DB, refID string) int64 {
	t.Helper()
	e := &matching.Entry{Object: "Opportunity", RecordID: "006WON" + refID[4:], Modstamp: "2026-11-02T10:00:00.000+0000",
		Method: matching.MethodDirect, ReferralID: refID, Score: 1, Outcome: matching.EntryProcessed,
		Snapshot: map[string]any{"Id": "006WON", "StageName": "Won", "Referral_ID__c": refID, "IsDeleted": false}}
	if err := db.InsertEntryRx(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// The API previews a draft (nothing changes), saves it, replays it, and the
// job approves the referral.
func TestPreviewSaveReplayThroughAPI(t *testing.T) {
	e := newEnv(t)
	ref := e.must("POST", "/api/v1/referrals", `{"first_name":"Won","last_name":"Deal","email":"won@deal.example"}`, 201)["id"].(string)
	entry := storeWonDeal(t, e.db, ref)
	code, out := e.do("POST", "/api/v1/programs/1/settings/preview", e.admin, `{"days":0}`)
	if c, f := errorOf(out); code != 422 || c != "invalid" || f != "settings" {
		t.Fatalf("preview without settings = %d %v, want 422 naming settings", code, out)
	}
	rules := e.must("GET", "/api/v1/programs/1/settings", "", 200)
	draft := strings.Replace(mustJSON(t, rules), `"Closed Won"`, `"Won"`, 1)
	p := e.must("POST", "/api/v1/programs/1/settings/preview", `{"settings":`+draft+`,"days":30}`, 200)
	if p["changed"] != 1.0 || fmt.Sprint(p["changed_entries"]) != fmt.Sprintf("[%d]", entry) {
		t.Fatalf("preview: %v; want the Won entry changed", p)
	}
	if got := e.must("GET", "/api/v1/referrals/"+ref, "", 200)["status"]; got != "pending" {
		t.Fatalf("after the preview the referral is %v", got)
	}
	if code, out := e.do("POST", "/api/v1/programs/1/settings/replay", e.admin, `{"version":99}`); code != 422 {
		t.Fatalf("replay of a version never saved = %d %v, want 422", code, out)
	}
	e.must("PUT", "/api/v1/programs/1/settings", draft, 200)
	_, version, _ := e.db.CurrentSettings(context.Background(), 1)
	job := e.must("POST", "/api/v1/programs/1/settings/replay", fmt.Sprintf(`{"version":%d}`, version), 202)
	path := fmt.Sprintf("/api/v1/replays/%v", job["id"])
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		job = e.must("GET", path, "", 200)
		if job["state"] == "done" || time.Now().After(deadline) {
			break
		}
	}
	if job["state"] != "done" || job["total"] != 1.0 {
		t.Fatalf("replay job %v, want done with one entry", job)
	}
	if got := e.must("GET", "/api/v1/referrals/"+ref, "", 200)["status"]; got != "approved" {
		t.Fatalf("after the replay the referral is %v, want approved", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
