package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// errLogin marks failures of the login itself (always safe to retry).
var errLogin = errors.New("log in")

// tokenResponse is the body of a successful OAuth token answer.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	InstanceURL  string `json:"instance_url"`
	RefreshToken string `json:"refresh_token"`
}

// login obtains a new session for the configured mode; the caller holds the lock. A refusal of
// the credentials sets the state unauthorized and returns ErrUnauthorized; other failures are
// returned as *APIError or network errors so the retry loop can treat them.
func (c *Client) login(ctx context.Context) (err error) {
	cctx, cancel := context.WithTimeout(ctx, c.config().Timeout)
	defer cancel()
	ex := &exchange{}
	hc := c.httpClient(cctx, ex, true)
	if c.config().Auth == AuthPassword {
		err = c.loginPassword(hc, ex)
	} else {
		err = c.loginOAuth(cctx, hc)
	}
	var ae *APIError
	if errors.As(err, &ae) && refusal(ae) {
		msg := credentialsMessage(c.config().Auth, ae)
		c.setState(StatusUnauthorized, msg)
		return &connError{kind: ErrUnauthorized, msg: msg, cause: ae}
	}
	if err != nil {
		return fmt.Errorf("%w (%s): %w", errLogin, c.config().Auth, err)
	}
	c.gen++
	return nil
}

// refusal reports whether a login answer refuses the credentials (rather than failing for a
// reason that may pass: 5xx without a SOAP fault code, a refusal for now (loginDeferred), or a
// garbled answer).
func refusal(ae *APIError) bool {
	if loginDeferred(ae) {
		return false
	}
	if ae.StatusCode >= 400 && ae.StatusCode < 500 {
		return true
	}
	// SOAP faults (INVALID_LOGIN, LOGIN_MUST_USE_SECURITY_TOKEN, …) come with HTTP 500.
	return ae.StatusCode == http.StatusInternalServerError && ae.Code != ""
}

// loginPassword is simpleforce's SOAP login with the security token appended to the password.
func (c *Client) loginPassword(hc *http.Client, ex *exchange) (err error) {
	c.sf.SetHttpClient(hc)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("simpleforce panicked: %v", r)
		}
		if err != nil && ex.status >= 300 {
			err = parseError(ex.status, ex.body)
		}
	}()
	c.sf.SetSidLoc("", "")
	// simpleforce escapes only the password; username and token go into the XML as they are.
	err = c.sf.LoginPassword(html.EscapeString(c.config().Username), c.config().Password, html.EscapeString(c.config().SecurityToken))
	if err != nil {
		return err
	}
	if c.sf.GetSid() == "" || c.sf.GetLoc() == "" {
		return errors.New("SOAP login answered without a session id or server URL")
	}
	c.instance.Store(c.sf.GetLoc())
	return nil
}

// loginOAuth posts to {LoginURL}/services/oauth2/token and hands the token to simpleforce.
func (c *Client) loginOAuth(ctx context.Context, hc *http.Client) error {
	form := url.Values{"grant_type": {string(c.config().Auth)}, "client_id": {c.config().ClientID}}
	if c.config().ClientSecret != "" {
		form.Set("client_secret", c.config().ClientSecret)
	}
	if c.config().Auth == AuthRefreshToken {
		form.Set("refresh_token", c.config().RefreshToken)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.config().LoginURL+"/services/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("request token: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read token answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return parseError(resp.StatusCode, body)
	}
	var tok tokenResponse
	if err := json.Unmarshal(body, &tok); err != nil {
		return fmt.Errorf("decode token answer: %w", err)
	}
	if tok.AccessToken == "" || tok.InstanceURL == "" {
		return errors.New("token answer without access_token or instance_url")
	}
	if tok.RefreshToken != "" && c.config().Auth == AuthRefreshToken && tok.RefreshToken != c.config().RefreshToken {
		cfg := *c.config()
		cfg.RefreshToken = tok.RefreshToken // rotation: the new token replaces the old one
		c.cfgp.Store(&cfg)
		if cfg.OnRefreshToken != nil {
			cfg.OnRefreshToken(tok.RefreshToken)
		}
	}
	c.sf.SetSidLoc(tok.AccessToken, strings.TrimRight(tok.InstanceURL, "/"))
	c.instance.Store(strings.TrimRight(tok.InstanceURL, "/"))
	return nil
}
