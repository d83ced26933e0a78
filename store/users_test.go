package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCreateUserRefusals(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.CreateUser(ctx, "Ann@Example.com", RoleAdmin, "h", "cli"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, email, role, hash string
		want                    error
	}{
		{"same email other case", "ann@example.COM", RoleReviewer, "h", ErrConflict},
		{"bad role", "bob@example.com", "root", "h", ErrInvalid},
		{"no at", "bob", RoleReviewer, "h", ErrInvalid},
		{"no hash", "bob@example.com", RoleReviewer, "", ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := db.CreateUser(ctx, tc.email, tc.role, tc.hash, "cli"); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	u, err := db.UserByEmail(ctx, "ANN@example.com")
	if err != nil || u.Role != RoleAdmin {
		t.Fatalf("UserByEmail = %+v, %v", u, err)
	}
	users, _ := db.ListUsers(ctx)
	if len(users) != 1 {
		t.Fatalf("users = %+v", users)
	}
	rows, _, _ := db.ListAudit(ctx, AuditFilter{Action: "user."})
	if len(rows) != 1 || rows[0].Target != "Ann@Example.com" {
		t.Fatalf("audit = %+v", rows)
	}
}

func TestSessionLifecycle(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "rev@example.com", RoleReviewer, "h", "cli")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	s, err := db.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := db.SessionUser(ctx, s.Token); err != nil || got.Email != u.Email {
		t.Fatalf("SessionUser = %v, %v", got, err)
	}
	if _, _, err := db.SessionUser(ctx, s.Token+"x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown token: err = %v", err)
	}
	now = now.Add(2 * time.Hour)
	if _, _, err := db.SessionUser(ctx, s.Token); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired session: err = %v", err)
	}
	s2, _ := db.CreateSession(ctx, u.ID, time.Hour)
	var n int
	db.R.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n)
	if n != 1 {
		t.Fatalf("sessions after expiry sweep = %d, want 1", n)
	}
	if err := db.DeleteSession(ctx, s2.Token); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SessionUser(ctx, s2.Token); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after logout: err = %v", err)
	}
}

func TestListAuditPages(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		db.Audit(ctx, "user:a", "settings.save", "program 1", "")
		db.Audit(ctx, "user:a", "entry.dismiss", "entry 1", "")
	}
	page, next, err := db.ListAudit(ctx, AuditFilter{Action: "settings.", Limit: 3})
	if err != nil || len(page) != 3 || next == 0 || page[0].ID < page[2].ID {
		t.Fatalf("page 1 = %+v next %d err %v", page, next, err)
	}
	page2, next2, _ := db.ListAudit(ctx, AuditFilter{Action: "settings.", Limit: 3, Before: next})
	if len(page2) != 2 || next2 != 0 || page2[0].ID >= page[2].ID {
		t.Fatalf("page 2 = %+v next %d", page2, next2)
	}
}
