package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress draws a one-line bar on a terminal; on anything else it stays silent.
type progress struct {
	w     io.Writer
	total int64
	done  int64
	last  time.Time
	on    bool
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 && total > 0 {
			p.on = true
		}
	}
	return p
}

// Write counts bytes read through an io.TeeReader.
func (p *progress) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if p.on && time.Since(p.last) > 100*time.Millisecond {
		p.last = time.Now()
		p.draw()
	}
	return len(b), nil
}

func (p *progress) draw() {
	const width = 30
	frac := float64(p.done) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	n := int(frac * width)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < n {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %3.0f%%", bar, frac*100)
}

// finish clears the bar.
func (p *progress) finish() {
	if p.on {
		fmt.Fprintf(p.w, "\r%*s\r", 40, "")
	}
}
