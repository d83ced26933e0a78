package api

// CheckReferral applies POST /referrals' checks to in, so that the UI refuses
// the same input with the same words; it returns the field at fault and the
// message, or two empty strings.
func CheckReferral(in ReferralInput) (field, msg string) { return firstProblem(in.validate()) }

// CheckReferralPatch applies PATCH /referrals/{id}'s checks to p (see CheckReferral).
func CheckReferralPatch(p ReferralPatch) (field, msg string) { return firstProblem(p.validate()) }

// CheckMember applies the checks of POST /members (create) or PATCH
// /members/{id} to in (see CheckReferral).
func CheckMember(in MemberInput, create bool) (field, msg string) {
	return firstProblem(in.validate(create))
}

func firstProblem(err error) (field, msg string) {
	if err == nil {
		return "", ""
	}
	if ae := asAPIError(err); ae != nil {
		return ae.Field, ae.Message
	}
	return "", err.Error()
}
