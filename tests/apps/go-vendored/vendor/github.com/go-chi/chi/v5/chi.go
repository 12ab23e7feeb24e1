// Package chi stands in for the vendored github.com/go-chi/chi/v5 in scaffold's tests, which read the
// vendor/ layout (modules.txt, a folder per module), never this code: the real module cannot be
// downloaded where they run.
package chi

import "net/http"

// Mux is a router.
type Mux struct{ http.ServeMux }

// NewRouter returns a router.
func NewRouter() *Mux { return &Mux{} }

// Get routes GET requests for pattern to handler.
func (m *Mux) Get(pattern string, handler http.HandlerFunc) { m.HandleFunc("GET "+pattern, handler) }

// Put routes PUT requests for pattern to handler.
func (m *Mux) Put(pattern string, handler http.HandlerFunc) { m.HandleFunc("PUT "+pattern, handler) }
