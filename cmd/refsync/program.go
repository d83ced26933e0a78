package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{
		Name:    "program",
		Summary: "add, list, rename, archive or restore referral programs (program add NAME, program list, …)",
		Run: func(ctx context.Context, env *Env, args []string) error {
			return subcommands(ctx, env, "program", args, map[string]func(context.Context, *Env, []string) error{
				"add":     programAdd,
				"list":    programList,
				"rename":  programRename,
				"archive": func(ctx context.Context, env *Env, args []string) error { return programArchive(ctx, env, args, true) },
				"restore": func(ctx context.Context, env *Env, args []string) error { return programArchive(ctx, env, args, false) },
			})
		},
	})
}

// programAdd runs `refsync program add NAME`.
func programAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("program add", env, "program add [--db PATH] NAME")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	name := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if name == "" {
		fmt.Fprintln(env.Stderr, "refsync program add: give the program's name, e.g. refsync program add Partners")
		return errUsage
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.CreateProgram(ctx, name, "cli")
	if err != nil {
		return fmt.Errorf("program add: %w", err)
	}
	fmt.Fprintf(env.Stdout, "program %d %q added, switched off: it watches no Salesforce change until an admin saves its settings (Settings, or PUT /api/v1/programs/%d/settings) and switches it on (Programs, or PATCH /api/v1/programs/%d {\"watching\": true})\n", p.ID, p.Name, p.ID, p.ID)
	return nil
}

// programList runs `refsync program list` (archived ones too, marked).
func programList(ctx context.Context, env *Env, args []string) error {
	return withDB(ctx, env, "program list", args, func(db *store.DB, _ *commonFlags) error {
		list, err := db.ListPrograms(ctx, true)
		if err != nil {
			return fmt.Errorf("program list: %w", err)
		}
		w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tDEFAULT\tCREATED\tARCHIVED")
		for _, p := range list {
			def := ""
			if p.Default {
				def = "yes"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Name, dash(def), p.CreatedAt, dash(p.ArchivedAt))
		}
		return w.Flush()
	})
}

// programRename runs `refsync program rename ID NAME`.
func programRename(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("program rename", env, "program rename [--db PATH] ID NAME")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	name := strings.TrimSpace(strings.Join(fs.Args()[min(1, fs.NArg()):], " "))
	if err != nil || name == "" {
		fmt.Fprintln(env.Stderr, "refsync program rename: give the program's ID (see refsync program list) and its new name")
		return errUsage
	}
	return programChange(ctx, env, common, id, store.ProgramChange{Name: &name}, "renamed")
}

// programArchive runs `refsync program archive ID` and `refsync program restore ID`.
func programArchive(ctx context.Context, env *Env, args []string, archive bool) error {
	verb := map[bool]string{true: "archive", false: "restore"}[archive]
	fs := newFlagSet("program "+verb, env, "program "+verb+" [--db PATH] ID")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		fmt.Fprintf(env.Stderr, "refsync program %s: give the program's ID (see refsync program list)\n", verb)
		return errUsage
	}
	return programChange(ctx, env, common, id, store.ProgramChange{Archived: &archive}, verb+"d")
}

func programChange(ctx context.Context, env *Env, common *commonFlags, id int64, c store.ProgramChange, done string) error {
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.UpdateProgram(ctx, id, c, "cli")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("program: there is no program %d (see refsync program list)", id)
	}
	if err != nil {
		return fmt.Errorf("program: %w", err)
	}
	fmt.Fprintf(env.Stdout, "program %d %q %s\n", p.ID, p.Name, done)
	return nil
}
