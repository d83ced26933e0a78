package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

// settingsForm reads the settings form as the page renders it, like a browser would submit it unchanged.
func settingsForm(t *testing.T, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input ([^>]*)>`).FindAllStringSubmatch(body, -1) {
		name := attr(m[1], "name")
		if name == "" || name == "_csrf" || name == "url" || name == "description" || name == "events" {
			continue
		}
		if attr(m[1], "type") == "checkbox" {
			if strings.Contains(m[1], " checked") {
				form.Add(name, "on")
			}
			continue
		}
		form.Add(name, attr(m[1], "value"))
	}
	sel := regexp.MustCompile(`(?s)<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>`)
	for _, m := range sel.FindAllStringSubmatch(body, -1) {
		// An option's value is its value attribute, or its text when it has none.
		v := regexp.MustCompile(`<option([^>]*selected[^>]*)>([^<]*)<`).FindStringSubmatch(m[2])
		if v == nil {
			v = regexp.MustCompile(`<option([^>]*)>([^<]*)<`).FindStringSubmatch(m[2])
		}
		if regexp.MustCompile(`(?:^|\s)value="`).MatchString(v[1]) {
			form.Add(m[1], attr(v[1], "value"))
		} else {
			form.Add(m[1], v[2])
		}
	}
	return form
}

func attr(tag, name string) string {
	m := regexp.MustCompile(`(?:^|\s)` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return strings.NewReplacer("&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'").Replace(m[1])
}

func TestSettingsRoundTripAndVersioning(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	p := cl.get("/settings")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "The defaults are in force") {
		t.Fatalf("settings page: %d", p.Code)
	}
	form := settingsForm(t, p.Body)
	// change a few things the way an admin would: a new event row, a new object, stricter thresholds
	form.Set("objects", form.Get("objects")+", Account")
	evObjects := form["ev_object"]
	n := len(evObjects) - blankRows
	form["ev_object"][n], form["ev_field"][n], form["ev_op"][n], form["ev_value"][n], form["ev_status"][n] = "Account", "Type", "equals", "Customer", "qualified"
	form.Set("auto", "90") // the page shows percentages
	form.Del("auto_fuzzy")
	form.Set("poll_interval", "30s")
	p = cl.post("/settings", form)
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: status %d; %s", p.Code, errorsOf(p.Body))
	}
	body, version, err := app.DB.CurrentSettings(context.Background(), 1)
	if err != nil || version == 0 {
		t.Fatalf("nothing stored: %v", err)
	}
	r, err := config.ParseRules(body)
	if err != nil {
		t.Fatal(err)
	}
	def := config.DefaultRules()
	if f := formFromRules(r); f.Lookback != "2m" || f.PollInterval != "30s" {
		t.Errorf("durations shown as %q and %q, want 2m and 30s", f.Lookback, f.PollInterval)
	}
	if r.Thresholds.Auto != 0.9 || r.Process.AutoFuzzy || !r.Process.AutoDirect || r.PollInterval.Std().String() != "30s" ||
		len(r.Events) != len(def.Events)+1 || r.Events[len(r.Events)-1].Value != "Customer" ||
		len(r.FuzzyFields) != len(def.FuzzyFields) || len(r.Objects) != len(def.Objects)+1 {
		t.Fatalf("stored rules differ from the form: %+v", r)
	}
	page := cl.get("/settings")
	if !strings.Contains(page.Body, fmt.Sprintf("Version %d is in force", version)) || !strings.Contains(page.Body, "saved as version") {
		t.Fatal("the page does not show the new version")
	}
	audit := cl.get("/settings/audit?action=settings.")
	if !strings.Contains(audit.Body, "user:admin@example.com") || !strings.Contains(audit.Body, fmt.Sprintf("version %d", version)) {
		t.Fatalf("audit page lacks the save: %.400s", audit.Body)
	}
	// saving again makes another version
	if p := cl.post("/settings", settingsForm(t, page.Body)); p.Code != http.StatusSeeOther {
		t.Fatalf("second save: %d %s", p.Code, errorsOf(p.Body))
	}
	if _, v2, _ := app.DB.CurrentSettings(context.Background(), 1); v2 <= version {
		t.Fatalf("second save did not make a new version: %d", v2)
	}
}

