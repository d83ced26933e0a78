//go:build e2e

package sfemu

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sfCLI runs the Salesforce CLI installed in testdata/sfcli with a home,
// config and cache of its own under a temporary folder, telemetry and
// update checks off.
type sfCLI struct {
	t    *testing.T
	bin  string
	home string
	env  []string
}

func newSFCLI(t *testing.T) *sfCLI {
	t.Helper()
	ci := os.Getenv("CI") != ""
	if _, err := exec.LookPath("node"); err != nil {
		if ci {
			t.Fatal("node is not installed (CI is set): run .ci/run")
		}
		t.Skip("node is not installed")
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "sfcli"))
	bin := filepath.Join(dir, "node_modules", ".bin", "sf")
	if _, err := os.Stat(bin); err != nil {
		if !ci {
			t.Skip("the Salesforce CLI is not installed: cd connector/sfemu/testdata/sfcli && npm ci")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "USERPROFILE=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"), "TMPDIR=" + home,
		"SF_DISABLE_TELEMETRY=true", "SFDX_DISABLE_TELEMETRY=true", "SF_AUTOUPDATE_DISABLE=true",
		"SFDX_AUTOUPDATE_DISABLE=true", "SF_SKIP_NEW_VERSION_CHECK=true", "SF_USE_GENERIC_UNIX_KEYCHAIN=true",
		"SF_HIDE_RELEASE_NOTES=true", "SF_NPM_REGISTRY=http://127.0.0.1:1/", "NO_COLOR=1", "SF_LOG_LEVEL=debug"}
	return &sfCLI{t: t, bin: bin, home: home, env: env}
}

// run runs one sf command with --json and returns its result, an object;
// any failure fails the test with the CLI's own output.
func (c *sfCLI) run(extraEnv []string, args ...string) map[string]any {
	c.t.Helper()
	m, ok := c.runAny(extraEnv, args...).(map[string]any)
	if !ok {
		c.t.Fatalf("sf %s: result is not an object", strings.Join(args, " "))
	}
	return m
}

// runAny is run for a result of any JSON shape (a list, for some commands).
func (c *sfCLI) runAny(extraEnv []string, args ...string) any {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append(args, "--json")...)
	cmd.Env = append(append([]string{}, c.env...), extraEnv...)
	cmd.Dir = c.home
	out, err := cmd.Output()
	var res struct {
		Status int             `json:"status"`
		Result json.RawMessage `json:"result"`
	}
	if jerr := json.Unmarshal(out, &res); err != nil || jerr != nil || res.Status != 0 {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		c.t.Fatalf("sf %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr)
	}
	var v any
	if err := json.Unmarshal(res.Result, &v); err != nil {
		c.t.Fatalf("sf %s: result is not JSON: %s", strings.Join(args, " "), res.Result)
	}
	return v
}

// TestSalesforceCLI drives the emulator with the Salesforce CLI (npm
// @salesforce/cli): login with an access token, queries (plain, more than
// 2,000 rows, a parent field, a paged child subquery), describe, create and
// get. Run with: go test -tags e2e -run SalesforceCLI ./connector/sfemu/
func TestSalesforceCLI(t *testing.T) {
	sf := newSFCLI(t)
	defer outsideUntouched(t)()
	s, c := testOrg(t, Options{ChildPageSize: 200})
	acc, _ := s.Insert("Account", map[string]any{"Name": "Big Account"})
	for i := 0; i < 2500; i++ {
		s.Insert("Lead", map[string]any{"LastName": "Bulk", "Company": "Bulk Co"})
	}
	for i := 0; i < 250; i++ {
		s.Insert("Contact", map[string]any{"LastName": "Kid", "AccountId": acc})
	}
	tokenEnv := []string{"SF_ACCESS_TOKEN=" + c.token}
	login := sf.run(tokenEnv, "org", "login", "access-token", "--instance-url", s.URL()+"/", "--no-prompt", "--alias", "emu")
	if login["orgId"] != s.orgID || login["username"] != s.Options().Username {
		t.Fatalf("login: %v", login)
	}
	q := func(soql string) map[string]any { return sf.run(nil, "data", "query", "-o", "emu", "-q", soql) }
	if got := q("SELECT Id, Name FROM Account"); got["totalSize"] != 1.0 {
		t.Fatalf("plain query: %v", got["totalSize"])
	}
	if got := q("SELECT Id, LastName FROM Lead WHERE Company = 'Bulk Co'"); got["totalSize"] != 2500.0 || len(got["records"].([]any)) != 2500 {
		t.Fatalf("2,500-row query: totalSize %v, %d records", got["totalSize"], len(got["records"].([]any)))
	}
	parent := q("SELECT LastName, Account.Name, Owner.Email FROM Contact LIMIT 1")["records"].([]any)[0].(map[string]any)
	if parent["Account"].(map[string]any)["Name"] != "Big Account" || parent["Owner"].(map[string]any)["Email"] != s.Options().Username {
		t.Fatalf("parent fields: %v", parent)
	}
	kids := q("SELECT Name, (SELECT Id, LastName FROM Contacts) FROM Account")["records"].([]any)[0].(map[string]any)["Contacts"].(map[string]any)
	if n := len(kids["records"].([]any)); kids["totalSize"] != 250.0 || n != 250 {
		t.Fatalf("child subquery: totalSize %v, %d records (child pages of 200)", kids["totalSize"], n)
	}
	desc := sf.run(nil, "sobject", "describe", "-o", "emu", "-s", "Lead")
	if desc["name"] != "Lead" || len(desc["fields"].([]any)) < 50 {
		t.Fatalf("describe: %v with %d fields", desc["name"], len(desc["fields"].([]any)))
	}
	made := sf.run(nil, "data", "create", "record", "-o", "emu", "-s", "Lead", "-v", "LastName=Lovelace Company='Analytical Engines' Referral_ID__c=R-42")
	id, _ := made["id"].(string)
	if made["success"] != true || s.Get("Lead", id)["Company"] != "Analytical Engines" {
		t.Fatalf("create record: %v", made)
	}
	got := sf.run(nil, "data", "get", "record", "-o", "emu", "-s", "Lead", "-i", id)
	if got["Referral_ID__c"] != "R-42" || got["Name"] != "Lovelace" {
		t.Fatalf("get record: %v", got)
	}
	byWhere := sf.run(nil, "data", "get", "record", "-o", "emu", "-s", "Lead", "-w", "Referral_ID__c=R-42")
	if byWhere["Id"] != id {
		t.Fatalf("get record by where: %v", byWhere["Id"])
	}
}

// outsideUntouched returns a check, to defer, that the CLI created none of
// its folders in the real home directory.
func outsideUntouched(t *testing.T) func() {
	home, err := os.UserHomeDir()
	if err != nil {
		return func() {}
	}
	dirs := []string{".sf", ".sfdx", filepath.Join(".config", "sf"), filepath.Join(".local", "share", "sf"), filepath.Join(".cache", "sf")}
	before := map[string]bool{}
	for _, d := range dirs {
		_, err := os.Stat(filepath.Join(home, d))
		before[d] = err == nil
	}
	return func() {
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(home, d)); err == nil && !before[d] {
				t.Errorf("the CLI wrote %s outside the test's folder", filepath.Join(home, d))
			}
		}
	}
}
