package sfemu

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// authState holds the issued tokens.
type authState struct {
	mu      sync.Mutex
	access  map[string]time.Time // token → expiry
	refresh map[string]bool
	rotate  bool // a refresh grant replaces the refresh token it used
}

func (a *authState) init() {
	a.access = map[string]time.Time{}
	a.refresh = map[string]bool{}
}

// redeem checks a refresh token; with rotation on it is used up.
func (a *authState) redeem(tok string) (ok, rotate bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ok = a.refresh[tok]
	if ok && a.rotate {
		delete(a.refresh, tok)
	}
	return ok, a.rotate
}

// RevokeTokens invalidates every access and refresh token: API calls answer
// 401 INVALID_SESSION_ID and refresh grants answer invalid_grant.
func (s *Server) RevokeTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	s.auth.init()
}

func (s *Server) clock() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.now()
}

func randomToken(prefix string) string {
	b := make([]byte, 72)
	_, _ = rand.Read(b)
	return prefix + "!" + base64.RawURLEncoding.EncodeToString(b)
}

// issue creates an access token (and a refresh token when withRefresh).
func (s *Server) issue(withRefresh bool) (access, refresh string) {
	exp := s.clock().Add(s.opts.TokenTTL)
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	access = randomToken(s.orgID[:15])
	s.auth.access[access] = exp
	if withRefresh {
		refresh = randomToken("5Aep")
		s.auth.refresh[refresh] = true
	}
	return access, refresh
}

// authorized reports whether r carries a live access token.
func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(h, "OAuth ")
	}
	if !ok {
		return false
	}
	now := s.clock()
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	exp, ok := s.auth.access[strings.TrimSpace(tok)]
	return ok && now.Before(exp)
}

// tokenResponse is the OAuth token body, in Salesforce's key order.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Signature    string `json:"signature"`
	Scope        string `json:"scope,omitempty"`
	InstanceURL  string `json:"instance_url"`
	ID           string `json:"id"`
	TokenType    string `json:"token_type"`
	IssuedAt     string `json:"issued_at"`
}

type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleToken answers POST /services/oauth2/token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		writeJSON(w, 400, oauthError{"invalid_request", "must use HTTP POST"})
		return
	}
	f := r.PostForm
	grant := f.Get("grant_type")
	if grant != "password" && grant != "refresh_token" && grant != "client_credentials" {
		writeJSON(w, 400, oauthError{"unsupported_grant_type", "grant type not supported"})
		return
	}
	if f.Get("client_id") != s.opts.ClientID {
		writeJSON(w, 400, oauthError{"invalid_client_id", "client identifier invalid"})
		return
	}
	if sec := f.Get("client_secret"); sec != s.opts.ClientSecret && (sec != "" || grant != "refresh_token") {
		writeJSON(w, 400, oauthError{"invalid_client", "invalid client credentials"})
		return
	}
	var resp tokenResponse
	switch grant {
	case "password":
		if f.Get("username") != s.opts.Username || f.Get("password") != s.opts.Password+s.opts.SecurityToken {
			writeJSON(w, 400, oauthError{"invalid_grant", "authentication failure"})
			return
		}
		resp.AccessToken, resp.RefreshToken = s.issue(true)
	case "client_credentials":
		resp.AccessToken, _ = s.issue(false)
	case "refresh_token":
		ok, rotate := s.auth.redeem(f.Get("refresh_token"))
		if !ok {
			writeJSON(w, 400, oauthError{"invalid_grant", "expired access/refresh token"})
			return
		}
		resp.AccessToken, resp.RefreshToken = s.issue(rotate)
		resp.Scope = "refresh_token api"
	}
	s.fillToken(r, &resp)
	writeJSON(w, 200, resp)
}

func (s *Server) fillToken(r *http.Request, t *tokenResponse) {
	base := baseURL(r)
	t.InstanceURL = base
	t.ID = base + "/id/" + s.orgID + "/" + s.userID
	t.TokenType = "Bearer"
	t.IssuedAt = strconv.FormatInt(s.clock().UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(s.opts.ClientSecret))
	mac.Write([]byte(t.ID + t.IssuedAt))
	t.Signature = base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// handleRevoke answers POST /services/oauth2/revoke (token=...).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, oauthError{"invalid_request", "missing token"})
		return
	}
	tok := r.Form.Get("token")
	s.auth.mu.Lock()
	_, a := s.auth.access[tok]
	b := s.auth.refresh[tok]
	delete(s.auth.access, tok)
	delete(s.auth.refresh, tok)
	s.auth.mu.Unlock()
	if !a && !b {
		writeJSON(w, 400, oauthError{"unsupported_token_type", "this token type is not supported"})
		return
	}
	w.WriteHeader(http.StatusOK)
}
