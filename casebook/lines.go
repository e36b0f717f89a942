package casebook

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLine is the longest JSON Lines input accepted, line ending excluded:
// 1 MiB. A single input to eval has the same limit.
const MaxLine = 1 << 20

// LineReader reads a JSON Lines stream one line at a time, in memory bounded
// by MaxLine however long the stream or a line is.
type LineReader struct {
	r *bufio.Reader
	n int
}

// NewLineReader reads lines from r.
func NewLineReader(r io.Reader) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, 64*1024)}
}

// Next returns the next line without its line ending ("\n" or "\r\n") and
// its number, counting from 1. A line longer than MaxLine is read through
// but not kept: it comes back as tooLong with a nil line. A last line without
// a newline is a line. At the end of the stream err is io.EOF.
func (l *LineReader) Next() (line []byte, n int, tooLong bool, err error) {
	read := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !tooLong {
			if len(line)+len(chunk) > MaxLine+2 { // room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && err != io.EOF {
			return nil, l.n, false, err
		}
		if !read {
			return nil, l.n, false, io.EOF
		}
		l.n++
		if !tooLong {
			line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
			if len(line) > MaxLine {
				tooLong, line = true, nil
			}
		}
		return line, l.n, tooLong, nil
	}
}
