package sfemu

import (
	"strings"
	"sync"
)

// rowLocks holds, per server, how many record saves of each object still
// answer UNABLE_TO_LOCK_ROW (kept beside the other faults so that adding
// this one touches the server's struct nowhere).
var rowLocks sync.Map // *Server → *rowLockState

type rowLockState struct {
	mu   sync.Mutex
	left map[string]int // lower object name → saves still refused
}

// LockRowsOnce makes the next n record saves (create or update through
// composite/sobjects) of objectName fail with UNABLE_TO_LOCK_ROW, as an org
// does while batch Apex, a flow or a data load holds the rows: each refused
// record is refused once, and saves again on the next try. Per record, not
// per call: the other records of the same call are saved.
func (s *Server) LockRowsOnce(objectName string, n int) {
	v, _ := rowLocks.LoadOrStore(s, &rowLockState{left: map[string]int{}})
	st := v.(*rowLockState)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.left[strings.ToLower(objectName)] = n
}

// rowLocked answers the row-lock refusal for one save of o while
// LockRowsOnce has refusals left (nil otherwise); dry runs do not count.
func (s *Server) rowLocked(o *object, dry bool) *APIError {
	v, ok := rowLocks.Load(s)
	if !ok || dry {
		return nil
	}
	st := v.(*rowLockState)
	st.mu.Lock()
	defer st.mu.Unlock()
	k := strings.ToLower(o.Name)
	if st.left[k] <= 0 {
		return nil
	}
	st.left[k]--
	return apiErr(400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records: "+o.Name)
}
