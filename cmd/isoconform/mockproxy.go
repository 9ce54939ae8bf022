package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/internal/mock"
)

// proxyOptions are the flags of `isoconform mock` that let unmodified clients in: the
// forward proxy, direct HTTPS and where the CA certificate goes.
type proxyOptions struct {
	proxy  bool
	tls    bool
	caCert string
}

func (o *proxyOptions) register(fs *pflag.FlagSet) {
	fs.BoolVar(&o.proxy, "proxy", false, "also act as an HTTP forward proxy that answers, as the mock, for the Microsoft sign-in and API hosts (other hosts: 403, never contacted); needs --ca-cert")
	fs.BoolVar(&o.tls, "tls", false, "also serve HTTPS on --addr (same port as HTTP); needs --ca-cert")
	fs.StringVar(&o.caCert, "ca-cert", "", "write the PEM certificate of the CA the mock makes at start (for --proxy and --tls) to this file")
}

// check reports a flag mistake.
func (o *proxyOptions) check() error {
	switch {
	case (o.proxy || o.tls) && o.caCert == "":
		return usagef("--proxy and --tls need --ca-cert FILE: clients must trust the CA the mock makes at start")
	case o.caCert != "" && !o.proxy && !o.tls:
		return usagef("--ca-cert is only written with --proxy or --tls")
	}
	return nil
}

// writeCA writes the CA certificate (never its key) to --ca-cert.
func (o *proxyOptions) writeCA(pemBytes []byte) error {
	if o.caCert == "" {
		return nil
	}
	if err := os.WriteFile(o.caCert, pemBytes, 0o644); err != nil {
		return fmt.Errorf("--ca-cert: %w", err)
	}
	return nil
}

// printBanner tells how to point an unmodified client at the mock.
func (o *proxyOptions) printBanner(w io.Writer, running *mock.Running) {
	if !o.proxy && !o.tls {
		return
	}
	root := running.URL
	if o.tls {
		fmt.Fprintf(w, "  https:        %s (same port; certificate for localhost and 127.0.0.1)\n", strings.Replace(root, "http://", "https://", 1))
	}
	if o.proxy {
		hosts := running.Server.ProxyHosts()
		fmt.Fprintf(w, "  proxy:        %s answers CONNECT (port 443) and plain proxy requests for %d Microsoft hosts itself:\n", root, len(hosts))
		fmt.Fprintf(w, "                %s\n", strings.Join(hosts, " "))
		fmt.Fprintln(w, "                any other host gets 403, is recorded, and is never contacted")
	}
	fmt.Fprintf(w, "  CA:           %s (made at start, valid for this process only); trust it with\n", o.caCert)
	fmt.Fprintf(w, "                Python requests: REQUESTS_CA_BUNDLE=%s   OpenSSL, curl, Go on Linux: SSL_CERT_FILE=%s\n", o.caCert, o.caCert)
	fmt.Fprintf(w, "                Node.js: NODE_EXTRA_CA_CERTS=%s   newman: newman run COLLECTION --ssl-extra-ca-certs %s\n", o.caCert, o.caCert)
	if o.proxy {
		fmt.Fprintf(w, "  e.g.          HTTPS_PROXY=%s HTTP_PROXY=%s REQUESTS_CA_BUNDLE=%s your-integration\n", root, root, o.caCert)
		fmt.Fprintf(w, "  sign in:      tenant %s; client credentials per application: see --print-tokens\n", running.Server.TenantID())
	}
}
