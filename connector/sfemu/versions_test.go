package sfemu

import (
	"testing"

	"github.com/simpleforce/simpleforce"
)

func TestVersionsThroughSimpleforce(t *testing.T) {
	s, c := testOrg(t, Options{})
	_, body, _ := c.do("GET", "/services/data/", nil)
	list := decode(t, body).([]any)
	first, last := list[0].(map[string]any), list[len(list)-1].(map[string]any)
	if first["version"] != "31.0" || first["label"] != "Summer '14" || last["version"] != APIVersion ||
		last["url"] != "/services/data/v"+APIVersion || last["label"] != "Winter '25" || len(list) != currentMajor()-30 {
		t.Fatalf("versions: first %v last %v (%d)", first, last, len(list))
	}
	tests := []struct {
		version string
		ok      bool
	}{{"31.0", true}, {"54.0", true}, {APIVersion, true}, {"30.0", false}, {"99.0", false}, {"54.5", false}}
	for _, tt := range tests {
		sf := simpleforce.NewClient(s.URL(), "x", tt.version)
		sf.SetSidLoc(c.token, s.URL())
		_, err := sf.Query("SELECT Id FROM Lead")
		if tt.ok && err != nil {
			t.Errorf("v%s: %v", tt.version, err)
		}
		if !tt.ok {
			sfErr(t, err, 404, "NOT_FOUND")
		}
	}
}
