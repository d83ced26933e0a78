package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ImportColumns are the columns each CSV import understands (header names are case-insensitive).
var ImportColumns = map[string][]string{
	"referrals": {"referral_id", "external_id", "first_name", "last_name", "email", "phone", "company", "street", "city", "state", "postal_code", "member_code", "status"},
	"members":   {"member_code", "external_id", "first_name", "last_name", "email", "phone"},
}

// csvImportBatch is how many lines go into one transaction.
const csvImportBatch = 10000

// CSVImport reads a CSV file of members or referrals into the database the
// same way for the command line and the web UI: a bad line is reported through
// Reject (with its number and why) and never stops or half-writes the good
// ones; lines imported before are left alone. New referrals are queued for
// their push to Salesforce.
type CSVImport struct {
	DB      *DB
	Kind    string                     // "members" or "referrals"
	Program int64                      // 0: the default program
	Actor   string                     // who imports, for the history (default "import")
	Reject  func(line int, why string) // each bad line; may be nil
	Note    func(msg string)           // remarks such as ignored columns; may be nil
	// Counts after Run: lines stored, imported before (left as they are),
	// skipped (bad or before), bad, and members created from unknown codes.
	Created, Already, Skipped, Bad, NewMembers int
	// NewMemberCodes are the codes of the members created (a typo in a
	// code becomes a member: the report names them); StatusLines are the
	// lines imported with a status other than pending, by status.
	NewMemberCodes []string
	StatusLines    map[string][]int
	Line           int // the line being read; where a failed Run stopped
	cols           map[string]int
	batch          []pendingRow
	latin1         int    // lines read as Latin-1 because they were not UTF-8
	latin1Line     int    // the first of them
	latin1Example  string // a converted value of it
}

type pendingRow struct {
	line     int
	referral *Referral
	member   *Member
}

// Run imports every line of r; an error (not a bad line) stops it at Line.
func (imp *CSVImport) Run(ctx context.Context, r io.Reader) error {
	if imp.Actor == "" {
		imp.Actor = "import"
	}
	cr := newCSVRecords(r)
	header, _, err := cr.Next()
	if err != nil {
		return fmt.Errorf("read the header line: %w", err)
	}
	if err := imp.readHeader(header); err != nil {
		return err
	}
	for {
		rec, line, err := cr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		imp.Line = line
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				imp.reject(line, "the line is not valid CSV: "+pe.Err.Error())
				continue
			}
			return err
		}
		if len(rec) != len(header) {
			imp.reject(line, fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header)))
			continue
		}
		if err := imp.add(ctx, line, rec); err != nil {
			return err
		}
	}
	return imp.flush(ctx)
}

func (imp *CSVImport) readHeader(header []string) error {
	imp.cols = map[string]int{}
	known := map[string]bool{}
	for _, c := range ImportColumns[imp.Kind] {
		known[c] = true
	}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if imp.Kind == "members" && (h == "referral_code" || h == "code") {
			h = "member_code"
		}
		if !known[h] {
			unknown = append(unknown, h)
			continue
		}
		imp.cols[h] = i
	}
	if err := headerProblem(header); err != nil && len(imp.cols) == 0 {
		return err
	}
	if len(imp.cols) == 0 {
		return fmt.Errorf("the header names none of the columns %s", strings.Join(ImportColumns[imp.Kind], ", "))
	}
	if imp.Kind == "members" {
		if _, ok := imp.cols["member_code"]; !ok {
			return errors.New("the header has no member_code column: every member needs its referral code")
		}
	}
	if len(unknown) > 0 {
		imp.note(fmt.Sprintf("note: ignoring columns %s (known: %s)", strings.Join(unknown, ", "), strings.Join(ImportColumns[imp.Kind], ", ")))
	}
	return nil
}

