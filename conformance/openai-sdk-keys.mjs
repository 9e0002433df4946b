#!/usr/bin/env node
// Talks to the gateway with the official OpenAI SDK, one client per virtual key, as applications holding those keys
// would, and checks that each key gets what its limits say and that every refusal is the SDK's own error class:
// answers for an allowed key, PermissionDeniedError for a model it may not use, AuthenticationError for a revoked,
// expired or rotated-away key, RateLimitError over its rpm or its hard budget, and a warning header over a soft one.
// Prints one line per check; exits 1 on the first failure, 2 on bad arguments.
//
//   node conformance/openai-sdk-keys.mjs http://127.0.0.1:8080/v1 KEYS.json
//
// KEYS.json names the models and a fresh key for each case (the rpm window and budgets are per key, so the file is
// good for one run):
//   { "model": MODEL,               a chat model every key may use
//     "deniedModel": MODEL,         a chat model of the catalog that "allowed" may not use
//     "rpm": N,                     the requests per minute of "rpmLimited"
//     "allowed": KEY,               may use "model" only
//     "revoked": KEY, "expired": KEY, "rpmLimited": KEY,
//     "hardBudget": KEY,            a hard budget of a few calls
//     "softBudget": KEY,            a soft budget below the cost of one call
//     "rotatedOld": KEY, "rotatedNew": KEY }   a key's secrets before and after rotation

import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const USAGE = 'usage: node openai-sdk-keys.mjs BASE_URL KEYS.json';
const KEY_FIELDS = ['allowed', 'revoked', 'expired', 'rpmLimited', 'hardBudget', 'softBudget', 'rotatedOld',
  'rotatedNew'];
const MAX_BUDGET_CALLS = 20;

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  if (argv.length !== 2) usageError('BASE_URL and KEYS.json are required');
  const [baseURL, file] = argv;
  if (!/^https?:\/\//.test(baseURL)) usageError('BASE_URL should be http://HOST:PORT/v1');
  let keys;
  try {
    keys = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    usageError(`cannot read ${file}: ${e.message}`);
  }
  for (const field of ['model', 'deniedModel', ...KEY_FIELDS]) {
    if (typeof keys[field] !== 'string' || keys[field].length === 0) usageError(`${file}: "${field}" is missing`);
  }
  if (!Number.isInteger(keys.rpm) || keys.rpm < 1) usageError(`${file}: "rpm" should be a positive integer`);
  return { baseURL, keys };
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const show = (value) => {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

const { baseURL, keys } = parseArgs(process.argv.slice(2));
const clientOf = (apiKey) => new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 30_000 });
const hello = [{ role: 'user', content: 'Say hello to the conformance test.' }];
const ask = (client, model = keys.model) => client.chat.completions.create({ model, messages: hello, max_tokens: 16 });

function checkAnswer(r, where) {
  expect(r?.object === 'chat.completion', `${where}: object should be 'chat.completion', got ${show(r)}`);
  const content = r.choices?.[0]?.message?.content;
  expect(typeof content === 'string' && content.length > 0, `${where}: no text in ${show(r.choices)}`);
  return r;
}

/** The error must be the SDK's error class with this status (and error code, when given); returns it. */
function checkError(what, e, ErrorClass, status, code) {
  expect(e instanceof ErrorClass, `${what}: expected the SDK's ${ErrorClass.name}, got ${e?.constructor?.name} `
    + `(status ${e?.status}): ${e?.message}`);
  expect(e.status === status, `${what}: expected status ${status}, got ${e.status}`);
  expect(typeof e.error?.message === 'string' && e.error.message.length > 0,
    `${what}: the error body has no error.message: ${show(e.error)}`);
  if (code) expect(e.code === code, `${what}: error.code should be '${code}', got ${show(e.code)}`);
  return e;
}

/** The call must fail with the SDK's error class and status (and error code, when given); returns the error. */
async function expectError(what, ErrorClass, status, code, call) {
  let response;
  try {
    response = await call();
  } catch (e) {
    return checkError(what, e, ErrorClass, status, code);
  }
  throw new Error(`${what}: expected ${ErrorClass.name}, but the request succeeded: ${show(response)}`);
}

const describe = (e) => `${e.constructor.name} ${e.status} ${e.code} (${e.error.message})`;

function retryAfterOf(e) {
  const retryAfter = e.headers?.get('retry-after');
  expect(Number(retryAfter) > 0, `retry-after should be a positive number of seconds, got ${show(retryAfter)}`);
  return retryAfter;
}

