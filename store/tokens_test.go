package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	tests := []struct {
		name, role string
		wantErr    error
	}{
		{"zapier", RoleAdmin, nil},
		{"ops", RoleReviewer, nil},
		{"", RoleAdmin, ErrInvalid},
		{"x", "root", ErrInvalid},
	}
	for _, tc := range tests {
		tok, row, err := db.CreateAPIToken(ctx, tc.name, tc.role)
		if !errors.Is(err, tc.wantErr) {
			t.Fatalf("create %q/%q: err %v, want %v", tc.name, tc.role, err, tc.wantErr)
		}
		if err != nil {
			continue
		}
		var stored string
		db.R.QueryRow(`SELECT token_hash FROM api_tokens WHERE id = ?`, row.ID).Scan(&stored)
		if strings.Contains(stored, tok) || stored != HashToken(tok) {
			t.Fatalf("stored %q, want only the hash of the token", stored)
		}
		got, err := db.APITokenBySecret(ctx, tok)
		if err != nil || got.Role != tc.role || got.LastUsedAt == "" {
			t.Fatalf("lookup: %+v, %v", got, err)
		}
		if _, err := db.APITokenBySecret(ctx, tok+"x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("wrong token: err %v, want ErrNotFound", err)
		}
		if err := db.RevokeAPIToken(ctx, row.ID, "cli"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.APITokenBySecret(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoked token: err %v, want ErrNotFound", err)
		}
		if err := db.RevokeAPIToken(ctx, row.ID, "cli"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoke twice: err %v", err)
		}
	}
	list, err := db.ListAPITokens(ctx)
	if err != nil || len(list) != 2 || list[0].RevokedAt == "" {
		t.Fatalf("list = %+v, %v", list, err)
	}
}
