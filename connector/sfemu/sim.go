package sfemu

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// SimOptions configure a Simulator; zero values take the defaults shown.
type SimOptions struct {
	Seed        int64         // drives every choice: the same seed on the same org makes the same changes
	Every       time.Duration // time between steps of Run; default 3s
	Actions     int           // changes per step; default 6
	People      []Person      // whom new Leads are made for; default: strangers from Generate
	MemberCodes []string      // referral codes some new Leads carry in Member_Code__c
}

// SimStats counts what a Simulator did.
type SimStats struct {
	Steps         int // steps run
	StageMoves    int // Opportunities moved to a later open stage
	Won, Lost     int // Opportunities closed
	Converted     int // Leads converted (Status "Closed - Converted")
	Worked        int // Leads moved to "Working - Contacted"
	Disqualified  int // Leads closed without conversion
	Edits         int // other field edits (phone, email, company, amount)
	NewLeads      int // Leads created
	NewDeals      int // Opportunities opened for an existing Contact
	DealMassMoves int // mass updates moving Referral_Deal__c records one stage on (one stamp each)
	SystemTouches int // Accounts whose SystemModstamp a roll-up recalculation moved
	Errors        int // changes the org refused
}

// Simulator is sales activity on an emulated org: every step it moves
// Opportunities through stages (some to Closed Won), works, converts and
// disqualifies Leads, edits records, creates new Leads and deals, and now
// and then moves several Referral_Deal__c records on in one mass update
// (one shared stamp) whose roll-up touches their Accounts' SystemModstamp. It
// writes through the direct data access (Insert, Update, ConvertLead), so
// none of it counts as an API call.
type Simulator struct {
	srv  *Server
	opts SimOptions
	v    variant

	mu      sync.Mutex // serialises steps and guards the fields below
	st      SimStats
	rows    map[string][]map[string]any // records read in this step, per object
	touched map[string]bool             // ids changed in this step: not picked again
}

// openStages are the open Opportunity stages in the order deals move.
var openStages = []string{"Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
	"Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"}

// NewSimulator returns a simulator of sales activity on srv.
func NewSimulator(srv *Server, o SimOptions) *Simulator {
	if o.Every <= 0 {
		o.Every = 3 * time.Second
	}
	if o.Actions <= 0 {
		o.Actions = 6
	}
	if len(o.People) == 0 {
		o.People = Generate(o.Seed^0x51a1, 500)
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x7a3c9e11))
	return &Simulator{srv: srv, opts: o, v: variant{rng: rng}}
}

// Run steps every SimOptions.Every until ctx is done. A refused change is
// counted in SimStats.Errors and the simulation goes on.
func (sim *Simulator) Run(ctx context.Context) {
	t := time.NewTicker(sim.opts.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = sim.Step()
		}
	}
}

// Stats returns what the simulator did so far.
func (sim *Simulator) Stats() SimStats {
	sim.mu.Lock()
	defer sim.mu.Unlock()
	return sim.st
}

// Step makes SimOptions.Actions changes and returns the first refusal.
func (sim *Simulator) Step() error {
	sim.mu.Lock()
	defer sim.mu.Unlock()
	sim.st.Steps++
	sim.rows, sim.touched = map[string][]map[string]any{}, map[string]bool{}
	var first error
	for range sim.opts.Actions {
		if err := sim.act(); err != nil {
			sim.st.Errors++
			if first == nil {
				first = err
			}
		}
	}
	return first
}

// act makes one change, chosen by weight.
func (sim *Simulator) act() error {
	switch k := sim.v.rng.IntN(100); {
	case k < 30:
		return sim.advanceDeal()
	case k < 45:
		return sim.convertLead()
	case k < 53:
		return sim.setLeadStatus("Working - Contacted", &sim.st.Worked)
	case k < 56:
		return sim.setLeadStatus("Closed - Not Converted", &sim.st.Disqualified)
	case k < 75:
		return sim.edit()
	case k < 92:
		return sim.newLead()
	case k < 97:
		return sim.newDeal()
	default:
		return sim.massMoveDeals()
	}
}

