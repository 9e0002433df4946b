#!/usr/bin/env node
// Talks to the gateway's Responses API and legacy completions with the official OpenAI SDK, as an agent or an older
// application would, and checks that every answer parses the way the SDK expects: responses.create (plain and
// streamed), the SDK's responses.stream() helper, a tool call answered with its output through previous_response_id,
// responses.retrieve and responses.delete, completions.create (plain and streamed), and errors.
// Prints one line per check; exits 1 on the first failure, 2 on bad arguments.
//
//   node conformance/openai-sdk-responses.mjs http://127.0.0.1:8080/v1 --model MODEL
//
// MODEL must answer with text, and with a call of get_weather when the request offers tools.

import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const USAGE = 'usage: node openai-sdk-responses.mjs BASE_URL --model MODEL';

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { baseURL: null, model: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--model') {
      if (i + 1 >= argv.length) usageError('--model needs a value');
      opts.model = argv[++i];
    } else if (a.startsWith('--')) usageError(`unknown option ${a}`);
    else if (opts.baseURL === null) opts.baseURL = a;
    else usageError(`unexpected argument ${a}`);
  }
  if (!opts.baseURL || !/^https?:\/\//.test(opts.baseURL)) usageError('BASE_URL (http://HOST:PORT/v1) is required');
  if (!opts.model) usageError('--model is required');
  return opts;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const show = (value) => {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

const opts = parseArgs(process.argv.slice(2));
const client = new OpenAI({ baseURL: opts.baseURL, apiKey: 'sk-conformance-any-key', maxRetries: 0, timeout: 30_000 });
const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
    additionalProperties: false,
  },
  strict: true,
};

function checkResponse(r, where) {
  expect(r.object === 'response', `${where}: object should be 'response', got ${show(r.object)}`);
  expect(typeof r.id === 'string' && r.id.startsWith('resp_'), `${where}: id should start with resp_: ${show(r.id)}`);
  expect(r.status === 'completed', `${where}: status should be 'completed', got ${show(r.status)}`);
  expect(Number.isInteger(r.usage?.input_tokens) && Number.isInteger(r.usage?.output_tokens),
    `${where}: usage should count input and output tokens, got ${show(r.usage)}`);
}

async function expectError(what, type, call) {
  let result;
  try {
    result = await call();
  } catch (e) {
    expect(e instanceof type, `${what}: expected the SDK's ${type.name}, got ${e?.constructor?.name} `
      + `(status ${e?.status}): ${e?.message}`);
    return `${type.name} ${e.status} (${e.error?.message ?? e.message})`;
  }
  throw new Error(`${what}: expected ${type.name}, but the call succeeded: ${show(result)}`);
}

let kept;

const checks = [
  ['responses.create() answers with output_text and usage', async () => {
    const r = await client.responses.create({ model: opts.model, instructions: 'Be brief.', input: 'Say hello.' });
    checkResponse(r, 'response');
    expect(typeof r.output_text === 'string' && r.output_text.length > 0,
      `output_text should be the answer's text, got ${show(r.output_text)}`);
    kept = r;
    return show(r.output_text);
  }],

  ['responses.create({stream: true}) streams numbered events from response.created to response.completed',
    async () => {
      const stream = await client.responses.create({ model: opts.model, input: 'Say hello.', stream: true });
      const types = [];
      let text = '';
      let last = -1;
      let completed;
      for await (const event of stream) {
        types.push(event.type);
        expect(event.sequence_number === last + 1, `sequence_number ${event.sequence_number} after ${last}`);
        last = event.sequence_number;
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') completed = event.response;
      }
      expect(types[0] === 'response.created', `the first event should be response.created: ${show(types)}`);
      expect(types.at(-1) === 'response.completed', `the last event should be response.completed: ${show(types)}`);
      checkResponse(completed, 'response.completed');
      expect(text.length > 0 && completed.output[0].content[0].text === text,
        `the deltas (${show(text)}) should add up to the completed text ${show(completed.output)}`);
      return `${types.length} events`;
    }],

  ['responses.stream() assembles the final response', async () => {
    const runner = client.responses.stream({ model: opts.model, input: 'Say hello.' });
    const final = await runner.finalResponse();
    checkResponse(final, 'finalResponse()');
    // the helper adds output_text only when it parses a structured format: read the assembled message
    const text = final.output.find((item) => item.type === 'message')?.content?.[0]?.text;
    expect(typeof text === 'string' && text.length > 0, `finalResponse() has no message text: ${show(final)}`);
    return show(text);
  }],

  ['a function_call answered with function_call_output through previous_response_id', async () => {
    const first = await client.responses.create({ model: opts.model, input: 'Weather in Paris?', tools: [weatherTool] });
    checkResponse(first, 'the tool call');
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call && call.name === 'get_weather' && typeof call.call_id === 'string',
      `expected a function_call of get_weather, got ${show(first.output)}`);
    const args = JSON.parse(call.arguments);
    expect(args && typeof args === 'object', `arguments should be a JSON object: ${show(call.arguments)}`);
    const second = await client.responses.create({
      model: opts.model,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ sky: 'clear' }) }],
    });
    checkResponse(second, 'the answer to the tool output');
    expect(second.previous_response_id === first.id,
      `previous_response_id should be ${first.id}, got ${show(second.previous_response_id)}`);
    return `${call.name}(${call.arguments}) then ${second.output[0]?.type}`;
  }],

  ['responses.retrieve() returns a stored response, responses.delete() removes it', async () => {
    const read = await client.responses.retrieve(kept.id);
    expect(read.id === kept.id && read.output_text === kept.output_text,
      `retrieve should return ${kept.id}, got ${show(read)}`);
    await client.responses.delete(kept.id);
    return expectError('retrieve after delete', OpenAI.NotFoundError, () => client.responses.retrieve(kept.id));
  }],

  ['a response with a bad input raises BadRequestError', () =>
    expectError('input as a number', OpenAI.BadRequestError,
      () => client.responses.create({ model: opts.model, input: 42 }))],

  ['completions.create() answers with a text_completion', async () => {
    const r = await client.completions.create({ model: opts.model, prompt: 'Once upon a time', max_tokens: 20 });
    expect(r.object === 'text_completion', `object should be 'text_completion', got ${show(r.object)}`);
    expect(typeof r.choices?.[0]?.text === 'string' && r.choices[0].text.length > 0,
      `choices[0].text should be the answer, got ${show(r.choices)}`);
    expect(Number.isInteger(r.usage?.prompt_tokens), `no usage.prompt_tokens: ${show(r.usage)}`);
    return show(r.choices[0].text);
  }],

  ['completions.create({stream: true}) streams text_completion chunks', async () => {
    const stream = await client.completions.create({ model: opts.model, prompt: 'Once upon a time', stream: true });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      expect(chunk.object === 'text_completion', `chunk object should be 'text_completion': ${show(chunk)}`);
      text += chunk.choices[0]?.text ?? '';
      chunks++;
    }
    expect(text.length > 0, `the chunks carry no text (${chunks} chunks)`);
    return `${chunks} chunks, ${show(text)}`;
  }],
];

console.log(`openai ${VERSION} (Node ${process.version}) against ${opts.baseURL}`);
for (const [name, check] of checks) {
  try {
    const detail = await check();
    console.log(`ok   ${name}${detail ? ` -- ${detail}` : ''}`);
  } catch (e) {
    console.log(`FAIL ${name}\n     ${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
    process.exit(1);
  }
}
console.log(`all ${checks.length} checks passed`);
