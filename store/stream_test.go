package store

import (
	"context"
	"testing"
)

// TestStreamState: a replay id is kept per object and channel; a state change on the same
// channel keeps it, a new channel forgets it (ids of one channel mean nothing on another).
func TestStreamState(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if ch, id, err := db.StreamReplay(ctx, "Lead"); err != nil || ch != "" || id != 0 {
		t.Fatalf("no stream yet: %q %d %v", ch, id, err)
	}
	const cdc, topic = "/data/LeadChangeEvent", "/topic/refsync_Lead"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetStreamState(ctx, "Lead", "auto", "cdc", cdc, "connecting", ""))
	must(db.SaveStreamReplay(ctx, "Lead", cdc, 41, 2))
	must(db.SaveStreamReplay(ctx, "Lead", cdc, 57, 1))
	must(db.SetStreamState(ctx, "Lead", "auto", "cdc", "", "reconnecting", "HTTP 503"))
	if ch, id, _ := db.StreamReplay(ctx, "Lead"); ch != cdc || id != 57 {
		t.Fatalf("after a state change: %q %d, want %s 57", ch, id, cdc)
	}
	states, err := db.StreamStates(ctx)
	must(err)
	if len(states) != 1 || states[0].Events != 3 || states[0].State != "reconnecting" || states[0].Detail != "HTTP 503" || states[0].LastEventAt == "" {
		t.Fatalf("states %+v", states)
	}
	must(db.SetStreamState(ctx, "Lead", "pushtopic", "pushtopic", topic, "connecting", ""))
	if ch, id, _ := db.StreamReplay(ctx, "Lead"); ch != topic || id != 0 {
		t.Fatalf("after switching channels: %q %d, want %s 0", ch, id, topic)
	}
}
