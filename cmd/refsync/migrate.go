package main

import (
	"context"
	"fmt"
)

func init() {
	register(&command{Name: "migrate", Summary: "create or upgrade the database", Run: runMigrate})
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("migrate", env, "migrate [--db PATH]")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database %s is at migration %s (%d applied)\n", common.db, applied[len(applied)-1], len(applied))
	return nil
}
