// Package health gives every service of the shop the same health route.
package health

import "net/http"

// Register adds GET /readyz to mux.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
}
