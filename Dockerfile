# syntax=docker/dockerfile:1
#
# kgrag in a container: a static binary (CGO_ENABLED=0) on a distroless
# base, run as the non-root user 65532. The data directory is /data (a
# volume); the GraphQL API listens on 0.0.0.0:8080, so API keys
# (KGRAG_API_KEYS) are required: kgrag refuses to serve an open API on a
# non-loopback address.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t kgrag .
#   docker run -p 8080:8080 -v kgrag-data:/data -e KGRAG_API_KEYS=... kgrag
#
# (Not built on the machine this was written on: it has no Docker engine.
# The build step below was run there as is, outside a container.)

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# The version is passed in: .git is not in the build context (.dockerignore),
# so Go cannot stamp the VCS revision itself.
ARG VERSION=""
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=${VERSION}" -o /out/kgrag ./cmd/kgrag \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kgrag /usr/local/bin/kgrag
COPY --from=build --chown=65532:65532 /out/data /data
ENV KGRAG_DATA=/data \
    KGRAG_ADDR=0.0.0.0:8080
USER 65532:65532
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/kgrag"]
CMD ["serve"]
