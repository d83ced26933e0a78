package sfemu

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// A browser following an "open in Salesforce" link (instance URL + "/" + id)
// gets the record's fields; an unknown id stays a 404.
func TestRecordPageAtInstanceURL(t *testing.T) {
	s, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, err := s.Insert("Lead", map[string]any{"FirstName": "Ann", "LastName": "<Lee>", "Company": "Lee Co"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		res, err := http.Get(s.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, path := range []string{"/" + id, "/" + id[:15]} {
		code, body := get(path)
		if code != http.StatusOK || !strings.Contains(body, "Lead "+id) || !strings.Contains(body, "&lt;Lee&gt;") || !strings.Contains(body, "Lee Co") {
			t.Fatalf("GET %s: %d\n%s", path, code, body)
		}
	}
	if code, _ := get("/00Q000000000000AAA"); code != http.StatusNotFound {
		t.Fatalf("unknown record: %d", code)
	}
	if err := s.Delete("Lead", id); err != nil {
		t.Fatal(err)
	}
	if code, body := get("/" + id); code != http.StatusOK || !strings.Contains(body, "recycle bin") {
		t.Fatalf("deleted record: %d %s", code, body)
	}
}
