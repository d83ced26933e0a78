package matching

import (
	"fmt"
	"sync"
	"testing"
)

func TestIndexAddReplaceRemove(t *testing.T) {
	ix := NewIndex()
	ix.Add(Referral{ID: "r1", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", ExternalID: "E1", SalesforceIDs: []string{"003X"}})
	ix.Add(Referral{ID: "r2", FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"})
	ix.Add(Referral{FirstName: "No", LastName: "Id"}) // ignored
	steps := []struct {
		name  string
		do    func()
		len   int
		entry SalesEntry
		want  string // referral auto-matched, "" for none
	}{
		{"added", func() {}, 2, SalesEntry{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}, "r1"},
		{"replaced: old email gone", func() {
			ix.Add(Referral{ID: "r1", FirstName: "Ada", LastName: "King", Email: "countess@example.com"})
		}, 2, SalesEntry{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}, ""},
		{"replaced: new email found", func() {}, 2, SalesEntry{FirstName: "Ada", LastName: "King", Email: "countess@example.com"}, "r1"},
		{"replaced: old external id gone", func() {}, 2, SalesEntry{ExternalID: "E1"}, ""},
		{"replaced: old salesforce id gone", func() {}, 2, SalesEntry{SalesforceIDs: []string{"003X"}}, ""},
		{"removed", func() { ix.Remove("r1") }, 1, SalesEntry{FirstName: "Ada", LastName: "King", Email: "countess@example.com"}, ""},
		{"remove unknown is a no-op", func() { ix.Remove("nope") }, 1, SalesEntry{ReferralID: "r2"}, "r2"},
		{"slot reused", func() {
			ix.Add(Referral{ID: "r3", FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com"})
		}, 2, SalesEntry{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com"}, "r3"},
	}
	for _, s := range steps {
		s.do()
		if got := ix.Len(); got != s.len {
			t.Errorf("%s: Len = %d, want %d", s.name, got, s.len)
		}
		d := ix.Match(s.entry, DefaultThresholds())
		got := ""
		if d.Outcome == OutcomeAuto {
			got = d.ReferralID
		}
		if got != s.want {
			t.Errorf("%s: auto-matched %q, want %q (decision %+v)", s.name, got, s.want, d)
		}
	}
}

// TestIndexSaturatedKey checks that a key shared by very many referrals stops
// being stored while rarer keys still find the right one.
func TestIndexSaturatedKey(t *testing.T) {
	ix := NewIndex()
	for i := range maxPosting + 50 {
		ix.Add(Referral{ID: fmt.Sprint("r", i), FirstName: "Sam", LastName: fmt.Sprintf("Person%c%c", 'a'+i%26, 'a'+i/26%26),
			Email: fmt.Sprintf("sam%d@example.com", i), City: "London"})
	}
	d := ix.Match(SalesEntry{FirstName: "Sam", LastName: "Personkc", Email: "sam296@example.com", City: "London"}, DefaultThresholds())
	if d.Outcome != OutcomeAuto || d.ReferralID != "r296" {
		t.Errorf("got %+v, want auto r296", d)
	}
	for i := range maxPosting + 50 {
		ix.Remove(fmt.Sprint("r", i))
	}
	if ix.Len() != 0 || len(ix.byID) != 0 {
		t.Errorf("Len after removing all = %d", ix.Len())
	}
}

// TestIndexConcurrent runs Match alongside Add and Remove (meant for -race).
func TestIndexConcurrent(t *testing.T) {
	ix := testIndex()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 300 {
			id := fmt.Sprint("c", i%20)
			ix.Add(Referral{ID: id, FirstName: "Kim", LastName: fmt.Sprint("Lee", i%7), Email: id + "@example.com"})
			if i%3 == 0 {
				ix.Remove(id)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 300 {
			ix.Match(SalesEntry{FirstName: "Kim", LastName: "Lee3", Email: fmt.Sprint("c", i%20, "@example.com")}, DefaultThresholds())
		}
	}()
	wg.Wait()
	if d := ix.Match(SalesEntry{Email: "robert.smith@acme.com", FirstName: "Robert", LastName: "Smith"}, DefaultThresholds()); d.ReferralID != "r-bob" {
		t.Errorf("after concurrent changes: %+v, want r-bob", d)
	}
}
