package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The description lists exactly the registered routes, needs no token, is
// OpenAPI 3.1, and every schema it refers to is defined.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	h := New(Deps{DB: openDB(t)}).(*server)
	registered := append([]string(nil), h.patterns...)
	var documented []string
	for k := range operations {
		documented = append(documented, k)
	}
	sort.Strings(registered)
	sort.Strings(documented)
	for _, p := range registered {
		if !slices.Contains(documented, p) {
			t.Errorf("route %s is not in the OpenAPI description (web/api/openapi.go operations)", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(registered, p) {
			t.Errorf("the OpenAPI description has %s, which is not a route", p)
		}
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json without a token: %d %s", rec.Code, rec.Body)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	for _, p := range registered {
		method, path, _ := strings.Cut(p, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("served description lacks %s", p)
		}
	}
	for _, m := range regexp.MustCompile(`"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("schema %s is referred to but not defined", m[1])
		}
	}
	props, _ := doc.Components.Schemas["Referral"]["properties"].(map[string]any)
	for _, f := range []string{"id", "email", "amount", "salesforce", "status"} {
		if _, ok := props[f]; !ok {
			t.Errorf("Referral schema lacks %q", f)
		}
	}
}

// GET /referrals/{id} answers the amount a field mapping wrote (null before).
func TestReferralAnswersAmount(t *testing.T) {
	e := newEnv(t)
	r := e.must("POST", "/api/v1/referrals", `{"last_name":"Amount","email":"amount@example.com"}`, 201)
	id := r["id"].(string)
	got := e.must("GET", "/api/v1/referrals/"+id, "", 200)
	if v, ok := got["amount"]; !ok || v != nil {
		t.Fatalf("amount before any mapping: %v (present %v), want null", v, ok)
	}
	if err := e.db.UpdateReferralFieldsRx(t.Context(), id, map[string]string{"amount": "1200.5"}); err != nil {
		t.Fatal(err)
	}
	if got := e.must("GET", "/api/v1/referrals/"+id, "", 200); got["amount"] != 1200.5 {
		t.Fatalf("amount = %v, want 1200.5", got["amount"])
	}
}
