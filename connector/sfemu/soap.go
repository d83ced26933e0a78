package sfemu

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
)

// soapFault is the INVALID_LOGIN fault body Salesforce sends (HTTP 500).
const soapFault = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>%s</faultcode><faultstring>%s: %s</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>%s</sf:exceptionCode><sf:exceptionMessage>%s</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`

const soapLoginOK = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:%s.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result><metadataServerUrl>%s/services/Soap/m/%s/%s</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>true</sandbox><serverUrl>%s/services/Soap/%s/%s/%s</serverUrl><sessionId>%s</sessionId><userId>%s</userId><userInfo><accessibilityMode>false</accessibilityMode><currencySymbol>$</currencySymbol><orgAttachmentFileSizeLimit>5242880</orgAttachmentFileSizeLimit><orgDefaultCurrencyIsoCode>USD</orgDefaultCurrencyIsoCode><orgDisallowHtmlAttachments>false</orgDisallowHtmlAttachments><orgHasPersonAccounts>false</orgHasPersonAccounts><organizationId>%s</organizationId><organizationMultiCurrency>false</organizationMultiCurrency><organizationName>refsync demo org</organizationName><profileId>00eEm0000000001AAA</profileId><roleId xsi:nil="true"/><sessionSecondsValid>%d</sessionSecondsValid><userDefaultCurrencyIsoCode xsi:nil="true"/><userEmail>%s</userEmail><userFullName>Integration User</userFullName><userId>%s</userId><userLanguage>en_US</userLanguage><userLocale>en_US</userLocale><userName>%s</userName><userTimeZone>America/Los_Angeles</userTimeZone><userType>Standard</userType><userUiSkin>Theme3</userUiSkin></userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>`

// loginCreds reads username and password from a SOAP login envelope,
// whatever the namespace prefixes.
func loginCreds(body io.Reader) (user, pass string, ok bool) {
	dec := xml.NewDecoder(body)
	var cur string
	var sawLogin bool
	for {
		tok, err := dec.Token()
		if err != nil {
			return user, pass, sawLogin && err == io.EOF
		}
		switch t := tok.(type) {
		case xml.StartElement:
			cur = t.Name.Local
			if cur == "login" {
				sawLogin = true
			}
		case xml.CharData:
			switch cur {
			case "username":
				user += string(t)
			case "password":
				pass += string(t)
			}
		case xml.EndElement:
			cur = ""
		}
	}
}

// handleSOAPLogin answers POST /services/Soap/u/{ver} (and /c/) login calls.
func (s *Server) handleSOAPLogin(w http.ResponseWriter, r *http.Request) {
	parts := splitPath(r.URL.Path) // services Soap u 62.0
	kind, ver := "u", APIVersion
	if len(parts) >= 4 {
		kind, ver = parts[2], parts[3]
	}
	user, pass, ok := loginCreds(r.Body)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	if !ok {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, soapFault, "soapenv:Client", "INVALID_REQUEST", "Element {urn:partner.soap.sforce.com}login invalid at this location", "INVALID_REQUEST", "Element login expected")
		return
	}
	if strings.TrimSpace(user) != s.opts.Username || pass != s.opts.Password+s.opts.SecurityToken {
		msg := "Invalid username, password, security token; or user locked out."
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, soapFault, "INVALID_LOGIN", "INVALID_LOGIN", msg, "INVALID_LOGIN", msg)
		return
	}
	if s.faults.disabled() {
		e := errAPIDisabled()
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, soapFault, e.Code, e.Code, "API is not enabled for this Organization or Partner", e.Code, "API is not enabled for this Organization or Partner")
		return
	}
	tok, _ := s.issue(false)
	ns := "partner"
	if kind == "c" {
		ns = "enterprise"
	}
	base, org := baseURL(r), s.orgID[:15]
	esc := html.EscapeString
	fmt.Fprintf(w, soapLoginOK, ns, base, ver, org, base, kind, ver, org, esc(tok), s.userID, s.orgID,
		int(s.opts.TokenTTL.Seconds()), esc(s.opts.Username), s.userID, esc(s.opts.Username))
}
