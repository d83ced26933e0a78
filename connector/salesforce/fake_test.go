package salesforce

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeOrg is an httptest Salesforce that answers with the real bodies in testdata/.
type fakeOrg struct {
	t   *testing.T
	srv *httptest.Server

	mu          sync.Mutex
	tokenStatus int    // answer status of /services/oauth2/token and SOAP login (0 = 200)
	tokenFile   string // body for a refused token/SOAP login
	session     string // the bearer token REST calls must carry
	issued      int    // sessions issued
	fails       []answer
	routes      map[string]answer // "GET /services/data/v62.0/limits" → answer
	limitInfo   string            // Sforce-Limit-Info header value
	calls       int               // every request
	restCalls   int               // requests other than logins
	lastForm    url.Values        // last token request form
	lastSOAP    string            // last SOAP login body
	bodies      map[string]string // last request body per route
	queries     []string          // q parameters seen
}

// answer is one scripted response.
type answer struct {
	status int
	file   string                      // testdata file; empty: no body
	body   string                      // literal body when file is empty
	dyn    func(reqBody string) answer // computes the answer from the request body
	delay  time.Duration               // wait before answering (without holding the fake's lock)
}

func newFakeOrg(t *testing.T) *fakeOrg {
	f := &fakeOrg{t: t, routes: map[string]answer{}, bodies: map[string]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// config returns a client config for mode against this server, with fast backoff.
func (f *fakeOrg) config(mode AuthMode) Config {
	return Config{
		LoginURL: f.srv.URL, Auth: mode, ClientID: "cid", ClientSecret: "secret",
		Username: "ops@example.com", Password: "pa<ss", SecurityToken: "TOK123", RefreshToken: "rt-1",
		Attempts: 4, BackoffBase: time.Millisecond, BackoffMax: 4 * time.Millisecond, Timeout: 10 * time.Second,
	}
}

func (f *fakeOrg) client(mode AuthMode) *Client {
	f.t.Helper()
	c, err := New(f.config(mode))
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fakeOrg) route(key string, a answer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[key] = a
}

func (f *fakeOrg) failNext(a answer, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.fails = append(f.fails, a)
	}
}

// expireSession makes the current session invalid (as Salesforce does on timeout).
func (f *fakeOrg) expireSession() { f.mu.Lock(); f.session = "expired"; f.mu.Unlock() }

// refuseLogins makes token/SOAP logins fail with status and file (0 restores success).
func (f *fakeOrg) refuseLogins(status int, file string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokenStatus, f.tokenFile = status, file
}

func (f *fakeOrg) counts() (calls, rest, issued int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.restCalls, f.issued
}

func (f *fakeOrg) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls++
	switch {
	case r.URL.Path == "/services/oauth2/token":
		f.lastForm, _ = url.ParseQuery(string(body))
		f.login(w, "oauth_token_refresh.json", `"instance_url":"https://yourInstance.salesforce.com/"`,
			`"instance_url":"`+f.srv.URL+`/"`, "application/json")
		f.mu.Unlock()
		return
	case strings.HasPrefix(r.URL.Path, "/services/Soap/u/"):
		f.lastSOAP = string(body)
		f.login(w, "soap_login_response_partner_capture.xml", "https://cs18.salesforce.com", f.srv.URL, "text/xml")
		f.mu.Unlock()
		return
	}
	f.restCalls++
	if f.limitInfo != "" {
		w.Header().Set("Sforce-Limit-Info", f.limitInfo)
	}
	a := f.answerFor(r, string(body))
	f.mu.Unlock()
	time.Sleep(a.delay)
	f.write(w, a)
}

// answerFor picks the scripted answer for a REST request; f.mu is held.
func (f *fakeOrg) answerFor(r *http.Request, body string) answer {
	key := r.Method + " " + r.URL.Path
	f.bodies[key] = body
	if q := r.URL.Query().Get("q"); q != "" {
		f.queries = append(f.queries, q)
	}
	if r.Header.Get("Authorization") != "Bearer "+f.session || f.session == "" {
		return answer{status: 401, file: "error_invalid_session_id_401.json"}
	}
	if len(f.fails) > 0 {
		a := f.fails[0]
		f.fails = f.fails[1:]
		return a
	}
	a, ok := f.routes[key]
	if !ok {
		a = answer{status: 404, file: "error_not_found_404.json"}
	}
	if a.dyn != nil {
		a = a.dyn(body)
	}
	return a
}

// login answers a token or SOAP login with the real body, pointed at this server.
func (f *fakeOrg) login(w http.ResponseWriter, file, from, to, ctype string) {
	if f.tokenStatus != 0 && f.tokenStatus != 200 {
		f.write(w, answer{status: f.tokenStatus, file: f.tokenFile})
		return
	}
	body := strings.ReplaceAll(readTestdata(f.t, file), from, to)
	f.issued++
	if ctype == "text/xml" {
		f.session = "00D11000000DMaw!REDACTED"
	} else {
		tok := fmt.Sprintf("token-%d", f.issued)
		body = strings.Replace(body, `"access_token":"00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4"`,
			`"access_token":"`+tok+`"`, 1)
		f.session = tok
	}
	w.Header().Set("Content-Type", ctype)
	_, _ = io.WriteString(w, body)
}

func (f *fakeOrg) write(w http.ResponseWriter, a answer) {
	body := a.body
	if a.file != "" {
		body = readTestdata(f.t, a.file)
	}
	if strings.HasPrefix(strings.TrimSpace(body), "<") {
		w.Header().Set("Content-Type", "text/xml")
	} else if body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := a.status
	if status == 0 {
		status = 200
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
