package store

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCSVReader reads arbitrary bytes as an import file: the reader never
// panics or loops, line numbers only grow, and every field — after the
// Latin-1 fallback — is either accepted as clean UTF-8 text or refused with
// a message naming its field.
func FuzzCSVReader(f *testing.F) {
	for _, seed := range []string{
		"referral_id,first_name\nR1,Ann\n",
		"a,b\n\"unterminated,x\nnext,line\n",
		"a\n\x00\x1b[31m\n",
		"a,b\r\n\"multi\nline\",2\r\n",
		"\ufeffreferral_id\nJ\xfcrgen\n",
		"a\n" + strings.Repeat("\"", 41) + "\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := newCSVRecords(strings.NewReader(string(data)))
		last := 0
		for i := 0; i <= len(data)+1; i++ { // every call consumes at least one line
			rec, line, err := cr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if line < last {
				t.Fatalf("line numbers went back: %d after %d", line, last)
			}
			last = line
			if err != nil {
				continue
			}
			for _, field := range rec {
				if !utf8.ValidString(field) {
					field = Latin1ToUTF8(field)
				}
				if !utf8.ValidString(field) {
					t.Fatalf("Latin-1 conversion left invalid UTF-8: %q", field)
				}
				if fe := CheckText("first_name", field); fe != nil && (fe.Field != "first_name" || fe.Msg == "") {
					t.Fatalf("refusal without field or reason: %+v", fe)
				}
				_ = CheckID("referral_id", field)
			}
		}
		t.Fatalf("the reader did not reach the end of %d bytes", len(data))
	})
}

// FuzzCSVLineWithoutQuotes: a line without quotes reads into the same fields
// as encoding/csv reads the line (the reader splits such lines itself).
func FuzzCSVLineWithoutQuotes(f *testing.F) {
	for _, seed := range []string{"R1,Ann,,x@y.z", "a", ",", " a , b ", "a,b\r", "a\rb,c", "J\xfcrgen,1", "\ufeffa,b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\"\n") || strings.TrimSpace(line) == "" {
			return
		}
		rec, _, err := newCSVRecords(strings.NewReader(line + "\n")).Next()
		sc := bufio.NewScanner(strings.NewReader(line + "\n"))
		sc.Scan()
		want, werr := csv.NewReader(strings.NewReader(sc.Text())).Read()
		if (err != nil) != (werr != nil) || strings.Join(rec, "|") != strings.Join(want, "|") || len(rec) != len(want) {
			t.Fatalf("%q: read %q (%v), encoding/csv reads %q (%v)", line, rec, err, want, werr)
		}
	})
}
