import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatchedWriter } from '../../src/shared/batched-writer.js';

describe('BatchedWriter', () => {
  it('coalesces every line written in one turn into a single write, in order', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const writer = new BatchedWriter(() => stream);
    await Promise.all(['a\n', 'b\n', 'c\n'].map((line) => writer.write(line)));
    await writer.write('d\n');
    expect(chunks).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('rejects as a broken pipe when the stream was destroyed before the flush', async () => {
    const stream = new PassThrough();
    const writer = new BatchedWriter(() => stream);
    const pending = writer.write('late\n');
    stream.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_STREAM_DESTROYED' });
  });

  it('rejects with "Not connected" when there is no stream', async () => {
    await expect(new BatchedWriter(() => undefined).write('x\n')).rejects.toThrow('Not connected');
  });
});
