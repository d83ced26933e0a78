package connector_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

var (
	_ connector.PastEntries = (*store.DB)(nil)
	_ connector.ReplayStore = (*store.DB)(nil)
)

// pastWorld is a database that received Opportunity changes under the
// default rules while the org's won stage was renamed to "Won": the deals
// reached "Won", no status change event fired, and every referral stayed
// pending. It has no Salesforce: the preview and the replay never call it.
type pastWorld struct {
	t    testing.TB
	ctx  context.Context
	db   *store.DB
	rc   *connector.Receiver
	refs []string
}

// stages are the stages each seeded deal goes through, one entry each.
var stages = []string{"Prospecting", "Qualification", "Proposal", "Negotiation", "Won"}

func newPastWorld(t testing.TB, path string) *pastWorld {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "refsync.db")
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &pastWorld{t: t, ctx: context.Background(), db: db}
	w.rc = w.receiver()
	return w
}

func (w *pastWorld) receiver() *connector.Receiver {
	rc, err := connector.New(connector.Options{Sink: w.db, Settings: w.db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		w.t.Fatal(err)
	}
	return rc
}

// seed stores n referrals and, for each, one Opportunity entry per stage as
// the sync stored them: matched directly by Referral_ID__c and processed
// without a status (no rule fired), with the record linked.
func (w *pastWorld) seed(n int) {
	w.t.Helper()
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	err := w.db.InTx(w.ctx, func(ctx context.Context) error {
		for i := range n {
			ref := matching.Referral{ID: fmt.Sprintf("ref_past%07d", i), FirstName: "Person", LastName: fmt.Sprintf("N%d", i),
				Email: fmt.Sprintf("p%d@example.com", i)}
			if err := w.db.CreateReferralRx(ctx, store.DefaultProgram, ref, "", "test"); err != nil {
				return err
			}
			w.refs = append(w.refs, ref.ID)
			rec := fmt.Sprintf("006PAST%011d", i)
			for k, stage := range stages {
				stamp := base.Add(time.Duration(i*len(stages)+k) * time.Second).Format("2006-01-02T15:04:05.000+0000")
				e := &matching.Entry{Object: "Opportunity", RecordID: rec, Modstamp: stamp, Method: matching.MethodDirect,
					ReferralID: ref.ID, Score: 1, Outcome: matching.EntryProcessed, Candidates: []matching.Candidate{{ReferralID: ref.ID, Score: 1}},
					Snapshot: map[string]any{"Id": rec, "SystemModstamp": stamp, "IsDeleted": false, "StageName": stage,
						"Referral_ID__c": ref.ID, "Amount": float64(1000 + i)}}
				ev := matching.EntryEvent{Actor: "sync", Action: "received", Outcome: e.Outcome, Detail: "direct match " + ref.ID}
				if err := w.db.InsertEntryRx(ctx, e, ev); err != nil {
					return err
				}
			}
			if err := w.db.LinkRx(ctx, store.DefaultProgram, rec, "Opportunity", ref.ID, "direct", false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// wonDraft is the fix: the won stage's new name.
func wonDraft() *config.Rules {
	r := config.DefaultRules()
	r.Events = config.LabelEvents() // by label, as the settings that missed the rename were
	r.Events[0].Value = "Won"
	return r
}

// save stores rules as the program's new settings version.
func (w *pastWorld) save(r *config.Rules) int64 {
	w.t.Helper()
	body, err := r.JSON()
	if err != nil {
		w.t.Fatal(err)
	}
	v, err := w.db.SaveSettings(w.ctx, store.DefaultProgram, body, "user:admin@example.com")
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

// fingerprint hashes every row of every table: equal fingerprints mean the database did not change.
func fingerprint(t testing.TB, db *sql.DB) string {
	t.Helper()
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	h := sha256.New()
	for _, n := range names {
		rows, err := db.Query(`SELECT * FROM "` + n + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%v\n", n, vals)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
