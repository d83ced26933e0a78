package sfemu

import "net/http"

// organizationFields are the Organization fields of the capture in
// testdata/salesforce/sobject_organization_get_response.json that the
// Salesforce CLI and doctor-style checks read.
var organizationFields = []fieldSpec{
	{"Id", "id", "Organization ID", 18, false, false, nil, ""},
	{"Name", "string", "Name", 80, false, true, nil, ""},
	{"Division", "string", "Division", 80, false, true, nil, ""},
	{"Street", "textarea", "Street", 255, false, true, nil, ""},
	{"City", "string", "City", 40, false, true, nil, ""},
	{"State", "string", "State/Province", 80, false, true, nil, ""},
	{"PostalCode", "string", "Zip/Postal Code", 20, false, true, nil, ""},
	{"Country", "string", "Country", 80, false, true, nil, ""},
	{"Phone", "phone", "Phone", 40, false, true, nil, ""},
	{"PrimaryContact", "string", "Primary Contact", 80, false, true, nil, ""},
	{"DefaultLocaleSidKey", "picklist", "Locale", 40, false, true, nil, ""},
	{"TimeZoneSidKey", "picklist", "Default Time Zone", 40, false, true, nil, ""},
	{"LanguageLocaleKey", "picklist", "Language", 40, false, true, nil, ""},
	{"FiscalYearStartMonth", "int", "Fiscal Year Starts In", 0, false, false, nil, ""},
	{"OrganizationType", "picklist", "Edition", 40, false, false, nil, ""},
	{"NamespacePrefix", "string", "Namespace Prefix", 15, false, false, nil, ""},
	{"InstanceName", "string", "Instance Name", 5, false, false, nil, ""},
	{"IsSandbox", "boolean", "Is Sandbox", 0, false, false, nil, ""},
	{"TrialExpirationDate", "datetime", "Trial Expiration Date", 0, false, false, nil, ""},
	{"IsReadOnly", "boolean", "Is Read Only", 0, false, false, nil, ""},
	{"CreatedDate", "datetime", "Created Date", 0, false, false, nil, ""},
	{"CreatedById", "reference", "Created By ID", 18, false, false, []string{"User"}, "CreatedBy"},
	{"LastModifiedDate", "datetime", "Last Modified Date", 0, false, false, nil, ""},
	{"LastModifiedById", "reference", "Last Modified By ID", 18, false, false, []string{"User"}, "LastModifiedBy"},
	{"SystemModstamp", "datetime", "System Modstamp", 0, false, false, nil, ""},
}

// readOnlyObject marks a synthesized object as one the API cannot write.
func readOnlyObject(o *object) *object {
	for _, k := range []string{"createable", "updateable", "deletable", "undeletable", "mergeable", "feedEnabled", "triggerable"} {
		o.raw[k] = false
	}
	return o
}

// ensureOrganization stores the org's one Organization record (Id = the org
// id) when the data file has none; callers hold no lock.
func (s *Server) ensureOrganization() {
	o := s.schema.lookup("Organization")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.find(s.orgID) != nil {
		return
	}
	const ts = "2020-01-06T09:00:00.000+0000" // the org is older than any record (and takes no clock tick)
	m := map[string]any{"Id": s.orgID, "Name": "refsync demo org", "Country": "US", "PrimaryContact": "Integration User",
		"DefaultLocaleSidKey": "en_US", "TimeZoneSidKey": "America/Los_Angeles", "LanguageLocaleKey": "en_US",
		"FiscalYearStartMonth": 1.0, "OrganizationType": "Developer Edition", "InstanceName": "EMU1",
		"IsSandbox": false, "IsReadOnly": false, "CreatedDate": ts, "CreatedById": s.userID, "LastModifiedDate": ts,
		"LastModifiedById": s.userID, "SystemModstamp": ts}
	s.put(newRecord(o, m))
}

// tooling answers GET tooling/query: the CLI asks for SandboxProcess after a
// login (an empty answer: no sandboxes); other Tooling objects are unknown.
func (c *call) tooling() {
	q := c.r.URL.Query().Get("q")
	parsed, err := ParseSOQL(q)
	if err != nil {
		c.err(err.(*SOQLError).apiError())
		return
	}
	if parsed.From == "PlatformEventChannelMember" {
		c.channelMembers() // streaming_tooling.go
		return
	}
	if parsed.From != "SandboxProcess" {
		c.err(apiErr(http.StatusBadRequest, "INVALID_TYPE", "sObject type '"+parsed.From+"' is not supported."))
		return
	}
	c.json(200, map[string]any{"size": 0, "totalSize": 0, "done": true, "queryLocator": nil,
		"entityTypeName": "SandboxProcess", "records": []any{}})
}
