package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// The history shows what each version changed; a version can be viewed and put back.
func TestSettingsHistoryDiffViewRollback(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	form := settingsForm(t, cl.get("/settings").Body)
	labelEvents(form)
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther { // version 1: the defaults, events by label
		t.Fatalf("save: %d %s", p.Code, errorsOf(p.Body))
	}
	form["ev_value"][0] = "Closed Lost"
	form.Set("auto", "80")
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", p.Code)
	}
	ctx := context.Background()
	_, v2, _ := app.DB.CurrentSettings(ctx, store.DefaultProgram)
	body := cl.get("/settings/history").Body
	for _, want := range []string{"Version " + itoa(v2), "in force", "Status change events, row 1, value", "<del>Closed Won</del>", "<ins>Closed Lost</ins>",
		"Auto threshold", "<del>99.7 %</del>", "<ins>80 %</ins>"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %s", want)
		}
	}
	v1 := itoa(v2 - 1)
	page := cl.get("/settings/history/" + v1).Body
	if !strings.Contains(page, "What putting it back would change") || !strings.Contains(page, "<del>Closed Lost</del>") || !strings.Contains(page, `&#34;value&#34;: &#34;Closed Won&#34;`) {
		t.Fatalf("version page: %.600s", page)
	}
	p := cl.post("/settings/history/"+v1+"/rollback", nil)
	if p.Code != http.StatusSeeOther {
		t.Fatalf("rollback: %d", p.Code)
	}
	raw, v3, _ := app.DB.CurrentSettings(ctx, store.DefaultProgram)
	if v3 != v2+1 || !strings.Contains(string(raw), `"Closed Won"`) {
		t.Fatalf("after rollback version %d: %s", v3, raw)
	}
	if audit := cl.get("/settings/audit").Body; !strings.Contains(audit, "Settings rolled back") || !strings.Contains(audit, "back to version "+v1) {
		t.Error("the rollback is not in the audit log")
	}
	if p := cl.get("/settings/history/999"); p.Code != http.StatusNotFound {
		t.Errorf("unknown version: %d", p.Code)
	}
}

// Reviewer actions are in the audit log, by whom and on what.
func TestAuditHasReviewerActions(t *testing.T) {
	app := newTestApp(t)
	ann, _, entry := app.seed()
	rev := app.signedIn("rev@example.com", "reviewer")
	if p := rev.post("/entries/"+itoa(entry.ID)+"/apply", url.Values{"referral_id": {ann.ID}}); p.Code != http.StatusSeeOther {
		t.Fatalf("apply: %d", p.Code)
	}
	ids := app.addReview(2, matching.EntryReview, matching.ReasonNoMatch)
	rev.post("/entries/"+ids[0]+"/dismiss", url.Values{"note": {"duplicate"}})
	rev.post("/entries/bulk", url.Values{"action": {"retry"}, "id": {ids[1]}})
	audit := app.signedIn("admin@example.com", "admin").get("/settings/audit?action=entry.").Body
	for _, want := range []string{"Entry applied", "entry " + itoa(entry.ID), "referral Ann Smith", "Entry dismissed", "duplicate", "Entry retried", "1 of 1 selected entries", ">rev@example.com<"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q", want)
		}
	}
	if strings.Contains(audit, ">referral "+ann.ID) || strings.Contains(audit, ">user:") {
		t.Error("the audit log shows an id or a user: prefix where a name belongs")
	}
}
