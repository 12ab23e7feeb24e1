// Package server routes the bookmarks API with chi and keeps the bookmarks in SQLite through
// modernc.org/sqlite, a translation of SQLite to Go: no cgo, so the binary stays static.
package server

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Run opens the database and serves until the listener fails.
func Run() error {
	db, err := sql.Open("sqlite", "file:/tmp/bookmarks.db")
	if err != nil {
		return err
	}
	defer db.Close()

	r := chi.NewRouter()
	r.Use(middleware.Logger)
	r.Get("/livez", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	r.Get("/bookmarks", func(w http.ResponseWriter, req *http.Request) {
		rows, err := db.QueryContext(req.Context(), `SELECT url FROM bookmarks`)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		var urls []string
		for rows.Next() {
			var url string
			if rows.Scan(&url) == nil {
				urls = append(urls, url)
			}
		}
		_ = json.NewEncoder(w).Encode(urls)
	})

	addr := ":3000"
	if port, ok := os.LookupEnv("PORT"); ok {
		addr = ":" + port
	}
	server := &http.Server{Addr: addr, Handler: r, ReadHeaderTimeout: 5 * time.Second}
	return server.ListenAndServe()
}
