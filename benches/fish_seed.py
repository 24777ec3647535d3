"""The approach of Fish Audio's own WebSocket example (websockets + ormsgpack, audio piped
into mpv), pointed at the bench's Fish fake, to compare time to first sound with
`minimax-tts speak --provider fish`. Changes from the example, each needed to run here:
the URL and key are arguments, the `model` header is sent (the fake refuses requests
without it), the format is mp3 (as minimax-tts's default), and mpv writes its output to
a file (`--ao=pcm`) instead of a sound card, so the first sample it outputs can be seen.

usage: python3 fish_seed.py WS_URL API_KEY PCM_OUT
"""

import asyncio
import subprocess
import sys

import ormsgpack
import websockets


async def stream_audio(audio_stream, pcm_out):
    mpv_process = subprocess.Popen(
        ["mpv", "--no-cache", "--no-terminal", "--no-config", "--ao=pcm",
         f"--ao-pcm-file={pcm_out}", "--", "fd://0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    async for chunk in audio_stream:
        if chunk:
            mpv_process.stdin.write(chunk)
            mpv_process.stdin.flush()
    if mpv_process.stdin:
        mpv_process.stdin.close()
    mpv_process.wait()


async def text_to_speech_stream(uri, key, pcm_out, texts):
    async with websockets.connect(
        uri, additional_headers={"Authorization": f"Bearer {key}", "model": "s2.1-pro-free"}
    ) as websocket:
        await websocket.send(ormsgpack.packb({
            "event": "start",
            "request": {"text": "", "latency": "normal", "format": "mp3"},
        }))

        async def listen():
            while True:
                try:
                    message = await websocket.recv()
                    data = ormsgpack.unpackb(message)
                    if data["event"] == "audio":
                        yield data["audio"]
                    if data["event"] == "finish":
                        break
                except websockets.exceptions.ConnectionClosed:
                    break

        listen_task = asyncio.create_task(stream_audio(listen(), pcm_out))
        for text in texts:
            await websocket.send(ormsgpack.packb({"event": "text", "text": text}))
        await websocket.send(ormsgpack.packb({"event": "stop"}))
        await listen_task


if __name__ == "__main__":
    asyncio.run(text_to_speech_stream(sys.argv[1], sys.argv[2], sys.argv[3], ["Hello there. "]))
