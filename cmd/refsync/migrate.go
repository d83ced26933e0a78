package main

import (
	"context"
	"fmt"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "migrate", Summary: "create or upgrade the database", Run: runMigrate})
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	return withDB(ctx, env, "migrate", args, func(db *store.DB, common *commonFlags) error {
		applied, err := db.Migrations(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "database %s is at migration %s (%d applied)\n", common.db, applied[len(applied)-1], len(applied))
		return nil
	})
}
