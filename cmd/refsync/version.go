package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func init() {
	register(&command{Name: "version", Summary: "print the version", Run: func(_ context.Context, env *Env, _ []string) error {
		v := version
		if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		fmt.Fprintf(env.Stdout, "refsync %s (%s)\n", v, runtime.Version())
		return nil
	}})
}
