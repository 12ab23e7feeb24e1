module github.com/example/uploads

go 1.22

require (
	github.com/aws/aws-sdk-go-v2/credentials v1.17.18
	github.com/go-chi/chi/v5 v5.0.12
)
