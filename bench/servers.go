package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

// bareAction is the bare handler's answer: a fixed MachineAction of the current profile.
var bareAction = []byte(`{"@odata.context":"http://127.0.0.1/api/$metadata#MachineActions/$entity",` +
	`"id":"5382f7ea-7557-4ab7-9782-d50480024a4e","type":"Isolate","scope":"Full",` +
	`"requestor":"isolator@contoso.example","requestorComment":"Isolate machine due to alert 1234",` +
	`"status":"Pending","machineId":"1e5bc9d7e413ddd7902c2932e418702b84d0cc07",` +
	`"computerDnsName":"bench-0.contoso.example","creationDateTimeUtc":"2025-03-12T09:58:02.7654321Z",` +
	`"lastUpdateDateTimeUtc":"2025-03-12T09:58:02.7654321Z","relatedFileInfo":null,` +
	`"cancellationRequestor":null,"cancellationComment":null,"cancellationDateTimeUtc":null,` +
	`"title":null,"externalId":null,"requestSource":null}`)

// bareHandler is the ceiling: it reads the body, as any handler must, and answers the fixed
// 201 MachineAction, with no routing, authentication, validation or state.
func bareHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(bareAction)
	})
}

// served is a server on a loopback port.
type served struct {
	URL   string // http://127.0.0.1:PORT
	close func()
}

// serveBare serves the bare handler on a free loopback port, with the mock's server
// settings (keep-alive on).
func serveBare(ctx context.Context) (*served, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	hs := &http.Server{Handler: bareHandler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() { _ = hs.Serve(ln) }()
	return &served{URL: "http://" + ln.Addr().String(), close: func() { _ = hs.Close() }}, nil
}

// serveMock starts the full mock with machines generated machines and the rate limit off,
// and returns it with a token of the current profile's machine-isolate application and the
// ids of the generated machines.
func serveMock(ctx context.Context, machines int) (*served, string, []string, error) {
	run, err := mock.Start(ctx, mock.Options{ExtraMachines: machines, RateLimit: mock.RateLimit{Disabled: true}}, "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	token, err := run.Server.Token("machine-isolate", spec.Current)
	if err != nil {
		_ = run.Close(ctx)
		return nil, "", nil, err
	}
	return &served{URL: run.URL, close: func() { _ = run.Close(context.Background()) }}, token, machineIDs(machines), nil
}

// machineIDs returns the ids of the mock's n generated machines.
func machineIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = mock.ExtraMachineID(i)
	}
	return ids
}
