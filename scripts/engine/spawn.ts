/**
 * Starts `engine:serve` as a process of its own (tests, the bench) and stops it by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url))

export interface SpawnedServer {
  /** The API base, e.g. http://127.0.0.1:40123/api/ */
  url: string
  pid: number
  stop(): Promise<void>
}

export async function spawnServer(options: { db: string; token: string; origins: string[]; timeoutMs?: number; memory?: string; host?: string }): Promise<SpawnedServer> {
  const args = ['--import', require.resolve('tsx'), SERVE, '--db', options.db, '--port', '0', '--token', options.token, '--host', options.host ?? '127.0.0.1']
  for (const origin of options.origins) args.push('--origin', origin)
  if (options.timeoutMs) args.push('--timeout-ms', String(options.timeoutMs))
  if (options.memory) args.push('--memory', options.memory)
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()))
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const found = /listening on (http:\/\/\S+)/.exec(out)
      if (found?.[1]) ok(found[1])
    })
    child.once('exit', (code) => fail(new Error(`engine:serve exited (${code}): ${errors}`)))
  })
  const pid = child.pid as number
  return {
    url,
    pid,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        process.kill(pid, 'SIGTERM')
      }),
  }
}
