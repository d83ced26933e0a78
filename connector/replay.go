package connector

import (
	"context"
	"fmt"
	"sync"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/matching"
)

// The replay applies a saved settings version to past entries: a durable job
// whose loop lives here, small and on its own, so that it can move onto a
// general job runner later. Each batch of entries is run through the live
// pipeline (evaluate → commit, guards and all) and marked done in the same
// transaction: after a crash the next run starts where the last commit
// ended, and nothing is applied twice or skipped.

// ReplayStore holds the replay jobs; *store.DB satisfies it.
type ReplayStore interface {
	ReplayTarget(ctx context.Context, jobID int64) (programID, version int64, err error)
	SettingsVersion(ctx context.Context, version int64) (programID int64, body []byte, err error)
	PendingReplayJobs(ctx context.Context) ([]int64, error)
	PendingReplayItems(ctx context.Context, jobID int64, n int) ([]int64, error)
	FinishReplayItemRx(ctx context.Context, jobID, entryID int64, outcome string) error
	SetReplayState(ctx context.Context, jobID int64, state, lastError string) error
}

// replayBatch is how many entries one transaction replays.
const replayBatch = 25

var replayMu sync.Mutex // one replay runs at a time in a process

// ReplayActor is who the history names for a change a replay of settings version made.
func ReplayActor(version int64) string { return fmt.Sprintf("replay:settings v%d", version) }

// RunReplay runs a replay job until every entry is replayed, ctx ends, or an
// entry fails (the job is marked failed; running it again goes on from there).
func (r *Receiver) RunReplay(ctx context.Context, jobID int64) error {
	st, ok := r.sink.(ReplayStore)
	if _, past := r.sink.(PastEntries); !ok || !past {
		return fmt.Errorf("connector: replay: the store keeps no replay jobs")
	}
	replayMu.Lock()
	defer replayMu.Unlock()
	program, version, err := st.ReplayTarget(ctx, jobID)
	if err != nil {
		return r.notFound(err, fmt.Sprintf("connector: replay job %d", jobID))
	}
	rules, err := r.versionRules(ctx, st, version)
	if err == nil {
		err = st.SetReplayState(ctx, jobID, "running", "")
	}
	for err == nil {
		var ids []int64
		if ids, err = st.PendingReplayItems(ctx, jobID, replayBatch); err != nil || len(ids) == 0 {
			break
		}
		err = r.replayBatch(ctx, st, jobID, program, version, rules, ids)
	}
	if ctx.Err() != nil {
		return ctx.Err() // stopped: the job stays running and resumes on the next start
	}
	if err != nil {
		_ = st.SetReplayState(context.WithoutCancel(ctx), jobID, "failed", err.Error())
		return fmt.Errorf("connector: replay job %d: %w", jobID, err)
	}
	return st.SetReplayState(ctx, jobID, "done", "")
}

// versionRules parses a saved settings version.
func (r *Receiver) versionRules(ctx context.Context, st ReplayStore, version int64) (*config.Rules, error) {
	_, body, err := st.SettingsVersion(ctx, version)
	if err != nil {
		return nil, err
	}
	return parseVersion(body, version)
}

// replayBatch replays entries in one transaction: each through the pipeline
// with the version's rules, then marked done.
func (r *Receiver) replayBatch(ctx context.Context, st ReplayStore, jobID, program, version int64, rules *config.Rules, ids []int64) error {
	ix, err := r.index(ctx, program)
	if err != nil {
		return err
	}
	ps := &pass{r: r, program: program, rules: rules, ix: ix}
	err = r.sink.InTx(ctx, func(ctx context.Context) error {
		ps.created, ps.changed = nil, nil
		for _, id := range ids {
			e, err := r.sink.EntryByID(ctx, id)
			if err != nil {
				return err
			}
			if err := r.replayEntry(ctx, ps, e, version); err != nil {
				return fmt.Errorf("entry %d: %w", id, err)
			}
			if err := st.FinishReplayItemRx(ctx, jobID, id, string(e.Outcome)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		r.reindex(ctx, ps)
	}
	return err
}

// replayEntry runs one stored entry through the pipeline again as if it had
// arrived under the version's rules. A person's decision (dismissed, or
// applied by hand) is left as it is.
func (r *Receiver) replayEntry(ctx context.Context, ps *pass, e *matching.Entry, version int64) error {
	if e.Outcome == matching.EntryDismissed || e.Method == matching.MethodManual {
		return nil
	}
	prev, err := r.sink.(PastEntries).PrevSnapshotRx(ctx, e)
	if err != nil {
		return err
	}
	if ps.links, ps.remembered, err = r.sink.LinkedRecordsRx(ctx, ps.program, append([]string{e.RecordID}, relatedIDs(e.Snapshot)...)); err != nil {
		return err
	}
	if err := ps.evaluate(ctx, e, prev); err != nil {
		return err
	}
	return ps.commit(ctx, e, true, ReplayActor(version), "replay", false, false)
}

// ResumeReplays runs every replay job a stop or crash left unfinished, one
// after another; call it once at start (in a goroutine).
func (r *Receiver) ResumeReplays(ctx context.Context) error {
	st, ok := r.sink.(ReplayStore)
	if !ok {
		return nil
	}
	ids, err := st.PendingReplayJobs(ctx)
	if err != nil {
		return fmt.Errorf("connector: resume replays: %w", err)
	}
	for _, id := range ids {
		if err := r.RunReplay(ctx, id); err != nil {
			r.log.Warn("replay", "job", id, "err", err)
		}
	}
	return ctx.Err()
}
