package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// Control characters, over-long fields and ids that are not ids are refused,
// each naming the line and the field; a Latin-1 line is converted with a note.
func TestImportValidatesText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	csv := filepath.Join(dir, "refs.csv")
	os.WriteFile(csv, []byte(strings.Join([]string{
		"referral_id,first_name,last_name,email,company,street",
		"R1,Ann,Nul\x00Byte,ann@example.com,,",
		"R2,Esc\x1b[31m,Red,esc@example.com,,",
		"R3,Big,Field,big@example.com," + strings.Repeat("x", 1<<20) + ",",
		"../../settings,Dot,Dot,dot@example.com,,",
		"javascript:alert(1),Js,Link,js@example.com,,",
		"R6," + strings.Repeat("F", 41) + ",Long,long@example.com,,",
		"R7,J\xfcrgen,M\xfcller,jm@example.com,Caf\xe9 \x80 GmbH,", // Latin-1 (Windows-1252)
		"R8,Good,Line,good@example.com,,\"Main St 1\nBuilding B\"",
	}, "\n")+"\n"), 0o600)
	out, errOut, err := runCmd(t, "import", "referrals", csv, "--db", db)
	if err == nil {
		t.Fatal("import with bad lines must end in an error")
	}
	for _, want := range []string{
		"line 2: last_name: contains a control character (U+0000",
		"line 3: first_name: contains a control character (U+001B",
		"line 4: company: is 1048576 characters long; at most 255 fit",
		`line 5: referral_id: "../../settings" is not an id`,
		`line 6: referral_id: "javascript:alert(1)" is not an id`,
		"line 7: first_name: is 41 characters long; at most 40 fit",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%.2000s", want, errOut)
		}
	}
	if !strings.Contains(out, "1 lines were not UTF-8 and were read as Latin-1 (Windows-1252), the first on line 8") || !strings.HasSuffix(strings.TrimSpace(out), "imported 2, skipped 6") {
		t.Fatalf("stdout:\n%s", out)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.ReferralByID(context.Background(), "R7")
	if err != nil || r.FirstName != "Jürgen" || r.LastName != "Müller" || r.Company != "Café € GmbH" {
		t.Fatalf("R7: %v %+v", err, r)
	}
	if r, err := s.ReferralByID(context.Background(), "R8"); err != nil || r.Street != "Main St 1\nBuilding B" {
		t.Fatalf("R8: %v %+v", err, r)
	}
}
