package sfemu

import (
	"strings"
	"time"
)

// record is one stored row. Its map is never changed after it is stored: a
// write stores a new record, so query cursors keep a consistent snapshot.
type record struct {
	obj *object
	f   map[string]any // canonical field name → string, float64, bool or nil
	rid string         // f["Id"], kept apart because every lookup needs it
}

func newRecord(o *object, f map[string]any) *record {
	id, _ := f["Id"].(string)
	return &record{obj: o, f: f, rid: id}
}

func (r *record) id() string { return r.rid }

func (r *record) deleted() bool { b, _ := r.f["IsDeleted"].(bool); return b }

// table holds one object's rows in creation (= Id) order.
type table struct {
	rows []*record
	pos  map[string]int // 18-char id → index in rows
}

// timeLayout is how Salesforce writes datetimes in REST JSON.
const timeLayout = "2006-01-02T15:04:05.000-0700"

// formatTime renders t as Salesforce does: UTC, milliseconds, +0000.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

var isBase62 = func() (t [256]bool) {
	for i := 0; i < len(base62); i++ {
		t[base62[i]] = true
	}
	return t
}()

// makeID builds an 18-character id from a key prefix and a counter.
func makeID(prefix string, n int64) string {
	var b [15]byte
	copy(b[:], prefix)
	b[3], b[4], b[5] = 'E', 'm', '0'
	for i := 14; i >= 6; i-- {
		b[i] = base62[n%62]
		n /= 62
	}
	return string(b[:]) + idSuffix(string(b[:]))
}

// idSuffix computes the 3-character case-safe suffix of a 15-character id.
func idSuffix(id15 string) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	var out [3]byte
	for i := 0; i < 3; i++ {
		v := 0
		for j := 0; j < 5; j++ {
			c := id15[i*5+j]
			if c >= 'A' && c <= 'Z' {
				v |= 1 << j
			}
		}
		out[i] = chars[v]
	}
	return string(out[:])
}

// normID turns a 15- or 18-character id into its 18-character form; ok is
// false when s is not shaped like an id.
func normID(s string) (string, bool) {
	if len(s) != 15 && len(s) != 18 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if !isBase62[s[i]] {
			return "", false
		}
	}
	if len(s) == 15 {
		return s + idSuffix(s), true
	}
	if !strings.EqualFold(s[15:], idSuffix(s[:15])) {
		return "", false
	}
	return s[:15] + idSuffix(s[:15]), true
}

// stamp returns the time of a write. Inside a transaction (see inTx) every
// write shares the transaction's stamp, as in an org. Otherwise it is the
// clock, strictly after the previous stamp at millisecond precision, or
// with Options.WholeSecondStamps the clock in whole seconds, never before
// the previous stamp (so writes in one second share it). Callers hold s.mu.
func (s *Server) stamp() string {
	if s.txStamp != "" {
		return s.txStamp
	}
	if s.opts.WholeSecondStamps {
		t := s.now().UTC().Add(-s.opts.LateCommitLag).Truncate(time.Second)
		if t.Before(s.lastStamp) {
			t = s.lastStamp
		}
		s.lastStamp = t
		return formatTime(t)
	}
	t := s.now().UTC().Add(-s.opts.LateCommitLag).Truncate(time.Millisecond)
	if !t.After(s.lastStamp) {
		t = s.lastStamp.Add(time.Millisecond)
	}
	s.lastStamp = t
	return formatTime(t)
}

// inTx runs fn as one transaction: all its writes share one stamp. Callers
// hold s.mu for writing.
func (s *Server) inTx(fn func()) {
	if s.txStamp != "" {
		fn()
		return
	}
	s.txStamp = s.stamp()
	defer func() { s.txStamp = "" }()
	fn()
}

func (s *Server) table(o *object) *table {
	t := s.tables[o.Name]
	if t == nil {
		t = &table{pos: map[string]int{}}
		s.tables[o.Name] = t
	}
	return t
}

// find returns the record with id of any type; callers hold s.mu.
func (s *Server) find(id string) *record {
	if len(id) == 18 { // fast path: ids stored in records are already normalized
		if o := s.byPrefix[id[:3]]; o != nil {
			if t := s.tables[o.Name]; t != nil {
				if i, ok := t.pos[id]; ok {
					return t.rows[i]
				}
			}
		}
	}
	id, ok := normID(id)
	if !ok {
		return nil
	}
	o := s.byPrefix[id[:3]]
	if o == nil {
		return nil
	}
	t := s.table(o)
	if i, ok := t.pos[id]; ok {
		return t.rows[i]
	}
	return nil
}

// put stores r, replacing the row with the same id; callers hold s.mu.
func (s *Server) put(r *record) {
	t := s.table(r.obj)
	id := r.id()
	var prev *record
	if i, ok := t.pos[id]; ok {
		prev, t.rows[i] = t.rows[i], r
	} else {
		t.pos[id] = len(t.rows)
		t.rows = append(t.rows, r)
	}
	s.dirty()
	s.recordChanged(prev, r) // Streaming API events (streaming.go)
}

// nextID allocates an id for o; callers hold s.mu.
func (s *Server) nextID(o *object) string {
	s.counter++
	return makeID(o.KeyPrefix, s.counter)
}
