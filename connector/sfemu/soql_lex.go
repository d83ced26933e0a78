package sfemu

import (
	"fmt"
	"regexp"
	"strings"
)

// tokKind is a SOQL token class.
type tokKind int

const (
	tkEOF tokKind = iota
	tkIdent
	tkString
	tkNumber
	tkDateTime
	tkDate
	tkPunct
)

type token struct {
	kind tokKind
	text string // for tkString: the unescaped value
	pos  int    // byte offset in the query
}

// SOQLError is a query error as Salesforce reports it.
type SOQLError struct {
	Code string // MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, ...
	Pos  int    // byte offset of the offending token
	Msg  string
	q    string
}

// Error renders the error like Salesforce: the query line, a caret and
// "ERROR at Row:R:Column:C".
func (e *SOQLError) Error() string {
	if e.Pos < 0 {
		return e.Msg
	}
	row, col, line := 1, e.Pos+1, e.q
	if e.Pos > len(e.q) {
		col = len(e.q) + 1
	}
	start := strings.LastIndexByte(e.q[:col-1], '\n') + 1
	row += strings.Count(e.q[:start], "\n")
	col -= start
	line = e.q[start:]
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return fmt.Sprintf("\n%s\n%s^\nERROR at Row:%d:Column:%d\n%s", line, strings.Repeat(" ", col-1), row, col, e.Msg)
}

func (e *SOQLError) apiError() *APIError {
	if e.Pos < 0 { // Salesforce words some refusals without the query excerpt
		return apiErr(400, e.Code, e.Msg)
	}
	return apiErr(400, e.Code, e.Error())
}

var (
	reDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})`)
	reDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	reNumber   = regexp.MustCompile(`^-?\d+(\.\d+)?`)
)

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' }

// lex splits q into tokens.
func lex(q string) ([]token, *SOQLError) {
	var out []token
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := i
			for j < len(q) && isIdentChar(q[j]) {
				j++
			}
			if j+1 < len(q) && q[j] == ':' && q[j+1] >= '0' && q[j+1] <= '9' { // LAST_N_DAYS:30
				j++
				for j < len(q) && q[j] >= '0' && q[j] <= '9' {
					j++
				}
			}
			out = append(out, token{tkIdent, q[i:j], i})
			i = j
		case c == '\'':
			s, n, err := lexString(q, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{tkString, s, i})
			i = n
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			rest := q[i:]
			if m := reDateTime.FindString(rest); m != "" {
				if m[len(m)-1] != 'Z' && m[len(m)-3] != ':' {
					// The org's lexer wants hh:mm after the sign: +0000 stops at the third digit.
					at := i + len(m) - 2
					return nil, &SOQLError{Code: "MALFORMED_QUERY", Pos: at, Msg: fmt.Sprintf("line 1:%d no viable alternative at character '%c'", at, q[at]), q: q}
				}
				out = append(out, token{tkDateTime, m, i})
				i += len(m)
			} else if m := reDate.FindString(rest); m != "" {
				out = append(out, token{tkDate, m, i})
				i += len(m)
			} else {
				m := reNumber.FindString(rest)
				out = append(out, token{tkNumber, m, i})
				i += len(m)
			}
		case strings.HasPrefix(q[i:], "!=") || strings.HasPrefix(q[i:], "<=") || strings.HasPrefix(q[i:], ">=") || strings.HasPrefix(q[i:], "<>"):
			out = append(out, token{tkPunct, q[i : i+2], i})
			i += 2
		case strings.IndexByte("(),=<>", c) >= 0:
			out = append(out, token{tkPunct, q[i : i+1], i})
			i++
		default:
			return nil, &SOQLError{Code: "MALFORMED_QUERY", Pos: i, Msg: fmt.Sprintf("line 1:%d no viable alternative at character '%c'", i, c), q: q}
		}
	}
	return append(out, token{tkEOF, "", len(q)}), nil
}

// lexString reads a quoted literal starting at q[i] == '\”.
func lexString(q string, i int) (string, int, *SOQLError) {
	var b strings.Builder
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\'':
			return b.String(), j + 1, nil
		case '\\':
			if j+1 >= len(q) {
				break
			}
			j++
			switch q[j] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '\'', '"', '\\', '%', '_':
				if q[j] == '%' || q[j] == '_' {
					b.WriteByte('\\')
				}
				b.WriteByte(q[j])
			default:
				return "", 0, &SOQLError{Code: "MALFORMED_QUERY", Pos: j - 1, Msg: "Invalid string literal '" + q[i:] + "'. Illegal character sequence '\\" + string(q[j]) + "' in string literal.", q: q}
			}
		default:
			b.WriteByte(q[j])
		}
	}
	return "", 0, &SOQLError{Code: "MALFORMED_QUERY", Pos: i, Msg: "line 1:" + fmt.Sprint(i) + " mismatched character '<EOF>' expecting '''", q: q}
}
