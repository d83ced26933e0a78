package web

import (
	"sync"
	"time"
)

// loginLimiter counts failed sign-ins per key (address, email) in a sliding
// window and blocks a key after too many.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	max      int
	window   time.Duration
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}, max: 5, window: 15 * time.Minute}
}

// blocked returns how long the most restricted key must still wait (0 when none is blocked).
func (l *loginLimiter) blocked(keys []string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		ts := l.recent(k, now)
		if len(ts) >= l.max {
			wait = max(wait, ts[0].Add(l.window).Sub(now))
		}
	}
	return wait
}

// fail records one failed sign-in for every key.
func (l *loginLimiter) fail(keys []string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.failures[k] = append(l.recent(k, now), now)
	}
	if len(l.failures) > 10000 { // forget stale keys so the map cannot grow without bound
		for k := range l.failures {
			if len(l.recent(k, now)) == 0 {
				delete(l.failures, k)
			}
		}
	}
}

// reset forgets the failures of keys (after a successful sign-in).
func (l *loginLimiter) reset(keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.failures, k)
	}
}

// recent drops failures older than the window; the caller holds mu.
func (l *loginLimiter) recent(k string, now time.Time) []time.Time {
	ts := l.failures[k]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.failures, k)
		return nil
	}
	l.failures[k] = ts
	return ts
}
