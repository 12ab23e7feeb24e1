module example.com/go-worker

go 1.19
