package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web"
)

// Files of a demo data folder; --reset removes exactly these, never the folder's other contents.
const (
	demoDBFile    = "refsync.db"
	demoOrgFile   = "org.json"
	demoCredsFile = "credentials.json"
)

var demoFiles = []string{demoDBFile, demoDBFile + "-wal", demoDBFile + "-shm", demoOrgFile, demoCredsFile, demoConnFile}

// demoCreds are the demo's logins and token. Only hashes are in the database,
// so the clear values live in the data folder (mode 0600) to be printed again
// on the next start. The file is written last: without it the demo starts over.
type demoCreds struct {
	Seed             int64  `json:"seed"`
	People           int    `json:"people"`
	Members          int    `json:"members"`
	AdminEmail       string `json:"admin_email"`
	AdminPassword    string `json:"admin_password"`
	ReviewerEmail    string `json:"reviewer_email"`
	ReviewerPassword string `json:"reviewer_password"`
	APIToken         string `json:"api_token"`
	CreatedAt        string `json:"created_at"`
}

// demoDataDir returns --data, or refsync/demo under the user's cache folder.
func demoDataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find a folder for the demo data (%w); choose one with --data DIR", err)
	}
	return filepath.Join(cache, "refsync", "demo"), nil
}

// resetDemo removes the demo's files from dir.
func resetDemo(dir string) error {
	for _, name := range demoFiles {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("demo: remove %s: %w", name, err)
		}
	}
	return nil
}

// demoFilesPresent reports whether the database and the org file are both in dir.
func demoFilesPresent(dir string) bool {
	for _, name := range []string{demoDBFile, demoOrgFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// loadDemoCreds reads the credentials file; ok is false when there is none.
func loadDemoCreds(dir string) (c *demoCreds, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, demoCredsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("demo: read credentials: %w", err)
	}
	c = &demoCreds{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, false, fmt.Errorf("demo: %s is damaged (%w); start over with --reset", demoCredsFile, err)
	}
	return c, true, nil
}

// saveDemoCreds writes the credentials file (0600) atomically.
func saveDemoCreds(dir string, c *demoCreds) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("demo: encode credentials: %w", err)
	}
	tmp := filepath.Join(dir, demoCredsFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("demo: write credentials: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, demoCredsFile)); err != nil {
		return fmt.Errorf("demo: write credentials: %w", err)
	}
	return nil
}

// createDemoLogins adds the admin and reviewer users and an admin API token to
// db and fills their clear values into c.
func createDemoLogins(ctx context.Context, db *store.DB, c *demoCreds) error {
	c.AdminEmail, c.ReviewerEmail = "admin@demo.refsync.example", "reviewer@demo.refsync.example"
	c.AdminPassword, c.ReviewerPassword = generatePassword(), generatePassword()
	for _, u := range []struct{ email, pw, role string }{
		{c.AdminEmail, c.AdminPassword, store.RoleAdmin}, {c.ReviewerEmail, c.ReviewerPassword, store.RoleReviewer},
	} {
		hash, err := web.HashPassword(u.pw)
		if err != nil {
			return fmt.Errorf("demo: hash password: %w", err)
		}
		if _, err := db.CreateUser(ctx, u.email, u.role, hash, "demo"); err != nil {
			return fmt.Errorf("demo: add %s: %w", u.email, err)
		}
	}
	tok, _, err := db.CreateAPIToken(ctx, "demo", store.RoleAdmin)
	if err != nil {
		return fmt.Errorf("demo: create API token: %w", err)
	}
	c.APIToken, c.CreatedAt = tok, time.Now().UTC().Format(time.RFC3339)
	return nil
}
