package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
)

func init() {
	register(&command{Name: "doctor", Summary: "check the Salesforce connection, API version, field names and API budget", Run: runDoctor})
}

// doctorReport prints one check per line and remembers whether any failed.
type doctorReport struct {
	w      io.Writer
	failed int
}

func (d *doctorReport) ok(check, format string, a ...any) {
	fmt.Fprintf(d.w, "ok    %-12s %s\n", check, fmt.Sprintf(format, a...))
}

// note prints a line that needs attention in some setups but is no failure.
func (d *doctorReport) note(check, format string, a ...any) {
	msg := strings.ReplaceAll(fmt.Sprintf(format, a...), "\n", "\n                   ")
	fmt.Fprintf(d.w, "note  %-12s %s\n", check, msg)
}

func (d *doctorReport) fail(check, format string, a ...any) {
	d.failed++
	msg := strings.ReplaceAll(fmt.Sprintf(format, a...), "\n", "\n                   ")
	fmt.Fprintf(d.w, "FAIL  %-12s %s\n", check, msg)
}

func runDoctor(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("doctor", env, "doctor [--db PATH] [--config FILE]")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	d := &doctorReport{w: env.Stdout}
	cfg, err := common.load(env)
	if err != nil {
		return err
	}
	if demo := findDemo(env, args); demo != "" { // no flags, nothing set: the demo's database and emulator
		if err := useDemo(demo, cfg, common); err != nil {
			return fmt.Errorf("doctor: %w", err)
		}
		d.note("demo", "no flags given: checking the demo in %s (its emulator answers while `refsync demo` runs)", demo)
	}
	if err := cfg.Validate(); err != nil {
		d.fail("config", "%v", err)
		return fmt.Errorf("doctor: %d problem(s); fix the configuration first", d.failed)
	}
	d.ok("config", "%s", cfg)
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckIntegrity(ctx, false); err != nil {
		d.fail("database", "%v", err)
	} else {
		d.ok("database", "%s passes SQLite's integrity check", db.Path)
	}
	doctorSecretKey(ctx, d, cfg, db)
	rc, crm, err := newReceiver(cfg, db, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	if err := crm.Connect(ctx); err != nil {
		d.fail("connection", "cannot log in to %s with %s: %v", cfg.Salesforce.LoginURL, cfg.Salesforce.Auth, err)
		rc.OnStateChange(crm.State())
		return fmt.Errorf("doctor: %d problem(s)", d.failed)
	}
	d.ok("connection", "logged in to %s (%s)", cfg.Salesforce.LoginURL, cfg.Salesforce.Auth)
	doctorVersion(ctx, d, crm)
	if rules, err := rc.Rules(ctx); err != nil {
		d.fail("settings", "%v", err)
	} else {
		describe := describer(ctx, crm)
		doctorObjects(d, rules.Objects, describe)
		schema := describeSchema(crm)
		if err := rules.ValidateFields(describe.fieldNames); err != nil {
			d.fail("fields", "these configured field names do not exist in Salesforce:\n%v", err)
		} else if err := rules.ValidateSchema(nil, func(o string) (*config.ObjectSchema, error) { return schema(ctx, o) }); err != nil {
			d.fail("fields", "the settings do not fit these fields' types in Salesforce:\n%v", err)
		} else {
			d.ok("fields", "every configured field of %s exists", strings.Join(rules.Objects, ", "))
		}
		doctorStreaming(ctx, d, crm, rules) // doctor_stream.go
	}
	doctorSync(ctx, d, rc)
	doctorBackfill(ctx, d, rc) // doctor_bulk.go
	doctorBudget(ctx, d, crm)
	rc.OnStateChange(crm.State())
	if d.failed > 0 {
		return fmt.Errorf("doctor: %d problem(s)", d.failed)
	}
	fmt.Fprintln(env.Stdout, "everything looks right")
	return nil
}

// describeFunc answers an object's describe, each object asked once.
type describeFunc func(object string) (*salesforce.Description, error)

// describer describes objects through crm, remembering the answers.
func describer(ctx context.Context, crm *salesforce.Client) describeFunc {
	seen := map[string]*salesforce.Description{}
	return func(object string) (*salesforce.Description, error) {
		if d, ok := seen[object]; ok {
			return d, nil
		}
		desc, err := crm.Describe(ctx, object)
		if err != nil {
			if errors.Is(err, salesforce.ErrNotFound) {
				return nil, fmt.Errorf("Salesforce has no object %s (or this user may not read it)", object)
			}
			return nil, err
		}
		seen[object] = desc
		return desc, nil
	}
}

// fieldNames adapts describe to config.Rules.ValidateFields.
func (f describeFunc) fieldNames(object string) ([]string, error) {
	desc, err := f(object)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(desc.Fields))
	for i, fl := range desc.Fields {
		names[i] = fl.Name
	}
	return names, nil
}

