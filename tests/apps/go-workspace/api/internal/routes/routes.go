// Package routes maps the API's paths to their handlers.
package routes

import (
	"fmt"
	"net/http"

	"example.com/shop/shared/health"
)

// New returns the API's handler.
func New() http.Handler {
	mux := http.NewServeMux()
	health.Register(mux)
	mux.HandleFunc("GET /products", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "[]")
	})
	return mux
}
