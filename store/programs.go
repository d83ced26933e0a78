package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Program is a referral program: its own settings, members and referrals.
type Program struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Default    bool   `json:"default"`
	ArchivedAt string `json:"archived_at,omitempty"` // archived programs keep their data but take no new referrals
	CreatedAt  string `json:"created_at"`
	// WatchingSince is when an admin switched the program on ("": off, its rules see no Salesforce change).
	WatchingSince string `json:"watching_since,omitempty"`
}

// Watching reports whether the program's rules see Salesforce changes.
func (p *Program) Watching() bool { return p.WatchingSince != "" }

// Archived reports whether the program was archived.
func (p *Program) Archived() bool { return p.ArchivedAt != "" }

const programCols = `id, name, coalesce(archived_at, ''), created_at, coalesce(watching_since, '')`

func scanProgram(s interface{ Scan(...any) error }) (*Program, error) {
	p := &Program{}
	if err := s.Scan(&p.ID, &p.Name, &p.ArchivedAt, &p.CreatedAt, &p.WatchingSince); err != nil {
		return nil, err
	}
	p.Default = p.ID == DefaultProgram
	return p, nil
}

// programName trims a program name and checks it: 1 to 100 characters.
func programName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", fmt.Errorf("%w: a program needs a name of 1 to 100 characters", ErrInvalid)
	}
	if fe := CheckText("name", name); fe != nil {
		return "", fmt.Errorf("%w: the program's %v", ErrInvalid, fe)
	}
	return name, nil
}

// CreateProgram adds a program, switched off: its settings start as the
// defaults, and it sees no Salesforce change until an admin switches it on. ErrInvalid: bad name; ErrConflict: the name is taken.
func (db *DB) CreateProgram(ctx context.Context, name, actor string) (*Program, error) {
	name, err := programName(name)
	if err != nil {
		return nil, fmt.Errorf("store: create program: %w", err)
	}
	p := &Program{Name: name, CreatedAt: db.Now()}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO programs (name, created_at) VALUES (?, ?)`, p.Name, p.CreatedAt)
		if err != nil {
			return programNameErr(err, name)
		}
		p.ID, _ = res.LastInsertId()
		return db.AuditTx(ctx, tx, actor, "program.create", fmt.Sprintf("program %d", p.ID), name)
	})
	if err != nil {
		return nil, fmt.Errorf("store: create program: %w", err)
	}
	return p, nil
}

func programNameErr(err error, name string) error {
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return fmt.Errorf("%w: a program named %q already exists; pick another name", ErrConflict, name)
	}
	return describeDiskError(err)
}

// ProgramByID returns a program, archived or not, or ErrNotFound.
func (db *DB) ProgramByID(ctx context.Context, id int64) (*Program, error) {
	p, err := scanProgram(db.R.QueryRowContext(ctx, `SELECT `+programCols+` FROM programs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: program %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: program %d: %w", id, err)
	}
	return p, nil
}

// ListPrograms returns the programs by id; archived ones only when asked.
func (db *DB) ListPrograms(ctx context.Context, withArchived bool) ([]*Program, error) {
	q := `SELECT ` + programCols + ` FROM programs`
	if !withArchived {
		q += ` WHERE archived_at IS NULL`
	}
	rows, err := db.R.QueryContext(ctx, q+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list programs: %w", err)
	}
	defer rows.Close()
	var out []*Program
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list programs: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ActivePrograms returns the ids of the programs that are not archived and
// are switched on, the default first: the programs whose rules the receiver evaluates.
func (db *DB) ActivePrograms(ctx context.Context) ([]int64, error) {
	ps, err := db.ListPrograms(ctx, false)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(ps))
	for _, p := range ps {
		if p.Watching() {
			out = append(out, p.ID)
		}
	}
	return out, nil
}

// ProgramChange is an edit of a program; nil fields stay as they are.
type ProgramChange struct {
	Name     *string `json:"name"`
	Archived *bool   `json:"archived"`
	Watching *bool   `json:"watching"` // switch on (only with saved settings) or off
}

// UpdateProgram renames, archives or restores a program. The default program
// cannot be archived. Errors: ErrNotFound, ErrInvalid, ErrConflict (name taken).
func (db *DB) UpdateProgram(ctx context.Context, id int64, c ProgramChange, actor string) (*Program, error) {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if c.Name != nil {
			name, err := programName(*c.Name)
			if err != nil {
				return err
			}
			if err := db.programExec(ctx, tx, id, `UPDATE programs SET name = ? WHERE id = ?`, name, id); err != nil {
				return programNameErr(err, name)
			}
			if err := db.AuditTx(ctx, tx, actor, "program.rename", fmt.Sprintf("program %d", id), name); err != nil {
				return err
			}
		}
		if c.Watching != nil {
			if err := db.watchTx(ctx, tx, id, *c.Watching, actor); err != nil {
				return err
			}
		}
		if c.Archived == nil {
			return db.programExec(ctx, tx, id, `UPDATE programs SET id = id WHERE id = ?`, id)
		}
		if *c.Archived && id == DefaultProgram {
			return fmt.Errorf("%w: the default program cannot be archived; archive the other programs instead", ErrInvalid)
		}
		archived := sql.NullString{String: db.Now(), Valid: *c.Archived}
		if err := db.programExec(ctx, tx, id, `UPDATE programs SET archived_at = ? WHERE id = ?`, archived, id); err != nil {
			return err
		}
		action := map[bool]string{true: "program.archive", false: "program.restore"}[*c.Archived]
		return db.AuditTx(ctx, tx, actor, action, fmt.Sprintf("program %d", id), "")
	})
	if err != nil {
		return nil, fmt.Errorf("store: update program %d: %w", id, err)
	}
	return db.ProgramByID(ctx, id)
}

// programExec runs an update of one program, ErrNotFound when it does not exist.
func (db *DB) programExec(ctx context.Context, tx *sql.Tx, id int64, q string, args ...any) error {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("program %d: %w", id, ErrNotFound)
	}
	return nil
}

// OpenProgram returns the program new members and referrals may be added to:
// 0 means the default; ErrNotFound when there is no such program, ErrInvalid
// when it is archived.
func (db *DB) OpenProgram(ctx context.Context, id int64) (int64, error) {
	if id == 0 {
		return DefaultProgram, nil
	}
	p, err := db.ProgramByID(ctx, id)
	if err != nil {
		return 0, err
	}
	if p.Archived() {
		return 0, fmt.Errorf("store: program %d (%s) is archived: %w; restore it first or pick another program", id, p.Name, ErrInvalid)
	}
	return id, nil
}

// checkProgramTx refuses adding to a program that does not exist or is
// archived (the default program always takes additions).
func (db *DB) checkProgramTx(ctx context.Context, tx *sql.Tx, id int64) error {
	if id == DefaultProgram {
		return nil
	}
	var name string
	var archived sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT name, archived_at FROM programs WHERE id = ?`, id).Scan(&name, &archived)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: program %d does not exist; list the programs with GET /api/v1/programs or `refsync program list`", ErrInvalid, id)
	case err != nil:
		return fmt.Errorf("read program %d: %w", id, err)
	case archived.Valid:
		return fmt.Errorf("%w: program %d (%s) is archived; restore it first or pick another program", ErrInvalid, id, name)
	}
	return nil
}