const checks = [
  ['an allowed key gets a completion', async () => {
    const r = checkAnswer(await ask(clientOf(keys.allowed)), 'completion');
    return `model ${r.model}, ${show(r.choices[0].message.content.slice(0, 40))}`;
  }],

  ['an allowed key gets a stream that ends normally', async () => {
    const stream = await clientOf(keys.allowed).chat.completions.create({
      model: keys.model, messages: hello, max_tokens: 16, stream: true, stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices ?? []) {
        if (typeof c.delta?.content === 'string') text += c.delta.content;
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    expect(text.length > 0, `no content deltas in ${chunks} chunks`);
    expect(['stop', 'length'].includes(finish), `no finish_reason before the end (got ${show(finish)})`);
    expect(usage, `no usage chunk in ${chunks} chunks`);
    return `${chunks} chunks, finish_reason ${finish}`;
  }],

  ['a model the key may not use raises PermissionDeniedError (403, model_not_allowed)', async () => {
    const e = await expectError('denied model', OpenAI.PermissionDeniedError, 403, 'model_not_allowed',
      () => ask(clientOf(keys.allowed), keys.deniedModel));
    expect(e.error.message.includes(keys.deniedModel), `the message should name ${keys.deniedModel}: ${e.message}`);
    return describe(e);
  }],

  ['a revoked key raises AuthenticationError (401)', async () => {
    const e = await expectError('revoked key', OpenAI.AuthenticationError, 401, 'invalid_api_key',
      () => ask(clientOf(keys.revoked)));
    expect(/revoked/.test(e.error.message), `the message should say the key is revoked: ${e.message}`);
    expect(!e.message.includes(keys.revoked), `the message shows the secret: ${e.message}`);
    return describe(e);
  }],

  ['an expired key raises AuthenticationError (401, expired_api_key)', async () =>
    describe(await expectError('expired key', OpenAI.AuthenticationError, 401, 'expired_api_key',
      () => ask(clientOf(keys.expired))))],

  [`a key over its rpm raises RateLimitError (429) with retry-after on call ${keys.rpm + 1}`, async () => {
    const client = clientOf(keys.rpmLimited);
    for (let i = 1; i <= keys.rpm; i++) checkAnswer(await ask(client), `call ${i} of ${keys.rpm}`);
    const e = await expectError(`call ${keys.rpm + 1}`, OpenAI.RateLimitError, 429, 'rate_limit_exceeded',
      () => ask(client));
    return `${describe(e)}, retry-after ${retryAfterOf(e)}`;
  }],

  ['a key over its hard budget raises RateLimitError (429) naming the budget', async () => {
    const client = clientOf(keys.hardBudget);
    let answered = 0;
    let refused = null;
    while (refused === null && answered < MAX_BUDGET_CALLS) {
      try {
        checkAnswer(await ask(client), `call ${answered + 1}`);
        answered++;
      } catch (e) {
        if (!(e instanceof OpenAI.APIError)) throw e;
        refused = e;
      }
    }
    expect(refused, `${MAX_BUDGET_CALLS} calls answered: the budget never refused one`);
    const e = checkError(`call ${answered + 1}`, refused, OpenAI.RateLimitError, 429, 'budget_exceeded');
    expect(answered > 0, `the first call was refused: the budget should allow at least one (${e.message})`);
    expect(/budget/i.test(e.error.message), `the message should name the budget: ${e.message}`);
    return `${answered} answered, then ${describe(e)}, retry-after ${retryAfterOf(e)}`;
  }],

  ['a key over its soft budget keeps getting answers, with x-llmrouter-budget-warning', async () => {
    const client = clientOf(keys.softBudget);
    const warnings = [];
    for (let i = 1; i <= 2; i++) {
      const { data, response } = await ask(client).withResponse();
      checkAnswer(data, `call ${i}`);
      warnings.push(response.headers.get('x-llmrouter-budget-warning'));
    }
    expect(typeof warnings[1] === 'string' && /soft budget/.test(warnings[1]),
      `the second answer should carry x-llmrouter-budget-warning, got ${show(warnings)}`);
    return warnings[1];
  }],

  ['a rotated key\'s old secret raises AuthenticationError (401)', async () =>
    describe(await expectError('old secret', OpenAI.AuthenticationError, 401, 'invalid_api_key',
      () => ask(clientOf(keys.rotatedOld))))],

  ['a rotated key\'s new secret gets a completion', async () => {
    const r = checkAnswer(await ask(clientOf(keys.rotatedNew)), 'new secret');
    return `model ${r.model}`;
  }],
];

console.log(`openai ${VERSION} (Node ${process.version}) against ${baseURL}, with virtual keys`);
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
