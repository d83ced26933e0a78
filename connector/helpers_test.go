package connector_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

var _ connector.Sink = (*store.DB)(nil)
var _ connector.Settings = (*store.DB)(nil)
var _ connector.CRM = (*salesforce.Client)(nil)

// env is one test world: the emulator, a real SQLite database, the client and the receiver.
type env struct {
	t     testing.TB
	ctx   context.Context
	emu   *sfemu.Server
	db    *store.DB
	crm   *salesforce.Client
	rc    *connector.Receiver
	rules *config.Rules
}

type envOpt func(*sfemuOptions, *rulesT)

type (
	sfemuOptions = sfemu.Options
	rulesT       = config.Rules
)

func newEnv(t testing.TB, opts ...envOpt) *env {
	t.Helper()
	eo := sfemu.Options{}
	rules := config.DefaultRules()
	rules.Backfill = "2000-01-01"
	for _, o := range opts {
		o(&eo, rules)
	}
	emu, err := sfemu.Start("127.0.0.1:0", eo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, ctx: context.Background(), emu: emu, db: db, rules: rules}
	e.crm, err = salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret, Attempts: 3,
		BackoffBase: 5 * time.Millisecond, BackoffMax: 20 * time.Millisecond, Recheck: time.Millisecond, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.rc = e.newReceiver()
	return e
}

func (e *env) newReceiver() *connector.Receiver {
	rc, err := connector.New(connector.Options{Sink: e.db, CRM: e.crm, Settings: e.db, Rules: e.rules,
		Logger: slog.New(slog.DiscardHandler), Interval: time.Second})
	if err != nil {
		e.t.Fatal(err)
	}
	return rc
}

// sync runs one sync of every object and fails the test on error.
func (e *env) sync() []connector.RunResult {
	e.t.Helper()
	res, err := e.rc.SyncOnce(e.ctx, "", time.Time{})
	if err != nil {
		e.t.Fatalf("sync: %v", err)
	}
	return res
}

func (e *env) referral(r *store.Referral) *store.Referral {
	e.t.Helper()
	if err := e.db.CreateReferral(e.ctx, r, "test"); err != nil {
		e.t.Fatal(err)
	}
	e.rc.ReferralChanged(r.MatchRecord())
	return r
}

func (e *env) insert(object string, f map[string]any) string {
	e.t.Helper()
	if object == "Opportunity" {
		if f["CloseDate"] == nil {
			f["CloseDate"] = "2026-12-31"
		}
		if f["Name"] == nil {
			f["Name"] = "Deal"
		}
	}
	id, err := e.emu.Insert(object, f)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) update(object, id string, f map[string]any) {
	e.t.Helper()
	if err := e.emu.Update(object, id, f); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) status(id string) string {
	e.t.Helper()
	r, err := e.db.ReferralByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Status
}

// changes counts the referral's status changes to `to`.
func (e *env) changes(id, to string) int {
	e.t.Helper()
	h, err := e.db.StatusHistory(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, row := range h {
		if row.To == to && row.From != "" {
			n++
		}
	}
	return n
}

// entries lists entries matching f (all pages).
func (e *env) entries(f store.EntryFilter) []*matching.Entry {
	e.t.Helper()
	f.Limit = 1000
	var out []*matching.Entry
	for {
		page, next, err := e.db.ListEntries(e.ctx, f)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		f.After = next
	}
}

// entryOf returns the newest entry of a record.
func (e *env) entryOf(recordID string) *matching.Entry {
	e.t.Helper()
	list := e.entries(store.EntryFilter{Search: recordID})
	if len(list) == 0 {
		e.t.Fatalf("no entry for %s", recordID)
	}
	return list[0]
}

func newBenchClient(t testing.TB, emu *sfemu.Server) *salesforce.Client {
	c, err := salesforce.New(salesforce.Config{LoginURL: emu.URL(), Auth: salesforce.AuthClientCredentials,
		ClientID: emu.Options().ClientID, ClientSecret: emu.Options().ClientSecret, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
