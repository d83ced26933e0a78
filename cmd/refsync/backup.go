package main

import (
	"context"
	"fmt"
)

func init() {
	register(&command{Name: "backup", Summary: "write a consistent copy of the database to a new file", Run: runBackup})
}

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("backup", env, "backup FILE [--db PATH]")
	common := addCommon(fs, env)
	if err := parse(fs, reorderFlags(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", common.db, fs.Arg(0))
	return nil
}
