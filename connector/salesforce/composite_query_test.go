package salesforce_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/refsync/refsync/connector/salesforce"
	"github.com/refsync/refsync/connector/sfemu"
)

func TestQueryMultiIsOneCall(t *testing.T) {
	e := newEmu(t, sfemu.Options{})
	c := e.client(t, e.config(salesforce.AuthClientCredentials))
	if err := c.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	leads := e.srv.Records("Lead")
	if len(leads) < 3 {
		t.Fatalf("seeded org has %d leads", len(leads))
	}
	var soqls []string
	for _, l := range leads[:3] {
		soqls = append(soqls, fmt.Sprintf("SELECT Id FROM Lead WHERE Id = '%s'", l["Id"]))
	}
	soqls = append(soqls, "SELECT Id FROM Lead WHERE Email = 'nobody@nowhere.invalid'")
	before := e.srv.APICalls()
	pages, err := c.QueryMulti(t.Context(), soqls)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.srv.APICalls() - before; got != 1 {
		t.Errorf("%d API calls for %d queries, want 1", got, len(soqls))
	}
	for i, p := range pages[:3] {
		if len(p.Records) != 1 || p.Records[0].ID() != leads[i]["Id"] {
			t.Errorf("query %d: %+v", i, p.Records)
		}
	}
	if len(pages[3].Records) != 0 {
		t.Errorf("no-match query returned %v", pages[3].Records)
	}
	_, err = c.QueryMulti(t.Context(), []string{"SELECT Id FROM Lead", "SELECT Nope FROM Lead"})
	var ae *salesforce.APIError
	if !errors.As(err, &ae) || ae.Code != "INVALID_FIELD" || !strings.Contains(err.Error(), "query 2") {
		t.Errorf("bad subquery: %v", err)
	}
	if _, err := c.QueryMulti(t.Context(), make([]string, salesforce.MaxCompositeSubrequests+1)); err == nil {
		t.Error("26 queries accepted")
	}
}
