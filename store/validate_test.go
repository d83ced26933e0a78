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
