package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/simpleforce/simpleforce"
)

// rest makes one REST call through simpleforce's ApexREST (which returns errors, unlike its
// SObject methods); path is relative to the instance, e.g. "services/data/v62.0/limits".
func (c *Client) rest(ctx context.Context, o callOpts, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("salesforce: %s: encode request: %w", o.op, err)
		}
	}
	return c.call(ctx, o, func(sf *simpleforce.Client) error {
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		data, err := sf.ApexREST(method, path, r)
		if err != nil {
			return err
		}
		if out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("decode answer: %w", err)
			}
		}
		return nil
	})
}

func (c *Client) dataPath(parts ...string) string {
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "services/data/v" + c.config().APIVersion + "/" + strings.Join(parts, "/")
}

// Get returns one record; with no fields named, all fields. A missing record is ErrNotFound.
func (c *Client) Get(ctx context.Context, object, id string, fields ...string) (Record, error) {
	path := c.dataPath("sobjects", object, id)
	if len(fields) > 0 {
		path += "?fields=" + url.QueryEscape(strings.Join(fields, ","))
	}
	var rec Record
	err := c.rest(ctx, callOpts{op: "get " + object + " " + id, idempotent: true}, http.MethodGet, path, nil, &rec)
	return rec, err
}

// saveAnswer is the body of a create or upsert answer.
type saveAnswer struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Created *bool       `json:"created"`
	Errors  []restError `json:"errors"`
}

// Create inserts one record and returns its id. A duplicate rule's refusal is an *APIError
// matching ErrDuplicate.
func (c *Client) Create(ctx context.Context, object string, fields map[string]any) (string, error) {
	var ans saveAnswer
	err := c.rest(ctx, callOpts{op: "create " + object}, http.MethodPost, c.dataPath("sobjects", object), fields, &ans)
	if err != nil {
		return "", err
	}
	if !ans.Success || ans.ID == "" {
		return "", fmt.Errorf("salesforce: create %s: %w", object, firstError(ans.Errors))
	}
	return ans.ID, nil
}

// Update changes the given fields of one record (HTTP 204 on success).
func (c *Client) Update(ctx context.Context, object, id string, fields map[string]any) error {
	return c.rest(ctx, callOpts{op: "update " + object + " " + id, idempotent: true},
		http.MethodPatch, c.dataPath("sobjects", object, id), fields, nil)
}

// UpsertResult says what an upsert did.
type UpsertResult struct {
	ID      string // record id ("" if Salesforce answered 204 without a body, API ≤ 45.0)
	Created bool   // true if a new record was inserted
}

// Upsert inserts or updates the record whose external id field extField equals value.
func (c *Client) Upsert(ctx context.Context, object, extField, value string, fields map[string]any) (UpsertResult, error) {
	var ans saveAnswer
	op := callOpts{op: "upsert " + object + " by " + extField, idempotent: true}
	if err := c.rest(ctx, op, http.MethodPatch, c.dataPath("sobjects", object, extField, value), fields, &ans); err != nil {
		return UpsertResult{}, err
	}
	if len(ans.Errors) > 0 || (ans.ID != "" && !ans.Success) {
		return UpsertResult{}, fmt.Errorf("salesforce: upsert %s: %w", object, firstError(ans.Errors))
	}
	return UpsertResult{ID: ans.ID, Created: ans.Created != nil && *ans.Created}, nil
}

func firstError(errs []restError) *APIError {
	if len(errs) == 0 {
		return &APIError{Message: "Salesforce reported no success and no error"}
	}
	return errs[0].apiError(0)
}

// Field is one field of a describe answer.
type Field struct {
	Name             string          `json:"name"`
	Label            string          `json:"label"`
	Type             string          `json:"type"`
	Length           int             `json:"length"`
	Custom           bool            `json:"custom"`
	Nillable         bool            `json:"nillable"`
	Createable       bool            `json:"createable"`
	Updateable       bool            `json:"updateable"`
	ExternalID       bool            `json:"externalId"`
	ReferenceTo      []string        `json:"referenceTo"`
	RelationshipName string          `json:"relationshipName"`
	PicklistValues   []PicklistValue `json:"picklistValues"`
	// CompoundFieldName names the compound field this one is a component of
	// (MailingAddress for MailingCity), "" when none.
	CompoundFieldName string `json:"compoundFieldName"`
}

// PicklistValue is one value of a picklist field.
type PicklistValue struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Active bool   `json:"active"`
}

// ObjectSummary is one object of the global describe.
type ObjectSummary struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Custom    bool   `json:"custom"`
	Queryable bool   `json:"queryable"`
}

// DescribeGlobal lists the org's objects (name, label), for choosing objects to watch.
func (c *Client) DescribeGlobal(ctx context.Context) ([]ObjectSummary, error) {
	var out struct {
		SObjects []ObjectSummary `json:"sobjects"`
	}
	err := c.rest(ctx, callOpts{op: "describe global", idempotent: true}, http.MethodGet, c.dataPath("sobjects"), nil, &out)
	if err != nil {
		return nil, err
	}
	return out.SObjects, nil
}

// ChildRelationship is one child relationship of a describe answer (for subqueries).
type ChildRelationship struct {
	ChildSObject     string `json:"childSObject"`
	Field            string `json:"field"`
	RelationshipName string `json:"relationshipName"`
}

// Description is the part of an sObject describe that refsync uses.
type Description struct {
	Name               string              `json:"name"`
	Label              string              `json:"label"`
	Custom             bool                `json:"custom"`
	Queryable          bool                `json:"queryable"`
	Fields             []Field             `json:"fields"`
	ChildRelationships []ChildRelationship `json:"childRelationships"`
}

// Field returns the field with this API name (case-insensitive, as SOQL is), and whether it exists.
func (d *Description) Field(name string) (Field, bool) {
	for _, f := range d.Fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return Field{}, false
}

// Describe returns the object's fields (names, types, labels) and child relationships.
func (c *Client) Describe(ctx context.Context, object string) (*Description, error) {
	var d Description
	err := c.rest(ctx, callOpts{op: "describe " + object, idempotent: true}, http.MethodGet,
		c.dataPath("sobjects", object, "describe"), nil, &d)
	if err != nil {
		return nil, err
	}
	return &d, nil
}
