package sfemu

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// defaultBulkPage is how many rows a result page holds when the client names no maxRecords.
const defaultBulkPage = 50000

// createQueryJob answers POST /jobs/query: the query is checked and run at
// once (its rows are the job's snapshot); the job starts UploadComplete.
func (c *call) createQueryJob() {
	in, aerr := c.body()
	if aerr != nil {
		c.err(aerr)
		return
	}
	op, _ := in["operation"].(string)
	q, _ := in["query"].(string)
	if op != "query" && op != "queryAll" {
		c.err(apiErr(400, "INVALIDJOB", "Invalid operation: "+op+". Use query or queryAll."))
		return
	}
	delim, ending, aerr := csvOptions(in)
	if aerr != nil {
		c.err(aerr)
		return
	}
	parsed, perr := ParseSOQL(q)
	if perr != nil {
		c.err(perr.(*SOQLError).apiError())
		return
	}
	if aerr := bulkUnsupported(parsed); aerr != nil {
		c.err(aerr)
		return
	}
	res, aerr := c.s.evaluate(q, op == "queryAll")
	if aerr == nil {
		aerr = c.s.access(false, res.plan.objects()...)
	}
	if aerr == nil {
		aerr = compoundColumns(res.plan.cols)
	}
	if aerr != nil {
		c.err(aerr)
		return
	}
	b := &c.s.bulk
	b.mu.Lock()
	j := c.s.newJob(op, res.plan.obj.Name, c.ver)
	j.State, j.plan, j.rows, j.Delim, j.LineEnding = stateUploadComplete, res.plan, res.rows, delim, ending
	if b.failNext > 0 {
		b.failNext--
		j.ErrorMessage = b.failMsg
	}
	info := j.info(c.s.userID, true)
	b.mu.Unlock()
	c.json(200, info)
}

// bulkUnsupported answers the SOQL Bulk API 2.0 refuses at job creation.
func bulkUnsupported(q *Query) *APIError {
	refuse := func(msg string) *APIError { return apiErr(400, "API_ERROR", msg) }
	if q.Offset >= 0 {
		return refuse("OFFSET clause is not supported in Bulk Query")
	}
	if len(q.GroupBy) > 0 {
		return refuse("GROUP BY clause is not supported in Bulk Query")
	}
	for _, it := range q.Select {
		switch {
		case it.Count || it.Agg != "":
			return refuse("Aggregate functions are not supported in Bulk Query")
		case it.Sub != nil:
			return refuse("Aggregate Relationship is not supported in Bulk Query with CSV content type")
		case it.Fields != "":
			return refuse("Selecting compound data not supported in Bulk Query")
		}
	}
	return nil
}

// compoundColumns refuses compound address and geolocation fields.
func compoundColumns(cols []*node) *APIError {
	for _, c := range cols {
		if c.leaf != nil && (c.leaf.Type == "address" || c.leaf.Type == "location") {
			return apiErr(400, "API_ERROR", "Selecting compound data not supported in Bulk Query")
		}
		if c.rel != nil {
			if err := compoundColumns(c.kids); err != nil {
				return err
			}
		}
	}
	return nil
}

// queryJob answers GET/PATCH/DELETE /jobs/query/{id}[/results].
func (c *call) queryJob(j *bulkJob, rest []string) {
	b := &c.s.bulk
	m := c.r.Method
	switch {
	case len(rest) == 0 && m == http.MethodGet:
		c.jobStatus(j, true)
	case len(rest) == 0 && m == http.MethodPatch:
		st, aerr := c.stateChange()
		if aerr == nil && st != stateAborted {
			aerr = apiErr(400, "INVALIDJOBSTATE", "Invalid state: "+st+". A query job can only be Aborted.")
		}
		if aerr != nil {
			c.err(aerr)
			return
		}
		b.mu.Lock()
		if j.State == stateJobComplete || j.State == stateFailed || j.State == stateAborted {
			b.mu.Unlock()
			c.err(errInvalidJob("Job " + j.ID + " is already " + j.State + " and cannot be aborted."))
			return
		}
		j.State, j.Modstamp = stateAborted, c.s.now()
		info := j.info(c.s.userID, true)
		b.mu.Unlock()
		c.json(200, info)
	case len(rest) == 0 && m == http.MethodDelete:
		c.deleteJob(j)
	case len(rest) == 1 && rest[0] == "results" && m == http.MethodGet:
		c.queryResults(j)
	default:
		c.err(errNotFound())
	}
}

