import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StderrTail } from '../../../src/downstream/stderr-tail.js';

describe('StderrTail', () => {
  it('joins partial lines across chunks and strips CR', () => {
    const tail = new StderrTail();
    tail.push('first li');
    tail.push('ne\r\nsecond\nthi');
    expect(tail.lines()).toEqual(['first line', 'second', 'thi']);
    tail.flush();
    expect(tail.lines()).toEqual(['first line', 'second', 'thi']);
  });

  it('keeps only the last lines within the line and size budgets', () => {
    const tail = new StderrTail({ maxLines: 3, maxBytes: 10 });
    tail.push('a\nb\nc\nd\n');
    expect(tail.lines()).toEqual(['b', 'c', 'd']);
    tail.push('0123456789\n');
    expect(tail.lines()).toEqual(['0123456789']);
  });

  it('cuts a huge line and skips its rest until the next newline', () => {
    const tail = new StderrTail({ maxLineLength: 5 });
    tail.push('x'.repeat(100));
    tail.push('y'.repeat(100));
    tail.push('\nnext\n');
    expect(tail.lines()).toEqual(['xxxxx…', 'next']);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const tail = new StderrTail();
    const bytes = Buffer.from('é\n');
    tail.push(bytes.subarray(0, 1));
    tail.push(bytes.subarray(1));
    expect(tail.lines()).toEqual(['é']);
  });

  it('drains an attached stream and describes the last lines', async () => {
    const stream = new PassThrough();
    const tail = new StderrTail();
    tail.attach(stream);
    stream.end('one\n\ntwo\nthree');
    await new Promise((resolve) => stream.once('end', resolve));
    expect(tail.describe(2)).toBe('two | three');
  });
});
