package matching

// head is the start of one key's posting list; n > maxPosting marks a key
// shared by so many referrals that it is no longer stored.
type head struct {
	first int32
	n     int32
}

// node is one referral slot in a posting list.
type node struct {
	slot int32
	next int32
}

// postings maps hashed blocking keys to linked lists of referral slots kept in
// one array, which costs far less memory than a slice per key.
type postings struct {
	heads map[uint64]head
	nodes []node
	free  []int32
}

func (p *postings) add(key uint64, slot int32) {
	h, ok := p.heads[key]
	if !ok {
		h = head{first: -1}
	}
	if h.n > maxPosting {
		return
	}
	if h.n == maxPosting {
		p.release(h.first)
		p.heads[key] = head{first: -1, n: maxPosting + 1}
		return
	}
	var i int32
	if n := len(p.free); n > 0 {
		i, p.free = p.free[n-1], p.free[:n-1]
		p.nodes[i] = node{slot, h.first}
	} else {
		i = int32(len(p.nodes))
		p.nodes = append(p.nodes, node{slot, h.first})
	}
	p.heads[key] = head{first: i, n: h.n + 1}
}

// release frees every node of a list.
func (p *postings) release(i int32) {
	for i >= 0 {
		p.free = append(p.free, i)
		i = p.nodes[i].next
	}
}

func (p *postings) remove(key uint64, slot int32) {
	h, ok := p.heads[key]
	if !ok || h.n > maxPosting {
		return
	}
	prev := int32(-1)
	for i := h.first; i >= 0; prev, i = i, p.nodes[i].next {
		if p.nodes[i].slot != slot {
			continue
		}
		if prev < 0 {
			h.first = p.nodes[i].next
		} else {
			p.nodes[prev].next = p.nodes[i].next
		}
		p.free = append(p.free, i)
		h.n--
		if h.n == 0 {
			delete(p.heads, key)
		} else {
			p.heads[key] = h
		}
		return
	}
}

// each calls f for every slot stored under key.
func (p *postings) each(key uint64, f func(int32)) {
	h := p.heads[key]
	if h.n > maxPosting {
		return
	}
	for i := h.first; i >= 0 && h.n > 0; i = p.nodes[i].next {
		f(p.nodes[i].slot)
	}
}

// list returns the head of key's list: n is how many referrals share the
// key (maxPosting+1 when too many to store); iterate with next.
func (p *postings) list(key uint64) head { return p.heads[key] }

// count returns how many referrals share key, maxPosting+1 when too many to store.
func (p *postings) count(key uint64) int { return int(p.heads[key].n) }
