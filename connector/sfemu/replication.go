package sfemu

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Data replication: GET sobjects/{T}/updated/?start=&end= and
// sobjects/{T}/deleted/?start=&end= (REST API "sObject Get Updated" and
// "sObject Get Deleted"). As in the org, seconds are ignored, the answer
// covers up to the last whole minute, updates go back 30 days and deletes
// as far as the recycle bin still holds them.

// replicationLimit is the most ids one answer may hold.
const replicationLimit = 600000

type updatedResult struct {
	IDs               []string `json:"ids"`
	LatestDateCovered string   `json:"latestDateCovered"`
}

type deletedRecord struct {
	ID          string `json:"id"`
	DeletedDate string `json:"deletedDate"`
}

type deletedResult struct {
	DeletedRecords        []deletedRecord `json:"deletedRecords"`
	EarliestDateAvailable string          `json:"earliestDateAvailable"`
	LatestDateCovered     string          `json:"latestDateCovered"`
}

func errReplication(msg string) *APIError {
	return apiErr(http.StatusBadRequest, "INVALID_REPLICATION_DATE", msg)
}

// replicationWindow reads start and end, rounded down to the minute, and the
// end actually covered (not past the last whole minute).
func (c *call) replicationWindow(maxAge time.Duration) (start, covered time.Time, aerr *APIError) {
	q := c.r.URL.Query()
	parse := func(name string) (time.Time, *APIError) {
		v := strings.ReplaceAll(q.Get(name), " ", "+") // an unencoded + arrives as a space
		if v == "" {
			return time.Time{}, apiErr(http.StatusBadRequest, "MISSING_ARGUMENT", name+" is required: ?start=2024-05-01T00:00:00Z&end=2024-05-02T00:00:00Z")
		}
		for _, l := range append([]string{time.RFC3339}, timeLayouts...) {
			if t, err := time.Parse(l, v); err == nil {
				return t.UTC().Truncate(time.Minute), nil
			}
		}
		return time.Time{}, errReplication("Unable to parse " + name + " date: " + v)
	}
	start, aerr = parse("start")
	if aerr != nil {
		return
	}
	end, aerr := parse("end")
	if aerr != nil {
		return
	}
	now := c.s.clock().UTC()
	switch {
	case !start.Before(end):
		aerr = errReplication("startDate must chronologically precede endDate")
	case start.Before(now.Add(-maxAge)):
		aerr = errReplication("startDate can not be more than " + maxAgeWords(maxAge) + " ago")
	}
	covered = end
	if last := now.Truncate(time.Minute); last.Before(covered) {
		covered = last
	}
	return start, covered, aerr
}

func maxAgeWords(d time.Duration) string { return fmt.Sprintf("%d days", int(d.Hours()/24)) }

// getUpdated answers sobjects/{T}/updated: undeleted records whose
// SystemModstamp is in [start, latestDateCovered), in Id order.
func (c *call) getUpdated(o *object) {
	start, covered, aerr := c.replicationWindow(30 * 24 * time.Hour)
	if aerr != nil {
		c.err(aerr)
		return
	}
	lo, hi := formatTime(start), formatTime(covered)
	res := updatedResult{IDs: []string{}, LatestDateCovered: hi}
	c.s.mu.RLock()
	for _, r := range c.s.table(o).rows {
		if ms, _ := r.f["SystemModstamp"].(string); !r.deleted() && ms >= lo && ms < hi {
			res.IDs = append(res.IDs, r.id())
		}
	}
	c.s.mu.RUnlock()
	if len(res.IDs) > replicationLimit {
		c.err(apiErr(http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. choose start and end dates closer together"))
		return
	}
	sort.Strings(res.IDs)
	c.json(200, res)
}

// getDeleted answers sobjects/{T}/deleted: records in the recycle bin
// deleted in [start, latestDateCovered), oldest first. A start before the
// last purge (earliestDateAvailable) is refused: those deletes are gone.
func (c *call) getDeleted(o *object) {
	start, covered, aerr := c.replicationWindow(15 * 24 * time.Hour)
	if aerr != nil {
		c.err(aerr)
		return
	}
	c.s.mu.RLock()
	earliest := c.s.earliestAvailable(o)
	lo, hi := formatTime(start), formatTime(covered)
	res := deletedResult{DeletedRecords: []deletedRecord{}, EarliestDateAvailable: earliest, LatestDateCovered: hi}
	for _, r := range c.s.table(o).rows {
		if at, _ := r.f["SystemModstamp"].(string); r.deleted() && at >= lo && at < hi {
			res.DeletedRecords = append(res.DeletedRecords, deletedRecord{r.id(), at})
		}
	}
	c.s.mu.RUnlock()
	if lo < earliest {
		c.err(errReplication("startDate is before earliestDateAvailable " + earliest + ": records deleted before it were purged; replicate the object again"))
		return
	}
	sort.Slice(res.DeletedRecords, func(i, j int) bool {
		a, b := res.DeletedRecords[i], res.DeletedRecords[j]
		return a.DeletedDate < b.DeletedDate || a.DeletedDate == b.DeletedDate && a.ID < b.ID
	})
	c.json(200, res)
}
