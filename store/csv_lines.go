package store

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxRecordLines bounds how many physical lines one quoted CSV record may span;
// past it, an unbalanced quote is taken as a typo on its first line.
const maxRecordLines = 20

// maxLineBytes is the longest physical line read; a longer one is reported as
// bad and skipped (no field refsync imports comes near it).
const maxLineBytes = 4 << 20

// errLineTooLong is why an over-long line is skipped.
var errLineTooLong = fmt.Errorf("it is longer than %d MB, far more than any field holds; check that the file was saved as CSV", maxLineBytes>>20)

// csvRecords reads CSV records so that one malformed line never swallows the
// lines after it: a record whose quotes never close is reported as bad on its
// first line, a line over maxLineBytes is reported and skipped, and reading
// resumes with the next line.
type csvRecords struct {
	r       *bufio.Reader
	pending []physLine // lines read ahead but not yet used
	line    int        // number of the next line to hand out
	err     error      // the read error that ended the input (not io.EOF)
}

// physLine is one line of the file (without its line break); long: it was
// over maxLineBytes and its text is dropped.
type physLine struct {
	text string
	long bool
}

func newCSVRecords(r io.Reader) *csvRecords {
	return &csvRecords{r: bufio.NewReaderSize(r, 64*1024), line: 1}
}

// readLine reads one physical line, keeping at most maxLineBytes of it.
func (c *csvRecords) readLine() (physLine, bool) {
	var buf []byte
	long := false
	for {
		chunk, err := c.r.ReadSlice('\n')
		if !long && len(buf)+len(chunk) > maxLineBytes {
			long, buf = true, nil
		}
		if !long {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			c.err = err
		}
		if err != nil && len(buf) == 0 && !long {
			return physLine{}, false
		}
		buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
		return physLine{text: string(buf), long: long}, true
	}
}

func (c *csvRecords) nextLine() (physLine, bool) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, true
	}
	return c.readLine()
}

// Next returns the next record and the line it starts on; err is a
// *csv.ParseError for a bad record (reading may go on) or io.EOF at the end.
func (c *csvRecords) Next() (rec []string, line int, err error) {
	first, ok := c.nextLine()
	for ok && !first.long && strings.TrimSpace(first.text) == "" {
		c.line++
		first, ok = c.nextLine()
	}
	if !ok {
		if c.err != nil {
			return nil, c.line, fmt.Errorf("read line %d: %w", c.line, c.err)
		}
		return nil, c.line, io.EOF
	}
	start := c.line
	if first.long {
		c.line++
		return nil, start, &csv.ParseError{StartLine: start, Line: start, Err: errLineTooLong}
	}
	if !strings.ContainsAny(first.text, "\"\r") { // no quotes (nor a stray CR): the fields are what lies between the commas
		c.line++
		return strings.Split(first.text, ","), start, nil
	}
	text, used := first.text, []physLine{first}
	for strings.Count(text, `"`)%2 == 1 && len(used) < maxRecordLines {
		more, ok := c.nextLine()
		if !ok {
			break
		}
		used = append(used, more)
		if more.long {
			break
		}
		text += "\n" + more.text
	}
	if strings.Count(text, `"`)%2 == 1 || used[len(used)-1].long { // never balanced: give back all but the first line
		c.pending = append(append([]physLine{}, used[1:]...), c.pending...)
		used = used[:1]
		text = first.text
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

// headerProblem names a file that is CSV in another shape than refsync reads
// (UTF-16 text, or columns separated by semicolons or tabs) and how to save it
// instead; nil when the header looks like plain comma-separated UTF-8.
func headerProblem(header []string) error {
	joined := strings.Join(header, ",")
	switch {
	case strings.HasPrefix(joined, "\xff\xfe") || strings.HasPrefix(joined, "\xfe\xff") || strings.ContainsRune(joined, 0):
		return errors.New("the file is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8 (Comma delimited)\" and import that file")
	case len(header) == 1 && strings.Contains(joined, ";"):
		return errors.New("the columns are separated by semicolons (as Excel saves CSV in many European locales); save it with commas: " +
			"in Excel choose \"CSV UTF-8 (Comma delimited)\", in LibreOffice tick \"Edit filter settings\" and pick the comma as field delimiter")
	case len(header) == 1 && strings.Contains(joined, "\t"):
		return errors.New("the columns are separated by tabs; save the file as \"CSV UTF-8 (Comma delimited)\" and import that file")
	}
	return nil
}
