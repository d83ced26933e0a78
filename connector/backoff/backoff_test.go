package backoff

import (
	"context"
	"testing"
	"time"
)

func TestDelayDoublesCapsAndJitters(t *testing.T) {
	p := Policy{Base: time.Second, Max: 10 * time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		if got := p.Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
	p.Jitter = 0.5
	seen := map[time.Duration]bool{}
	for range 200 {
		d := p.Delay(4)
		if d < 4*time.Second || d > 8*time.Second {
			t.Fatalf("jittered Delay(4) = %v, want within [4s, 8s]", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Fatalf("jitter gave %d distinct delays in 200 draws: retries would arrive together", len(seen))
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); err == nil || time.Since(start) > time.Second {
		t.Fatalf("Sleep on a cancelled context = %v after %v", err, time.Since(start))
	}
}
