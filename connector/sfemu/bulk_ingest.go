package sfemu

import (
	"io"
	"net/http"
	"strings"
)

// createIngestJob answers POST /jobs/ingest: an Open job waiting for CSV data.
func (c *call) createIngestJob() {
	in, aerr := c.body()
	if aerr != nil {
		c.err(aerr)
		return
	}
	op, _ := in["operation"].(string)
	name, _ := in["object"].(string)
	ext, _ := in["externalIdFieldName"].(string)
	switch op {
	case "insert", "update", "upsert", "delete", "hardDelete":
	default:
		c.err(apiErr(400, "INVALIDJOB", "InvalidJob : Invalid operation: "+op))
		return
	}
	o := c.s.schema.lookup(name)
	if o == nil {
		c.err(apiErr(400, "INVALIDJOB", "InvalidJob : Unable to find object: "+name))
		return
	}
	if op == "upsert" {
		if f := o.field(ext); f == nil || !(f.ExternalID || f.IDLookup) {
			c.err(apiErr(400, "INVALIDJOB", "InvalidJob : Field name provided, "+ext+" is not an External ID or indexed field for "+o.Name))
			return
		}
	}
	delim, ending, aerr := csvOptions(in)
	if aerr == nil {
		aerr = c.s.access(true, o)
	}
	if aerr != nil {
		c.err(aerr)
		return
	}
	b := &c.s.bulk
	b.mu.Lock()
	j := c.s.newJob(op, o.Name, c.ver)
	j.State, j.ExternalID, j.Delim, j.LineEnding = stateOpen, ext, delim, ending
	info := j.info(c.s.userID, false)
	b.mu.Unlock()
	c.json(200, info)
}

// ingestJob answers the calls on one ingest job.
func (c *call) ingestJob(j *bulkJob, rest []string) {
	b := &c.s.bulk
	m := c.r.Method
	switch {
	case len(rest) == 0 && m == http.MethodGet:
		c.jobStatus(j, false)
	case len(rest) == 0 && m == http.MethodPatch:
		c.ingestState(j)
	case len(rest) == 0 && m == http.MethodDelete:
		c.deleteJob(j)
	case len(rest) == 1 && rest[0] == "batches" && m == http.MethodPut:
		data, err := io.ReadAll(io.LimitReader(c.r.Body, 150<<20))
		b.mu.Lock()
		open := j.State == stateOpen
		if open && err == nil {
			j.data = append(j.data, data...)
		}
		b.mu.Unlock()
		if !open {
			c.err(errInvalidJob("InvalidJob : Job " + j.ID + " is " + j.State + ": data can be uploaded only while it is Open."))
			return
		}
		c.w.WriteHeader(http.StatusCreated)
	case len(rest) == 1 && m == http.MethodGet:
		c.ingestResults(j, rest[0])
	default:
		c.err(errNotFound())
	}
}

// ingestState answers PATCH {"state": "UploadComplete" | "Aborted"}.
func (c *call) ingestState(j *bulkJob) {
	st, aerr := c.stateChange()
	if aerr != nil {
		c.err(aerr)
		return
	}
	b := &c.s.bulk
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case st == stateUploadComplete && j.State == stateOpen:
		j.State = stateUploadComplete
		c.s.runIngest(j)
	case st == stateAborted && (j.State == stateOpen || j.State == stateUploadComplete || j.State == stateInProgress):
		j.State = stateAborted
	case st == stateUploadComplete || st == stateAborted:
		c.err(errInvalidJob("InvalidJob : Job " + j.ID + " is " + j.State + " and cannot become " + st + "."))
		return
	default:
		c.err(apiErr(400, "INVALIDJOBSTATE", "Invalid state: "+st))
		return
	}
	j.Modstamp = c.s.now()
	c.json(200, j.info(c.s.userID, false))
}

// runIngest applies the uploaded rows; callers hold s.bulk.mu.
func (s *Server) runIngest(j *bulkJob) {
	rows, err := readCSV(j.data, j.Delim)
	if err != nil || len(rows) == 0 {
		j.ErrorMessage = "InvalidBatch : Failed to parse CSV. Found no header row or the data is not valid CSV."
		return
	}
	j.header, rows = rows[0], rows[1:]
	o := s.schema.lookup(j.Object)
	for _, row := range rows {
		id, created, aerr := s.ingestRow(o, j, row)
		j.processed++
		if aerr != nil {
			j.nFailed++
			msg := aerr.Code + ":" + aerr.Message + ":" + strings.Join(aerr.Fields, ",") + " --"
			j.failed = append(j.failed, append([]string{id, msg}, row...))
			continue
		}
		j.success = append(j.success, append([]string{id, map[bool]string{true: "true", false: "false"}[created]}, row...))
	}
}

// ingestRow writes one CSV row; "#N/A" sets a field to null, an empty cell leaves it alone.
func (s *Server) ingestRow(o *object, j *bulkJob, row []string) (id string, created bool, aerr *APIError) {
	in := map[string]any{}
	for i, h := range j.header {
		if i >= len(row) || row[i] == "" {
			continue
		}
		v := any(row[i])
		if row[i] == "#N/A" {
			v = nil
		} else if f := o.field(h); f != nil && f.Type == "boolean" {
			v = strings.EqualFold(row[i], "true") || row[i] == "1"
		}
		if strings.EqualFold(h, "Id") {
			id, _ = v.(string)
			continue
		}
		in[h] = v
	}
	switch j.Operation {
	case "upsert":
		f := o.field(j.ExternalID)
		val, _ := in[f.Name].(string)
		if f.Type == "id" {
			val = id
		}
		res, _, aerr := s.upsert(o, f, val, in)
		return res.ID, res.Created != nil && *res.Created, aerr
	case "insert":
		s.mu.Lock()
		defer s.mu.Unlock()
		r, aerr := s.create(o, in, modeCreate)
		if aerr != nil {
			return "", false, aerr
		}
		return r.id(), true, nil
	case "update":
		s.mu.Lock()
		defer s.mu.Unlock()
		_, aerr := s.update(o, id, in, modeUpdate)
		return id, false, aerr
	default: // delete, hardDelete
		s.mu.Lock()
		defer s.mu.Unlock()
		return id, false, s.remove(o, id)
	}
}

// ingestResults answers successfulResults, failedResults and unprocessedrecords.
func (c *call) ingestResults(j *bulkJob, which string) {
	b := &c.s.bulk
	b.mu.Lock()
	defer b.mu.Unlock()
	if j.State == stateOpen || j.State == stateUploadComplete || j.State == stateInProgress {
		c.err(errInvalidJob("InvalidJob : Job " + j.ID + " is " + j.State + ": results are available once it is JobComplete, Failed or Aborted."))
		return
	}
	w := newCSVWriter(j.Delim, j.LineEnding)
	switch which {
	case "successfulResults":
		w.cells(append([]string{"sf__Id", "sf__Created"}, j.header...))
		for _, r := range j.success {
			w.cells(r)
		}
	case "failedResults":
		w.cells(append([]string{"sf__Id", "sf__Error"}, j.header...))
		for _, r := range j.failed {
			w.cells(r)
		}
	case "unprocessedrecords":
		if j.header == nil { // never processed: everything uploaded is unprocessed
			if rows, err := readCSV(j.data, j.Delim); err == nil {
				for _, r := range rows {
					w.cells(r)
				}
			}
		} else {
			w.cells(j.header)
		}
	default:
		c.err(errNotFound())
		return
	}
	c.w.Header().Set("Content-Type", "text/csv")
	c.w.WriteHeader(200)
	_, _ = c.w.Write(w.bytes())
}
