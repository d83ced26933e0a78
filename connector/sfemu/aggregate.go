package sfemu

import (
	"fmt"
	"sort"
)

// group is the rows sharing one GROUP BY key.
type group struct {
	key  []any
	rows []*record
}

// aggregate evaluates an aggregate query into AggregateResult records:
// one per group (one in all without GROUP BY), ordered by ORDER BY on the
// group keys, then OFFSET and LIMIT; callers hold s.mu.
func (s *Server) aggregate(p *plan, rows []*record) map[string]any {
	var groups []*group
	index := map[string]*group{}
	for _, r := range rows {
		key := make([]any, len(p.group))
		for i, g := range p.group {
			key[i] = g.acc.get(s, r)
		}
		k := fmt.Sprint(key...)
		gr := index[k]
		if gr == nil {
			gr = &group{key: key}
			index[k] = gr
			groups = append(groups, gr)
		}
		gr.rows = append(gr.rows, r)
	}
	if len(p.group) == 0 && len(groups) == 0 {
		groups = []*group{{}}
	}
	s.sortGroups(p, groups)
	if p.offset > 0 {
		groups = groups[min(p.offset, len(groups)):]
	}
	if p.limit >= 0 && p.limit < len(groups) {
		groups = groups[:p.limit]
	}
	recs := make([]any, 0, len(groups))
	for _, gr := range groups {
		rec := map[string]any{"attributes": map[string]string{"type": "AggregateResult"}}
		for i, g := range p.group {
			rec[g.name] = gr.key[i]
		}
		for _, a := range p.aggs {
			rec[a.alias] = s.fold(a, gr.rows)
		}
		recs = append(recs, rec)
	}
	return map[string]any{"totalSize": len(recs), "done": true, "records": recs}
}

// sortGroups orders groups by the ORDER BY keys that are group keys.
func (s *Server) sortGroups(p *plan, groups []*group) {
	if len(p.order) == 0 {
		return
	}
	sort.SliceStable(groups, func(i, j int) bool {
		for _, o := range p.order {
			for gi, g := range p.group {
				if g.acc.final != o.acc.final {
					continue
				}
				if c := orderCmp(valueClass(g.acc.final), groups[i].key[gi], groups[j].key[gi], o); c != 0 {
					return c < 0
				}
			}
		}
		return false
	})
}

// fold computes one aggregate over a group's rows.
func (s *Server) fold(a aggCol, rows []*record) any {
	class := valueClass(a.acc.final)
	var n int
	var sum float64
	var best any
	distinct := map[string]bool{}
	for _, r := range rows {
		v := a.acc.get(s, r)
		if v == nil {
			continue
		}
		n++
		distinct[fmt.Sprint(v)] = true
		if f, ok := v.(float64); ok {
			sum += f
		}
		switch {
		case best == nil:
			best = v
		case a.fn == "MIN" && compare(class, v, best) < 0, a.fn == "MAX" && compare(class, v, best) > 0:
			best = v
		}
	}
	switch a.fn {
	case "COUNT":
		return n
	case "COUNT_DISTINCT":
		return len(distinct)
	case "SUM":
		if n == 0 {
			return nil
		}
		return sum
	case "AVG":
		if n == 0 {
			return nil
		}
		return sum / float64(n)
	}
	return best
}
