// Reading a long list page by page, bounded and a few pages at a time. GitHub lists newest
// first; a history is read until a page reaches past the period (`done`) or comes back short
// (the last page). The first page is read alone, as a small history ends there; after it,
// `concurrency` pages are in flight at once, and at most concurrency - 1 are read past the
// end. Each page is one call.
export const PER_PAGE = 100;

export async function readPages<T>(
  fetchPage: (page: number) => Promise<T[]>,
  o: {
    /** True when nothing after this page can matter (it reached past the period). */
    done?: (page: T[]) => boolean;
    concurrency?: number;
  } = {},
): Promise<T[]> {
  const width = Math.max(1, o.concurrency ?? 1);
  const items: T[] = [];
  let next = 1;
  for (let batch = 1; ; batch = width) {
    const numbers = Array.from({ length: batch }, (_, i) => next + i);
    next += batch;
    const answers = await Promise.all(numbers.map((n) => fetchPage(n)));
    for (const page of answers) {
      items.push(...page);
      if (page.length < PER_PAGE || o.done?.(page)) return items;
    }
  }
}

/** Runs `work` over the items, at most `limit` at a time; results in the items' order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
