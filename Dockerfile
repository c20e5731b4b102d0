# weaklink as a container image: a multi-stage Debian 12 build.
#
#   make image                                   (docker or podman, whichever works)
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/src" weaklink scan .
#
# Run it as the owner of the mounted checkout (--user): libgit2 refuses a
# repository owned by another user, as git does.
#
# Base image: debian:bookworm-slim pinned by the digest of its multi-arch
# index. The default below is the one Renovate pinned in
# cloudnative-pg/postgres-containers PR 219 (docker-bake.hcl); this machine
# cannot reach a registry to re-check it. Review and bump it like any pin:
#   docker buildx imagetools inspect debian:bookworm-slim
#   docker build --build-arg DEBIAN_IMAGE=debian:bookworm-slim@sha256:<new> .
ARG DEBIAN_IMAGE=debian:bookworm-slim@sha256:e5865e6858dacc255bead044a7f2d0ad8c362433cfaa5acefb670c1edf54dfef

FROM ${DEBIAN_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
# Build packages only: no clang, cmocka, bandit or SARIF tooling. npm fetches
# the tree-sitter grammars pinned by package-lock.json (npm ci --ignore-scripts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential pkg-config ca-certificates nodejs npm \
      libgit2-dev libpcre2-dev libcjson-dev libtree-sitter-dev \
      zlib1g-dev liblzma-dev libbz2-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY . .
# `make weaklink` installs the pinned grammars itself (scripts/deps.sh npm)
# when node_modules is missing; .dockerignore keeps the host's out.
RUN make -j"$(nproc)" weaklink \
 && install -m 0755 weaklink /usr/local/bin/weaklink \
 && install -D -m 0755 scripts/pre-commit-hook.sh /usr/local/libexec/weaklink/pre-commit-hook.sh \
 && install -D -m 0755 gitlab/weaklink-job.sh /usr/local/libexec/weaklink/weaklink-job.sh

FROM ${DEBIAN_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
# Runtime libraries only (Debian 12 names).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgit2-1.5 libpcre2-8-0 libcjson1 libtree-sitter0 \
      zlib1g liblzma5 libbz2-1.0 libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin weaklink
COPY --from=build /usr/local/bin/weaklink /usr/local/bin/weaklink
COPY --from=build /usr/local/libexec/weaklink/ /usr/local/libexec/weaklink/
USER 10001:10001
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/weaklink"]
CMD ["help"]
