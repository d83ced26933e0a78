package sfemu

// Field specs of the standard objects the emulator synthesizes (no capture).

var commonTail = []fieldSpec{
	{"OwnerId", "reference", "Owner ID", 18, true, true, []string{"User"}, "Owner"},
	{"CreatedDate", "datetime", "Created Date", 0, false, false, nil, ""},
	{"CreatedById", "reference", "Created By ID", 18, false, false, []string{"User"}, "CreatedBy"},
	{"LastModifiedDate", "datetime", "Last Modified Date", 0, false, false, nil, ""},
	{"LastModifiedById", "reference", "Last Modified By ID", 18, false, false, []string{"User"}, "LastModifiedBy"},
	{"SystemModstamp", "datetime", "System Modstamp", 0, false, false, nil, ""},
}

var accountFields = append([]fieldSpec{
	{"Id", "id", "Account ID", 18, false, false, nil, ""},
	{"IsDeleted", "boolean", "Deleted", 0, false, false, nil, ""},
	{"Name", "string", "Account Name", 255, true, true, nil, ""},
	{"Type", "picklist", "Account Type", 255, true, true, nil, ""},
	{"ParentId", "reference", "Parent Account ID", 18, true, true, []string{"Account"}, "Parent"},
	{"BillingStreet", "textarea", "Billing Street", 255, true, true, nil, ""},
	{"BillingCity", "string", "Billing City", 40, true, true, nil, ""},
	{"BillingState", "string", "Billing State/Province", 80, true, true, nil, ""},
	{"BillingPostalCode", "string", "Billing Zip/Postal Code", 20, true, true, nil, ""},
	{"BillingCountry", "string", "Billing Country", 80, true, true, nil, ""},
	{"Phone", "phone", "Account Phone", 40, true, true, nil, ""},
	{"Fax", "phone", "Account Fax", 40, true, true, nil, ""},
	{"AccountNumber", "string", "Account Number", 40, true, true, nil, ""},
	{"Website", "url", "Website", 255, true, true, nil, ""},
	{"Industry", "picklist", "Industry", 255, true, true, nil, ""},
	{"AnnualRevenue", "currency", "Annual Revenue", 0, true, true, nil, ""},
	{"NumberOfEmployees", "int", "Employees", 0, true, true, nil, ""},
	{"Description", "textarea", "Account Description", 32000, true, true, nil, ""},
}, commonTail...)

var ocrFields = append([]fieldSpec{
	{"Id", "id", "Contact Role ID", 18, false, false, nil, ""},
	{"OpportunityId", "reference", "Opportunity ID", 18, true, false, []string{"Opportunity"}, "Opportunity"},
	{"ContactId", "reference", "Contact ID", 18, true, true, []string{"Contact"}, "Contact"},
	{"Role", "picklist", "Role", 40, true, true, nil, ""},
	{"IsPrimary", "boolean", "Primary", 0, true, true, nil, ""},
	{"IsDeleted", "boolean", "Deleted", 0, false, false, nil, ""},
}, commonTail[1:]...)

var userFields = []fieldSpec{
	{"Id", "id", "User ID", 18, false, false, nil, ""},
	{"Username", "string", "Username", 80, true, true, nil, ""},
	{"FirstName", "string", "First Name", 40, true, true, nil, ""},
	{"LastName", "string", "Last Name", 80, true, true, nil, ""},
	{"Name", "string", "Full Name", 121, false, false, nil, ""},
	{"Email", "email", "Email", 128, true, true, nil, ""},
	{"IsActive", "boolean", "Active", 0, true, true, nil, ""},
	{"CreatedDate", "datetime", "Created Date", 0, false, false, nil, ""},
	{"LastModifiedDate", "datetime", "Last Modified Date", 0, false, false, nil, ""},
	{"SystemModstamp", "datetime", "System Modstamp", 0, false, false, nil, ""},
}
