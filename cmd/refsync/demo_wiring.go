package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
	"github.com/refsync/refsync/web/api"
)

// demoWiring builds the HTTP side of the demo: buildHandler's /healthz plus
// the UI with the API under /api/v1, and the worker that pushes referrals
// added through them to Salesforce as Leads (default push rules; run it with
// `go pw.Start(ctx)`). When serve's buildHandler mounts the UI and the API
// itself, this shrinks to a call of buildHandler.
func demoWiring(db *store.DB, rc *connector.Receiver, crm *salesforce.Client, cfg *config.Config, log *slog.Logger) (http.Handler, *push.Worker, error) {
	pw := &push.Worker{Store: api.PushStore(db), SF: crm, Logger: log,
		Rules: func(context.Context) (config.PushRules, error) { return config.DefaultPushRules(), nil }}
	ui, err := web.New(web.Deps{
		DB:       db,
		Reviewer: rc,
		API:      api.New(api.Deps{DB: db, Receiver: rc, Push: pw, Logger: log}),
		Describe: describeFields(crm),
		Logger:   log,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("demo: build the web UI: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", buildHandler(handlerDeps{DB: db, Receiver: rc, Config: cfg, Logger: log}))
	mux.Handle("/", ui)
	return mux, pw, nil
}

// describeFields lists an object's field names through the Salesforce client,
// for the settings page's check of field names.
func describeFields(crm *salesforce.Client) func(ctx context.Context, object string) ([]string, error) {
	return func(ctx context.Context, object string) ([]string, error) {
		d, err := crm.Describe(ctx, object)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(d.Fields))
		for i, f := range d.Fields {
			names[i] = f.Name
		}
		return names, nil
	}
}
