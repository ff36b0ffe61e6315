package steps

import (
	"errors"
	"fmt"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// opFailed turns an error from an IdP or admin operation into a step
// failure: the operation's own "expected X, got Y" message, then the
// transcript of the exchange behind it (masked), which is also attached.
// A transport failure says so: it is a harness fault, not the target's.
func (w *World) opFailed(what string, ex *simulator.Exchange, err error) error {
	if e := admin.ExchangeOf(err); e != nil {
		ex = e
	}
	w.remember(ex)
	w.attachStepExchanges()
	msg := fmt.Sprintf("%s: %v", what, err)
	if errors.Is(err, simulator.ErrTransport) {
		msg = fmt.Sprintf("%s: expected an HTTP answer, got none (harness or network fault): %v", what, err)
	}
	if ex != nil {
		msg += "\n\n" + ex.String()
	}
	return errors.New(w.mask(msg))
}
