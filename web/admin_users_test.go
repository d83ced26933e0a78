package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// userID returns the id of the user with that email.
func (a *testApp) userID(email string) string {
	a.t.Helper()
	u, err := a.DB.UserByEmail(context.Background(), email)
	if err != nil {
		a.t.Fatal(err)
	}
	return itoa(u.ID)
}

// The only admin who can sign in can neither be disabled nor demoted, so
// nobody is locked out; with a second admin both work, and each is audited.
func TestLastAdminCannotBeDisabledOrDemoted(t *testing.T) {
	app := newTestApp(t)
	admin := app.signedIn("boss@example.com", store.RoleAdmin)
	app.addUser("old@example.com", store.RoleAdmin)
	id := app.userID("boss@example.com")
	if p := admin.post("/settings/users/"+app.userID("old@example.com"), url.Values{"action": {"disable"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("disable the other admin: %d %s", p.Code, p.Body)
	}
	for _, form := range []url.Values{{"action": {"disable"}}, {"action": {"role"}, "role": {"reviewer"}}} {
		p := admin.post("/settings/users/"+id, form)
		if p.Code != http.StatusConflict || !strings.Contains(p.Body, "last admin") {
			t.Fatalf("%v of the last admin: %d %s", form, p.Code, p.Body)
		}
	}
	if u, _ := app.DB.UserByEmail(context.Background(), "boss@example.com"); u.Role != store.RoleAdmin || u.DisabledAt != "" {
		t.Fatalf("the last admin changed: %+v", u)
	}
	if p := admin.get("/settings/users"); p.Code != http.StatusOK {
		t.Fatalf("still an admin after the refusals: %d", p.Code)
	}
	// A second admin, invited on the page, makes the demotion possible.
	if p := admin.post("/settings/users", url.Values{"email": {"new@example.com"}, "role": {"admin"}, "password": {testPassword}}); p.Code != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", p.Code, p.Body)
	}
	if p := admin.post("/settings/users/"+id, url.Values{"action": {"role"}, "role": {"reviewer"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("demote with another admin: %d %s", p.Code, p.Body)
	}
	if p := admin.get("/settings/users"); p.Code != http.StatusForbidden {
		t.Fatalf("a demoted admin still reaches the users page: %d", p.Code)
	}
	rows, _, err := app.DB.ListAudit(context.Background(), store.AuditFilter{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Action+" "+r.Actor)
	}
	for _, want := range []string{"user.disable user:boss@example.com", "user.add user:boss@example.com", "user.role user:boss@example.com"} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("audit lacks %q: %v", want, got)
		}
	}
}

var shownPassword = regexp.MustCompile(`<code id="new-password">([^<]+)</code>`)

// An invited user gets a password shown once and signs in with it; a reset
// password replaces it and signs them out; a disabled user cannot sign in.
func TestInviteResetAndDisableUser(t *testing.T) {
	app := newTestApp(t)
	admin := app.signedIn("boss@example.com", store.RoleAdmin)
	p := admin.post("/settings/users", url.Values{"email": {"rev@example.com"}, "role": {"reviewer"}})
	m := shownPassword.FindStringSubmatch(p.Body)
	if p.Code != http.StatusOK || m == nil {
		t.Fatalf("invite without a password: %d %s", p.Code, p.Body)
	}
	rev := app.client()
	if res, _ := rev.login("rev@example.com", m[1]); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the shown password: %d", res.StatusCode)
	}
	if again := admin.get("/settings/users"); strings.Contains(again.Body, m[1]) {
		t.Fatal("the password is shown a second time")
	}
	id := app.userID("rev@example.com")
	p = admin.post("/settings/users/"+id, url.Values{"action": {"password"}})
	n := shownPassword.FindStringSubmatch(p.Body)
	if n == nil || n[1] == m[1] {
		t.Fatalf("reset password: %d %s", p.Code, p.Body)
	}
	if q := rev.get("/entries"); q.Code != http.StatusSeeOther {
		t.Fatalf("the reset left the reviewer signed in: %d", q.Code)
	}
	if res, _ := app.client().login("rev@example.com", m[1]); res.StatusCode == http.StatusSeeOther {
		t.Fatal("the old password still signs in")
	}
	if p := admin.post("/settings/users/"+id, url.Values{"action": {"disable"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", p.Code, p.Body)
	}
	if res, _ := app.client().login("rev@example.com", n[1]); res.StatusCode == http.StatusSeeOther {
		t.Fatal("a disabled user signs in")
	}
	if p := admin.post("/settings/users", url.Values{"email": {"rev@example.com"}, "role": {"admin"}}); p.Code != http.StatusConflict || !strings.Contains(p.Body, "already has an account") {
		t.Fatalf("invite twice: %d", p.Code)
	}
}

// A reviewer reaches none of the users, tokens and notifications pages and can change nothing there.
func TestReviewerCannotManageUsersTokensOrNotifications(t *testing.T) {
	app := newTestApp(t)
	app.addUser("boss@example.com", store.RoleAdmin)
	rev := app.signedIn("rev@example.com", store.RoleReviewer)
	for _, path := range []string{"/settings/users", "/settings/tokens", "/settings/notify"} {
		if p := rev.get(path); p.Code != http.StatusForbidden {
			t.Errorf("GET %s as a reviewer: %d", path, p.Code)
		}
	}
	posts := map[string]url.Values{
		"/settings/users": {"email": {"me2@example.com"}, "role": {"admin"}},
		"/settings/users/" + app.userID("rev@example.com"): {"action": {"role"}, "role": {"admin"}},
		"/settings/tokens": {"name": {"mine"}, "role": {"admin"}},
		"/settings/notify": {"recipients": {"x@example.com"}, "every": {"1h"}},
	}
	for path, form := range posts {
		if p := rev.post(path, form); p.Code != http.StatusForbidden {
			t.Errorf("POST %s as a reviewer: %d", path, p.Code)
		}
	}
	if u, _ := app.DB.UserByEmail(context.Background(), "rev@example.com"); u.Role != store.RoleReviewer {
		t.Fatalf("the reviewer made themself %s", u.Role)
	}
	if list, _ := app.DB.ListAPITokens(context.Background()); len(list) != 0 {
		t.Fatalf("a reviewer created a token: %+v", list)
	}
}
