package connector

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/refsync/refsync/matching"
)

// Loading prepares referrals on several goroutines but adds them in the order
// the database yields them: the index answers exactly as one built by Add in
// that order (ties included), a referral yielded twice keeps its later
// version, and a reader's error is returned.
func TestLoadIndexKeepsTheOrder(t *testing.T) {
	var refs []matching.Referral
	for i := range 5000 {
		refs = append(refs, matching.Referral{ID: fmt.Sprintf("r%05d", i), FirstName: []string{"Ann", "Bob", "Cleo", "Dan"}[i%4],
			LastName: fmt.Sprintf("Smith%d", i%40), Email: fmt.Sprintf("p%d@example.com", i%4500), Company: fmt.Sprintf("Acme %d", i%25), City: "Leeds"})
	}
	refs = append(refs, matching.Referral{ID: "r00007", FirstName: "Zed", LastName: "Later", Email: "zed@example.com"})
	each := func(ctx context.Context, fn func(matching.Referral)) error {
		for _, r := range refs {
			fn(r)
		}
		return nil
	}
	loaded, seq := matching.NewIndex(), matching.NewIndex()
	if err := loadIndex(context.Background(), each, loaded); err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		seq.Add(r)
	}
	if loaded.Len() != seq.Len() || loaded.Len() != 5000 {
		t.Fatalf("loaded %d referrals, Add built %d, want 5000", loaded.Len(), seq.Len())
	}
	th := matching.DefaultThresholds()
	for i, e := range []matching.SalesEntry{
		{FirstName: "Ann", LastName: "Smith0", City: "Leeds"}, // many ties
		{FirstName: "Bob", LastName: "Smith1", Company: "Acme 1"},
		{Email: "p42@example.com"},
		{FirstName: "Zed", LastName: "Later", Email: "zed@example.com"}, // the later version of r00007
	} {
		got, want := loaded.Match(e, th), seq.Match(e, th)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("entry %d: loaded index answers %+v, Add's %+v", i, got, want)
		}
		if i == 3 && got.ReferralID != "r00007" {
			t.Errorf("the later version of r00007 is not the one loaded: %+v", got)
		}
	}
	boom := errors.New("disk I/O error")
	failing := func(ctx context.Context, fn func(matching.Referral)) error {
		for _, r := range refs[:3000] {
			fn(r)
		}
		return boom
	}
	if err := loadIndex(context.Background(), failing, matching.NewIndex()); !errors.Is(err, boom) {
		t.Errorf("a reader's error: got %v", err)
	}
}
