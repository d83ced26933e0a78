package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/mail"
	"github.com/refsync/refsync/connector/outbound"
	"github.com/refsync/refsync/connector/push"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/webhook"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
	"github.com/refsync/refsync/web/api"
)

// handlerDeps is what the HTTP side of `refsync serve` and `refsync demo` is built from.
type handlerDeps struct {
	DB       *store.DB
	Receiver *connector.Receiver
	CRM      *salesforce.Client
	Config   *config.Config
	Logger   *slog.Logger
	Demo     web.DemoOrg // the demo's emulated org; nil outside the demo
}

// The receiver is what the UI and the API ask for the review actions, the
// qualify webhook and the settings preview; web declares those interfaces
// and the plain types they carry, so it never imports the receiver (nor,
// through it, the Salesforce client).
var (
	_ web.Reviewer  = (*connector.Receiver)(nil)
	_ web.Previewer = (*connector.Receiver)(nil)
	_ api.Receiver  = (*connector.Receiver)(nil)
	_ api.Previewer = (*connector.Receiver)(nil)
)

// app is the HTTP handler (UI, API under /api/v1, /healthz) and the kinds of
// outbound work that go with it, each a lane of the one outbound runner:
// pushes, webhook deliveries, status write-back and email.
type app struct {
	Handler   http.Handler
	Push      *push.Worker
	Hooks     *webhook.Dispatcher
	Writeback *push.Writeback // nil without a Salesforce client
	Mail      *mail.Sender    // nil without an SMTP server
}

