package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/refsync/refsync/matching"
)

func init() {
	register(&command{
		Name:    "bench",
		Summary: "measure the matcher on labelled data (bench match)",
		Run: func(ctx context.Context, env *Env, args []string) error {
			return subcommands(ctx, env, "bench", args, map[string]func(context.Context, *Env, []string) error{
				"match": benchMatch,
			})
		},
	})
}

// benchMatch runs `refsync bench match --referrals R.csv --entries E.csv [--json]`.
func benchMatch(ctx context.Context, env *Env, args []string) error {
	if slices.Contains(args, "--from-reviews") || slices.Contains(args, "-from-reviews") {
		return benchFromReviews(ctx, env, args) // settings_preview.go
	}
	fs := flag.NewFlagSet("bench match", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	refPath := fs.String("referrals", "", "referrals CSV (referral_id,…,entity)")
	entPath := fs.String("entries", "", "entries CSV (entry_id,referral_id,…,entity)")
	asJSON := fs.Bool("json", false, "print one JSON object (with the precision/recall curve)")
	errPath := fs.String("errors", "", "write every wrong automatic match and every missed true match, with per-field reasons, to this CSV file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *refPath == "" || *entPath == "" {
		fmt.Fprintln(env.Stderr, "usage: refsync bench match --referrals R.csv --entries E.csv [--json] [--errors FILE.csv]")
		return errUsage
	}
	refs, err := readBenchFile(*refPath, matching.ReadBenchReferrals)
	if err != nil {
		return err
	}
	entries, err := readBenchFile(*entPath, matching.ReadBenchEntries)
	if err != nil {
		return err
	}
	res := matching.RunBench(refs, entries, matching.DefaultThresholds())
	if *errPath != "" {
		if err := writeBenchErrors(*errPath, res.Errors); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("bench match: write result: %w", err)
		}
		return nil
	}
	printBench(env, res)
	return nil
}

// writeBenchErrors writes the --errors CSV.
func writeBenchErrors(path string, errs []matching.BenchError) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench match: create errors file: %w", err)
	}
	if err := matching.WriteBenchErrors(f, errs); err != nil {
		f.Close()
		return fmt.Errorf("bench match: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench match: close %s: %w", path, err)
	}
	return nil
}

// readBenchFile opens path and parses it with read.
func readBenchFile[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench match: open %s: %w", path, err)
	}
	defer f.Close()
	rows, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("bench match: %s: %w", path, err)
	}
	return rows, nil
}

func printBench(env *Env, r matching.BenchResult) {
	fmt.Fprintf(env.Stdout, "entries                     %d\n", r.Entries)
	fmt.Fprintf(env.Stdout, "referrals                   %d\n", r.Referrals)
	fmt.Fprintf(env.Stdout, "auto matched                %d (correct %d)\n", r.AutoMatched, r.AutoCorrect)
	fmt.Fprintf(env.Stdout, "auto precision              %.4f\n", r.AutoPrecision)
	fmt.Fprintf(env.Stdout, "auto recall                 %.4f\n", r.AutoRecall)
	fmt.Fprintf(env.Stdout, "review                      %d (with true candidate %d)\n", r.Review, r.ReviewWithTrueCandidate)
	fmt.Fprintf(env.Stdout, "candidate recall            %.4f\n", r.CandidateRecall)
	fmt.Fprintf(env.Stdout, "false auto on unreferred    %d\n", r.FalseAutoOnUnreferred)
	fmt.Fprintf(env.Stdout, "entries per second          %.0f\n", r.EntriesPerSecond)
	fmt.Fprintf(env.Stdout, "wrong or missed entries     %d (written by --errors FILE)\n", len(r.Errors))
	fmt.Fprintln(env.Stdout, "auto threshold  precision  recall  auto matched")
	for _, p := range r.Curve {
		fmt.Fprintf(env.Stdout, "%14.3f  %9.4f  %6.4f  %d\n", p.AutoThreshold, p.AutoPrecision, p.AutoRecall, p.AutoMatched)
	}
	fmt.Fprintln(env.Stdout, "score band   candidates  mean score  right")
	for _, b := range r.Calibration {
		fmt.Fprintf(env.Stdout, "%4.0f-%3.0f %%  %10d  %10.3f  %5.3f\n", b.From*100, b.To*100, b.N, b.MeanScore, b.Right)
	}
}
