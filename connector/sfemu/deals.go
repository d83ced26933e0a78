package sfemu

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// populateDeals gives about half the accounts one to three Referral_Deal__c
// records, then moves a share of the new deals to Qualified in one mass
// update, as a sales-ops clean-up does: those deals share one
// SystemModstamp. Its own random stream leaves Populate's choices as they were.
func (s *Server) populateDeals(seed int64, people []Person, st *Populated) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xdea15))
	seen := map[string]bool{}
	var fresh []string
	for _, p := range people {
		if p.AccountID == "" || seen[p.AccountID] || rng.IntN(100) >= 50 {
			continue
		}
		seen[p.AccountID] = true
		for i := range 1 + rng.IntN(3) {
			deal := map[string]any{"Name": fmt.Sprintf("%s deal %d", p.Company, i+1), "Account__c": p.AccountID,
				"Stage__c": referralDealStages[rng.IntN(len(referralDealStages))], "Amount__c": float64(500 * (1 + rng.IntN(100)))}
			if rng.IntN(100) < 30 {
				deal["Referral_ID__c"] = p.ReferralID
			}
			id, err := s.Insert("Referral_Deal__c", deal)
			if err != nil {
				return fmt.Errorf("sfemu: populate referral deals: %w", err)
			}
			st.ReferralDeals++
			if deal["Stage__c"] == "Referred" {
				fresh = append(fresh, id)
			}
		}
	}
	mass := fresh[:len(fresh)/2]
	if err := s.BulkUpdate("Referral_Deal__c", mass, map[string]any{"Stage__c": "Qualified"}); err != nil {
		return err
	}
	st.MassUpdated = len(mass)
	return nil
}

// massMoveDeals moves up to eight open Referral_Deal__c records of one stage
// to the next in one mass update (they share a stamp), then recalculates
// their accounts' roll-ups, which moves the accounts' SystemModstamp only.
func (sim *Simulator) massMoveDeals() error {
	from := referralDealStages[sim.v.rng.IntN(3)] // Referred, Qualified or Proposal
	var ids []string
	accounts := map[string]bool{}
	for len(ids) < 8 {
		d := sim.pickWhere("Referral_Deal__c", func(r map[string]any) bool { return r["Stage__c"] == from })
		if d == nil {
			break
		}
		ids = append(ids, str(d["Id"]))
		if a := str(d["Account__c"]); a != "" {
			accounts[a] = true
		}
	}
	if len(ids) == 0 {
		return nil
	}
	next := referralDealStages[slices.Index(referralDealStages, from)+1]
	if err := sim.srv.BulkUpdate("Referral_Deal__c", ids, map[string]any{"Stage__c": next}); err != nil {
		return err
	}
	sim.st.DealMassMoves++
	accIDs := make([]string, 0, len(accounts))
	for a := range accounts {
		accIDs = append(accIDs, a)
	}
	slices.Sort(accIDs) // map order must not steer a seeded run
	if err := sim.srv.SystemTouch("Account", accIDs...); err != nil {
		return err
	}
	sim.st.SystemTouches += len(accIDs)
	return nil
}