// buildApp wires the UI, the API and the workers. The push worker reads the
// admin's current push rules (Settings → New referrals in Salesforce) each run.
func buildApp(d handlerDeps) (*app, error) {
	proxies, err := d.Config.ProxyNets()
	if err != nil {
		return nil, err
	}
	pw := &push.Worker{Store: pushStore{d.DB}, SF: d.CRM, Logger: d.Logger,
		Rules: func(ctx context.Context) (config.PushRules, error) {
			r, err := d.Receiver.Rules(ctx)
			if err != nil {
				return config.PushRules{}, err
			}
			return r.Push, nil
		},
		ProgramRules: func(ctx context.Context, program int64) (config.PushRules, error) {
			r, err := d.Receiver.ProgramRules(ctx, program)
			if err != nil {
				return config.PushRules{}, err
			}
			return r.Push, nil
		}}
	ui, err := web.New(web.Deps{
		DB:       d.DB,
		Reviewer: d.Receiver,
		API: api.New(api.Deps{DB: d.DB, Receiver: d.Receiver, Push: pw, Logger: d.Logger, WebhooksAllowPrivate: d.Config.WebhooksAllowPrivate,
			Describe: describeSchema(d.CRM), Objects: listObjects(d.CRM)}),
		SecureCookie:         d.Config.SecureCookie,
		TrustedProxies:       proxies,
		WebhooksAllowPrivate: d.Config.WebhooksAllowPrivate,
		Describe:             describeSchema(d.CRM),
		Objects:              listObjects(d.CRM),
		RecordURL:            recordURL(d.CRM),
		Notifier:             mailNotifier{d.Config.Notify},
		Demo:                 d.Demo,
		Logger:               d.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("build the web UI: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz(d.DB))
	mux.Handle("/", ui)
	a := &app{Handler: mux, Push: pw, Hooks: notifier(d)}
	if n := d.Config.Notify; n.SMTPAddr != "" {
		a.Mail = &mail.Sender{Store: d.DB, Logger: d.Logger,
			Mailer: &mail.Mailer{Addr: n.SMTPAddr, From: n.SMTPFrom, To: n.SMTPTo, Username: n.SMTPUsername, Password: n.SMTPPassword}}
	}
	if d.CRM != nil {
		a.Writeback = &push.Writeback{Store: d.DB, SF: d.CRM, Logger: d.Logger,
			Targets: func(ctx context.Context, program int64) ([]config.StatusTarget, error) {
				r, err := d.Receiver.ProgramRules(ctx, program)
				if err != nil {
					return nil, err
				}
				return r.Push.StatusTargets, nil
			}}
	}
	return a, nil
}

// notifier is the webhook dispatcher with the review digest's settings: its
// interval, the email (when an SMTP server is configured) and process rule e
// of every active program.
func notifier(d handlerDeps) *webhook.Dispatcher {
	n := savedNotify(context.Background(), d.DB, d.Config.Notify)
	h := &webhook.Dispatcher{DB: hookStore{d.DB}, Logger: d.Logger, AllowPrivate: d.Config.WebhooksAllowPrivate, DigestEvery: n.Every,
		NotifyPrograms: func(ctx context.Context) ([]int64, error) {
			ids, err := d.DB.ActivePrograms(ctx)
			if err != nil {
				return nil, err
			}
			var on []int64
			for _, id := range ids {
				rules, err := d.Receiver.ProgramRules(ctx, id)
				if err != nil {
					return nil, err
				}
				if rules.Process.NotifyReview {
					on = append(on, id)
				}
			}
			return on, nil
		}}
	if n.SMTPAddr != "" {
		h.Mail = &webhook.Mailbox{BaseURL: n.BaseURL}
	}
	return h
}

// start runs the workers until ctx ends; wait blocks until they have stopped.
func (a *app) start(ctx context.Context) (wait func()) {
	return a.runner().Start(ctx)
}

// runner is every kind of outbound work on the one runner: pushes, webhooks,
// and write-back and mail where configured.
func (a *app) runner() *outbound.Runner {
	r := &outbound.Runner{Lanes: []*outbound.Lane{a.Push.Lane(), a.Hooks.Lane()}}
	if a.Writeback != nil {
		r.Lanes = append(r.Lanes, a.Writeback.Lane())
	}
	if a.Mail != nil {
		r.Lanes = append(r.Lanes, a.Mail.Lane())
	}
	return r
}

// healthz answers whether the database is reachable and how the Salesforce connection stands.
func healthz(db *store.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, err := db.ConnectionState(r.Context())
		body := map[string]any{"status": "ok", "salesforce": conn.State, "last_connected_at": conn.LastConnectedAt}
		code := http.StatusOK
		if err != nil {
			body["status"], code = "database unavailable", http.StatusServiceUnavailable
		} else if since := db.DiskFull(); !since.IsZero() {
			body["status"], code = "disk full", http.StatusServiceUnavailable
			body["disk"] = "writes have failed since " + since.UTC().Format(time.RFC3339) + " because the disk holding " + db.Path +
				" is full; refsync refuses changes until there is room again"
		} else if conn.LastError != "" {
			body["salesforce_error"] = conn.LastError
		}
		if err := db.SecretKeyProblem(r.Context()); err != nil {
			body["secret_key"] = err.Error()
			if code == http.StatusOK {
				// the stored token cannot be opened: the sync cannot sign in, so this is not healthy
				body["status"], code = "secret key unusable", http.StatusServiceUnavailable
			}
		}
		if st, err := db.EntryStats(r.Context()); err == nil {
			body["last_entry_at"], body["review_queue"] = st.LastEntryAt, st.QueueSize
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(body)
	}
}

// describeSchema reads an object's fields through the Salesforce client, for
// the settings page's checks and choices.
func describeSchema(crm *salesforce.Client) func(ctx context.Context, object string) (*config.ObjectSchema, error) {
	return func(ctx context.Context, object string) (*config.ObjectSchema, error) {
		d, err := crm.Describe(ctx, object)
		if err != nil {
			return nil, err
		}
		out := &config.ObjectSchema{Name: d.Name, Label: d.Label, Fields: make([]config.FieldSchema, len(d.Fields))}
		for i, f := range d.Fields {
			fs := config.FieldSchema{Name: f.Name, Label: f.Label, Type: f.Type, Compound: f.CompoundFieldName,
				NotCreateable: !f.Createable, NotUpdateable: !f.Updateable}
			for _, p := range f.PicklistValues {
				if p.Active {
					fs.Picklist = append(fs.Picklist, p.Value)
				}
			}
			out.Fields[i] = fs
		}
		return out, nil
	}
}

// listObjects lists the org's queryable objects, for the settings page's choices.
func listObjects(crm *salesforce.Client) func(ctx context.Context) ([]config.ObjectSchema, error) {
	return func(ctx context.Context) ([]config.ObjectSchema, error) {
		list, err := crm.DescribeGlobal(ctx)
		if err != nil {
			return nil, err
		}
		var out []config.ObjectSchema
		for _, o := range list {
			if o.Queryable {
				out = append(out, config.ObjectSchema{Name: o.Name, Label: o.Label})
			}
		}
		return out, nil
	}
}

// recordURL links a Salesforce id to its page in the org ("" before the first login).
func recordURL(crm *salesforce.Client) func(id string) string {
	return func(id string) string {
		base := crm.InstanceURL()
		if base == "" || id == "" {
			return ""
		}
		return base + "/" + id
	}
}
