package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSFEmuFlags starts `refsync sfemu` with fault flags and checks that the
// org it serves shows them.
func TestSFEmuFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	env := &Env{Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }}
	base, done := startSFEmu(t, ctx, env, out, "--api-disabled", "--hide-field", "Lead.Email",
		"--deny-object", "Account", "--whole-second-stamps", "--child-page-size", "200", "--log")
	status, token := sfemuLogin(t, base)
	if status != 200 || token == "" {
		t.Fatalf("OAuth login with the API disabled: %d (a real org still logs in)", status)
	}
	req, _ := http.NewRequest("GET", base+"//services/data/v62.0/limits", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "API_DISABLED_FOR_ORG") {
		t.Fatalf("a call with --api-disabled: %d %s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("sfemu: %v", err)
	}
	if !strings.Contains(out.String(), "switched on:   API disabled (403 API_DISABLED_FOR_ORG); Account denied (403 INSUFFICIENT_ACCESS); Lead.Email hidden") {
		t.Fatalf("the faults in effect are not printed: %s", out)
	}
	if !strings.Contains(errOut.String(), "GET /services/data/v62.0/limits 403") {
		t.Fatalf("--log did not print the request: %s", errOut)
	}
	if err := run(context.Background(), &Env{Stdout: io.Discard, Stderr: io.Discard}, []string{"sfemu", "--addr", "127.0.0.1:0", "--hide-field", "Email"}); err == nil {
		t.Fatal("a hidden field without its object was accepted")
	}
}

// TestSFEmuOrgCaseFlags starts `refsync sfemu` with the real-org cases of
// issue 21 switched on: the banner lists each, and a save answers
// UNABLE_TO_LOCK_ROW once with --lock-rows.
func TestSFEmuOrgCaseFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	env := &Env{Stdout: out, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	base, done := startSFEmu(t, ctx, env, out, "--late-commits", "5m", "--won-stage", "Closed - Won",
		"--converted-status", "Qualified", "--currencies", "USD,JPY", "--duplicate-rule", "Lead.Phone", "--lock-rows", "Lead:1",
		"--refuse-logins", "1", "--login-refusal", "rate", "--error-pages", "0", "--read-only-field", "Lead.LeadSource")
	for _, want := range []string{"writes committed 5m0s late", `won stage "Closed - Won"`, "multi-currency (USD, JPY)",
		"duplicate rule on Lead.Phone", "the next 1 Lead saves refused with UNABLE_TO_LOCK_ROW", "the first 1 logins turned away (rate)",
		"Lead.LeadSource read only by field-level security"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the banner does not say %q: %s", want, out)
		}
	}
	if code, _ := sfemuLogin(t, base); code != 400 {
		t.Fatalf("first login with --refuse-logins 1: %d, want 400 (login rate exceeded)", code)
	}
	_, token := sfemuLogin(t, base)
	save := func() string {
		req, _ := http.NewRequest("POST", base+"/services/data/v62.0/composite/sobjects",
			strings.NewReader(`{"allOrNone":false,"records":[{"attributes":{"type":"Lead"},"LastName":"Lock","Company":"L"}]}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if body := save(); !strings.Contains(body, "UNABLE_TO_LOCK_ROW") {
		t.Fatalf("first save with --lock-rows Lead:1: %s", body)
	}
	if body := save(); !strings.Contains(body, `"success":true`) {
		t.Fatalf("second save: %s, want it saved", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("sfemu: %v", err)
	}
	if err := run(context.Background(), &Env{Stdout: io.Discard, Stderr: io.Discard}, []string{"sfemu", "--addr", "127.0.0.1:0", "--lock-rows", "Lead"}); err == nil {
		t.Fatal("--lock-rows without a count was accepted")
	}
}

// startSFEmu runs `refsync sfemu args...` until ctx ends and returns the URL
// it printed; done receives what run returned.
func startSFEmu(t *testing.T, ctx context.Context, env *Env, out *lockedBuffer, args ...string) (base string, done chan error) {
	t.Helper()
	done = make(chan error, 1)
	go func() { done <- run(ctx, env, append([]string{"sfemu", "--addr", "127.0.0.1:0"}, args...)) }()
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no address printed: %s", out)
	}
	return base, done
}

// sfemuLogin logs in to the emulator at base with the demo client's credentials.
func sfemuLogin(t *testing.T, base string) (status int, token string) {
	t.Helper()
	resp, err := http.PostForm(base+"/services/oauth2/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {"refsync-demo"}, "client_secret": {"refsync-demo-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	return resp.StatusCode, tok.AccessToken
}
