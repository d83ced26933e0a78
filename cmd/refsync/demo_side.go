package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/refsync/refsync/connector/sfemu"
	"github.com/refsync/refsync/web"
)

// emuSide is the demo's emulator as the web UI's "Salesforce side" page sees
// it; its writes go through the emulator like any API write, so the org's
// stamps, Change Data Capture and PushTopic events follow.
type emuSide struct{ emu *sfemu.Server }

var _ web.DemoOrg = emuSide{}

// Opportunities are up to n open Opportunities, newest first.
func (d emuSide) Opportunities(_ context.Context, n int) ([]web.DemoRecord, error) {
	return newest(d.emu.Records("Opportunity"), n, func(r map[string]any) (web.DemoRecord, bool) {
		stage := anyString(r["StageName"])
		return web.DemoRecord{ID: anyString(r["Id"]), Name: anyString(r["Name"]), State: stage}, !strings.HasPrefix(stage, "Closed")
	}), nil
}

// Leads are up to n unconverted, open Leads, newest first.
func (d emuSide) Leads(_ context.Context, n int) ([]web.DemoRecord, error) {
	return newest(d.emu.Records("Lead"), n, func(r map[string]any) (web.DemoRecord, bool) {
		st := anyString(r["Status"])
		return web.DemoRecord{ID: anyString(r["Id"]), Name: strings.TrimSpace(anyString(r["FirstName"]) + " " + anyString(r["LastName"])), Email: anyString(r["Email"]), State: st},
			r["IsConverted"] != true && !strings.HasPrefix(st, "Closed")
	}), nil
}

// newest keeps the records pick accepts, newest (highest Id) first, at most n.
func newest(rows []map[string]any, n int, pick func(map[string]any) (web.DemoRecord, bool)) []web.DemoRecord {
	var out []web.DemoRecord
	for _, r := range slices.Backward(rows) {
		if rec, ok := pick(r); ok {
			out = append(out, rec)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// CloseWon moves an Opportunity to Closed Won.
func (d emuSide) CloseWon(_ context.Context, id string) error {
	if d.emu.Get("Opportunity", id) == nil {
		return fmt.Errorf("there is no Opportunity %s", id)
	}
	return d.emu.Update("Opportunity", id, map[string]any{"StageName": "Closed Won"})
}

// QualifyLead moves a Lead to Working - Contacted.
func (d emuSide) QualifyLead(_ context.Context, id string) error {
	if d.emu.Get("Lead", id) == nil {
		return fmt.Errorf("there is no Lead %s", id)
	}
	return d.emu.Update("Lead", id, map[string]any{"Status": "Working - Contacted"})
}

// ConvertLead converts a Lead and returns the Opportunity it made.
func (d emuSide) ConvertLead(_ context.Context, id string) (string, error) {
	c, err := d.emu.ConvertLead(id)
	return c.OpportunityID, err
}

// CreateLead inserts a Lead with the fields.
func (d emuSide) CreateLead(_ context.Context, fields map[string]any) (string, error) {
	return d.emu.Insert("Lead", fields)
}

func anyString(v any) string { s, _ := v.(string); return s }
