// The comparison table's rows: rendering, and keyboard movement with one Tab stop (a roving tabindex: the active
// row is the only one in the Tab order; arrows, Home, End, Page Up and Page Down move it).
import type { ComparisonRowView } from './protocol';

function cell(text: string, className: string, title?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  if (title) td.title = title;
  return td;
}

function badge(text: string, className: string, title?: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `badge ${className}`;
  span.textContent = text;
  if (title) span.title = title;
  return span;
}

/** One row; `cheapest` is decided among the rows shown, so it is passed in. */
export function renderRow(row: ComparisonRowView, cheapest: boolean, withLeaves: boolean): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.tabIndex = -1;
  tr.dataset.model = row.modelId;
  tr.classList.toggle('current', row.current);
  if (row.current) tr.setAttribute('aria-current', 'true');
  const model = cell('', 'col-model');
  const name = document.createElement('span');
  name.className = 'model-name';
  name.textContent = `${row.favourite ? '★ ' : ''}${row.name}`;
  if (row.favourite) name.title = 'A favourite';
  const detail = document.createElement('span');
  detail.className = 'model-id';
  detail.textContent = `${row.providerName} · ${row.modelId}`;
  model.append(name);
  if (row.current) model.append(badge('your model', 'badge-current'));
  if (cheapest) model.append(badge('cheapest that fits', 'badge-cheapest'));
  if (row.status) model.append(badge(row.status, 'badge-status'));
  if (row.priceNote) model.append(badge('team price', 'badge-team', row.priceNote));
  model.append(detail);
  tr.append(
    model,
    cell(row.tokens, 'num col-tokens', row.tokensTitle),
    cell(row.input, 'num col-input', row.tokensTitle),
    cell(row.output, 'num col-output', row.outputTitle),
    cell(row.total, 'num col-total'),
    cell(row.relative, 'num col-relative'),
    cell(row.fitText, `col-fit fit-${row.fit}`, row.fitTitle),
    cell(row.cached, 'num col-cached'),
  );
  if (withLeaves) tr.append(cell(row.leaves ?? '—', `num col-leaves${(row.leavesValue ?? 0) < 0 ? ' over' : ''}`, row.leavesTitle));
  return tr;
}

/** The model among `rows` that may be marked cheapest: the lowest total of those known to fit. */
export function cheapestOf(rows: readonly ComparisonRowView[]): ComparisonRowView | undefined {
  let best: ComparisonRowView | undefined;
  for (const row of rows) {
    if (!row.cheapestEligible || row.totalValue === undefined) continue;
    if (!best || row.totalValue < (best.totalValue ?? Infinity)) best = row;
  }
  return best;
}

/** Rows a Page Up or Page Down moves over: as many as fit the visible part of the table. */
function pageSize(body: HTMLElement): number {
  const first = body.querySelector('tr');
  const wrap = body.closest('.table-wrap');
  if (!first || !wrap) return 10;
  return Math.max(1, Math.floor(wrap.clientHeight / Math.max(1, first.getBoundingClientRect().height)) - 1);
}

/**
 * Keyboard movement over the rows. `onActivate` runs for Enter (or Space) on a row, `onMove` when the active row
 * changes (so it can be kept across re-renders).
 */
export function bindRowKeys(body: HTMLTableSectionElement, onMove: (modelId: string) => void, onActivate: (modelId: string) => void): void {
  const rows = () => [...body.querySelectorAll<HTMLTableRowElement>('tr')];
  body.addEventListener('keydown', (event) => {
    const all = rows();
    const from = all.indexOf((event.target as HTMLElement).closest('tr') as HTMLTableRowElement);
    if (from < 0) return;
    const page = pageSize(body);
    const to: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      Home: 0,
      End: all.length - 1,
      PageDown: from + page,
      PageUp: from - page,
    };
    if (event.key in to) {
      event.preventDefault();
      const row = all[Math.min(all.length - 1, Math.max(0, to[event.key]))];
      focusRow(body, row);
      onMove(row.dataset.model ?? '');
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate(all[from].dataset.model ?? '');
    }
  });
  body.addEventListener('click', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (!row) return;
    focusRow(body, row);
    onMove(row.dataset.model ?? '');
  });
  body.addEventListener('dblclick', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (row?.dataset.model) onActivate(row.dataset.model);
  });
}

/** Makes `row` the one Tab stop of the table and focuses it. */
export function focusRow(body: HTMLElement, row: HTMLElement | null | undefined, focus = true): void {
  if (!row) return;
  for (const other of body.querySelectorAll<HTMLElement>('tr[tabindex="0"]')) other.tabIndex = -1;
  row.tabIndex = 0;
  if (focus) row.focus();
}
