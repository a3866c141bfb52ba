// The search field's state: what is typed, the hits of the latest query (asked for a
// moment after typing pauses, and only the latest answer shown), and the core's word on a
// query it cannot read. While a query is typed, the list pane shows its hits.
import type { Hit, IpcError } from '../bindings';
import { asIpcError } from '../ipc';
import { call as invokeCommand, type Call } from './call';

/** How long the field waits for the next keystroke before it searches. */
export const SEARCH_DELAY_MS = 120;

export class SearchState {
  query = $state('');
  hits = $state.raw<Hit[]>([]);
  /** Why the query cannot be read, as the core says it (with the character). */
  error = $state<IpcError | null>(null);
  /** Whether the hits shown are those of what is typed now. */
  current = $state(true);
  private token = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly active = $derived(this.query.trim() !== '');

  constructor(
    private readonly call: Call = invokeCommand,
    private readonly delay = SEARCH_DELAY_MS,
  ) {}

  /** What the field holds now: searched once typing pauses. */
  type(query: string): void {
    this.query = query;
    this.current = false;
    clearTimeout(this.timer);
    if (!this.active) {
      this.token++;
      this.hits = [];
      this.error = null;
      this.current = true;
      return;
    }
    this.timer = setTimeout(() => void this.run(), this.delay);
  }

  /** Searches for what is typed now. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    const token = ++this.token;
    const query = this.query;
    try {
      const hits = await this.call('search', { query, sort: null, limit: 100 });
      if (token !== this.token) return;
      this.hits = hits;
      this.error = null;
    } catch (e) {
      if (token !== this.token) return;
      this.error = asIpcError(e);
    } finally {
      if (token === this.token) this.current = true;
    }
  }

  clear(): void {
    this.type('');
  }
}

export const search = new SearchState();
