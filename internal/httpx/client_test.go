package httpx

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, c *Client, url string) (*Exchange, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer canary-token-value")
	return c.Do(context.Background(), req)
}

// quietServer silences the server's own error log (TLS handshake errors
// the tests provoke on purpose).
func quietServer(s *httptest.Server) *httptest.Server {
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	return s
}

func TestTargetThatNeverAnswersFailsAtTheTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // accept, read nothing, answer nothing
		defer wg.Done()
		var held []net.Conn
		for {
			conn, err := ln.Accept()
			if err != nil {
				for _, c := range held {
					_ = c.Close()
				}
				return
			}
			held = append(held, conn)
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); wg.Wait() })

	c := New(Options{Timeout: 300 * time.Millisecond})
	start := time.Now()
	ex, err := get(t, c, "http://"+ln.Addr().String()+"/api/machines/1/isolate")
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, KindTimeout, KindOf(err))
	assert.Contains(t, err.Error(), "no complete response within 300ms (request timeout)")
	assert.Zero(t, ex.StatusCode)
	assert.Same(t, err, ex.Err)
}

func TestBodyThatStallsFailsAtTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)

	ex, err := get(t, New(Options{Timeout: 300 * time.Millisecond}), srv.URL)
	require.Error(t, err)
	assert.Equal(t, KindTimeout, KindOf(err))
	assert.Contains(t, err.Error(), "no complete response body within 300ms")
	assert.Equal(t, http.StatusOK, ex.StatusCode)
}

func TestNonJSONBodyIsReturnedVerbatim(t *testing.T) {
	const page = "<html><body>Service Unavailable</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, page)
	}))
	t.Cleanup(srv.Close)

	ex, err := get(t, New(Options{}), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, ex.StatusCode)
	assert.Equal(t, page, string(ex.ResponseBody))
	assert.Contains(t, ex.Transcript(), "< "+page)
}

func TestHugeBodyFailsWithBoundedMemory(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for written.Load() < 256<<20 { // endless as far as the client is concerned
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)

	ex, err := get(t, New(Options{}), srv.URL)
	require.Error(t, err)
	assert.Equal(t, KindBodyTooLarge, KindOf(err))
	assert.Contains(t, err.Error(), "response body exceeds 1 MiB")
	assert.Len(t, ex.ResponseBody, 1<<20)
	srv.CloseClientConnections()
	// The client stopped reading at the cap: the server could only push the
	// cap plus what socket buffers hold, not the 256 MiB it wanted to.
	assert.Less(t, written.Load(), int64(64<<20))
}

func TestDeclaredHugeBodyFailsBeforeReading(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(10<<20))
		_, _ = io.WriteString(w, "short")
	}))
	t.Cleanup(srv.Close)

	_, err := get(t, New(Options{MaxBodyBytes: 512 << 10}), srv.URL)
	require.Error(t, err)
	assert.Equal(t, KindBodyTooLarge, KindOf(err))
	assert.Contains(t, err.Error(), "response body exceeds 512 KiB (Content-Length 10485760)")
}

func TestRedirectToAnotherHostDoesNotForwardAuthorization(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			var mu sync.Mutex
			var received []http.Header
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				received = append(received, r.Header.Clone())
				mu.Unlock()
				w.WriteHeader(http.StatusCreated)
			}))
			t.Cleanup(other.Close)
			// Same IP, another port: Go's client alone would forward the
			// header here, since it compares host names only.
			target := httptest.NewServer(http.RedirectHandler(other.URL+"/steal", code))
			t.Cleanup(target.Close)

			req, err := http.NewRequest(http.MethodPost, target.URL+"/api/machines/1/isolate", strings.NewReader(`{"Comment":"c"}`))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer canary-token-value")
			ex, err := New(Options{}).Do(context.Background(), req)

			require.Error(t, err)
			assert.Equal(t, KindRedirect, KindOf(err))
			assert.Contains(t, err.Error(), "redirect to "+other.URL+" not followed")
			assert.Equal(t, code, ex.StatusCode)
			mu.Lock()
			defer mu.Unlock()
			for _, h := range received {
				assert.Empty(t, h.Get("Authorization"), "Authorization reached another host")
			}
			assert.Empty(t, received, "the client followed a redirect to another host")
		})
	}
}

