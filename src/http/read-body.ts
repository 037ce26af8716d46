import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { err, ok, type Result } from '../result.js';

export type BodyProblem =
  | { readonly code: 'too_large'; readonly message: string }
  | { readonly code: 'unsupported_encoding'; readonly message: string }
  | { readonly code: 'bad_encoding'; readonly message: string }
  | { readonly code: 'aborted'; readonly message: string };

/**
 * Reads a request body, decoding `Content-Encoding: gzip` (or deflate), and stops keeping data at `limit` bytes of
 * the *decoded* body, so a small gzip bomb cannot make us buffer gigabytes. The rest of an oversized body is
 * drained (not kept), so the connection stays usable for the 413 answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Result<Buffer, BodyProblem>> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (!['identity', '', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) {
    req.resume();
    return Promise.resolve(
      err({
        code: 'unsupported_encoding',
        message: `Content-Encoding "${encoding}" is not supported: send the body as is, or gzip-compressed.`,
      }),
    );
  }
  const declared = Number(req.headers['content-length']);
  const compressed = encoding !== 'identity' && encoding !== '';
  if (!compressed && Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(err(tooLarge(limit)));
  }

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: Result<Buffer, BodyProblem>): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let source: Readable = req;
    if (compressed) {
      const decoder = encoding === 'deflate' ? createInflate() : createGunzip();
      decoder.on('error', (error) => {
        finish(
          err({
            code: 'bad_encoding',
            message: `The body is not valid ${encoding} data (${error.message}).`,
          }),
        );
        // Drain the rest of the body: left unread, it would stall the next request on this keep-alive connection.
        req.unpipe(decoder);
        req.resume();
      });
      source = req.pipe(decoder);
    }
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        finish(err(tooLarge(limit)));
        if (compressed) {
          req.unpipe();
          source.destroy();
        }
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => finish(ok(Buffer.concat(chunks))));
    req.on('aborted', () =>
      finish(err({ code: 'aborted', message: 'The request was aborted before its body was complete.' })),
    );
    req.on('error', () =>
      finish(err({ code: 'aborted', message: 'The request failed before its body was complete.' })),
    );
  });
}

function tooLarge(limit: number): BodyProblem {
  return {
    code: 'too_large',
    message: `The body is larger than ${limit} bytes (INGEST_MAX_BODY_BYTES). Send fewer alerts per request.`,
  };
}
