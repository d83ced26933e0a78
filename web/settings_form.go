package web

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/refsync/refsync/config"
)

// blankRows is how many empty rows each list offers for adding one.
const blankRows = 2

// rulesForm is the settings form: the rules as the inputs show them.
type rulesForm struct {
	Objects, PollInterval, Lookback, Backfill string
	Streaming                                 string // "Object: mode, …" (settings_streaming.go)
	Events                                    []config.Event
	Mappings                                  []config.Mapping
	Direct, Member, Fuzzy                     []config.MatchField
	Process                                   config.Process
	Auto, Review, Margin                      string
	Push                                      pushForm
}

// formFromRules fills the form from stored rules, with blank rows to add to each list.
func formFromRules(r *config.Rules) rulesForm {
	f := rulesForm{Objects: strings.Join(r.Objects, ", "), Backfill: r.Backfill, Process: r.Process,
		Events: r.Events, Mappings: r.Mappings, Direct: r.DirectFields, Member: r.MemberFields, Fuzzy: r.FuzzyFields,
		Auto: fmtPct(r.Thresholds.Auto), Review: fmtPct(r.Thresholds.Review), Margin: fmtPct(r.Thresholds.Margin),
		Push: pushFormFrom(r.Push)}
	if r.PollInterval != 0 {
		f.PollInterval = fmtDur(r.PollInterval.Std())
	}
	f.Lookback = fmtDur(r.Lookback.Std())
	f.Streaming = formatStreaming(r.Objects, r.Streaming)
	f.pad()
	return f
}

// fmtDur writes a duration as a person would: 2m, 1h30m, 45s.
func fmtDur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// pad appends the blank rows.
func (f *rulesForm) pad() {
	for range blankRows {
		f.Events = append(f.Events, config.Event{})
		f.Mappings = append(f.Mappings, config.Mapping{})
		f.Direct = append(f.Direct, config.MatchField{})
		f.Member = append(f.Member, config.MatchField{})
		f.Fuzzy = append(f.Fuzzy, config.MatchField{})
	}
}

// parseRulesForm reads the posted form into rules; blank rows are dropped
// (the form shows the rows kept plus the usual blank ones, never more).
// Values that are not numbers or durations come back as messages.
func parseRulesForm(v url.Values) (*config.Rules, rulesForm, []string) {
	r := config.DefaultRules()
	f := rulesForm{Objects: v.Get("objects"), PollInterval: strings.TrimSpace(v.Get("poll_interval")), Lookback: strings.TrimSpace(v.Get("lookback")),
		Backfill: strings.TrimSpace(v.Get("backfill")), Auto: v.Get("auto"), Review: v.Get("review"), Margin: v.Get("margin")}
	var msgs []string
	if v.Has("push_referral_id_field") { // a form without the push section keeps the defaults
		f.Push, msgs = parsePushForm(v, &r.Push, msgs)
	} else {
		r.Push.Object, r.Push.OnExistingEmail = v.Get("push_object"), v.Get("push_on_existing")
		f.Push = pushFormFrom(r.Push)
	}
	r.Objects = nil
	for _, o := range strings.FieldsFunc(f.Objects, func(c rune) bool { return c == ',' || c == ' ' || c == '\n' }) {
		r.Objects = append(r.Objects, o)
	}
	r.PollInterval, msgs = parseDur(f.PollInterval, "Poll interval", msgs)
	r.Lookback, msgs = parseDur(f.Lookback, "Look-back", msgs)
	r.Backfill = f.Backfill
	f.Streaming = strings.TrimSpace(v.Get("streaming"))
	r.Streaming, msgs = parseStreaming(f.Streaming, msgs)
	r.Events, r.Mappings = nil, nil
	for i := range v["ev_object"] {
		ev := config.Event{Object: at(v, "ev_object", i), Field: at(v, "ev_field", i), Operator: at(v, "ev_op", i),
			Value: at(v, "ev_value", i), Status: at(v, "ev_status", i)}
		if ev.Object != "" || ev.Field != "" || ev.Value != "" {
			r.Events = append(r.Events, ev)
			f.Events = append(f.Events, ev)
		}
	}
	msgs = duplicateEvents(r.Events, msgs)
	for i := range v["map_object"] {
		m := config.Mapping{Object: at(v, "map_object", i), Field: at(v, "map_field", i), Target: at(v, "map_target", i)}
		if m.Object != "" || m.Field != "" || m.Target != "" {
			r.Mappings = append(r.Mappings, m)
			f.Mappings = append(f.Mappings, m)
		}
	}
	f.Direct, r.DirectFields = matchRows(v, "direct")
	f.Member, r.MemberFields = matchRows(v, "member")
	f.Fuzzy, r.FuzzyFields = matchRows(v, "fuzzy")
	f.Process = config.Process{AutoDirect: v.Has("auto_direct"), AutoFuzzy: v.Has("auto_fuzzy"), ReviewNoMember: v.Has("review_no_member"),
		ReviewDenied: v.Has("review_denied"), NotifyReview: v.Has("notify_review"), AllowDeniedOverride: v.Has("allow_denied_override")}
	r.Process = f.Process
	score := parseScore
	if v.Get("threshold_unit") == "percent" { // the page shows percentages, like every score; older forms post 0–1
		score = parsePct
	}
	r.Thresholds.Auto, msgs = score(f.Auto, "Auto threshold", msgs)
	r.Thresholds.Review, msgs = score(f.Review, "Review threshold", msgs)
	r.Thresholds.Margin, msgs = score(f.Margin, "Ambiguity margin", msgs)
	f.pad()
	return r, f, msgs
}

