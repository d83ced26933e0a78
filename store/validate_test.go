package store

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		field, v string
		ok       bool
	}{
		{"first_name", "Ann", true}, {"first_name", strings.Repeat("é", 40), true}, {"first_name", strings.Repeat("a", 41), false},
		{"last_name", "a\x00b", false}, {"last_name", "a\x1bb", false}, {"last_name", "a\u0085b", false}, {"last_name", "a\nb", false},
		{"street", "a\nb", true}, {"street", "a\tb", false}, {"email", "\xff", false}, {"note", strings.Repeat("n", 256), false},
		{"last_name", "Smith\u202Etxt.exe", false}, {"first_name", "A\u200Bnn", false}, {"company", "\uFEFFAcme", false},
		{"last_name", "   ", false}, {"first_name", "\u00a0 ", false}, {"last_name", "van der Berg", true},
	} {
		if got := CheckText(tc.field, tc.v) == nil; got != tc.ok {
			t.Errorf("CheckText(%s, %q) ok = %v, want %v", tc.field, tc.v, got, tc.ok)
		}
	}
	for id, ok := range map[string]bool{"ref_k3h9": true, "R-1": true, "../../settings": false, "javascript:alert(1)": false, "": false, "_x": false, strings.Repeat("a", 65): false} {
		if ValidID(id) != ok {
			t.Errorf("ValidID(%q) = %v", id, !ok)
		}
	}
	if got := Latin1ToUTF8("M\xfcller \x80 \x93x\x94"); got != "Müller € “x”" {
		t.Errorf("Latin1ToUTF8 = %q", got)
	}
}

// Program names are checked like other text: no invisible characters, not only spaces.
func TestProgramNameEdges(t *testing.T) {
	for _, name := range []string{"   ", "\u200b", "Partners\u202e", "\ufeffPartners"} {
		if _, err := programName(name); err == nil {
			t.Errorf("programName(%q) accepted", name)
		}
	}
	if n, err := programName("  Partners  "); err != nil || n != "Partners" {
		t.Errorf("programName = %q, %v", n, err)
	}
}
