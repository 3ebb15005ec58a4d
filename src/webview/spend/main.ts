// The Spend view's script: renders what the host sends. The range, the chart's stacking, the sessions' order and the
// expanded sessions are kept across reloads with setState; the range is sent to the host, which computes it.
import { bindChartKeys, renderChart } from './chart';
import { el, section } from './dom';
import type {
  BreakdownRowView,
  TeamSpendView,
  AllowanceCardView,
  FromSpendViewMessage,
  SpendViewCommand,
  SpendViewModel,
  StackBy,
  TeamConfigView,
  ToSpendViewMessage,
  WasteView,
} from './protocol';
import { renderSessions, sortSessions, type SessionOrder } from './sessions';

interface ViewState {
  open: string[];
  stackBy: StackBy;
  sessionOrder: SessionOrder;
  range?: { id: string; from?: string; to?: string };
}

declare function acquireVsCodeApi(): {
  postMessage(message: FromSpendViewMessage): void;
  getState(): Partial<ViewState> | undefined;
  setState(state: ViewState): void;
};

const vscode = acquireVsCodeApi();
const state: ViewState = { open: [], stackBy: 'model', sessionOrder: 'recent', ...vscode.getState() };
let latest: SpendViewModel | undefined;

function renderPeriods(model: SpendViewModel): void {
  section('periods').replaceChildren(
    ...model.periods.map((period) => {
      const card = el('div', 'period');
      card.append(el('div', 'period-label', period.label), el('div', 'period-cost', period.cost), el('div', 'muted small', period.detail));
      return card;
    }),
  );
}

function renderRange(model: SpendViewModel): void {
  const select = section('range') as HTMLSelectElement;
  if (select.options.length !== model.ranges.length) {
    select.replaceChildren(
      ...model.ranges.map((range) => {
        const option = el('option', undefined, range.label);
        option.value = range.id;
        return option;
      }),
    );
  }
  if (document.activeElement !== select) select.value = model.range.id;
  const custom = section('custom-range');
  custom.hidden = select.value !== 'custom';
  for (const [id, value] of [
    ['range-from', model.range.from],
    ['range-to', model.range.to],
  ] as const) {
    const input = section(id) as HTMLInputElement;
    if (document.activeElement !== input && model.range.id === 'custom') input.value = value;
  }
  section('range-dates').textContent = model.range.dates;
  const error = section('range-error');
  error.hidden = !model.rangeError;
  error.textContent = model.rangeError ?? '';
  const notes = section('notes');
  notes.replaceChildren(...model.notes.map((note) => el('p', 'muted small', note)));
}

function renderBreakdowns(model: SpendViewModel): void {
  section('breakdowns').replaceChildren(
    ...model.breakdowns.map((breakdown) => {
      const box = el('div', 'breakdown');
      box.append(el('h3', undefined, breakdown.title));
      if (breakdown.rows.length === 0) box.append(el('div', 'muted small', 'Nothing in this range.'));
      for (const row of breakdown.rows) box.append(breakdownRow(row));
      return box;
    }),
  );
}

/** One row of a breakdown: its label, cost and share, and a bar of its share. */
function breakdownRow(row: BreakdownRowView): HTMLElement {
  const line = el('div', 'breakdown-row');
  line.title = row.detail;
  const meter = el('div', 'meter');
  const fill = el('div', 'meter-fill');
  fill.style.width = `${Math.round(row.share * 100)}%`;
  meter.append(fill);
  line.append(el('span', 'row-label', row.label), el('span', 'row-cost', `${row.cost} · ${row.percent}`));
  if (row.note) line.append(el('span', 'row-note muted small', row.note));
  line.append(meter);
  return line;
}

/** The team's spend from the team ledger, when the team config names one. */
function renderTeamSpend(team: TeamSpendView | undefined): void {
  section('team-spend-section').hidden = team === undefined;
  if (!team) return;
  (section('team-by') as HTMLSelectElement).value = team.by;
  section('team-spend-total').textContent = team.total;
  section('team-spend-rows').replaceChildren(...team.rows.map(breakdownRow));
  const note = section('team-spend-note');
  note.textContent = team.note;
  note.className = team.problem ? 'warning small' : 'muted small';
}

