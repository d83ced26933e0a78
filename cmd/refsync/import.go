package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/refsync/refsync/store"
)

func init() {
	register(&command{Name: "import", Summary: "import members or referrals from a CSV file", Run: func(ctx context.Context, env *Env, args []string) error {
		return subcommands(ctx, env, "import", args, map[string]func(context.Context, *Env, []string) error{
			"members": func(ctx context.Context, env *Env, args []string) error { return runImport(ctx, env, "members", args) },
			"referrals": func(ctx context.Context, env *Env, args []string) error {
				return runImport(ctx, env, "referrals", args)
			},
		})
	}})
}

// Columns each import understands (header names are case-insensitive).
var importColumns = map[string][]string{
	"referrals": {"referral_id", "external_id", "first_name", "last_name", "email", "phone", "company", "street", "city", "state", "postal_code", "member_code", "status"},
	"members":   {"member_code", "external_id", "first_name", "last_name", "email", "phone"},
}

// importBatch is how many lines go into one transaction.
const importBatch = 2000

func runImport(ctx context.Context, env *Env, kind string, args []string) error {
	fs := newFlagSet("import "+kind, env, "import "+kind+" FILE.csv [--program ID] [--db PATH]\n\ncolumns: "+strings.Join(importColumns[kind], ", "))
	common := addCommon(fs, env)
	program := fs.Int64("program", 0, "the program to import into (see refsync program list); default: the default program")
	if err := parse(fs, reorderFlags(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("import %s: %w", kind, err)
	}
	defer f.Close()
	db, err := common.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *program != 0 {
		if _, err := db.OpenProgram(ctx, *program); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("import %s: there is no program %d (see refsync program list)", kind, *program)
			}
			return fmt.Errorf("import %s: %w", kind, err)
		}
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	bar := newProgress(env.Stderr, size)
	imp := &importer{env: env, db: db, kind: kind, program: *program}
	err = imp.run(ctx, io.TeeReader(f, bar))
	bar.finish()
	fmt.Fprint(env.Stdout, imp.latin1Note())
	if imp.newMembers > 0 {
		fmt.Fprintf(env.Stdout, "%d members were created from member codes no member had yet; complete their names and emails with `refsync import members`\n", imp.newMembers)
	}
	if imp.already > 0 {
		fmt.Fprintf(env.Stdout, "%d lines were imported before and were left as they are\n", imp.already)
	}
	fmt.Fprintf(env.Stdout, "imported %d, skipped %d\n", imp.created, imp.skipped)
	if err != nil {
		return fmt.Errorf("import stopped at line %d: %w (the %d lines before it are stored; fix the problem and import the file again — stored lines are not imported twice)", imp.line, err, imp.created)
	}
	if imp.bad > 0 {
		return fmt.Errorf("%d lines were not imported (see above); fix them and import the file again — lines already imported are skipped", imp.bad)
	}
	return nil
}

