// The Spend view's script: renders what the host sends. Expanded sessions are
// kept across reloads with setState.
import type {
  AllowanceCardView,
  FromSpendViewMessage,
  SpendViewCommand,
  SpendViewModel,
  TeamConfigView,
  ToSpendViewMessage,
} from './protocol';

interface ViewState {
  open: string[];
}

declare function acquireVsCodeApi(): {
  postMessage(message: FromSpendViewMessage): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
};

const vscode = acquireVsCodeApi();
const state: ViewState = vscode.getState() ?? { open: [] };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function section(id: string): HTMLElement {
  return document.getElementById(id) as HTMLElement;
}

function renderPeriods(model: SpendViewModel): void {
  section('periods').replaceChildren(
    ...model.periods.map((period) => {
      const card = el('div', 'period');
      card.append(el('div', 'period-label', period.label), el('div', 'period-cost', period.cost), el('div', 'muted small', period.detail));
      return card;
    }),
  );
}

function renderChart(model: SpendViewModel): void {
  const max = Math.max(...model.daily.map((day) => day.value));
  const bars = model.daily.map((day) => {
    const bar = el('div', `bar${day.unpriced ? ' unpriced' : ''}`);
    bar.setAttribute('role', 'listitem');
    bar.setAttribute('aria-label', `${day.label}: ${day.cost}`);
    bar.title = `${day.label}: ${day.cost}`;
    bar.tabIndex = 0;
    const fill = el('div', 'bar-fill');
    // CSSOM, not a style attribute: allowed by the view's Content-Security-Policy.
    fill.style.height = `${max > 0 ? Math.max(2, Math.round((day.value / max) * 100)) : 0}%`;
    bar.append(fill);
    return bar;
  });
  const chart = section('chart');
  chart.replaceChildren(...bars);
  section('chart-range').textContent = model.daily.length ? `${model.daily[0].label} – ${model.daily[model.daily.length - 1].label}` : '';
}

function renderBreakdowns(model: SpendViewModel): void {
  section('breakdowns').replaceChildren(
    ...model.breakdowns.map((breakdown) => {
      const box = el('div', 'breakdown');
      box.append(el('h3', undefined, breakdown.title));
      if (breakdown.rows.length === 0) box.append(el('div', 'muted small', 'Nothing this month.'));
      for (const row of breakdown.rows) {
        const line = el('div', 'breakdown-row');
        line.title = row.detail;
        const meter = el('div', 'meter');
        const fill = el('div', 'meter-fill');
        fill.style.width = `${Math.round(row.share * 100)}%`;
        meter.append(fill);
        line.append(el('span', 'row-label', row.label), el('span', 'row-cost', row.cost), meter);
        box.append(line);
      }
      return box;
    }),
  );
}

function renderSessions(model: SpendViewModel): void {
  const list = section('sessions');
  if (model.sessions.length === 0) {
    list.replaceChildren(el('div', 'muted small', 'No sessions yet.'));
    return;
  }
  list.replaceChildren(
    ...model.sessions.map((session) => {
      const details = el('details', 'session');
      details.open = state.open.includes(session.key);
      details.addEventListener('toggle', () => {
        state.open = details.open ? [...new Set([...state.open, session.key])] : state.open.filter((key) => key !== session.key);
        vscode.setState(state);
      });
      const summary = el('summary');
      summary.append(el('span', 'session-title', session.title), el('span', 'row-cost', session.cost));
      const meta = el('div', 'muted small', `${session.when} · ${session.duration} · ${session.tokens} · ${session.models}`);
      const table = el('table', 'requests');
      const head = el('tr');
      for (const title of ['Time', 'Model', 'Tokens', 'Cost', 'Basis']) head.append(el('th', undefined, title));
      table.append(head);
      for (const request of session.requests) {
        const row = el('tr');
        row.append(
          el('td', undefined, request.time),
          el('td', undefined, request.model),
          el('td', 'num', request.tokens),
          el('td', 'num', request.cost),
          el('td', `basis basis-${request.basis}`, request.basis),
        );
        table.append(row);
      }
      details.append(summary, meta, table);
      return details;
    }),
  );
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
  problems.textContent = model.problems.length
    ? `Skipped input that could not be used: ${model.problems.slice(0, 5).join('; ')}${model.problems.length > 5 ? `; and ${model.problems.length - 5} more` : ''}`
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

function render(model: SpendViewModel): void {
  section('empty').hidden = !model.empty;
  section('content').hidden = model.empty;
  renderAllowances(model);
  renderTeamConfig(model.teamConfig);
  section('timezone').textContent = `Days in ${model.timeZone}.`;
  renderPeriods(model);
  renderChart(model);
  renderBreakdowns(model);
  renderSessions(model);
  renderLegend(model);
}

window.addEventListener('message', (event: MessageEvent<ToSpendViewMessage>) => {
  if (event.data.type === 'update') render(event.data.model);
});
document.querySelectorAll<HTMLButtonElement>('button[data-command]').forEach((button) => {
  button.addEventListener('click', () => vscode.postMessage({ type: 'command', command: button.dataset.command as SpendViewCommand }));
});
vscode.postMessage({ type: 'ready' });