function renderWaste(waste: WasteView): void {
  section('waste-lines').replaceChildren(
    ...waste.lines.map((line) => {
      const row = el('div', 'waste-line');
      row.append(
        el('span', 'row-label', line.title),
        el('span', 'row-cost', line.value),
        el('span', 'muted small waste-basis', line.basis),
      );
      return row;
    }),
  );
  section('waste-sessions').replaceChildren(
    ...waste.sessions.map((entry) => {
      const row = el('div', 'waste-session');
      row.append(el('div', 'small', entry.title), el('div', 'muted small', entry.detail));
      return row;
    }),
  );
  const select = section('reprice') as HTMLSelectElement;
  if (select.options.length !== waste.repriceModels.length + 1) {
    const none = el('option', undefined, 'Choose a model…');
    none.value = '';
    select.replaceChildren(
      none,
      ...waste.repriceModels.map((model) => {
        const option = el('option', undefined, model.label);
        option.value = model.id;
        return option;
      }),
    );
  }
  if (document.activeElement !== select) select.value = waste.repriceModel ?? '';
  section('repriced').textContent = waste.repriced ?? '';
}

function renderAllSessions(model: SpendViewModel): void {
  const toggle = (key: string, open: boolean) => {
    state.open = open ? [...new Set([...state.open, key])] : state.open.filter((entry) => entry !== key);
    vscode.setState(state);
  };
  renderSessions(section('top-sessions'), model.topSessions, state.open, toggle);
  renderSessions(section('sessions'), sortSessions(model.sessions, state.sessionOrder), state.open, toggle);
  (section('session-order') as HTMLSelectElement).value = state.sessionOrder;
}

function renderLegend(model: SpendViewModel): void {
  const legend = section('legend');
  legend.replaceChildren(
    ...model.basis.map((entry) => {
      const item = el('li');
      item.append(
        el('span', `swatch basis-${entry.basis}`),
        el('span', undefined, `${entry.basis}: ${entry.label} — ${entry.cost} (${entry.count})`),
      );
      return item;
    }),
  );
  const note = section('unpriced');
  note.hidden = !model.unpricedNote;
  note.textContent = model.unpricedNote ?? '';
  const problems = section('problems');
  problems.hidden = model.problems.length === 0;
  const more = model.problems.length > 5 ? `; and ${model.problems.length - 5} more` : '';
  problems.textContent = model.problems.length
    ? `Skipped input that could not be used: ${model.problems.slice(0, 5).join('; ')}${more}`
    : '';
}

function allowanceCard(card: AllowanceCardView, index: number): HTMLElement {
  const box = el('article', `allowance status-${card.status}`);
  const nameId = `allowance-name-${index}`;
  box.setAttribute('aria-labelledby', nameId);
  const head = el('div', 'allowance-head');
  const name = el('span', 'allowance-name', card.name);
  name.id = nameId;
  head.append(name, el('span', 'allowance-percent', card.percent));
  const bar = el('div', 'allowance-bar');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-valuenow', String(card.valueNow));
  bar.setAttribute('aria-valuetext', `${card.percent} used: ${card.usedOfAmount}. ${card.statusText}.`);
  bar.setAttribute('aria-label', `${card.name}, ${card.period}`);
  // The tooltip holds the details, so the bar takes keyboard focus too.
  bar.title = card.detail;
  bar.tabIndex = 0;
  const fill = el('div', 'allowance-fill');
  // CSSOM, not a style attribute: allowed by the view's Content-Security-Policy.
  fill.style.width = `${card.bar * 100}%`;
  bar.append(fill);
  for (const mark of card.marks) {
    const tick = el('span', `allowance-mark${mark.reached ? ' reached' : ''}`);
    tick.style.left = `${mark.percent}%`;
    bar.append(tick);
  }
  const numbers = el('div', 'allowance-numbers');
  numbers.append(el('span', 'allowance-used', card.usedOfAmount), el('span', 'allowance-status', card.statusText));
  box.append(
    head,
    el('div', 'muted small', card.origin),
    bar,
    numbers,
    el('div', 'muted small allowance-period', card.period),
    el('div', 'small allowance-forecast', card.forecast),
  );
  if (card.team) box.append(el('div', 'small allowance-team', card.team));
  if (card.unpriced) box.append(el('div', 'warning small', card.unpriced));
  return box;
}

function renderAllowances(model: SpendViewModel): void {
  section('allowances').replaceChildren(...model.allowances.map(allowanceCard));
  section('no-allowance').hidden = model.allowances.length > 0;
}