// doctorObjects checks that the integration user may query every watched object.
func doctorObjects(d *doctorReport, objects []string, describe describeFunc) {
	var bad []string
	for _, o := range objects {
		desc, err := describe(o)
		switch {
		case err != nil:
			bad = append(bad, err.Error())
		case !desc.Queryable:
			bad = append(bad, fmt.Sprintf("the integration user may not query %s; grant Read on it in its profile or permission set", o))
		}
	}
	if len(bad) > 0 {
		d.fail("permissions", "%s", strings.Join(bad, "\n"))
		return
	}
	d.ok("permissions", "the integration user may query %s", strings.Join(objects, ", "))
}

// doctorSync runs the sync's own query of every watched object once and names
// each one the org refuses, with what to do.
func doctorSync(ctx context.Context, d *doctorReport, rc *connector.Receiver) {
	checks, err := rc.CheckObjects(ctx)
	if err != nil {
		d.fail("sync query", "%v", err)
		return
	}
	var bad, good []string
	for _, c := range checks {
		switch {
		case c.Err == nil:
			good = append(good, c.Object)
		case c.Advice != "":
			bad = append(bad, c.Object+": "+c.Advice)
		default:
			bad = append(bad, fmt.Sprintf("%s: %v", c.Object, c.Err))
		}
	}
	if len(bad) > 0 {
		d.fail("sync query", "%s", strings.Join(bad, "\n"))
		return
	}
	d.ok("sync query", "the sync can read %s", strings.Join(good, ", "))
}

func doctorVersion(ctx context.Context, d *doctorReport, crm *salesforce.Client) {
	versions, err := crm.Versions(ctx)
	if err != nil {
		d.fail("api version", "cannot list the API versions: %v", err)
		return
	}
	newest := ""
	for _, v := range versions {
		if v.Version == crm.APIVersion() {
			newest = versions[len(versions)-1].Version
			d.ok("api version", "%s is offered by the org (newest %s)", crm.APIVersion(), newest)
			return
		}
	}
	if len(versions) > 0 {
		newest = versions[len(versions)-1].Version
	}
	d.fail("api version", "the org does not offer API %s; set REFSYNC_SF_API_VERSION to one it does (newest: %s)", crm.APIVersion(), newest)
}

func doctorBudget(ctx context.Context, d *doctorReport, crm *salesforce.Client) {
	lim, err := crm.Limits(ctx)
	if err != nil {
		d.fail("api budget", "cannot read the org's limits: %v", err)
		return
	}
	l := lim.DailyAPIRequests()
	used := l.Max - l.Remaining
	if l.Max <= 0 {
		d.fail("api budget", "the org reports no daily API allowance")
		return
	}
	share := float64(used) / float64(l.Max)
	msg := fmt.Sprintf("%d of %d daily API calls used (%.0f %%); refsync stops at %.0f %% and uses at most %.0f %% per run",
		used, l.Max, share*100, salesforce.DefaultDailyFraction*100, salesforce.DefaultRunFraction*100)
	if share >= salesforce.DefaultDailyFraction {
		d.fail("api budget", "%s — the sync waits until usage drops", msg)
		return
	}
	d.ok("api budget", "%s", msg)
}
