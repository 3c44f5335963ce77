/**
 * The report reader in a module worker, so that reading a hundred reports never holds the page up.
 * Files are read one after another in the order they came; each reply carries the file's id.
 */
import { readReport } from './index'
import type { ReadReply, ReadRequest } from './reader-protocol'

const queue: ReadRequest[] = []
let busy = false

function post(reply: ReadReply): void {
  ;(self as unknown as Worker).postMessage(reply)
}

async function drain(): Promise<void> {
  if (busy) return
  busy = true
  while (queue.length > 0) {
    const request = queue.shift() as ReadRequest
    post({ id: request.id, type: 'started' })
    const t0 = performance.now()
    try {
      const reading = await readReport({ name: request.name, bytes: request.bytes })
      post({ id: request.id, type: 'read', reading, ms: performance.now() - t0 })
    } catch (error) {
      post({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) })
    }
  }
  busy = false
}

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  queue.push(event.data)
  void drain()
}
