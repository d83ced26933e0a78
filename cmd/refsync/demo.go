package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "demo", Summary: "run refsync on a local Salesforce emulator with a simulated sales team", Run: runDemo})
}

// demoOptions are the flags of `refsync demo`.
type demoOptions struct {
	addr, data      string
	reset           bool
	people, members int
	seed            int64
	poll, every     time.Duration
}

func parseDemo(env *Env, args []string) (*demoOptions, error) {
	fs := newFlagSet("demo", env, "demo [--addr 127.0.0.1:PORT] [--data DIR] [--reset]")
	o := &demoOptions{}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "where the web UI and the API listen (host:port)")
	fs.StringVar(&o.data, "data", "", "folder that keeps the demo between runs (default: refsync/demo in your cache folder)")
	fs.BoolVar(&o.reset, "reset", false, "throw the demo's data away and start over")
	fs.IntVar(&o.people, "people", 3000, "people the generated org is made of (a new demo only)")
	fs.IntVar(&o.members, "members", 80, "members of the referral program (a new demo only)")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the generated org and the simulated sales team (a new demo only)")
	fs.DurationVar(&o.poll, "poll", 5*time.Second, "how often the sync polls Salesforce")
	fs.DurationVar(&o.every, "activity", 3*time.Second, "how often the simulated sales team changes records")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if o.people < 10 || o.members < 1 || o.poll < time.Second || o.every <= 0 {
		fmt.Fprintln(env.Stderr, "refsync demo: --people must be at least 10, --members at least 1, --poll at least 1s")
		return nil, errUsage
	}
	return o, nil
}

// runDemo runs the emulator, the simulator, the sync and the UI in one
// process until ctx is cancelled, then stops them: web, simulator,
// scheduler, emulator (saving the org), database.
func runDemo(ctx context.Context, env *Env, args []string) (err error) {
	o, err := parseDemo(env, args)
	if err != nil {
		return err
	}
	dir, err := demoDataDir(o.data)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo: create %s: %w", dir, err)
	}
	// The lock first: --reset must not pull the files from under a running demo.
	lock, err := store.LockWorkersAt(filepath.Join(dir, demoDBFile), "refsync demo")
	if err != nil {
		return fmt.Errorf("demo: refsync demo: %w (another demo uses %s)", err, dir)
	}
	defer lock.Release()
	creds, found, err := prepareDemoDir(env, o, dir)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := store.Open(ctx, filepath.Join(dir, demoDBFile))
	if err != nil {
		return fmt.Errorf("demo: open database: %w", err)
	}
	defer func() { err = errors.Join(err, db.Close()) }() // last of all
	if err := reclaimJobs(ctx, db, log); err != nil {
		return err
	}
	if err := useSecretKey(ctx, db, env.Getenv); err != nil {
		return err
	}
	// Whole-second stamps as a real org writes them: the seeding and mass updates tie.
	emu, err := sfemu.Start("127.0.0.1:0", sfemu.Options{DataFile: filepath.Join(dir, demoOrgFile), WholeSecondStamps: true})
	if err != nil {
		return fmt.Errorf("demo: start the Salesforce emulator: %w", err)
	}
	defer func() { // after the web server, the simulator and the scheduler; before the database
		err = errors.Join(err, emu.Close())
	}()
	// The demo org offers Change Data Capture for Opportunity; Lead and Contact get PushTopics.
	if err := emu.SetChangeDataCapture("Opportunity"); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	people := sfemu.Generate(creds.Seed, creds.People)
	if !found {
		if err := startNewDemo(ctx, env, db, emu, creds, people, dir); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "Continuing the demo in %s (start over with --reset).\n", dir)
	}
	return serveDemo(ctx, env, o, db, emu, creds, people, dir, log)
}

// prepareDemoDir reads the logins of the demo in dir (emptied first with
// --reset; the caller holds the lock); found is false when a new demo must be
// made there (after --reset, on first use, or when an earlier first start did
// not finish).
func prepareDemoDir(env *Env, o *demoOptions, dir string) (c *demoCreds, found bool, err error) {
	if o.reset {
		if err := resetDemo(dir); err != nil {
			return nil, false, err
		}
	}
	if c, found, err = loadDemoCreds(dir); err != nil {
		return nil, false, err
	}
	if found && !demoFilesPresent(dir) {
		fmt.Fprintf(env.Stdout, "The demo in %s is incomplete (a file was removed); starting over.\n", dir)
		found = false
	}
	if !found {
		if err := resetDemo(dir); err != nil {
			return nil, false, err
		}
		c = &demoCreds{Seed: o.seed, People: o.people, Members: o.members}
	}
	return c, found, nil
}

