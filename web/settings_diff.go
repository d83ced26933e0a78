package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// change is one setting that differs between two versions.
type change struct {
	Key      string // in words: "Status change events, row 1, value"
	Old, New string // "" when absent
}

// diffRules lists the settings that differ between two JSON bodies of
// config.Rules, each named as the settings form names it.
func diffRules(oldBody, newBody []byte) ([]change, error) {
	var a, b any
	if len(oldBody) > 0 {
		if err := json.Unmarshal(oldBody, &a); err != nil {
			return nil, fmt.Errorf("web: read settings: %w", err)
		}
	}
	if err := json.Unmarshal(newBody, &b); err != nil {
		return nil, fmt.Errorf("web: read settings: %w", err)
	}
	fa, fb := map[string]string{}, map[string]string{}
	flatten("", a, fa)
	flatten("", b, fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []change
	for k := range keys {
		if fa[k] != fb[k] {
			old, new := fa[k], fb[k]
			if strings.HasPrefix(k, "thresholds.") { // shown in percent, as the form and the scores
				old, new = pctWords(old), pctWords(new)
			}
			out = append(out, change{Key: keyWords(k), Old: old, New: new})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// flatten writes every leaf of v as "events[0].value" → "Closed Won".
func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, e, out)
		}
	case []any:
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	case nil:
	case string:
		out[prefix] = x
	default:
		b, _ := json.Marshal(x)
		out[prefix] = string(b)
	}
}

// plainKeyWords name the settings that are not rows of a list, as the form labels them.
var plainKeyWords = map[string]string{
	"thresholds.auto": "Auto threshold", "thresholds.review": "Review threshold", "thresholds.margin": "Ambiguity margin",
	"process.auto_direct": "Apply direct matches automatically", "process.auto_fuzzy": "Apply fuzzy matches automatically",
	"process.review_no_member": "Review a new referral when no member matches", "process.review_denied": "Review when a denied referral would change",
	"process.notify_review": "Notify when entries go to review", "process.allow_denied_override": "Allow override of denied",
	"poll_interval": "Poll interval", "lookback": "Look-back", "backfill": "First start reads from",
	"push.object": "Create each new referral as", "push.on_existing_email": "When a record with the same email exists",
}

// keyWords names a flattened key as the form does ("Status change events, row 1, value").
func keyWords(k string) string {
	if w, ok := plainKeyWords[k]; ok {
		return w
	}
	if strings.HasPrefix(k, "paused[") {
		return "Paused objects"
	}
	msgs := humanMessages(fmt.Errorf("%s:", k))
	if len(msgs) == 0 {
		return k
	}
	w := msgs[0]
	if len(w) > 0 && w[len(w)-1] == ':' {
		w = w[:len(w)-1]
	}
	return w
}

// pctWords writes a stored 0–1 threshold as a percentage; "" stays "".
func pctWords(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return fmtPct(f) + " %"
}
