package main

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector"
	"github.com/refsync/refsync/store"
)

// handlerDeps is what the HTTP side of `refsync serve` is built from.
type handlerDeps struct {
	DB       *store.DB
	Receiver *connector.Receiver
	Config   *config.Config
	Logger   *slog.Logger
}

// buildHandler returns the HTTP handler of `refsync serve`: for now the
// health endpoint; the API and the UI are mounted here.
func buildHandler(d handlerDeps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		conn, err := d.DB.ConnectionState(r.Context())
		body := map[string]any{"status": "ok", "salesforce": conn.State, "last_connected_at": conn.LastConnectedAt}
		code := http.StatusOK
		if err != nil {
			body["status"], code = "database unavailable", http.StatusServiceUnavailable
		} else if conn.LastError != "" {
			body["salesforce_error"] = conn.LastError
		}
		if st, err := d.DB.EntryStats(r.Context()); err == nil {
			body["last_entry_at"], body["review_queue"] = st.LastEntryAt, st.QueueSize
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(body)
	})
	return mux
}
