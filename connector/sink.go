// Package connector is the CRM side of refsync: SOQL building, incremental
// polling with watermarks, related records, and the receiver pipeline
// (status change events → match → process rules → apply → entries/review).
package connector

import (
	"context"
	"fmt"
	"time"

	"github.com/refsync/refsync/connector/plain"
	"github.com/refsync/refsync/matching"
)

// Errors the receiver's actions return; test them with errors.Is. Errors from
// the Sink are wrapped too, so errors.Is(err, store.ErrNotFound) also holds
// where ErrNotFound does. The API maps them: ErrNotFound → 404, ErrInvalid →
// 400, ErrConflict → 409, anything else → 500. They are package plain's
// values, so web tests them without importing this package.
var (
	ErrNotFound = plain.ErrNotFound // no such entry or referral
	ErrInvalid  = plain.ErrInvalid  // the request itself is wrong (empty id, unknown field, bad status)
	ErrConflict = plain.ErrConflict // the entry's state does not allow the action (e.g. already processed)
	ErrPaused   = plain.ErrPaused   // the connection is unauthorized; reconnect first
	ErrDiskFull = plain.ErrDiskFull // the database cannot grow; free space on its disk
)

// Sink is the storage the receiver writes to; *store.DB satisfies it. Methods
// ending in Rx join the transaction carried by the context InTx hands out.
type Sink interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	Savepoint(ctx context.Context, fn func(ctx context.Context) error) error
	NotFound(err error) bool
	// DiskFullNow is since when writes fail on a full disk (zero when they do not), looked at afresh.
	DiskFullNow(ctx context.Context) time.Time

	Watermark(ctx context.Context, object string) (watermark, backfillFrom string, err error)
	SetBackfill(ctx context.Context, object, from string) error
	SetWatermarkRx(ctx context.Context, object, watermark string, n int) error
	SnapshotCount(ctx context.Context, object, from, before string) (int, error)
	SnapshotStamps(ctx context.Context, object string, ids []string) (map[string]string, error)
	AdvanceBackfillRx(ctx context.Context, object, to string) error
	FinishSyncRun(ctx context.Context, object, runErr string, clearBackfill bool) error
	SetSyncProblem(ctx context.Context, object, advice, retryAt string) error
	SetConnectionState(ctx context.Context, state, lastConnectedAt, lastError string, apiUsed, apiMax int) error

	KnownEntriesRx(ctx context.Context, object string, ids []string) (map[[2]string]bool, error)
	SnapshotsRx(ctx context.Context, object string, ids []string) (map[string]map[string]any, error)
	SaveSnapshotRx(ctx context.Context, object, recordID, modstamp string, fields map[string]any) error
	InsertEntryRx(ctx context.Context, e *matching.Entry, events ...matching.EntryEvent) error
	UpdateEntryRx(ctx context.Context, e *matching.Entry, events ...matching.EntryEvent) error
	AddEntryEventRx(ctx context.Context, entryID int64, ev matching.EntryEvent) error
	EntryByID(ctx context.Context, id int64) (*matching.Entry, error)

	LinkedRecordsRx(ctx context.Context, programID int64, ids []string) (referral map[string]string, remembered map[string]bool, err error)
	LinkRx(ctx context.Context, programID int64, recordID, object, referralID, kind string, remembered bool) error
	MarkDeletedRx(ctx context.Context, recordID string) (linked bool, err error)
	RestoreLinksRx(ctx context.Context, recordID string) (map[int64]string, error)

	MemberIDRx(ctx context.Context, programID int64, kind, value string) (id string, ok bool, err error)
	ReferralStatusRx(ctx context.Context, referralID string) (status string, ok bool, err error)
	ApplyStatusRx(ctx context.Context, referralID, to, actor string, entryID int64, eventAt string, override bool) (from string, changed bool, refusal string, err error)
	CreateReferralRx(ctx context.Context, programID int64, m matching.Referral, memberID, actor string) error
	UpdateReferralFieldsRx(ctx context.Context, referralID string, fields map[string]string) error
	EachReferral(ctx context.Context, programID int64, fn func(matching.Referral)) error
	// ReferralChangeSeq is a counter that grows whenever any process adds a referral, changes a
	// field the matcher reads, or links one; EachChangedReferral reads those changed after a value.
	ReferralChangeSeq(ctx context.Context) (int64, error)
	EachChangedReferral(ctx context.Context, programID, after int64, fn func(matching.Referral)) error
	ReferralMatch(ctx context.Context, id string) (matching.Referral, error)
}

// notFound wraps a Sink error as ErrNotFound when the Sink says it is one.
func (r *Receiver) notFound(err error, what string) error {
	if r.sink.NotFound(err) {
		return fmt.Errorf("%w: %s: %w", ErrNotFound, what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
