//go:build e2e

package web

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rssSampler records the process's peak resident memory while an attack runs.
type rssSampler struct {
	base, peak atomic.Int64
	stop       chan struct{}
	done       sync.WaitGroup
}

// rssNow reads VmRSS from /proc/self/status in bytes (0 where there is none).
func rssNow() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func startRSS(t *testing.T) *rssSampler {
	if rssNow() == 0 {
		t.Skip("no /proc/self/status here")
	}
	s := &rssSampler{stop: make(chan struct{})}
	s.base.Store(rssNow())
	s.peak.Store(s.base.Load())
	s.done.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
				if r := rssNow(); r > s.peak.Load() {
					s.peak.Store(r)
				}
			}
		}
	})
	return s
}

// growth stops sampling and returns how far the peak rose above the start, in MB.
func (s *rssSampler) growth() (base, peak, grew int64) {
	close(s.stop)
	s.done.Wait()
	return s.base.Load() >> 20, s.peak.Load() >> 20, (s.peak.Load() - s.base.Load()) >> 20
}

// 40 parallel anonymous 31 MB CSV uploads to /import (well-formed multipart,
// streamed by the client): the server's peak memory stays flat.
func TestMemoryAnonymousUploads(t *testing.T) {
	app := newTestApp(t)
	rss := startRSS(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	start := time.Now()
	for i := 0; i < 40; i++ {
		wg.Go(func() {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				fw, _ := mw.CreateFormFile("file", "big.csv")
				line := []byte("first_name,last_name,email\n" + strings.Repeat("x", 1000) + "\n")
				for n := 0; n < 31<<20; n += len(line) {
					if _, err := fw.Write(line); err != nil {
						pw.CloseWithError(err)
						return
					}
				}
				pw.CloseWithError(mw.Close())
			}()
			req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/import", pr)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			res, err := app.client().c.Do(req)
			code := 0
			if err == nil {
				code = res.StatusCode
				res.Body.Close()
			}
			pr.CloseWithError(io.ErrClosedPipe)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	base, peak, grew := rss.growth()
	t.Logf("40 parallel anonymous 31 MB uploads in %v: answers %v; RSS %d MB before, peak %d MB (+%d MB)",
		time.Since(start).Round(time.Millisecond), codes, base, peak, grew)
	if grew > 150 {
		t.Fatalf("the server's memory grew by %d MB under anonymous uploads; want it flat", grew)
	}
}

// 1,200 sign-ins with 200 KB emails from 1,200 addresses: memory and log stay flat.
func TestMemorySignInLongEmails(t *testing.T) {
	var logs countingWriter
	app := newTestApp(t, behindLocalProxy, func(d *Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	rss := startRSS(t)
	email := strings.Repeat("e", 200<<10) + "@example.com"
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	start := time.Now()
	next := atomic.Int64{}
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			cl := app.client()
			for i := next.Add(1); i <= 1200; i = next.Add(1) {
				form := url.Values{"email": {fmt.Sprint(i) + email}, "password": {"guess"}}
				req, _ := http.NewRequest(http.MethodPost, app.Srv.URL+"/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
				code := 0
				if res, err := cl.c.Do(req); err == nil {
					code = res.StatusCode
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	base, peak, grew := rss.growth()
	t.Logf("1,200 sign-ins with 200 KB emails in %v: answers %v; RSS %d MB before, peak %d MB (+%d MB); log %d KB",
		time.Since(start).Round(time.Millisecond), codes, base, peak, grew, logs.n.Load()>>10)
	if grew > 100 || logs.n.Load() > 1<<20 {
		t.Fatalf("memory grew by %d MB and the log by %d KB; want both flat", grew, logs.n.Load()>>10)
	}
}

// countingWriter counts what is written to it.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }
