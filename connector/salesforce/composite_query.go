package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// MaxCompositeSubrequests is the most subrequests one composite call takes.
const MaxCompositeSubrequests = 25

// QueryMulti runs up to MaxCompositeSubrequests SOQL queries in one composite
// call (Salesforce counts it as one API request) and returns the first page of
// each, in order. A query with more than one page comes back with Done false and
// its NextRecordsURL: continue it with QueryMore.
func (c *Client) QueryMulti(ctx context.Context, soqls []string) ([]Page, error) {
	return c.queryMulti(ctx, "query", soqls)
}

// QueryAllMulti is QueryMulti including deleted records (queryAll).
func (c *Client) QueryAllMulti(ctx context.Context, soqls []string) ([]Page, error) {
	return c.queryMulti(ctx, "queryAll", soqls)
}

func (c *Client) queryMulti(ctx context.Context, resource string, soqls []string) ([]Page, error) {
	if len(soqls) > MaxCompositeSubrequests {
		return nil, fmt.Errorf("salesforce: query multi: %d queries, at most %d in one call", len(soqls), MaxCompositeSubrequests)
	}
	type sub struct {
		Method      string `json:"method"`
		URL         string `json:"url"`
		ReferenceID string `json:"referenceId"`
	}
	in := struct {
		AllOrNone        bool  `json:"allOrNone"`
		CompositeRequest []sub `json:"compositeRequest"`
	}{}
	for i, q := range soqls {
		in.CompositeRequest = append(in.CompositeRequest, sub{Method: http.MethodGet,
			URL: "/services/data/v" + c.config().APIVersion + "/" + resource + "?q=" + url.QueryEscape(q), ReferenceID: fmt.Sprintf("q%d", i)})
	}
	var out struct {
		CompositeResponse []struct {
			Body           json.RawMessage `json:"body"`
			HTTPStatusCode int             `json:"httpStatusCode"`
		} `json:"compositeResponse"`
	}
	op := callOpts{op: fmt.Sprintf("composite query (%d queries)", len(soqls)), idempotent: true}
	if err := c.rest(ctx, op, http.MethodPost, c.dataPath("composite"), in, &out); err != nil {
		return nil, err
	}
	if len(out.CompositeResponse) != len(soqls) {
		return nil, fmt.Errorf("salesforce: %s: %d answers for %d queries", op.op, len(out.CompositeResponse), len(soqls))
	}
	pages := make([]Page, len(soqls))
	for i, r := range out.CompositeResponse {
		if r.HTTPStatusCode >= 300 { // a subrequest's body is then a REST error array
			return nil, fmt.Errorf("salesforce: %s: query %d: %w", op.op, i+1, parseError(r.HTTPStatusCode, r.Body))
		}
		var res struct {
			TotalSize      int      `json:"totalSize"`
			Done           bool     `json:"done"`
			NextRecordsURL string   `json:"nextRecordsUrl"`
			Records        []Record `json:"records"`
		}
		if err := json.Unmarshal(r.Body, &res); err != nil {
			return nil, fmt.Errorf("salesforce: %s: query %d: decode answer: %w", op.op, i+1, err)
		}
		if !res.Done && res.NextRecordsURL == "" {
			return nil, fmt.Errorf("salesforce: %s: query %d has more pages but no nextRecordsUrl", op.op, i+1)
		}
		pages[i] = Page{TotalSize: res.TotalSize, Done: res.Done, NextRecordsURL: res.NextRecordsURL, Records: res.Records}
	}
	return pages, nil
}
