package web

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEveryInputHasALabel walks every page and checks that each form control
// is named for screen readers (a <label for>, or aria-label) and each button has text.
func TestEveryInputHasALabel(t *testing.T) {
	app := newTestApp(t)
	ann, _, e := app.seed()
	anon := app.client()
	cl := app.signedIn("admin@example.com", "admin")
	pages := map[string]page{"/login": anon.get("/login")}
	for _, path := range []string{"/", "/entries", "/entries/" + itoa(e.ID), "/entries/" + itoa(e.ID) + "?rq=ann", "/referrals",
		"/referrals/" + ann.ID, "/settings", "/settings/audit"} {
		pages[path] = cl.get(path)
	}
	for path, p := range pages {
		t.Run(path, func(t *testing.T) {
			if p.Code != http.StatusOK {
				t.Fatalf("status %d", p.Code)
			}
			doc, err := html.Parse(strings.NewReader(p.Body))
			if err != nil {
				t.Fatal(err)
			}
			labels := map[string]bool{}
			var controls []*html.Node
			var walk func(n *html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					switch n.Data {
					case "label":
						labels[attrOf(n, "for")] = true
					case "input", "select", "textarea":
						if typ := attrOf(n, "type"); typ != "hidden" && typ != "submit" {
							controls = append(controls, n)
						}
					case "button":
						if strings.TrimSpace(textOf(n)) == "" {
							t.Errorf("a button without text")
						}
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			if len(controls) == 0 && path != "/" && !strings.HasPrefix(path, "/referrals/") {
				t.Fatal("no form controls found; the test would prove nothing")
			}
			for _, n := range controls {
				id := attrOf(n, "id")
				if attrOf(n, "aria-label") == "" && (id == "" || !labels[id]) {
					t.Errorf("<%s name=%q id=%q> has no label", n.Data, attrOf(n, "name"), id)
				}
			}
		})
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}
