package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// StreamState is one watched object's Streaming API subscription, as the dashboard shows it.
type StreamState struct {
	Object      string `json:"object"`
	Mode        string `json:"mode"`              // auto, cdc, pushtopic, off
	Kind        string `json:"kind,omitempty"`    // cdc or pushtopic
	Channel     string `json:"channel,omitempty"` // the Streaming API channel
	ReplayID    int64  `json:"replay_id"`         // the last event handled; a restart resumes after it
	State       string `json:"state"`             // connecting, subscribed, reconnecting, unavailable, off
	Detail      string `json:"detail,omitempty"`  // why, in words
	Events      int64  `json:"events"`            // events received
	LastEventAt string `json:"last_event_at,omitempty"`
	UpdatedAt   string `json:"updated_at,omitempty"`
}

// StreamStates lists every object's stream, by object name.
func (db *DB) StreamStates(ctx context.Context) ([]StreamState, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT object, mode, kind, channel, replay_id, state, detail, events,
		last_event_at, updated_at FROM stream_state ORDER BY object`)
	if err != nil {
		return nil, fmt.Errorf("store: stream states: %w", err)
	}
	defer rows.Close()
	var out []StreamState
	for rows.Next() {
		var s StreamState
		if err := rows.Scan(&s.Object, &s.Mode, &s.Kind, &s.Channel, &s.ReplayID, &s.State, &s.Detail, &s.Events,
			&s.LastEventAt, &s.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: stream states: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stream states: %w", err)
	}
	return out, nil
}

// StreamReplay returns the channel and replay id a restart resumes from; "" and 0 when none.
func (db *DB) StreamReplay(ctx context.Context, object string) (channel string, replayID int64, err error) {
	err = db.R.QueryRowContext(ctx, `SELECT channel, replay_id FROM stream_state WHERE object = ?`, object).Scan(&channel, &replayID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("store: stream replay of %s: %w", object, err)
	}
	return channel, replayID, nil
}

// SetStreamState records an object's stream mode and state. A new channel forgets the replay id,
// which belongs to the old channel.
func (db *DB) SetStreamState(ctx context.Context, object, mode, kind, channel, state, detail string) error {
	_, err := db.exec(ctx, `INSERT INTO stream_state (object, mode, kind, channel, state, detail, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (object) DO UPDATE SET mode = excluded.mode, kind = excluded.kind, state = excluded.state,
			detail = excluded.detail, updated_at = excluded.updated_at,
			replay_id = CASE WHEN excluded.channel = '' OR excluded.channel = stream_state.channel THEN replay_id ELSE 0 END,
			channel = CASE WHEN excluded.channel = '' THEN stream_state.channel ELSE excluded.channel END`,
		object, mode, kind, channel, state, detail, db.Now())
	if err != nil {
		return fmt.Errorf("store: set stream state of %s: %w", object, describeDiskError(err))
	}
	return nil
}

// SaveStreamReplay records that the events on channel up to replayID were handled (their poll
// finished) and that n more events arrived.
func (db *DB) SaveStreamReplay(ctx context.Context, object, channel string, replayID int64, n int) error {
	now := db.Now()
	_, err := db.exec(ctx, `INSERT INTO stream_state (object, channel, replay_id, events, last_event_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (object) DO UPDATE SET channel = excluded.channel, replay_id = excluded.replay_id,
			events = stream_state.events + excluded.events, last_event_at = excluded.last_event_at,
			updated_at = excluded.updated_at`,
		object, channel, replayID, n, now, now)
	if err != nil {
		return fmt.Errorf("store: save stream replay of %s: %w", object, describeDiskError(err))
	}
	return nil
}
