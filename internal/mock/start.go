package mock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of a started server.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

// Running is a started mock.
type Running struct {
	// URL is the server's root, e.g. http://127.0.0.1:PORT; add a profile's BasePath.
	URL string
	// Server is the mock being served.
	Server *Server
	// CACertPEM is the PEM certificate of the CA that signs the mock's TLS certificates when
	// Options.Proxy or Options.TLS is set (nil otherwise): what a client must trust.
	CACertPEM []byte

	http      *http.Server
	conns     *limitListener
	done      chan error    // the result of Serve
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
}

// Start builds a Server with opts and serves it on addr (e.g. "127.0.0.1:0" for a free
// port) until Close or until ctx ends. An address that is not loopback is refused unless
// opts.AllowNonLoopback is set.
func Start(ctx context.Context, opts Options, addr string) (*Running, error) {
	if !opts.AllowNonLoopback {
		if err := checkLoopback(addr); err != nil {
			return nil, err
		}
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mock: listen %s: %w", addr, err)
	}
	s.listening(ln.Addr().String())
	conns := newLimitListener(ln, s.opts.MaxConnections) // outermost: TLS handshakes count too
	f, err := s.newFront(conns, s.Handler())
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	hs := &http.Server{
		Handler:           f.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	r := &Running{URL: "http://" + ln.Addr().String(), Server: s, http: hs, conns: conns, done: make(chan error, 1), closing: make(chan struct{})}
	if f.ca != nil {
		r.CACertPEM = f.ca.CertPEM()
	}
	go func() {
		err := hs.Serve(f.listener)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	go func() {
		select {
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = hs.Shutdown(shutdown)
		case <-r.closing:
		}
	}()
	return r, nil
}

// Close shuts the server down gracefully: it stops accepting, waits for requests in flight
// until ctx ends, then closes what is left. Later calls return the first call's result.
func (r *Running) Close(ctx context.Context) error {
	r.closeOnce.Do(func() {
		close(r.closing)
		err := r.http.Shutdown(ctx)
		if err != nil {
			_ = r.http.Close()
		}
		if serveErr := <-r.done; serveErr != nil && err == nil {
			err = serveErr
		}
		r.closeErr = err
	})
	return r.closeErr
}

// checkLoopback refuses an address whose host is not a loopback IP or localhost.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("mock: address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("mock: refusing to listen on %q: not a loopback address (set AllowNonLoopback)", addr)
	}
	return nil
}
