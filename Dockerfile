# syntax=docker/dockerfile:1
# citebot: one static binary with its corpus built in, run as a non-root user on a distroless base.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t citebot .
#   docker run --rm --read-only --cap-drop ALL --security-opt no-new-privileges \
#     --tmpfs /tmp -p 8080:8080 -v citebot-data:/data citebot

FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/citebot ./cmd/citebot
# The corpus also goes to /seeds (documents, platform catalog, titles and glossary), so a volume mounted there replaces it;
# /data is created here because the final image has no shell to make it.
RUN mkdir -p /out/seeds /out/data \
    && cp seeds/*.txt seeds/*.json /out/seeds/ \
    && (cp seeds/*.md /out/seeds/ 2>/dev/null || true)

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/citebot /citebot
COPY --from=build --chown=65532:65532 /out/seeds /seeds
COPY --from=build --chown=65532:65532 /out/data /data
ENV CITEBOT_HTTP_ADDR=0.0.0.0:8080 \
    CITEBOT_PUBLIC_URL=http://localhost:8080 \
    CITEBOT_DATA_DIR=/data \
    CITEBOT_SEEDS_DIR=/seeds
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/citebot", "healthcheck"]
ENTRYPOINT ["/citebot"]
CMD ["serve"]
