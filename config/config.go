// Package config holds what the admin configured: the bootstrap settings (YAML
// file, then REFSYNC_* environment, then flags; secrets only from the
// environment) and the sync rules.
package config

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the bootstrap configuration of a refsync process.
type Config struct {
	DB           string        `yaml:"db"`            // SQLite file; default ./refsync.db (REFSYNC_DB, --db)
	Addr         string        `yaml:"addr"`          // HTTP listen address; default 127.0.0.1:8080 (REFSYNC_ADDR)
	PollInterval time.Duration `yaml:"poll_interval"` // default 1m (REFSYNC_POLL_INTERVAL)
	SecureCookie bool          `yaml:"secure_cookie"` // mark cookies Secure (behind HTTPS/TLS proxy) (REFSYNC_SECURE_COOKIE)
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges) whose
	// X-Forwarded-For header names the client (REFSYNC_TRUSTED_PROXIES, comma-separated).
	TrustedProxies []string `yaml:"trusted_proxies"`
	// WebhooksAllowPrivate lets webhooks reach private, loopback and
	// link-local addresses (REFSYNC_WEBHOOKS_ALLOW_PRIVATE); off by default.
	WebhooksAllowPrivate bool       `yaml:"webhooks_allow_private"`
	Salesforce           Salesforce `yaml:"salesforce"`
	Notify               Notify     `yaml:"notify"`
	SecretKey            string     `yaml:"-"` // secret: REFSYNC_SECRET_KEY only; keys SecretBox
}

// Notify is how refsync tells people that entries went to review (process
// rule e): one digest per interval, by email when an SMTP server is set (and
// to the webhooks subscribed to entry.review).
type Notify struct {
	Every        time.Duration `yaml:"every"`         // one digest at most this often; default 15m (REFSYNC_NOTIFY_EVERY)
	SMTPAddr     string        `yaml:"smtp_addr"`     // host:port; "" sends no email (REFSYNC_SMTP_ADDR)
	SMTPFrom     string        `yaml:"smtp_from"`     // sender (REFSYNC_SMTP_FROM)
	SMTPTo       []string      `yaml:"smtp_to"`       // recipients (REFSYNC_SMTP_TO, comma-separated)
	SMTPUsername string        `yaml:"smtp_username"` // "" : no authentication (REFSYNC_SMTP_USERNAME)
	SMTPPassword string        `yaml:"-"`             // secret: REFSYNC_SMTP_PASSWORD only
	BaseURL      string        `yaml:"base_url"`      // the UI's address, for links in messages (REFSYNC_BASE_URL)
}

// Salesforce is how to reach the org. Secrets are never read from the file.
type Salesforce struct {
	LoginURL      string `yaml:"login_url"`   // default https://login.salesforce.com (REFSYNC_SF_LOGIN_URL)
	Auth          string `yaml:"auth"`        // client_credentials | refresh_token | password (REFSYNC_SF_AUTH)
	APIVersion    string `yaml:"api_version"` // default 62.0 (REFSYNC_SF_API_VERSION)
	ClientID      string `yaml:"client_id"`   // REFSYNC_SF_CLIENT_ID
	Username      string `yaml:"username"`    // REFSYNC_SF_USERNAME
	ClientSecret  string `yaml:"-"`           // secret: REFSYNC_SF_CLIENT_SECRET only
	Password      string `yaml:"-"`           // secret: REFSYNC_SF_PASSWORD only
	SecurityToken string `yaml:"-"`           // secret: REFSYNC_SF_SECURITY_TOKEN only
	RefreshToken  string `yaml:"-"`           // secret: REFSYNC_SF_REFRESH_TOKEN only
	// BulkThreshold: a backfill or re-scan of at least this many records runs
	// as a Bulk API 2.0 query job; 0 the default (10,000), -1 never
	// (REFSYNC_SF_BULK_THRESHOLD).
	BulkThreshold int `yaml:"bulk_threshold"`
}

// Auth modes.
const (
	AuthClientCredentials = "client_credentials"
	AuthRefreshToken      = "refresh_token"
	AuthPassword          = "password"
)

