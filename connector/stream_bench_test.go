package connector_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/refsync/refsync/store"
)

// BenchmarkStreamLatency measures, over 100 stage changes one after another, how long a change
// in the emulator takes to approve its referral with a 5-minute poll interval and streaming on
// (the change event wakes the Opportunity poll). It reports the median and the 95th percentile.
//
//	go test ./connector -run '^$' -bench StreamLatency -benchtime 1x
func BenchmarkStreamLatency(b *testing.B) {
	const changes = 100
	e := newEnv(b)
	if err := e.emu.SetChangeDataCapture("Opportunity"); err != nil {
		b.Fatal(err)
	}
	e.start(b, slowPoll)
	var lat []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		refs, opps := make([]string, changes), make([]string, changes)
		for i := range refs {
			ref := e.referral(&store.Referral{FirstName: "Bench", LastName: fmt.Sprintf("Stream%d-%d", n, i),
				Email: fmt.Sprintf("bench%d-%d@stream.example", n, i)})
			refs[i], opps[i] = ref.ID, e.insert("Opportunity", map[string]any{"StageName": "Prospecting", "Referral_ID__c": ref.ID})
		}
		time.Sleep(200 * time.Millisecond) // the inserts' events wake polls; let them pass
		b.StartTimer()
		for i := range refs {
			t0 := time.Now()
			e.update("Opportunity", opps[i], map[string]any{"StageName": "Closed Won"})
			wait(b, 10*time.Second, "approval", func() bool { return e.status(refs[i]) == "approved" })
			lat = append(lat, time.Since(t0))
		}
	}
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95_ms")
	b.ReportMetric(0, "ns/op")
}
