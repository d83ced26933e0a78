package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

func init() {
	register(&command{Name: "serve", Summary: "run the sync on a schedule and serve HTTP", Run: runServe})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("serve", env, "serve [--addr 127.0.0.1:PORT] [--db PATH] [--config FILE]")
	common := addCommon(fs, env)
	addr := fs.String("addr", "", "listen address host:port (env REFSYNC_ADDR, default 127.0.0.1:8080)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := common.load(env)
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.Addr = *addr
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rc, _, err := newReceiver(cfg, db, log)
	if err != nil {
		return err
	}
	if err := rc.Start(ctx); err != nil {
		return err
	}
	h := buildHandler(handlerDeps{DB: db, Receiver: rc, Config: cfg, Logger: log})
	httpErr := serveHTTP(ctx, cfg.Addr, h, func(a string) {
		fmt.Fprintf(env.Stdout, "refsync serving on http://%s (sync every %s)\n", a, cfg.PollInterval)
	})
	// Shut down in order: web (done above), scheduler, database (deferred).
	stopErr := rc.Stop()
	return errors.Join(httpErr, stopErr)
}

// serveHTTP serves h on addr until ctx is cancelled, then shuts down
// gracefully; ready (optional) gets the address actually listened on.
func serveHTTP(ctx context.Context, addr string, h http.Handler, ready ...func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another refsync running? pick another --addr)", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	for _, f := range ready {
		f(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http server shutdown: %w", err)
	}
	return nil
}
