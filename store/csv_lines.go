package store

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxRecordLines bounds how many physical lines one quoted CSV record may span;
// past it, an unbalanced quote is taken as a typo on its first line.
const maxRecordLines = 20

// csvRecords reads CSV records so that one malformed line never swallows the
// lines after it: a record whose quotes never close is reported as bad on its
// first line and reading resumes with the next line.
type csvRecords struct {
	sc      *bufio.Scanner
	pending []string // lines read ahead but not yet used
	line    int      // number of the next line to hand out
}

func newCSVRecords(r io.Reader) *csvRecords {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	return &csvRecords{sc: sc, line: 1}
}

func (c *csvRecords) nextLine() (string, bool) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, true
	}
	if c.sc.Scan() {
		return c.sc.Text(), true
	}
	return "", false
}

// Next returns the next record and the line it starts on; err is a
// *csv.ParseError for a bad record (reading may go on) or io.EOF at the end.
func (c *csvRecords) Next() (rec []string, line int, err error) {
	first, ok := c.nextLine()
	for ok && strings.TrimSpace(first) == "" {
		c.line++
		first, ok = c.nextLine()
	}
	if !ok {
		if err := c.sc.Err(); err != nil {
			return nil, c.line, fmt.Errorf("read line %d: %w", c.line, err)
		}
		return nil, c.line, io.EOF
	}
	start := c.line
	if !strings.Contains(first, `"`) { // no quotes: the fields are what lies between the commas
		c.line++
		return strings.Split(strings.TrimSuffix(first, "\r"), ","), start, nil
	}
	text, used := first, []string{first}
	for strings.Count(text, `"`)%2 == 1 && len(used) < maxRecordLines {
		more, ok := c.nextLine()
		if !ok {
			break
		}
		used = append(used, more)
		text += "\n" + more
	}
	if strings.Count(text, `"`)%2 == 1 { // never balanced: give back all but the first line
		c.pending = append(append([]string{}, used[1:]...), c.pending...)
		used = used[:1]
		text = first
	}
	c.line += len(used)
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	rec, err = r.Read()
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			pe = &csv.ParseError{StartLine: 1, Line: 1, Err: err}
		}
		pe.StartLine, pe.Line = start, start+pe.Line-1
		return nil, start, pe
	}
	return rec, start, nil
}
