// The HTTP servers the tests stand up on 127.0.0.1 (fake GitHub, the service, chat receivers,
// the npm registry) are made here, so they all treat idle keep-alive connections the same way.
import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * A server that never closes an idle keep-alive connection itself: the client does, when its
 * own idle timer runs out (undici: 4 s), or stop() does (closeAllConnections).
 *
 * Node's default is to close a connection idle for 5 s. On a busy machine a client can stall
 * that long between two requests (its event loop blocked, or the process not scheduled), then
 * send the next request on the pooled connection just as the server closes it: the request
 * fails with `other side closed` or ECONNRESET, a flake that says nothing about the code under
 * test. With only one side closing idle connections, that race cannot happen.
 */
export function loopbackServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = 0;
  return server;
}
