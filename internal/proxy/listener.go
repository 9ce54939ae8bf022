package proxy

import (
	"bufio"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"
)

// tlsRecordHandshake is the first byte of a TLS ClientHello record.
const tlsRecordHandshake = 0x16

// Listener is a net.Listener for an http.Server that also takes connections handed to it
// (Inject: the decrypted tunnels of CONNECT) and, given a TLS configuration, serves TLS and
// plain connections on one port, telling them apart by their first byte. Its accept loop and
// the first read of each connection run in goroutines of their own, so a slow client never
// holds up Accept. Close stops it and closes the listener it wraps.
type Listener struct {
	ln      net.Listener
	tls     *tls.Config
	sniff   time.Duration
	conns   chan net.Conn
	done    chan struct{}
	once    sync.Once
	errMu   sync.Mutex
	lastErr error
}

// NewListener wraps ln. With tlsConfig set, a connection whose first byte opens a TLS
// handshake is served as TLS with that configuration; sniff bounds the wait for that byte.
func NewListener(ln net.Listener, tlsConfig *tls.Config, sniff time.Duration) *Listener {
	l := &Listener{ln: ln, tls: tlsConfig, sniff: sniff, conns: make(chan net.Conn), done: make(chan struct{})}
	go l.acceptLoop()
	return l
}

// Accept returns the next connection: accepted, or injected.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		l.errMu.Lock()
		defer l.errMu.Unlock()
		if l.lastErr != nil {
			return nil, l.lastErr
		}
		return nil, net.ErrClosed
	}
}

// Inject hands c to the server as if it had been accepted. It reports false, having closed
// c, when the listener is closed.
func (l *Listener) Inject(c net.Conn) bool {
	select {
	case l.conns <- c:
		return true
	case <-l.done:
		_ = c.Close()
		return false
	}
}

// Close stops accepting and closes the wrapped listener.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.ln.Close()
	})
	return err
}

// Addr returns the wrapped listener's address.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

func (l *Listener) acceptLoop() {
	var backoff time.Duration
	for {
		c, err := l.ln.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				select {
				case <-time.After(backoff):
					continue
				case <-l.done:
					return
				}
			}
			l.errMu.Lock()
			if !errors.Is(err, net.ErrClosed) {
				l.lastErr = err
			}
			l.errMu.Unlock()
			_ = l.Close()
			return
		}
		backoff = 0
		if l.tls == nil {
			l.Inject(c)
			continue
		}
		go l.classify(c)
	}
}

// isTemporary reports whether an accept error is worth retrying (too many open files and
// the like).
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// classify reads c's first byte and injects c as TLS or plain.
func (l *Listener) classify(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(l.sniff))
	br := bufio.NewReaderSize(c, 1)
	first, err := br.Peek(1)
	_ = c.SetReadDeadline(time.Time{})
	if err != nil {
		_ = c.Close()
		return
	}
	pc := &peekedConn{Conn: c, r: br}
	if first[0] == tlsRecordHandshake {
		l.Inject(tls.Server(pc, l.tls))
		return
	}
	l.Inject(pc)
}

// peekedConn is a connection whose first bytes were read ahead into r.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
