//go:build e2e

package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browser drives a headless Chromium over the DevTools protocol (chromedp):
// the few calls the browser tests make, each failing the test on error.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// element is the first element matching a CSS selector, looked up at each call.
type element struct {
	b   *browser
	css string
}

// step is how long one browser call may take before the test fails.
const step = 10 * time.Second

// startBrowser starts headless Chromium ($REFSYNC_CHROMIUM, default chromium on
// PATH) at 1280×1000. Without Chromium the test is skipped, unless CI is set.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	bin := envOr("REFSYNC_CHROMIUM", "chromium")
	path, err := exec.LookPath(bin)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium is missing (%s): install the Debian package chromium", bin)
		}
		t.Skipf("Chromium not available (install the Debian package chromium): %v", err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // the first call starts the browser on the long-lived context
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx}
	b.resize(1280, 1000)
	return b
}

// do runs the steps with a time limit; an error fails the test.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s on %s: %v", what, b.currentURL(), err)
	}
}

// open loads url and waits for the page to load.
func (b *browser) open(url string) { b.t.Helper(); b.do("open "+url, chromedp.Navigate(url)) }

// resize sets the page's viewport (the width the CSS sees).
func (b *browser) resize(w, h int) {
	b.t.Helper()
	b.do("resize", chromedp.EmulateViewport(int64(w), int64(h)))
}

// find waits up to 10 s for an element matching css.
func (b *browser) find(css string) *element {
	b.t.Helper()
	b.do("find "+css, chromedp.Query(chromedp.CSS(css)))
	return &element{b: b, css: css}
}

// has reports whether an element matches css now.
func (b *browser) has(css string) bool {
	b.t.Helper()
	return b.script("return document.querySelector("+strconv.Quote(css)+") !== null") == "true"
}

// waitFor waits until the element matching css contains text.
func (b *browser) waitFor(css, text string) {
	b.t.Helper()
	deadline := time.Now().Add(step)
	last := ""
	for time.Now().Before(deadline) {
		if s, err := b.eval(`(function(){const e = document.querySelector(` + strconv.Quote(css) + `); return e ? e.innerText : "";})()`); err == nil {
			if last = s; strings.Contains(s, text) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%q never showed %q on %s (last %q)", css, text, b.currentURL(), last)
}

func (b *browser) currentURL() string {
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	u, _ := chromedp.Run(ctx, chromedp.Location())
	return u
}

// screenshot saves the visible part of the page as a PNG.
func (b *browser) screenshot(path string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// pressKeys sends key strokes to the focused element (kb.Tab, kb.Enter, letters).
func (b *browser) pressKeys(keys ...string) {
	b.t.Helper()
	b.script(`window.__beforeClick = true; return ""`)
	b.do("keys", chromedp.KeyEvent(strings.Join(keys, "")))
	if strings.Contains(strings.Join(keys, ""), kb.Enter) {
		b.settle()
	}
}

func (b *browser) eval(expr string) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", nil
	}
	return fmt.Sprint(v), nil
}

// script runs a JavaScript function body in the page and returns its result as text.
func (b *browser) script(js string) string {
	b.t.Helper()
	s, err := b.eval("(function(){" + js + "\n})()")
	if err != nil {
		b.t.Fatalf("script on %s: %v", b.currentURL(), err)
	}
	return s
}

// click clicks the element; an <option> is chosen in its <select> (which fires change).
func (el *element) click() {
	el.b.t.Helper()
	sel := strconv.Quote(el.css)
	if el.b.script(`return document.querySelector(`+sel+`).tagName`) == "OPTION" {
		el.b.script(`const o = document.querySelector(` + sel + `), s = o.closest("select");
s.value = o.value; s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true})); return ""`)
		return
	}
	el.b.script(`window.__beforeClick = true; return ""`)
	el.b.do("click "+el.css, chromedp.Click(chromedp.CSS(el.css), chromedp.NodeVisible))
	el.b.settle()
}

// settle waits briefly for a navigation the last action may have started:
// until a new document has loaded, or 300 ms without one.
func (b *browser) settle() {
	quiet := time.Now().Add(300 * time.Millisecond)
	for deadline := time.Now().Add(step); time.Now().Before(deadline); time.Sleep(25 * time.Millisecond) {
		s, err := b.eval(`(window.__beforeClick ? "old" : "new") + " " + document.readyState`)
		if s == "new complete" || (s == "old complete" && time.Now().After(quiet)) {
			return
		}
		if err == nil && s == "old complete" {
			continue
		}
		quiet = time.Now().Add(300 * time.Millisecond) // navigating: wait for the new page
	}
}

// typeText types s into the element (kb.Enter submits, kb.Tab moves on).
func (el *element) typeText(s string) {
	el.b.t.Helper()
	el.b.script(`window.__beforeClick = true; return ""`)
	el.b.do("type into "+el.css, chromedp.SendKeys(chromedp.CSS(el.css), s))
	if strings.Contains(s, kb.Enter) {
		el.b.settle()
	}
}

// clear empties an input.
func (el *element) clear() {
	el.b.t.Helper()
	el.b.do("clear "+el.css, chromedp.Clear(chromedp.CSS(el.css)))
}

// text is the element's rendered text.
func (el *element) text() string {
	el.b.t.Helper()
	return el.b.script(`const e = document.querySelector(` + strconv.Quote(el.css) + `); return e ? e.innerText : ""`)
}

// signIn signs in on the app at base as email (with the test password) and
// waits for the dashboard.
func (b *browser) signIn(base, email string) {
	b.t.Helper()
	b.open(base + "/login")
	b.find("#email").typeText(email)
	b.find("#password").typeText(testPassword + kb.Enter)
	b.waitFor("h1", "Dashboard")
}
