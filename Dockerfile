# syntax=docker/dockerfile:1
#
# A small static image of scimharness: one binary (the features, fixtures
# and attribute profile are embedded in it) plus the CA certificates it
# needs to verify an HTTPS target, on distroless/static (no shell, no libc),
# running as an unprivileged user.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t scimharness .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" \
#     -e SCIM_BASE_URL -e SCIM_TOKEN -e CANTARA_ADMIN_URL -e CANTARA_ADMIN_TOKEN \
#     scimharness run --expect conformance-expectations.yml
#
# /work is the working directory, so reports land in ./reports/out of the
# mounted directory; --user lets the container write there as you.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# CGO off: a static binary that needs no libc; -buildvcs=false because
# .git is not in the build context (VERSION says what was built).
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/scimharness ./cmd/scimharness

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/scimharness /usr/local/bin/scimharness
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/scimharness"]
CMD ["run"]
