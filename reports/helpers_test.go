package reports

import (
	"errors"
	"time"
)

const time1ms = time.Millisecond

var errWrite = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }
