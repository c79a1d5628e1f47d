/**
 * Where an engine's numbers live: a WebAssembly memory handed out in 16-byte-aligned, zeroed pieces
 * (an engine lays itself out once and lives for one `sgd` call or one evaluation). A private
 * arena dies with its engine; in a shared one, an engine gives its pieces back when its run ends
 * (`release`), and the next engine that asks this arena for a piece of the same size gets it, so
 * a worker training run after run stays at the size of one run. Each thread holds one `Arena` of
 * a shared memory (it travels with the session's prepared data, `shared-inputs.ts`): its free
 * pieces are its own, as another thread may be using its own.
 *
 * Either private to one engine, or shared: a `shared` WebAssembly memory that a training session
 * fills with its inputs once (`shared-inputs.ts`) and whose worker threads then place their
 * engines in too, so that every thread reads the same copy of the inputs. A shared arena's next
 * free byte sits in its first word and is advanced atomically, so threads can allocate at once.
 */
const PAGE_BYTES = 65536;
const ALIGN = 16;
/** The largest a shared memory may grow to (wasm32's 4 GiB); it reserves address space, not memory. */
export const SHARED_MAXIMUM_PAGES = 65536;
/** Bytes kept at the start of a shared arena for its allocation word. */
const SHARED_HEADER_BYTES = ALIGN;

export class Arena {
  private top = 0;
  /** Pieces given back, by size. */
  private readonly free = new Map<number, number[]>();

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly shared: boolean,
  ) {}

  /** A fresh memory for one engine. */
  static private(): Arena {
    return new Arena(new WebAssembly.Memory({ initial: 1 }), false);
  }

  /** A fresh shared memory of at least `bytes`, for a session's inputs and its engines. */
  static shared(bytes: number): Arena {
    const initial = Math.ceil((bytes + SHARED_HEADER_BYTES) / PAGE_BYTES) + 1;
    const memory = new WebAssembly.Memory({ initial, maximum: SHARED_MAXIMUM_PAGES, shared: true });
    new Int32Array(memory.buffer, 0, 1)[0] = SHARED_HEADER_BYTES;
    return new Arena(memory, true);
  }

  /** The arena of a shared memory made by {@link Arena.shared} (in this thread or another). */
  static adopt(memory: WebAssembly.Memory): Arena {
    if (!(memory.buffer instanceof SharedArrayBuffer)) throw new TypeError("Arena.adopt: the memory is not shared");
    return new Arena(memory, true);
  }

  /** Reserves `bytes` (aligned, zeroed), growing the memory; returns the byte offset. */
  alloc(bytes: number): number {
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      new Uint8Array(this.memory.buffer, reused, size).fill(0);
      return reused;
    }
    let at: number;
    if (this.shared) {
      at = Atomics.add(new Int32Array(this.memory.buffer, 0, 1), 0, size);
    } else {
      at = this.top;
      this.top += size;
    }
    // Another thread may grow it at the same moment: then it grows a little more than needed.
    const missing = at + size - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return at;
  }

  /** Gives back a piece `alloc(bytes)` returned, for this thread's next engines (shared arenas only). */
  release(at: number, bytes: number): void {
    if (!this.shared) return;
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(at);
  }
}