// advance moves a queued job one state on per status read, as a real job
// runs while its client polls; callers hold s.bulk.mu.
func (s *Server) advance(j *bulkJob) {
	switch j.State {
	case stateUploadComplete:
		j.State = stateInProgress
	case stateInProgress:
		j.State = stateJobComplete
		if j.ErrorMessage != "" {
			j.State = stateFailed
		}
	default:
		return
	}
	j.Modstamp = s.now()
}

// queryResults answers GET /jobs/query/{id}/results?locator=&maxRecords=:
// one CSV page, Sforce-Locator naming the next ("null" on the last).
func (c *call) queryResults(j *bulkJob) {
	b := &c.s.bulk
	b.mu.Lock()
	state := j.State
	if state == stateJobComplete && b.abortAt > 0 && j.pages >= b.abortAt {
		j.State, j.Modstamp = stateAborted, c.s.now()
		state = stateAborted
	}
	j.pages++
	page := b.pageSize
	b.mu.Unlock()
	if state != stateJobComplete {
		c.err(errInvalidJob("Job " + j.ID + " is " + state + ": results are available once it is JobComplete."))
		return
	}
	limit := page // the org's own cap on a page (its size limit); 0: none
	if page <= 0 {
		page = defaultBulkPage
	}
	if n, err := strconv.Atoi(c.r.URL.Query().Get("maxRecords")); err == nil && n > 0 {
		page = n
	}
	if limit > 0 {
		page = min(page, limit)
	}
	from := 0
	if loc := c.r.URL.Query().Get("locator"); loc != "" {
		raw, err := base64.RawStdEncoding.DecodeString(loc)
		n, cerr := strconv.Atoi(string(raw))
		if err != nil || cerr != nil || n < 0 || n > len(j.rows) {
			c.err(apiErr(400, "INVALIDLOCATOR", "Invalid locator: "+loc))
			return
		}
		from = n
	}
	to := min(from+page, len(j.rows))
	next := "null"
	if to < len(j.rows) {
		next = base64.RawStdEncoding.EncodeToString([]byte(strconv.Itoa(to)))
	}
	w := newCSVWriter(j.Delim, j.LineEnding)
	cols := csvColumns(j.plan.cols, "", nil)
	c.s.mu.RLock()
	w.header(cols)
	for _, r := range j.rows[from:to] {
		w.row(c.s, cols, r)
	}
	c.s.mu.RUnlock()
	h := c.w.Header()
	h.Set("Content-Type", "text/csv")
	h.Set("Sforce-Locator", next)
	h.Set("Sforce-NumberOfRecords", strconv.Itoa(to-from))
	c.w.WriteHeader(200)
	_, _ = c.w.Write(w.bytes())
}

// csvOptions reads columnDelimiter and lineEnding of a job request.
func csvOptions(in map[string]any) (delim, ending string, aerr *APIError) {
	delim, ending = "COMMA", "LF"
	if d, ok := in["columnDelimiter"].(string); ok && d != "" {
		if _, known := delimiters[strings.ToUpper(d)]; !known {
			return "", "", apiErr(400, "INVALIDJOB", "Invalid column delimiter: "+d)
		}
		delim = strings.ToUpper(d)
	}
	if l, ok := in["lineEnding"].(string); ok && l != "" {
		if l = strings.ToUpper(l); l != "LF" && l != "CRLF" {
			return "", "", apiErr(400, "INVALIDJOB", "Invalid line ending: "+l)
		}
		ending = l
	}
	return delim, ending, nil
}
