package salesforce

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// ChangeDataCaptureObjects returns the objects the org selected for Change Data Capture on the
// standard ChangeEvents channel (Setup → Change Data Capture), read through the Tooling API's
// PlatformEventChannelMember; the user needs the View Setup and Configuration permission.
func (c *Client) ChangeDataCaptureObjects(ctx context.Context) (map[string]bool, error) {
	q := "SELECT SelectedEntity FROM PlatformEventChannelMember WHERE EventChannel = 'ChangeEvents'"
	var ans struct {
		Records []struct {
			SelectedEntity string `json:"SelectedEntity"`
		} `json:"records"`
	}
	path := "services/data/v" + c.config().APIVersion + "/tooling/query?q=" + url.QueryEscape(q)
	err := c.rest(ctx, callOpts{op: "read the Change Data Capture selection", idempotent: true}, http.MethodGet, path, nil, &ans)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range ans.Records {
		name, ok := strings.CutSuffix(r.SelectedEntity, "ChangeEvent")
		if !ok || name == "" {
			continue
		}
		if strings.HasSuffix(name, "__") {
			name += "c" // Employee__ChangeEvent is the custom object Employee__c
		}
		out[name] = true
	}
	return out, nil
}
