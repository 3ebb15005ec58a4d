// The comparison view's script. Renders the rows the host sends; sorting, filtering, search and "show all" happen here
// and are kept across reloads with setState. The expected output and reasoning are sent to the host, which saves them.
import type { AssumptionField, ComparisonRowView, ComparisonUpdate, FromWebviewMessage, SortKey, ToWebviewMessage } from './protocol';
import { bindRowKeys, cheapestOf, focusRow, renderRow } from './rows';

interface ViewState {
  sort: SortKey;
  descending: boolean;
  provider: string;
  search: string;
  showAll: boolean;
  /** The row with the Tab stop, by model id. */
  active: string | undefined;
}

declare function acquireVsCodeApi(): {
  postMessage(message: FromWebviewMessage): void;
  getState(): Partial<ViewState> | undefined;
  setState(state: ViewState): void;
};

const vscode = acquireVsCodeApi();
const state: ViewState = {
  sort: 'total',
  descending: false,
  provider: '',
  search: '',
  showAll: false,
  active: undefined,
  ...vscode.getState(),
};
let latest: ComparisonUpdate | undefined;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const body = element<HTMLTableSectionElement>('rows');
const providerSelect = element<HTMLSelectElement>('provider');
const searchInput = element<HTMLInputElement>('search');
const showAllButton = element<HTMLButtonElement>('show-all');
const inputs: Record<AssumptionField, HTMLInputElement> = {
  outputTokens: element('output-tokens'),
  reasoningTokens: element('reasoning-tokens'),
};

const FIT_ORDER = ['fits', 'may-exceed', 'unknown', 'opt-in', 'exceeds'];
const SORT_VALUE: Record<SortKey, (row: ComparisonRowView) => number | string | undefined> = {
  name: (row) => row.name.toLowerCase(),
  tokens: (row) => row.tokensValue,
  input: (row) => row.inputValue,
  output: (row) => row.outputValue,
  total: (row) => row.totalValue,
  relative: (row) => row.relativeValue,
  cached: (row) => row.cachedValue,
  fit: (row) => FIT_ORDER.indexOf(row.fit),
  leaves: (row) => row.leavesValue,
};

function compare(a: ComparisonRowView, b: ComparisonRowView): number {
  const x = SORT_VALUE[state.sort](a);
  const y = SORT_VALUE[state.sort](b);
  if (x === undefined || y === undefined) return x === y ? a.name.localeCompare(b.name) : x === undefined ? 1 : -1; // unknown last
  const order = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
  return state.descending ? -order : order;
}

function shownRows(update: ComparisonUpdate): ComparisonRowView[] {
  const search = state.search.trim().toLowerCase();
  // A provider or a search reaches past the suggested set to every current model; "show all" to the rest.
  const filtered = state.provider !== '' || search !== '';
  return update.rows
    .filter((row) => state.showAll || row.suggested || (filtered && row.status === ''))
    .filter((row) => !state.provider || row.provider === state.provider)
    .filter((row) => !search || row.name.toLowerCase().includes(search) || row.modelId.toLowerCase().includes(search))
    .sort(compare);
}

function verdict(update: ComparisonUpdate, rows: readonly ComparisonRowView[], cheapest: ComparisonRowView | undefined): string {
  if (!update.prompt || rows.length === 0) return '';
  if (!cheapest) {
    const more = state.showAll ? '' : ' Show all models to look further.';
    return (
      `No model shown is known to fit this prompt (${update.prompt.inputTokens}): ` +
      `each is over its window, needs an opt-in, or has a window the catalog does not know.${more}`
    );
  }
  const relative = cheapest.current ? 'your model' : cheapest.relative === '—' ? '' : `${cheapest.relative} of yours`;
  return `Cheapest that fits: ${cheapest.name} at ${cheapest.total}${relative ? ` (${relative})` : ''}.`;
}

function render(): void {
  document.querySelectorAll<HTMLElement>('th[data-sort]').forEach((th) => {
    th.setAttribute('aria-sort', th.dataset.sort === state.sort ? (state.descending ? 'descending' : 'ascending') : 'none');
  });
  if (!latest) return;
  const update = latest;
  const hasPrompt = update.prompt !== undefined;
  element('empty-state').hidden = hasPrompt;
  element('table-wrap').hidden = !hasPrompt;
  element('controls').hidden = !hasPrompt;
  element('source').textContent = update.priceSource;
  element('leaves-column').hidden = !update.allowances;
  element('relative-header').title = `The total as a multiple of your model's (${update.currentModel})`;
  element('summary').textContent = update.prompt ? `${update.prompt.name}: ${update.prompt.description}` : 'Compare Models';
  renderAssumptions(update);
  const rows = shownRows(update);
  const cheapest = cheapestOf(rows);
  const hadFocus = body.contains(document.activeElement);
  body.replaceChildren(...rows.map((row) => renderRow(row, row === cheapest, update.allowances)));
  const suggested = update.rows.filter((row) => row.suggested).length;
  showAllButton.textContent = state.showAll ? `Show the ${suggested} suggested models` : `Show all ${update.rows.length} models`;
  showAllButton.setAttribute('aria-pressed', String(state.showAll));
  element('count').textContent = hasPrompt ? `${rows.length} of ${update.rows.length} models` : '';
  element('no-match').hidden = rows.length > 0 || !hasPrompt;
  element('verdict').textContent = verdict(update, rows, cheapest);
  const active =
    body.querySelector<HTMLElement>(`tr[data-model="${CSS.escape(state.active ?? '')}"]`) ??
    body.querySelector('tr.current') ??
    body.querySelector('tr');
  focusRow(body, active, hadFocus);
}

function renderAssumptions(update: ComparisonUpdate): void {
  const { assumptions } = update;
  for (const [field, input] of Object.entries(inputs) as [AssumptionField, HTMLInputElement][]) {
    if (document.activeElement !== input) input.value = String(assumptions[field]);
  }
  element('assumed-note').textContent =
    `Assumed, not measured: output from ${assumptions.outputOrigin}, reasoning from ${assumptions.reasoningOrigin}.`;
}

function updateProviders(providers: ComparisonUpdate['providers']): void {
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
  const message = event.data;
  if (message.type === 'selected') {
    element('announce').textContent = `${message.name} is now your model.`;
    return;
  }
  if (message.type !== 'update') return;
  const firstUpdate = !latest;
  latest = message;
  if (firstUpdate) updateProviders(message.providers);
  render();
  // The panel opens with the focus in the table, on your model's row.
  if (firstUpdate && message.prompt) focusRow(body, body.querySelector<HTMLElement>('tr[tabindex="0"]'));
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
showAllButton.addEventListener('click', () => {
  state.showAll = !state.showAll;
  save();
});
for (const [field, input] of Object.entries(inputs) as [AssumptionField, HTMLInputElement][]) {
  input.addEventListener('change', () => {
    const tokens = Number(input.value);
    if (input.value.trim() !== '' && Number.isInteger(tokens) && tokens >= 0 && tokens <= Number(input.max)) {
      vscode.postMessage({ type: 'setAssumption', field, tokens });
    } else if (latest) input.value = String(latest.assumptions[field]);
  });
}
bindRowKeys(
  body,
  (modelId) => {
    state.active = modelId;
    vscode.setState(state);
  },
  (modelId) => vscode.postMessage({ type: 'selectModel', modelId }),
);

searchInput.value = state.search;
render();
vscode.postMessage({ type: 'ready' });
