package salesforce

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// AuthMode selects how the client obtains a Salesforce session.
type AuthMode string

// The three supported ways to log in.
const (
	// AuthClientCredentials is the OAuth 2.0 client-credentials flow (recommended for real orgs).
	AuthClientCredentials AuthMode = "client_credentials"
	// AuthRefreshToken is the OAuth 2.0 refresh-token flow.
	AuthRefreshToken AuthMode = "refresh_token"
	// AuthPassword is username + password + security token through the SOAP login call (legacy).
	AuthPassword AuthMode = "password"
)

// Defaults used when a Config field is left at its zero value.
const (
	DefaultLoginURL      = "https://login.salesforce.com"
	DefaultAPIVersion    = "62.0"
	DefaultTimeout       = 2 * time.Minute
	DefaultDailyFraction = 0.80
	DefaultRunFraction   = 0.25
	DefaultRecheck       = 5 * time.Minute
	DefaultAttempts      = 5
	DefaultBackoffBase   = time.Second
	DefaultBackoffMax    = 30 * time.Second
)

// Config is everything the client needs; secrets come from the environment, never the database.
type Config struct {
	LoginURL      string   // e.g. https://login.salesforce.com or a My Domain URL
	Auth          AuthMode // client_credentials | refresh_token | password
	ClientID      string   // connected app consumer key
	ClientSecret  string   // connected app consumer secret
	Username      string   // password mode
	Password      string   // password mode
	SecurityToken string   // password mode; appended to the password
	RefreshToken  string   // refresh_token mode
	APIVersion    string   // "62.0" (no leading v); default DefaultAPIVersion

	Timeout time.Duration // per HTTP call; default DefaultTimeout

	DailyFraction float64       // never use more than this share of the daily allowance; default 0.80
	RunFraction   float64       // never use more than this share of it in one run; default 0.25
	Recheck       time.Duration // while the daily budget is spent, let one call through this often to re-read usage

	Attempts    int           // attempts per call on 503 / REQUEST_LIMIT_EXCEEDED (incl. the first); default 5
	BackoffBase time.Duration // first backoff delay; doubles each retry, with jitter
	BackoffMax  time.Duration // cap on a single backoff delay

	Transport http.RoundTripper // base transport; default http.DefaultTransport
	// OnStateChange is called when the status or the last error changes. It may run while the
	// client's call lock is held (during a login): it may call State and Usage, not calls that
	// reach Salesforce. Keep it short (e.g. hand the State to the store).
	OnStateChange func(State)
	// OnRefreshToken is called with the new refresh token when the org rotates it (a refresh grant
	// answered with another refresh_token; the one used stops working). Keep it where the next
	// process finds it (connector.RefreshTokens seals it into the database). It runs under the
	// client's call lock: keep it short and do not call the client.
	OnRefreshToken func(token string)
}

// withDefaults returns a copy of c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.LoginURL == "" {
		c.LoginURL = DefaultLoginURL
	}
	c.LoginURL = strings.TrimRight(c.LoginURL, "/")
	c.APIVersion = strings.TrimPrefix(strings.TrimSpace(c.APIVersion), "v")
	if c.APIVersion == "" {
		c.APIVersion = DefaultAPIVersion
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.DailyFraction <= 0 {
		c.DailyFraction = DefaultDailyFraction
	}
	if c.RunFraction <= 0 {
		c.RunFraction = DefaultRunFraction
	}
	if c.Recheck <= 0 {
		c.Recheck = DefaultRecheck
	}
	if c.Attempts <= 0 {
		c.Attempts = DefaultAttempts
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = DefaultBackoffBase
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = DefaultBackoffMax
	}
	if c.Transport == nil {
		c.Transport = http.DefaultTransport
	}
	return c
}

// validate says in words what is missing for the chosen auth mode.
func (c Config) validate() error {
	var missing []string
	need := func(v, env string) {
		if v == "" {
			missing = append(missing, env)
		}
	}
	switch c.Auth {
	case AuthClientCredentials:
		need(c.ClientID, "REFSYNC_SF_CLIENT_ID")
		need(c.ClientSecret, "REFSYNC_SF_CLIENT_SECRET")
	case AuthRefreshToken:
		need(c.ClientID, "REFSYNC_SF_CLIENT_ID")
		need(c.RefreshToken, "REFSYNC_SF_REFRESH_TOKEN")
	case AuthPassword:
		need(c.Username, "REFSYNC_SF_USERNAME")
		need(c.Password, "REFSYNC_SF_PASSWORD")
	default:
		return fmt.Errorf("salesforce: unknown auth mode %q: set REFSYNC_SF_AUTH to client_credentials, refresh_token or password", c.Auth)
	}
	if len(missing) > 0 {
		return fmt.Errorf("salesforce: %s login needs %s: set them in the environment", c.Auth, strings.Join(missing, ", "))
	}
	if c.DailyFraction > 1 || c.RunFraction > 1 {
		return fmt.Errorf("salesforce: budget fractions must be at most 1 (daily %.2f, run %.2f)", c.DailyFraction, c.RunFraction)
	}
	return nil
}

// String describes the configuration with every secret redacted, so it is safe to log.
func (c Config) String() string {
	red := func(s string) string {
		if s == "" {
			return `""`
		}
		return "[redacted]"
	}
	return fmt.Sprintf("salesforce.Config{LoginURL: %q, Auth: %s, ClientID: %q, ClientSecret: %s, Username: %q, Password: %s, SecurityToken: %s, RefreshToken: %s, APIVersion: %q, Timeout: %s}",
		c.LoginURL, c.Auth, c.ClientID, red(c.ClientSecret), c.Username, red(c.Password), red(c.SecurityToken), red(c.RefreshToken), c.APIVersion, c.Timeout)
}

// GoString is String, so %#v does not print secrets either.
func (c Config) GoString() string { return c.String() }
