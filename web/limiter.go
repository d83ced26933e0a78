package web

import (
	"sync"
	"time"
)

// loginLimiter throttles failed sign-ins per (client address, account) pair:
// the first few tries are free, then each further try must wait a doubling
// delay, and after blockAt failures the pair is blocked for the window. A pair
// is counted atomically before the password is checked (an attempt in flight
// counts as a failure until it is known), so parallel guesses cannot slip
// through. Because only the pair is throttled, nobody can lock another
// address or another account out; a global cap on failures per minute bounds
// guessing spread over many addresses and accounts.
type loginLimiter struct {
	mu        sync.Mutex
	pairs     map[string]*pairState
	free      int           // failures before the delay starts
	blockAt   int           // failures that block the pair for the window
	delay     time.Duration // first delay, doubling per further failure
	window    time.Duration // how long failures are remembered and a block lasts
	globalMax int           // failures per minute over all pairs before only clean pairs may try
	global    []time.Time   // recent failures of every pair (for globalMax)
}

type pairState struct {
	fails    int
	inFlight int
	last     time.Time // last attempt started
	first    time.Time // first failure of the window
	refused  bool      // a try has been refused since the last failure (log once)
	blocked  bool      // the block has been logged
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{pairs: map[string]*pairState{}, free: 3, blockAt: 10, delay: time.Second,
		window: 15 * time.Minute, globalMax: 300}
}

// verdict is the limiter's answer to one attempt.
type verdict struct {
	Wait    time.Duration // > 0: refused, try again after this long
	Blocked bool          // the pair is blocked for the window (not just delayed)
	Global  bool          // refused by the global cap
	Log     bool          // the first refusal of its kind for this pair: worth a log line
}

// begin reserves an attempt for the pair (ip, account). When allowed, the
// caller must call done exactly once with whether the sign-in succeeded.
func (l *loginLimiter) begin(ip, account string, now time.Time) (verdict, func(ok bool)) {
	key := ip + "\x00" + account
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.pair(key, now)
	n := p.fails + p.inFlight
	switch {
	case n >= l.blockAt:
		v := verdict{Wait: p.first.Add(l.window).Sub(now), Blocked: true, Log: !p.blocked}
		p.blocked = true
		return v, nil
	case n > 0 && l.recentGlobal(now) >= l.globalMax:
		v := verdict{Wait: time.Minute, Global: true, Log: !p.refused}
		p.refused = true
		return v, nil
	case n >= l.free:
		if wait := p.last.Add(l.delay << (n - l.free)).Sub(now); wait > 0 {
			v := verdict{Wait: wait, Log: !p.refused}
			p.refused = true
			return v, nil
		}
	}
	p.inFlight++
	p.last = now
	var once sync.Once
	return verdict{}, func(ok bool) { once.Do(func() { l.finish(key, ok, now) }) }
}

// finish records the outcome of an attempt begun at start.
func (l *loginLimiter) finish(key string, ok bool, start time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.pairs[key]
	if p == nil {
		return
	}
	p.inFlight--
	if ok {
		delete(l.pairs, key)
		return
	}
	if p.fails == 0 {
		p.first = start
	}
	p.fails++
	p.refused = false
	l.global = append(l.global, start)
	if len(l.pairs) > 10000 { // forget stale pairs so the map cannot grow without bound
		for k, q := range l.pairs {
			if q.inFlight == 0 && start.Sub(q.last) >= l.window {
				delete(l.pairs, k)
			}
		}
	}
}

// pair returns the state of key, starting over once its window has passed; the caller holds mu.
func (l *loginLimiter) pair(key string, now time.Time) *pairState {
	p := l.pairs[key]
	if p == nil {
		p = &pairState{}
		l.pairs[key] = p
	}
	if p.fails > 0 && now.Sub(p.first) >= l.window && p.inFlight == 0 {
		*p = pairState{}
	}
	return p
}

// recentGlobal drops global failures older than a minute and counts the rest; the caller holds mu.
func (l *loginLimiter) recentGlobal(now time.Time) int {
	i := 0
	for i < len(l.global) && now.Sub(l.global[i]) >= time.Minute {
		i++
	}
	l.global = l.global[i:]
	return len(l.global)
}