func errorsOf(body string) string {
	if i := strings.Index(body, `id="settings-errors"`); i >= 0 {
		return body[i:min(len(body), i+800)]
	}
	return ""
}

func TestSettingsInvalidSaysWhatToFix(t *testing.T) {
	describe := testDescribe
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = describe, testObjects })
	cl := app.signedIn("admin@example.com", "admin")
	base := settingsForm(t, cl.get("/settings").Body)
	labelEvents(base)
	for _, tc := range []struct {
		name   string
		change func(url.Values)
		says   string
	}{
		{"threshold not a number", func(f url.Values) { f.Set("auto", "high") }, `Auto threshold: &#34;high&#34; is not a number`},
		{"margin NaN", func(f url.Values) { f.Set("margin", "NaN") }, `&#34;NaN&#34; is not a number`},
		{"look-back 0", func(f url.Values) { f.Set("lookback", "0s") }, "use at least 1s"},
		{"look-back 1ns", func(f url.Values) { f.Set("lookback", "1ns") }, "use at least 1s"},
		{"thresholds out of order", func(f url.Values) { f.Set("review", "99.9") }, "the review threshold (99.9 %) must not be above the auto threshold (99.7 %)"},
		{"threshold over 100 %", func(f url.Values) { f.Set("auto", "200") }, "both must be between 0 and 100 %"},
		{"poll interval", func(f url.Values) { f.Set("poll_interval", "often") }, "Poll interval"},
		{"no objects", func(f url.Values) { f.Set("objects", "") }, "Objects to watch: list at least one Salesforce object"},
		{"event on an object not watched", func(f url.Values) { f["ev_object"][0] = "Case" }, "Status change events, row 1, object"},
		{"field typo", func(f url.Values) { f["ev_field"][0] = "StageNmae" }, "did you mean StageName"},
		{"mapping target", func(f url.Values) { f["map_target"][0] = "price" }, "Field mappings, row 1, target"},
		{"picklist typo", func(f url.Values) { f["ev_value"][0] = "Negotiaton/Review" },
			`Status change events, row 1, value: &#34;Negotiaton/Review&#34; is not a value of Opportunity StageName; did you mean &#34;Negotiation/Review&#34;? Allowed: &#34;Prospecting&#34;`},
		{"User object", func(f url.Values) { f.Set("objects", "Lead, Contact, Opportunity, User") },
			"Objects to watch, row 4: User cannot be watched: it has no IsDeleted field"},
		{"object typo", func(f url.Values) { f.Set("objects", "Lead, Contact, Opportunity, Acount") },
			`Objects to watch, row 4: Salesforce has no object &#34;Acount&#34;; did you mean Account?`},
		{"amount from a picklist", func(f url.Values) { f["map_field"][0] = "StageName" },
			"Field mappings, row 1, field: Opportunity StageName is a picklist field, but the referral&#39;s amount needs a number; number fields of Opportunity: Amount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range base {
				form[k] = append([]string(nil), v...)
			}
			tc.change(form)
			p := cl.post("/settings", form)
			if p.Code != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(p.Body), tc.says) {
				t.Fatalf("status %d, want 422 saying %q; got %s", p.Code, tc.says, errorsOf(p.Body))
			}
			if !strings.Contains(p.Body, "Nothing was saved") {
				t.Fatal("the page does not say nothing was saved")
			}
		})
	}
	if _, _, err := app.DB.CurrentSettings(context.Background(), 1); err == nil {
		t.Fatal("an invalid form was stored")
	}
}

func TestSettingsReconnect(t *testing.T) {
	t.Run("no connection configured", func(t *testing.T) {
		app := newTestApp(t)
		cl := app.signedIn("admin@example.com", "admin")
		if p := cl.post("/settings/reconnect", nil); p.Code != http.StatusSeeOther {
			t.Fatalf("reconnect: %d", p.Code)
		}
		if body := cl.get("/settings").Body; !strings.Contains(body, "Reconnecting failed: No Salesforce connection is configured") {
			t.Fatalf("a failed reconnect is not reported: %s", flashOf(body))
		}
	})
	t.Run("emulated org", func(t *testing.T) {
		emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { emu.Close() })
		crm, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
			ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret, Timeout: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		app := newTestAppCRM(t, crm)
		cl := app.signedIn("admin@example.com", "admin")
		cl.post("/settings/reconnect", nil)
		body := cl.get("/settings").Body
		if !strings.Contains(body, "Connected to Salesforce again") || !strings.Contains(body, ">connected</span>") {
			t.Fatalf("reconnect against the emulator: %s", flashOf(body))
		}
		if audit := cl.get("/settings/audit").Body; !strings.Contains(audit, "connection.reconnect") {
			t.Fatal("the reconnect is not audited")
		}
	})
}

