import { describe, expect, it } from 'vitest';
import { tracingOptions } from '../../../src/telemetry/trace-options.js';

describe('tracingOptions', () => {
  it('is off when neither the settings nor an OTEL variable ask for traces', () => {
    expect(tracingOptions({}, {})).toBeUndefined();
    expect(tracingOptions({}, { OTEL_SERVICE_NAME: 'x' })).toBeUndefined();
  });

  it('is on with an OTLP endpoint or exporter variable, the traces path added to a base endpoint', () => {
    expect(tracingOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })?.url).toBe('http://collector:4318/v1/traces');
    expect(tracingOptions({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' })?.url).toBe('http://c:4318/custom');
    expect(tracingOptions({}, { OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({
      url: 'http://localhost:4318/v1/traces',
      headers: {},
      serviceName: 'mcp-switchboard',
    });
  });

  it('lets OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none win over settings', () => {
    expect(tracingOptions({ enabled: true }, { OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingOptions({ enabled: true }, { OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingOptions({ enabled: false }, { OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
  });

  it('takes endpoint, headers and service name from settings first, then the variables', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=a%20b,tenant=t1', OTEL_SERVICE_NAME: 'gw', OTEL_TRACES_EXPORTER: 'otlp' };
    expect(tracingOptions({}, env)).toMatchObject({ headers: { 'x-api-key': 'a b', tenant: 't1' }, serviceName: 'gw' });
    expect(tracingOptions({ enabled: true, endpoint: 'https://o/v1/traces', headers: { a: 'b' }, serviceName: 's' }, env)).toEqual({
      url: 'https://o/v1/traces',
      headers: { a: 'b' },
      serviceName: 's',
    });
  });
});
