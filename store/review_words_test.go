package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/refsync/refsync/matching"
)

// The review digest (the entry.review webhook and the digest email) names
// each entry's reason as the queue does, beside the code.
func TestReviewDigestNamesReasons(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	e := newEntry("006W", "2026-01-01T00:00:00.000+0000", matching.EntryReview, matching.ReasonLowConfidence)
	if err := db.InsertEntryRx(ctx, e, matching.EntryEvent{Actor: "sync", Action: "received", Outcome: matching.EntryReview, Reason: e.Reason}); err != nil {
		t.Fatal(err)
	}
	d, err := db.PendingReviewDigest(ctx, CursorReviewMail, time.Minute, 10, nil)
	if err != nil || d == nil || len(d.Items) != 1 {
		t.Fatalf("digest = %+v, %v", d, err)
	}
	b, _ := json.Marshal(d.Items[0])
	for _, want := range []string{`"reason":"low_confidence"`, `"reason_name":"Not sure enough to apply"`, `"reason_words":"No referral is likely enough`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("digest item %s lacks %s", b, want)
		}
	}
}
