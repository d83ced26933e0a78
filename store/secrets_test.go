package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
)

// The database, its -wal and -shm, and a backup are readable by their owner only.
func TestDatabaseFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "refsync.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateMember(ctx, &Member{ReferralCode: "A1", FirstName: "Ann", Email: "ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("the new folder has mode %v, want 0700", st.Mode().Perm())
	}
}

// An existing world-readable database is tightened when opened.
func TestOpenTightensAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	os.Chmod(path, 0o644)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
}

func rawSecret(t *testing.T, db *DB, id int64) string {
	var s string
	if err := db.R.QueryRow(`SELECT secret FROM webhooks WHERE id = ?`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Webhook signing secrets are sealed with REFSYNC_SECRET_KEY; plain ones left
// from before the key was set are sealed when it is.
func TestWebhookSecretsAreSealed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "refsync.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	old := &Webhook{URL: "https://hooks.example.com/a", Events: []string{"entry.review"}, Secret: "whsec_plain_before_the_key"}
	if err := db.CreateWebhook(ctx, old, "test"); err != nil {
		t.Fatal(err)
	}
	box, err := config.NewSecretBox(strings.Repeat("k", 40))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.UseSecretBox(ctx, box); err != nil || n != 1 {
		t.Fatalf("migrated %d, err %v; want 1", n, err)
	}
	w := &Webhook{URL: "https://hooks.example.com/b", Events: []string{"entry.review"}, Secret: "whsec_new_secret_value"}
	if err := db.CreateWebhook(ctx, w, "test"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []*Webhook{old, w} {
		if raw := rawSecret(t, db, h.ID); !config.IsSealed(raw) || strings.Contains(raw, "whsec") {
			t.Fatalf("webhook %d stored as %q", h.ID, raw)
		}
		got, err := db.WebhookByID(ctx, h.ID)
		if err != nil || got.Secret != h.Secret || got.SecretErr != nil {
			t.Fatalf("read back %q (%v), want %q", got.Secret, got.SecretErr, h.Secret)
		}
	}
	db.Close()
	// Without the key the secret is not readable, and says why.
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got, err := db2.WebhookByID(ctx, w.ID)
	if err != nil || got.Secret != "" || got.SecretErr == nil || !strings.Contains(got.SecretErr.Error(), "REFSYNC_SECRET_KEY") {
		t.Fatalf("without the key: secret %q, err %v", got.Secret, got.SecretErr)
	}
}
