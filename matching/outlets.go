package matching

// Outlets referred one by one: when a program holds a hotel and its bar, or
// a hotel's restaurant and its spa, as referrals of their own, the program
// tells the site and its outlets apart, and so does its data: an entry
// naming the site, or another of its outlets, is none of them.

// outletsReason explains a candidate held out by outletsApart.
const outletsReason = "the site and its outlets are referred one by one (two or more of them relate to this entry through an outlet word): this one is another business of the site, not a candidate"

// outletsApart holds out the candidates related to the entry only as a site
// and its outlet when two or more candidates relate to it through an outlet
// word (the site and an outlet, or two outlets): each of them is its own
// business, so the entry is none of those it is not named as. A candidate
// sharing an email or a person's name with the entry is kept.
func outletsApart(cmps []comparison) {
	n := 0
	for i := range cmps {
		if cmps[i].outlet {
			n++
		}
	}
	if n < 2 {
		return
	}
	for i := range cmps {
		c := &cmps[i]
		if c.outlet && c.bits > apartBits && c.agree&(evEmail|evName) == 0 {
			c.blocked += apartBits - c.bits
			c.bits, c.outletSet = apartBits, true
		}
	}
}

// outletsField explains outletsApart's hold on a comparison whose weight
// before it was bits.
func outletsField(bits float64) fieldCmp {
	return fieldCmp{field: "held", weight: apartBits - bits, reason: outletsReason}
}
