package config

import (
	"sort"
	"strings"
)

// Streaming API choices per watched object (Rules.Streaming).
const (
	StreamAuto      = "auto"      // Change Data Capture where the org offers it, else a PushTopic (the default)
	StreamCDC       = "cdc"       // only the object's Change Data Capture channel
	StreamPushTopic = "pushtopic" // only a PushTopic refsync creates
	StreamOff       = "off"       // polling only
)

// StreamModes lists the choices, in the order settings offer them.
var StreamModes = []string{StreamAuto, StreamCDC, StreamPushTopic, StreamOff}

// StreamMode returns object's Streaming API choice; auto unless set.
func (r *Rules) StreamMode(object string) string {
	if m := r.Streaming[object]; m != "" {
		return m
	}
	return StreamAuto
}

// validateStreaming checks that every choice names a watched object and a known mode.
func (r *Rules) validateStreaming(e *errs, objects map[string]bool) {
	keys := make([]string, 0, len(r.Streaming))
	for o := range r.Streaming {
		keys = append(keys, o)
	}
	sort.Strings(keys)
	for _, o := range keys {
		if !objects[o] {
			e.add("streaming.%s: %q is not in objects; add it there or remove its streaming choice", o, o)
		}
		mode := r.Streaming[o]
		ok := false
		for _, m := range StreamModes {
			ok = ok || mode == m
		}
		if !ok {
			e.add("streaming.%s: %q must be one of %s", o, mode, strings.Join(StreamModes, ", "))
		}
	}
}
