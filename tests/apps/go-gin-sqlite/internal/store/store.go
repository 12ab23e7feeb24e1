// Package store keeps the notes in SQLite.
package store

import (
	"context"
	"database/sql"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver, compiled with cgo
)

// Note is one stored note.
type Note struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// Store is the notes database.
type Store struct{ db *sql.DB }

// Open opens (and creates) the database at path; an empty path keeps it in memory.
func Open(path string) (*Store, error) {
	if path == "" {
		path = "file::memory:?cache=shared"
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`); err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// List returns every note.
func (s *Store) List(ctx context.Context) ([]Note, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, text FROM notes ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var notes []Note
	for rows.Next() {
		var note Note
		if err := rows.Scan(&note.ID, &note.Text); err != nil {
			return nil, err
		}
		notes = append(notes, note)
	}
	return notes, rows.Err()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
