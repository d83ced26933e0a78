package sfemu

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// testOrg starts an emulator on a free port and logs in with the password grant.
func testOrg(t testing.TB, opts Options) (*Server, *client) {
	t.Helper()
	s, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	c := &client{t: t, base: s.URL(), ver: "v" + APIVersion}
	c.login(s.Options())
	return s, c
}

// client is a tiny REST client for tests.
type client struct {
	t     testing.TB
	base  string
	ver   string
	token string
}

func (c *client) login(o Options) {
	c.t.Helper()
	status, body, _ := c.form("/services/oauth2/token", url.Values{"grant_type": {"password"}, "client_id": {o.ClientID},
		"client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password + o.SecurityToken}})
	if status != 200 {
		c.t.Fatalf("login: %d %s", status, body)
	}
	var tok map[string]any
	if err := json.Unmarshal(body, &tok); err != nil {
		c.t.Fatal(err)
	}
	c.token = tok["access_token"].(string)
}

func (c *client) form(path string, v url.Values) (int, []byte, http.Header) {
	c.t.Helper()
	resp, err := http.PostForm(c.base+path, v)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

// do sends a request to an API path ("/query?q=..." is relative to /services/data/vXX.X
// unless it starts with /services).
func (c *client) do(method, path string, body any) (int, []byte, http.Header) {
	c.t.Helper()
	if !strings.HasPrefix(path, "/services") && !strings.HasPrefix(path, "/id/") {
		path = "/services/data/" + c.ver + path
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = strings.NewReader(string(j))
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (c *client) query(soql string) (int, map[string]any) {
	c.t.Helper()
	status, b, _ := c.do("GET", "/query?q="+url.QueryEscape(soql), nil)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if m == nil {
		m = map[string]any{"raw": string(b)}
	}
	return status, m
}

func decode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func urlq(s string) string { return url.QueryEscape(s) }

func (c *client) post(path, body string) (int, []byte, http.Header) {
	c.t.Helper()
	resp, err := http.Post(c.base+path, "text/xml; charset=UTF-8", strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

// xmlElements lists the local names of the elements inside <result>.
func xmlElements(t testing.TB, b []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	in := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			if in {
				out = append(out, se.Name.Local)
			}
			in = in || se.Name.Local == "result"
		}
	}
	sort.Strings(out)
	return out
}
