package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/refsync/refsync/store"
)

// smallDisk mounts a tmpfs of size MB for the test (root only; skipped elsewhere).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system here (%v: %s)", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// ballast writes a file until the file system is full and returns its path.
func ballast(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "ballast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
	}
}

// `refsync serve` on a disk that fills up: every sync run fails and /healthz
// says "disk full" throughout (never "ok" between runs), the sync's own record
// says so, an API token reads on and a change gets the disk-full answer (never
// "token unknown or revoked"), sign-in says the disk is full (never "email and
// password do not match"); with room again health is "ok" without anyone
// writing through the UI. doctor says the disk is full, and then that it is not.
func TestServeOnAFullDisk(t *testing.T) {
	dir := smallDisk(t, 24)
	emu, _, env := emuEnv(t)
	dbPath := filepath.Join(dir, "refsync.db")
	getenv := func(k string) string {
		switch k {
		case "REFSYNC_DB":
			return dbPath
		case "REFSYNC_POLL_INTERVAL":
			return "1s"
		}
		return env(k)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("right horse battery"), bcrypt.MinCost)
	if _, err := db.CreateUser(ctx, "ops@example.com", store.RoleAdmin, string(hash), "test"); err != nil {
		t.Fatal(err)
	}
	tok, _, err := db.CreateAPIToken(ctx, "ops", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := startServe(t, getenv)
	base := "http://" + regexp.MustCompile(`serving on http://(\S+)`).FindStringSubmatch(out.String())[1]

	health := func() string {
		code, body := httpCall(t, http.MethodGet, base+"/healthz", "", "")
		return fmt.Sprintf("%d %s", code, body)
	}
	api := func(method, body string) string {
		code, out := httpCall(t, method, base+"/api/v1/referrals", tok, body)
		return fmt.Sprintf("%d %s", code, out)
	}
	if h := health(); !strings.Contains(h, `"status":"ok"`) {
		t.Fatalf("before: %s", h)
	}

	full := ballast(t, dir)
	for i := 0; i < 30; i++ { // the sync has work to write on every run
		if _, err := emu.Insert("Opportunity", map[string]any{"Name": fmt.Sprint("Deal ", i), "StageName": "Closed Won",
			"CloseDate": "2026-12-01", "Description": strings.Repeat("x", 20000)}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	sawFull := false
	for time.Now().Before(deadline) {
		h := health()
		switch {
		case strings.Contains(h, `"status":"disk full"`):
			sawFull = true
		case sawFull:
			t.Fatalf("/healthz flapped while the disk is still full: %s", h)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !sawFull {
		t.Fatalf("/healthz never said the disk is full: %s\n%s", health(), out.String())
	}
	// The sync checks the same state: it spends no API calls while nothing
	// could be stored, and says so once per object instead of every second.
	calls := emu.APICalls()
	time.Sleep(2 * time.Second)
	if n := emu.APICalls() - calls; n != 0 {
		t.Errorf("the sync made %d Salesforce calls in 2 s on a full disk, want 0", n)
	}
	if n := strings.Count(out.String(), `msg="sync paused" object=Lead`); n != 1 {
		t.Errorf("the Lead sync said it paused %d times, want once:\n%s", n, out.String())
	}
	if got := api(http.MethodGet, ""); !strings.HasPrefix(got, "200 ") {
		t.Errorf("an API read on a full disk: %s, want 200", got)
	}
	if got := api(http.MethodPost, `{"last_name":"Full","email":"full@example.com"}`); !strings.HasPrefix(got, "507 ") || !strings.Contains(got, "disk_full") {
		t.Errorf("an API change on a full disk: %s, want 507 disk_full", got)
	}
	if page := signIn(t, base, "ops@example.com", "right horse battery"); !strings.Contains(page, "disk that holds refsync&#39;s database is full") {
		t.Errorf("sign-in on a full disk does not say so:\n%s", page)
	}
	if page := signIn(t, base, "ops@example.com", "wrong"); strings.Contains(page, "do not match") && !strings.Contains(page, "database is full") {
		t.Errorf("a sign-in on a full disk is answered as a wrong password only:\n%s", page)
	}

	if out, err := runWith(getenv, "doctor"); err == nil || !strings.Contains(out, "FAIL  disk") || !strings.Contains(out, "free space on that disk") {
		t.Errorf("doctor on a full disk: %v\n%s", err, out)
	}

	if err := os.Remove(full); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(15 * time.Second)
	for h := health(); !strings.Contains(h, `"status":"ok"`); h = health() {
		if time.Now().After(deadline) {
			t.Fatalf("with room again /healthz still says: %s", h)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if out, _ := runWith(getenv, "doctor"); !strings.Contains(out, "ok    disk") {
		t.Errorf("doctor with room again:\n%s", out)
	}
}

// signIn posts the sign-in form as a browser would and returns the page it ends on.
func signIn(t *testing.T, base, email, password string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar}
	res, err := cl.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	form := url.Values{"email": {email}, "password": {password}}
	if m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(b); m != nil {
		form.Set("_csrf", string(m[1]))
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err = cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ = io.ReadAll(res.Body)
	return fmt.Sprintf("%d %s", res.StatusCode, b)
}

// httpCall sends one request (with a bearer token and a JSON body when given)
// and returns the status and the body.
func httpCall(t *testing.T, method, url, bearer, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
