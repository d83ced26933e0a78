package store

import (
	"context"
	"testing"
)

func TestSnapshotKeepsNewest(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	steps := []struct {
		stamp, stage, want string
	}{
		{"2026-01-02", "Prospecting", "Prospecting"},
		{"2026-01-03", "Closed Won", "Closed Won"},
		{"2026-01-01", "Old", "Closed Won"},
	}
	for _, s := range steps {
		if err := db.SaveSnapshotRx(ctx, "Opportunity", "006A", s.stamp, map[string]any{"StageName": s.stage}); err != nil {
			t.Fatal(err)
		}
		got, err := db.SnapshotsRx(ctx, "Opportunity", []string{"006A", "006B"})
		if err != nil || len(got) != 1 || got["006A"]["StageName"] != s.want {
			t.Fatalf("after %s: %v %v", s.stamp, got, err)
		}
	}
}
