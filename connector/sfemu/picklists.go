package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Renamed picklist values, as admins rename them: Options.WonStage
// (--won-stage "Closed - Won") replaces the won Opportunity stage "Closed Won"
// (label "Won"), and Options.ConvertedStatus (--converted-status Qualified)
// the converted Lead status "Closed - Converted". IsWon and IsClosed follow
// the won stage; ConvertLead sets the converted status.

const (
	defaultWonStage        = "Closed Won"
	defaultConvertedStatus = "Closed - Converted"
)

// renamePicklists applies Options.WonStage and Options.ConvertedStatus to the describe.
func (s *Server) renamePicklists() error {
	if s.opts.WonStage != "" {
		if err := renameValue(s.schema.lookup("Opportunity"), "StageName", defaultWonStage, s.opts.WonStage, "Won"); err != nil {
			return err
		}
	}
	if s.opts.ConvertedStatus != "" {
		return renameValue(s.schema.lookup("Lead"), "Status", defaultConvertedStatus, s.opts.ConvertedStatus, s.opts.ConvertedStatus)
	}
	return nil
}

func renameValue(o *object, field, from, to, label string) error {
	f := o.byLower[strings.ToLower(field)]
	vals, _ := f.raw["picklistValues"].([]any)
	for _, v := range vals {
		if pv, ok := v.(map[string]any); ok && pv["value"] == from {
			pv["value"], pv["label"] = to, label
			return nil
		}
	}
	return fmt.Errorf("sfemu: %s.%s has no value %q to rename", o.Name, field, from)
}

// wonStage is the Opportunity stage that counts as won.
func (s *Server) wonStage() string {
	if s.opts.WonStage != "" {
		return s.opts.WonStage
	}
	return defaultWonStage
}

// convertedStatus is the status a converted Lead gets.
func (s *Server) convertedStatus() string {
	if s.opts.ConvertedStatus != "" {
		return s.opts.ConvertedStatus
	}
	return defaultConvertedStatus
}

// describeUnchanged answers 304 Not Modified when the request's
// If-Modified-Since is not before the schema's last change (the server's
// start: renames and currencies are set up then), as the org does for describe.
func (c *call) describeUnchanged() bool {
	since, err := http.ParseTime(c.r.Header.Get("If-Modified-Since"))
	if err != nil || since.Before(time.Unix(0, c.s.schemaAt.Load()).Truncate(time.Second)) {
		return false
	}
	c.w.WriteHeader(http.StatusNotModified)
	return true
}
