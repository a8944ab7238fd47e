// A small JSON Schema (draft 2020-12) validator for exactly the keywords docs/report.schema.json
// uses, so the end-to-end tests can check the page's JSON report without an npm package (nothing
// is installed at test time). A keyword it does not know is an error, never silently ignored: a
// schema that grows a new keyword fails here until the validator learns it.
//
//   node tests/e2e/schema-validate.mjs [report.json …]   self-test, then validate each file
//
// The native tests validate the CLI's output with a complete implementation (boon,
// tests/report_schema.rs); this one follows the same rules for the keywords below.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/report.schema.json');

/** Keywords that only annotate (no effect on validity). */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'title', 'description', 'default', 'examples']);
/** Keywords that assert, each handled below. */
const ASSERTIONS = new Set([
  'type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf', 'not',
  'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'items', 'prefixItems', 'minItems', 'maxItems',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'pattern', 'minLength', 'maxLength',
]);

/** Reads docs/report.schema.json (or `file`). */
export function loadSchema(file = SCHEMA_PATH) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // 'object', 'string', 'number', 'boolean'
}

function hasType(v, t) {
  switch (t) {
    case 'null': return v === null;
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'array': return Array.isArray(v);
    case 'object': return typeOf(v) === 'object';
    default: throw new Error(`schema error: unknown type ${JSON.stringify(t)}`);
  }
}

/** JSON equality as JSON Schema defines it (1 and 1.0 are equal; key order does not matter). */
function equal(a, b) {
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (typeOf(a) === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return a === b;
}

/** Resolves a local `$ref` ("#/$defs/Num") against the root schema. */
function resolve(root, ref) {
  if (!ref.startsWith('#')) throw new Error(`schema error: only local $ref are supported, got ${ref}`);
  let node = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      throw new Error(`schema error: unresolved $ref ${ref}`);
    }
    node = node[key];
  }
  return node;
}

