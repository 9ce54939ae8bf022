package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// prismStartTimeout bounds how long Prism may take to serve its first answer.
const prismStartTimeout = 90 * time.Second

// prismServer is a Prism mock this bench started.
type prismServer struct {
	URL string
	cmd *exec.Cmd
	log *bytes.Buffer
}

// startPrism serves spec/isolate.openapi.yaml with dir's @stoplight/prism-cli on a free
// loopback port. It returns a reason and no error when Prism is not installed.
func startPrism(ctx context.Context, dir string) (*prismServer, string, error) {
	bin := filepath.Join(dir, "node_modules", ".bin", "prism")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Sprintf("not installed (%s missing): npm ci --prefix %s", bin, dir), nil
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, "node is not on PATH", nil
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	var log bytes.Buffer
	cmd := exec.Command(bin, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "spec/isolate.openapi.yaml")
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // stop takes its children along
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("bench: start Prism: %w", err)
	}
	p := &prismServer{URL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, log: &log}
	if err := p.waitReady(ctx); err != nil {
		p.stop()
		return nil, "", fmt.Errorf("%w\n%s", err, log.String())
	}
	return p, "", nil
}

// waitReady polls until Prism answers an isolate.
func (p *prismServer) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(prismStartTimeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if status := exchange(ctx, client, p.URL+"/api/machines/"+machineIDs(1)[0]+"/isolate", "ready", isolateBody); status != 0 {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return errors.New("bench: Prism did not answer within " + prismStartTimeout.String())
}

// stop ends the Prism process group this bench started, and waits for it.
func (p *prismServer) stop() {
	if p.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

// freePort returns a loopback port free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
