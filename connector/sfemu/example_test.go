package sfemu_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/refsync/refsync/connector/sfemu"
)

// Start an org on a free port, seed it without spending API calls, then
// talk to it as to Salesforce.
func ExampleStart() {
	srv, err := sfemu.Start("127.0.0.1:0", sfemu.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	id, _ := srv.Insert("Lead", map[string]any{"LastName": "Lovelace", "Company": "Engines", "Referral_ID__c": "R-1"})

	o := srv.Options()
	resp, err := http.PostForm(srv.URL()+"/services/oauth2/token", url.Values{"grant_type": {"password"},
		"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "username": {o.Username}, "password": {o.Password}})
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.HasPrefix(id, "00Q"), srv.APICalls())
	rows, _ := srv.Query("SELECT Name FROM Lead WHERE Referral_ID__c = 'R-1'")
	fmt.Println(rows[0]["Name"])
	// Output:
	// 200 true 0
	// Lovelace
}
