"""Drives `minimax-tts serve` with the official OpenAI Python client.

argv: BASE_URL API_KEY MODE ...; prints one JSON object.
  stream OUT VOICE FORMAT TEXT   streams the speech into OUT, timing the chunks
  error VOICE TEXT [FORMAT]      expects an API error, prints its status and body
  speed VOICE SPEED TEXT         a non-streamed request at SPEED: its status, the speed
                                 header, and the audio's length
"""
import json
import sys
import time

import openai


def main():
    base_url, api_key, mode, *rest = sys.argv[1:]
    client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=60)
    if mode == "stream":
        out, voice, fmt, text = rest
        chunks, first, sizes = 0, None, []
        started = time.monotonic()
        with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice=voice, input=text, response_format=fmt
        ) as response:
            content_type = response.headers.get("content-type")
            with open(out, "wb") as f:
                for chunk in response.iter_bytes():
                    if first is None:
                        first = time.monotonic()
                    chunks += 1
                    sizes.append(len(chunk))
                    f.write(chunk)
        ended = time.monotonic()
        print(json.dumps({
            "chunks": chunks,
            "sizes": sizes,
            "content_type": content_type,
            "first_ms": (first - started) * 1000 if first else None,
            "first_to_end_ms": (ended - first) * 1000 if first else None,
        }))
    elif mode == "error":
        voice, text, *fmt = rest
        try:
            client.audio.speech.create(
                model="tts-1", voice=voice, input=text, response_format=fmt[0] if fmt else "mp3"
            )
        except openai.APIStatusError as e:
            print(json.dumps({"class": type(e).__name__, "status": e.status_code, "body": e.body}))
            return
        print(json.dumps({"class": None}))
    elif mode == "speed":
        voice, speed, text = rest
        try:
            response = client.audio.speech.with_raw_response.create(
                model="tts-1", voice=voice, input=text, speed=float(speed)
            )
        except openai.APIStatusError as e:
            print(json.dumps({"class": type(e).__name__, "status": e.status_code, "body": e.body}))
            return
        print(json.dumps({
            "status": response.status_code,
            "speed_applied": response.headers.get("x-speed-applied"),
            "bytes": len(response.content),
        }))
    else:
        raise SystemExit(f"unknown mode {mode}")


main()
