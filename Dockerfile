# volsync-gen container image: for `kpt fn eval --image`, kpt pipelines (Kptfile `image:`) and
# containerized kustomize functions (config.kubernetes.io/function: container.image).
#
#   docker build -t volsync-gen:0.1.0 .
#   kpt fn eval ./pkg --image volsync-gen:0.1.0 --fn-config volsync.yaml
#
# Build stage: Debian 12 with the build packages of .ci/install-deps, then `make static` (the
# Makefile target: CMake with -DVG_STATIC=ON -DVG_TESTS=OFF, linking libyaml-cpp.a and libyaml.a
# and a static libc). Runtime stage: distroless/static, which holds only CA certificates, tzdata
# and /etc/passwd (for USER nobody); the binary needs no other file. See docs/install.md.

FROM debian:12 AS build
# Same package names as .ci/install-deps (its build subset; tests/e2e/packaging.sh checks that).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates g++ cmake make pkg-config libyaml-cpp-dev libcxxopts-dev libyaml-dev libre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt Makefile ./
COPY cmake/ cmake/
COPY generator/ generator/
COPY templates/ templates/
COPY schemas/ schemas/
RUN make static STATIC_BUILD=/build \
 && strip /build/volsync-gen \
 && /build/volsync-gen --version

FROM gcr.io/distroless/static-debian12
COPY --from=build /build/volsync-gen /usr/local/bin/volsync-gen
# nobody:nogroup (numeric, so no passwd lookup is needed); kpt runs functions as nobody as well.
USER 65534:65534
ENTRYPOINT ["/usr/local/bin/volsync-gen"]
