//go:build e2e

package web

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/refsync/refsync/matching"
)

// TestE2EQueueKeysStickyBarAndNext: dense queue rows with the bulk bar in
// view at the top while scrolling, j/k and Enter from the keyboard, "apply &
// next" and "dismiss & next" from an entry opened by a link, and the log of
// all sales entries beside the queue.
func TestE2EQueueKeysStickyBarAndNext(t *testing.T) {
	app := newTestApp(t)
	e2eData(t, app)
	ann, _, first := app.seed()
	app.addUser("sales@example.com", "reviewer")
	dir := filepath.Join(artifactsDir(t), "queue")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	wd := startBrowser(t)
	wd.resize(1280, 900)
	wd.signIn(app.Srv.URL, "sales@example.com")
	wd.open(app.Srv.URL + "/entries")
	wd.waitFor("h1", "Review queue")
	if rows := wd.script(`return String(document.querySelectorAll("table.queue tbody tr").length)`); rows == "0" {
		t.Fatal("the queue is empty")
	}
	if h := mustInt(wd.script(`return String(Math.round(document.querySelector("table.queue tbody tr:nth-child(2)").getBoundingClientRect().height))`)); h > 64 {
		t.Errorf("a queue row is %d px high; dense rows are at most 64 (two lines)", h)
	}
	wd.screenshot(filepath.Join(dir, "queue-dense.png"))
	wd.script(`window.scrollTo(0, document.documentElement.scrollHeight); return ""`)
	if top := wd.script(`return String(Math.round(document.getElementById("bulk-bar").getBoundingClientRect().top))`); top != "0" {
		t.Errorf("scrolled down, the bulk bar is at %s px, want stuck at the top (0)", top)
	}
	wd.script(`window.scrollTo(0, 0); document.activeElement.blur(); return ""`)
	wd.pressKeys("?")
	if wd.script(`return String(document.getElementById("keys-help").hidden)`) != "false" {
		t.Error("? does not show the keyboard shortcuts")
	}
	wd.pressKeys("?", "j", "j", "k")
	if got := wd.script(`return document.querySelector("table.queue tr.current td.id").innerText`); got != "#"+itoa(first.ID) {
		t.Errorf("after j j k the current row is %q, want the first entry #%d", got, first.ID)
	}
	wd.pressKeys(kb.Enter)
	wd.waitFor("h1", fmt.Sprintf("Entry #%d", first.ID))

	// opened by a link: apply & next still goes on to the next entry in review
	wd.open(fmt.Sprintf("%s/entries/%d", app.Srv.URL, first.ID))
	wd.waitFor("#next-entry", "Next entry")
	wd.find(fmt.Sprintf("form.inline input[value='%s'] ~ button", ann.ID)).click()
	wd.waitFor(".flash", "This is the next entry")
	second := strings.TrimPrefix(strings.Fields(wd.find("h1").text())[1], "#")
	second = strings.TrimSuffix(second, ":")
	wd.pressKeys("d")
	if wd.script(`return document.activeElement.id`) != "dismiss-note" {
		t.Error("d does not go to the dismiss note")
	}
	wd.find("#dismiss-note").typeText("a test record")
	wd.find("form[action$='/dismiss'] button").click()
	wd.waitFor(".flash", "Entry #"+second+" dismissed. This is the next entry")
	if e, _ := app.DB.EntryByID(t.Context(), mustInt(second)); e.Outcome != matching.EntryDismissed {
		t.Errorf("entry %s is %s after dismiss & next", second, e.Outcome)
	}

	// every sales entry, not only those in review
	wd.find("nav a[href='/entries?outcome=all']").click()
	wd.waitFor("h1", "Sales entries")
	wd.waitFor("#queue-total", "entries match")
	if txt := wd.find("table.queue").text(); !strings.Contains(txt, "processed") {
		t.Errorf("the sales entries log lists no processed entry: %.300s", txt)
	}
}
