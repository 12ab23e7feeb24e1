// Package credentials stands in for the vendored github.com/aws/aws-sdk-go-v2/credentials in scaffold's
// tests: a package folder named credentials, which the generated .dockerignore must not leave out of
// the build context. The real module cannot be downloaded where the tests run.
package credentials

import (
	"context"
	"errors"
)

// StaticCredentialsProvider hands out fixed credentials.
type StaticCredentialsProvider struct{ key, secret string }

// NewStaticCredentialsProvider returns a provider for the key and secret.
func NewStaticCredentialsProvider(key, secret, _ string) StaticCredentialsProvider {
	return StaticCredentialsProvider{key: key, secret: secret}
}

// Retrieve returns an error when no key is set.
func (p StaticCredentialsProvider) Retrieve(_ context.Context) (string, error) {
	if p.key == "" {
		return "", errors.New("no credentials")
	}
	return p.key, nil
}