// pickWhere returns a random record of object for which keep holds, or nil.
// The records are read once per step (in Id order, so a seed makes the same
// choices); a picked record is not picked again in the step.
func (sim *Simulator) pickWhere(object string, keep func(map[string]any) bool) map[string]any {
	all, ok := sim.rows[object]
	if !ok {
		all = sim.srv.Records(object)
		sim.rows[object] = all
	}
	var rows []map[string]any
	for _, r := range all {
		if keep(r) && !sim.touched[str(r["Id"])] {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	r := rows[sim.v.rng.IntN(len(rows))]
	sim.touched[str(r["Id"])] = true
	return r
}

func openLead(r map[string]any) bool {
	st, _ := r["Status"].(string)
	return r["IsConverted"] != true && !strings.HasPrefix(st, "Closed")
}

func openDeal(r map[string]any) bool { return slices.Contains(openStages, str(r["StageName"])) }

func str(v any) string { s, _ := v.(string); return s }

// advanceDeal moves an open Opportunity one or two stages on, or closes it
// (won two times in three).
func (sim *Simulator) advanceDeal() error {
	opp := sim.pickWhere("Opportunity", openDeal)
	if opp == nil {
		return nil
	}
	i := slices.Index(openStages, str(opp["StageName"])) + 1 + sim.v.rng.IntN(2)
	stage := ""
	switch {
	case i >= len(openStages) || sim.v.chance(20):
		stage, sim.st.Won = "Closed Won", sim.st.Won+1
		if sim.v.chance(33) {
			stage, sim.st.Won, sim.st.Lost = "Closed Lost", sim.st.Won-1, sim.st.Lost+1
		}
	default:
		stage = openStages[i]
		sim.st.StageMoves++
	}
	return sim.srv.Update("Opportunity", str(opp["Id"]), map[string]any{"StageName": stage})
}

// convertLead converts an open Lead, preferring ones being worked.
func (sim *Simulator) convertLead() error {
	lead := sim.pickWhere("Lead", func(r map[string]any) bool { return openLead(r) && r["Status"] == "Working - Contacted" })
	if lead == nil || sim.v.chance(40) {
		lead = sim.pickWhere("Lead", openLead)
	}
	if lead == nil {
		return nil
	}
	if _, err := sim.srv.ConvertLead(str(lead["Id"])); err != nil {
		return err
	}
	sim.st.Converted++
	return nil
}

// setLeadStatus gives an open Lead another status.
func (sim *Simulator) setLeadStatus(status string, n *int) error {
	lead := sim.pickWhere("Lead", func(r map[string]any) bool { return openLead(r) && r["Status"] != status })
	if lead == nil {
		return nil
	}
	*n++
	return sim.srv.Update("Lead", str(lead["Id"]), map[string]any{"Status": status})
}

// edit changes a field the way people do: a phone written differently, an
// email added, a company renamed, an amount revised.
func (sim *Simulator) edit() error {
	p := sim.opts.People[sim.v.rng.IntN(len(sim.opts.People))]
	var object string
	var rec, change map[string]any
	switch sim.v.rng.IntN(3) {
	case 0:
		object, rec = "Lead", sim.pickWhere("Lead", openLead)
		if rec != nil {
			change = map[string]any{"Phone": reformatPhone(sim.v, str(rec["Phone"]), p), "Company": renameCompany(sim.v, str(rec["Company"]))}
		}
	case 1:
		object, rec = "Contact", sim.pickWhere("Contact", func(map[string]any) bool { return true })
		if rec != nil {
			change = map[string]any{"Phone": reformatPhone(sim.v, str(rec["Phone"]), p)}
		}
	default:
		object, rec = "Opportunity", sim.pickWhere("Opportunity", openDeal)
		if rec != nil {
			change = map[string]any{"Amount": float64(1000 * (1 + sim.v.rng.IntN(200)))}
		}
	}
	if rec == nil {
		return nil
	}
	sim.st.Edits++
	return sim.srv.Update(object, str(rec["Id"]), change)
}

// newLead creates a Lead for one of SimOptions.People, some carrying a
// member's referral code.
func (sim *Simulator) newLead() error {
	p := sim.opts.People[sim.v.rng.IntN(len(sim.opts.People))]
	v := sim.v
	lead := map[string]any{"FirstName": v.first(p), "LastName": v.last(p), "Company": v.company(p), "Email": v.email(p),
		"Phone": v.phone(p), "City": p.City, "State": p.State, "PostalCode": p.PostalCode,
		"LeadSource": pick(v.rng, []string{"Partner Referral", "Web", "Phone Inquiry", "Trade Show"})}
	if len(sim.opts.MemberCodes) > 0 && v.chance(35) {
		lead["Member_Code__c"] = sim.opts.MemberCodes[v.rng.IntN(len(sim.opts.MemberCodes))]
	}
	if _, err := sim.srv.Insert("Lead", lead); err != nil {
		return fmt.Errorf("sfemu: simulate new lead: %w", err)
	}
	sim.st.NewLeads++
	return nil
}

// newDeal opens an Opportunity for an existing Contact, with a primary
// contact role, as a sales rep does for a repeat customer.
func (sim *Simulator) newDeal() error {
	c := sim.pickWhere("Contact", func(r map[string]any) bool { return str(r["AccountId"]) != "" })
	if c == nil {
		return nil
	}
	acc := sim.srv.Get("Account", str(c["AccountId"]))
	opp := map[string]any{"Name": fmt.Sprintf("%s - %s renewal", str(acc["Name"]), str(c["LastName"])), "StageName": openStages[0],
		"AccountId": c["AccountId"], "CloseDate": sim.srv.clock().AddDate(0, 0, 30+sim.v.rng.IntN(60)).Format("2006-01-02"),
		"Amount": float64(1000 * (1 + sim.v.rng.IntN(200)))}
	oid, err := sim.srv.Insert("Opportunity", opp)
	if err != nil {
		return fmt.Errorf("sfemu: simulate new deal: %w", err)
	}
	ocr := map[string]any{"OpportunityId": oid, "ContactId": c["Id"], "IsPrimary": true, "Role": "Decision Maker"}
	if _, err := sim.srv.Insert("OpportunityContactRole", ocr); err != nil {
		return fmt.Errorf("sfemu: simulate new deal: %w", err)
	}
	sim.st.NewDeals++
	return nil
}
