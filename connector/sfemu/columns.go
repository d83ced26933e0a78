package sfemu

// columnMeta is one entry of a query?columns=true answer, in the org's key
// order (see testdata/salesforce/query_columns_*.json).
type columnMeta struct {
	Aggregate      bool         `json:"aggregate"`
	ApexType       *string      `json:"apexType"`
	BooleanType    bool         `json:"booleanType"`
	ColumnName     string       `json:"columnName"`
	Custom         bool         `json:"custom"`
	DisplayName    string       `json:"displayName"`
	ForeignKeyName *string      `json:"foreignKeyName"`
	Insertable     bool         `json:"insertable"`
	JoinColumns    []columnMeta `json:"joinColumns"`
	NumberType     bool         `json:"numberType"`
	TextType       bool         `json:"textType"`
	Updatable      bool         `json:"updatable"`
}

// apexTypes maps describe types to the Apex type names the org reports.
var apexTypes = map[string]string{"id": "Id", "reference": "Id", "boolean": "Boolean", "int": "Integer",
	"double": "Double", "currency": "Decimal", "percent": "Double", "date": "Date", "datetime": "Datetime",
	"address": "Address"}

// columns answers GET query?q=...&columns=true: the query's columns, not its
// rows, as the Salesforce CLI asks before printing a table.
func (c *call) columns(p *plan) {
	cols := make([]columnMeta, 0, len(p.cols)+len(p.aggs))
	for _, n := range p.cols {
		cols = append(cols, nodeMeta(n))
	}
	for _, a := range p.aggs {
		cols = append(cols, columnMeta{Aggregate: true, ColumnName: a.alias, DisplayName: a.alias, NumberType: a.fn != "MIN" && a.fn != "MAX", JoinColumns: []columnMeta{}})
	}
	idSelected := false
	for _, n := range p.cols {
		idSelected = idSelected || n.leaf != nil && n.leaf.Name == "Id"
	}
	c.json(200, map[string]any{"columnMetadata": cols, "entityName": p.obj.Name, "groupBy": len(p.group) > 0,
		"idSelected": idSelected, "keyPrefix": p.obj.KeyPrefix})
}

// nodeMeta describes one output column: a field, a parent or a subquery.
func nodeMeta(n *node) columnMeta {
	m := columnMeta{ColumnName: n.name, DisplayName: n.name, JoinColumns: []columnMeta{}}
	switch {
	case n.leaf != nil:
		f := n.leaf
		t, ok := apexTypes[f.Type]
		if !ok {
			t = "String"
		}
		m.ApexType = &t
		m.Custom, _ = f.raw["custom"].(bool)
		m.Insertable, m.Updatable = f.Createable, f.Updateable
		m.BooleanType = f.Type == "boolean"
		m.NumberType = valueClass(f) == "number"
		m.TextType = t == "String"
	case n.rel != nil:
		fk := n.rel.Name
		m.ForeignKeyName = &fk
		for _, k := range n.kids {
			m.JoinColumns = append(m.JoinColumns, nodeMeta(k))
		}
	default:
		m.Aggregate = true
		for _, k := range n.sub.cols {
			m.JoinColumns = append(m.JoinColumns, nodeMeta(k))
		}
	}
	return m
}
