package mock

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestIsolateLifecycle(t *testing.T) {
	for _, p := range spec.Profiles() {
		t.Run(string(p), func(t *testing.T) {
			h := newHarness(t, Options{})
			m := h.machine(0)
			r := h.isolate(p, m, string(fixture(t, "seed-example-request-corrected.json")))
			require.Equal(t, http.StatusCreated, r.status, string(r.body))
			assert.Equal(t, "application/json", mediaTypeOf(r.header.Get("Content-Type")))
			body := r.json(t)
			assert.Equal(t, "Isolate", body["type"])
			assert.Equal(t, "Pending", body["status"])
			assert.Equal(t, m, body["machineId"])
			assert.Equal(t, "Isolate machine due to alert 1234", body["requestorComment"])
			assert.Contains(t, body, p.LastUpdateField())
			id := body["id"].(string)

			g := h.get(p, "/machineactions/"+id)
			require.Equal(t, http.StatusOK, g.status, string(g.body))
			assert.Equal(t, "Succeeded", g.json(t)["status"])
		})
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	_, err := Start(context.Background(), Options{}, "0.0.0.0:0")
	require.Error(t, err)
	r, err := Start(context.Background(), Options{CompletionDelay: time.Second}, "127.0.0.1:0")
	require.NoError(t, err)
	resp, err := http.Get(r.URL + "/api/machines/x")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.NoError(t, r.Close(context.Background()))
	require.NoError(t, r.Close(context.Background()))
}

func TestPanicBecomes500Envelope(t *testing.T) {
	var panics panicCounter
	s, err := New(Options{Logger: slog.New(&panics)})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	func() {
		x := s.newExchange(rec, httptest.NewRequest(http.MethodGet, "/api/machines", nil), spec.Current)
		defer x.finish()
		panic("boom")
	}()
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, int64(1), panics.n.Load())
	r := reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	assert.Equal(t, codeInternalServerError, r.errorCode(t))
}

func TestStartStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Start(ctx, Options{}, "127.0.0.1:0")
	require.NoError(t, err)
	cancel()
	require.Eventually(t, func() bool {
		resp, err := http.Get(r.URL + "/api/machines/x")
		if err == nil {
			resp.Body.Close()
		}
		return err != nil
	}, 5*time.Second, 20*time.Millisecond)
	require.NoError(t, r.Close(context.Background()))
}
