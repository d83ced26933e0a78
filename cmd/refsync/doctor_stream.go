package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/connector/salesforce"
)

// doctorStreaming checks the Streaming API and says, per watched object, how its changes will
// arrive. Streaming is never required (the poll is the safety net), so problems are notes.
func doctorStreaming(ctx context.Context, d *doctorReport, crm *salesforce.Client, rules *config.Rules) {
	var cdc, topics, off []string
	sel, selErr := crm.ChangeDataCaptureObjects(ctx)
	for _, o := range rules.Objects {
		switch mode := rules.StreamMode(o); {
		case mode == config.StreamOff:
			off = append(off, o)
		case mode == config.StreamCDC || mode == config.StreamAuto && sel[o]:
			cdc = append(cdc, o)
		default:
			topics = append(topics, o+" ("+salesforce.PushTopicName(o)+")")
		}
	}
	if len(cdc)+len(topics) == 0 {
		d.ok("streaming", "switched off for every object; changes arrive with the poll")
		return
	}
	if err := crm.CheckStreaming(ctx); err != nil {
		d.note("streaming", "the Streaming API refused this session (%v); changes arrive with the poll only. "+
			"Check that the org has the Streaming API enabled and the user has API Enabled", err)
		return
	}
	var parts []string
	add := func(label string, objs []string) {
		if len(objs) > 0 {
			parts = append(parts, label+": "+strings.Join(objs, ", "))
		}
	}
	add("Change Data Capture", cdc)
	add("PushTopics", topics)
	add("off", off)
	d.ok("streaming", "the Streaming API answers at /cometd/%s; %s", crm.APIVersion(), strings.Join(parts, "; "))
	if selErr != nil {
		d.note("streaming", "%s", fmt.Sprintf("cannot read which objects are selected for Change Data Capture (%v): "+
			"give the user View Setup and Configuration, or set the objects' streaming to cdc or pushtopic in Settings", selErr))
	}
}
