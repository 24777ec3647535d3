// Drives `minimax-tts serve` with the official OpenAI Node SDK (the `openai` package,
// found through NODE_PATH). argv: BASE_URL API_KEY OUT TEXT; prints one JSON object.
const fs = require("fs");
const { OpenAI } = require("openai");

async function main() {
  const [baseURL, apiKey, out, text] = process.argv.slice(2);
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });
  const response = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: text });
  const audio = Buffer.from(await response.arrayBuffer());
  fs.writeFileSync(out, audio);
  const models = await client.models.list();
  let refused = null;
  try {
    await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "x".repeat(60000) });
  } catch (e) {
    refused = { status: e.status, param: e.param ?? null };
  }
  console.log(JSON.stringify({
    content_type: response.headers.get("content-type"),
    bytes: audio.length,
    models: models.data.map((m) => m.id),
    refused,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
