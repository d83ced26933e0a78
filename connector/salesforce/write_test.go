package salesforce

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSingleRecordWrites(t *testing.T) {
	f := newFakeOrg(t)
	f.route("POST /services/data/v62.0/sobjects/Account", answer{status: 201, file: "sobject_create_response.json"})
	f.route("PATCH /services/data/v62.0/sobjects/Account/001D000000IqhSLIAZ", answer{status: 204})
	f.route("GET /services/data/v62.0/sobjects/Organization/00D", answer{body: `{"attributes":{"type":"Organization"},"Id":"00D","Name":"Acme"}`})
	c := connected(t, f)
	id, err := c.Create(t.Context(), "Account", map[string]any{"Name": "Acme"})
	if err != nil || id != "001D000000IqhSLIAZ" {
		t.Fatalf("create = %q, %v", id, err)
	}
	if err := c.Update(t.Context(), "Account", id, map[string]any{"Name": "Acme Inc"}); err != nil {
		t.Fatalf("update: %v", err)
	}
	if got := f.bodies["PATCH /services/data/v62.0/sobjects/Account/"+id]; got != `{"Name":"Acme Inc"}` {
		t.Errorf("update body = %s", got)
	}
	rec, err := c.Get(t.Context(), "Organization", "00D", "Name")
	if err != nil || rec["Name"] != "Acme" || rec.ID() != "00D" {
		t.Fatalf("get = %v, %v", rec, err)
	}
	for _, tt := range []struct {
		status  int
		file    string
		created bool
	}{{201, "sobject_upsert_created_response_201.json", true}, {200, "sobject_upsert_updated_response_200.json", false}} {
		f.route("PATCH /services/data/v62.0/sobjects/Account/Ext__c/A-1", answer{status: tt.status, file: tt.file})
		res, err := c.Upsert(t.Context(), "Account", "Ext__c", "A-1", map[string]any{"Name": "Acme"})
		if err != nil || res.ID != "001D000000Kv3g5IAB" || res.Created != tt.created {
			t.Errorf("upsert (%d) = %+v, %v", tt.status, res, err)
		}
	}
}

func TestCollections(t *testing.T) {
	f := newFakeOrg(t)
	f.route("PATCH /services/data/v62.0/composite/sobjects", answer{file: "composite_sobjects_update_response_partial_failure.json"})
	c := connected(t, f)
	res, err := c.UpdateMany(t.Context(), "Contact", []map[string]any{{"Id": "001RM000003oCprYAE", "Title": "x"}, {"Id": "001xx000003DGb2999"}}, false)
	if err != nil || len(res) != 2 || res[0].Err() != nil {
		t.Fatalf("update many = %+v, %v", res, err)
	}
	var ae *APIError
	if !errors.As(res[1].Err(), &ae) || ae.Code != "MALFORMED_ID" || ae.Fields[0] != "Id" {
		t.Errorf("second result = %+v", res[1])
	}
	var sent struct {
		AllOrNone bool             `json:"allOrNone"`
		Records   []map[string]any `json:"records"`
	}
	_ = json.Unmarshal([]byte(f.bodies["PATCH /services/data/v62.0/composite/sobjects"]), &sent)
	if attrs, _ := sent.Records[0]["attributes"].(map[string]any); attrs["type"] != "Contact" {
		t.Errorf("sent = %+v", sent)
	}
	// Per-record duplicate-rule refusal, in the shape Salesforce documents for collections.
	f.route("POST /services/data/v62.0/composite/sobjects", answer{body: `[{"success":false,"errors":[{"statusCode":"DUPLICATES_DETECTED","message":"Use one of these records?","fields":[]}]}]`})
	res, err = c.CreateMany(t.Context(), "Lead", []map[string]any{{"LastName": "Ng"}}, false)
	if err != nil || !errors.Is(res[0].Err(), ErrDuplicate) || res[0].Success {
		t.Errorf("duplicate result = %+v, %v", res, err)
	}
	if _, err := c.UpdateMany(t.Context(), "Contact", []map[string]any{{"Title": "x"}}, false); err == nil {
		t.Error("update many without Id was sent")
	}
}

func TestCreateManyChunksBy200(t *testing.T) {
	f := newFakeOrg(t)
	var sizes []int
	// Each chunk is answered with one success per record, the shape of composite_sobjects_create_response.json.
	f.route("POST /services/data/v62.0/composite/sobjects", answer{dyn: func(body string) answer {
		var req struct {
			AllOrNone bool             `json:"allOrNone"`
			Records   []map[string]any `json:"records"`
		}
		_ = json.Unmarshal([]byte(body), &req)
		sizes = append(sizes, len(req.Records))
		var out []string
		for _, r := range req.Records {
			out = append(out, fmt.Sprintf(`{"id":"%v","success":%v,"errors":[]}`, r["LastName"], req.AllOrNone))
		}
		return answer{body: "[" + strings.Join(out, ",") + "]"}
	}})
	c := connected(t, f)
	tests := []struct {
		n     int
		sizes string
	}{{1, "[1]"}, {200, "[200]"}, {201, "[200 1]"}, {450, "[200 200 50]"}}
	for _, tt := range tests {
		sizes = nil
		records := make([]map[string]any, tt.n)
		for i := range records {
			records[i] = map[string]any{"LastName": fmt.Sprint("L", i)}
		}
		res, err := c.CreateMany(t.Context(), "Lead", records, true)
		if err != nil || len(res) != tt.n || fmt.Sprint(sizes) != tt.sizes {
			t.Fatalf("n=%d: %d results, chunks %v, %v", tt.n, len(res), sizes, err)
		}
		if last := res[tt.n-1]; last.ID != fmt.Sprint("L", tt.n-1) || !last.Success {
			t.Errorf("n=%d: results out of order or allOrNone not sent: %+v", tt.n, last)
		}
	}
	f.route("POST /services/data/v62.0/composite/sobjects", answer{file: "composite_sobjects_create_response.json"})
	if _, err := c.CreateMany(t.Context(), "Lead", []map[string]any{{"LastName": "a"}, {"LastName": "b"}}, false); err == nil {
		t.Error("one result for two records was not reported")
	}
}
