package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{
		Name:    "token",
		Summary: "create, list or revoke HTTP API tokens (token create, token list, token revoke)",
		Run: func(ctx context.Context, env *Env, args []string) error {
			return subcommands(ctx, env, "token", args, map[string]func(context.Context, *Env, []string) error{
				"create": tokenCreate,
				"list":   tokenList,
				"revoke": tokenRevoke,
			})
		},
	})
}

// tokenCreate runs `refsync token create --name N --role admin|reviewer` and prints the token once.
func tokenCreate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("token create", env, "token create --name N --role admin|reviewer [--db PATH]")
	common := addCommon(fs, env)
	name := fs.String("name", "", "who uses the token, e.g. zapier or billing (shown in history as api:NAME)")
	role := fs.String("role", "", "admin (everything) or reviewer (read and review actions)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" || !store.ValidRole(*role) {
		fmt.Fprintln(env.Stderr, "refsync token create: --name and --role admin|reviewer are required")
		fs.Usage()
		return errUsage
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	tok, t, err := db.CreateAPIToken(ctx, *name, *role)
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintf(env.Stdout, "token %d %q (%s):\n%s\n(shown once; only its hash is stored. Send it as \"Authorization: Bearer <token>\")\n",
		t.ID, t.Name, t.Role, tok)
	return nil
}

// tokenList runs `refsync token list`.
func tokenList(ctx context.Context, env *Env, args []string) error {
	return withDB(ctx, env, "token list", args, func(db *store.DB, _ *commonFlags) error {
		list, err := db.ListAPITokens(ctx)
		if err != nil {
			return fmt.Errorf("token list: %w", err)
		}
		w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tLAST USED\tREVOKED")
		for _, t := range list {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.CreatedAt, dash(t.LastUsedAt), dash(t.RevokedAt))
		}
		return w.Flush()
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// tokenRevoke runs `refsync token revoke ID`.
func tokenRevoke(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("token revoke", env, "token revoke [--db PATH] ID")
	common := addCommon(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		fmt.Fprintln(env.Stderr, "refsync token revoke: give the token's ID (see refsync token list)")
		return errUsage
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RevokeAPIToken(ctx, id, "cli"); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("token revoke: there is no live token %d (see refsync token list)", id)
		}
		return fmt.Errorf("token revoke: %w", err)
	}
	fmt.Fprintf(env.Stdout, "revoked token %d\n", id)
	return nil
}
