package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// At phone width the wide tables turn into cards that name each value (the
// browser test measures the widths); every cell of those tables carries its label.
func TestWideTablesLabelTheirCells(t *testing.T) {
	app := newTestApp(t)
	cl := app.signedIn("admin@example.com", "admin")
	if err := app.DB.CreateReferral(t.Context(), &store.Referral{FirstName: "A", LastName: "B", Email: "a@b.test"}, "test"); err != nil {
		t.Fatal(err)
	}
	cell := regexp.MustCompile(`(?s)<table class="[^"]*cards-sm[^"]*">.*?</table>`)
	for _, path := range []string{"/referrals", "/settings/audit", "/"} {
		body := cl.get(path).Body
		tables := cell.FindAllString(body, -1)
		if len(tables) == 0 {
			t.Errorf("%s: no table turns into cards at phone width", path)
		}
		for _, tb := range tables {
			if n := strings.Count(tb, "<td>"); n > 0 {
				t.Errorf("%s: %d cells without a label", path, n)
			}
		}
	}
	if body := cl.get("/").Body; !strings.Contains(body, `<div class="chart-narrow"><svg class="chart" viewBox="0 0 360 260"`) {
		t.Error("the dashboard has no chart drawn for phone width")
	}
}
