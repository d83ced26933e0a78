//go:build e2e

package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// webDriver is a minimal W3C WebDriver client: just the calls the e2e test makes.
type webDriver struct {
	t       *testing.T
	base    string
	session string
	hc      *http.Client
}

// element is a found element of the page.
type element struct {
	wd *webDriver
	id string
}

const elementKey = "element-6066-11e4-a52e-4f735466cecf"

func (wd *webDriver) call(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, wd.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	res, err := wd.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("webdriver %s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (wd *webDriver) must(method, path string, body, out any) {
	wd.t.Helper()
	if err := wd.call(method, path, body, out); err != nil {
		wd.t.Fatal(err)
	}
}

func (wd *webDriver) open(url string) {
	wd.t.Helper()
	wd.must("POST", wd.session+"/url", map[string]string{"url": url}, nil)
}

func (wd *webDriver) resize(w, h int) {
	wd.t.Helper()
	wd.must("POST", wd.session+"/window/rect", map[string]int{"width": w, "height": h}, nil)
}

func (wd *webDriver) tryFind(css string) (*element, error) {
	var out struct {
		Value map[string]string `json:"value"`
	}
	if err := wd.call("POST", wd.session+"/element", map[string]string{"using": "css selector", "value": css}, &out); err != nil {
		return nil, err
	}
	id := out.Value[elementKey]
	if id == "" {
		return nil, fmt.Errorf("webdriver: find %q answered %v", css, out.Value)
	}
	return &element{wd: wd, id: id}, nil
}

// find returns the first element matching css, waiting up to 10 s for it.
func (wd *webDriver) find(css string) *element {
	wd.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		el, err := wd.tryFind(css)
		if err == nil {
			return el
		}
		if time.Now().After(deadline) {
			wd.t.Fatalf("no element %q on %s: %v", css, wd.currentURL(), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitFor waits until the element matching css contains text.
func (wd *webDriver) waitFor(css, text string) {
	wd.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		if el, err := wd.tryFind(css); err == nil {
			if last = el.tryText(); strings.Contains(last, text) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	wd.t.Fatalf("%q never showed %q on %s (last %q)", css, text, wd.currentURL(), last)
}

func (wd *webDriver) currentURL() string {
	var out struct{ Value string }
	wd.call("GET", wd.session+"/url", nil, &out)
	return out.Value
}

// screenshot saves the visible page as a PNG.
func (wd *webDriver) screenshot(path string) {
	wd.t.Helper()
	var out struct{ Value string }
	wd.must("GET", wd.session+"/screenshot", nil, &out)
	png, err := base64.StdEncoding.DecodeString(out.Value)
	if err != nil {
		wd.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		wd.t.Fatal(err)
	}
}

func (el *element) click() {
	el.wd.t.Helper()
	el.wd.must("POST", el.wd.session+"/element/"+el.id+"/click", map[string]any{}, nil)
}

func (el *element) typeText(s string) {
	el.wd.t.Helper()
	el.wd.must("POST", el.wd.session+"/element/"+el.id+"/value", map[string]string{"text": s}, nil)
}

func (el *element) clear() {
	el.wd.t.Helper()
	el.wd.must("POST", el.wd.session+"/element/"+el.id+"/clear", map[string]any{}, nil)
}

func (el *element) tryText() string {
	var out struct{ Value string }
	el.wd.call("GET", el.wd.session+"/element/"+el.id+"/text", nil, &out)
	return out.Value
}

func (el *element) text() string { return el.tryText() }

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func execCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	return cmd
}

// pressKeys sends key strokes to the focused element (e.g. "\uE004" Tab, "\uE007" Enter).
func (wd *webDriver) pressKeys(keys ...string) {
	wd.t.Helper()
	var acts []map[string]string
	for _, k := range keys {
		acts = append(acts, map[string]string{"type": "keyDown", "value": k}, map[string]string{"type": "keyUp", "value": k})
	}
	wd.must("POST", wd.session+"/actions", map[string]any{"actions": []any{map[string]any{"type": "key", "id": "keyboard", "actions": acts}}}, nil)
}

// script runs JavaScript in the page and returns its string result.
func (wd *webDriver) script(js string) string {
	wd.t.Helper()
	var out struct{ Value any }
	wd.must("POST", wd.session+"/execute/sync", map[string]any{"script": js, "args": []any{}}, &out)
	return fmt.Sprint(out.Value)
}
