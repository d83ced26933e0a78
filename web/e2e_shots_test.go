//go:build e2e

package web

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestE2EScreenshots saves the queue, the entry page (top and actions) and the
// push settings at 1280 and 390 px to $REFSYNC_ARTIFACTS, for a person to
// compare with earlier ones; at both widths no page may scroll sideways.
func TestE2EScreenshots(t *testing.T) {
	app := newTestApp(t, func(d *Deps) { d.Describe, d.Objects = testDescribe, testObjects })
	e2eData(t, app)
	_, _, entry := app.seed()
	app.addUser("admin@example.com", "admin")
	dir := artifactsDir(t)
	wd := startBrowser(t)
	wd.signIn(app.Srv.URL, "admin@example.com")
	for _, w := range []int{1280, 390} {
		wd.resize(w, 900)
		for _, pg := range []struct{ path, title, shot, scroll string }{
			{"/entries", "Review queue", "queue", ""},
			{fmt.Sprintf("/entries/%d", entry.ID), "Entry", "entry", ""},
			{fmt.Sprintf("/entries/%d", entry.ID), "Entry", "entry-candidates", "h-cands"},
			{fmt.Sprintf("/entries/%d?rq=anne", entry.ID), "Entry", "entry-actions", "h-actions"},
			{"/settings", "Settings", "push-settings", "h-push"},
		} {
			wd.open(app.Srv.URL + pg.path)
			wd.waitFor("h1", pg.title)
			if pg.scroll != "" {
				wd.script(`const e = document.getElementById("` + pg.scroll + `"); if (e) e.scrollIntoView(); return ""`)
			}
			wd.screenshot(filepath.Join(dir, fmt.Sprintf("%s-%d.png", pg.shot, w)))
			if wide := wd.script(overflowJS); wide != "" {
				t.Errorf("%s at %d px scrolls sideways: %s", pg.path, w, wide)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
