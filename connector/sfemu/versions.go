package sfemu

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// oldestVersion is the oldest REST API version a current org still serves.
const oldestVersion = 31

// releaseLabel names the release of each version from oldestVersion on, three
// a year: 31.0 is Summer '14, 62.0 Winter '25.
func releaseLabel(major int) string {
	seasons := []string{"Summer", "Winter", "Spring"}
	n := major - oldestVersion // 0 = Summer '14
	year := 14 + (n+2)/3       // Winter and Spring carry the next year
	return fmt.Sprintf("%s '%02d", seasons[n%3], year)
}

// currentMajor is the major number of APIVersion.
func currentMajor() int {
	n, _ := strconv.Atoi(strings.TrimSuffix(APIVersion, ".0"))
	return n
}

// knownVersion reports whether "vNN.0" is a version the org serves
// (31.0 to APIVersion); any other answers 404 NOT_FOUND, as a real org does.
func knownVersion(v string) bool {
	num, ok := strings.CutPrefix(v, "v")
	if !ok || !strings.HasSuffix(num, ".0") {
		return false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(num, ".0"))
	return err == nil && n >= oldestVersion && n <= currentMajor() && "v"+strconv.Itoa(n)+".0" == v
}

// handleVersions answers GET /services/data: every version the org serves,
// oldest first, without authentication.
func (s *Server) handleVersions(w http.ResponseWriter, r *http.Request) {
	type version struct {
		Label   string `json:"label"`
		URL     string `json:"url"`
		Version string `json:"version"`
	}
	var vs []version
	for n := oldestVersion; n <= currentMajor(); n++ {
		v := strconv.Itoa(n) + ".0"
		vs = append(vs, version{releaseLabel(n), "/services/data/v" + v, v})
	}
	writeJSON(w, 200, vs)
}
