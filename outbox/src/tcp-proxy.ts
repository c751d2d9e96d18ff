/**
 * A TCP proxy a test controls, to put between a client and a real server (MariaDB, Redis) and cut
 * it like a restart would: `cut()` resets every open connection and refuses new ones (the port is
 * closed: ECONNREFUSED), `restore()` listens on the same port again. For tests only.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  readonly port: number
  /** true while connections pass */
  readonly up: boolean
  /** connections accepted since start */
  readonly accepted: number
  cut(): Promise<void>
  restore(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }, listenPort = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = listenPort
  let accepted = 0

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        accepted++
        const upstream = connect(target.port, target.host)
        for (const sock of [client, upstream]) {
          sockets.add(sock)
          sock.on('close', () => sockets.delete(sock))
          sock.on('error', () => { client.destroy(); upstream.destroy() })
        }
        client.pipe(upstream).pipe(client)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port
        server = s
        resolve()
      })
    })

  const stop = async () => {
    const s = server
    server = undefined
    for (const sock of sockets) sock.resetAndDestroy()
    sockets.clear()
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }

  await listen()
  return {
    get port() { return port },
    get up() { return server !== undefined },
    get accepted() { return accepted },
    cut: stop,
    restore: async () => { if (!server) await listen() },
    close: stop,
  }
}
