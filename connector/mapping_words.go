package connector

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/refsync/refsync/config"
)

// mappingProblem says in words why the mapped values of a record cannot be
// written onto its referral ("" when it sees no reason): today, a value mapped
// onto the referral's amount that is not a number.
func mappingProblem(rules *config.Rules, object string, snap map[string]any) string {
	for _, m := range rules.Mappings {
		if m.Object != object || m.Target != "amount" {
			continue
		}
		v := strings.TrimSpace(valueString(getField(snap, m.Field)))
		if v == "" {
			continue
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Sprintf("The field mapping %s %s → amount gives “%s”, which is not a number, so the referral's amount was not changed. "+
				"In Settings → Field mappings, map a number field (like Amount) onto amount, then retry this entry.", object, m.Field, v)
		}
	}
	return ""
}
