package simulator

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRecorderRing(t *testing.T) {
	r := NewRecorder(3)
	for i := 1; i <= 5; i++ {
		r.Record(&Exchange{URL: fmt.Sprint(i)})
	}
	urls := func(xs []*Exchange) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x.URL)
		}
		return out
	}
	assert.Equal(t, 5, r.Total())
	assert.Equal(t, []string{"3", "4", "5"}, urls(r.Exchanges()), "oldest evicted, order kept")
	assert.Equal(t, []string{"5"}, urls(r.Since(4)))
	assert.Empty(t, r.Since(5))
	assert.Equal(t, []string{"3", "4", "5"}, urls(r.Since(0)), "evicted exchanges are gone")
	var nilRec *Recorder
	nilRec.Record(&Exchange{})
	assert.Nil(t, nilRec.Exchanges())
}
