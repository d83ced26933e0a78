package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
)

func init() {
	register(&command{
		Name:    "settings",
		Summary: "preview a settings change on past entries (settings preview --program ID --file DRAFT.json --days 30)",
		Run: func(ctx context.Context, env *Env, args []string) error {
			return subcommands(ctx, env, "settings", args, map[string]func(context.Context, *Env, []string) error{
				"preview": settingsPreview,
			})
		},
	})
}

// settingsPreview runs `refsync settings preview`: the draft rules (JSON, as
// GET /api/v1/programs/{id}/settings answers them) over the program's
// entries of the last days, through the pipeline's dry run; nothing changes.
func settingsPreview(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("settings preview", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	common := addCommon(fs, env)
	program := fs.Int64("program", connector.DefaultProgram, "the program whose settings the draft changes")
	file := fs.String("file", "", "the draft settings, JSON")
	days := fs.Int("days", 30, "how many days of past entries to run again (1–366)")
	asJSON := fs.Bool("json", false, "print the whole preview as JSON")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *file == "" || *days < 1 || *days > 366 {
		fmt.Fprintln(env.Stderr, "usage: refsync settings preview --program ID --file DRAFT.json [--days 30 (1–366)] [--json]")
		return errUsage
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		return fmt.Errorf("settings preview: %w", err)
	}
	draft, err := config.ParseRules(body)
	if err == nil {
		err = draft.Validate()
	}
	if err != nil {
		return fmt.Errorf("settings preview: %s is not usable settings (fix it and run again):\n%w", *file, err)
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ProgramByID(ctx, *program); err != nil {
		return fmt.Errorf("settings preview: there is no program %d (refsync program list names them)", *program)
	}
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	p, err := rc.Preview(ctx, connector.PreviewRequest{Program: *program, Draft: draft, Since: time.Now().AddDate(0, 0, -*days)})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(p)
	}
	printPreview(env, p, *days)
	return nil
}

// printPreview prints a preview's figures for people.
func printPreview(env *Env, p *connector.Preview, days int) {
	out := env.Stdout
	fmt.Fprintf(out, "entries of the last %d days   %d (%d left as a person decided them, or deleted)\n", days, p.Examined, p.Skipped)
	fmt.Fprintf(out, "entries that change          %d\n", p.Changed)
	fmt.Fprintf(out, "review queue                 %+d\n", p.ReviewChange)
	fmt.Fprintf(out, "API calls a day              %d → %d (%d streaming channel(s))\n", p.CostInForce.CallsPerDay, p.CostDraft.CallsPerDay, len(p.CostDraft.Channels))
	for _, o := range p.Outcomes {
		fmt.Fprintf(out, "  %-10s → %-10s %d\n", o.From, o.To, o.N)
	}
	if len(p.Referrals) > 0 {
		fmt.Fprintln(out, "referrals whose status would move:")
		for _, m := range p.Referrals {
			fmt.Fprintf(out, "  %s  %s → %s (in force: %s)  entries %v\n", m.ReferralID, m.From, orStays(m.Draft), orStays(m.Base), m.Entries)
		}
	}
	for _, d := range p.Sample {
		fmt.Fprintf(out, "entry #%d %s %s: %v\n", d.EntryID, d.Object, d.RecordID, d.Changes)
	}
}

func orStays(s string) string {
	if s == "" {
		return "stays"
	}
	return s
}

// benchFromReviews runs `refsync bench match --from-reviews [--program ID]`:
// precision and recall by automatic threshold on the program's reviewed
// entries, as the settings' thresholds page shows them.
func benchFromReviews(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("bench match --from-reviews", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	common := addCommon(fs, env)
	fs.Bool("from-reviews", true, "measure on the program's reviewed entries")
	program := fs.Int64("program", connector.DefaultProgram, "the program whose reviews to use")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rc, err := connector.New(connector.Options{Sink: db, Settings: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	rules, err := rc.ProgramRules(ctx, *program)
	if err != nil {
		return err
	}
	labels, err := db.ReviewLabels(ctx, *program)
	if err != nil {
		return err
	}
	rep := matching.ReviewThresholds(labels, rules.Thresholds.Auto)
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(rep)
	}
	out := env.Stdout
	fmt.Fprintf(out, "labelled entries            %d (%d applied by a reviewer)\n", rep.Entries, rep.Positives)
	fmt.Fprintln(out, "auto threshold  right  wrong  precision  recall")
	for _, p := range append(slices.Clone(rep.Curve), rep.Current) {
		fmt.Fprintf(out, "%14.3f  %5d  %5d  %9.4f  %6.4f\n", p.Threshold, p.Right, p.Wrong, p.Precision, p.Recall)
	}
	if l := rep.Lowest; l != nil {
		fmt.Fprintf(out, "lowest threshold keeping precision ≥ %.3f: %.3f (%d labels)\n", rep.Target, l.Threshold, l.Labels)
	} else {
		fmt.Fprintf(out, "no threshold keeps precision ≥ %.3f on these labels\n", rep.Target)
	}
	fmt.Fprintf(out, "in force: %.3f (change it in Settings, preview, save)\n", rules.Thresholds.Auto)
	return nil
}