// duplicateEvents refuses a status change event that repeats an earlier row.
func duplicateEvents(events []config.Event, msgs []string) []string {
	seen := map[config.Event]int{}
	for i, ev := range events {
		k := ev
		k.Status = ""
		if j, ok := seen[k]; ok {
			msgs = append(msgs, fmt.Sprintf("Status change events, row %d repeats row %d (%s %s %s %q); remove one of them.", i+1, j+1, ev.Object, ev.Field, opNames[ev.Operator], ev.Value))
			continue
		}
		seen[k] = i
	}
	return msgs
}

func at(v url.Values, key string, i int) string {
	if vs := v[key]; i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}

func matchRows(v url.Values, prefix string) ([]config.MatchField, []config.MatchField) {
	var kept []config.MatchField
	for i := range v[prefix+"_object"] {
		m := config.MatchField{Object: at(v, prefix+"_object", i), Field: at(v, prefix+"_field", i), Kind: at(v, prefix+"_kind", i)}
		if m.Object != "" || m.Field != "" {
			kept = append(kept, m)
		}
	}
	// the form shows the rows kept (a copy: pad appends to it) and then the blank ones
	return append([]config.MatchField(nil), kept...), kept
}

func parseDur(s, label string, msgs []string) (config.Duration, []string) {
	if s == "" {
		return 0, msgs
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, append(msgs, fmt.Sprintf("%s: %q is not a duration; write it like 30s, 5m or 1h.", label, s))
	}
	return config.Duration(d), msgs
}

func parseScore(s, label string, msgs []string) (float64, []string) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, append(msgs, fmt.Sprintf("%s: %q is not a number; write a number between 0 and 1, like 0.8.", label, s))
	}
	return f, msgs
}

// fmtPct writes a 0–1 threshold as the percentage the page shows (99.7).
func fmtPct(v float64) string { return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64) }

// parsePct reads a percentage ("99.7" or "99.7 %") as a 0–1 threshold.
func parsePct(s, label string, msgs []string) (float64, []string) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, append(msgs, fmt.Sprintf("%s: %q is not a number; write a percentage between 0 and 100, like 80.", label, s))
	}
	return f / 100, msgs
}

// thresholdPattern is the rules' check of the thresholds' order, in 0–1.
var thresholdPattern = regexp.MustCompile(`^thresholds: need 0 ≤ review \(([^)]*)\) ≤ auto \(([^)]*)\) ≤ 1$`)

// thresholdWords says the thresholds' check in percentages, as the form shows them.
func thresholdWords(line string) string {
	m := thresholdPattern.FindStringSubmatch(line)
	if m == nil {
		if n, ok := strings.CutPrefix(line, "thresholds.margin: "); ok {
			if v, err := strconv.ParseFloat(strings.TrimSuffix(n, " must be between 0 and 1"), 64); err == nil {
				return fmt.Sprintf("Ambiguity margin: %s %% must be between 0 and 100 %%.", fmtPct(v))
			}
		}
		return line
	}
	rv, _ := strconv.ParseFloat(m[1], 64)
	av, _ := strconv.ParseFloat(m[2], 64)
	return fmt.Sprintf("Thresholds: the review threshold (%s %%) must not be above the auto threshold (%s %%), and both must be between 0 and 100 %%.", fmtPct(rv), fmtPct(av))
}

var keyPattern = regexp.MustCompile(`^(events|mappings|direct_fields|member_fields|fuzzy_fields|objects)\[(\d+)\]\.?`)

var keyLabels = map[string]string{
	"events": "Status change events", "mappings": "Field mappings", "direct_fields": "Direct match fields",
	"member_fields": "Member match fields", "fuzzy_fields": "Fuzzy match fields", "objects": "Objects to watch",
}

// plainKeys name the settings that are not lists, as the form labels them.
var plainKeys = []struct{ key, label string }{
	{"thresholds.margin:", "Ambiguity margin:"}, {"thresholds:", "Thresholds:"}, {"poll_interval:", "Poll interval:"},
	{"lookback:", "Look-back:"}, {"backfill:", "First start reads from:"}, {"objects:", "Objects to watch:"},
}

// humanMessages turns config's "events[1].field: …" into "Status change events, row 2, field: …".
func humanMessages(err error) []string {
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if m := keyPattern.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[2])
			rest := strings.TrimPrefix(line, m[0])
			sep := ", "
			if strings.HasPrefix(rest, ":") {
				sep = ""
			}
			line = fmt.Sprintf("%s, row %d%s%s", keyLabels[m[1]], n+1, sep, rest)
		}
		line = thresholdWords(pushMessage(line))
		for _, k := range plainKeys {
			if rest, ok := strings.CutPrefix(line, k.key); ok {
				line = k.label + rest
				break
			}
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
