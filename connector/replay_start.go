package connector

import (
	"context"
	"fmt"
	"time"

	"github.com/refsync/refsync/config"
)

// versionStore reads saved settings versions; *store.DB satisfies it.
type versionStore interface {
	SettingsVersion(ctx context.Context, version int64) (programID int64, body []byte, err error)
	SettingsBefore(ctx context.Context, version int64) ([]byte, error)
}

// PreviewVersion previews a saved settings version against the version saved
// before it (the defaults when it was the first) on the entries received
// since: what a replay of it would change. Its Entries are what "replay all" replays.
func (r *Receiver) PreviewVersion(ctx context.Context, version int64, since time.Time, sample int) (*Preview, error) {
	vs, ok := r.sink.(versionStore)
	if !ok {
		return nil, fmt.Errorf("connector: preview: the store keeps no settings versions")
	}
	program, body, err := vs.SettingsVersion(ctx, version)
	if err != nil {
		return nil, r.notFound(err, fmt.Sprintf("connector: settings version %d", version))
	}
	draft, err := parseVersion(body, version)
	if err != nil {
		return nil, err
	}
	base := r.fallback
	if prev, err := vs.SettingsBefore(ctx, version); err == nil {
		if base, err = parseVersion(prev, version-1); err != nil {
			return nil, err
		}
	} else if !r.sink.NotFound(err) {
		return nil, fmt.Errorf("connector: preview: %w", err)
	}
	return r.Preview(ctx, PreviewRequest{Program: program, Draft: draft, Base: base, Since: since, Sample: sample})
}

// parseVersion reads a stored settings body.
func parseVersion(body []byte, version int64) (*config.Rules, error) {
	rules, err := config.ParseRules(body)
	if err == nil {
		err = rules.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("connector: settings version %d are not usable: %w", version, err)
	}
	return rules, nil
}

// StartReplay runs a replay job in the background (see RunReplay); the job
// is durable, so a stop before it ends is resumed by ResumeReplays.
func (r *Receiver) StartReplay(ctx context.Context, jobID int64) {
	ctx = context.WithoutCancel(ctx)
	go func() {
		if err := r.RunReplay(ctx, jobID); err != nil {
			r.log.Warn("replay", "job", jobID, "err", err)
		}
	}()
}