// Default returns the configuration with every default filled in.
func Default() *Config {
	return &Config{
		DB:           "./refsync.db",
		Addr:         "127.0.0.1:8080",
		PollInterval: time.Minute,
		Notify:       Notify{Every: 15 * time.Minute},
		Salesforce:   Salesforce{LoginURL: "https://login.salesforce.com", Auth: AuthClientCredentials, APIVersion: "62.0"},
	}
}

// Load reads the YAML file at path (skipped when path is "") over the
// defaults, then the REFSYNC_* variables from getenv. Unknown keys in the file
// are an error that names them.
func Load(path string, getenv func(string) string) (*Config, error) {
	c := Default()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: read %s: %w", path, err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // an empty file is fine
			return nil, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	if err := c.applyEnv(getenv); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	if getenv == nil {
		return nil
	}
	str := map[string]*string{
		"REFSYNC_DB": &c.DB, "REFSYNC_ADDR": &c.Addr,
		"REFSYNC_SF_LOGIN_URL": &c.Salesforce.LoginURL, "REFSYNC_SF_AUTH": &c.Salesforce.Auth,
		"REFSYNC_SF_API_VERSION": &c.Salesforce.APIVersion, "REFSYNC_SF_CLIENT_ID": &c.Salesforce.ClientID,
		"REFSYNC_SF_USERNAME": &c.Salesforce.Username, "REFSYNC_SF_CLIENT_SECRET": &c.Salesforce.ClientSecret,
		"REFSYNC_SF_PASSWORD": &c.Salesforce.Password, "REFSYNC_SF_SECURITY_TOKEN": &c.Salesforce.SecurityToken,
		"REFSYNC_SF_REFRESH_TOKEN": &c.Salesforce.RefreshToken, SecretKeyEnv: &c.SecretKey,
		"REFSYNC_SMTP_ADDR": &c.Notify.SMTPAddr, "REFSYNC_SMTP_FROM": &c.Notify.SMTPFrom, "REFSYNC_SMTP_USERNAME": &c.Notify.SMTPUsername,
		"REFSYNC_SMTP_PASSWORD": &c.Notify.SMTPPassword, "REFSYNC_BASE_URL": &c.Notify.BaseURL,
	}
	for k, p := range str {
		if v := getenv(k); v != "" {
			*p = v
		}
	}
	if v := getenv("REFSYNC_POLL_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: REFSYNC_POLL_INTERVAL=%q is not a duration; write it like 30s, 5m or 1h", v)
		}
		c.PollInterval = d
	}
	if v := getenv("REFSYNC_SF_BULK_THRESHOLD"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("config: REFSYNC_SF_BULK_THRESHOLD=%q is not a whole number; write a record count like 10000, or -1 to never use Bulk API 2.0", v)
		}
		c.Salesforce.BulkThreshold = n
	}
	if v := getenv("REFSYNC_SMTP_TO"); v != "" {
		c.Notify.SMTPTo = splitList(v)
	}
	if v := getenv("REFSYNC_NOTIFY_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: REFSYNC_NOTIFY_EVERY=%q is not a duration; write it like 15m or 1h", v)
		}
		c.Notify.Every = d
	}
	if v := getenv("REFSYNC_TRUSTED_PROXIES"); v != "" {
		c.TrustedProxies = splitList(v)
	}
	if v := getenv("REFSYNC_WEBHOOKS_ALLOW_PRIVATE"); v != "" {
		c.WebhooksAllowPrivate = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	if v := getenv("REFSYNC_SECURE_COOKIE"); v != "" {
		c.SecureCookie = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	return nil
}

// Validate checks every value; each message names the key and what is allowed.
func (c *Config) Validate() error {
	var errs []error
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("db (REFSYNC_DB, --db): must be a file path, e.g. ./refsync.db"))
	}
	if c.Addr != "" && !strings.Contains(c.Addr, ":") {
		errs = append(errs, fmt.Errorf("addr (REFSYNC_ADDR): %q must be host:port, e.g. 127.0.0.1:8080", c.Addr))
	}
	if c.PollInterval < time.Second || c.PollInterval > 24*time.Hour {
		errs = append(errs, fmt.Errorf("poll_interval (REFSYNC_POLL_INTERVAL): %s must be between 1s and 24h", c.PollInterval))
	}
	if _, err := c.ProxyNets(); err != nil {
		errs = append(errs, err)
	}
	if n := c.Notify; n.Every < time.Minute || n.Every > 24*time.Hour {
		errs = append(errs, fmt.Errorf("notify.every (REFSYNC_NOTIFY_EVERY): %s must be between 1m and 24h", n.Every))
	}
	if n := c.Notify; n.SMTPAddr != "" && (n.SMTPFrom == "" || len(n.SMTPTo) == 0 || !strings.Contains(n.SMTPAddr, ":")) {
		errs = append(errs, fmt.Errorf("notify: with smtp_addr (REFSYNC_SMTP_ADDR) %q as host:port, set smtp_from (REFSYNC_SMTP_FROM) and smtp_to (REFSYNC_SMTP_TO) too", n.SMTPAddr))
	}
	if _, err := c.SecretBox(); err != nil {
		errs = append(errs, err)
	}
	if c.Salesforce.BulkThreshold < -1 {
		errs = append(errs, fmt.Errorf("salesforce.bulk_threshold (REFSYNC_SF_BULK_THRESHOLD): %d must be a record count, 0 for the default (10000) or -1 to never use Bulk API 2.0", c.Salesforce.BulkThreshold))
	}
	if err := c.Salesforce.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Validate checks the Salesforce connection settings.
