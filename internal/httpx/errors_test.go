package httpx

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDNSTimeoutIsUnreachableNotSlow(t *testing.T) {
	err := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Name: "defender.example.invalid", Err: "i/o timeout", IsTimeout: true}}
	kind, detail := classify(err, context.Background(), time.Second, "response")
	assert.Equal(t, KindDNS, kind)
	assert.Equal(t, `cannot resolve host "defender.example.invalid": the lookup timed out`, detail)
}

func TestCanceledCallerWinsOverAnyCause(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	kind, _ := classify(errors.New("whatever"), ctx, time.Second, "response")
	assert.Equal(t, KindCanceled, kind)
}
