// Command api serves the bookmarks API.
package main

import (
	"log"

	"github.com/example/bookmarks/internal/server"
)

func main() {
	if err := server.Run(); err != nil {
		log.Fatal(err)
	}
}
