import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * pglite-socket (0.2.17, and 0.2.18 the same) serves every connection from one PGlite session and
 * schedules the frontend messages one by one, holding a connection's turn only while a transaction
 * is open. The extended query protocol keeps state between messages outside a transaction too: a
 * Parse, then Bind/Describe/Execute, until Sync. Another connection's message in between (a simple
 * Query drops the unnamed statement; a Parse replaces it) makes the Bind fail with "unnamed prepared
 * statement does not exist", or bind the wrong statement. And one failed message leaves the queue
 * marked busy for good. Both are electric-sql/pglite issue #1046.
 *
 * This replaces the queue's scheduler with one that keeps a connection's turn from its first
 * extended-protocol message to its Sync (and through a transaction, as before), and that carries on
 * after a failed message. It reaches into the library's internals, so it checks their shape first
 * and refuses to start on a version that differs, rather than serve an unsafe database.
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
/** Parse, Bind, Describe, Execute, Close, Flush: they leave the protocol state open until a Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

function internalsOf(server: PGLiteSocketServer): QueueInternals {
  const queue = (server as unknown as { queryQueue?: Partial<QueueInternals> }).queryQueue;
  const fits =
    queue !== undefined &&
    Array.isArray(queue.queue) &&
    typeof queue.processing === 'boolean' &&
    'lastHandlerId' in queue &&
    typeof queue.processQueue === 'function' &&
    typeof queue.clearQueueForHandler === 'function' &&
    typeof queue.db?.runExclusive === 'function' &&
    typeof queue.db?.execProtocolRawStream === 'function' &&
    typeof queue.db?.isInTransaction === 'function';
  if (!fits) {
    throw new Error('@electric-sql/pglite-socket is not the version Pinchpoint patches (its query queue changed); install the version in package-lock.json');
  }
  return queue as QueueInternals;
}

/** Makes the socket server's queue hold a connection's turn for a whole protocol cycle (see above). */
export function serializeProtocolCycles(server: PGLiteSocketServer): void {
  const queue = internalsOf(server);
  /** The connection between its first extended-protocol message and its Sync, if any. */
  let cycleOwner: number | null = null;

  const next = (): QueuedMessage | undefined => {
    const owner = cycleOwner ?? (queue.db.isInTransaction() ? queue.lastHandlerId : null);
    if (owner === null) return queue.queue.shift();
    // The owner's next message may not have arrived yet: wait for it rather than let another in.
    const index = queue.queue.findIndex((item) => item.handlerId === owner);
    return index === -1 ? undefined : queue.queue.splice(index, 1)[0];
  };

  queue.processQueue = async () => {
    if (queue.processing) return;
    queue.processing = true;
    try {
      for (let item = next(); item; item = next()) {
        const type = item.message[0]!;
        let bytes = 0;
        try {
          await queue.db.runExclusive(() =>
            queue.db.execProtocolRawStream(item!.message, {
              onRawData: (data) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
        } catch (error) {
          // The cycle is broken for this connection; the others go on.
          if (cycleOwner === item.handlerId) cycleOwner = null;
          item.reject(error);
          continue;
        }
        queue.lastHandlerId = item.handlerId;
        if (type === SYNC || type === QUERY) cycleOwner = null;
        else if (EXTENDED.has(type)) cycleOwner = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      queue.processing = false;
    }
  };

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    // A connection gone mid-cycle must not hold everyone else's turn.
    if (cycleOwner === handlerId) {
      cycleOwner = null;
      void queue.processQueue();
    }
  };
}
