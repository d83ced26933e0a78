package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/refsync/refsync/store"
)

// ReferralPatch is the body of PATCH /referrals/{id}: only the fields sent change.
// A status change goes through the status guards and is recorded with the token's name.
type ReferralPatch struct {
	ExternalID *string            `json:"external_id"`
	FirstName  *string            `json:"first_name"`
	LastName   *string            `json:"last_name"`
	Email      *string            `json:"email"`
	Phone      *string            `json:"phone"`
	Company    *string            `json:"company"`
	Street     *string            `json:"street"`
	City       *string            `json:"city"`
	State      *string            `json:"state"`
	PostalCode *string            `json:"postal_code"`
	MemberCode *string            `json:"member_code"`
	Status     *string            `json:"status"`
	Note       string             `json:"note"` // why the status changed, for the history
	Custom     *map[string]string `json:"custom"`
}

func (p *ReferralPatch) validate() error {
	var c checker
	str := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"external_id", p.ExternalID}, {"first_name", p.FirstName}, {"last_name", p.LastName}, {"company", p.Company},
		{"street", p.Street}, {"city", p.City}, {"state", p.State}, {"postal_code", p.PostalCode}, {"member_code", p.MemberCode},
		{"note", &p.Note}} {
		c.text(f.name, str(f.v))
	}
	c.email("email", str(p.Email))
	c.phone("phone", str(p.Phone))
	if p.Status != nil && !store.ValidStatus(*p.Status) {
		c.fail("status", "status %q must be one of pending, qualified, approved, denied", *p.Status)
	}
	if p.Custom != nil {
		c.custom("custom", *p.Custom)
	}
	if c.err != nil {
		return c.err
	}
	return nil
}

func (s *server) patchReferral(w http.ResponseWriter, r *http.Request, c *caller) error {
	id := r.PathValue("id")
	var p ReferralPatch
	if err := decode(w, r, s.MaxBody, &p); err != nil {
		return err
	}
	if err := p.validate(); err != nil {
		return err
	}
	sp := store.ReferralPatch{ExternalID: p.ExternalID, FirstName: p.FirstName, LastName: p.LastName, Email: p.Email,
		Phone: p.Phone, Company: p.Company, Street: p.Street, City: p.City, State: p.State, PostalCode: p.PostalCode,
		MemberCode: p.MemberCode}
	if p.Custom != nil {
		sp.Custom = *p.Custom
		if sp.Custom == nil {
			sp.Custom = map[string]string{}
		}
	}
	if _, err := s.DB.UpdateReferral(r.Context(), id, sp, c.Actor()); err != nil {
		return err
	}
	if p.Status != nil {
		_, _, err := s.DB.SetReferralStatus(r.Context(), store.StatusChange{ReferralID: id, To: *p.Status, Actor: c.Actor(),
			Note: p.Note, Manual: true})
		if err != nil {
			return err
		}
	}
	return s.answerReferral(w, r, id, http.StatusOK)
}

// maxBulk is the most referrals one bulk request takes.
const maxBulk = 1000

// BulkResult is the outcome of one item of POST /referrals/bulk, in request order.
type BulkResult struct {
	Index    int       `json:"index"`
	Result   string    `json:"result"` // created, exists (imported before: nothing done) or error
	Referral *Referral `json:"referral,omitempty"`
	Error    *apiError `json:"error,omitempty"`
}

func (s *server) bulkReferrals(w http.ResponseWriter, r *http.Request, c *caller) error {
	var in struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := decode(w, r, s.MaxBulk, &in); err != nil {
		return err
	}
	switch {
	case len(in.Items) == 0:
		return errf(codeInvalid, "items", "send {\"items\": [...]} with 1 to %d referrals", maxBulk)
	case len(in.Items) > maxBulk:
		return errf(codeInvalid, "items", "at most %d referrals per request, not %d; split the import", maxBulk, len(in.Items))
	}
	program, err := s.programParam(r, 0, true)
	if err != nil {
		return err
	}
	results := make([]BulkResult, len(in.Items))
	var rows []*store.Referral
	var at []int
	for i, raw := range in.Items {
		results[i].Index = i
		var ri ReferralInput
		err := decodeBytes(raw, &ri)
		if err == nil {
			err = ri.validate()
		}
		if err == nil && ri.ProgramID != 0 {
			ri.ProgramID, err = s.programParam(r, ri.ProgramID, true)
		} else if err == nil {
			ri.ProgramID = program
		}
		if err != nil {
			results[i].Result, results[i].Error = "error", prefixField(asAPIError(err), i)
			continue
		}
		rows, at = append(rows, ri.referral()), append(at, i)
	}
	imported, err := s.DB.ImportReferrals(r.Context(), rows, c.Actor(), func(ctx context.Context, tx *sql.Tx, ref *store.Referral) error {
		return s.DB.EnqueueJobTx(ctx, tx, store.JobSFPush, ref.ID)
	})
	if err != nil {
		return err
	}
	for j, res := range imported {
		if err := s.bulkResult(r, &results[at[j]], res); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, list[BulkResult]{Items: results})
	return nil
}

func (s *server) bulkResult(r *http.Request, out *BulkResult, res store.ImportResult) error {
	switch {
	case res.Err != nil:
		ae := asAPIError(res.Err)
		if ae == nil {
			return res.Err
		}
		out.Result, out.Error = "error", prefixField(ae, out.Index)
		return nil
	case res.Already:
		out.Result = "exists"
	default:
		out.Result = "created"
	}
	row, err := s.DB.ReferralByID(r.Context(), res.ID)
	if err != nil {
		return err
	}
	if out.Referral, err = s.referralOut(r.Context(), row); err != nil {
		return err
	}
	if res.Created {
		s.changed(row, out.Referral)
	}
	return nil
}

// prefixField names the item's field as items[i].field.
func prefixField(ae *apiError, i int) *apiError {
	if ae == nil {
		return errf(codeInternal, "", "the item could not be stored")
	}
	cp := *ae
	cp.Field = "items[" + strconv.Itoa(i) + "]"
	if ae.Field != "" {
		cp.Field += "." + ae.Field
	}
	return &cp
}

// repushReferral queues the referral's push to Salesforce again (e.g. after a
// duplicate rule refused it and the duplicate was merged). A referral already
// in Salesforce is left as it is by the push.
func (s *server) repushReferral(w http.ResponseWriter, r *http.Request, c *caller) error {
	id := r.PathValue("id")
	if _, err := s.DB.ReferralByID(r.Context(), id); err != nil {
		return err
	}
	if err := s.DB.RequeuePush(r.Context(), id, c.Actor()); err != nil {
		return err
	}
	return s.answerReferral(w, r, id, http.StatusAccepted)
}
