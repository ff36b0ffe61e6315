package steps

// Assertions about the elements of a multi-valued attribute (RFC 7643 §2.4):
// a provider "SHOULD NOT return the same (type, value) combination more
// than once per attribute".

import (
	"context"
	"fmt"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

func registerRFCMultiValuedSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the response JSON `+quoted+` lists the \(type, value\) pair \("([^"]*)", "([^"]*)"\) exactly once$`, rfcPairListedOnce)
	sc.Step(`^the response is a 400 SCIM error, or a 2xx whose `+quoted+` lists the \(type, value\) pair \("([^"]*)", "([^"]*)"\) exactly once$`, rfcRefusedOrPairOnce)
}

// rfcPairListedOnce is anchored: the response must be a 2xx resource whose
// attribute is a non-empty array holding the pair; only then does "once"
// mean something (a missing attribute is not "no repeats").
func rfcPairListedOnce(ctx context.Context, path, typ, value string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status < 200 || ex.Status > 299 {
		return ctx, w.mismatch(ctx, "response status", "a 2xx resource to look at "+unquote(path)+" in", ex.Status)
	}
	return ctx, w.checkPairOnce(ctx, path, typ, value)
}

// rfcRefusedOrPairOnce accepts either conformant answer to a request that
// repeats a pair: refusing it (400, as a SCIM error document), or storing
// and returning the pair once.
func rfcRefusedOrPairOnce(ctx context.Context, path, typ, value string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	switch {
	case ex.Status == 400:
		return ctx, w.checkSCIMError(ctx, ex, "400", "")
	case ex.Status >= 200 && ex.Status <= 299:
		return ctx, w.checkPairOnce(ctx, path, typ, value)
	}
	return ctx, w.mismatch(ctx, "response status", "400 (the repeat refused) or a 2xx (the pair stored once)", ex.Status)
}

// checkPairOnce counts the elements of the array at path whose type and
// value are exactly typ and value (after substitution); it must be one.
func (w *World) checkPairOnce(ctx context.Context, path, typ, value string) error {
	_, r, err := jsonAt(ctx, path)
	if err != nil {
		return err
	}
	if typ, err = w.substitute(typ); err != nil {
		return err
	}
	if value, err = w.substitute(value); err != nil {
		return err
	}
	what := "response JSON " + unquote(path)
	if !r.IsArray() || len(r.Array()) == 0 {
		return w.mismatch(ctx, what, "a non-empty array", describe(r))
	}
	n := 0
	r.ForEach(func(_, e gjson.Result) bool {
		if e.Get("type").String() == typ && e.Get("value").String() == value {
			n++
		}
		return true
	})
	if n != 1 {
		return w.mismatch(ctx, what, fmt.Sprintf("the pair (%q, %q) exactly once", typ, value),
			fmt.Sprintf("%s in %s", elementsText(n), describe(r)))
	}
	return nil
}

func elementsText(n int) string {
	if n == 0 {
		return "no such element"
	}
	return fmt.Sprintf("%d such elements", n)
}