const pointer = (at, key) => `${at}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

const regexCache = new Map();
function regex(p) {
  if (!regexCache.has(p)) regexCache.set(p, new RegExp(p, 'u'));
  return regexCache.get(p);
}

/** Appends to `errors` every way `v` (at JSON pointer `at`) breaks `schema`. */
function check(root, schema, v, at, errors) {
  if (schema === true) return;
  if (schema === false) {
    errors.push(`${at || '/'}: no value is allowed here, got ${show(v)}`);
    return;
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`schema error at ${at}: not a schema: ${show(schema)}`);
  }
  for (const k of Object.keys(schema)) {
    if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) {
      throw new Error(`schema error: keyword ${JSON.stringify(k)} is not supported by tests/e2e/schema-validate.mjs`);
    }
  }
  const where = at || '/';
  const fail = (msg) => errors.push(`${where}: ${msg}`);
  const sub = (s, value, p) => {
    const e = [];
    check(root, s, value, p, e);
    return e;
  };

  if ('$ref' in schema) check(root, resolve(root, schema.$ref), v, at, errors);

  if ('type' in schema) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(v, t))) {
      fail(`expected ${types.join(' or ')}, got ${typeOf(v)} ${show(v)}`);
      return; // the other keywords would only repeat the type error
    }
  }
  if ('const' in schema && !equal(v, schema.const)) fail(`expected ${show(schema.const)}, got ${show(v)}`);
  if ('enum' in schema && !schema.enum.some((e) => equal(v, e))) {
    fail(`expected one of ${show(schema.enum)}, got ${show(v)}`);
  }

  if ('anyOf' in schema) {
    const branches = schema.anyOf.map((s) => sub(s, v, at));
    if (!branches.some((e) => e.length === 0)) {
      fail(`matches none of the ${branches.length} alternatives (anyOf): ${branches.map((e) => e.join('; ')).join(' | ')}`);
    }
  }
  if ('oneOf' in schema) {
    const ok = schema.oneOf.map((s) => sub(s, v, at)).filter((e) => e.length === 0).length;
    if (ok !== 1) fail(`must match exactly one alternative (oneOf), matches ${ok}`);
  }
  if ('allOf' in schema) for (const s of schema.allOf) check(root, s, v, at, errors);
  if ('not' in schema && sub(schema.not, v, at).length === 0) fail('must not match the `not` schema');

  if (typeof v === 'number') {
    if ('minimum' in schema && !(v >= schema.minimum)) fail(`${v} < minimum ${schema.minimum}`);
    if ('maximum' in schema && !(v <= schema.maximum)) fail(`${v} > maximum ${schema.maximum}`);
    if ('exclusiveMinimum' in schema && !(v > schema.exclusiveMinimum)) fail(`${v} ≤ exclusiveMinimum ${schema.exclusiveMinimum}`);
    if ('exclusiveMaximum' in schema && !(v < schema.exclusiveMaximum)) fail(`${v} ≥ exclusiveMaximum ${schema.exclusiveMaximum}`);
  }

  if (typeof v === 'string') {
    const len = [...v].length; // code points, as JSON Schema counts
    if ('minLength' in schema && len < schema.minLength) fail(`shorter than ${schema.minLength}: ${show(v)}`);
    if ('maxLength' in schema && len > schema.maxLength) fail(`longer than ${schema.maxLength}: ${show(v)}`);
    if ('pattern' in schema && !regex(schema.pattern).test(v)) fail(`${show(v)} does not match /${schema.pattern}/`);
  }

  if (Array.isArray(v)) {
    if ('minItems' in schema && v.length < schema.minItems) fail(`${v.length} items, fewer than ${schema.minItems}`);
    if ('maxItems' in schema && v.length > schema.maxItems) fail(`${v.length} items, more than ${schema.maxItems}`);
    const prefix = schema.prefixItems || [];
    prefix.forEach((s, i) => { if (i < v.length) check(root, s, v[i], pointer(at, i), errors); });
    if ('items' in schema) {
      for (let i = prefix.length; i < v.length; i++) check(root, schema.items, v[i], pointer(at, i), errors);
    }
  }

  if (typeOf(v) === 'object') {
    const keys = Object.keys(v);
    if ('minProperties' in schema && keys.length < schema.minProperties) fail(`${keys.length} properties, fewer than ${schema.minProperties}`);
    if ('maxProperties' in schema && keys.length > schema.maxProperties) fail(`${keys.length} properties, more than ${schema.maxProperties}`);
    for (const r of schema.required || []) if (!Object.hasOwn(v, r)) fail(`missing required property ${JSON.stringify(r)}`);
    const props = schema.properties || {};
    for (const k of keys) {
      if ('propertyNames' in schema) {
        for (const e of sub(schema.propertyNames, k, pointer(at, k))) errors.push(`${e} (property name)`);
      }
      if (Object.hasOwn(props, k)) {
        check(root, props[k], v[k], pointer(at, k), errors);
      } else if ('additionalProperties' in schema) {
        if (schema.additionalProperties === false) {
          fail(`property ${JSON.stringify(k)} is not in the schema (additionalProperties: false)`);
        } else {
          check(root, schema.additionalProperties, v[k], pointer(at, k), errors);
        }
      }
    }
  }
}

/** Every way `value` breaks `schema` (empty when it is valid), as "JSON pointer: message". */
export function validate(schema, value) {
  const errors = [];
  check(schema, schema, value, '', errors);
  return errors;
}

/** Throws with every error (at most 20 listed) when `value` breaks `schema`. */
export function assertValid(schema, value, what) {
  const errors = validate(schema, value);
  if (errors.length) {
    const list = errors.slice(0, 20).map((e) => `  ${e}`).join('\n');
    throw new Error(`${what}: ${errors.length} schema error(s) against docs/report.schema.json:\n${list}`);
  }
}

/**
 * Proves the validator can fail: a small schema using every supported keyword accepts a good
 * document and rejects bad ones, and, when a valid report is given, the report schema rejects
 * that report with an undocumented field, a wrong type and a missing required field.
 */
export function selfTest(reportSchema, validReport) {
  const s = {
    $defs: { Num: { anyOf: [{ type: 'number' }, { enum: ['NaN', 'inf', '-inf'] }] } },
    type: 'object',
    properties: {
      v: { const: 1 },
      n: { $ref: '#/$defs/Num' },
      p: { type: 'number', minimum: 0, maximum: 1 },
      e: { type: 'number', exclusiveMinimum: 0 },
      k: { enum: ['a', 'b'] },
      s: { type: 'string', pattern: '^x', minLength: 2 },
      t: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, maxItems: 2 },
      m: { type: 'object', propertyNames: { enum: ['ks', 'psi'] }, additionalProperties: { type: 'boolean' }, maxProperties: 1 },
      o: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
      z: { type: ['integer', 'null'] },
    },
    required: ['v', 'n'],
    additionalProperties: false,
  };
  const good = { v: 1, n: 'inf', p: 0.5, e: 1e-9, k: 'a', s: 'xy', t: ['a', 3], m: { ks: true }, o: 2, z: null };
  const goodErrors = validate(s, good);
  if (goodErrors.length) throw new Error(`self-test: a valid document was rejected: ${goodErrors.join('; ')}`);
  const bad = [
    [{ ...good, extra: 1 }, 'additionalProperties'],
    [{ ...good, v: 2 }, 'const'],
    [(({ n, ...rest }) => rest)(good), 'required'],
    [{ ...good, n: 'Infinity' }, 'anyOf'],
    [{ ...good, n: null }, '$ref'],
    [{ ...good, p: 1.5 }, 'maximum'],
    [{ ...good, p: -0.1 }, 'minimum'],
    [{ ...good, e: 0 }, 'exclusiveMinimum'],
    [{ ...good, k: 'c' }, 'enum'],
    [{ ...good, s: 'yy' }, 'pattern'],
    [{ ...good, s: 'x' }, 'minLength'],
    [{ ...good, t: ['a', 'b'] }, 'prefixItems'],
    [{ ...good, t: ['a', 1, 2] }, 'items: false'],
    [{ ...good, m: { kl: true } }, 'propertyNames'],
    [{ ...good, m: { ks: 1 } }, 'additionalProperties schema'],
    [{ ...good, m: { ks: true, psi: false } }, 'maxProperties'],
    [{ ...good, o: 1.5 }, 'oneOf'],
    [{ ...good, z: 1.5 }, 'type list'],
    [{ ...good, p: '0.5' }, 'type'],
  ];
  for (const [doc, what] of bad) {
    if (validate(s, doc).length === 0) throw new Error(`self-test: a document breaking ${what} was accepted`);
  }
  let threw = false;
  try { validate({ unknownKeyword: 1 }, {}); } catch { threw = true; }
  if (!threw) throw new Error('self-test: an unknown keyword was silently ignored');

  if (reportSchema && validReport) {
    const errors = validate(reportSchema, validReport);
    if (errors.length) throw new Error(`self-test: the valid report was rejected: ${errors.slice(0, 5).join('; ')}`);
    const copy = () => JSON.parse(JSON.stringify(validReport));
    const extra = copy();
    extra.drift.columns[0].undocumented = 1;
    const wrongType = copy();
    wrongType.drift.n_features = 'many';
    const missing = copy();
    delete missing.quality.duplicate_rows;
    const badNum = copy();
    badNum.drift.share_drifted = 'Infinity';
    for (const [doc, what] of [[extra, 'an undocumented field'], [wrongType, 'a wrong type'], [missing, 'a missing required field'], [badNum, 'a bad number string']]) {
      if (validate(reportSchema, doc).length === 0) throw new Error(`self-test: a report with ${what} was accepted`);
    }
  }
}

// `node tests/e2e/schema-validate.mjs [report.json …]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const schema = loadSchema();
  const files = process.argv.slice(2);
  selfTest(schema, files.length ? JSON.parse(fs.readFileSync(files[0], 'utf8')) : undefined);
  let failed = 0;
  for (const f of files) {
    const errors = validate(schema, JSON.parse(fs.readFileSync(f, 'utf8')));
    if (errors.length) {
      failed++;
      console.log(`FAIL ${f}: ${errors.length} error(s)`);
      for (const e of errors.slice(0, 20)) console.log(`  ${e}`);
    }
  }
  console.log(`self-test ok; ${files.length - failed} of ${files.length} report(s) valid`);
  process.exitCode = failed ? 1 : 0;
}
