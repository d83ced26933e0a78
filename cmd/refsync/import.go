package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "import", Summary: "import members or referrals from a CSV file", Run: func(ctx context.Context, env *Env, args []string) error {
		return subcommands(ctx, env, "import", args, map[string]func(context.Context, *Env, []string) error{
			"members": func(ctx context.Context, env *Env, args []string) error { return runImport(ctx, env, "members", args) },
			"referrals": func(ctx context.Context, env *Env, args []string) error {
				return runImport(ctx, env, "referrals", args)
			},
		})
	}})
}

func runImport(ctx context.Context, env *Env, kind string, args []string) error {
	fs := newFlagSet("import "+kind, env, "import "+kind+" FILE.csv [--program ID] [--db PATH]\n\ncolumns: "+strings.Join(store.ImportColumns[kind], ", "))
	common := addCommon(fs, env)
	program := fs.Int64("program", 0, "the program to import into (see refsync program list); default: the default program")
	if err := parse(fs, reorderFlags(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("import %s: %w", kind, err)
	}
	defer f.Close()
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *program != 0 {
		if _, err := db.OpenProgram(ctx, *program); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("import %s: there is no program %d (see refsync program list)", kind, *program)
			}
			return fmt.Errorf("import %s: %w", kind, err)
		}
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	bar := newProgress(env.Stderr, size)
	imp := &store.CSVImport{DB: db, Kind: kind, Program: *program,
		Reject: func(line int, why string) { fmt.Fprintf(env.Stderr, "line %d: %s (skipped)\n", line, why) },
		Note:   func(msg string) { fmt.Fprintln(env.Stderr, msg) }}
	err = imp.Run(ctx, io.TeeReader(f, bar))
	bar.finish()
	fmt.Fprint(env.Stdout, imp.Latin1Note())
	if imp.NewMembers > 0 {
		were := "members were"
		if imp.NewMembers == 1 {
			were = "member was"
		}
		fmt.Fprintf(env.Stdout, "%d %s created from member codes no member had yet (%s); if a code is a typo correct it on the referral, else complete their names and emails with `refsync import members`\n", imp.NewMembers, were, strings.Join(imp.NewMemberCodes, ", "))
	}
	if imp.Already > 0 {
		fmt.Fprintf(env.Stdout, "%d lines were imported before and were left as they are\n", imp.Already)
	}
	fmt.Fprintf(env.Stdout, "imported %d, skipped %d\n", imp.Created, imp.Skipped)
	if err != nil {
		return fmt.Errorf("import stopped at line %d: %w (the %d lines before it are stored; fix the problem and import the file again — stored lines are not imported twice)", imp.Line, err, imp.Created)
	}
	if imp.Bad > 0 {
		return fmt.Errorf("%d lines were not imported (see above); fix them and import the file again — lines already imported are skipped", imp.Bad)
	}
	return nil
}

// reorderFlags lets flags follow the file name (`import referrals f.csv --db x`).
func reorderFlags(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && a != "-h" && a != "--help" {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}
