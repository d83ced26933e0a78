package sfemu

import (
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestPersistence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "org.json")
	s, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := s.Insert("Lead", map[string]any{"LastName": "Kept", "Company": "C", "NumberOfEmployees": 3.0})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if got := s2.Get("Lead", id); got["LastName"] != "Kept" || got["NumberOfEmployees"] != 3.0 {
		t.Fatalf("after restart: %v", got)
	}
	id2, _ := s2.Insert("Lead", map[string]any{"LastName": "New", "Company": "C"})
	if id2 <= id || len(s2.Records("User")) != 1 {
		t.Fatalf("ids must keep increasing (%s then %s) and the user must not be duplicated", id, id2)
	}
}

func TestGenerateAndPopulate(t *testing.T) {
	a, b := Generate(42, 300), Generate(42, 300)
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, Generate(43, 300)) {
		t.Fatal("Generate must be deterministic per seed")
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Populate(42, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records("Lead")) != st.Leads || len(s.Records("Contact")) != st.Contacts || len(s.Records("Opportunity")) != st.Opportunities {
		t.Fatalf("counts %+v do not match the org", st)
	}
	var noEmail, tagged, nick, upper int
	formats := map[string]bool{}
	for _, l := range append(s.Records("Lead"), s.Records("Contact")...) {
		e, _ := l["Email"].(string)
		switch {
		case e == "":
			noEmail++
		case strings.Contains(e, "+"):
			tagged++
		}
		if p, ok := l["Phone"].(string); ok {
			formats[regexp.MustCompile(`\d`).ReplaceAllString(p, "9")] = true
		}
		if ln, _ := l["LastName"].(string); ln == strings.ToUpper(ln) {
			upper++
		}
		if fn, _ := l["FirstName"].(string); fn == "Bill" || fn == "Bob" || fn == "Mike" || fn == "Liz" {
			nick++
		}
	}
	if noEmail == 0 || tagged == 0 || nick == 0 || upper == 0 || len(formats) < 4 || st.ConvertedLeads == 0 {
		t.Fatalf("too little variation: noEmail %d tagged %d nick %d upper %d phone formats %d, %+v", noEmail, tagged, nick, upper, len(formats), st)
	}
	rows, err := s.Query("SELECT Id FROM Lead WHERE Referral_ID__c != null")
	if err != nil || len(rows) == 0 {
		t.Fatalf("no lead carries a referral id: %v", err)
	}
}

// The day's API call count survives a restart (the demo's "API calls used today").
func TestPersistenceKeepsTodaysAPICalls(t *testing.T) {
	file := filepath.Join(t.TempDir(), "org.json")
	s, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	s.faults.mu.Lock()
	s.faults.calls = 42
	s.faults.mu.Unlock()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := s2.APICalls(); got != 42 {
		t.Fatalf("API calls after restart: %d, want 42", got)
	}
}
