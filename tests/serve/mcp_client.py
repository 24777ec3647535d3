"""Drives `minimax-tts mcp` with the official MCP Python SDK over stdio.

argv: BINARY OUT_DIR OUTPUT_NAME. The environment (key, fake host, HOME) is passed on to the
server. Between steps it prints one JSON line and waits for a line on stdin, so the
test can change the fake in between.
"""
import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def step(name, value):
    print(json.dumps({"step": name, "value": value}), flush=True)
    sys.stdin.readline()


def result(res):
    text = "".join(c.text for c in res.content if getattr(c, "type", "") == "text")
    return {"is_error": bool(res.is_error), "structured": res.structured_content, "text": text}


async def main():
    binary, out_dir, output = sys.argv[1], sys.argv[2], sys.argv[3]
    params = StdioServerParameters(command=binary, args=["mcp", "--out-dir", out_dir], env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            step("initialize", {"name": init.server_info.name, "version": init.server_info.version})
            tools = await session.list_tools()
            step("tools", {t.name: sorted((t.input_schema.get("properties") or {}).keys()) for t in tools.tools})
            spoken = await session.call_tool(
                "speak", {"text": "Hello from the agent.", "output": output, "play": True}
            )
            step("speak", result(spoken))
            again = await session.call_tool(
                "speak", {"text": "Hello from the agent.", "output": output + ".again.mp3", "play": False}
            )
            step("cached", result(again))
            # Other settings: a new session, which the changed key cannot open.
            refused = await session.call_tool("speak", {"text": "This key is refused.", "speed": 1.2, "play": True})
            step("refused", result(refused))
            bad = await session.call_tool("speak", {"text": "Too fast.", "speed": 9, "play": False, "output": output + ".x.mp3"})
            step("bad", result(bad))
            opus = await session.call_tool("speak", {"text": "In Opus.", "provider": "minimax", "play": False, "output": output + ".opus"})
            step("opus", result(opus))
            alive = await session.call_tool(
                "speak", {"text": "Still here.", "output": output + ".alive.wav", "play": False}
            )
            step("alive", result(alive))
            background = await session.call_tool(
                "speak", {"text": "Said in the background.", "output": output + ".bg.mp3", "wait": False}
            )
            step("background", result(background))
            voices = await session.call_tool("voices", {"filter": "narrator"})
            step("voices", result(voices))
            stopped = await session.call_tool("stop", {})
            step("stop", result(stopped))
            # What an agent steered by what it read might ask: each is a tool error.
            hostile = {}
            for name in ["/proc/self/fd/1", "/dev/fd/1", "../escape.mp3", "sub/../../escape.mp3",
                         ".profile", "Makefile", "notes.mp3", "link.mp3"]:
                res = await session.call_tool("speak", {"text": "Hostile.", "output": name, "play": False})
                hostile[name] = result(res)
            res = await session.call_tool("speak", {"text": "x" * 3_000_000, "output": "long.mp3", "play": False})
            hostile["3,000,000 characters"] = result(res)
            step("hostile", hostile)
            after = await session.call_tool("speak", {"text": "Still sane.", "output": "sane.mp3", "play": False})
            step("after", result(after))


asyncio.run(main())
