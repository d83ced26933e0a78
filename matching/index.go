package matching

import (
	"cmp"
	"slices"
	"sync"
)

// Blocking limits: a key shared by more referrals than maxPosting stops being
// stored (it no longer narrows anything down), and at most maxCompare
// referrals are scored for one entry.
const (
	maxPosting = 256
	maxCompare = 24
	// maxWeakPosting skips a weak key (a name token, a phonetic code, a city)
	// shared by more referrals than this when gathering candidates.
	maxWeakPosting = 48
	// weakShare drops a referral sharing less than 1/weakShare of the key
	// weight of the best-connected one; down to 1/looseWeakShare while
	// fewer than maxLoose referrals are kept.
	weakShare      = 4
	looseWeakShare = 8
	maxLoose       = 12
)

// Index holds the referrals and their blocking keys. It is safe for concurrent
// use: Match may run while Add and Remove change it.
type Index struct {
	mu    sync.RWMutex
	recs  []rec // by slot; a removed slot has id ""
	free  []int32
	byID  map[string]int32
	byExt map[string]int32
	bySF  map[string]int32
	post  postings
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{
		byID: map[string]int32{}, byExt: map[string]int32{}, bySF: map[string]int32{},
		post: postings{heads: map[uint64]head{}},
	}
}

// Len returns the number of referrals in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Add adds a referral, or replaces the one with the same ID, and updates its
// blocking keys. A referral without an ID is ignored.
func (ix *Index) Add(r Referral) {
	if r.ID == "" {
		return
	}
	ix.AddPrepared(PrepareReferral(r))
}

// Prepared is a referral made ready for the index: normalised, its blocking
// keys computed. PrepareReferral is the costly half of Add and touches no
// index, so a large load prepares on several goroutines and adds in order.
type Prepared struct {
	p  rec
	ks []blockKey
}

// PrepareReferral prepares a referral for AddPrepared; safe for concurrent use.
func PrepareReferral(r Referral) Prepared {
	p := prepareReferral(r)
	return Prepared{p: p, ks: p.keys()}
}

// AddPrepared is Add of a prepared referral; one without an ID is ignored.
func (ix *Index) AddPrepared(pr Prepared) {
	p, ks := pr.p, pr.ks
	if p.id == "" {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.byID[p.id]; ok {
		ix.removeSlot(old)
	}
	var slot int32
	if n := len(ix.free); n > 0 {
		slot, ix.free = ix.free[n-1], ix.free[:n-1]
		ix.recs[slot] = p
	} else {
		slot = int32(len(ix.recs))
		ix.recs = append(ix.recs, p)
	}
	ix.byID[p.id] = slot
	if p.external != "" {
		ix.byExt[p.external] = slot
	}
	for _, s := range p.salesforceIDs {
		ix.bySF[s] = slot
	}
	for _, k := range ks {
		ix.post.add(k.hash, slot)
	}
}

// Remove takes the referral with this ID out of the index; an unknown ID is a no-op.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if slot, ok := ix.byID[id]; ok {
		ix.removeSlot(slot)
	}
}

func (ix *Index) removeSlot(slot int32) {
	p := &ix.recs[slot]
	for _, k := range p.keys() {
		ix.post.remove(k.hash, slot)
	}
	delete(ix.byID, p.id)
	if p.external != "" && ix.byExt[p.external] == slot {
		delete(ix.byExt, p.external)
	}
	for _, s := range p.salesforceIDs {
		if ix.bySF[s] == slot {
			delete(ix.bySF, s)
		}
	}
	ix.recs[slot] = rec{}
	ix.free = append(ix.free, slot)
}

// hit counts how strongly one referral shares blocking keys with an entry.
type hit struct {
	slot   int32
	weight uint16
	once   bool // a key kind that counts once per referral however many of its keys are shared
}

// candidates returns the slots of the referrals sharing the most informative
// blocking keys with e, at most maxCompare. The caller holds the read lock.
func (ix *Index) candidates(ks []blockKey) []int32 {
	hits := make([]hit, 0, 64)
	for _, k := range ks {
		h := ix.post.list(k.hash)
		w, n := keyWeight[k.kind-'a'], int(h.n)
		if n == 0 || n > maxPosting || w <= 4 && n > maxWeakPosting {
			continue
		}
		once := k.kind == kDeletion
		for i := h.first; i >= 0; i = ix.post.nodes[i].next {
			hits = append(hits, hit{ix.post.nodes[i].slot, w, once})
		}
	}
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.slot, b.slot) })
	merged := hits[:1]
	seenOnce := merged[0].once
	for _, h := range hits[1:] {
		last := &merged[len(merged)-1]
		switch {
		case last.slot != h.slot:
			merged = append(merged, h)
			seenOnce = h.once
		case h.once && seenOnce:
		default:
			last.weight += h.weight
			seenOnce = seenOnce || h.once
		}
	}
	if len(merged) > maxCompare {
		slices.SortFunc(merged, func(a, b hit) int {
			if a.weight != b.weight {
				return cmp.Compare(b.weight, a.weight)
			}
			return cmp.Compare(a.slot, b.slot)
		})
		merged = merged[:maxCompare]
	}
	top := uint16(0)
	for _, h := range merged {
		top = max(top, h.weight)
	}
	out := make([]int32, 0, len(merged))
	for _, h := range merged {
		if h.weight*weakShare >= top {
			out = append(out, h.slot)
		}
	}
	if len(out) >= maxLoose {
		return out
	}
	for _, h := range merged {
		if h.weight*weakShare < top && h.weight*looseWeakShare >= top && len(out) < maxLoose {
			out = append(out, h.slot)
		}
	}
	return out
}
