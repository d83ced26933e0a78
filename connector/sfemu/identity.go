package sfemu

import (
	"net/http"
	"strings"
)

// handleIdentity answers GET /id/{orgId}/{userId} (the "id" URL of a token
// response) and GET /services/oauth2/userinfo with the integration user.
func (s *Server) handleIdentity(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("Bad_OAuth_Token"))
		return
	}
	parts := splitPath(r.URL.Path)
	if strings.HasPrefix(r.URL.Path, "/id/") && (len(parts) != 3 || parts[1] != s.orgID || parts[2] != s.userID) {
		writeErr(w, errNotFound())
		return
	}
	base, user := baseURL(r), s.Get("User", s.userID)
	ver := "/services/data/v" + APIVersion + "/"
	writeJSON(w, 200, map[string]any{
		"id": base + "/id/" + s.orgID + "/" + s.userID, "asserted_user": true,
		"user_id": s.userID, "organization_id": s.orgID, "username": user["Username"],
		"nick_name": "integration", "display_name": user["Name"], "email": user["Email"],
		"email_verified": true, "first_name": user["FirstName"], "last_name": user["LastName"],
		"active": true, "user_type": "STANDARD", "language": "en_US", "locale": "en_US", "utcOffset": 0,
		"urls": map[string]string{"rest": base + ver, "sobjects": base + ver + "sobjects/", "query": base + ver + "query/",
			"limits": base + ver + "limits/", "profile": base + "/" + s.userID},
	})
}
