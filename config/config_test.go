package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadLayersFileThenEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refsync.yaml")
	os.WriteFile(path, []byte("addr: 127.0.0.1:9000\npoll_interval: 30s\nsalesforce:\n  auth: password\n  username: file@example.com\n"), 0o600)
	c, err := Load(path, env(map[string]string{"REFSYNC_SF_USERNAME": "env@example.com", "REFSYNC_SF_PASSWORD": "hunter2", "REFSYNC_DB": "/tmp/x.db"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.PollInterval != 30*time.Second || c.Salesforce.Username != "env@example.com" || c.DB != "/tmp/x.db" {
		t.Fatalf("%+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "hunter2") || !strings.Contains(s, "salesforce.password=[redacted]") {
		t.Fatalf("String leaks or hides wrongly: %s", s)
	}
}

func TestLoadRefusesSecretsAndUnknownKeysInFile(t *testing.T) {
	for _, body := range []string{"salesforce:\n  password: x\n", "adress: 1\n"} {
		path := filepath.Join(t.TempDir(), "c.yaml")
		os.WriteFile(path, []byte(body), 0o600)
		if _, err := Load(path, nil); err == nil {
			t.Errorf("%q: accepted", body)
		}
	}
}

func TestValidateNamesKeyAndAllowed(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"REFSYNC_SF_AUTH": "magic"}, "salesforce.auth (REFSYNC_SF_AUTH): \"magic\" must be one of client_credentials, refresh_token, password"},
		{map[string]string{"REFSYNC_SF_CLIENT_ID": "id"}, "set REFSYNC_SF_CLIENT_SECRET"},
		{map[string]string{"REFSYNC_SF_AUTH": "refresh_token", "REFSYNC_SF_CLIENT_ID": "id"}, "set REFSYNC_SF_REFRESH_TOKEN"},
		{map[string]string{"REFSYNC_SF_LOGIN_URL": "login.salesforce.com"}, "salesforce.login_url"},
		{map[string]string{"REFSYNC_ADDR": "8080"}, "addr (REFSYNC_ADDR)"},
	}
	for _, c := range cases {
		cfg, err := Load("", env(c.env))
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want it to mention %q", c.env, err, c.want)
		}
	}
	if _, err := Load("", env(map[string]string{"REFSYNC_POLL_INTERVAL": "5 minutes"})); err == nil || !strings.Contains(err.Error(), "30s") {
		t.Errorf("bad duration: %v", err)
	}
}
