// Any OpenAI client works against the gateway: point its base URL at it.
// Run from conformance/ (where the openai package is installed): node ../examples/clients/openai-node.mjs
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.GW ?? "http://localhost:8080/v1", apiKey: "unused" });

const answer = await client.chat.completions.create({
  model: "sim-mini",
  messages: [{ role: "user", content: "Say hello" }],
});
console.log(answer.choices[0].message.content);

const stream = await client.chat.completions.create({
  model: "sim-large",
  models: ["sim-large", "sim-mini"], // per-request fallbacks (OpenRouter form)
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: "user", content: "Stream a short answer" }],
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  if (chunk.usage) console.log("\nusage:", chunk.usage);
}
