#!/usr/bin/env node
// Talks to the gateway's Anthropic-compatible front door with the official Anthropic SDK, one client per virtual key
// (sent as x-api-key), as applications holding those keys would, and checks that each key gets what its limits say
// and that every refusal is the SDK's own error class: messages for an allowed key, PermissionDeniedError for a model
// it may not use, AuthenticationError for a revoked, expired or rotated-away key, RateLimitError over its rpm or its
// hard budget, and a warning header over a soft one. Prints one line per check; exits 1 on the first failure, 2 on
// bad arguments.
//
//   node conformance/anthropic-sdk-keys.mjs http://127.0.0.1:8080 KEYS.json
//
// BASE_URL is the origin: the SDK appends /v1/messages itself. KEYS.json has the shape openai-sdk-keys.mjs reads
// (fresh keys: the rpm window and budgets are per key, so the file is good for one run):
//   { "model", "deniedModel", "rpm", "allowed", "revoked", "expired", "rpmLimited", "hardBudget", "softBudget",
//     "rotatedOld", "rotatedNew" }

import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';

const USAGE = 'usage: node anthropic-sdk-keys.mjs BASE_URL KEYS.json';
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
  if (!/^https?:\/\/[^/]+\/?$/.test(baseURL)) usageError('BASE_URL should be http://HOST:PORT, without /v1');
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
const clientOf = (apiKey) => new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: 30_000 });
const hello = [{ role: 'user', content: 'Say hello to the conformance test.' }];
const ask = (client, model = keys.model) => client.messages.create({ model, max_tokens: 16, messages: hello });

const textOf = (m) => m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');

function checkMessage(m, where) {
  expect(m?.type === 'message' && m.role === 'assistant', `${where}: expected an assistant message, got ${show(m)}`);
  expect(Array.isArray(m.content) && textOf(m).length > 0, `${where}: no text in ${show(m.content)}`);
  return m;
}

/** The error must be the SDK's error class with this status and Anthropic error type; returns it. */
function checkError(what, e, ErrorClass, status, errorType) {
  expect(e instanceof ErrorClass, `${what}: expected the SDK's ${ErrorClass.name}, got ${e?.constructor?.name} `
    + `(status ${e?.status}): ${e?.message}`);
  expect(e.status === status, `${what}: expected status ${status}, got ${e.status}`);
  expect(e.error?.type === 'error', `${what}: the error body's type should be 'error': ${show(e.error)}`);
  expect(e.error?.error?.type === errorType,
    `${what}: error.type should be '${errorType}', got ${show(e.error?.error?.type)}`);
  expect(typeof e.error.error.message === 'string' && e.error.error.message.length > 0,
    `${what}: the error body has no error.message: ${show(e.error)}`);
  return e;
}

/** The call must fail with the SDK's error class, status and error type; returns the error. */
async function expectError(what, ErrorClass, status, errorType, call) {
  let response;
  try {
    response = await call();
  } catch (e) {
    return checkError(what, e, ErrorClass, status, errorType);
  }
  throw new Error(`${what}: expected ${ErrorClass.name}, but the request succeeded: ${show(response)}`);
}

const messageOf = (e) => e.error.error.message;
const describe = (e) => `${e.constructor.name} ${e.status} ${e.error.error.type} (${messageOf(e)})`;

function retryAfterOf(e) {
  const retryAfter = e.headers?.get('retry-after');
  expect(Number(retryAfter) > 0, `retry-after should be a positive number of seconds, got ${show(retryAfter)}`);
  return retryAfter;
}

