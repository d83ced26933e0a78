package matching

import "testing"

func TestSameButSpaces(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"blue bird cafe", "bluebird cafe", true},
		{" blue  bird ", "bluebird", true},
		{"", "  ", true},
		{"bluebird", "bluebirds", false},
		{"blue bird", "blue bard", false},
		{"a", "", false},
	} {
		if got := sameButSpaces(c.a, c.b); got != c.want {
			t.Errorf("sameButSpaces(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestJoinedIn(t *testing.T) {
	used := make([]bool, 3)
	if !joinedIn("bluebird", "the blue bird inn", []string{"blue", "bird", "inn"}, used) || !used[0] || !used[1] || used[2] {
		t.Errorf("bluebird in 'the blue bird inn': used %v", used)
	}
	if joinedIn("birdblue", "the blue bird inn", []string{"blue", "bird", "inn"}, make([]bool, 3)) {
		t.Error("birdblue is not blue bird")
	}
	if joinedIn("bluebird", "blue", []string{"blue"}, make([]bool, 1)) {
		t.Error("one word holds no pair")
	}
}
