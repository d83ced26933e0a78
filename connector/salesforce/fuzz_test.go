package salesforce

import (
	"testing"
)

// FuzzParseError: any error body from any status yields an APIError with that status and some
// text, never a panic (simpleforce's own parser panics on "[]").
func FuzzParseError(f *testing.F) {
	for _, name := range []string{"error_malformed_id_400.json", "oauth_token_refresh_error_restforce.json", "soap_login_fault_invalid_login.xml"} {
		f.Add(500, []byte(readTestdata(f, name)))
	}
	f.Add(503, []byte("[]"))
	f.Add(502, []byte("<html>Bad gateway</html>"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := parseError(status, body)
		if e.StatusCode != status || (e.Code == "" && e.Message == "" && len(body) > 0 && status >= 100 && status < 600) {
			t.Fatalf("parseError(%d, %q) = %+v", status, body, e)
		}
		_ = e.Error()
	})
}

// FuzzLimitInfo: a Sforce-Limit-Info header never panics and never records a usage without a max.
func FuzzLimitInfo(f *testing.F) {
	f.Add("api-usage=18/5000")
	f.Add("api-usage=10/1000, per-app-api-usage=900/1000(appName=refsync)")
	f.Add("api-usage=/")
	f.Fuzz(func(t *testing.T, h string) {
		c := &Client{}
		c.observeLimitInfo(h)
		if u := c.Usage(); u.Max <= 0 && !u.At.IsZero() {
			t.Fatalf("%q recorded %+v", h, u)
		}
	})
}