function renderTeamConfig(team: TeamConfigView): void {
  const status = section('team-status');
  const lines: HTMLElement[] = [el('div', 'team-source', [team.source, team.checked].filter(Boolean).join(' · '))];
  if (team.origin) lines.push(el('div', 'muted small team-origin', team.origin));
  if (team.team) lines.push(el('div', 'small', `Team: ${team.team}`));
  if (team.error) lines.push(el('p', 'error small', team.error));
  if (team.notApplied) lines.push(el('p', 'warning small', team.notApplied));
  status.replaceChildren(...lines);
  section('team-hint').hidden = team.configured;
  const rows = team.inForce.map((row) => {
    const line = el('tr');
    const setBy = el('td', `set-by`, row.setBy);
    setBy.title = row.origin;
    line.append(el('td', undefined, row.setting), el('td', undefined, row.value), setBy);
    return line;
  });
  section('in-force-rows').replaceChildren(...rows);
}

let lookupsOpened = false;

function renderLookups(model: SpendViewModel): void {
  section('lookups').replaceChildren(
    ...model.lookups.map((lookup) => {
      const box = el('div', `lookup${lookup.enabled ? '' : ' off'}`);
      box.append(el('div', 'lookup-name', lookup.name));
      for (const folder of lookup.folders) {
        const line = el('div', 'small lookup-folder');
        line.append(
          el('code', undefined, folder.path),
          el('span', `folder-${folder.state === 'found' ? 'found' : 'missing'}`, ` ${folder.state}`),
        );
        box.append(line);
      }
      box.append(el('div', 'muted small', lookup.found));
      for (const reason of lookup.reasons) box.append(el('div', 'warning small', reason));
      return box;
    }),
  );
  // Open by itself when there is nothing to show, so the empty view says why; after that the user decides.
  if (model.empty && !lookupsOpened) (section('lookups-box') as HTMLDetailsElement).open = true;
  lookupsOpened ||= model.empty;
}

function render(model: SpendViewModel): void {
  latest = model;
  renderLookups(model);
  section('empty').hidden = !model.empty;
  section('content').hidden = model.empty;
  renderAllowances(model);
  renderTeamConfig(model.teamConfig);
  renderTeamSpend(model.teamSpend);
  section('timezone').textContent = `Days in ${model.timeZone}.`;
  renderRange(model);
  renderPeriods(model);
  renderChart(model.chart, state.stackBy);
  (section('stack-by') as HTMLSelectElement).value = state.stackBy;
  renderBreakdowns(model);
  renderWaste(model.waste);
  renderAllSessions(model);
  renderLegend(model);
}

function askRange(): void {
  const id = (section('range') as HTMLSelectElement).value;
  const from = (section('range-from') as HTMLInputElement).value;
  const to = (section('range-to') as HTMLInputElement).value;
  section('custom-range').hidden = id !== 'custom';
  if (id === 'custom' && (!from || !to)) return; // wait for both dates
  state.range = id === 'custom' ? { id, from, to } : { id };
  vscode.setState(state);
  vscode.postMessage({ type: 'setRange', ...state.range });
}

window.addEventListener('message', (event: MessageEvent<ToSpendViewMessage>) => {
  if (event.data.type === 'update') render(event.data.model);
});
document.querySelectorAll<HTMLButtonElement>('button[data-command]').forEach((button) => {
  button.addEventListener('click', () => vscode.postMessage({ type: 'command', command: button.dataset.command as SpendViewCommand }));
});
section('range').addEventListener('change', askRange);
section('range-from').addEventListener('change', askRange);
section('range-to').addEventListener('change', askRange);
section('stack-by').addEventListener('change', () => {
  state.stackBy = (section('stack-by') as HTMLSelectElement).value as StackBy;
  vscode.setState(state);
  if (latest) renderChart(latest.chart, state.stackBy);
});
section('session-order').addEventListener('change', () => {
  state.sessionOrder = (section('session-order') as HTMLSelectElement).value as SessionOrder;
  vscode.setState(state);
  if (latest) renderAllSessions(latest);
});
section('team-by').addEventListener('change', () => {
  vscode.postMessage({ type: 'setTeamBy', by: (section('team-by') as HTMLSelectElement).value });
});
section('reprice').addEventListener('change', () => {
  vscode.postMessage({ type: 'reprice', modelId: (section('reprice') as HTMLSelectElement).value });
});
bindChartKeys();
vscode.postMessage({ type: 'ready', range: state.range });
