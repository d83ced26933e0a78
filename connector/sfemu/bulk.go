package sfemu

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bulk API 2.0 job states, as the org reports them.
const (
	stateOpen           = "Open"
	stateUploadComplete = "UploadComplete"
	stateInProgress     = "InProgress"
	stateJobComplete    = "JobComplete"
	stateFailed         = "Failed"
	stateAborted        = "Aborted"
)

// bulkState holds the Bulk API 2.0 jobs (bulk*.go) and their faults.
type bulkState struct {
	mu       sync.Mutex
	jobs     map[string]*bulkJob
	seq      int64
	failNext int    // the next n query jobs end Failed
	failMsg  string // their errorMessage
	abortAt  int    // a query job is aborted after serving this many result pages (0: never)
	pageSize int    // result rows per page when the client names no maxRecords
}

// bulkJob is one ingest or query job.
type bulkJob struct {
	ID, Operation, Object, State string
	ExternalID                   string
	Delim                        string // column delimiter name (COMMA, TAB, …)
	LineEnding                   string // LF or CRLF
	Created                      time.Time
	Modstamp                     time.Time
	ErrorMessage                 string
	polls                        int // status reads since the job was queued: it advances one state per read
	ver                          string

	// query
	plan  *plan
	rows  []*record
	pages int // result pages served

	// ingest
	data               []byte
	success, failed    [][]string // result rows (sf__ columns first)
	header             []string
	processed, nFailed int
}

// jobInfo is a job as the org renders it.
func (j *bulkJob) info(userID string, query bool) map[string]any {
	ver, _ := strconv.ParseFloat(strings.TrimPrefix(j.ver, "v"), 64)
	m := map[string]any{"id": j.ID, "operation": j.Operation, "object": j.Object, "createdById": userID,
		"createdDate": formatTime(j.Created), "systemModstamp": formatTime(j.Modstamp), "state": j.State,
		"concurrencyMode": "Parallel", "contentType": "CSV", "apiVersion": ver,
		"lineEnding": j.LineEnding, "columnDelimiter": j.Delim}
	if query {
		m["jobType"] = "V2Query"
		m["numberRecordsProcessed"] = 0
		if j.State == stateJobComplete {
			m["numberRecordsProcessed"] = len(j.rows)
		} else if j.State == stateInProgress {
			m["numberRecordsProcessed"] = len(j.rows) / 2
		}
		m["retries"], m["totalProcessingTime"] = 0, 0
	} else {
		m["jobType"] = "V2Ingest"
		m["contentUrl"] = "services/data/" + j.ver + "/jobs/ingest/" + j.ID + "/batches"
		if j.ExternalID != "" {
			m["externalIdFieldName"] = j.ExternalID
		}
		m["numberRecordsProcessed"], m["numberRecordsFailed"] = j.processed, j.nFailed
		m["retries"], m["totalProcessingTime"], m["apiActiveProcessingTime"], m["apexProcessingTime"] = 0, 0, 0, 0
	}
	if j.ErrorMessage != "" {
		m["errorMessage"] = j.ErrorMessage
	}
	return m
}

// newJob registers a job; callers hold s.bulk.mu.
func (s *Server) newJob(op, object string, ver string) *bulkJob {
	b := &s.bulk
	if b.jobs == nil {
		b.jobs = map[string]*bulkJob{}
	}
	b.seq++
	now := s.now()
	j := &bulkJob{ID: makeID("750", b.seq), Operation: op, Object: object, Created: now, Modstamp: now,
		Delim: "COMMA", LineEnding: "LF", ver: ver}
	b.jobs[j.ID] = j
	return j
}

// jobs dispatches /jobs/query… and /jobs/ingest….
func (c *call) jobs() {
	p := c.parts
	if len(p) < 2 || (p[1] != "query" && p[1] != "ingest") {
		c.err(errNotFound())
		return
	}
	query := p[1] == "query"
	m := c.r.Method
	switch {
	case len(p) == 2 && m == http.MethodPost && query:
		c.createQueryJob()
	case len(p) == 2 && m == http.MethodPost:
		c.createIngestJob()
	case len(p) == 2 && m == http.MethodGet:
		c.listJobs(query)
	case len(p) >= 3:
		c.s.bulk.mu.Lock()
		j := c.s.bulk.jobs[p[2]]
		c.s.bulk.mu.Unlock()
		if j == nil || (j.Operation == "query" || j.Operation == "queryAll") != query {
			c.err(errNotFound())
			return
		}
		if query {
			c.queryJob(j, p[3:])
		} else {
			c.ingestJob(j, p[3:])
		}
	default:
		c.err(apiErr(405, "METHOD_NOT_ALLOWED", "HTTP Method '"+m+"' not allowed. Allowed are GET,POST"))
	}
}

// listJobs answers GET /jobs/query and /jobs/ingest.
func (c *call) listJobs(query bool) {
	b := &c.s.bulk
	b.mu.Lock()
	var recs []map[string]any
	for _, j := range b.jobs {
		if (j.Operation == "query" || j.Operation == "queryAll") == query {
			recs = append(recs, j.info(c.s.userID, query))
		}
	}
	b.mu.Unlock()
	sort.Slice(recs, func(i, k int) bool { return recs[i]["id"].(string) < recs[k]["id"].(string) })
	if recs == nil {
		recs = []map[string]any{}
	}
	c.json(200, map[string]any{"done": true, "records": recs, "nextRecordsUrl": nil})
}

// jobStatus answers GET of a job; each read moves a queued job on (advance).
func (c *call) jobStatus(j *bulkJob, query bool) {
	b := &c.s.bulk
	b.mu.Lock()
	c.s.advance(j)
	info := j.info(c.s.userID, query)
	b.mu.Unlock()
	c.json(200, info)
}

// deleteJob answers DELETE of a job.
func (c *call) deleteJob(j *bulkJob) {
	b := &c.s.bulk
	b.mu.Lock()
	delete(b.jobs, j.ID)
	b.mu.Unlock()
	c.w.WriteHeader(http.StatusNoContent)
}

// stateChange reads a PATCH body {"state": …}.
func (c *call) stateChange() (string, *APIError) {
	in, aerr := c.body()
	if aerr != nil {
		return "", aerr
	}
	st, _ := in["state"].(string)
	return st, nil
}

// errInvalidJob is the answer about a job in a state that does not allow the call.
func errInvalidJob(msg string) *APIError { return apiErr(http.StatusBadRequest, "INVALIDJOB", msg) }

func bulkJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	writeRaw(w, status, b)
}
