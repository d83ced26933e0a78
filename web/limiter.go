package web

import (
	"crypto/sha256"
	"sync"
	"time"
)

// loginLimiter throttles failed sign-ins with three budgets, each counted
// atomically before the password is checked (an attempt in flight counts as a
// failure until it is known), so parallel guesses cannot slip through:
//
//   - per (client address, account) pair: the first few tries are free, then
//     each further try waits a doubling delay, and after blockAt failures the
//     pair is blocked for the window;
//   - per client address, over every account it tries: a spray of many
//     accounts from one address gets a few dozen checks, not one per account;
//   - per account, over every address: once many addresses have failed on
//     it, an address that has failed on it itself waits a doubling delay.
//
// No budget refuses an address that has not failed itself, so nobody can lock
// a real user on another address out; a global cap on failures per minute
// refuses only addresses past their free tries or guessing other accounts.
// Keys are hashes, so an attacker's long emails cost nothing to keep, and each
// table holds at most maxKeys entries.
type loginLimiter struct {
	mu                  sync.Mutex
	pairs, addrs, accts map[limitKey]*pairState
	pair, addr, acct    budget
	window              time.Duration // how long failures are remembered and a block lasts
	globalMax           int           // failures per minute over everyone before the cap applies
	global              []time.Time   // recent failures of everyone (for globalMax), at most globalMax+1
	maxKeys             int           // entries per table
}

// budget is how many failures one key gets: free, then a doubling delay from
// delay, then blocked for the window at blockAt (0: never blocked).
type budget struct {
	free, blockAt int
	delay         time.Duration
}

// limitKey is a hash of what a budget counts (never the text itself).
type limitKey [16]byte

func keyOf(kind byte, parts ...string) limitKey {
	h := sha256.New()
	h.Write([]byte{kind})
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var k limitKey
	copy(k[:], h.Sum(nil))
	return k
}

type pairState struct {
	fails    int
	inFlight int
	last     time.Time // last attempt started
	first    time.Time // first failure of the window
	refused  bool      // a try has been refused since the last failure (log once)
	blocked  bool      // the block has been logged
}

func (p *pairState) n() int { return p.fails + p.inFlight }

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{pairs: map[limitKey]*pairState{}, addrs: map[limitKey]*pairState{}, accts: map[limitKey]*pairState{},
		pair: budget{free: 3, blockAt: 10, delay: time.Second}, addr: budget{free: 10, blockAt: 40, delay: time.Second},
		acct: budget{free: 20, delay: time.Second}, window: 15 * time.Minute, globalMax: 300, maxKeys: 10000}
}

// verdict is the limiter's answer to one attempt.
type verdict struct {
	Wait    time.Duration // > 0: refused, try again after this long
	Blocked bool          // blocked for the window (not just delayed)
	Global  bool          // refused by the global cap
	Log     bool          // the first refusal of its kind for this pair: worth a log line
}

// begin reserves an attempt for the pair (ip, account). When allowed, the
// caller must call done exactly once with whether the sign-in succeeded.
func (l *loginLimiter) begin(ip, account string, now time.Time) (verdict, func(ok bool)) {
	keys := [3]limitKey{keyOf('p', ip, account), keyOf('i', ip), keyOf('a', account)}
	l.mu.Lock()
	defer l.mu.Unlock()
	p, a, c := l.state(l.pairs, keys[0], now), l.state(l.addrs, keys[1], now), l.state(l.accts, keys[2], now)
	v := l.judge(p, a, c, now)
	if v.Wait > 0 {
		v.Log = !p.refused && !a.refused || v.Blocked && !p.blocked && !a.blocked // once per pair and address
		p.refused, a.refused = true, true
		p.blocked, a.blocked = p.blocked || v.Blocked, a.blocked || v.Blocked
		return v, nil
	}
	for _, s := range []*pairState{p, a, c} {
		s.inFlight++
		s.last = now
	}
	var once sync.Once
	return verdict{}, func(ok bool) { once.Do(func() { l.finish(keys, ok, now) }) }
}

// judge applies the budgets to one attempt; the caller holds mu.
func (l *loginLimiter) judge(p, a, c *pairState, now time.Time) verdict {
	for _, x := range []struct {
		s *pairState
		b budget
	}{{p, l.pair}, {a, l.addr}} {
		if x.b.blockAt > 0 && x.s.n() >= x.b.blockAt {
			return verdict{Wait: x.s.first.Add(l.window).Sub(now), Blocked: true}
		}
	}
	if (p.n() >= l.pair.free || a.n() > p.n()) && l.recentGlobal(now) >= l.globalMax {
		return verdict{Wait: time.Minute, Global: true}
	}
	wait := max(l.pair.wait(p, now), l.addr.wait(a, now))
	if p.n() > 0 {
		wait = max(wait, l.acct.wait(c, now))
	}
	return verdict{Wait: wait}
}

// wait is how long s must still wait under b (0: it may try now).
func (b budget) wait(s *pairState, now time.Time) time.Duration {
	n := s.n()
	if n < b.free {
		return 0
	}
	return max(0, s.last.Add(b.delay<<min(n-b.free, 10)).Sub(now))
}

// finish records the outcome of an attempt begun at start.
func (l *loginLimiter) finish(keys [3]limitKey, ok bool, start time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, m := range []map[limitKey]*pairState{l.pairs, l.addrs, l.accts} {
		s := m[keys[i]]
		if s == nil {
			continue
		}
		s.inFlight--
		switch {
		case ok && i == 0:
			delete(m, keys[i])
		case !ok:
			if s.fails == 0 {
				s.first = start
			}
			s.fails++
			s.refused = false
		}
	}
	if !ok {
		l.global = append(l.global, start)
		if len(l.global) > l.globalMax+1 {
			l.global = l.global[len(l.global)-l.globalMax-1:]
		}
	}
}

// state returns the state of key in m, starting over once its window has
// passed; a full table first forgets stale entries, then idle ones. The
// caller holds mu.
func (l *loginLimiter) state(m map[limitKey]*pairState, key limitKey, now time.Time) *pairState {
	p := m[key]
	if p == nil {
		if len(m) >= l.maxKeys {
			l.shrink(m, now)
		}
		p = &pairState{}
		m[key] = p
	}
	if p.fails > 0 && now.Sub(p.first) >= l.window && p.inFlight == 0 {
		*p = pairState{}
	}
	return p
}

// shrink makes room in a full table: stale entries go first; if that frees
// less than an eighth, idle entries go too (the oldest budgets an attacker
// could make us forget are the ones they already spent).
func (l *loginLimiter) shrink(m map[limitKey]*pairState, now time.Time) {
	for k, q := range m {
		if q.inFlight == 0 && now.Sub(q.last) >= l.window {
			delete(m, k)
		}
	}
	for k, q := range m {
		if len(m) < l.maxKeys-l.maxKeys/8 {
			return
		}
		if q.inFlight == 0 {
			delete(m, k)
		}
	}
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
