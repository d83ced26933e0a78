// Command refsync keeps a referral program and a Salesforce org in step.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Env is what a command may touch of the outside world; tests pass their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one `refsync NAME` subcommand. Each lives in its own file and
// registers itself from init, so adding one never edits this file.
type command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("refsync: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// errUsage marks an error whose message is already a usage text.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	// Only simpleforce writes to the standard logger: every failed request with
	// its body, which our Salesforce client already turns into a sentence.
	// REFSYNC_DEBUG=1 keeps those lines.
	if os.Getenv("REFSYNC_DEBUG") == "" {
		log.SetOutput(io.Discard)
	}
	err := run(ctx, env, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "refsync:", err)
		}
		os.Exit(2)
	}
}

// run dispatches args to a command.
func run(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "refsync: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return errUsage
	}
	return c.Run(ctx, env, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "refsync keeps a referral program and a Salesforce org in step.")
	fmt.Fprintln(w, "\nUsage: refsync COMMAND [flags]   (refsync COMMAND --help for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
}

// subcommands dispatches `refsync GROUP SUB ...` (e.g. `import referrals`).
func subcommands(ctx context.Context, env *Env, group string, args []string, subs map[string]func(context.Context, *Env, []string) error) error {
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || subs[args[0]] == nil {
		if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(env.Stderr, "refsync %s: unknown subcommand %q\n", group, args[0])
		}
		fmt.Fprintf(env.Stderr, "usage: refsync %s {%s} ...\n", group, strings.Join(names, "|"))
		return errUsage
	}
	return subs[args[0]](ctx, env, args[1:])
}
