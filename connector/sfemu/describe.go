package sfemu

import "sort"

// urls builds the describe "urls" block of o.
func (c *call) urls(o *object) map[string]string {
	base, ui := c.base()+"/sobjects/"+o.Name, baseURL(c.r)
	return map[string]string{
		"compactLayouts":   base + "/describe/compactLayouts",
		"rowTemplate":      base + "/{ID}",
		"approvalLayouts":  base + "/describe/approvalLayouts",
		"uiDetailTemplate": ui + "/{ID}",
		"uiEditTemplate":   ui + "/{ID}/e",
		"listviews":        base + "/listviews",
		"describe":         base + "/describe",
		"uiNewRecord":      ui + "/" + o.KeyPrefix + "/e",
		"quickActions":     base + "/quickActions",
		"layouts":          base + "/describe/layouts",
		"sobject":          base,
	}
}

var summaryKeys = []string{"activateable", "associateEntityType", "associateParentEntity", "createable", "custom",
	"customSetting", "deepCloneable", "deletable", "deprecatedAndHidden", "feedEnabled", "hasSubtypes", "isInterface",
	"isSubtype", "keyPrefix", "label", "labelPlural", "layoutable", "mergeable", "mruEnabled", "name", "queryable",
	"replicateable", "retrieveable", "searchable", "triggerable", "undeletable", "updateable"}

// summary is the object entry of the global describe.
func (c *call) summary(o *object) map[string]any {
	m := make(map[string]any, len(summaryKeys)+1)
	for _, k := range summaryKeys {
		m[k] = o.raw[k]
	}
	m["urls"] = c.urls(o)
	return m
}

func (c *call) globalDescribe() {
	names := make([]string, 0, len(c.s.schema.objects))
	for _, o := range c.s.schema.objects {
		names = append(names, o.Name)
	}
	sort.Strings(names)
	list := make([]any, 0, len(names))
	for _, n := range names {
		list = append(list, c.summary(c.s.schema.lookup(n)))
	}
	c.json(200, map[string]any{"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": list})
}

// describe is the full describe body of o.
func (c *call) describe(o *object) map[string]any {
	m := make(map[string]any, len(o.raw)+2)
	for k, v := range o.raw {
		m[k] = v
	}
	fields := make([]any, 0, len(o.Fields))
	for _, f := range o.visible() {
		fields = append(fields, f.described())
	}
	m["fields"] = fields
	m["urls"] = c.urls(o)
	if rels, ok := o.raw["childRelationships"].([]any); !ok || len(rels) == 0 {
		m["childRelationships"] = c.childRels(o)
	}
	return m
}

// childRels lists the known child relationships of a synthesized object.
func (c *call) childRels(o *object) []any {
	var out []any
	keys := make([]string, 0, len(o.children))
	for k := range o.children {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ch := o.children[k]
		out = append(out, map[string]any{"cascadeDelete": ch.Object == "OpportunityContactRole", "childSObject": ch.Object,
			"deprecatedAndHidden": false, "field": ch.Field, "junctionIdListNames": []any{}, "junctionReferenceTo": []any{},
			"relationshipName": relName(o, k), "restrictedDelete": false})
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// limits answers GET /limits with the live DailyApiRequests figures.
func (c *call) limits() {
	s := c.s
	s.faults.mu.Lock()
	mx, used := s.faults.limit, s.faults.calls
	s.faults.mu.Unlock()
	lim := func(m, r int) map[string]int { return map[string]int{"Max": m, "Remaining": r} }
	c.json(200, map[string]any{
		"ConcurrentAsyncGetReportInstances": lim(200, 200),
		"ConcurrentSyncReportRuns":          lim(20, 20),
		"DailyApiRequests":                  lim(mx, max(0, mx-used)),
		"DailyAsyncApexExecutions":          lim(250000, 250000),
		"DailyBulkApiBatches":               lim(15000, 15000),
		"DailyBulkV2QueryJobs":              lim(10000, 10000),
		"DailyStreamingApiEvents":           lim(10000, 10000),
		"DataStorageMB":                     lim(1024, 1024),
		"FileStorageMB":                     lim(1024, 1024),
		"HourlyODataCallout":                lim(20000, 20000),
		"MassEmail":                         lim(5000, 5000),
		"SingleEmail":                       lim(5000, 5000),
		"StreamingApiConcurrentClients":     lim(20, 20),
	})
}
