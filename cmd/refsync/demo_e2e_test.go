//go:build e2e

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// demoClient talks to a running demo's API with its printed token.
type demoClient struct {
	base, token string
}

func (c demoClient) do(t *testing.T, method, path string, body, into any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if into != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	if resp.StatusCode >= 300 {
		t.Logf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

type apiEntry struct {
	ID           int64  `json:"id"`
	RecordID     string `json:"record_id"`
	TargetStatus string `json:"target_status"`
	Reason       string `json:"reason"`
	Candidates   []struct {
		ReferralID string `json:"referral_id"`
	} `json:"candidates"`
}

type apiReferral struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	SFState    string `json:"salesforce_state"`
	Salesforce []struct {
		ID string `json:"id"`
	} `json:"salesforce"`
}

// startDemo runs the built binary and returns it with its API token.
func startDemo(t *testing.T, bin, addr, data string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "demo", "--addr", addr, "--data", data)
	stdout, w := io.Pipe() // Wait waits until everything printed is copied here
	cmd.Stdout = w
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); w.Close() })
	tokens := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(os.Stderr, "demo: "+sc.Text())
			if tok, ok := strings.CutPrefix(sc.Text(), "API token: "); ok {
				tokens <- tok
			}
		}
	}()
	select {
	case tok := <-tokens:
		return cmd, tok
	case <-time.After(90 * time.Second):
		t.Fatalf("no API token printed within 90s; stderr:\n%s", stderr.String())
	}
	return nil, ""
}

func TestDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "refsync")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	cmd, token := startDemo(t, bin, addr, filepath.Join(dir, "data"))
	c := demoClient{base: "http://" + addr, token: token}

	// Wait for processed entries and a queue of several reasons: the first
	// sync reads object after object, so early on the queue may hold one reason.
	var processed, review struct{ Items []apiEntry }
	reasons := map[string]int{}
	deadline := time.Now().Add(60 * time.Second)
	for len(processed.Items) == 0 || len(reasons) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("after 60s: %d processed, %d in review with reasons %v (want at least two reasons)", len(processed.Items), len(review.Items), reasons)
		}
		time.Sleep(500 * time.Millisecond)
		c.do(t, "GET", "/api/v1/entries?outcome=processed", nil, &processed)
		c.do(t, "GET", "/api/v1/entries?outcome=review&limit=200", nil, &review)
		clear(reasons)
		for _, e := range review.Items {
			reasons[e.Reason]++
		}
	}
	t.Logf("review reasons: %v", reasons)
	resolveOneReviewEntry(t, c, review.Items)
	pushNewReferral(t, c)

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	stopAt := time.Now()
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Logf("stopped %s after SIGINT", time.Since(stopAt).Round(time.Millisecond))
		if err != nil {
			t.Fatalf("demo exited with %v after SIGINT, want code 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo did not stop within 10s of SIGINT")
	}
	if _, err := os.Stat(filepath.Join(dir, "data", demoCredsFile)); err != nil {
		t.Errorf("no credentials kept for the next run: %v", err)
	}
}

// resolveOneReviewEntry applies a review entry to a pending candidate and
// checks that the referral took the entry's status and the record's link.
func resolveOneReviewEntry(t *testing.T, c demoClient, entries []apiEntry) {
	t.Helper()
	for _, e := range entries {
		if e.TargetStatus == "" || len(e.Candidates) == 0 {
			continue
		}
		refID := e.Candidates[0].ReferralID
		var before apiReferral
		if c.do(t, "GET", "/api/v1/referrals/"+refID, nil, &before) != 200 || before.Status != "pending" {
			continue
		}
		if code := c.do(t, "POST", fmt.Sprintf("/api/v1/entries/%d/apply", e.ID), map[string]any{"referral_id": refID}, nil); code != 200 {
			t.Fatalf("apply entry %d to %s: status %d", e.ID, refID, code)
		}
		var after apiReferral
		c.do(t, "GET", "/api/v1/referrals/"+refID, nil, &after)
		if after.Status != e.TargetStatus {
			t.Errorf("referral %s is %s after applying entry %d, want %s", refID, after.Status, e.ID, e.TargetStatus)
		}
		linked := false
		for _, l := range after.Salesforce {
			linked = linked || l.ID == e.RecordID
		}
		if !linked {
			t.Errorf("referral %s is not linked to record %s after the apply: %+v", refID, e.RecordID, after.Salesforce)
		}
		return
	}
	t.Fatal("no review entry with a pending candidate to resolve")
}

// pushNewReferral adds a referral through the API and waits until the push
// worker has created it in the emulated org.
func pushNewReferral(t *testing.T, c demoClient) {
	t.Helper()
	var ref apiReferral
	in := map[string]any{"first_name": "Grace", "last_name": "Hopper", "email": "grace.hopper@e2e.example", "company": "Navy"}
	if code := c.do(t, "POST", "/api/v1/referrals", in, &ref); code != 201 && code != 200 {
		t.Fatalf("create referral: status %d", code)
	}
	deadline := time.Now().Add(30 * time.Second)
	for ref.SFState != "created" {
		if time.Now().After(deadline) {
			t.Fatalf("referral %s not created in Salesforce within 30s: state %q", ref.ID, ref.SFState)
		}
		time.Sleep(300 * time.Millisecond)
		c.do(t, "GET", "/api/v1/referrals/"+ref.ID, nil, &ref)
	}
}
