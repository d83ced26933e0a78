package salesforce

import (
	"io"
	"log"
	"os"
	"testing"
)

// TestMain silences simpleforce, which logs every failed request through the global logger.
func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	os.Exit(m.Run())
}
