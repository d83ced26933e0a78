package sfemu

import (
	"reflect"
	"strings"
	"testing"
)

func TestWireCollections(t *testing.T) {
	s, c := testOrg(t, Options{})
	st, body, _ := c.do("POST", "/composite/sobjects", string(golden(t, "composite_sobjects_create_request.json")))
	checkShape(t, "composite_sobjects_create_response.json", st, 200, body)
	acc := decode(t, body).([]any)[0].(map[string]any)["id"].(string)
	con, _ := s.Insert("Contact", map[string]any{"LastName": "Bluth"})
	upd := strings.NewReplacer("001xx000003DGb2AAG", acc, "003xx000004TmiQAAS", con).Replace(string(golden(t, "composite_sobjects_update_request.json")))
	st, body, _ = c.do("PATCH", "/composite/sobjects", upd)
	checkShape(t, "composite_sobjects_update_response.json", st, 200, body)
	if s.Get("Contact", con)["Title"] != "Lead Engineer" {
		t.Errorf("collection update not applied: %s", body)
	}
	partial := strings.NewReplacer("001xx000003DGb2AAG", acc, "003xx000004TmiQAAS", "001xx000003DGb2999").Replace(string(golden(t, "composite_sobjects_update_request.json")))
	st, body, _ = c.do("PATCH", "/composite/sobjects", partial)
	if checkShape(t, "composite_sobjects_update_response_partial_failure.json", st, 200, body); !reflect.DeepEqual(decode(t, body).([]any)[1], decode(t, golden(t, "composite_sobjects_update_response_partial_failure.json")).([]any)[1]) {
		t.Errorf("partial failure item: %s", body)
	}
	allOrNone := strings.Replace(partial, `"allOrNone" : false`, `"allOrNone" : true`, 1)
	st, body, _ = c.do("PATCH", "/composite/sobjects", allOrNone)
	checkShape(t, "composite_sobjects_update_response_allornone_failure.json", st, 200, body)
	st, body, _ = c.do("PATCH", "/composite/sobjects/Contact/Email", string(golden(t, "composite_sobjects_upsert_by_email_request.json")))
	checkShape(t, "composite_sobjects_upsert_by_email_response.json", st, 200, body)
	req := strings.ReplaceAll(string(golden(t, "composite_request_with_invalid_type_error_request.json")), "vxx.0", "v62.0")
	st, body, _ = c.do("POST", "/composite", req)
	checkShape(t, "composite_request_with_invalid_type_error_response.json", st, 200, body)
	got := decode(t, body).(map[string]any)["compositeResponse"].([]any)[1].(map[string]any)["body"]
	want := decode(t, golden(t, "composite_request_with_invalid_type_error_response.json")).(map[string]any)["compositeResponse"].([]any)[1].(map[string]any)["body"]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("INVALID_TYPE text differs from the real capture:\n got %v\nwant %v", got, want)
	}
}
