package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// commonFlags are the flags every command that touches the database takes.
type commonFlags struct {
	db     string
	config string
	getenv func(string) string
}

// addCommon registers --db (env REFSYNC_DB, default ./refsync.db) and --config.
func addCommon(fs *flag.FlagSet, env *Env) *commonFlags {
	c := &commonFlags{getenv: env.Getenv}
	def := env.Getenv("REFSYNC_DB")
	if def == "" {
		def = config.Default().DB
	}
	fs.StringVar(&c.db, "db", def, "SQLite database file (env REFSYNC_DB)")
	fs.StringVar(&c.config, "config", env.Getenv("REFSYNC_CONFIG"), "YAML configuration file (env REFSYNC_CONFIG)")
	return c
}

// load reads the configuration; an explicit --db wins over file and environment.
func (c *commonFlags) load(env *Env) (*config.Config, error) {
	cfg, err := config.Load(c.config, env.Getenv)
	if err != nil {
		return nil, err
	}
	cfg.DB = c.db
	return cfg, nil
}

// open opens the database named by --db.
func (c *commonFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", c.db, err)
	}
	if err := useSecretKey(ctx, db, c.getenv); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// useSecretKey gives the store the box keyed by REFSYNC_SECRET_KEY, which
// seals webhook signing secrets (and seals plain ones left from before).
func useSecretKey(ctx context.Context, db *store.DB, getenv func(string) string) error {
	box, err := config.SecretBoxFromEnv(getenv)
	if err != nil {
		return err
	}
	if _, err := db.UseSecretBox(ctx, box); err != nil {
		return fmt.Errorf("encrypt stored secrets with %s: %w", config.SecretKeyEnv, err)
	}
	return nil
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, env *Env, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("refsync "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: refsync %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; -h prints the usage and returns errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

// withDB runs a command that takes only the common flags: it parses args,
// opens the database named by --db, and closes it when fn returns.
func withDB(ctx context.Context, env *Env, name string, args []string, fn func(db *store.DB, common *commonFlags) error) error {
	fs := newFlagSet(name, env, name+" [--db PATH]")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db, common)
}
