// The comparison view's script. Renders the rows the host sends; sorting,
// filtering and search happen here and are kept across reloads with setState.
import type { ComparisonRowView, FromWebviewMessage, SortKey, ToWebviewMessage } from './protocol';

interface ViewState {
  sort: SortKey;
  descending: boolean;
  provider: string;
  search: string;
  favouritesFirst: boolean;
}

declare function acquireVsCodeApi(): {
  postMessage(message: FromWebviewMessage): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
};

const vscode = acquireVsCodeApi();
const state: ViewState = vscode.getState() ?? { sort: 'total', descending: false, provider: '', search: '', favouritesFirst: true };
let latest: ToWebviewMessage | undefined;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const body = element<HTMLTableSectionElement>('rows');
const providerSelect = element<HTMLSelectElement>('provider');
const searchInput = element<HTMLInputElement>('search');
const favouritesBox = element<HTMLInputElement>('favourites-first');

const SORT_VALUE: Record<SortKey, (row: ComparisonRowView) => number | string | undefined> = {
  name: (row) => row.name.toLowerCase(),
  provider: (row) => row.providerName.toLowerCase(),
  tokens: (row) => row.tokensValue,
  input: (row) => row.inputValue,
  output: (row) => row.outputValue,
  total: (row) => row.totalValue,
  cached: (row) => row.cachedValue,
  fit: (row) => ['fits', 'may-exceed', 'unknown', 'exceeds'].indexOf(row.fit),
  leaves: (row) => row.leavesValue,
};

function compare(a: ComparisonRowView, b: ComparisonRowView): number {
  if (state.favouritesFirst && a.favourite !== b.favourite) return a.favourite ? -1 : 1;
  const x = SORT_VALUE[state.sort](a);
  const y = SORT_VALUE[state.sort](b);
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1; // unknown last, either way
  const order = x < y ? -1 : x > y ? 1 : 0;
  return state.descending ? -order : order;
}

function cell(text: string, className?: string, title?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  if (title) td.title = title;
  return td;
}

function badge(text: string, title?: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'badge';
  span.textContent = text;
  if (title) span.title = title;
  return span;
}

function renderRow(row: ComparisonRowView): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.tabIndex = 0;
  tr.dataset.model = row.modelId;
  tr.classList.toggle('selected', row.selected);
  tr.setAttribute('aria-selected', String(row.selected));
  const name = cell('', 'model');
  const label = document.createElement('span');
  label.textContent = `${row.favourite ? '★ ' : ''}${row.name}`;
  const id = document.createElement('span');
  id.className = 'model-id';
  id.textContent = row.modelId;
  name.append(label, id);
  if (row.cheapest) name.append(badge('cheapest'));
  if (row.priceNote) name.append(badge('team price', row.priceNote));
  tr.append(
    name,
    cell(row.providerName, 'provider'),
    cell(row.tokens, 'num', row.tokensTitle),
    cell(row.input, 'num'),
    cell(row.output, 'num'),
    cell(row.total, 'num total'),
    cell(row.cached, 'num'),
    cell(row.fitText, `fit fit-${row.fit}`, row.fitTitle),
  );
  if (latest?.allowances) tr.append(cell(row.leaves ?? '—', `num leaves${(row.leavesValue ?? 0) < 0 ? ' over' : ''}`, row.leavesTitle));
  return tr;
}

function render(): void {
  document.querySelectorAll<HTMLElement>('th[data-sort]').forEach((th) => {
    th.setAttribute('aria-sort', th.dataset.sort === state.sort ? (state.descending ? 'descending' : 'ascending') : 'none');
  });
  if (!latest) return;
  element('source').textContent = latest.priceSource;
  element('leaves-column').hidden = !latest.allowances;
  element('summary').textContent = latest.prompt
    ? `${latest.prompt.name}: ${latest.prompt.description}, ${latest.prompt.expectedOutput}`
    : 'Open a prompt in an editor to compare what it costs on each model.';
  const search = state.search.trim().toLowerCase();
  const rows = latest.rows
    .filter((row) => !state.provider || row.provider === state.provider)
    .filter((row) => !search || row.name.toLowerCase().includes(search) || row.modelId.toLowerCase().includes(search))
    .sort(compare);
  body.replaceChildren(...rows.map(renderRow));
  element('count').textContent = `${rows.length} of ${latest.rows.length} models`;
  element('empty').hidden = rows.length > 0 || !latest.prompt;
}

function updateProviders(providers: ToWebviewMessage['providers']): void {
  const options = [{ id: '', name: 'All providers' }, ...providers].map(({ id, name }) => {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = name;
    return option;
  });
  providerSelect.replaceChildren(...options);
  providerSelect.value = state.provider;
}

function save(): void {
  vscode.setState(state);
  render();
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  if (event.data.type !== 'update') return;
  const firstUpdate = !latest;
  latest = event.data;
  if (firstUpdate) updateProviders(event.data.providers);
  render();
});

document.querySelectorAll<HTMLButtonElement>('th[data-sort] button').forEach((button) => {
  button.addEventListener('click', () => {
    const key = button.parentElement?.dataset.sort as SortKey;
    state.descending = state.sort === key ? !state.descending : false;
    state.sort = key;
    save();
  });
});
providerSelect.addEventListener('change', () => {
  state.provider = providerSelect.value;
  save();
});
searchInput.addEventListener('input', () => {
  state.search = searchInput.value;
  save();
});
favouritesBox.addEventListener('change', () => {
  state.favouritesFirst = favouritesBox.checked;
  save();
});

function select(row: HTMLElement | null): void {
  if (row?.dataset.model) vscode.postMessage({ type: 'selectModel', modelId: row.dataset.model });
}
body.addEventListener('dblclick', (event) => select((event.target as HTMLElement).closest('tr')));
body.addEventListener('keydown', (event) => {
  const row = (event.target as HTMLElement).closest('tr');
  if (event.key === 'Enter') select(row);
  if (event.key === 'ArrowDown') (row?.nextElementSibling as HTMLElement | null)?.focus();
  if (event.key === 'ArrowUp') (row?.previousElementSibling as HTMLElement | null)?.focus();
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') event.preventDefault();
});

searchInput.value = state.search;
favouritesBox.checked = state.favouritesFirst;
render();
vscode.postMessage({ type: 'ready' });
