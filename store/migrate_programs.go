package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// migrationSteps are Go steps run after a migration's SQL, in its transaction,
// for what SQL alone cannot say robustly (a key change that must keep the
// columns other migrations added).
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	8: migratePrograms,
}

var sfLinksPK = regexp.MustCompile(`record_id\s+TEXT\s+PRIMARY KEY`)

// migratePrograms makes the program part of the keys of entries (the
// idempotency key becomes program, object, record, modstamp) and of sf_links
// (a record links to one referral per program). Rows, ids and indexes stay.
func migratePrograms(ctx context.Context, tx *sql.Tx) error {
	err := rebuildTable(ctx, tx, "entries", func(s string) (string, error) {
		const old = "UNIQUE (object, record_id, modstamp)"
		if !strings.Contains(s, old) {
			return "", fmt.Errorf("the idempotency key %q is not in the table definition", old)
		}
		return strings.Replace(s, old, "UNIQUE (program_id, object, record_id, modstamp)", 1), nil
	})
	if err != nil {
		return err
	}
	return rebuildTable(ctx, tx, "sf_links", func(s string) (string, error) {
		if !sfLinksPK.MatchString(s) {
			return "", fmt.Errorf("the key \"record_id TEXT PRIMARY KEY\" is not in the table definition")
		}
		s = sfLinksPK.ReplaceAllString(s, "record_id TEXT NOT NULL")
		s = strings.TrimRight(s, " \t\n")
		return strings.TrimSuffix(s, ")") + ",\n    PRIMARY KEY (program_id, record_id)\n)", nil
	})
}

// rebuildTable recreates table from its own definition as edit changes it
// (SQLite cannot change a key in place): same columns in the same order, rows
// and rowids copied, indexes recreated. Child tables' foreign keys are checked
// at commit (defer_foreign_keys): the rows are copied aside, the table dropped
// and created anew under its own name, and the rows put back, which settles
// the children's references again.
func rebuildTable(ctx context.Context, tx *sql.Tx, table string, edit func(string) (string, error)) error {
	fail := func(err error) error { return fmt.Errorf("store: rebuild %s: %w", table, err) }
	var def string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&def); err != nil {
		return fail(err)
	}
	newDef, err := edit(def)
	if err != nil {
		return fail(err)
	}
	indexes, err := tableIndexes(ctx, tx, table)
	if err != nil {
		return fail(err)
	}
	aside := table + "_rebuild"
	stmts := []string{
		`PRAGMA defer_foreign_keys = ON`,
		`CREATE TABLE ` + aside + ` AS SELECT rowid AS rebuild_rowid, * FROM ` + table,
		`DROP TABLE ` + table,
		newDef,
		`INSERT INTO ` + table + ` (rowid, ` + "%s" + `) SELECT rebuild_rowid, ` + "%s" + ` FROM ` + aside + ` ORDER BY rebuild_rowid`,
		`DROP TABLE ` + aside,
	}
	for i, q := range append(stmts, indexes...) {
		if i == 4 {
			cols, err := tableColumns(ctx, tx, table)
			if err != nil {
				return fail(err)
			}
			q = fmt.Sprintf(q, cols, cols)
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fail(fmt.Errorf("%.60s…: %w", q, err))
		}
	}
	return nil
}

// tableColumns returns the quoted, comma-separated column names of table.
func tableColumns(ctx context.Context, tx *sql.Tx, table string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, `"`+c+`"`)
	}
	return strings.Join(cols, ", "), rows.Err()
}

// tableIndexes returns the CREATE INDEX and CREATE TRIGGER statements of
// table's own indexes and triggers (run after the rows are back, so the
// triggers do not fire on the copy).
func tableIndexes(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	return queryStrings(ctx, tx, `SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, table)
}
