package sfemu

import (
	"testing"
	"time"
)

func TestWholeSecondStampsTieThroughSimpleforce(t *testing.T) {
	clock := time.Date(2024, 5, 15, 12, 0, 0, 250e6, time.UTC)
	s, _ := testOrg(t, Options{WholeSecondStamps: true, Now: func() time.Time { return clock }})
	for _, n := range []string{"A", "B", "C"} {
		s.Insert("Lead", map[string]any{"LastName": n, "Company": "C"})
		clock = clock.Add(200 * time.Millisecond)
	}
	clock = clock.Add(time.Second)
	s.Insert("Lead", map[string]any{"LastName": "D", "Company": "C"})
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT LastName, SystemModstamp FROM Lead WHERE SystemModstamp >= 2024-05-15T12:00:00Z ORDER BY SystemModstamp, Id")
	if err != nil || res.TotalSize != 4 {
		t.Fatalf("%v %v", res, err)
	}
	want := []string{"2024-05-15T12:00:00.000+0000", "2024-05-15T12:00:00.000+0000", "2024-05-15T12:00:00.000+0000", "2024-05-15T12:00:01.000+0000"}
	for i, r := range res.Records {
		if r.StringField("SystemModstamp") != want[i] || r.StringField("LastName") != string(rune('A'+i)) {
			t.Fatalf("row %d: %s %s, want %s", i, r.StringField("LastName"), r.StringField("SystemModstamp"), want[i])
		}
	}
}

func TestCollectionSaveSharesOneStamp(t *testing.T) {
	s, c := testOrg(t, Options{})
	recs := []map[string]any{}
	for _, n := range []string{"A", "B", "C"} {
		recs = append(recs, map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": n, "Company": "C"})
	}
	if st, body, _ := c.do("POST", "/composite/sobjects", map[string]any{"records": recs}); st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	res, err := simpleforceClient(t, s).Query("SELECT SystemModstamp, CreatedDate FROM Lead")
	if err != nil || res.TotalSize != 3 {
		t.Fatalf("%v %v", res, err)
	}
	for _, r := range res.Records {
		if r.StringField("SystemModstamp") != res.Records[0].StringField("SystemModstamp") {
			t.Fatalf("one save, two stamps: %v", res.Records)
		}
	}
}

func TestBulkUpdateAndSystemTouchThroughSimpleforce(t *testing.T) {
	s, _ := testOrg(t, Options{})
	var ids []string
	for i := 0; i < 5; i++ {
		id, _ := s.Insert("Lead", map[string]any{"LastName": "L", "Company": "C"})
		ids = append(ids, id)
	}
	if err := s.BulkUpdate("Lead", ids[:4], map[string]any{"Status": "Working - Contacted"}); err != nil {
		t.Fatal(err)
	}
	sf := simpleforceClient(t, s)
	res, err := sf.Query("SELECT Id, SystemModstamp FROM Lead WHERE Status = 'Working - Contacted'")
	if err != nil || res.TotalSize != 4 {
		t.Fatalf("%v %v", res, err)
	}
	stamp := res.Records[0].StringField("SystemModstamp")
	for _, r := range res.Records {
		if r.StringField("SystemModstamp") != stamp {
			t.Fatalf("bulk update with several stamps: %v", res.Records)
		}
	}
	before := sf.SObject("Lead").Get(ids[4])
	if err := s.SystemTouch("Lead", ids[4]); err != nil {
		t.Fatal(err)
	}
	after := sf.SObject("Lead").Get(ids[4])
	if after.StringField("SystemModstamp") <= before.StringField("SystemModstamp") ||
		after.StringField("LastModifiedDate") != before.StringField("LastModifiedDate") || after.StringField("Status") != before.StringField("Status") {
		t.Fatalf("system touch: before %s/%s after %s/%s", before.StringField("SystemModstamp"), before.StringField("LastModifiedDate"),
			after.StringField("SystemModstamp"), after.StringField("LastModifiedDate"))
	}
	if s.BulkUpdate("Lead", []string{"00Qbogus"}, map[string]any{"Status": "x"}) == nil || s.SystemTouch("Nope") == nil {
		t.Fatal("bad input accepted")
	}
}
