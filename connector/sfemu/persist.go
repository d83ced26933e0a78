package sfemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// saveDelay is how long writes are gathered before the data file is written.
const saveDelay = 500 * time.Millisecond

type persistState struct {
	mu      sync.Mutex
	pending bool
	closed  bool       // after Close no timer writes the file again
	saveMu  sync.Mutex // one writer of the file at a time
}

// dataFile is the JSON layout of Options.DataFile.
type dataFile struct {
	Version   int                         `json:"version"`
	Counter   int64                       `json:"counter"`
	LastStamp time.Time                   `json:"lastStamp"`
	Records   map[string][]map[string]any `json:"records"`
	APICalls  int                         `json:"apiCalls,omitempty"` // API calls counted on APIDay
	APIDay    string                      `json:"apiDay,omitempty"`   // UTC date, YYYY-MM-DD
	PurgedTo  map[string]string           `json:"purgedTo,omitempty"` // earliestDateAvailable per object
}

// dirty schedules a save; callers hold s.mu.
func (s *Server) dirty() {
	if s.opts.DataFile == "" {
		return
	}
	p := &s.persist
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending || p.closed {
		return
	}
	p.pending = true
	time.AfterFunc(saveDelay, func() {
		s.persist.mu.Lock()
		closed := s.persist.closed
		s.persist.mu.Unlock()
		if !closed {
			_ = s.Save()
		}
	})
}

// Save writes the org to Options.DataFile now (a no-op without one).
func (s *Server) Save() error {
	if s.opts.DataFile == "" {
		return nil
	}
	s.persist.saveMu.Lock()
	defer s.persist.saveMu.Unlock()
	s.persist.mu.Lock()
	s.persist.pending = false
	s.persist.mu.Unlock()
	s.mu.RLock()
	df := dataFile{Version: 1, Counter: s.counter, LastStamp: s.lastStamp, Records: map[string][]map[string]any{}, PurgedTo: s.purgedTo}
	for name, t := range s.tables {
		rows := make([]map[string]any, len(t.rows))
		for i, r := range t.rows {
			rows[i] = r.f
		}
		df.Records[name] = rows
	}
	s.faults.mu.Lock()
	df.APICalls, df.APIDay = s.faults.calls, time.Now().UTC().Format(time.DateOnly)
	s.faults.mu.Unlock()
	b, err := json.Marshal(df)
	s.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("sfemu: encode data file: %w", err)
	}
	tmp := s.opts.DataFile + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("sfemu: write data file: %w", err)
	}
	if err := os.Rename(tmp, s.opts.DataFile); err != nil {
		return fmt.Errorf("sfemu: write data file: %w", err)
	}
	return nil
}

// load reads Options.DataFile when it exists.
func (s *Server) load() error {
	if s.opts.DataFile == "" {
		return nil
	}
	b, err := os.ReadFile(s.opts.DataFile)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(filepath.Dir(s.opts.DataFile), 0o755)
	}
	if err != nil {
		return fmt.Errorf("sfemu: read data file: %w", err)
	}
	var df dataFile
	if err := json.Unmarshal(b, &df); err != nil {
		return fmt.Errorf("sfemu: parse data file %s: %w", s.opts.DataFile, err)
	}
	s.counter, s.lastStamp = df.Counter, df.LastStamp
	if df.APIDay == time.Now().UTC().Format(time.DateOnly) { // the day's API calls survive a restart, as in a real org
		s.faults.mu.Lock()
		s.faults.calls = df.APICalls
		s.faults.mu.Unlock()
	}
	for k, v := range df.PurgedTo {
		s.purgedTo[k] = v
	}
	for name, rows := range df.Records {
		o := s.schema.lookup(name)
		if o == nil {
			return fmt.Errorf("sfemu: data file %s: unknown object %q", s.opts.DataFile, name)
		}
		t := s.table(o)
		for _, m := range rows {
			if _, ok := m["Id"].(string); !ok {
				return fmt.Errorf("sfemu: data file %s: %s record without Id", s.opts.DataFile, name)
			}
			t.pos[m["Id"].(string)] = len(t.rows)
			t.rows = append(t.rows, newRecord(o, m))
		}
	}
	return nil
}
