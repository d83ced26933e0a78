package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/sfemu"
)

// rotatingEnv is emuEnv with refresh-token login against an org that rotates
// refresh tokens; key is REFSYNC_SECRET_KEY ("" for none).
func rotatingEnv(t *testing.T, key string) (*sfemu.Server, string, func(string) string) {
	t.Helper()
	emu, dbPath, getenv := emuEnv(t)
	emu.SetRefreshTokenRotation(true)
	o := emu.Options()
	resp, err := http.PostForm(emu.URL()+"/services/oauth2/token", url.Values{"grant_type": {"password"},
		"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.RefreshToken == "" {
		t.Fatalf("no refresh token: %v", err)
	}
	vars := map[string]string{"REFSYNC_SF_AUTH": "refresh_token", "REFSYNC_SF_REFRESH_TOKEN": tok.RefreshToken, "REFSYNC_SECRET_KEY": key}
	return emu, dbPath, func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return getenv(k)
	}
}

// An org that rotates refresh tokens voids REFSYNC_SF_REFRESH_TOKEN at the
// first login: the next `sync --once`, `doctor` or start must log in with the
// rotated token refsync kept — sealed, never in plain text in the database.
func TestRotatedRefreshTokenSurvivesRestarts(t *testing.T) {
	_, dbPath, getenv := rotatingEnv(t, "a-test-secret-key-of-at-least-32-characters")
	for i, args := range [][]string{{"sync", "--once"}, {"sync", "--once"}, {"doctor"}, {"sync", "--once"}} {
		if out, err := runWith(getenv, args...); err != nil {
			t.Fatalf("run %d (%s): %v\n%s", i+1, strings.Join(args, " "), err, out)
		}
	}
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "5Aep!") {
			t.Fatalf("%s holds a refresh token in plain text", filepath.Base(f))
		}
	}
}

// Without REFSYNC_SECRET_KEY doctor explains why a refresh-token login needs it and how to make one.
func TestDoctorExplainsTheSecretKeyForRefreshTokens(t *testing.T) {
	_, _, getenv := rotatingEnv(t, "")
	out, _ := runWith(getenv, "doctor")
	for _, want := range []string{"note  secret key", "REFSYNC_SECRET_KEY is not set", "rotates refresh tokens", "openssl rand -base64 32"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor does not say %q:\n%s", want, out)
		}
	}
}
