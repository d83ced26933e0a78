package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

// fillDisk caps the database at its current size, as a full disk would.
func fillDisk(t *testing.T, db *store.DB, extraPages int) {
	t.Helper()
	var pages int
	if err := db.W.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := db.W.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+extraPages)); err != nil {
		t.Fatal(err)
	}
}

// A full disk: the API says so (not a bare 500), the log and every page say
// so, changes are refused cleanly, and it all ends once there is room.
func TestDiskFull(t *testing.T) {
	var logs bytes.Buffer
	app := newTestApp(t, func(d *Deps) {
		d.API = api.New(api.Deps{DB: d.DB})
		d.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	old := diskProbeEvery
	diskProbeEvery = time.Hour
	t.Cleanup(func() { diskProbeEvery = old })
	cl := app.signedIn("admin@example.com", "admin")
	tok, _, err := app.DB.CreateAPIToken(context.Background(), "zap", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	post := func(i int) page {
		body := fmt.Sprintf(`{"last_name":"Full %d","email":"full%d@example.com","company":"%s"}`, i, i, strings.Repeat("c", 250))
		req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/api/v1/referrals", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		return cl.do(req)
	}
	fillDisk(t, app.DB, 0)
	var p page
	for i := 0; i < 500; i++ {
		if p = post(i); p.Code != http.StatusCreated {
			break
		}
	}
	if p.Code != http.StatusInsufficientStorage || !strings.Contains(p.Body, `"code":"disk_full"`) || !strings.Contains(p.Body, "disk that holds refsync's database is full") {
		t.Fatalf("API on a full disk: %d %s", p.Code, p.Body)
	}
	if p := post(1000); p.Code != http.StatusInsufficientStorage || !strings.Contains(p.Body, "takes no new work until there is room") {
		t.Fatalf("the next change: %d %s, want refused before it reaches the database", p.Code, p.Body)
	}
	if dash := cl.get("/"); dash.Code != http.StatusOK || !strings.Contains(dash.Body, "disk that holds refsync&#39;s database is full") {
		t.Fatalf("the dashboard does not warn: %d", dash.Code)
	}
	if !strings.Contains(logs.String(), "the disk holding the database is full") {
		t.Fatalf("nothing logged:\n%s", logs.String())
	}
	// Room again: the next probe goes through and ends the state.
	fillDisk(t, app.DB, 100000)
	diskProbeEvery = 0
	if p := post(2000); p.Code != http.StatusCreated {
		t.Fatalf("after freeing space: %d %s", p.Code, p.Body)
	}
	if !app.DB.DiskFull().IsZero() || strings.Contains(cl.get("/").Body, "database is full") {
		t.Fatal("the disk-full state outlived the first good write")
	}
}

// An upload that cannot be spooled because the temporary folder's disk is full
// is answered as a full disk (507, what to do), not as an unreadable form.
func TestUploadOnAFullDisk(t *testing.T) {
	tmp := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", tmp).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system here (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", tmp).Run() })
	t.Setenv("TMPDIR", tmp)
	app := newTestApp(t)
	admin := app.signedIn("ann@example.com", store.RoleAdmin)
	csv := "member_code,first_name\n" + strings.Repeat("M1,Mia\n", 400000) // 2.8 MB
	p := admin.upload("members", "m.csv", csv)
	if p.Code != http.StatusInsufficientStorage || !strings.Contains(p.Body, "disk is full") || !strings.Contains(p.Body, "nothing was imported") {
		t.Fatalf("an upload on a full disk: %d %.600s", p.Code, p.Body)
	}
}

// Sign-in on a full disk is let through to try its small write: when even
// that fails the answer is the disk-full page, never "do not match"; a wrong
// password is still told so, with the disk-full warning on the page.
func TestSignInOnAFullDisk(t *testing.T) {
	app := newTestApp(t)
	app.addUser("ann@example.com", store.RoleAdmin)
	ctx := context.Background()
	u, err := app.DB.UserByEmail(ctx, "ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	fillDisk(t, app.DB, 0)
	for i := 0; ; i++ { // fill the sessions table's pages too, so the next session has no room
		if _, err := app.DB.CreateSession(ctx, u.ID, time.Hour); err != nil {
			if !errors.Is(err, store.ErrDiskFull) {
				t.Fatal(err)
			}
			break
		}
		if i > 100000 {
			t.Fatal("the capped database never filled")
		}
	}
	banner := "disk that holds refsync&#39;s database is full"
	if p := tryLogin(app.client(), "", "ann@example.com", testPassword); p.Code != http.StatusInsufficientStorage ||
		!strings.Contains(p.Body, banner) || strings.Contains(p.Body, "do not match") {
		t.Fatalf("the right password on a full disk: %d, want 507 saying the disk is full\n%.500s", p.Code, p.Body)
	}
	if p := tryLogin(app.client(), "", "ann@example.com", "wrong"); p.Code != http.StatusUnauthorized || !strings.Contains(p.Body, banner) {
		t.Fatalf("a wrong password on a full disk: %d, want 401 with the disk-full warning", p.Code)
	}
	fillDisk(t, app.DB, 100000)
	if p := tryLogin(app.client(), "", "ann@example.com", testPassword); p.Code != http.StatusSeeOther {
		t.Fatalf("with room again: %d, want signed in", p.Code)
	}
}
