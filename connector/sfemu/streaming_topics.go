package sfemu

import (
	"regexp"
	"strings"
)

// pushTopicFields is the PushTopic sObject (key prefix 0IF), as the object reference lists it.
var pushTopicFields = append([]fieldSpec{
	{"Id", "id", "Push Topic ID", 18, false, false, nil, ""},
	{"IsDeleted", "boolean", "Deleted", 0, false, false, nil, ""},
	{"Name", "string", "Topic Name", 25, true, true, nil, ""},
	{"Query", "string", "SOQL Query", 1300, true, true, nil, ""},
	{"ApiVersion", "double", "API Version", 0, true, true, nil, ""},
	{"IsActive", "boolean", "Is Active", 0, true, true, nil, ""},
	{"NotifyForFields", "picklist", "Notify For Fields", 40, true, true, nil, ""},
	{"NotifyForOperations", "picklist", "Notify For Operations", 40, false, false, nil, ""},
	{"NotifyForOperationCreate", "boolean", "Create", 0, true, true, nil, ""},
	{"NotifyForOperationUpdate", "boolean", "Update", 0, true, true, nil, ""},
	{"NotifyForOperationDelete", "boolean", "Delete", 0, true, true, nil, ""},
	{"NotifyForOperationUndelete", "boolean", "Undelete", 0, true, true, nil, ""},
	{"Description", "string", "Description", 400, true, true, nil, ""},
}, commonTail[1:]...)

// pushTopicObject builds the PushTopic object in the shape of the other synthesized objects.
func pushTopicObject(base map[string]any, tmpl map[string]map[string]any) *object {
	return synthObject(base, tmpl, "PushTopic", "Push Topics", "0IF", pushTopicFields)
}

// pushTopic is one active PushTopic, read from its record.
type pushTopic struct {
	name   string
	fields func(r *record) map[string]any
	ops    map[string]bool // CREATE, UPDATE, DELETE, UNDELETE
}

func (t pushTopic) notifies(kind string) bool { return t.ops[kind] }

var topicQuery = regexp.MustCompile(`(?is)^\s*select\s+(.+?)\s+from\s+([A-Za-z][A-Za-z0-9_]*)`)

// pushTopicsFor returns the active PushTopics whose query reads object; callers hold s.mu.
func (s *Server) pushTopicsFor(object string) []pushTopic {
	t := s.tables["PushTopic"]
	if t == nil {
		return nil
	}
	var out []pushTopic
	for _, r := range t.rows {
		q, _ := r.f["Query"].(string)
		m := topicQuery.FindStringSubmatch(q)
		if r.deleted() || r.f["IsActive"] != true || m == nil || !strings.EqualFold(m[2], object) {
			continue
		}
		name, _ := r.f["Name"].(string)
		cols := strings.Split(m[1], ",")
		out = append(out, pushTopic{name: name, fields: selected(cols), ops: map[string]bool{
			"CREATE": r.f["NotifyForOperationCreate"] == true, "UPDATE": r.f["NotifyForOperationUpdate"] == true,
			"DELETE": r.f["NotifyForOperationDelete"] == true, "UNDELETE": r.f["NotifyForOperationUndelete"] == true}})
	}
	return out
}

// selected returns a function that copies the topic's selected fields (and Id) of a record.
func selected(cols []string) func(r *record) map[string]any {
	return func(r *record) map[string]any {
		out := map[string]any{"Id": r.id()}
		for _, c := range cols {
			if f := r.obj.field(strings.TrimSpace(c)); f != nil {
				out[f.Name] = r.f[f.Name]
			}
		}
		return out
	}
}