const checks = [
  ['an allowed key gets a message', async () => {
    const m = checkMessage(await ask(clientOf(keys.allowed)), 'message');
    return `model ${m.model}, ${show(textOf(m).slice(0, 40))}`;
  }],

  ['an allowed key gets a stream that ends normally', async () => {
    const stream = clientOf(keys.allowed).messages.stream({ model: keys.model, max_tokens: 16, messages: hello });
    const types = [];
    for await (const event of stream) types.push(event.type);
    const final = checkMessage(await stream.finalMessage(), 'final message');
    expect(types[0] === 'message_start', `the first event should be message_start: ${show(types)}`);
    expect(types.at(-1) === 'message_stop', `the last event should be message_stop: ${show(types)}`);
    return `${types.length} events, stop_reason ${final.stop_reason}`;
  }],

  ['a model the key may not use raises PermissionDeniedError (403, permission_error)', async () => {
    const e = await expectError('denied model', Anthropic.PermissionDeniedError, 403, 'permission_error',
      () => ask(clientOf(keys.allowed), keys.deniedModel));
    expect(messageOf(e).includes(keys.deniedModel), `the message should name ${keys.deniedModel}: ${e.message}`);
    return describe(e);
  }],

  ['a revoked key raises AuthenticationError (401)', async () => {
    const e = await expectError('revoked key', Anthropic.AuthenticationError, 401, 'authentication_error',
      () => ask(clientOf(keys.revoked)));
    expect(/revoked/.test(messageOf(e)), `the message should say the key is revoked: ${e.message}`);
    expect(!e.message.includes(keys.revoked), `the message shows the secret: ${e.message}`);
    return describe(e);
  }],

  ['an expired key raises AuthenticationError (401)', async () => {
    const e = await expectError('expired key', Anthropic.AuthenticationError, 401, 'authentication_error',
      () => ask(clientOf(keys.expired)));
    expect(/expired/.test(messageOf(e)), `the message should say the key expired: ${e.message}`);
    return describe(e);
  }],

  [`a key over its rpm raises RateLimitError (429) with retry-after on call ${keys.rpm + 1}`, async () => {
    const client = clientOf(keys.rpmLimited);
    for (let i = 1; i <= keys.rpm; i++) checkMessage(await ask(client), `call ${i} of ${keys.rpm}`);
    const e = await expectError(`call ${keys.rpm + 1}`, Anthropic.RateLimitError, 429, 'rate_limit_error',
      () => ask(client));
    return `${describe(e)}, retry-after ${retryAfterOf(e)}`;
  }],

  ['a key over its hard budget raises RateLimitError (429) naming the budget', async () => {
    const client = clientOf(keys.hardBudget);
    let answered = 0;
    let refused = null;
    while (refused === null && answered < MAX_BUDGET_CALLS) {
      try {
        checkMessage(await ask(client), `call ${answered + 1}`);
        answered++;
      } catch (e) {
        if (!(e instanceof Anthropic.APIError)) throw e;
        refused = e;
      }
    }
    expect(refused, `${MAX_BUDGET_CALLS} calls answered: the budget never refused one`);
    const e = checkError(`call ${answered + 1}`, refused, Anthropic.RateLimitError, 429, 'rate_limit_error');
    expect(answered > 0, `the first call was refused: the budget should allow at least one (${e.message})`);
    expect(/budget/i.test(messageOf(e)), `the message should name the budget: ${e.message}`);
    return `${answered} answered, then ${describe(e)}, retry-after ${retryAfterOf(e)}`;
  }],

  ['a key over its soft budget keeps getting answers, with x-llmrouter-budget-warning', async () => {
    const client = clientOf(keys.softBudget);
    const warnings = [];
    for (let i = 1; i <= 2; i++) {
      const { data, response } = await ask(client).withResponse();
      checkMessage(data, `call ${i}`);
      warnings.push(response.headers.get('x-llmrouter-budget-warning'));
    }
    expect(typeof warnings[1] === 'string' && /soft budget/.test(warnings[1]),
      `the second answer should carry x-llmrouter-budget-warning, got ${show(warnings)}`);
    return warnings[1];
  }],

  ['a rotated key\'s old secret raises AuthenticationError (401)', async () =>
    describe(await expectError('old secret', Anthropic.AuthenticationError, 401, 'authentication_error',
      () => ask(clientOf(keys.rotatedOld))))],

  ['a rotated key\'s new secret gets a message', async () => {
    const m = checkMessage(await ask(clientOf(keys.rotatedNew)), 'new secret');
    return `model ${m.model}`;
  }],
];

console.log(`@anthropic-ai/sdk ${VERSION} (Node ${process.version}) against ${baseURL}, with virtual keys`);
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
