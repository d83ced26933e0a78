package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/refsync/refsync/config"
)

// demoConnFile holds how the running demo's emulator is reached (its port
// changes at each start), so `refsync doctor` can check the demo by itself.
const demoConnFile = "salesforce.json"

// demoConn is the content of demoConnFile.
type demoConn struct {
	LoginURL     string `json:"login_url"`
	APIVersion   string `json:"api_version"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// writeDemoConn records where this run of the demo's emulator listens (mode 0600: it holds the secret).
func writeDemoConn(dir string, cfg *config.Config) error {
	s := cfg.Salesforce
	b, err := json.MarshalIndent(demoConn{LoginURL: s.LoginURL, APIVersion: s.APIVersion, ClientID: s.ClientID, ClientSecret: s.ClientSecret}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, demoConnFile), b, 0o600); err != nil {
		return fmt.Errorf("demo: write %s: %w", demoConnFile, err)
	}
	return nil
}

// findDemo returns the demo folder `refsync doctor` checks when it is given
// no flags and no database or Salesforce settings in the environment: the
// current folder when it is a demo's, else the folder `refsync demo` uses by
// default; "" when neither holds a demo.
func findDemo(env *Env, args []string) string {
	if len(args) > 0 || env.Getenv("REFSYNC_DB") != "" || env.Getenv("REFSYNC_CONFIG") != "" || env.Getenv("REFSYNC_SF_LOGIN_URL") != "" {
		return ""
	}
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	if def, err := demoDataDir(""); err == nil {
		dirs = append(dirs, def)
	}
	for _, dir := range dirs {
		if demoFilesPresent(dir) {
			return dir
		}
	}
	return ""
}

// useDemo points the configuration at the demo in dir: its database and the
// emulator of its last start.
func useDemo(dir string, cfg *config.Config, common *commonFlags) error {
	common.db = filepath.Join(dir, demoDBFile)
	cfg.DB = common.db
	b, err := os.ReadFile(filepath.Join(dir, demoConnFile))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the demo in %s has not run since this version of refsync; start it with `refsync demo`, then run doctor again", dir)
	}
	if err != nil {
		return err
	}
	var c demoConn
	if err := json.Unmarshal(b, &c); err != nil {
		return fmt.Errorf("%s in %s is damaged (%w); start the demo again to rewrite it", demoConnFile, dir, err)
	}
	cfg.Salesforce = config.Salesforce{LoginURL: c.LoginURL, Auth: config.AuthClientCredentials, APIVersion: c.APIVersion,
		ClientID: c.ClientID, ClientSecret: c.ClientSecret}
	return nil
}
