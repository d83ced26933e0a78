package web

import (
	"context"
	"slices"

	"github.com/refsync/refsync/store"
)

// watchedStreams returns the Streaming API state of the watched objects, in watched order.
func watchedStreams(ctx context.Context, db *store.DB, objects []string) ([]store.StreamState, error) {
	all, err := db.StreamStates(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.StreamState
	for _, o := range objects {
		i := slices.IndexFunc(all, func(s store.StreamState) bool { return s.Object == o })
		if i >= 0 {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// streamBadge is the badge colour of a stream state.
func streamBadge(state string) string {
	switch state {
	case "subscribed":
		return "state-connected"
	case "connecting", "reconnecting":
		return "state-limited"
	case "unavailable":
		return "state-error"
	}
	return ""
}

// streamKind names a stream's kind of channel in words.
func streamKind(kind string) string {
	switch kind {
	case "cdc":
		return "Change Data Capture"
	case "pushtopic":
		return "PushTopic"
	}
	return "—"
}
