package sandbox

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// recoverPanics turns a panic into a 500 SCIM error instead of a dropped
// connection; the fuzz test proves no input reaches it.
func (s *Sandbox) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if s.logger != nil {
					s.logger.Error("panic serving request", "method", engine.Clip(r.Method), "path", engine.Clip(r.URL.Path),
						"panic", engine.Detailf("%v", v))
				}
				writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusInternalServerError, "", "internal error")))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logRequests logs method, path, status and duration only: no headers, no
// query, no bodies, so no token can reach the log. Method and path are
// client input: each is clipped to engine.MaxEcho characters.
func (s *Sandbox) logRequests(next http.Handler) http.Handler {
	if s.logger == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", engine.Clip(r.Method)), slog.String("path", engine.Clip(r.URL.Path)),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

// errBodyTooLarge distinguishes a 413 from a broken connection.
var errBodyTooLarge = errors.New("body too large")

// readBody reads at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errBodyTooLarge
	}
	return body, err
}
