package admin

import (
	"errors"
	"net/http"

	"github.com/scimharness/scimharness/simulator"
)

// Sentinels to test with errors.Is.
var (
	// ErrNoClock: the target has no sandbox clock (GET/POST /admin/v1/clock
	// answered 404), so expiry is testable only with a user-supplied expired token.
	ErrNoClock = errors.New("target has no sandbox clock")
	// ErrNotFound: the tenant, token or account does not exist (404).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: the admin token was refused (401).
	ErrUnauthorized = errors.New("admin token refused")
	// ErrReadOnly: an edit of a SCIM account was refused (409 read_only).
	ErrReadOnly = errors.New("account is read-only")
)

// Error is an admin API answer the adapter did not expect. It wraps the
// *simulator.StatusError (so the exchange travels with it) and the
// matching sentinel, and reads "create token: expected 201, got 400
// (invalid_expiry: ...)".
type Error struct {
	Status *simulator.StatusError
	Kind   error // one of the sentinels, or nil
	Code   string
	Detail string
}

func (e *Error) Error() string { return e.Status.Error() }

// Unwrap exposes both the sentinel and the StatusError to errors.Is/As.
func (e *Error) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Status}
	}
	return []error{e.Kind, e.Status}
}

// ExchangeOf digs the exchange out of any error from this package or the
// simulator (nil if there is none).
func ExchangeOf(err error) *simulator.Exchange {
	var se *simulator.StatusError
	if errors.As(err, &se) {
		return se.Exchange
	}
	var re *simulator.ResponseError
	if errors.As(err, &re) {
		return re.Exchange
	}
	return nil
}

func kindOf(status int, code string, clock bool) error {
	switch {
	case status == http.StatusNotFound && clock:
		return ErrNoClock
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusConflict && code == "read_only":
		return ErrReadOnly
	}
	return nil
}
