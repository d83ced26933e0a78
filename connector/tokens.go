package connector

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/refsync/refsync/config"
)

// SecretStore keeps sealed secrets by name; *store.DB satisfies it.
type SecretStore interface {
	SealedSecret(ctx context.Context, name string) (string, error) // "" when none is stored
	SetSealedSecret(ctx context.Context, name, sealed string) error
}

// refreshTokenName is the stored secret's name and the seal's purpose.
const refreshTokenName = "salesforce.refresh_token"

// RefreshTokens keeps the Salesforce refresh token across restarts when the
// org rotates it (every refresh grant returns a new token and voids the one it
// used): the newest token is sealed with the secret box (REFSYNC_SECRET_KEY)
// and stored; it is never stored in plain text. The stored token remembers a
// fingerprint of the REFSYNC_SF_REFRESH_TOKEN it descends from, so an admin
// who authorizes again and sets a new one in the environment is not
// overridden by an old rotated one.
type RefreshTokens struct {
	Store SecretStore
	Box   *config.SecretBox
	Env   string // REFSYNC_SF_REFRESH_TOKEN
	Log   *slog.Logger
}

// keptToken is what is sealed: the token and where it descends from.
type keptToken struct {
	Origin string `json:"origin"` // sha256 of the environment's token
	Token  string `json:"token"`
}

func fingerprint(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Current returns the refresh token to log in with: the stored rotated one
// when it descends from the environment's token, else the environment's.
// Without a secret key a stored token cannot be read: it returns the
// environment's token and an error wrapping config.ErrNoSecretKey.
func (k *RefreshTokens) Current(ctx context.Context) (string, error) {
	sealed, err := k.Store.SealedSecret(ctx, refreshTokenName)
	if err != nil || sealed == "" {
		return k.Env, err
	}
	plain, err := k.Box.Open(refreshTokenName, sealed)
	if err != nil {
		return k.Env, fmt.Errorf("read the rotated Salesforce refresh token refsync kept: %w", err)
	}
	var kt keptToken
	if err := json.Unmarshal(plain, &kt); err != nil || kt.Token == "" {
		return k.Env, fmt.Errorf("read the rotated Salesforce refresh token refsync kept: %w", config.ErrSecretUnreadable)
	}
	if kt.Origin != fingerprint(k.Env) {
		return k.Env, nil // REFSYNC_SF_REFRESH_TOKEN changed: the admin authorized anew
	}
	return kt.Token, nil
}

// Save seals and stores a rotated token.
func (k *RefreshTokens) Save(ctx context.Context, token string) error {
	plain, err := json.Marshal(keptToken{Origin: fingerprint(k.Env), Token: token})
	if err != nil {
		return err
	}
	sealed, err := k.Box.Seal(refreshTokenName, plain)
	if err != nil {
		return fmt.Errorf("keep the rotated Salesforce refresh token: %w", err)
	}
	return k.Store.SetSealedSecret(ctx, refreshTokenName, sealed)
}

// OnRotate is for salesforce.Config.OnRefreshToken: it keeps the new token
// and logs, in words, when it cannot (the next start would then be refused).
func (k *RefreshTokens) OnRotate(token string) {
	err := k.Save(context.Background(), token)
	if err == nil || k.Log == nil {
		return
	}
	if errors.Is(err, config.ErrNoSecretKey) {
		k.Log.Error("Salesforce rotated the refresh token and refsync cannot keep the new one, so the next start "+
			"will be refused (invalid_grant); set REFSYNC_SECRET_KEY", slog.String("how", config.ErrNoSecretKey.Error()))
		return
	}
	k.Log.Error("keep the rotated Salesforce refresh token", slog.Any("err", err))
}
