package matching

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the user+system CPU time of this process so far: on a shared
// machine it shows the work done, whatever else is running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports entries per second of wall time and CPU nanoseconds per entry.
func reportRate(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/entry")
}

// BenchmarkMatch matches entries against 100,000 synthetic referrals through
// the blocking index; one op is one entry.
func BenchmarkMatch(b *testing.B) {
	refs, entries := synth(b, 100_000, 100_000)
	ix := NewIndex()
	for _, r := range refs {
		ix.Add(r)
	}
	th := DefaultThresholds()
	runtime.GC()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		ix.Match(entries[i%len(entries)], th)
		i++
	}
	reportRate(b, cpu0)
}

// BenchmarkMatchNaive compares each entry with every one of the 100,000
// referrals, the baseline the index is measured against; one op is one entry.
func BenchmarkMatchNaive(b *testing.B) {
	refs, entries := synth(b, 100_000, 1_000)
	ix := NewIndex()
	for _, r := range refs {
		ix.Add(r)
	}
	runtime.GC()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		p := prepareEntry(entries[i%len(entries)])
		best := -1e9
		for s := range ix.recs {
			if c := ix.compare(&p, &ix.recs[s], false); c.bits > best {
				best = c.bits
			}
		}
		i++
	}
	reportRate(b, cpu0)
}

// BenchmarkIndexBuild1M builds the index for 1,000,000 referrals; one op is
// one full build, heap-MB is the live heap the index holds afterwards.
func BenchmarkIndexBuild1M(b *testing.B) {
	refs, _ := synth(b, 1_000_000, 0)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	for b.Loop() {
		ix := NewIndex()
		for _, r := range refs {
			ix.Add(r)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(ix)
		b.StartTimer()
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-heap-MB")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e9/float64(b.N), "cpu-s/build")
}
