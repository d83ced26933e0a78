package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
)

func init() {
	register(&command{
		Name:    "user",
		Summary: "add or list the people who sign in to the web UI (user add, user list)",
		Run: func(ctx context.Context, env *Env, args []string) error {
			return subcommands(ctx, env, "user", args, map[string]func(context.Context, *Env, []string) error{
				"add":  userAdd,
				"list": userList,
			})
		},
	})
}

// userAdd runs `refsync user add --email E --role admin|reviewer [--password P]`.
// Without --password it asks on a terminal, or generates one and prints it.
func userAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("user add", env, "user add --email E --role admin|reviewer [--password P] [--db PATH]")
	common := addCommon(fs, env)
	email := fs.String("email", "", "the user's email, used to sign in")
	role := fs.String("role", "", "admin (everything) or reviewer (queue and referrals)")
	password := fs.String("password", "", "the password (at least 10 characters); asked for, or generated, when left out")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || !store.ValidRole(*role) {
		fmt.Fprintln(env.Stderr, "refsync user add: --email and --role admin|reviewer are required")
		fs.Usage()
		return errUsage
	}
	pw, generated := *password, false
	if pw == "" {
		var err error
		if pw, err = askPassword(env); err != nil {
			return err
		}
		if pw == "" {
			pw, generated = generatePassword(), true
		}
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, *email, *role, hash, "cli")
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("user add: %s already has an account", *email)
		}
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(env.Stdout, "added %s (%s)\n", u.Email, u.Role)
	if generated {
		fmt.Fprintf(env.Stdout, "password: %s\n(shown once; pass it on safely)\n", pw)
	}
	return nil
}

// askPassword reads a password twice from a terminal without echo; "" when
// stdin is not a terminal or the user just pressed Enter (then one is generated).
func askPassword(env *Env) (string, error) {
	f, ok := env.Stdin.(*os.File)
	if !ok {
		return "", nil
	}
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", nil // not a terminal
	}
	noEcho := *old
	noEcho.Lflag &^= unix.ECHO
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &noEcho); err != nil {
		return "", fmt.Errorf("user add: switch off echo: %w", err)
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
	in := bufio.NewReader(f)
	read := func(prompt string) (string, error) {
		fmt.Fprint(env.Stderr, prompt)
		line, err := in.ReadString('\n')
		fmt.Fprintln(env.Stderr)
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("user add: read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	pw, err := read("Password (Enter to generate one): ")
	if err != nil || pw == "" {
		return "", err
	}
	again, err := read("Same password again: ")
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New("user add: the two passwords differ; run the command again")
	}
	return pw, nil
}

// generatePassword returns 20 random URL-safe characters (120 bits).
func generatePassword() string { return web.GeneratePassword() }

// userList runs `refsync user list`.
func userList(ctx context.Context, env *Env, args []string) error {
	return withDB(ctx, env, "user list", args, func(db *store.DB, _ *commonFlags) error {
		users, err := db.ListUsers(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(env.Stdout, "no users yet; add one with: refsync user add --email E --role admin")
			return nil
		}
		for _, u := range users {
			state := ""
			if u.DisabledAt != "" {
				state = " (disabled)"
			}
			fmt.Fprintf(env.Stdout, "%-40s %-9s since %s%s\n", u.Email, u.Role, u.CreatedAt[:10], state)
		}
		return nil
	})
}
