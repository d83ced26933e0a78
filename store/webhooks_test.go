package store

import (
	"context"
	"testing"
	"time"
)

func TestWebhookOutboxFromStatusHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	early := &Referral{FirstName: "Ann", Email: "ann@example.com"}
	if err := db.CreateReferral(ctx, early, "api:test"); err != nil { // before any webhook: never sent
		t.Fatal(err)
	}
	now = now.Add(time.Second)
	all := &Webhook{URL: "http://a.example/hook", Events: []string{"referral.created", "referral.status_changed"}, Secret: "s"}
	onlyStatus := &Webhook{URL: "http://b.example/hook", Events: []string{"referral.status_changed"}, Secret: "s"}
	for _, w := range []*Webhook{all, onlyStatus} {
		if err := db.CreateWebhook(ctx, w, "test"); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Second)
	r := &Referral{FirstName: "Bob", Email: "bob@example.com"}
	if err := db.CreateReferral(ctx, r, "api:test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SetReferralStatus(ctx, StatusChange{ReferralID: r.ID, To: StatusQualified, Actor: "sync"}); err != nil {
		t.Fatal(err)
	}
	build := func(e StatusEvent) (string, []byte, error) {
		if e.From == "" {
			return "referral.created", []byte(`{"id":"` + e.ReferralID + `"}`), nil
		}
		return "referral.status_changed", []byte(`{"to":"` + e.To + `"}`), nil
	}
	n, err := db.QueueStatusEvents(ctx, 100, build)
	if err != nil || n != 3 { // created → all; status → all, onlyStatus
		t.Fatalf("queued %d, %v; want 3", n, err)
	}
	if n, _ := db.QueueStatusEvents(ctx, 100, build); n != 0 {
		t.Fatalf("second run queued %d, want 0 (watermark)", n)
	}
	due, err := db.DueOutbox(ctx, 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due = %d, %v", len(due), err)
	}
	cases := []struct {
		item     *OutboxItem
		errMsg   string
		next     time.Time
		wantDue  int
		wantStat string
	}{
		{due[0], "", time.Time{}, 2, OutboxDelivered},
		{due[1], "HTTP 500", now.Add(time.Minute), 1, OutboxPending},
		{due[2], "gave up", time.Time{}, 0, OutboxFailed},
	}
	for _, c := range cases {
		if err := db.RecordDelivery(ctx, c.item.ID, 500, c.errMsg, time.Millisecond, c.next); err != nil {
			t.Fatal(err)
		}
		got, _ := db.DueOutbox(ctx, 10)
		if len(got) != c.wantDue {
			t.Fatalf("after %q: due %d, want %d", c.errMsg, len(got), c.wantDue)
		}
	}
	list, _ := db.ListOutbox(ctx, 0, 10)
	states := map[int64]string{}
	for _, o := range list {
		states[o.ID] = o.State
	}
	for _, c := range cases {
		if states[c.item.ID] != c.wantStat {
			t.Errorf("outbox %d state %s, want %s", c.item.ID, states[c.item.ID], c.wantStat)
		}
	}
	if d, _ := db.ListDeliveries(ctx, all.ID, 10); len(d) == 0 {
		t.Error("no delivery log for the first webhook")
	}
}
