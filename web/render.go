package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageTemplate is one page's template set: the layout, the partials and the page.
type pageTemplate struct {
	t *template.Template
}

// parsePages parses every page with the layout once, at start-up.
func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	pages := map[string]*pageTemplate{}
	for _, name := range names {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = &pageTemplate{t: t}
	}
	return pages, nil
}

// view is what every page template receives; D is the page's own data.
type view struct {
	User  *store.User
	CSRF  string
	Flash string
	Disk  string // the disk-full warning, on every page while it lasts
	Nav   string
	Path  string
	Demo  bool // the demo's emulated org is in use (the "Salesforce side" page exists)
	D     any
	// Programs are the active programs (the switcher shows them when there
	// are several); Program is the one chosen, 0 for every program.
	Programs []*store.Program
	Program  int64

	recordURL func(id string) string
}

// SFLink is where a Salesforce record opens in the browser ("" when unknown).
func (v view) SFLink(id string) string {
	if v.recordURL == nil || id == "" {
		return ""
	}
	return v.recordURL(id)
}

// ProgramName names a program by id ("" when unknown).
func (v view) ProgramName(id int64) string {
	for _, p := range v.Programs {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

// SettingsProgram is the program whose settings the settings pages edit.
func (v view) SettingsProgram() int64 {
	if v.Program != 0 {
		return v.Program
	}
	return store.DefaultProgram
}

// ManyPrograms reports whether there is more than one program (the switcher and the program columns show then).
func (v view) ManyPrograms() bool { return len(v.Programs) > 1 || v.Program > 1 }

// IsAdmin reports whether the signed-in user is an admin.
func (v view) IsAdmin() bool { return v.User != nil && v.User.Role == store.RoleAdmin }

// render writes the named page with the layout.
func (s *server) render(c echo.Context, code int, name string, data any) error {
	p, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	v := view{User: currentUser(c), D: data, Path: c.Request().URL.Path, Flash: takeFlash(c), recordURL: s.RecordURL}
	v.CSRF, _ = c.Get("csrf").(string)
	v.Demo = s.Demo != nil
	v.Disk = s.diskBanner()
	if v.User != nil {
		v.Programs, _ = s.DB.ListPrograms(c.Request().Context(), false)
		v.Program = s.currentProgram(c)
	}
	v.Nav = strings.SplitN(strings.TrimPrefix(v.Path, "/"), "/", 2)[0]
	var buf bytes.Buffer
	if err := p.t.Execute(&buf, v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(code, buf.Bytes())
}

const flashCookie = "refsync_flash"

// redirectWithFlash sends the browser to target (303) with a one-time message.
func (s *server) redirectWithFlash(c echo.Context, target, msg string) error {
	if len(msg) > 900 { // a cookie holds about 4 KB; the escaped message must fit
		msg = msg[:900] + "…"
	}
	if msg != "" {
		c.SetCookie(&http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
			Secure: s.SecureCookie, SameSite: http.SameSiteStrictMode, MaxAge: 60})
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// takeFlash reads and clears the one-time message.
func takeFlash(c echo.Context) string {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	msg, _ := url.QueryUnescape(ck.Value)
	return msg
}