// reorderFlags lets flags follow the file name (`import referrals f.csv --db x`).
func reorderFlags(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && a != "-h" && a != "--help" {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}

type importer struct {
	env                            *Env
	db                             *store.DB
	kind                           string
	program                        int64 // 0: the default program
	cols                           map[string]int
	line                           int
	created, already, skipped, bad int
	newMembers                     int
	batch                          []pendingRow
	latin1                         int    // lines read as Latin-1 because they were not UTF-8
	latin1Line                     int    // the first of them
	latin1Example                  string // a converted value of it
}

type pendingRow struct {
	line     int
	referral *store.Referral
	member   *store.Member
}

func (imp *importer) run(ctx context.Context, r io.Reader) error {
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
		imp.line = line
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

func (imp *importer) readHeader(header []string) error {
	imp.cols = map[string]int{}
	known := map[string]bool{}
	for _, c := range importColumns[imp.kind] {
		known[c] = true
	}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if imp.kind == "members" && (h == "referral_code" || h == "code") {
			h = "member_code"
		}
		if !known[h] {
			unknown = append(unknown, h)
			continue
		}
		imp.cols[h] = i
	}
	if len(imp.cols) == 0 {
		return fmt.Errorf("the header names none of the columns %s", strings.Join(importColumns[imp.kind], ", "))
	}
	if imp.kind == "members" {
		if _, ok := imp.cols["member_code"]; !ok {
			return errors.New("the header has no member_code column: every member needs its referral code")
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(imp.env.Stderr, "note: ignoring columns %s (known: %s)\n", strings.Join(unknown, ", "), strings.Join(importColumns[imp.kind], ", "))
	}
	return nil
}

func (imp *importer) get(rec []string, col string) string {
	if i, ok := imp.cols[col]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (imp *importer) add(ctx context.Context, line int, rec []string) error {
	imp.fromLatin1(line, rec)
	g := func(c string) string { return imp.get(rec, c) }
	row := pendingRow{line: line}
	if imp.kind == "members" {
		if g("member_code") == "" {
			imp.reject(line, "member_code is empty")
			return nil
		}
		row.member = &store.Member{ProgramID: imp.program, ReferralCode: g("member_code"), ExternalID: g("external_id"), FirstName: g("first_name"),
			LastName: g("last_name"), Email: g("email"), Phone: g("phone")}
		if fe := store.CheckMember(row.member); fe != nil {
			imp.reject(line, fe.Error())
			return nil
		}
	} else {
		status := strings.ToLower(g("status"))
		if status != "" && !store.ValidStatus(status) {
			imp.reject(line, fmt.Sprintf("status %q is not one of pending, qualified, approved, denied", g("status")))
			return nil
		}
		if email := g("email"); email != "" && !strings.Contains(email, "@") {
			imp.reject(line, fmt.Sprintf("email %q has no @", email))
			return nil
		}
		row.referral = &store.Referral{ProgramID: imp.program, ID: g("referral_id"), ExternalID: g("external_id"), FirstName: g("first_name"),
			LastName: g("last_name"), Email: g("email"), Phone: g("phone"), Company: g("company"), Street: g("street"),
			City: g("city"), State: g("state"), PostalCode: g("postal_code"), MemberCode: g("member_code"), Status: status,
			SFState: store.SFQueued}
		if fe := store.CheckReferral(row.referral); fe != nil {
			imp.reject(line, fe.Error())
			return nil
		}
	}
	imp.batch = append(imp.batch, row)
	if len(imp.batch) >= importBatch {
		return imp.flush(ctx)
	}
	return nil
}

func (imp *importer) flush(ctx context.Context) error {
	if len(imp.batch) == 0 {
		return nil
	}
	var res []store.ImportResult
	var err error
	if imp.kind == "members" {
		ms := make([]*store.Member, len(imp.batch))
		for i, r := range imp.batch {
			ms[i] = r.member
		}
		res, err = imp.db.ImportMembers(ctx, ms)
	} else {
		rs := make([]*store.Referral, len(imp.batch))
		for i, r := range imp.batch {
			rs[i] = r.referral
		}
		// Each new referral is queued for Salesforce in its own transaction
		// (serve's push worker creates the Lead or Contact the settings name).
		res, err = imp.db.ImportReferrals(ctx, rs, "import", func(ctx context.Context, tx *sql.Tx, r *store.Referral) error {
			return imp.db.EnqueueJobTx(ctx, tx, store.JobSFPush, r.ID)
		})
	}
	if err != nil {
		imp.line = imp.batch[0].line
		return err
	}
	for i, r := range res {
		switch {
		case r.Created:
			imp.created++
			if r.NewMember {
				imp.newMembers++
			}
		case r.Already:
			imp.already++
			imp.skipped++
		default:
			imp.reject(imp.batch[i].line, userMessage(r.Err))
		}
	}
	imp.batch = imp.batch[:0]
	return nil
}

// fromLatin1 converts the fields of a line that are not UTF-8 from Latin-1
// (Windows-1252, what spreadsheets often export) and counts the line.
func (imp *importer) fromLatin1(line int, rec []string) {
	converted := false
	for i, f := range rec {
		if !utf8.ValidString(f) {
			rec[i], converted = store.Latin1ToUTF8(f), true
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

// latin1Note tells how many lines were read as Latin-1, if any.
func (imp *importer) latin1Note() string {
	if imp.latin1 == 0 {
		return ""
	}
	return fmt.Sprintf("note: %d lines were not UTF-8 and were read as Latin-1 (Windows-1252), the first on line %d (%q); check the names look right, and save the file as UTF-8 next time\n",
		imp.latin1, imp.latin1Line, imp.latin1Example)
}

func (imp *importer) reject(line int, why string) {
	imp.bad++
	imp.skipped++
	fmt.Fprintf(imp.env.Stderr, "line %d: %s (skipped)\n", line, why)
}

// userMessage strips the package prefixes and sentinel words from a store error.
func userMessage(err error) string {
	msg := err.Error()
	for _, p := range []string{"store: create referral: ", "store: create member: ", "invalid: ", "conflict: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return msg
}
