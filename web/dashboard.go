package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/refsync/refsync/store"
)

// dashboardView is the data of the dashboard.
type dashboardView struct {
	Conn        store.Connection
	Sync        []objectRow
	FailedFix   string // what to do about the failed entries
	NeverRan    bool
	Failing     []string // watched objects whose last sync failed
	Stats       store.EntryStats
	OldestAge   string
	Failed      int
	Chart       template.HTML
	ChartNarrow template.HTML // the same chart drawn for phone width
	Outcomes    []string
	Streams     []store.StreamState // the Streaming API per watched object (dashboard_streams.go)
	Bulk        []store.BulkJob     // each object's last Bulk API 2.0 backfill job, running or done
	Outbound    []outboundRow       // outgoing work per kind (dashboard_outbound.go)
	SecretKey   string              // what REFSYNC_SECRET_KEY cannot open, and what to do ("" when all is well)
}

// dashboard shows the connection, the sync per object, the queue and the chart.
func (s *server) dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	conn, err := s.DB.ConnectionState(ctx)
	if err != nil {
		return err
	}
	rules, _, err := currentRules(ctx, s.DB, store.DefaultProgram)
	if err != nil {
		return err
	}
	syncs, err := objectRows(ctx, s.DB, rules.Objects, rules.Paused)
	if err != nil {
		return err
	}
	byReason, err := failedReasons(ctx, s.DB)
	if err != nil {
		return err
	}
	st, err := s.DB.ProgramEntryStats(ctx, s.currentProgram(c))
	if err != nil {
		return err
	}
	failed, err := failedCount(ctx, s.DB)
	if err != nil {
		return err
	}
	v := dashboardView{Conn: conn, Sync: syncs, Stats: st, Chart: entriesChart(st.PerDay), ChartNarrow: entriesChartNarrow(st.PerDay), Failed: failed,
		FailedFix: failedHint(byReason)}
	if v.Streams, err = watchedStreams(ctx, s.DB, rules.Objects); err != nil {
		return err
	}
	if v.Bulk, err = s.DB.BulkJobs(ctx); err != nil {
		return err
	}
	if v.Outbound, err = outboundRows(ctx, s.DB, time.Now()); err != nil {
		return err
	}
	if err := s.DB.SecretKeyProblem(ctx); err != nil {
		v.SecretKey = sentence(err.Error())
	}
	v.NeverRan = true
	for _, o := range syncs {
		v.NeverRan = v.NeverRan && o.LastRunAt == ""
		if o.ErrorWords != "" {
			v.Failing = append(v.Failing, o.Object)
		}
	}
	if st.OldestReviewAt != "" {
		v.OldestAge = ago(st.OldestReviewAt, time.Now())
	}
	for _, o := range chartOutcomes {
		v.Outcomes = append(v.Outcomes, o.Name)
	}
	return s.render(c, http.StatusOK, "dashboard", v)
}