func (imp *CSVImport) get(rec []string, col string) string {
	if i, ok := imp.cols[col]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (imp *CSVImport) add(ctx context.Context, line int, rec []string) error {
	imp.fromLatin1(line, rec)
	g := func(c string) string { return imp.get(rec, c) }
	row := pendingRow{line: line}
	if imp.Kind == "members" {
		if g("member_code") == "" {
			imp.reject(line, "member_code is empty")
			return nil
		}
		row.member = &Member{ProgramID: imp.Program, ReferralCode: g("member_code"), ExternalID: g("external_id"), FirstName: g("first_name"),
			LastName: g("last_name"), Email: g("email"), Phone: g("phone")}
		if fe := CheckMember(row.member); fe != nil {
			imp.reject(line, fe.Error())
			return nil
		}
	} else {
		status := strings.ToLower(g("status"))
		if status != "" && !ValidStatus(status) {
			imp.reject(line, fmt.Sprintf("status %q is not one of pending, qualified, approved, denied", g("status")))
			return nil
		}
		if email := g("email"); email != "" && !strings.Contains(email, "@") {
			imp.reject(line, fmt.Sprintf("email %q has no @", email))
			return nil
		}
		row.referral = &Referral{ProgramID: imp.Program, ID: g("referral_id"), ExternalID: g("external_id"), FirstName: g("first_name"),
			LastName: g("last_name"), Email: g("email"), Phone: g("phone"), Company: g("company"), Street: g("street"),
			City: g("city"), State: g("state"), PostalCode: g("postal_code"), MemberCode: g("member_code"), Status: status,
			SFState: SFQueued}
		if fe := CheckReferral(row.referral); fe != nil {
			imp.reject(line, fe.Error())
			return nil
		}
	}
	imp.batch = append(imp.batch, row)
	if len(imp.batch) >= csvImportBatch {
		return imp.flush(ctx)
	}
	return nil
}

func (imp *CSVImport) flush(ctx context.Context) error {
	if len(imp.batch) == 0 {
		return nil
	}
	var res []ImportResult
	var err error
	if imp.Kind == "members" {
		ms := make([]*Member, len(imp.batch))
		for i, r := range imp.batch {
			ms[i] = r.member
		}
		res, err = imp.DB.ImportMembers(ctx, ms)
	} else {
		rs := make([]*Referral, len(imp.batch))
		for i, r := range imp.batch {
			rs[i] = r.referral
		}
		// Each new referral is queued for Salesforce in its own transaction
		// (serve's push worker creates the Lead or Contact the settings name).
		res, err = imp.DB.ImportReferrals(ctx, rs, imp.Actor, func(ctx context.Context, tx *sql.Tx, r *Referral) error {
			return imp.DB.EnqueueJobTx(ctx, tx, JobSFPush, r.ID)
		})
	}
	if err != nil {
		imp.Line = imp.batch[0].line
		return err
	}
	for i, r := range res {
		switch {
		case r.Created:
			imp.Created++
			if r.NewMember {
				imp.NewMembers++
				imp.NewMemberCodes = append(imp.NewMemberCodes, imp.batch[i].referral.MemberCode)
			}
			if ref := imp.batch[i].referral; ref != nil && ref.Status != "" && ref.Status != StatusPending {
				if imp.StatusLines == nil {
					imp.StatusLines = map[string][]int{}
				}
				imp.StatusLines[ref.Status] = append(imp.StatusLines[ref.Status], imp.batch[i].line)
			}
		case r.Already:
			imp.Already++
			imp.Skipped++
		default:
			imp.reject(imp.batch[i].line, importMessage(r.Err))
		}
	}
	imp.batch = imp.batch[:0]
	return nil
}

// fromLatin1 converts the fields of a line that are not UTF-8 from Latin-1
// (Windows-1252, what spreadsheets often export) and counts the line.
func (imp *CSVImport) fromLatin1(line int, rec []string) {
	converted := false
	for i, f := range rec {
		if !utf8.ValidString(f) {
			rec[i], converted = Latin1ToUTF8(f), true
			if imp.latin1Example == "" {
				imp.latin1Example = rec[i]
			}
		}
	}
	if converted {
		if imp.latin1++; imp.latin1 == 1 {
			imp.latin1Line = line
		}
	}
}

// Latin1Note tells how many lines were read as Latin-1, if any.
func (imp *CSVImport) Latin1Note() string {
	if imp.latin1 == 0 {
		return ""
	}
	return fmt.Sprintf("note: %d lines were not UTF-8 and were read as Latin-1 (Windows-1252), the first on line %d (%q); check the names look right, and save the file as UTF-8 next time\n",
		imp.latin1, imp.latin1Line, imp.latin1Example)
}

func (imp *CSVImport) reject(line int, why string) {
	imp.Bad++
	imp.Skipped++
	if imp.Reject != nil {
		imp.Reject(line, why)
	}
}

func (imp *CSVImport) note(msg string) {
	if imp.Note != nil {
		imp.Note(msg)
	}
}

// importMessage strips the package prefixes and sentinel words from a store error.
func importMessage(err error) string {
	msg := err.Error()
	for _, p := range []string{"store: create referral: ", "store: create member: ", "invalid: ", "conflict: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return msg
}
