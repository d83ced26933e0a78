package web

import (
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/store"
)

// diskProbeEvery is how often one change is let through while the disk is
// full, to find out whether there is room again (tests shorten it).
var diskProbeEvery = 10 * time.Second

// diskMsg is what users and API clients are told while the disk is full.
const diskMsg = "The disk that holds refsync's database is full, so refsync takes no new work until there is room: nothing was changed and nothing already stored was lost. Ask whoever runs refsync to free space; then try again."

var errDiskFull = &userError{Code: http.StatusInsufficientStorage, Msg: diskMsg}

// diskGuard refuses changes (every method but GET and HEAD, and sign-in and
// sign-out) while writes fail on a full disk, letting one through every diskProbeEvery to find out
// whether there is room again; reading goes on as usual.
type diskGuard struct {
	db        *store.DB
	log       *slog.Logger
	lastProbe atomic.Int64 // UnixNano of the last change let through
	logged    atomic.Int64 // the disk-full episode (its start) already logged
}

func (g *diskGuard) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		since := g.db.DiskFull()
		if since.IsZero() || signInOrOut(c) {
			// Signing in or out writes one small row that often still fits:
			// let it try, so people can go on reading; if it does not fit, the
			// answer is the disk-full page, never a wrong-password one.
			return next(c)
		}
		now := time.Now().UnixNano()
		if g.logged.Swap(since.UnixNano()) != since.UnixNano() { // a new episode: the failed write was its first probe
			g.lastProbe.Store(now)
			g.log.Error("the disk holding the database is full: refusing changes until there is room",
				slog.Time("since", since), slog.String("database", g.db.Path))
		}
		if last := g.lastProbe.Load(); now-last >= int64(diskProbeEvery) && g.lastProbe.CompareAndSwap(last, now) {
			return next(c) // the probe: if it writes, the state ends
		}
		return errDiskFull
	}
}

// signInOrOut reports whether the request signs in or out.
func signInOrOut(c echo.Context) bool { return isLogin(c) || c.Request().URL.Path == "/logout" }

// diskFullError maps a store error from a full disk to the page that says so.
func diskFullError(err error) (*userError, bool) {
	if errors.Is(err, store.ErrDiskFull) || errors.Is(err, plain.ErrDiskFull) {
		return errDiskFull, true
	}
	return nil, false
}

// diskBanner is the warning every page shows while the disk is full ("" when it is not).
func (s *server) diskBanner() string {
	if since := s.DB.DiskFull(); !since.IsZero() {
		return "Since " + since.UTC().Format("2006-01-02 15:04 UTC") + ": " + diskMsg
	}
	return ""
}
