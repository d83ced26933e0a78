package sfemu

import "sort"

// FailNextBulkQueries makes the next n Bulk API 2.0 query jobs end Failed
// with errorMessage msg (their results are then refused), as a job the org
// could not finish.
func (s *Server) FailNextBulkQueries(n int, msg string) {
	s.bulk.mu.Lock()
	s.bulk.failNext, s.bulk.failMsg = n, msg
	s.bulk.mu.Unlock()
}

// AbortBulkQueriesAfterPages makes a complete query job become Aborted (as
// an admin aborting it does) once n of its result pages were served; the
// next results call answers 400 INVALIDJOB. 0 ends the fault.
func (s *Server) AbortBulkQueriesAfterPages(n int) {
	s.bulk.mu.Lock()
	s.bulk.abortAt = n
	s.bulk.mu.Unlock()
}

// SetBulkPageSize caps how many rows a query job's result page holds, as
// the org's size limit caps a page whatever maxRecords asks (default: no
// cap; 50,000 rows when the client names no maxRecords).
func (s *Server) SetBulkPageSize(n int) {
	s.bulk.mu.Lock()
	s.bulk.pageSize = n
	s.bulk.mu.Unlock()
}

// BulkJob is what tests read of one Bulk API 2.0 job.
type BulkJob struct {
	ID, Operation, Object, State string
	Rows                         int // query: rows in the result; ingest: rows processed
}

// BulkJobs lists the jobs in creation order.
func (s *Server) BulkJobs() []BulkJob {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	out := make([]BulkJob, 0, len(s.bulk.jobs))
	for _, j := range s.bulk.jobs {
		n := j.processed
		if j.plan != nil {
			n = len(j.rows)
		}
		out = append(out, BulkJob{ID: j.ID, Operation: j.Operation, Object: j.Object, State: j.State, Rows: n})
	}
	sort.Slice(out, func(i, k int) bool { return out[i].ID < out[k].ID })
	return out
}
