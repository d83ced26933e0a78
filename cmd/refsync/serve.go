package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "serve", Summary: "run the sync on a schedule and serve HTTP", Run: runServe})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("serve", env, "serve [--addr 127.0.0.1:PORT] [--db PATH] [--config FILE] [--wait]")
	common := addCommon(fs, env)
	addr := fs.String("addr", "", "listen address host:port (env REFSYNC_ADDR, default 127.0.0.1:8080)")
	wait := fs.Bool("wait", false, "when another refsync serve runs on this database, wait until it stops instead of refusing to start")
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
	if err := db.CheckIntegrity(ctx, true); err != nil {
		return err
	}
	if err := db.SecretKeyProblem(ctx); err != nil {
		log.Error("REFSYNC_SECRET_KEY does not open what refsync stored encrypted; `refsync doctor` and /healthz say so until it is fixed",
			slog.String("problem", err.Error()))
	}
	var waitOut io.Writer
	if *wait {
		waitOut = env.Stderr
	}
	lock, err := lockWorkers(ctx, db, "refsync serve", log, waitOut)
	if err != nil {
		return err
	}
	defer lock.Release()
	rc, crm, err := newReceiver(cfg, db, log)
	if err != nil {
		return err
	}
	a, err := buildApp(handlerDeps{DB: db, Receiver: rc, CRM: crm, Config: cfg, Logger: log})
	if err != nil {
		return err
	}
	if err := rc.Start(ctx); err != nil {
		return err
	}
	go rc.ResumeReplays(ctx)               // settings replays a stop or crash left unfinished
	ctx, cancel := context.WithCancel(ctx) // the web server failing stops the workers too
	defer cancel()
	waitWorkers := a.start(ctx)
	httpErr := serveHTTP(ctx, cfg.Addr, a.Handler, func(addr string) {
		fmt.Fprintf(env.Stdout, "refsync serving on http://%s (UI and API; sync every %s)\n", addr, cfg.PollInterval)
	})
	cancel()
	// Shut down in order: web (done above), the outbound runner, scheduler, database (deferred).
	waitWorkers()
	stopErr := rc.Stop()
	return errors.Join(httpErr, stopErr)
}

// lockWorkers takes the database's worker lock — one process runs the sync,
// the push worker and the webhooks on a database, or webhooks go out twice —
// and then takes back the push jobs a stopped process had claimed, instead of
// letting them wait out their lease.
// With wait set it waits for the other process to stop, saying so on wait.
func lockWorkers(ctx context.Context, db *store.DB, what string, log *slog.Logger, wait io.Writer) (*store.WorkerLock, error) {
	var lock *store.WorkerLock
	var err error
	if wait != nil {
		lock, err = waitForWorkers(ctx, db, what, wait)
	} else {
		lock, err = db.LockWorkers(what)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := reclaimJobs(ctx, db, log); err != nil {
		lock.Release()
		return nil, err
	}
	return lock, nil
}

// reclaimJobs takes back the jobs of every kind (push, write-back, …) a
// stopped process had claimed; the caller holds the worker lock, so no live
// process has a claim and none of them waits out its lease.
func reclaimJobs(ctx context.Context, db *store.DB, log *slog.Logger) error {
	n, err := db.ReclaimJobs(ctx, "")
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("took back jobs a stopped refsync had claimed", slog.Int("jobs", n))
	}
	return nil
}

// waitForWorkers takes the database's worker lock once no other process
// holds it, saying on w once which one it waits for (serve --wait, e.g. while
// an old process shuts down during a deploy).
func waitForWorkers(ctx context.Context, db *store.DB, what string, w io.Writer) (*store.WorkerLock, error) {
	said := false
	for {
		lock, err := db.LockWorkers(what)
		if err == nil || !errors.Is(err, store.ErrLocked) {
			return lock, err
		}
		if !said {
			fmt.Fprintf(w, "waiting: %v\n", err)
			said = true
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: stopped while waiting for the other refsync to stop: %w", what, ctx.Err())
		case <-time.After(time.Second):
		}
	}
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
