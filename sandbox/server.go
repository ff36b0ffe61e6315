package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a sandbox listening on a real socket, like httptest.Server.
type Server struct {
	URL     string // http://host:port, no trailing slash
	sandbox *Sandbox
	srv     *http.Server
	done    chan error

	closeOnce sync.Once
	closeErr  error
}

// Start builds a sandbox and serves it on addr ("" → 127.0.0.1:0).
func Start(opts Options, addr string) (*Server, error) {
	sb, err := New(opts)
	if err != nil {
		return nil, err
	}
	return Serve(sb, addr)
}

// Serve serves an existing sandbox on addr ("" → 127.0.0.1:0).
func Serve(sb *Sandbox, addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	s := &Server{
		URL:     "http://" + ln.Addr().String(),
		sandbox: sb,
		srv: &http.Server{
			Handler:           sb.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       120 * time.Second,
		},
		done: make(chan error, 1),
	}
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// Sandbox is the served sandbox, for creating tenants and tokens in-process.
func (s *Server) Sandbox() *Sandbox { return s.sandbox }

// TenantURL is the SCIM base of a tenant on this server.
func (s *Server) TenantURL(tenantID string) string { return s.URL + "/scim/v2/" + tenantID }

// AdminURL is the admin API base on this server.
func (s *Server) AdminURL() string { return s.URL + adminPrefix }

// Close shuts down gracefully, waiting up to 5 seconds for requests in flight.
func (s *Server) Close() error {
	return s.Shutdown(5 * time.Second)
}

// Shutdown stops accepting connections and waits up to grace for requests
// in flight. Later calls return the first call's result.
func (s *Server) Shutdown(grace time.Duration) error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		s.closeErr = s.srv.Shutdown(ctx)
		if serveErr := <-s.done; s.closeErr == nil {
			s.closeErr = serveErr
		}
	})
	return s.closeErr
}
