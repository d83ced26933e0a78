package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/simpleforce/simpleforce"
)

// DescribeSince is Describe asked with If-Modified-Since: changed is false (and
// the description nil) when Salesforce answers 304 Not Modified because the
// object's describe has not changed since `since` — a check that sends no body.
func (c *Client) DescribeSince(ctx context.Context, object string, since time.Time) (d *Description, changed bool, err error) {
	path := c.dataPath("sobjects", object, "describe")
	err = c.call(ctx, callOpts{op: "describe " + object, idempotent: true}, func(sf *simpleforce.Client) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(sf.GetLoc(), "/")+"/"+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+sf.GetSid())
		req.Header.Set("Accept", "application/json")
		if !since.IsZero() {
			req.Header.Set("If-Modified-Since", since.UTC().Format(http.TimeFormat))
		}
		cctx, cancel := context.WithTimeout(ctx, c.config().Timeout)
		defer cancel()
		resp, err := c.httpClient(cctx, &exchange{}, false).Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		switch {
		case err != nil:
			return fmt.Errorf("read describe: %w", err)
		case resp.StatusCode == http.StatusNotModified:
			d, changed = nil, false
			return nil
		case resp.StatusCode >= 300:
			return parseError(resp.StatusCode, body)
		}
		d, changed = &Description{}, true
		return json.Unmarshal(body, d)
	})
	if err != nil {
		return nil, false, err
	}
	return d, changed, nil
}
