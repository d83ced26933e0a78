package salesforce

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// decodeCSV turns a Bulk API 2.0 result page into Records shaped as the REST
// API gives them, so one pipeline reads both: an empty cell is null, "true"
// and "false" are booleans, "Account.Name" is a nested parent record, and a
// datetime is written as REST writes it (…000+0000). Numbers stay text: the
// CSV does not say which columns are numbers.
func decodeCSV(body []byte, object string) ([]Record, error) {
	r := csv.NewReader(bytes.NewReader(body))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("read CSV header: %w", err)
	}
	header = append([]string(nil), header...)
	attrs := map[string]any{"type": object}
	var out []Record
	for {
		row, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("read CSV row %d: %w", len(out)+1, err)
		}
		rec := Record{"attributes": attrs}
		for i, h := range header {
			if i < len(row) {
				setPath(rec, h, csvValue(row[i]))
			}
		}
		out = append(out, rec)
	}
}

// csvValue types one cell.
func csvValue(s string) any {
	switch s {
	case "":
		return nil
	case "true":
		return true
	case "false":
		return false
	}
	if len(s) == 24 && s[10] == 'T' && s[23] == 'Z' {
		if t, err := time.Parse("2006-01-02T15:04:05.000Z", s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05.000+0000")
		}
	}
	return s
}

// setPath stores v under "Parent.Field" as a nested record.
func setPath(rec map[string]any, path string, v any) {
	parent, rest, nested := strings.Cut(path, ".")
	if !nested {
		rec[path] = v
		return
	}
	m, _ := rec[parent].(map[string]any)
	if m == nil {
		if v == nil {
			if _, set := rec[parent]; !set {
				rec[parent] = nil
			}
			return
		}
		m = map[string]any{}
		rec[parent] = m
	}
	setPath(m, rest, v)
}

// Count runs a SELECT COUNT() query (one API call) and returns its totalSize.
func (c *Client) Count(ctx context.Context, soql string) (int, error) {
	var res struct {
		TotalSize int `json:"totalSize"`
	}
	path := c.dataPath("query") + "?q=" + url.QueryEscape(soql)
	err := c.rest(ctx, callOpts{op: "count", idempotent: true}, http.MethodGet, path, nil, &res)
	return res.TotalSize, err
}

// RecordCounts reads /limits/recordCount for objects (one API call): the
// org's own approximate count of each object's records.
func (c *Client) RecordCounts(ctx context.Context, objects []string) (map[string]int, error) {
	var res struct {
		SObjects []struct {
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"sObjects"`
	}
	path := c.dataPath("limits", "recordCount") + "?sObjects=" + url.QueryEscape(strings.Join(objects, ","))
	if err := c.rest(ctx, callOpts{op: "record counts", idempotent: true}, http.MethodGet, path, nil, &res); err != nil {
		return nil, err
	}
	out := make(map[string]int, len(res.SObjects))
	for _, o := range res.SObjects {
		out[o.Name] = o.Count
	}
	return out, nil
}