// startNewDemo seeds the org and the program and creates the logins.
func startNewDemo(ctx context.Context, env *Env, db *store.DB, emu *sfemu.Server, c *demoCreds, people []sfemu.Person, dir string) error {
	fmt.Fprintf(env.Stdout, "Creating a new demo in %s ...\n", dir)
	sum, err := seedDemo(ctx, db, emu, c.Seed, people, c.Members)
	if err != nil {
		return err
	}
	if err := emu.Save(); err != nil {
		return fmt.Errorf("demo: save the org: %w", err)
	}
	if err := createDemoLogins(ctx, db, c); err != nil {
		return err
	}
	if err := saveDemoCreds(dir, c); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Salesforce org: %d leads (%d converted), %d contacts, %d accounts, %d opportunities, %d referral deals (Referral_Deal__c)\n",
		sum.Org.Leads, sum.Org.ConvertedLeads, sum.Org.Contacts, sum.Org.Accounts, sum.Org.Opportunities, sum.Org.ReferralDeals)
	fmt.Fprintf(env.Stdout, "Referral program: %d members, %d referrals (%d tagged with their id in Salesforce, %d findable by name/email/phone only, %d not in Salesforce yet); %d people in Salesforce nobody referred, %d of their leads carry a member code\n",
		sum.Members, sum.Direct+sum.Fuzzy+sum.None, sum.Direct, sum.Fuzzy, sum.None, sum.Unreferred, sum.MemberCodeLeads)
	return nil
}

// serveDemo runs the sync, the simulator and the web server until ctx ends.
func serveDemo(ctx context.Context, env *Env, o *demoOptions, db *store.DB, emu *sfemu.Server, c *demoCreds,
	people []sfemu.Person, dir string, log *slog.Logger) error {
	cfg := demoConfig(o, emu, dir)
	if err := writeDemoConn(dir, cfg); err != nil { // for `refsync doctor` without flags
		return err
	}
	rc, crm, err := newReceiver(cfg, db, log)
	if err != nil {
		return err
	}
	a, err := buildApp(handlerDeps{DB: db, Receiver: rc, CRM: crm, Config: cfg, Logger: log, Demo: emuSide{emu}})
	if err != nil {
		return err
	}
	codes := make([]string, 0, c.Members)
	for _, m := range demoMembers(c.Seed, c.Members) {
		codes = append(codes, m.ReferralCode)
	}
	sim := sfemu.NewSimulator(emu, sfemu.SimOptions{Seed: c.Seed, Every: o.every,
		People: slices.Concat(people, sfemu.Generate(c.Seed+7, 300)), MemberCodes: codes})
	ctx, cancel := context.WithCancel(ctx) // the web server failing stops the rest too
	defer cancel()
	if err := rc.Start(ctx); err != nil {
		return err
	}
	go rc.ResumeReplays(ctx) // settings replays a stop or crash left unfinished
	var wg sync.WaitGroup
	wg.Go(func() { sim.Run(ctx) })
	waitWorkers := a.start(ctx)
	httpErr := serveHTTP(ctx, o.addr, a.Handler, func(addr string) { printDemoLogins(env.Stdout, addr, emu, c) })
	cancel()
	// Stop in order: web (done), simulator, push worker and webhooks, scheduler; the emulator and the database are closed by runDemo.
	wg.Wait()
	waitWorkers()
	stopErr := rc.Stop()
	// A poll cancelled while dialling leaves a connection that never sent a
	// request; the emulator's graceful shutdown would wait 5s for it.
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
	if httpErr == nil {
		fmt.Fprintf(env.Stdout, "Demo stopped; `refsync demo` continues it (data in %s).\n", dir)
	}
	return errors.Join(httpErr, stopErr)
}

// demoConfig is the configuration of the demo's sync: the emulator, every few seconds.
func demoConfig(o *demoOptions, emu *sfemu.Server, dir string) *config.Config {
	eff := emu.Options()
	cfg := config.Default()
	cfg.DB, cfg.Addr, cfg.PollInterval = filepath.Join(dir, demoDBFile), o.addr, o.poll
	cfg.Salesforce = config.Salesforce{LoginURL: emu.URL(), Auth: config.AuthClientCredentials, APIVersion: sfemu.APIVersion,
		ClientID: eff.ClientID, ClientSecret: eff.ClientSecret}
	cfg.WebhooksAllowPrivate = true // the demo runs on this machine; a test receiver next to it is expected
	return cfg
}

// printDemoLogins prints where to go and how to sign in, one line each.
func printDemoLogins(w io.Writer, addr string, emu *sfemu.Server, c *demoCreds) {
	eff := emu.Options()
	fmt.Fprintf(w, "Salesforce emulator: %s (client id %s, secret %s)\n", emu.URL(), eff.ClientID, eff.ClientSecret)
	fmt.Fprintf(w, "UI: http://%s/\n", addr)
	fmt.Fprintf(w, "Admin login: %s  password: %s\n", c.AdminEmail, c.AdminPassword)
	fmt.Fprintf(w, "Reviewer login: %s  password: %s\n", c.ReviewerEmail, c.ReviewerPassword)
	fmt.Fprintf(w, "API token: %s\n", c.APIToken)
	fmt.Fprintln(w, "The sync polls every few seconds while a simulated sales team works the org; Streaming API events")
	fmt.Fprintln(w, "(Change Data Capture for Opportunity, PushTopics for Lead and Contact) wake a poll at once. Press Ctrl-C to stop.")
}
