package sfemu

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

func TestGetUpdatedAndDeleted(t *testing.T) {
	now := time.Date(2024, 5, 15, 10, 30, 20, 0, time.UTC)
	clock := now.Add(-2 * time.Hour) // the org's user is created before the records
	s, c := testOrg(t, Options{Now: func() time.Time { return clock }, TokenTTL: 24 * time.Hour})
	at := func(d string) { clock, _ = time.Parse(time.RFC3339, d) }
	at("2024-05-15T09:00:10Z")
	a, _ := s.Insert("Lead", map[string]any{"LastName": "A", "Company": "C"})
	at("2024-05-15T09:05:00Z")
	b, _ := s.Insert("Lead", map[string]any{"LastName": "B", "Company": "C"})
	at("2024-05-15T09:10:00Z")
	s.Delete("Lead", b)
	at("2024-05-15T10:30:05Z") // in the current minute: not covered yet
	d, _ := s.Insert("Lead", map[string]any{"LastName": "D", "Company": "C"})
	clock = now
	get := func(kind, start, end string) (int, map[string]any) {
		st, body, _ := c.do("GET", "/sobjects/Lead/"+kind+"/?start="+url.QueryEscape(start)+"&end="+url.QueryEscape(end), nil)
		var m map[string]any
		if v, ok := decode(t, body).(map[string]any); ok {
			m = v
		} else {
			m = map[string]any{"error": string(body)}
		}
		return st, m
	}
	st, up := get("updated", "2024-05-15T09:00:59+00:00", "2024-05-16T00:00:00Z")
	keysAsIn(t, up, "testdata/salesforce/sobject_get_updated_response_docs.json")
	ids := up["ids"].([]any)
	if st != 200 || len(ids) != 1 || ids[0] != a || up["latestDateCovered"] != "2024-05-15T10:30:00.000+0000" {
		t.Fatalf("updated: %d %v (want only %s; %s is deleted, %s is in the current minute)", st, up, a, b, d)
	}
	st, del := get("deleted", "2024-05-15T09:00:00Z", "2024-05-15T10:00:00Z")
	recs := del["deletedRecords"].([]any)
	if st != 200 || len(recs) != 1 || recs[0].(map[string]any)["id"] != b || recs[0].(map[string]any)["deletedDate"] != "2024-05-15T09:10:00.000+0000" ||
		del["earliestDateAvailable"] != orgStart || del["latestDateCovered"] != "2024-05-15T10:00:00.000+0000" {
		t.Fatalf("deleted: %d %v", st, del)
	}
	for _, bad := range []struct{ kind, start, end, code string }{
		{"updated", "2024-05-15T10:00:00Z", "2024-05-15T09:00:00Z", "INVALID_REPLICATION_DATE"},
		{"updated", "2024-04-01T00:00:00Z", "2024-05-15T09:00:00Z", "INVALID_REPLICATION_DATE"},
		{"deleted", "2024-04-25T00:00:00Z", "2024-05-15T09:00:00Z", "INVALID_REPLICATION_DATE"},
		{"updated", "yesterday", "2024-05-15T09:00:00Z", "INVALID_REPLICATION_DATE"},
		{"deleted", "", "2024-05-15T09:00:00Z", "MISSING_ARGUMENT"},
	} {
		if st, m := get(bad.kind, bad.start, bad.end); st != 400 || !strings.Contains(m["error"].(string), bad.code) {
			t.Errorf("%s %s..%s: %d %v, want %s", bad.kind, bad.start, bad.end, st, m, bad.code)
		}
	}
	if n := s.EmptyRecycleBin(); n != 1 {
		t.Fatalf("purged %d records, want 1", n)
	}
	if st, m := get("deleted", "2024-05-15T09:00:00Z", "2024-05-15T10:00:00Z"); st != 400 || !strings.Contains(m["error"].(string), "2024-05-15T09:10:00.000+0000") {
		t.Fatalf("deleted from before the purge: %d %v", st, m)
	}
	if st, m := get("deleted", "2024-05-15T09:11:00Z", "2024-05-15T10:00:00Z"); st != 200 || len(m["deletedRecords"].([]any)) != 0 || m["earliestDateAvailable"] != "2024-05-15T09:10:00.000+0000" {
		t.Fatalf("deleted after the purge: %d %v", st, m)
	}
	if _, body, _ := c.do("GET", "/queryAll?q="+urlq("SELECT Id FROM Lead WHERE IsDeleted = true"), nil); !strings.Contains(string(body), `"totalSize":0`) {
		t.Fatalf("queryAll still sees a purged record: %s", body)
	}
}

func TestRecycleBinRetention(t *testing.T) {
	clock := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	s, c := testOrg(t, Options{Now: func() time.Time { return clock }, RecycleBinRetention: 48 * time.Hour, TokenTTL: 100 * time.Hour})
	id, _ := s.Insert("Lead", map[string]any{"LastName": "Gone", "Company": "C"})
	s.Delete("Lead", id)
	count := func() string {
		_, body, _ := c.do("GET", "/queryAll?q="+urlq("SELECT COUNT() FROM Lead"), nil)
		return string(body)
	}
	clock = clock.Add(47 * time.Hour)
	if n := count(); !strings.Contains(n, `"totalSize":1`) {
		t.Fatalf("purged before its time: %s", n)
	}
	clock = clock.Add(2 * time.Hour)
	if !strings.Contains(count(), `"totalSize":0`) || s.Get("Lead", id) != nil {
		t.Fatal("not purged after the retention")
	}
	if _, err := New(Options{RecycleBinRetention: time.Second}); err == nil {
		t.Fatal("a one-second retention was accepted")
	}
}

// keysAsIn checks that got has exactly the top-level keys of a captured body.
func keysAsIn(t *testing.T, got map[string]any, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := decode(t, b).(map[string]any)
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("answer lacks %q of %s", k, file)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("answer has %q, not in %s", k, file)
		}
	}
}
