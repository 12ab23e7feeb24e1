// Command notes serves a small notes API with Gin, stored in SQLite through mattn/go-sqlite3 (cgo).
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"github.com/example/notes/internal/store"
)

func main() {
	notes, err := store.Open(os.Getenv("NOTES_DB"))
	if err != nil {
		log.Fatalf("open store: %v", err)
	}
	defer notes.Close()

	router := gin.Default()
	router.GET("/healthz", func(c *gin.Context) {
		c.String(http.StatusOK, "ok")
	})
	router.GET("/notes", func(c *gin.Context) {
		all, err := notes.List(c.Request.Context())
		if err != nil {
			c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusOK, all)
	})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := router.Run(":" + port); err != nil {
		log.Fatal(err)
	}
}
