package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/refsync/refsync/config"
)

func TestProgramsEndpoints(t *testing.T) {
	e := newEnv(t)
	p := e.must("POST", "/api/v1/programs", `{"name":"Partners"}`, 201)
	id := int64(p["id"].(float64))
	path := fmt.Sprintf("/api/v1/programs/%d", id)

	for _, tc := range []struct {
		method, path, token, body string
		want                      int
		code, field               string
	}{
		{"POST", "/api/v1/programs", e.admin, `{"name":"Partners"}`, 409, codeConflict, "name"},
		{"POST", "/api/v1/programs", e.admin, `{"name":" "}`, 422, codeInvalid, "name"},
		{"POST", "/api/v1/programs", e.reviewer, `{"name":"X"}`, 403, codeForbidden, ""},
		{"PATCH", "/api/v1/programs/1", e.admin, `{"archived":true}`, 422, codeInvalid, "name"},
		{"PATCH", "/api/v1/programs/99", e.admin, `{"name":"Y"}`, 404, codeNotFound, ""},
		{"GET", "/api/v1/programs/abc", e.admin, ``, 404, codeNotFound, ""},
		{"POST", "/api/v1/referrals", e.admin, `{"email":"a@x.io","program_id":99}`, 422, codeInvalid, "program_id"},
		{"GET", "/api/v1/entries?program_id=x", e.admin, ``, 422, codeInvalid, "program_id"},
	} {
		code, out := e.do(tc.method, tc.path, tc.token, tc.body)
		if c, f := errorOf(out); code != tc.want || c != tc.code || (tc.field != "" && f != tc.field) {
			t.Errorf("%s %s %s = %d %v, want %d %s %s", tc.method, tc.path, tc.body, code, out, tc.want, tc.code, tc.field)
		}
	}

	if got := e.must("PATCH", path, `{"name":"Resellers"}`, 200); got["name"] != "Resellers" {
		t.Errorf("rename = %v", got)
	}
	// Members and referrals of the program; lists filter by program.
	e.must("POST", "/api/v1/members?program_id="+fmt.Sprint(id), `{"referral_code":"RES-1","email":"m@res.example"}`, 201)
	ref := e.must("POST", "/api/v1/referrals", fmt.Sprintf(`{"program_id":%d,"email":"ada@example.com","member_code":"RES-1"}`, id), 201)
	if ref["program_id"].(float64) != float64(id) {
		t.Errorf("referral's program = %v", ref["program_id"])
	}
	e.must("POST", "/api/v1/referrals", `{"email":"ada@example.com"}`, 201) // the same email in the default program
	if code, out := e.do("POST", "/api/v1/referrals", e.admin, `{"email":"ada@example.com","member_code":"RES-1"}`); code != 422 {
		t.Errorf("member code of another program accepted: %d %v", code, out)
	}
	for q, want := range map[string]int{"": 2, "?program_id=1": 1, fmt.Sprintf("?program_id=%d", id): 1} {
		if got := e.must("GET", "/api/v1/referrals"+q, "", 200); len(got["items"].([]any)) != want {
			t.Errorf("GET /referrals%s = %d items, want %d", q, len(got["items"].([]any)), want)
		}
	}
	bulk := e.must("POST", fmt.Sprintf("/api/v1/referrals/bulk?program_id=%d", id), `{"items":[{"email":"b@example.com"},{"email":"c@example.com","program_id":1}]}`, 200)
	items := bulk["items"].([]any)
	for i, want := range []float64{float64(id), 1} {
		r := items[i].(map[string]any)["referral"].(map[string]any)
		if r["program_id"].(float64) != want {
			t.Errorf("bulk item %d in program %v, want %v", i, r["program_id"], want)
		}
	}

	// Archived: listed only when asked, and takes no additions.
	e.must("PATCH", path, `{"archived":true}`, 200)
	if got := e.must("GET", "/api/v1/programs", "", 200); len(got["items"].([]any)) != 1 {
		t.Errorf("archived program listed: %v", got)
	}
	if got := e.must("GET", "/api/v1/programs?archived=1", "", 200); len(got["items"].([]any)) != 2 {
		t.Errorf("archived=1: %v", got)
	}
	if code, out := e.do("POST", "/api/v1/referrals", e.admin, fmt.Sprintf(`{"program_id":%d,"email":"z@example.com"}`, id)); code != 422 {
		t.Errorf("referral in an archived program: %d %v", code, out)
	}
}

func TestProgramSettingsRoundTrip(t *testing.T) {
	e := newEnv(t)
	p := e.must("POST", "/api/v1/programs", `{"name":"Partners"}`, 201)
	path := fmt.Sprintf("/api/v1/programs/%d/settings", int64(p["id"].(float64)))

	get := func() (*http.Response, string) {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+e.admin)
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		return rec.Result(), rec.Body.String()
	}
	res, body := get()
	if res.StatusCode != 200 || res.Header.Get("ETag") != `"0"` {
		t.Fatalf("GET settings = %d %s (ETag %s)", res.StatusCode, body, res.Header.Get("ETag"))
	}
	rules, err := config.ParseRules([]byte(body))
	if err != nil {
		t.Fatalf("the answer is not rules: %v", err)
	}
	rules.Events[0].Status = "qualified"
	edited, _ := rules.JSON()

	put := func(body, ifMatch string) (int, map[string]any, string) {
		req := httptest.NewRequest("PUT", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.admin)
		req.Header.Set("Content-Type", "application/json")
		if ifMatch != "" {
			req.Header.Set("If-Match", ifMatch)
		}
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out, rec.Header().Get("ETag")
	}
	code, out, tag := put(string(edited), `"0"`)
	if code != 200 || tag == `"0"` || tag == "" {
		t.Fatalf("PUT = %d %v (ETag %s)", code, out, tag)
	}
	if code, out, _ := put(string(edited), `"0"`); code != 409 {
		t.Errorf("PUT on a stale version = %d %v, want 409", code, out)
	}
	for _, bad := range []string{`{"objects":[]}`, `{"thresholds":{"auto":2}}`, `{"nope":1}`, `{"events":[{"object":"Lead","field":"Status","operator":"equals","value":"x","status":"won"}]}`} {
		if code, out, _ := put(bad, ""); code != 422 {
			t.Errorf("PUT %s = %d %v, want 422", bad, code, out)
		}
	}
	if _, body := get(); !strings.Contains(body, `"field":"IsWon","operator":"is_true","value":"","status":"qualified"`) {
		t.Errorf("saved settings not answered: %s", body)
	}
	// The receiver applies the program's saved rules; the default program keeps the defaults.
	got, err := e.rx.ProgramRules(context.Background(), int64(p["id"].(float64)))
	if err != nil || got.Events[0].Status != "qualified" {
		t.Errorf("receiver's rules for the program = %+v, %v", got.Events[0], err)
	}
	def, _ := e.rx.Rules(context.Background())
	if def.Events[0].Status == "qualified" {
		t.Error("the default program's rules changed too")
	}
	if code, _ := e.do("GET", "/api/v1/programs/77/settings", e.admin, ""); code != 404 {
		t.Errorf("settings of a missing program = %d", code)
	}
}
