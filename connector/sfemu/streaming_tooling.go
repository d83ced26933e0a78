package sfemu

import (
	"net/http"
	"sort"
)

// channelMembers answers a Tooling API query of PlatformEventChannelMember: the objects selected
// for Change Data Capture (SetChangeDataCapture) as members of the standard ChangeEvents channel.
// The WHERE clause is not evaluated.
func (c *call) channelMembers() {
	c.s.stream.mu.Lock()
	var names []string
	for o := range c.s.stream.cdc {
		names = append(names, o)
	}
	c.s.stream.mu.Unlock()
	sort.Strings(names)
	recs := make([]map[string]any, 0, len(names))
	for i, o := range names {
		id := makeID("0v8", int64(i+1))
		recs = append(recs, map[string]any{"attributes": map[string]any{"type": "PlatformEventChannelMember",
			"url": c.base() + "/tooling/sobjects/PlatformEventChannelMember/" + id}, "Id": id,
			"EventChannel": "ChangeEvents", "SelectedEntity": changeEventChannel(o)[len("/data/"):]})
	}
	c.json(http.StatusOK, map[string]any{"size": len(recs), "totalSize": len(recs), "done": true, "queryLocator": nil,
		"entityTypeName": "PlatformEventChannelMember", "records": recs})
}
