package outbound

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Job is one claimed unit of outbound work.
type Job struct {
	ID       int64
	Kind     string
	Ref      string    // what the job is about: a referral id, an outbox row, …
	Attempts int       // claims so far, this one included
	Queued   time.Time // when the job was queued
}

// Queue is the durable job table; *store.DB satisfies it.
type Queue interface {
	// ClaimJobsEach leases up to n due jobs of kind for lease (pending ones
	// whose time has come and running ones whose lease ran out), counting the
	// attempt, and calls fn for each.
	ClaimJobsEach(ctx context.Context, kind string, n int, lease time.Duration, fn func(id int64, ref string, attempts int, queuedAt string)) error
	// RetryJobs puts running jobs back to pending, due after the delay, with the error that stopped them.
	RetryJobs(ctx context.Context, ids []int64, after time.Duration, errMsg string) error
	// FailJobs ends jobs as failed for good, saying why.
	FailJobs(ctx context.Context, ids []int64, errMsg string) error
	// PostponeJobs puts running jobs back to pending, due after the delay,
	// without counting the claim as an attempt.
	PostponeJobs(ctx context.Context, ids []int64, after time.Duration) error
}

// Kind is one sort of outbound work.
type Kind interface {
	// Name is the job kind in the queue (e.g. "sf_push").
	Name() string
	// Send does claimed jobs. It records each job it finished — done, or
	// failed for good for a reason of its own — together with its job's end,
	// and returns the error of every job it did not finish, by job id; the
	// runner retries those or gives them up (see Classify). A job neither
	// finished nor in the map is left running until its lease ends. The
	// returned error is only reported (logged by Start); return there what a
	// person should hear about, e.g. a failed call.
	Send(ctx context.Context, jobs []Job) (map[int64]error, error)
}

// Failer is a Kind that records a job given up on its own way (e.g. a push's
// referral shows the failure); other kinds' jobs end through Queue.FailJobs.
type Failer interface {
	Fail(ctx context.Context, jobs []Job, reasons []string) error
}

// Gate is a Kind that may not run now (e.g. pushing is switched off): its
// jobs then stay queued, untouched.
type Gate interface {
	Ready(ctx context.Context) (bool, error)
}

// Producer is a Kind that turns what happened since its last run into jobs
// (e.g. status changes into write-back jobs); the lane calls it before each claim.
type Producer interface {
	Produce(ctx context.Context) error
}

// ErrNotTried marks a job that was not attempted in this run (e.g. its
// endpoint failed just before): it waits for the batch's next try without
// counting an attempt.
var ErrNotTried = errors.New("not tried in this run")

// Runner is every lane of the process, started and stopped together. Jobs a
// stopped or crashed process had claimed are taken back for every kind at
// once before a start, under the worker lock (store.DB.ReclaimJobs with kind "").
type Runner struct {
	Lanes []*Lane
}

// Start runs every lane until ctx ends; wait blocks until all have stopped.
func (r *Runner) Start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, l := range r.Lanes {
		wg.Go(func() { l.Start(ctx) })
	}
	return wg.Wait
}

// MailKind is the job kind of one email.
const MailKind = "mail"

// Message is one email as a mail job carries it: whoever queues it writes the
// words, the mail kind (connector/mail) only sends them.
type Message struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Payload is the message as a job's payload.
func (m Message) Payload() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// ParseMessage reads a mail job's payload.
func ParseMessage(payload string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(payload), &m); err != nil || m.Subject == "" {
		return m, fmt.Errorf("outbound: a mail job holds no message (%q)", payload)
	}
	return m, nil
}
