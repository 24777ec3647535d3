# syntax=docker/dockerfile:1
# minimax-tts in a container: the static build without audio device support (files and
# stdout), alone in an empty image (about 10.4 MB). Build and run:
#
#   docker build -t minimax-tts .
#   docker run --rm -e MINIMAX_API_KEY -v "$PWD:/work" minimax-tts batch lines.jsonl --out-dir audio
#
# The cache lives in /work/.cache/minimax-tts unless MINIMAX_TTS_CACHE_DIR says otherwise.

FROM rust:1.95-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools file \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rustup target add "$(uname -m)-unknown-linux-musl" \
    && cp "$(scripts/build-static | tail -n 1)" /minimax-tts \
    && mkdir -p /work

FROM scratch
COPY --from=build /minimax-tts /minimax-tts
COPY --from=build --chown=65534:65534 /work /work
# Nobody, in the mounted working directory (which is also HOME: config and cache).
USER 65534:65534
WORKDIR /work
ENV HOME=/work
ENTRYPOINT ["/minimax-tts"]
CMD ["--help"]
