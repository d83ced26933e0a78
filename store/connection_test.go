package store

import (
	"context"
	"testing"
)

func TestConnectionState(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	steps := []struct {
		state, connected, lastErr string
		used, max                 int
		want                      Connection
	}{
		{"connected", "2026-01-01T00:00:00Z", "", 10, 1000, Connection{State: "connected", LastConnectedAt: "2026-01-01T00:00:00Z", APIUsed: 10, APIMax: 1000}},
		{"unauthorized", "", "token revoked", 0, 0, Connection{State: "unauthorized", LastConnectedAt: "2026-01-01T00:00:00Z", LastError: "token revoked", APIUsed: 10, APIMax: 1000}},
	}
	for _, s := range steps {
		if err := db.SetConnectionState(ctx, s.state, s.connected, s.lastErr, s.used, s.max); err != nil {
			t.Fatal(err)
		}
		got, err := db.ConnectionState(ctx)
		got.UpdatedAt = ""
		if err != nil || got != s.want {
			t.Fatalf("got %+v (%v), want %+v", got, err, s.want)
		}
	}
}
