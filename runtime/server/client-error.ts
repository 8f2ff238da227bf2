import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { gatewayError, rawErrorResponse } from './errors.js';
import type { LocalhooksError } from '../errors.js';

/** How long a refused client has to read its error answer before the socket is cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Requests Node's HTTP parser refuses before any handler sees them (garbage bytes, headers too large, a
 * client too slow to send its headers or body) get a JSON answer with an LH_* code, as every other error does.
 */
export function onClientError(logger: Logger, limits: { maxHeaderBytes: number; headersTimeoutMs: number; requestTimeoutMs: number }) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const error = classify(err, limits);
    logger.debug(`refused a request the HTTP parser could not take: ${error.code} (${err.code ?? err.message})`);
    // Like Node's own handler: answer only if nothing of a response went out on this socket yet.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      socket.end(rawErrorResponse(error));
      // A client that never reads its answer must not hold the socket open.
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    } else socket.destroy();
  };
}

function classify(err: NodeJS.ErrnoException, limits: { maxHeaderBytes: number; headersTimeoutMs: number; requestTimeoutMs: number }): LocalhooksError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return gatewayError('LH_HEADERS_TOO_LARGE', `The request line and headers are larger than ${limits.maxHeaderBytes} bytes`);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return gatewayError('LH_REQUEST_TIMEOUT', `The request did not arrive in time (headers within ${limits.headersTimeoutMs} ms, the whole request within ${limits.requestTimeoutMs} ms)`);
    case 'HPE_INVALID_METHOD':
      return gatewayError('LH_BAD_REQUEST', 'Malformed request: unknown HTTP method');
    default:
      return gatewayError('LH_BAD_REQUEST', `Malformed request: ${err.message.replace(/^Parse Error: /, '')}`);
  }
}