func TestSameOriginRedirectOfAReadIsFollowed(t *testing.T) {
	var gotAuth string
	mux := http.NewServeMux()
	mux.Handle("/old", http.RedirectHandler("/new", http.StatusTemporaryRedirect))
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
		w.WriteHeader(http.StatusOK)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/old", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer t")
	ex, err := New(Options{}).Do(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, ex.StatusCode)
	assert.Equal(t, srv.URL+"/new", ex.FinalURL)
	assert.Equal(t, "Bearer t", gotAuth)
}

// A request that acts on a machine is never redirected, not even within the origin: a target
// that answers an isolate of the given machine with a redirect to another machine's isolate
// never sees the other machine touched.
func TestActingRequestIsNeverRedirected(t *testing.T) {
	const given, other = "/api/machines/given/isolate", "/api/machines/other/isolate"
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			var touched atomic.Int32
			mux := http.NewServeMux()
			mux.Handle(given, http.RedirectHandler(other, code))
			mux.HandleFunc("/api/machines/other/", func(w http.ResponseWriter, r *http.Request) {
				touched.Add(1)
				w.WriteHeader(http.StatusCreated)
			})
			srv := httptest.NewServer(mux)
			t.Cleanup(srv.Close)
			for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
				req, err := http.NewRequest(method, srv.URL+given, strings.NewReader(`{"Comment":"c"}`))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer t")
				ex, err := New(Options{}).Do(context.Background(), req)
				require.Error(t, err, method)
				assert.Equal(t, KindRedirect, KindOf(err))
				assert.Contains(t, err.Error(), "acts on a machine")
				assert.Contains(t, err.Error(), other)
				assert.Equal(t, code, ex.StatusCode, "the redirect itself is the answer")
				assert.Empty(t, ex.FinalURL)
			}
			assert.Zero(t, touched.Load(), "the other machine was touched")
		})
	}
}

func TestRedirectLoopStops(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("/again", http.StatusFound))
	t.Cleanup(srv.Close)
	_, err := get(t, New(Options{}), srv.URL)
	require.Error(t, err)
	assert.Equal(t, KindRedirect, KindOf(err))
	assert.Contains(t, err.Error(), "stopped after 5 redirects")
}

func TestSelfSignedCertificateIsRefusedUnlessInsecure(t *testing.T) {
	srv := quietServer(httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})))
	srv.StartTLS()
	t.Cleanup(srv.Close)

	_, err := get(t, New(Options{}), srv.URL)
	require.Error(t, err)
	assert.Equal(t, KindTLS, KindOf(err))
	assert.True(t, IsUnreachable(err))
	assert.Contains(t, err.Error(), "TLS certificate not verified")
	assert.Contains(t, err.Error(), "--insecure-skip-tls-verify")

	ex, err := get(t, New(Options{InsecureSkipTLSVerify: true}), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, ex.StatusCode)
	assert.Contains(t, ex.Curl(), " -k ")
}

func TestPlainHTTPServerOnHTTPSURLIsATLSFailure(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	_, err := get(t, New(Options{}), strings.Replace(srv.URL, "http://", "https://", 1))
	require.Error(t, err)
	assert.Equal(t, KindTLS, KindOf(err))
	assert.Contains(t, err.Error(), "did not answer in TLS")
}

func TestUnreachablePortSaysConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	_, err = get(t, New(Options{Timeout: 5 * time.Second}), "http://"+addr+"/api")
	require.Error(t, err)
	assert.Equal(t, KindRefused, KindOf(err))
	assert.True(t, IsUnreachable(err))
	assert.Equal(t, "GET http://"+addr+"/api: cannot connect to "+addr+
		": connection refused (is the target running, and is the base URL right?)", err.Error())
}

func TestUnknownHostNamesTheHost(t *testing.T) {
	_, err := get(t, New(Options{Timeout: 5 * time.Second}), "https://defender.example.invalid/api")
	require.Error(t, err)
	assert.Equal(t, KindDNS, KindOf(err))
	assert.Contains(t, err.Error(), `cannot resolve host "defender.example.invalid"`)
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	_, err = New(Options{Timeout: 10 * time.Second}).Do(ctx, req)
	require.Error(t, err)
	assert.Equal(t, KindCanceled, KindOf(err))
}

func TestConnectionsAreKeptAlive(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "{}")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	c := New(Options{})
	defer c.Close()
	for range 5 {
		_, err := get(t, c, srv.URL)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), conns.Load())
}

func TestCallerRequestIsNotModified(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	_, err = New(Options{}).Do(context.Background(), req)
	require.NoError(t, err)
	assert.Empty(t, req.Header.Get("User-Agent"))
}
