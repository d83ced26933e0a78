package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "sync", Summary: "receive Salesforce changes once (sync --once)", Run: runSync})
}

// salesforceConfig turns the bootstrap configuration into the client's.
func salesforceConfig(cfg *config.Config) salesforce.Config {
	s := cfg.Salesforce
	return salesforce.Config{LoginURL: s.LoginURL, Auth: salesforce.AuthMode(s.Auth), ClientID: s.ClientID,
		ClientSecret: s.ClientSecret, Username: s.Username, Password: s.Password, SecurityToken: s.SecurityToken,
		RefreshToken: s.RefreshToken, APIVersion: s.APIVersion}
}

// newReceiver wires the Salesforce client and the receiver over db.
func newReceiver(cfg *config.Config, db *store.DB, log *slog.Logger) (*connector.Receiver, *salesforce.Client, error) {
	if err := cfg.Salesforce.Validate(); err != nil {
		return nil, nil, fmt.Errorf("the Salesforce connection is not configured:\n%w", err)
	}
	var rc *connector.Receiver
	sc := salesforceConfig(cfg)
	sc.OnStateChange = func(st salesforce.State) {
		if rc != nil {
			rc.OnStateChange(st)
		}
	}
	if sc.Auth == salesforce.AuthRefreshToken {
		keepRefreshToken(cfg, db, &sc, log)
	}
	crm, err := salesforce.New(sc)
	if err != nil {
		return nil, nil, fmt.Errorf("salesforce client: %w", err)
	}
	rc, err = connector.New(connector.Options{Sink: db, CRM: crm, Settings: db, Interval: cfg.PollInterval, Logger: log,
		BulkThreshold: cfg.Salesforce.BulkThreshold})
	if err != nil {
		return nil, nil, err
	}
	return rc, crm, nil
}

// refreshTokens is the keeper of a rotated refresh token, sealed in db.
func refreshTokens(cfg *config.Config, db *store.DB, log *slog.Logger) *connector.RefreshTokens {
	box, err := cfg.SecretBox()
	if err != nil { // Validate refused it already; a keeper without a key says so on use
		box = &config.SecretBox{}
	}
	return &connector.RefreshTokens{Store: db, Box: box, Env: cfg.Salesforce.RefreshToken, Log: log}
}

// keepRefreshToken logs in with the rotated refresh token an earlier process
// kept (sealed with REFSYNC_SECRET_KEY), and keeps each new one the org hands out.
func keepRefreshToken(cfg *config.Config, db *store.DB, sc *salesforce.Config, log *slog.Logger) {
	k := refreshTokens(cfg, db, log)
	tok, err := k.Current(context.Background())
	if err != nil {
		log.Warn("the Salesforce refresh token refsync kept cannot be read; trying REFSYNC_SF_REFRESH_TOKEN (refsync doctor says more)",
			slog.Any("err", err))
	}
	sc.RefreshToken = tok
	sc.OnRefreshToken = k.OnRotate
}

func runSync(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("sync", env, "sync --once [--object NAME] [--since DATE] [--db PATH] [--config FILE]")
	common := addCommon(fs, env)
	once := fs.Bool("once", false, "receive what changed since the last run, then exit")
	object := fs.String("object", "", "only this Salesforce object (default: every configured object)")
	since := fs.String("since", "", "re-read changes from this date (YYYY-MM-DD or RFC 3339) instead of the watermark")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*once {
		fmt.Fprintln(env.Stderr, "refsync sync: add --once (refsync serve runs the sync on a schedule)")
		return errUsage
	}
	from, err := config.ParseSince(*since)
	if err != nil {
		return fmt.Errorf("--since: %w", err)
	}
	cfg, err := common.load(env)
	if err != nil {
		return err
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rc, crm, err := newReceiver(cfg, db, log)
	if err != nil {
		return err
	}
	start := time.Now()
	results, err := rc.SyncOnce(ctx, *object, from)
	total := 0
	for _, r := range results {
		total += r.Received
		fmt.Fprintf(env.Stdout, "%-12s %d new entries, %d already received, %d page(s)\n", r.Object, r.Received, r.Skipped, r.Pages)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(env.Stdout, "received %d entries in %s (%.0f/s), %d Salesforce API calls\n", total, elapsed.Round(time.Millisecond),
		float64(total)/max(elapsed.Seconds(), 1e-9), crm.State().Calls)
	if st, serr := db.EntryStats(ctx); serr == nil && st.QueueSize > 0 {
		fmt.Fprintf(env.Stdout, "%d entries wait in the review queue\n", st.QueueSize)
	}
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}
