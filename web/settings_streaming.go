package web

import (
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
)

// formatStreaming writes the per-object streaming choices as the settings field shows them,
// "Opportunity: cdc, Lead: off", watched objects first; auto choices are left out.
func formatStreaming(objects []string, modes map[string]string) string {
	var parts []string
	seen := map[string]bool{}
	for _, o := range objects {
		if m := modes[o]; m != "" && m != config.StreamAuto {
			parts = append(parts, o+": "+m)
		}
		seen[o] = true
	}
	for o, m := range modes {
		if !seen[o] && m != config.StreamAuto {
			parts = append(parts, o+": "+m)
		}
	}
	return strings.Join(parts, ", ")
}

// parseStreaming reads "Object: mode, …" (or Object=mode); a part without a mode is a message.
// Object names and modes are checked by Rules.Validate.
func parseStreaming(s string, msgs []string) (map[string]string, []string) {
	if s == "" {
		return nil, msgs
	}
	out := map[string]string{}
	for _, part := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' || c == '\n' }) {
		object, mode, ok := strings.Cut(part, ":")
		if !ok {
			object, mode, ok = strings.Cut(part, "=")
		}
		object, mode = strings.TrimSpace(object), strings.ToLower(strings.TrimSpace(mode))
		if !ok || object == "" || mode == "" {
			msgs = append(msgs, fmt.Sprintf("Streaming API per object: %q needs an object and a choice, like Opportunity: cdc (choices: %s).",
				strings.TrimSpace(part), strings.Join(config.StreamModes, ", ")))
			continue
		}
		out[object] = mode
	}
	return out, msgs
}
