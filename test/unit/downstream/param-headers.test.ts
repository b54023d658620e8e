import { describe, expect, it } from 'vitest';
import { encodeHeaderValue, ParamHeaderRules, paramHeaders, scanHeaderParams } from '../../../src/downstream/param-headers.js';

const schema = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

describe('scanHeaderParams', () => {
  it('collects declarations along the properties chain, at any depth', () => {
    const scan = scanHeaderParams(
      schema({
        region: { type: 'string', 'x-mcp-header': 'Region' },
        options: { type: 'object', properties: { dryRun: { type: 'boolean', 'x-mcp-header': 'Dry-Run' } } },
        plain: { type: 'string' },
      }),
    );
    expect(scan.ok && scan.params.map((p) => [p.path.join('.'), p.header]).sort()).toEqual([
      ['options.dryRun', 'Dry-Run'],
      ['region', 'Region'],
    ]);
  });

  it.each([
    ['an empty name', { v: { type: 'string', 'x-mcp-header': '' } }, /non-empty string/],
    ['a space', { v: { type: 'string', 'x-mcp-header': 'My Region' } }, /not an HTTP token/],
    ['a colon', { v: { type: 'string', 'x-mcp-header': 'A:B' } }, /not an HTTP token/],
    ['non-ASCII', { v: { type: 'string', 'x-mcp-header': 'Région' } }, /not an HTTP token/],
    ['a control character', { v: { type: 'string', 'x-mcp-header': 'A\tB' } }, /not an HTTP token/],
    ['a number', { v: { type: 'number', 'x-mcp-header': 'Score' } }, /got number/],
    ['an object', { v: { type: 'object', 'x-mcp-header': 'Data' } }, /got object/],
    ['no type', { v: { 'x-mcp-header': 'Data' } }, /got none/],
    ['a case-insensitive repeat', { a: { type: 'string', 'x-mcp-header': 'MyField' }, b: { type: 'string', 'x-mcp-header': 'myfield' } }, /repeats/],
  ])('refuses %s', (_what, properties, reason) => {
    const scan = scanHeaderParams(schema(properties));
    expect(scan.ok).toBe(false);
    expect(!scan.ok && scan.reason).toMatch(reason);
  });

  it.each([
    ['items', schema({ list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'X' } } })],
    ['anyOf', schema({ v: { anyOf: [{ type: 'string', 'x-mcp-header': 'X' }] } })],
    ['$defs', schema({}, { $defs: { id: { type: 'string', 'x-mcp-header': 'X' } } })],
    ['additionalProperties', schema({}, { additionalProperties: { type: 'string', 'x-mcp-header': 'X' } })],
    ['properties under allOf', schema({}, { allOf: [{ properties: { v: { type: 'string', 'x-mcp-header': 'X' } } }] })],
    ['the root', { type: 'object', 'x-mcp-header': 'X' }],
  ])('refuses a declaration under %s', (_where, input) => {
    expect(scanHeaderParams(input)).toMatchObject({ ok: false, reason: expect.stringMatching(/only on properties/) as unknown });
  });

  it('walks a hostile schema within its bounds', () => {
    let deep: Record<string, unknown> = { type: 'string', 'x-mcp-header': 'Deep' };
    for (let i = 0; i < 100_000; i++) deep = { type: 'object', properties: { p: deep } };
    expect(scanHeaderParams(deep)).toEqual({ ok: true, params: [] });
    const wide = schema(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`p${i}`, { type: 'string' }])));
    expect(scanHeaderParams(wide).ok).toBe(true);
  });
});

describe('paramHeaders', () => {
  const scan = scanHeaderParams(
    schema({
      region: { type: 'string', 'x-mcp-header': 'Region' },
      priority: { type: 'integer', 'x-mcp-header': 'Priority' },
      verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
      nested: { type: 'object', properties: { zone: { type: 'string', 'x-mcp-header': 'Zone' } } },
    }),
  );
  const params = scan.ok ? scan.params : [];

  it('mirrors present values, converted to text', () => {
    expect(paramHeaders(params, { region: 'us-west1', priority: 42, verbose: false, nested: { zone: 'b' } })).toEqual({
      'Mcp-Param-Region': 'us-west1',
      'Mcp-Param-Priority': '42',
      'Mcp-Param-Verbose': 'false',
      'Mcp-Param-Zone': 'b',
    });
  });

  it('leaves out absent, null and non-primitive values', () => {
    expect(paramHeaders(params, { region: null, priority: 1.5, nested: 'flat' })).toEqual({});
    expect(paramHeaders(params, undefined)).toEqual({});
  });

  it('takes only own properties of the arguments', () => {
    const args = Object.create({ region: 'inherited' }) as Record<string, unknown>;
    expect(paramHeaders(params, args)).toEqual({});
  });
});

describe('encodeHeaderValue', () => {
  const b64 = (text: string) => `=?base64?${Buffer.from(text).toString('base64')}?=`;
  it.each([
    ['us west 1', 'us west 1'],
    ['Hello, 世界', b64('Hello, 世界')],
    [' padded ', b64(' padded ')],
    ['line1\nline2', b64('line1\nline2')],
    ['\tindented', b64('\tindented')],
    ['', b64('')],
    ['=?base64?abc?=', b64('=?base64?abc?=')],
  ])('%j → %j', (input, output) => {
    expect(encodeHeaderValue(input)).toBe(output);
  });
});

describe('ParamHeaderRules', () => {
  const valid = { name: 'ok', inputSchema: schema({ r: { type: 'string', 'x-mcp-header': 'R' } }) };
  const invalid = { name: 'bad', inputSchema: schema({ r: { type: 'number', 'x-mcp-header': 'R' } }) };

  it('drops invalid tools with one warning each, keeps the rest', () => {
    const warnings: string[] = [];
    const rules = new ParamHeaderRules((message) => warnings.push(message));
    expect(rules.filterTools([valid, invalid])).toEqual([valid]);
    expect(rules.filterTools([valid, invalid])).toEqual([valid]);
    expect(warnings).toEqual([expect.stringMatching(/^tool "bad" is not offered: x-mcp-header on property r needs type/) as unknown]);
  });

  it('gives headers only when the tool declares some and the call has the values', () => {
    const rules = new ParamHeaderRules(() => undefined);
    expect(rules.headersFor(valid, { r: 'x' })).toEqual({ 'Mcp-Param-R': 'x' });
    expect(rules.headersFor(valid, {})).toBeUndefined();
    expect(rules.headersFor({ name: 'none', inputSchema: schema({}) }, { r: 'x' })).toBeUndefined();
    expect(rules.headersFor(invalid, { r: 1 })).toBeUndefined();
  });
});
