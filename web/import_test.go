package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/refsync/refsync/store"
)

// upload posts a CSV file to /import as the browser's form does.
func (cl *client) upload(kind, name, body string) page {
	cl.app.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", cl.token("/import"))
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(body))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, cl.app.Srv.URL+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return cl.do(req)
}

func TestImportPageReportsLineByLine(t *testing.T) {
	a := newTestApp(t)
	admin := a.signedIn("ann@example.com", store.RoleAdmin)
	members := "member_code,first_name,email\nMIA1,Mia,mia@x.io\n,Nobody,no@x.io\n"
	p := admin.upload("members", "m.csv", members)
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "imported 1, skipped 1") || !strings.Contains(p.Body, "line 3: member_code is empty (skipped)") {
		t.Fatalf("members import = %d %s", p.Code, p.Body)
	}
	refs := "first_name,last_name,email,member_code,status\nAda,Lovelace,ada@x.io,MIA1,\nBo,Bad,bo-at-x.io,,\nCy,Code,cy@x.io,NEW9,\nDi,Done,di@x.io,,won\nEd,Early,ed@x.io,,approved\n"
	p = admin.upload("referrals", "r.csv", refs)
	for _, want := range []string{"imported 3, skipped 2", `line 3: email &#34;bo-at-x.io&#34; has no @ (skipped)`,
		`line 5: status &#34;won&#34; is not one of pending, qualified, approved, denied (skipped)`, "1 member was created from member codes no member had yet: <a href=\"/members?q=NEW9\" class=\"mono\">NEW9</a>",
		"1 referral imported as approved, as the file&#39;s status column says (line 6). Approved is final"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("referrals report lacks %q:\n%s", want, p.Body)
		}
	}
	p = admin.upload("referrals", "r.csv", refs) // again: nothing twice
	if !strings.Contains(p.Body, "imported 0") || !strings.Contains(p.Body, "3 lines were imported before") {
		t.Errorf("second import: %s", p.Body)
	}
	r, err := a.DB.ReferralByEmail(context.Background(), store.DefaultProgram, "ada@x.io")
	if err != nil || r.MemberCode != "MIA1" || r.SFState != store.SFQueued {
		t.Fatalf("imported referral = %+v, %v", r, err)
	}
	if p := admin.upload("nonsense", "x.csv", refs); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown kind = %d", p.Code)
	}
	reviewer := a.signedIn("rev@example.com", store.RoleReviewer)
	if p := reviewer.get("/import"); p.Code != http.StatusForbidden {
		t.Errorf("reviewer on /import = %d", p.Code)
	}
}
