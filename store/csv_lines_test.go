package store

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

func importCSV(t *testing.T, kind, body string) (*CSVImport, []string, error) {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "refsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var bad []string
	imp := &CSVImport{DB: db, Kind: kind, Reject: func(line int, why string) { bad = append(bad, strconv.Itoa(line)+": "+why) }}
	err = imp.Run(context.Background(), strings.NewReader(body))
	return imp, bad, err
}

// One 10 MB line is reported and skipped; the lines after it are imported.
func TestImportSkipsAHugeLine(t *testing.T) {
	body := "member_code,first_name\nM1,Ann\nM2," + strings.Repeat("x", 10<<20) + "\nM3,Cy\n\"M4\",\"Di\"\n"
	imp, bad, err := importCSV(t, "members", body)
	if err != nil {
		t.Fatalf("the import stopped: %v (at line %d)", err, imp.Line)
	}
	if imp.Created != 3 || len(bad) != 1 || !strings.HasPrefix(bad[0], "3: ") || !strings.Contains(bad[0], "longer than 4 MB") {
		t.Fatalf("created %d, bad %q; want 3 created and line 3 reported as too long", imp.Created, bad)
	}
}

// A semicolon-separated or UTF-16 file is told what it is and how to save it.
func TestImportNamesTheFileShape(t *testing.T) {
	utf16le := func(s string) string {
		var b strings.Builder
		b.WriteString("\xff\xfe")
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.String()
	}
	for name, tc := range map[string]struct{ body, says string }{
		"semicolons": {"member_code;first_name\nM1;Ann\n", "separated by semicolons"},
		"tabs":       {"member_code\tfirst_name\nM1\tAnn\n", "separated by tabs"},
		"UTF-16":     {utf16le("member_code,first_name\r\nM1,Ann\r\n"), "UTF-16"},
	} {
		_, _, err := importCSV(t, "members", tc.body)
		if err == nil || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "CSV UTF-8") {
			t.Errorf("%s: %v, want it named (%q) with how to save the file", name, err, tc.says)
		}
	}
}
