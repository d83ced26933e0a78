package main

import (
	"strings"
	"testing"
)

// TestDoctorStreaming: doctor says how each object's changes arrive, and notes (without
// failing) a Streaming API that is down.
func TestDoctorStreaming(t *testing.T) {
	emu, _, getenv := emuEnv(t)
	if err := emu.SetChangeDataCapture("Opportunity"); err != nil {
		t.Fatal(err)
	}
	out, err := runWith(getenv, "doctor")
	want := "the Streaming API answers at /cometd/62.0; Change Data Capture: Opportunity; PushTopics: Lead (refsync_Lead), Contact (refsync_Contact)"
	if err != nil || !strings.Contains(out, want) {
		t.Fatalf("doctor: %v, want %q in\n%s", err, want, out)
	}
	emu.KillStream()
	out, err = runWith(getenv, "doctor")
	if err != nil || !strings.Contains(out, "note  streaming    the Streaming API refused this session") {
		t.Fatalf("doctor with the stream down: %v\n%s", err, out)
	}
}
