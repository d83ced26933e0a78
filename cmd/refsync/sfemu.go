package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/refsync/refsync/connector/sfemu"
)

func init() {
	register(&command{Name: "sfemu", Summary: "run a local Salesforce org emulator (for demos and tests)", Run: runSFEmu})
}

// runSFEmu serves the emulator until ctx is cancelled.
func runSFEmu(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("sfemu", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var o sfemu.Options
	addr := fs.String("addr", "127.0.0.1:8383", "address to listen on (host:port)")
	fs.StringVar(&o.ClientID, "client-id", "", "OAuth client id (default refsync-demo)")
	fs.StringVar(&o.ClientSecret, "client-secret", "", "OAuth client secret (default refsync-demo-secret)")
	fs.StringVar(&o.Username, "username", "", "login username (default admin@refsync.example)")
	fs.StringVar(&o.Password, "password", "", "login password (default refsync)")
	fs.StringVar(&o.SecurityToken, "security-token", "", "security token clients append to the password (default none)")
	fs.IntVar(&o.PageSize, "page-size", 2000, "query batch size")
	fs.IntVar(&o.DailyLimit, "daily-limit", 100000, "API calls allowed per day")
	fs.Int64Var(&o.Seed, "seed", 0, "if non-zero and the org is empty, generate realistic records from this seed")
	fs.IntVar(&o.SeedCount, "seed-count", 200, "people to generate with --seed")
	fs.StringVar(&o.DataFile, "data", "", "JSON file that keeps the org across restarts (default: memory only)")
	fs.BoolVar(&o.WholeSecondStamps, "whole-second-stamps", false, "SystemModstamp in whole seconds, as real orgs write it (writes in one second tie)")
	fs.DurationVar(&o.RecycleBinRetention, "recycle-bin-retention", 0, "how long deleted records stay in the recycle bin (default 360h, negative = for ever)")
	fs.BoolVar(&o.RotateRefreshTokens, "rotate-refresh-tokens", false, "a refresh grant returns a new refresh token and voids the old one")
	fs.IntVar(&o.ChildPageSize, "child-page-size", 0, "page child subquery lists longer than this (done:false + nextRecordsUrl); 0 = never")
	fs.Func("hide-field", "hide Object.Field by field-level security (repeatable), e.g. Lead.Email", func(v string) error {
		o.HiddenFields = append(o.HiddenFields, v)
		return nil
	})
	fs.DurationVar(&o.LateCommitLag, "late-commits", 0, "stamp every write this long before it becomes visible, as long transactions do (e.g. 5m)")
	fs.StringVar(&o.WonStage, "won-stage", "", `rename the won Opportunity stage "Closed Won" (e.g. "Closed - Won"); IsWon follows it`)
	fs.StringVar(&o.ConvertedStatus, "converted-status", "", `rename the converted Lead status "Closed - Converted" (e.g. Qualified)`)
	fs.Func("currencies", "a multi-currency org: CurrencyIsoCode on Account, Contact, Lead, Opportunity (e.g. USD,JPY; the first is the corporate one)", func(v string) error {
		o.Currencies = strings.Split(v, ",")
		return nil
	})
	var readOnly []string
	fs.Func("read-only-field", "make Object.Field read only for the integration user by field-level security (repeatable), e.g. Lead.LeadSource", func(v string) error {
		readOnly = append(readOnly, v)
		return nil
	})
	var dupRules []string
	fs.Func("duplicate-rule", "block API creates whose Object.Field equals a live record's with 400 DUPLICATES_DETECTED naming it (repeatable), e.g. Lead.Email", func(v string) error {
		dupRules = append(dupRules, v)
		return nil
	})
	locks := map[string]int{}
	fs.Func("lock-rows", "refuse the next N record saves of an object with UNABLE_TO_LOCK_ROW, each once, as a batch job holding the rows does (repeatable), e.g. Lead:2", func(v string) error {
		obj, n, ok := strings.Cut(v, ":")
		count, err := strconv.Atoi(n)
		if !ok || obj == "" || err != nil || count < 1 {
			return fmt.Errorf("write it as Object:N, e.g. Lead:2")
		}
		locks[obj] = count
		return nil
	})
	loginRefusals := fs.Int("refuse-logins", 0, "turn the first N logins away for now (see --login-refusal)")
	loginKind := fs.String("login-refusal", "rate", "how --refuse-logins refuses: rate (invalid_grant: login rate exceeded), retry (unknown_error), 503 (an error page)")
	errorPages := fs.Int("error-pages", 0, "answer the first N API calls with an HTML error page (see --error-page-status)")
	errorPageStatus := fs.Int("error-page-status", 500, "the HTTP status of --error-pages (500, 502, 503, 504)")
	verbose := fs.Bool("log", false, "print one line per request (method, path, query, status, time) on stderr")
	apiDisabled := fs.Bool("api-disabled", false, "answer every REST call with 403 API_DISABLED_FOR_ORG")
	var denied, cdc []string
	fs.Func("cdc", "offer Change Data Capture events for this object on /cometd (repeatable), e.g. Opportunity", func(v string) error {
		cdc = append(cdc, v)
		return nil
	})
	fs.Func("deny-object", "answer calls on this object with 403 INSUFFICIENT_ACCESS (repeatable)", func(v string) error {
		denied = append(denied, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *verbose {
		o.RequestLog = env.Stderr
	}
	srv, err := sfemu.Start(*addr, o)
	if err != nil {
		return fmt.Errorf("sfemu: %w", err)
	}
	srv.SetAPIDisabled(*apiDisabled)
	srv.FailNextWithPage(*errorPages, *errorPageStatus)
	for _, d := range dupRules {
		obj, fld, _ := strings.Cut(d, ".")
		if err := srv.SetDuplicateRule(obj, fld, true); err != nil {
			_ = srv.Close()
			return fmt.Errorf("sfemu: --duplicate-rule %s: write it as Object.Field, e.g. Lead.Email: %w", d, err)
		}
	}
	var extra []string
	for _, f := range readOnly {
		obj, fld, _ := strings.Cut(f, ".")
		if err := srv.SetFieldReadOnly(obj, fld, true); err != nil {
			_ = srv.Close()
			return fmt.Errorf("sfemu: --read-only-field %s: write it as Object.Field, e.g. Lead.LeadSource: %w", f, err)
		}
		extra = append(extra, f+" read only by field-level security")
	}
	for _, d := range dupRules {
		extra = append(extra, "duplicate rule on "+d)
	}
	for obj, n := range locks {
		srv.LockRowsOnce(obj, n)
		extra = append(extra, fmt.Sprintf("the next %d %s saves refused with UNABLE_TO_LOCK_ROW", n, obj))
	}
	if *loginRefusals > 0 {
		extra = append(extra, fmt.Sprintf("the first %d logins turned away (%s)", *loginRefusals, *loginKind))
	}
	if *errorPages > 0 {
		extra = append(extra, fmt.Sprintf("the first %d API calls answered with an HTML %d page", *errorPages, *errorPageStatus))
	}
	if err := srv.RefuseLogins(*loginRefusals, sfemu.LoginRefusal(*loginKind)); err != nil {
		_ = srv.Close()
		return fmt.Errorf("sfemu: --login-refusal: %w", err)
	}
	if err := srv.SetChangeDataCapture(cdc...); err != nil {
		_ = srv.Close()
		return fmt.Errorf("sfemu: --cdc: %w", err)
	}
	for _, obj := range denied {
		if err := srv.DenyObject(obj, true); err != nil {
			_ = srv.Close()
			return fmt.Errorf("sfemu: --deny-object: %w", err)
		}
	}
	eff := srv.Options()
	fmt.Fprintf(env.Stdout, "Salesforce emulator listening on %s\n", srv.URL())
	fmt.Fprintf(env.Stdout, "  login URL:     %s\n", srv.URL())
	fmt.Fprintf(env.Stdout, "  token URL:     %s/services/oauth2/token\n", srv.URL())
	fmt.Fprintf(env.Stdout, "  SOAP login:    %s/services/Soap/u/%s\n", srv.URL(), sfemu.APIVersion)
	fmt.Fprintf(env.Stdout, "  streaming:     %s/cometd/%s\n", srv.URL(), sfemu.APIVersion)
	fmt.Fprintf(env.Stdout, "  client id:     %s\n  client secret: %s\n", eff.ClientID, eff.ClientSecret)
	fmt.Fprintf(env.Stdout, "  username:      %s\n  password:      %s%s\n", eff.Username, eff.Password, eff.SecurityToken)
	if eff.DataFile != "" {
		fmt.Fprintf(env.Stdout, "  data file:     %s\n", eff.DataFile)
	}
	fmt.Fprintf(env.Stdout, "  records:       %d leads, %d contacts, %d accounts, %d opportunities\n", len(srv.Records("Lead")),
		len(srv.Records("Contact")), len(srv.Records("Account")), len(srv.Records("Opportunity")))
	if f := sfemuFaults(eff, *apiDisabled, denied, extra...); f != "" {
		fmt.Fprintf(env.Stdout, "  switched on:   %s\n", f)
	}
	fmt.Fprintln(env.Stdout, "Press Ctrl-C to stop.")
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("sfemu: stop: %w", err)
	}
	fmt.Fprintln(env.Stdout, "Salesforce emulator stopped.")
	return nil
}

// sfemuFaults lists the faults and realism options in effect, in words.
func sfemuFaults(o sfemu.Options, apiDisabled bool, denied []string, extra ...string) string {
	var on []string
	if apiDisabled {
		on = append(on, "API disabled (403 API_DISABLED_FOR_ORG)")
	}
	for _, d := range denied {
		on = append(on, d+" denied (403 INSUFFICIENT_ACCESS)")
	}
	for _, h := range o.HiddenFields {
		on = append(on, h+" hidden by field-level security")
	}
	if o.RotateRefreshTokens {
		on = append(on, "refresh-token rotation")
	}
	if o.ChildPageSize > 0 {
		on = append(on, fmt.Sprintf("child lists paged by %d", o.ChildPageSize))
	}
	if o.WholeSecondStamps {
		on = append(on, "whole-second stamps")
	}
	if o.LateCommitLag > 0 {
		on = append(on, fmt.Sprintf("writes committed %s late", o.LateCommitLag))
	}
	if o.WonStage != "" || o.ConvertedStatus != "" {
		on = append(on, fmt.Sprintf("renamed picklist values (won stage %q, converted status %q)", o.WonStage, o.ConvertedStatus))
	}
	if len(o.Currencies) > 0 {
		on = append(on, "multi-currency ("+strings.Join(o.Currencies, ", ")+")")
	}
	return strings.Join(append(on, extra...), "; ")
}
