package sfemu

import (
	"fmt"
	"slices"
	"time"
)

// The recycle bin: a deleted record stays (IsDeleted = true, seen by
// queryAll and getDeleted) for Options.RecycleBinRetention, 15 days by
// default as in an org, then it is purged: gone from queryAll, and the
// object's earliestDateAvailable (getDeleted) moves to its deletion time.

// orgStart is the earliestDateAvailable of an object nothing was purged from.
const orgStart = "2020-01-06T09:00:00.000+0000"

// earliestAvailable is the deletion time of the last record purged from o;
// callers hold s.mu.
func (s *Server) earliestAvailable(o *object) string {
	if t := s.purgedTo[o.Name]; t != "" {
		return t
	}
	return orgStart
}

// EmptyRecycleBin purges every deleted record now, as an admin emptying the
// recycle bin does. It returns how many records were purged.
func (s *Server) EmptyRecycleBin() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.purge("9999")
}

// purgeExpired purges records deleted longer ago than the retention; it
// looks at most once a minute of the org's clock.
func (s *Server) purgeExpired() {
	if s.opts.RecycleBinRetention < 0 {
		return
	}
	now := s.clock()
	if last := s.lastPurge.Load(); last != 0 && now.Unix()-last < 60 {
		return
	}
	s.lastPurge.Store(now.Unix())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purge(formatTime(now.Add(-s.opts.RecycleBinRetention)))
}

// purge removes deleted records whose deletion stamp is before cutoff;
// callers hold s.mu for writing.
func (s *Server) purge(cutoff string) int {
	n := 0
	for name, t := range s.tables {
		if !slices.ContainsFunc(t.rows, func(r *record) bool { at, _ := r.f["SystemModstamp"].(string); return r.deleted() && at < cutoff }) {
			continue // nothing to purge: no copy of the table (this ran every minute over every record)
		}
		kept := t.rows[:0:0]
		for _, r := range t.rows {
			at, _ := r.f["SystemModstamp"].(string)
			if r.deleted() && at < cutoff {
				if at > s.purgedTo[name] {
					s.purgedTo[name] = at
				}
				n++
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) == len(t.rows) {
			continue
		}
		t.rows, t.pos = kept, make(map[string]int, len(kept))
		for i, r := range kept {
			t.pos[r.id()] = i
		}
	}
	if n > 0 {
		s.dirty()
	}
	return n
}

// recycleBinRetention checks the option: 0 takes the default, below 0 never purges.
func recycleBinRetention(d time.Duration) (time.Duration, error) {
	switch {
	case d == 0:
		return 15 * 24 * time.Hour, nil
	case d > 0 && d < time.Minute:
		return 0, fmt.Errorf("sfemu: recycle bin retention %s is too short: give a minute or more, or a negative value to keep deleted records for ever", d)
	}
	return d, nil
}
