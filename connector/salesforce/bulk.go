package salesforce

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/simpleforce/simpleforce"
)

// Bulk API 2.0 query job states (jobs/query/{id}).
const (
	BulkUploadComplete = "UploadComplete"
	BulkInProgress     = "InProgress"
	BulkJobComplete    = "JobComplete"
	BulkFailed         = "Failed"
	BulkAborted        = "Aborted"
)

// BulkProgress is where a Bulk API 2.0 query job stands: its state while it
// runs, then the records read from its result pages.
type BulkProgress struct {
	JobID     string
	State     string
	Processed int // records the job found (numberRecordsProcessed)
	Read      int // records handed to the caller so far
}

// BulkQueryOptions tune BulkQuery; zero values take the defaults shown.
type BulkQueryOptions struct {
	All        bool               // queryAll: include deleted and archived records
	MaxRecords int                // records per result page; default 50,000
	Poll       time.Duration      // first wait between status polls; default 1s, growing 1.5× per poll
	PollMax    time.Duration      // longest wait between polls; default 30s
	Progress   func(BulkProgress) // called after each status poll and each result page; may be nil
	Started    func(jobID string) // called once the job exists; may be nil
}

// bulkJob is a query job as Salesforce reports it.
type bulkJob struct {
	ID                     string `json:"id"`
	State                  string `json:"state"`
	Object                 string `json:"object"`
	ErrorMessage           string `json:"errorMessage"`
	NumberRecordsProcessed int    `json:"numberRecordsProcessed"`
}

// BulkQuery runs soql as a Bulk API 2.0 query job: create it, poll its state
// with growing waits until JobComplete, then read its CSV result pages by
// Sforce-Locator, calling fn once per page (Records decoded as the REST API
// would give them, see decodeCSV). A job that ends Failed or Aborted, or is
// aborted while its results are read, returns an error after the pages
// already handed to fn; nothing is retried past them. Each create, poll and
// result page is one API call.
func (c *Client) BulkQuery(ctx context.Context, soql string, o BulkQueryOptions, fn func(Page) error) error {
	o = o.withDefaults()
	op := "query"
	if o.All {
		op = "queryAll"
	}
	var job bulkJob
	err := c.rest(ctx, callOpts{op: "create bulk query job"}, http.MethodPost, c.dataPath("jobs", "query"),
		map[string]string{"operation": op, "query": soql, "contentType": "CSV", "columnDelimiter": "COMMA", "lineEnding": "LF"}, &job)
	if err != nil {
		return err
	}
	if o.Started != nil {
		o.Started(job.ID)
	}
	if job, err = c.awaitBulkJob(ctx, job, o); err != nil {
		return err
	}
	prog := BulkProgress{JobID: job.ID, State: job.State, Processed: job.NumberRecordsProcessed}
	locator := ""
	for page := 1; ; page++ {
		path := c.dataPath("jobs", "query", job.ID, "results") + "?maxRecords=" + strconv.Itoa(o.MaxRecords)
		if locator != "" {
			path += "&locator=" + url.QueryEscape(locator)
		}
		body, hdr, err := c.raw(ctx, callOpts{op: fmt.Sprintf("bulk query %s results page %d", job.ID, page), idempotent: true}, path)
		if err != nil {
			return err
		}
		recs, err := decodeCSV(body, job.Object)
		if err != nil {
			return fmt.Errorf("salesforce: bulk query %s page %d: %w", job.ID, page, err)
		}
		locator = hdr.Get("Sforce-Locator")
		done := locator == "" || locator == "null"
		if err := fn(Page{TotalSize: job.NumberRecordsProcessed, Records: recs, Done: done}); err != nil {
			return fmt.Errorf("salesforce: bulk query %s page %d: %w", job.ID, page, err)
		}
		prog.Read += len(recs)
		if o.Progress != nil {
			o.Progress(prog)
		}
		if done {
			return nil
		}
	}
}

func (o BulkQueryOptions) withDefaults() BulkQueryOptions {
	if o.MaxRecords <= 0 {
		o.MaxRecords = 50000
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.PollMax <= 0 {
		o.PollMax = 30 * time.Second
	}
	return o
}

// awaitBulkJob polls the job until it ends; Failed and Aborted are errors that say what to do.
func (c *Client) awaitBulkJob(ctx context.Context, job bulkJob, o BulkQueryOptions) (bulkJob, error) {
	wait := o.Poll
	for {
		switch job.State {
		case BulkJobComplete:
			return job, nil
		case BulkFailed:
			return job, fmt.Errorf("salesforce: bulk query job %s failed (%s); the next run starts a new job from where this one left off", job.ID, job.ErrorMessage)
		case BulkAborted:
			return job, fmt.Errorf("salesforce: bulk query job %s was aborted in Salesforce; the next run starts a new job from where this one left off", job.ID)
		}
		if err := sleep(ctx, wait); err != nil {
			return job, fmt.Errorf("salesforce: bulk query job %s: %w", job.ID, err)
		}
		wait = min(wait*3/2, o.PollMax)
		err := c.rest(ctx, callOpts{op: "bulk query job " + job.ID, idempotent: true}, http.MethodGet, c.dataPath("jobs", "query", job.ID), nil, &job)
		if err != nil {
			return job, err
		}
		if o.Progress != nil {
			o.Progress(BulkProgress{JobID: job.ID, State: job.State, Processed: job.NumberRecordsProcessed})
		}
	}
}

// AbortBulkQuery aborts a running query job (PATCH state Aborted).
func (c *Client) AbortBulkQuery(ctx context.Context, jobID string) error {
	return c.rest(ctx, callOpts{op: "abort bulk query job " + jobID}, http.MethodPatch, c.dataPath("jobs", "query", jobID),
		map[string]string{"state": BulkAborted}, nil)
}

// raw makes one GET and returns the body and headers as they came (the
// retry, re-login and budget rules of every call apply).
func (c *Client) raw(ctx context.Context, o callOpts, path string) ([]byte, http.Header, error) {
	var body []byte
	var hdr http.Header
	err := c.call(ctx, o, func(sf *simpleforce.Client) error {
		req, err := http.NewRequest(http.MethodGet, sf.GetLoc()+"/"+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+sf.GetSid())
		req.Header.Set("Accept", "text/csv")
		resp, err := c.hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("HTTP %d", resp.StatusCode) // replaced by the parsed Salesforce error
		}
		body, err = io.ReadAll(resp.Body)
		hdr = resp.Header
		return err
	})
	return body, hdr, err
}
