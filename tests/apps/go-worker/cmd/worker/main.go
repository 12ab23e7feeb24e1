// A small queue worker with no port and only the standard library: the reference for the Go worker
// variants, built from ./cmd/worker.
//
// It does a unit of work every second and on SIGTERM (the Dockerfile's STOPSIGNAL) finishes the current
// one and exits 0.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	jobs := 0
	for {
		select {
		case <-ctx.Done():
			log.Printf("stop signal received after %d jobs", jobs)
			log.Print("go worker stopped")
			return
		case <-ticker.C:
			jobs++
			if jobs%30 == 1 {
				log.Printf("processed %d jobs", jobs)
			}
		}
	}
}