func flashOf(body string) string {
	if i := strings.Index(body, `class="flash"`); i >= 0 {
		return body[i:min(len(body), i+300)]
	}
	return "(no message)"
}

func TestWebhookAdd(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	for _, tc := range []struct {
		name string
		form url.Values
		code int
		says string
	}{
		{"no url", url.Values{"events": {"entry.review"}}, http.StatusUnprocessableEntity, "URL: write the full address"},
		{"not http", url.Values{"url": {"ftp://x.test"}, "events": {"entry.review"}}, http.StatusUnprocessableEntity, "URL: write the full address"},
		{"no events", url.Values{"url": {"https://hooks.test/a"}}, http.StatusUnprocessableEntity, "tick at least one event"},
		{"unknown event", url.Values{"url": {"https://hooks.test/a"}, "events": {"deal.won"}}, http.StatusUnprocessableEntity, "deal.won is not an event"},
		{"cloud metadata address", url.Values{"url": {"http://169.254.169.254/latest/meta-data"}, "events": {"entry.review"}}, http.StatusUnprocessableEntity, "REFSYNC_WEBHOOKS_ALLOW_PRIVATE"},
		{"loopback", url.Values{"url": {"http://localhost:6379/"}, "events": {"entry.review"}}, http.StatusUnprocessableEntity, "private, loopback or link-local"},
		{"5,000 characters", url.Values{"url": {"https://hooks.test/" + strings.Repeat("a", 5000)}, "events": {"entry.review"}}, http.StatusUnprocessableEntity, "at most 2048 are accepted"},
		{"good", url.Values{"url": {"https://hooks.test/a"}, "events": {"entry.review", "referral.status_changed"}, "description": {"CRM team"}}, http.StatusSeeOther, "copy it now"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := cl.post("/settings/webhooks", tc.form)
			if p.Code == http.StatusSeeOther { // added: the webhook's page shows the secret, once
				if !strings.HasPrefix(p.Location, "/settings/webhooks/") {
					t.Fatalf("after adding: %q", p.Location)
				}
				p = cl.get(p.Location)
				if again := cl.get("/settings"); strings.Contains(again.Body, "copy it now") {
					t.Fatal("the secret shows twice")
				}
				p.Code = http.StatusSeeOther
			}
			if p.Code != tc.code || !strings.Contains(p.Body, tc.says) {
				t.Fatalf("status %d, want %d saying %q", p.Code, tc.code, tc.says)
			}
		})
	}
	hooks, _ := app.DB.ListWebhooks(context.Background())
	if len(hooks) != 1 || hooks[0].URL != "https://hooks.test/a" || len(hooks[0].Events) != 2 || !strings.HasPrefix(hooks[0].Secret, "whsec_") {
		t.Fatalf("webhooks stored: %+v", hooks)
	}
	page := cl.get("/settings").Body
	if !strings.Contains(page, "https://hooks.test/a") || strings.Contains(page, hooks[0].Secret) {
		t.Fatal("the list must show the hook and never its secret again")
	}
	// one event delivered after a failed attempt: the log shows both
	ctx := context.Background()
	err := app.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, err := app.DB.EnqueueEventTx(ctx, tx, "entry.review", []byte(`{}`), app.DB.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := app.DB.ListOutbox(ctx, hooks[0].ID, 10)
	app.DB.RecordDelivery(ctx, out[0].ID, 502, "bad gateway", 120*time.Millisecond, time.Now().Add(time.Minute))
	app.DB.RecordDelivery(ctx, out[0].ID, 200, "", 80*time.Millisecond, time.Time{})
	log := cl.get("/settings/webhooks/" + itoa(hooks[0].ID))
	for _, want := range []string{"entry.review", "delivered", "HTTP 502", "bad gateway", "HTTP 200", "120 ms"} {
		if !strings.Contains(log.Body, want) {
			t.Errorf("delivery log lacks %q", want)
		}
	}
	if p := cl.get("/settings/webhooks/999"); p.Code != http.StatusNotFound {
		t.Errorf("unknown webhook: %d", p.Code)
	}
	if p := app.signedIn("rev@example.com", "reviewer").get("/settings/webhooks/" + itoa(hooks[0].ID)); p.Code != http.StatusForbidden {
		t.Errorf("a reviewer opened the delivery log: %d", p.Code)
	}
}

