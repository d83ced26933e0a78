package connector

import (
	"reflect"

	"github.com/refsync/refsync/matching"
)

// systemStamps change with every save, whoever saves.
var systemStamps = map[string]bool{"SystemModstamp": true, "LastModifiedDate": true, "LastModifiedById": true}

// ownWriteback reports whether a change is refsync's own status write-back
// coming back through the sync: some program writes statuses onto records of
// this object (push status_targets), and the record differs from its last
// snapshot only in the system stamps and those status fields. Such a change
// is not a new change: it gets no entry and moves no referral; the snapshot
// is kept so the next comparison starts from it.
func ownWriteback(passes []*pass, e *matching.Entry, prev map[string]any) bool {
	if prev == nil {
		return false
	}
	written := map[string]bool{}
	for _, ps := range passes {
		for _, t := range ps.rules.Push.StatusTargets {
			if t.Object == e.Object {
				written[t.Field] = true
				if t.ChangedField != "" {
					written[t.ChangedField] = true
				}
			}
		}
	}
	if len(written) == 0 {
		return false
	}
	for _, m := range []map[string]any{e.Snapshot, prev} {
		for k := range m {
			if !systemStamps[k] && !written[k] && !reflect.DeepEqual(e.Snapshot[k], prev[k]) {
				return false
			}
		}
	}
	return true
}
