package sfemu

import (
	"crypto/rand"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// result is an evaluated query before paging.
type result struct {
	plan  *plan
	rows  []*record
	count int
	subs  map[*node]map[string][]*record
}

// evaluate parses, binds and runs q once.
func (s *Server) evaluate(q string, all bool) (*result, *APIError) {
	parsed, err := ParseSOQL(q)
	if err != nil {
		return nil, err.(*SOQLError).apiError()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := &binder{s: s.schema, q: q, now: s.now()}
	p, serr := b.bind(parsed)
	if serr != nil {
		return nil, serr.apiError()
	}
	res := &result{plan: p, subs: map[*node]map[string][]*record{}}
	res.rows = s.selectRows(p, all)
	res.count = len(res.rows)
	for _, c := range p.cols {
		if c.sub != nil {
			res.subs[c] = s.childIndex(c.sub, all)
		}
	}
	return res, nil
}

// selectRows filters, sorts and slices one object's rows; callers hold s.mu.
func (s *Server) selectRows(p *plan, all bool) []*record {
	var rows []*record
	for _, r := range s.table(p.obj).rows {
		if (all || !r.deleted()) && (p.where == nil || p.where(s, r)) {
			rows = append(rows, r)
		}
	}
	if len(p.aggs) > 0 || len(p.group) > 0 {
		return rows // LIMIT and OFFSET count groups (aggregate)
	}
	return s.sortSlice(p, rows)
}

func (s *Server) sortSlice(p *plan, rows []*record) []*record {
	if len(p.order) > 0 {
		s.sortRows(p, rows)
	}
	if p.offset > 0 {
		rows = rows[min(p.offset, len(rows)):]
	}
	if p.limit >= 0 && p.limit < len(rows) {
		rows = rows[:p.limit]
	}
	return rows
}

// childIndex groups a subquery's matching child rows by parent id.
func (s *Server) childIndex(p *plan, all bool) map[string][]*record {
	idx := map[string][]*record{}
	for _, r := range s.table(p.obj).rows {
		if (all || !r.deleted()) && (p.where == nil || p.where(s, r)) {
			if pid, ok := r.f[p.childFld].(string); ok {
				idx[pid] = append(idx[pid], r)
			}
		}
	}
	return idx
}

func (s *Server) sortRows(p *plan, rows []*record) {
	type keyed struct {
		r *record
		k []any
	}
	ks := make([]keyed, len(rows))
	flat := make([]any, len(rows)*len(p.order))
	classes := make([]string, len(p.order))
	for i, o := range p.order {
		classes[i] = valueClass(o.acc.final)
	}
	for i, r := range rows {
		k := flat[i*len(p.order) : (i+1)*len(p.order)]
		for j, o := range p.order {
			k[j] = o.acc.get(s, r)
		}
		ks[i] = keyed{r, k}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i].k, ks[j].k
		for n, o := range p.order {
			if c := orderCmp(classes[n], a[n], b[n], o); c != 0 {
				return c < 0
			}
		}
		return false
	})
	for i := range ks {
		rows[i] = ks[i].r
	}
}

func orderCmp(class string, a, b any, o orderKey) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		if o.nullsLast {
			return 1
		}
		return -1
	case b == nil:
		if o.nullsLast {
			return -1
		}
		return 1
	}
	c := compare(class, a, b)
	if o.desc {
		return -c
	}
	return c
}

// query answers GET query?q= / queryAll?q= and query/{locator}.
func (c *call) query(all bool) {
	if c.s.takeQueryTimeout() {
		c.err(errQueryTimeout())
		return
	}
	if len(c.parts) == 2 {
		c.queryMore(c.parts[1])
		return
	}
	q := c.r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		c.err(apiErr(400, "MALFORMED_QUERY", "A query string has to be specified"))
		return
	}
	res, err := c.s.evaluate(q, all)
	if err == nil {
		err = c.s.access(false, res.plan.objects()...)
	}
	if err != nil {
		c.err(err)
		return
	}
	p := res.plan
	if c.r.URL.Query().Get("columns") == "true" {
		c.columns(p)
		return
	}
	if p.count {
		c.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		writeRaw(c.w, 200, []byte(`{"totalSize":`+strconv.Itoa(res.count)+`,"done":true,"records":[]}`))
		return
	}
	if len(p.aggs) > 0 || len(p.group) > 0 {
		c.s.mu.RLock()
		out := c.s.aggregate(p, res.rows)
		c.s.mu.RUnlock()
		c.json(200, out)
		return
	}
	cur := &cursor{id: locatorID(), plan: p, rows: res.rows, subs: res.subs, all: all}
	c.page(cur, 0, c.batchSize())
}

// batchSize reads Sforce-Query-Options: batchSize=N (200..2000).
func (c *call) batchSize() int {
	n := c.s.opts.PageSize
	opt := c.r.Header.Get("Sforce-Query-Options")
	if v, ok := strings.CutPrefix(strings.TrimSpace(opt), "batchSize="); ok {
		if b, err := strconv.Atoi(v); err == nil {
			n = min(max(b, 200), 2000)
		}
	}
	return n
}

func locatorID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	out := []byte("01g")
	for _, x := range b {
		out = append(out, base62[int(x)%62])
	}
	return string(out)
}

// Query runs SOQL directly (no API call counted) and returns every row as
// the REST API would render it; for assertions in tests.
func (s *Server) Query(soql string) ([]map[string]any, error) {
	res, err := s.evaluate(soql, false)
	if err != nil {
		return nil, err
	}
	r := &renderer{s: s, ver: "v" + APIVersion, subs: res.subs}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]map[string]any, 0, len(res.rows))
	for _, rec := range res.rows {
		out = append(out, r.mapRecord(res.plan.cols, rec))
	}
	return out, nil
}

var _ http.Handler = (*Server)(nil)