func TestHumanMessages(t *testing.T) {
	err := errors.Join(errors.New(`events[0].field: Opportunity has no field "StageNmae"; did you mean StageName?`),
		errors.New("fuzzy_fields[11].kind: \"x\" must be one of first_name"), errors.New("thresholds: need 0 ≤ review"), errors.New("thresholds.margin: 2 must be between 0 and 1"), errors.New("thresholds: need 0 ≤ review (0.5) ≤ auto (0.4) ≤ 1"))
	got := humanMessages(err)
	want := []string{`Status change events, row 1, field: Opportunity has no field "StageNmae"; did you mean StageName?`,
		`Fuzzy match fields, row 12, kind: "x" must be one of first_name`, "Thresholds: need 0 ≤ review", "Ambiguity margin: 200 % must be between 0 and 100 %.",
		"Thresholds: the review threshold (50 %) must not be above the auto threshold (40 %), and both must be between 0 and 100 %."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q", got)
	}
}

func TestSettingsRescan(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	for _, tc := range []struct {
		name, object, from, says string
	}{
		{"object not watched", "Case", "2025-01-31", "not a watched object"},
		{"no date", "Lead", "", "write the date"},
		{"bad date", "Lead", "31/01/2025", "write the date"},
		{"good", "Lead", "2025-01-31", "The next sync of Lead re-reads Salesforce from 2025-01-31 00:00 UTC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := cl.post("/settings/rescan", url.Values{"object": {tc.object}, "from": {tc.from}})
			if p.Code != http.StatusSeeOther {
				t.Fatalf("status %d", p.Code)
			}
			if body := cl.get("/settings").Body; !strings.Contains(body, tc.says) {
				t.Fatalf("lacks %q: %s", tc.says, flashOf(body))
			}
		})
	}
	_, from, err := app.DB.Watermark(context.Background(), "Lead")
	if err != nil || from != "2025-01-31T00:00:00.000Z" {
		t.Fatalf("backfill stored: %q, %v", from, err)
	}
	if _, other, _ := app.DB.Watermark(context.Background(), "Contact"); other != "" {
		t.Fatalf("another object got a backfill: %q", other)
	}
	if audit := cl.get("/settings/audit").Body; !strings.Contains(audit, "sync.rescan") {
		t.Fatal("the re-scan is not audited")
	}
}

func TestSettingsPushChoicesSavedOthersCarryOver(t *testing.T) {
	ctx := context.Background()
	app := newTestApp(t)
	stored := config.DefaultRules()
	stored.Push.CustomFields = map[string]string{"campaign": "Campaign__c"}
	body, _ := stored.JSON()
	if _, err := app.DB.SaveSettings(ctx, 1, body, "test"); err != nil {
		t.Fatal(err)
	}
	cl := app.signedIn("admin@example.com", "admin")
	page := cl.get("/settings")
	if !strings.Contains(page.Body, `<option value="Lead" selected>`) {
		t.Fatalf("the stored push object is not preselected")
	}
	form := settingsForm(t, page.Body)
	form.Set("push_object", "Contact")
	form.Set("push_on_existing", "deny")
	if p := cl.post("/settings", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, errorsOf(p.Body))
	}
	b, _, _ := app.DB.CurrentSettings(ctx, 1)
	r, err := config.ParseRules(b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Push.Object != "Contact" || r.Push.OnExistingEmail != "deny" || r.Push.CustomFields["campaign"] != "Campaign__c" {
		t.Fatalf("push rules after save: %+v", r.Push)
	}
	form.Set("push_on_existing", "maybe")
	if p := cl.post("/settings", form); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "must be link, update, create or deny") {
		t.Fatalf("bad choice: %d %s", p.Code, errorsOf(p.Body))
	}
}
