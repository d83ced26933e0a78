package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/simpleforce/simpleforce"
)

// Record is one Salesforce record as JSON decoded it: field name → value (string, float64, bool,
// nil, a nested map for a parent relationship, or a query result map for a child subquery).
type Record map[string]any

// ID returns the record's Id field, or "".
func (r Record) ID() string { s, _ := r["Id"].(string); return s }

// Type returns the sObject type from the record's attributes, or "".
func (r Record) Type() string {
	a, _ := r["attributes"].(map[string]any)
	s, _ := a["type"].(string)
	return s
}

// Page is one page of query results as Salesforce delivered it (up to 2,000 records by default).
type Page struct {
	TotalSize int      // totalSize of the whole query
	Records   []Record // this page's records
	Done      bool     // true on the last page
	// NextRecordsURL continues the query when Done is false (see QueryMore); "" on the last page.
	NextRecordsURL string
}

// Query runs a SOQL query and calls fn once per page, following nextRecordsUrl; only one page is
// held at a time. The client lock is not held while fn runs, so fn may call the client. An error
// from fn stops the query and is returned wrapped.
func (c *Client) Query(ctx context.Context, soql string, fn func(Page) error) error {
	return c.query(ctx, "query", soql, fn)
}

// QueryAll is Query including deleted and archived records (queryAll: IsDeleted = true rows).
func (c *Client) QueryAll(ctx context.Context, soql string, fn func(Page) error) error {
	return c.query(ctx, "queryAll", soql, fn)
}

// QueryMore continues a query from a page's NextRecordsURL (e.g. one that QueryMulti returned
// with Done false, or a child relationship's own nextRecordsUrl), calling fn once per page.
func (c *Client) QueryMore(ctx context.Context, nextRecordsURL string, fn func(Page) error) error {
	if !strings.HasPrefix(nextRecordsURL, "/services/data/") {
		return fmt.Errorf("salesforce: query more: %q is not a nextRecordsUrl", nextRecordsURL)
	}
	return c.pages(ctx, "queryMore", nextRecordsURL, fn)
}

func (c *Client) query(ctx context.Context, resource, soql string, fn func(Page) error) error {
	return c.pages(ctx, resource, fmt.Sprintf("/services/data/v%s/%s?q=%s", c.config().APIVersion, resource, url.QueryEscape(soql)), fn)
}

// queryResult is one page of a query as Salesforce's REST API answers it.
type queryResult struct {
	TotalSize      int    `json:"totalSize"`
	Done           bool   `json:"done"`
	NextRecordsURL string `json:"nextRecordsUrl"`
	Records        []any  `json:"records"` // not []Record: a map type is decoded by reflection, an interface by the faster path
}

// queryPage GETs one page of a query (path: /services/data/…, the first
// page's or a nextRecordsUrl) within an attempt of call, as simpleforce's
// Query did, reading every page's answer into the same memory (c.buf, under
// the client lock): simpleforce reads each into new memory grown by doubling,
// a few MB per page of 2,000 records, and decodes the records by reflection
// into its own map type with a pointer back to the client in each.
func (c *Client) queryPage(sf *simpleforce.Client, path string) (*queryResult, error) {
	req, err := http.NewRequest(http.MethodGet, strings.TrimRight(sf.GetLoc(), "/")+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+sf.GetSid())
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode) // replaced by the parsed Salesforce error (see attempt)
	}
	body := bytes.NewBuffer(c.buf[:0])
	_, err = body.ReadFrom(resp.Body)
	c.buf = body.Bytes()
	if err != nil {
		return nil, err
	}
	res := &queryResult{}
	if err := json.Unmarshal(c.buf, res); err != nil { // strings are copied out: c.buf may be reused
		return nil, fmt.Errorf("the query answer is not Salesforce's JSON: %w", err)
	}
	if cap(c.buf) > maxKeptBuffer {
		c.buf = nil
	}
	return res, nil
}

// maxKeptBuffer is the largest answer buffer a client keeps between pages.
const maxKeptBuffer = 64 << 20

// pages fetches next and every page after it.
func (c *Client) pages(ctx context.Context, resource, next string, fn func(Page) error) error {
	o := callOpts{op: resource, idempotent: true}
	for page := 1; next != ""; page++ {
		var res *queryResult
		err := c.call(ctx, o, func(sf *simpleforce.Client) error {
			var err error
			res, err = c.queryPage(sf, next)
			return err
		})
		if err != nil {
			return err
		}
		p := Page{TotalSize: res.TotalSize, Done: res.Done, Records: make([]Record, len(res.Records))}
		for i, r := range res.Records {
			m, ok := r.(map[string]any)
			if !ok {
				return fmt.Errorf("salesforce: %s page %d: record %d is %T, not an object", resource, page, i+1, r)
			}
			p.Records[i] = m
		}
		if !res.Done {
			p.NextRecordsURL = res.NextRecordsURL
		}
		if err := fn(p); err != nil {
			return fmt.Errorf("salesforce: %s page %d: %w", resource, page, err)
		}
		next = ""
		if !res.Done {
			next = res.NextRecordsURL
		}
	}
	return nil
}
