FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
USER 65534:65534
HEALTHCHECK CMD ["/app", "-healthcheck"]
ENTRYPOINT ["/app"]
