package connector_test

import (
	"errors"
	"testing"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
)

// The kept token is used while REFSYNC_SF_REFRESH_TOKEN stays the one it
// descends from; a new one in the environment (authorized anew) wins; another
// key cannot read it; no key cannot keep one.
func TestRefreshTokensKeeper(t *testing.T) {
	e := newEnv(t)
	box, err := config.NewSecretBox("a-test-secret-key-of-at-least-32-characters")
	must(t, err)
	k := &connector.RefreshTokens{Store: e.db, Box: box, Env: "env-token"}
	must(t, k.Save(e.ctx, "rotated-1"))
	if tok, err := k.Current(e.ctx); err != nil || tok != "rotated-1" {
		t.Fatalf("kept token: %q %v", tok, err)
	}
	sealed, _ := e.db.SealedSecret(e.ctx, "salesforce.refresh_token")
	if !config.IsSealed(sealed) {
		t.Fatalf("stored %q, want sealed text", sealed)
	}
	fresh := &connector.RefreshTokens{Store: e.db, Box: box, Env: "new-env-token"}
	if tok, _ := fresh.Current(e.ctx); tok != "new-env-token" {
		t.Fatalf("after a new REFSYNC_SF_REFRESH_TOKEN: %q", tok)
	}
	other, _ := config.NewSecretBox("another-secret-key-of-at-least-32-characters")
	if _, err := (&connector.RefreshTokens{Store: e.db, Box: other, Env: "env-token"}).Current(e.ctx); !errors.Is(err, config.ErrSecretUnreadable) {
		t.Fatalf("another key: %v", err)
	}
	if err := (&connector.RefreshTokens{Store: e.db, Box: &config.SecretBox{}, Env: "env-token"}).Save(e.ctx, "x"); !errors.Is(err, config.ErrNoSecretKey) {
		t.Fatalf("no key: %v", err)
	}
}
