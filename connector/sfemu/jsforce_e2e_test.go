//go:build e2e

package sfemu

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestJSForce drives the emulator with jsforce (npm): OAuth and SOAP login,
// paged queries, creates and updates, retrieve of many ids, getUpdated and
// getDeleted, date literals and refresh-token rotation. Run with: go test -tags e2e -run JSForce ./connector/sfemu/
func TestJSForce(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	dir := filepath.Join("testdata", "jsforce")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsforce")); err != nil {
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	s, err := Start("127.0.0.1:0", Options{RotateRefreshTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Changes in the past, for getUpdated and getDeleted (which cover whole minutes only).
	ago := func(d time.Duration) string { return formatTime(time.Now().Add(-d)) }
	updated, err := s.Insert("Lead", map[string]any{"LastName": "Replicated", "Company": "R", "CreatedDate": ago(time.Hour + 5*time.Minute),
		"LastModifiedDate": ago(10 * time.Minute), "SystemModstamp": ago(10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := s.Insert("Lead", map[string]any{"LastName": "Deleted", "Company": "R", "IsDeleted": true,
		"CreatedDate": ago(2 * time.Hour), "LastModifiedDate": ago(5 * time.Minute), "SystemModstamp": ago(5 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "node", "check.js", s.URL())
	cmd.Env = append(os.Environ(), "SFEMU_UPDATED_ID="+updated, "SFEMU_DELETED_ID="+deleted)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("jsforce check failed: %v", err)
	}
}
