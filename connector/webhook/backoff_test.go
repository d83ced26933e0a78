package webhook

import (
	"testing"
	"time"
)

func TestRetriesBackOffExponentiallyForADay(t *testing.T) {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := created
	d := &Dispatcher{Now: func() time.Time { return now }}
	d.defaults()
	item := &OutboxItem{State: OutboxPending, CreatedAt: created.Format(TimeFormat)}
	var prev time.Duration
	for item.Attempts = 0; ; item.Attempts++ {
		next := d.nextAttempt(item)
		if next.IsZero() {
			break
		}
		gap := next.Sub(now)
		last := next.Equal(created.Add(d.RetryFor)) // the final try, at the end of the day
		if item.Attempts > 0 && !last && gap < prev && gap < d.BackoffMax*3/4 {
			t.Fatalf("attempt %d waits %v, less than the %v before it", item.Attempts, gap, prev)
		}
		if gap > d.BackoffMax {
			t.Fatalf("attempt %d waits %v, over the cap %v", item.Attempts, gap, d.BackoffMax)
		}
		prev, now = gap, next
	}
	if age := now.Sub(created); age < 24*time.Hour || age > 24*time.Hour+d.BackoffMax {
		t.Fatalf("gave up after %v, want about 24h", age)
	}
	if item.Attempts < 20 || item.Attempts > 40 {
		t.Fatalf("%d attempts in a day, want an exponential schedule capped at an hour (20–40)", item.Attempts)
	}
}
