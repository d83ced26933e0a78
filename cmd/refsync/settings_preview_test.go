package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
	"github.com/refsync/refsync/store"
)

// `refsync settings preview` shows the renamed won stage's fix approving the
// deal won meanwhile, and changes nothing; `bench match --from-reviews`
// counts a reviewer's apply.
func TestSettingsPreviewCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ref := &store.Referral{FirstName: "Won", LastName: "Deal", Email: "won@deal.example"}
	if err := db.CreateReferral(ctx, ref, "test"); err != nil {
		t.Fatal(err)
	}
	e := &matching.Entry{Object: "Opportunity", RecordID: "006WON", Modstamp: "2026-11-02T10:00:00.000+0000", Method: matching.MethodDirect,
		ReferralID: ref.ID, Score: 1, Outcome: matching.EntryProcessed, Snapshot: map[string]any{"StageName": "Won", "Referral_ID__c": ref.ID}}
	if err := db.InsertEntryRx(ctx, e); err != nil {
		t.Fatal(err)
	}
	db.Close()
	draft := config.DefaultRules()
	draft.Events[0].Value = "Won"
	body, _ := draft.JSON()
	file := filepath.Join(dir, "draft.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "settings", "preview", "--db", path, "--program", "1", "--file", file, "--days", "30")
	if err != nil || !strings.Contains(out, "entries that change          1") || !strings.Contains(out, ref.ID+"  pending → approved (in force: stays)") {
		t.Fatalf("settings preview: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "settings", "preview", "--db", path, "--file", filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("a missing draft file was accepted")
	}
	if _, _, err := runCmd(t, "settings", "preview", "--db", path, "--file", file, "--program", "7"); err == nil || !strings.Contains(err.Error(), "no program 7") {
		t.Fatalf("unknown program: %v", err)
	}
	db, _ = store.Open(ctx, path)
	defer db.Close()
	if r, _ := db.ReferralByID(ctx, ref.ID); r.Status != "pending" {
		t.Fatalf("the preview changed the referral to %s", r.Status)
	}
	out, _, err = runCmd(t, "bench", "match", "--from-reviews", "--db", path)
	if err != nil || !strings.Contains(out, "labelled entries            0 (0 applied by a reviewer)") {
		t.Fatalf("bench match --from-reviews: %v\n%s", err, out)
	}
}
