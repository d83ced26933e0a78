package sfemu

import (
	"sort"
	"strings"
)

// recordCount answers GET /limits/recordCount[?sObjects=A,B]: the number of
// undeleted records of each object, as `sf org list sobject record-counts` reads it.
func (c *call) recordCount() {
	var names []string
	if list := c.r.URL.Query().Get("sObjects"); list != "" {
		for _, n := range strings.Split(list, ",") {
			if o := c.s.schema.lookup(strings.TrimSpace(n)); o != nil {
				names = append(names, o.Name)
			}
		}
	} else {
		for _, o := range c.s.schema.objects {
			names = append(names, o.Name)
		}
	}
	sort.Strings(names)
	type count struct {
		Count int    `json:"count"`
		Name  string `json:"name"`
	}
	out := make([]count, 0, len(names))
	c.s.mu.RLock()
	for _, n := range names {
		live := 0
		for _, r := range c.s.table(c.s.schema.lookup(n)).rows {
			if !r.deleted() {
				live++
			}
		}
		out = append(out, count{Count: live, Name: n})
	}
	c.s.mu.RUnlock()
	c.json(200, map[string]any{"sObjects": out})
}

// RecordCount is the number of undeleted records of object, as /limits/recordCount reports it.
func (s *Server) RecordCount(object string) int {
	o := s.schema.lookup(object)
	if o == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, r := range s.table(o).rows {
		if !r.deleted() {
			n++
		}
	}
	return n
}
