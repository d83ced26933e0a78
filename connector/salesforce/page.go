package salesforce

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
)

// An HTML error page (from Salesforce's edge during an incident, or a proxy in
// between) is never shown as it is: it becomes a sentence with its title.

var pageTitleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// isPage reports whether an error body is an HTML page.
func isPage(body string) bool {
	head := strings.ToLower(body[:min(len(body), 512)])
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<html") && strings.Contains(head, "<body")
}

// pageTitle is the page's title in plain words, or the status text.
func pageTitle(body string, status int) string {
	if m := pageTitleRE.FindStringSubmatch(body); m != nil {
		if t := strings.Join(strings.Fields(html.UnescapeString(m[1])), " "); t != "" {
			return t
		}
	}
	return fmt.Sprintf("%d %s", status, http.StatusText(status))
}

// PageWords says in words that Salesforce answered with an error page
// ("" if err is not one): "Salesforce answered 500 with an error page".
func PageWords(err error) string {
	var ae *APIError
	if !errors.As(err, &ae) || !ae.Page {
		return ""
	}
	return fmt.Sprintf("Salesforce answered %d with an error page (%s)", ae.StatusCode, ae.Message)
}
