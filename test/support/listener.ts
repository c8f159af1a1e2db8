// A listener on 127.0.0.1 standing for any server a page could reach: it records every
// connection, every byte and every request that reaches it, and answers each request with a page
// that would show it was reached.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Heard {
  connections: number;
  bytes: number;
  requests: string[];
}

export interface Listener {
  /** http://127.0.0.1:<port> */
  base: string;
  /** What reached it so far. */
  heard: () => Heard;
  /** Forgets what reached it so far. */
  reset: () => void;
  close: () => Promise<void>;
}

export async function listen(): Promise<Listener> {
  const heard: Heard = { connections: 0, bytes: 0, requests: [] };
  const server = createServer((request, response) => {
    heard.requests.push(`${request.method} ${request.url}`);
    response.end("<h1>REACHED</h1>");
  });
  server.on("connection", (socket) => {
    heard.connections++;
    socket.on("data", (chunk: Buffer) => {
      heard.bytes += chunk.length;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heard: () => ({ ...heard, requests: [...heard.requests] }),
    reset: () => Object.assign(heard, { connections: 0, bytes: 0, requests: [] }),
    close: async () => {
      // A socket opened and left idle would hold close() for minutes.
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