func (s *Salesforce) Validate() error {
	var errs []error
	u, err := url.Parse(s.LoginURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("salesforce.login_url (REFSYNC_SF_LOGIN_URL): %q must be an https URL such as https://login.salesforce.com or your My Domain URL", s.LoginURL))
	}
	need := func(ok bool, key, env string) {
		if !ok {
			errs = append(errs, fmt.Errorf("salesforce.%s: required for auth %s; set %s", key, s.Auth, env))
		}
	}
	switch s.Auth {
	case AuthClientCredentials:
		need(s.ClientID != "", "client_id", "REFSYNC_SF_CLIENT_ID")
		need(s.ClientSecret != "", "client_secret", "REFSYNC_SF_CLIENT_SECRET")
	case AuthRefreshToken:
		need(s.ClientID != "", "client_id", "REFSYNC_SF_CLIENT_ID")
		need(s.RefreshToken != "", "refresh_token", "REFSYNC_SF_REFRESH_TOKEN")
	case AuthPassword:
		need(s.Username != "", "username", "REFSYNC_SF_USERNAME")
		need(s.Password != "", "password", "REFSYNC_SF_PASSWORD")
	default:
		errs = append(errs, fmt.Errorf("salesforce.auth (REFSYNC_SF_AUTH): %q must be one of client_credentials, refresh_token, password", s.Auth))
	}
	return errors.Join(errs...)
}

// String prints the configuration with every secret redacted.
func (c *Config) String() string {
	red := func(s string) string {
		if s == "" {
			return `""`
		}
		return "[redacted]"
	}
	s := c.Salesforce
	return fmt.Sprintf("db=%s addr=%s poll_interval=%s secure_cookie=%t trusted_proxies=%s webhooks_allow_private=%t notify.every=%s notify.smtp_addr=%s notify.smtp_to=%s notify.smtp_password=%s secret_key=%s salesforce.login_url=%s salesforce.auth=%s salesforce.api_version=%s salesforce.client_id=%s salesforce.username=%s salesforce.client_secret=%s salesforce.password=%s salesforce.security_token=%s salesforce.refresh_token=%s",
		c.DB, c.Addr, c.PollInterval, c.SecureCookie, strings.Join(c.TrustedProxies, ","), c.WebhooksAllowPrivate, c.Notify.Every, c.Notify.SMTPAddr, strings.Join(c.Notify.SMTPTo, ","), red(c.Notify.SMTPPassword), red(c.SecretKey), s.LoginURL, s.Auth, s.APIVersion, s.ClientID, s.Username,
		red(s.ClientSecret), red(s.Password), red(s.SecurityToken), red(s.RefreshToken))
}

// SecretBox returns the box keyed by REFSYNC_SECRET_KEY (one without a key when
// it is unset), or an error when the key is too short.
func (c *Config) SecretBox() (*SecretBox, error) { return NewSecretBox(c.SecretKey) }
