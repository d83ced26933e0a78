package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/store"
)

// plainError is the part of an error a user can act on.
func plainError(err error) string {
	var ue *userError
	var te *store.TransitionError
	switch {
	case errors.As(err, &ue):
		return ue.Msg
	case errors.As(err, &te):
		return te.Error() + "."
	case errors.Is(err, plain.ErrInvalid), errors.Is(err, plain.ErrConflict), errors.Is(err, plain.ErrNotFound):
		return sentence(err.Error())
	case errors.Is(err, store.ErrNotFound):
		return "It no longer exists."
	}
	return sentence(err.Error())
}

// sentence drops the "connector: …:" and sentinel prefixes of an error message
// and makes it read as a sentence.
func sentence(msg string) string {
	for {
		cut := false
		for _, p := range []string{"connector: ", "invalid: ", "conflict: ", "not found: "} {
			if rest, ok := strings.CutPrefix(msg, p); ok {
				msg, cut = rest, true
			}
		}
		if !cut {
			break
		}
	}
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// userError is an error whose message a user can act on.
type userError struct {
	Code int
	Msg  string
	err  error
}

func (e *userError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%s (%v)", e.Msg, e.err)
	}
	return e.Msg
}

func (e *userError) Unwrap() error { return e.err }

// handleError is the one HTTPErrorHandler: a page with a sentence, never a stack.
func (s *server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := http.StatusInternalServerError, "Something went wrong on our side; try again, and tell an admin if it keeps happening."
	var ue *userError
	var he *echo.HTTPError
	if de, ok := diskFullError(err); ok {
		s.Logger.Error("web: request failed: the disk is full", slog.String("path", logText(c.Request().URL.Path, logPathLen)), slog.Any("err", err))
		err = de
	}
	switch {
	case errors.As(err, &ue):
		code, msg = ue.Code, ue.Msg
	case errors.Is(err, store.ErrNotFound):
		code, msg = http.StatusNotFound, "That page or record does not exist (it may have been removed)."
	case errors.As(err, &he):
		code = he.Code
		msg = http.StatusText(code)
		switch code {
		case http.StatusNotFound:
			msg = "That page does not exist."
		case http.StatusRequestEntityTooLarge:
			msg = tooLargeMsg(c)
			if isAPI(c) {
				msg = fmt.Sprintf("the request body is larger than %d MB; split it (the bulk import takes up to 1000 items)", apiBodyLimit>>20)
			}
		}
	}
	if code >= 500 {
		s.Logger.Error("web: request failed", slog.String("path", logText(c.Request().URL.Path, logPathLen)), slog.Any("err", err))
	}
	if isAPI(c) { // errors raised before the API's own handler (the body limit) answer in the API's shape
		if err := c.JSON(code, map[string]any{"error": map[string]string{"code": apiCode(code), "message": msg}}); err != nil {
			s.Logger.Error("web: write API error", slog.Any("err", err))
		}
		return
	}
	if err := s.render(c, code, "error", errorView{Code: code, Message: msg}); err != nil {
		s.Logger.Error("web: render error page", slog.Any("err", err))
	}
}

// apiCode names an HTTP status the way the API's error codes do.
func apiCode(code int) string {
	switch code {
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusServiceUnavailable:
		return "unavailable"
	case http.StatusInsufficientStorage:
		return "disk_full"
	case http.StatusNotFound:
		return "not_found"
	}
	if code >= 500 {
		return "internal"
	}
	return "invalid"
}

type errorView struct {
	Code    int
	Message string
}
