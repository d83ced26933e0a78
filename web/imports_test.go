package web

import (
	"os/exec"
	"strings"
	"testing"
)

// sendsOut are the packages that call Salesforce, send mail or deliver
// webhooks. web may reach none of them, directly or through another package:
// it takes the receiver through interfaces of its own, carrying the plain
// types of connector/plain, and cmd hands it the real one.
var sendsOut = []string{
	"github.com/refsync/refsync/connector/salesforce",
	"github.com/refsync/refsync/connector/push",
	"github.com/refsync/refsync/connector/mail",
	"github.com/refsync/refsync/connector/webhook",
	"net/smtp",
}

// web/... must not import what calls Salesforce, SMTP or webhook receivers:
// those are kinds of the outbound runner, wired in cmd.
func TestWebImportsNothingThatSendsOut(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list imports")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps[f[0]] = true
		if !strings.HasPrefix(f[0], "github.com/refsync/refsync/web") {
			continue
		}
		for _, imp := range f[1:] {
			for _, bad := range sendsOut {
				if imp == bad || strings.HasPrefix(imp, bad+"/") {
					t.Errorf("%s imports %s: web may not call Salesforce, SMTP or webhook receivers (queue a job, or take an interface cmd implements)", f[0], imp)
				}
			}
		}
	}
	for _, bad := range sendsOut {
		if deps[bad] {
			t.Errorf("web/... depends on %s (through another package): web may not call Salesforce, send mail, push or deliver webhooks (take the type from connector/plain, or an interface cmd implements)", bad)
		}
	}
	if len(deps) < 10 {
		t.Fatalf("go list found %d packages; the check saw nothing", len(deps))
	}
}
