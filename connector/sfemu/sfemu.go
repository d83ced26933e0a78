package sfemu

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// APIVersion is the newest API version the emulator announces.
const APIVersion = "62.0"

// Options configure a Server; zero values take the defaults shown.
type Options struct {
	ClientID      string        // default "refsync-demo"
	ClientSecret  string        // default "refsync-demo-secret"
	Username      string        // default "admin@refsync.example"
	Password      string        // default "refsync"
	SecurityToken string        // appended to Password by clients, as Salesforce wants; default none
	PageSize      int           // query batch size; default 2000
	DailyLimit    int           // API calls allowed per day; default 100000
	TokenTTL      time.Duration // access-token lifetime; default 2h
	CursorTTL     time.Duration // idle query cursor lifetime; default 15m
	DataFile      string        // JSON file to load from and save to; "" keeps state in memory
	Seed          int64         // if non-zero and the org is empty, Populate(Seed, SeedCount)
	SeedCount     int           // people to generate when seeding; default 200
	Now           func() time.Time

	// Realism and faults (doc.go lists them all).
	WholeSecondStamps   bool          // stamps in whole seconds: writes in one second share a SystemModstamp
	RotateRefreshTokens bool          // a refresh grant returns a new refresh token and voids the old one
	ChildPageSize       int           // child subquery rows per page before done:false; 0 = whole list
	RecycleBinRetention time.Duration // how long deleted records stay; default 15 days, < 0 for ever
	HiddenFields        []string      // "Object.Field" hidden by field-level security

	RequestLog io.Writer // if set, one line per request: method, path, query, status, time
}

func (o *Options) defaults() {
	set := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	set(&o.ClientID, "refsync-demo")
	set(&o.ClientSecret, "refsync-demo-secret")
	set(&o.Username, "admin@refsync.example")
	set(&o.Password, "refsync")
	if o.PageSize <= 0 {
		o.PageSize = 2000
	}
	if o.DailyLimit <= 0 {
		o.DailyLimit = 100000
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = 2 * time.Hour
	}
	if o.CursorTTL <= 0 {
		o.CursorTTL = 15 * time.Minute
	}
	if o.SeedCount <= 0 {
		o.SeedCount = 200
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Server is the emulated org. It is an http.Handler; Start also listens.
type Server struct {
	opts     Options
	schema   *schema
	byPrefix map[string]*object
	orgID    string
	userID   string

	mu        sync.RWMutex // guards the data below
	tables    map[string]*table
	counter   int64
	lastStamp time.Time
	txStamp   string            // the stamp of the running transaction, if any
	purgedTo  map[string]string // object → deletion stamp of the last purged record
	lastPurge atomic.Int64      // unix seconds of the last purge check
	now       func() time.Time

	auth    authState
	faults  faultState
	cursors cursorState
	persist persistState
	stream  streamState // the Streaming API (streaming*.go)
	bulk    bulkState   // Bulk API 2.0 jobs (bulk*.go)

	httpSrv *http.Server
	ln      net.Listener
}

// New builds a Server, loading Options.DataFile when it exists.
func New(opts Options) (*Server, error) {
	opts.defaults()
	sc, err := newSchema()
	if err != nil {
		return nil, err
	}
	if opts.RecycleBinRetention, err = recycleBinRetention(opts.RecycleBinRetention); err != nil {
		return nil, err
	}
	s := &Server{opts: opts, schema: sc, byPrefix: map[string]*object{}, tables: map[string]*table{}, now: opts.Now,
		purgedTo: map[string]string{}}
	for _, o := range sc.objects {
		s.byPrefix[o.KeyPrefix] = o
	}
	s.orgID = makeID("00D", 1)
	s.auth.init()
	s.auth.rotate = opts.RotateRefreshTokens
	s.faults.limit = opts.DailyLimit
	if err := s.hideFields(opts.HiddenFields); err != nil {
		return nil, err
	}
	s.cursors.m = map[string]*cursor{}
	for _, o := range sc.objects {
		s.table(o) // every table exists up front: queries create none under the read lock
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	if err := s.ensureUser(); err != nil {
		return nil, err
	}
	s.ensureOrganization()
	if opts.Seed != 0 && len(s.Records("Lead")) == 0 && len(s.Records("Contact")) == 0 {
		if _, err := s.Populate(opts.Seed, Generate(opts.Seed, opts.SeedCount)); err != nil {
			return nil, fmt.Errorf("sfemu: seed org: %w", err)
		}
	}
	return s, nil
}

// ensureUser creates the integration user that owns every record.
func (s *Server) ensureUser() error {
	if u := s.Records("User"); len(u) > 0 {
		s.userID = u[0]["Id"].(string)
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, aerr := s.create(s.schema.lookup("User"), map[string]any{"Username": s.opts.Username, "Email": s.opts.Username,
		"FirstName": "Integration", "LastName": "User", "IsActive": true}, modeDirect)
	if aerr != nil {
		return fmt.Errorf("sfemu: create user: %w", aerr)
	}
	s.userID = r.id()
	return nil
}

// Start builds a Server and serves it on addr ("127.0.0.1:0" picks a port).
func Start(addr string, opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.Listen(addr); err != nil {
		return nil, err
	}
	return s, nil
}

// Listen serves s on addr in the background until Close.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sfemu: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.httpSrv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpSrv.Serve(ln) }()
	return nil
}

// URL is the base URL ("http://127.0.0.1:PORT") of a listening Server; use
// it as the login URL and instance URL.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Options returns the effective options (with defaults filled in).
func (s *Server) Options() Options { return s.opts }

// Close stops listening (if Start/Listen was used) and saves the data file.
func (s *Server) Close() error {
	var errs []error
	if s.httpSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.httpSrv.Shutdown(ctx); err != nil {
			// A client that opened a connection and never sent a request keeps
			// Shutdown waiting; after the grace period, close what is left.
			if cerr := s.httpSrv.Close(); cerr != nil {
				errs = append(errs, fmt.Errorf("sfemu: shut down: %w", cerr))
			}
		}
	}
	if err := s.Save(); err != nil {
		errs = append(errs, err)
	}
	s.persist.mu.Lock()
	s.persist.closed = true
	s.persist.mu.Unlock()
	return errors.Join(errs...)
}
