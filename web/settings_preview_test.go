package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// withReceiver gives the UI the receiver itself, which previews and replays.
func withReceiver(d *Deps) { d.Reviewer = d.Reviewer.(*recordingReviewer).inner }

// wonDeal stores the entry the sync received when the referral's deal reached
// the org's renamed won stage "Won": matched directly, no rule fired.
func (a *testApp) wonDeal(ref *store.Referral) *matching.Entry {
	return a.addEntry(&matching.Entry{Object: "Opportunity", RecordID: "006WON" + ref.ID[4:], Modstamp: "2026-11-02T10:00:00.000+0000",
		Method: matching.MethodDirect, ReferralID: ref.ID, Score: 1, Outcome: matching.EntryProcessed,
		Snapshot: map[string]any{"Id": "006WON", "StageName": "Won", "Referral_ID__c": ref.ID, "IsDeleted": false}})
}

// An admin changes the won stage's name in the form, previews it (nothing
// changes), saves the previewed settings and replays them: the referral is
// approved by the replay of the saved version.
func TestSettingsPreviewSaveReplay(t *testing.T) {
	app := newTestApp(t, withReceiver)
	admin := app.signedIn("admin@example.com", "admin")
	ctx := context.Background()
	ref := &store.Referral{FirstName: "Won", LastName: "Deal", Email: "won@deal.example"}
	if err := app.DB.CreateReferral(ctx, ref, "test"); err != nil {
		t.Fatal(err)
	}
	entry := app.wonDeal(ref)
	form := settingsForm(t, admin.get("/settings").Body)
	for i, v := range form["ev_value"] {
		if v == "Closed Won" {
			form["ev_value"][i] = "Won"
		}
	}
	form.Set("preview_days", "400")
	if p := admin.post("/settings/preview", form); p.Code != 422 || !strings.Contains(p.Body, "1 to 366") {
		t.Fatalf("preview over 400 days: %d, want 422 saying the range", p.Code)
	}
	form.Set("preview_days", "30")
	p := admin.post("/settings/preview", form)
	if p.Code != 200 || !strings.Contains(p.Body, `id="pv-changed">1<`) || !strings.Contains(p.Body, `rule: none → Opportunity.StageName entered &#34;Won&#34; → approved`) {
		t.Fatalf("preview: %d %.2000s", p.Code, p.Body)
	}
	if got, _ := app.DB.ReferralByID(ctx, ref.ID); got.Status != "pending" {
		t.Fatalf("after the preview the referral is %s", got.Status)
	}
	if _, v, _ := app.DB.CurrentSettings(ctx, 1); v != 0 {
		t.Fatalf("the preview saved settings version %d", v)
	}
	saved := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(p.Body, -1) {
		if m[1] != "_csrf" {
			saved.Add(m[1], attr(`value="`+m[2]+`"`, "value"))
		}
	}
	if p := admin.post("/settings", saved); p.Code != 303 {
		t.Fatalf("save the previewed settings: %d %s", p.Code, errorsOf(p.Body))
	}
	page := admin.get("/settings/replay")
	if !strings.Contains(page.Body, `id="pv-changed">1<`) || !strings.Contains(page.Body, "Replay version 1") {
		t.Fatalf("replay page: %.2000s", page.Body)
	}
	p = admin.post("/settings/replay", url.Values{"version": {"1"}, "which": {"ticked"}, "entry": {itoa(entry.ID)}})
	if p.Code != 303 || !strings.HasPrefix(p.Location, "/settings/replay/") {
		t.Fatalf("replay: %d %s", p.Code, p.Location)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(admin.get(p.Location).Body, `id="job-state">done<`) {
			break
		}
	}
	if got, _ := app.DB.ReferralByID(ctx, ref.ID); got.Status != "approved" {
		t.Fatalf("after the replay the referral is %s", got.Status)
	}
	if body := admin.get("/referrals/" + ref.ID).Body; !strings.Contains(body, "replay:settings v1") {
		t.Fatalf("the referral's history does not name the settings version: %.3000s", body)
	}
}
