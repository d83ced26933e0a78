package sfemu

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// cursor is an evaluated query whose rows are served page by page.
type cursor struct {
	id      string
	plan    *plan
	rows    []*record
	subs    map[*node]map[string][]*record
	all     bool
	batch   int // rows per page when fixed (a child list); 0 = the request's batch size
	expires time.Time
}

type cursorState struct {
	mu sync.Mutex
	m  map[string]*cursor
}

// queryMore answers GET query/{id}-{offset}.
func (c *call) queryMore(loc string) {
	id, off, ok := strings.Cut(loc, "-")
	pos, err := strconv.Atoi(off)
	cs := &c.s.cursors
	cs.mu.Lock()
	cur := cs.m[id]
	cs.mu.Unlock()
	now := time.Now()
	if !ok || err != nil || cur == nil || now.After(cur.expires) || pos < 0 || pos > len(cur.rows) {
		c.err(apiErr(400, "INVALID_QUERY_LOCATOR", "invalid query locator"))
		return
	}
	batch := c.batchSize()
	if cur.batch > 0 {
		batch = cur.batch
	}
	c.page(cur, pos, batch)
}

// page writes rows [pos, pos+batch) of cur and keeps cur for the next page.
func (c *call) page(cur *cursor, pos, batch int) {
	end := min(pos+batch, len(cur.rows))
	done := end >= len(cur.rows)
	buf := pageBuf(end - pos)
	defer func() { putPageBuf(buf) }() // the grown buffer goes back to the pool
	buf = append(buf, `{"totalSize":`...)
	buf = strconv.AppendInt(buf, int64(len(cur.rows)), 10)
	buf = append(buf, `,"done":`...)
	buf = strconv.AppendBool(buf, done)
	if !done {
		buf = append(buf, `,"nextRecordsUrl":"/services/data/`+c.ver+`/query/`+cur.id+"-"...)
		buf = strconv.AppendInt(buf, int64(end), 10)
		buf = append(buf, '"')
	}
	buf = append(buf, `,"records":[`...)
	r := &renderer{s: c.s, ver: c.ver, subs: cur.subs, all: cur.all, prefix: map[*object][]byte{}, childPage: c.s.opts.ChildPageSize}
	c.s.mu.RLock()
	for i, rec := range cur.rows[pos:end] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = r.record(buf, cur.plan.cols, rec)
	}
	c.s.mu.RUnlock()
	buf = append(buf, "]}"...)
	c.s.keepCursor(cur, done)
	writeRaw(c.w, 200, buf)
}

// keepCursor stores cur for queryMore, sweeping expired cursors.
func (s *Server) keepCursor(cur *cursor, done bool) {
	cs := &s.cursors
	now := time.Now()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for id, c := range cs.m {
		if now.After(c.expires) {
			delete(cs.m, id)
		}
	}
	if done && cs.m[cur.id] == nil {
		return
	}
	cur.expires = now.Add(s.opts.CursorTTL)
	cs.m[cur.id] = cur
}

var bufPool sync.Pool

func pageBuf(rows int) []byte {
	if b, ok := bufPool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 1024*rows+128)
}

func putPageBuf(b []byte) {
	if cap(b) <= 16<<20 {
		bufPool.Put(&b)
	}
}
