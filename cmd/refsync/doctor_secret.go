package main

import (
	"context"
	"errors"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
)

// doctorSecretKey explains REFSYNC_SECRET_KEY for refresh-token logins: an org
// that rotates refresh tokens voids the one in REFSYNC_SF_REFRESH_TOKEN at the
// first login, and only the key lets refsync keep the new one (sealed, never
// in plain text) for the next start.
func doctorSecretKey(ctx context.Context, d *doctorReport, cfg *config.Config, db *store.DB) {
	if err := db.SecretKeyProblem(ctx); err != nil {
		d.fail("secret key", "%v", err)
		return
	}
	if cfg.Salesforce.Auth != config.AuthRefreshToken {
		return
	}
	k := refreshTokens(cfg, db, nil)
	_, err := k.Current(ctx)
	switch {
	case errors.Is(err, config.ErrNoSecretKey):
		d.fail("secret key", "refsync kept a rotated Salesforce refresh token, sealed with REFSYNC_SECRET_KEY, but that key is not set: "+
			"set the same key again (without it the token cannot be read and Salesforce refuses the old one), "+
			"or authorize refsync anew and set REFSYNC_SF_REFRESH_TOKEN")
	case errors.Is(err, config.ErrSecretUnreadable):
		d.fail("secret key", "%v; or authorize refsync anew and set REFSYNC_SF_REFRESH_TOKEN", err)
	case err != nil:
		d.fail("secret key", "%v", err)
	case !k.Box.HasKey():
		d.note("secret key", "REFSYNC_SECRET_KEY is not set. If your connected app rotates refresh tokens (\"Refresh Token Rotation\"), "+
			"Salesforce voids REFSYNC_SF_REFRESH_TOKEN at the first login and refsync cannot keep the new one, so the next start "+
			"is refused with invalid_grant. %v", config.ErrNoSecretKey)
	default:
		d.ok("secret key", "a refresh token Salesforce rotates is kept sealed with REFSYNC_SECRET_KEY")
	}
}
