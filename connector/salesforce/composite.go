package salesforce

import (
	"context"
	"fmt"
	"net/http"
)

// MaxCollection is the most records one sObject Collections call takes.
const MaxCollection = 200

// SaveResult is the outcome for one record of CreateMany/UpdateMany, in input order.
type SaveResult struct {
	ID      string      // record id when saved
	Success bool        // false: see Errors
	Errors  []*APIError // per-record errors (StatusCode 0), e.g. DUPLICATES_DETECTED, MALFORMED_ID
}

// Err returns nil for a saved record, else its first error (an *APIError; errors.Is works with
// ErrDuplicate).
func (r SaveResult) Err() error {
	if r.Success {
		return nil
	}
	if len(r.Errors) == 0 {
		return &APIError{Message: "Salesforce reported no success and no error"}
	}
	return r.Errors[0]
}

type collectionAnswer struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Errors  []restError `json:"errors"`
}

// CreateMany inserts records of one object through composite/sobjects, MaxCollection per call.
// allOrNone applies to each call of up to MaxCollection records, not across calls. The returned
// error is for a failed call; per-record failures are in the results.
func (c *Client) CreateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]SaveResult, error) {
	return c.collection(ctx, http.MethodPost, "create", object, records, allOrNone)
}

// UpdateMany updates records of one object (each must carry "Id") through composite/sobjects,
// MaxCollection per call, with allOrNone as in CreateMany.
func (c *Client) UpdateMany(ctx context.Context, object string, records []map[string]any, allOrNone bool) ([]SaveResult, error) {
	for i, r := range records {
		if id, _ := r["Id"].(string); id == "" {
			return nil, fmt.Errorf("salesforce: update many %s: record %d has no Id", object, i)
		}
	}
	return c.collection(ctx, http.MethodPatch, "update", object, records, allOrNone)
}

func (c *Client) collection(ctx context.Context, method, verb, object string, records []map[string]any, allOrNone bool) ([]SaveResult, error) {
	results := make([]SaveResult, 0, len(records))
	for start := 0; start < len(records); start += MaxCollection {
		chunk := records[start:min(start+MaxCollection, len(records))]
		body := struct {
			AllOrNone bool             `json:"allOrNone"`
			Records   []map[string]any `json:"records"`
		}{allOrNone, make([]map[string]any, len(chunk))}
		for i, r := range chunk {
			rec := make(map[string]any, len(r)+1)
			for k, v := range r {
				rec[k] = v
			}
			rec["attributes"] = map[string]string{"type": object}
			body.Records[i] = rec
		}
		var ans []collectionAnswer
		op := callOpts{op: fmt.Sprintf("%s many %s (records %d–%d)", verb, object, start+1, start+len(chunk)), idempotent: method == http.MethodPatch}
		if err := c.rest(ctx, op, method, c.dataPath("composite", "sobjects"), body, &ans); err != nil {
			return results, err
		}
		if len(ans) != len(chunk) {
			return results, fmt.Errorf("salesforce: %s: %d results for %d records", op.op, len(ans), len(chunk))
		}
		for _, a := range ans {
			r := SaveResult{ID: a.ID, Success: a.Success}
			for _, e := range a.Errors {
				r.Errors = append(r.Errors, e.apiError(0))
			}
			results = append(results, r)
		}
	}
	return results, nil
}

// Limit is one entry of the org's limits.
type Limit struct {
	Max       int `json:"Max"`
	Remaining int `json:"Remaining"`
}

// Limits is the org's limits by name (GET /limits), e.g. "DailyApiRequests".
type Limits map[string]Limit

// DailyAPIRequests returns the DailyApiRequests limit.
func (l Limits) DailyAPIRequests() Limit { return l["DailyApiRequests"] }

// Limits reads the org's limits and updates the API usage. It is never refused by the budget, so
// doctor and the UI can always show where the budget stands.
func (c *Client) Limits(ctx context.Context) (Limits, error) {
	var l Limits
	err := c.rest(ctx, callOpts{op: "limits", idempotent: true, exempt: true}, http.MethodGet, c.dataPath("limits"), nil, &l)
	if err != nil {
		return nil, err
	}
	if d := l.DailyAPIRequests(); d.Max > 0 {
		c.setUsage(d.Max-d.Remaining, d.Max)
	}
	return l, nil
}

// Version is one REST API version the org offers.
type Version struct {
	Version string `json:"version"` // e.g. "62.0"
	Label   string `json:"label"`   // e.g. "Winter '25"
	URL     string `json:"url"`     // e.g. "/services/data/v62.0"
}

// Versions lists the API versions the org offers (GET /services/data); never refused by the budget.
func (c *Client) Versions(ctx context.Context) ([]Version, error) {
	var v []Version
	err := c.rest(ctx, callOpts{op: "versions", idempotent: true, exempt: true}, http.MethodGet, "services/data", nil, &v)
	return v, err
}
