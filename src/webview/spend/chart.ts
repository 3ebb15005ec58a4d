// The Spend view's chart: stacked bars on a scale with round ticks, dated labels, one Tab stop (arrow keys, Home and
// End move between bars, and the focused bar is said in words), and a table with the same numbers for screen readers.
import { el, section } from './dom';
import type { ChartView, StackBy } from './protocol';

/** Theme chart colours, in series order; the last is "Other". */
const COLORS = ['blue', 'orange', 'green', 'purple', 'red', 'other'];

let focused = -1;

export function renderChart(chart: ChartView, stackBy: StackBy): void {
  const series = chart.series[stackBy];
  const bars = chart.bars.map((bar, index) => {
    const column = el('div', 'bar');
    column.setAttribute('role', 'listitem');
    column.setAttribute('aria-label', bar.spoken);
    column.title = bar.spoken;
    column.dataset.index = String(index);
    column.tabIndex = -1;
    const stack = el('div', 'bar-stack');
    // CSSOM, not a style attribute: allowed by the view's Content-Security-Policy.
    stack.style.height = `${chart.max > 0 ? (bar.value / chart.max) * 100 : 0}%`;
    bar.stacks[stackBy].forEach((value, part) => {
      if (!(value > 0)) return;
      const segment = el('div', `segment color-${COLORS[series[part]?.color ?? 5]}`);
      segment.style.height = `${bar.value > 0 ? (value / bar.value) * 100 : 0}%`;
      stack.prepend(segment);
    });
    if (bar.value > 0 && stack.childElementCount === 0) stack.append(el('div', 'segment color-blue'));
    column.append(stack);
    return column;
  });
  const plot = section('chart');
  plot.replaceChildren(...bars);
  plot.setAttribute('aria-label', chart.title);
  focused = Math.min(Math.max(focused, 0), bars.length - 1);
  if (bars[focused]) bars[focused].tabIndex = 0;
  section('chart-axis').replaceChildren(
    ...[...chart.ticks].reverse().map((tick) => {
      const label = el('span', 'tick', tick.label);
      return label;
    }),
  );
  const labels = [0, Math.floor((chart.bars.length - 1) / 2), chart.bars.length - 1].filter((value, i, all) => all.indexOf(value) === i);
  section('chart-labels').replaceChildren(...labels.map((index) => el('span', 'x-label', chart.bars[index]?.label ?? '')));
  section('chart-legend').replaceChildren(
    ...series.map((entry) => {
      const item = el('li');
      item.append(el('span', `swatch color-${COLORS[entry.color]}`), el('span', undefined, entry.label));
      return item;
    }),
  );
  section('chart-focus').textContent = chart.bars[focused]?.spoken ?? '';
  renderChartTable(chart, stackBy);
}

function renderChartTable(chart: ChartView, stackBy: StackBy): void {
  const series = chart.series[stackBy];
  const head = el('tr');
  for (const title of [chart.bucket === 'week' ? 'Week' : 'Day', 'Cost', ...series.map((entry) => entry.label)]) {
    head.append(el('th', undefined, title));
  }
  const rows = chart.bars.map((bar) => {
    const row = el('tr');
    row.append(el('td', undefined, bar.longLabel), el('td', 'num', bar.cost));
    for (const text of bar.stackCosts[stackBy]) row.append(el('td', 'num', text));
    return row;
  });
  section('chart-table').replaceChildren(head, ...rows);
}

/** Arrow keys, Home and End move the one Tab stop between bars. */
export function bindChartKeys(): void {
  const plot = section('chart');
  plot.addEventListener('keydown', (event) => {
    const bars = [...plot.querySelectorAll<HTMLElement>('.bar')];
    const moves: Record<string, number> = { ArrowRight: focused + 1, ArrowLeft: focused - 1, Home: 0, End: bars.length - 1 };
    if (!(event.key in moves) || bars.length === 0) return;
    event.preventDefault();
    focused = Math.min(bars.length - 1, Math.max(0, moves[event.key]));
    bars.forEach((bar, index) => (bar.tabIndex = index === focused ? 0 : -1));
    bars[focused].focus();
    section('chart-focus').textContent = bars[focused].getAttribute('aria-label') ?? '';
  });
  plot.addEventListener('click', (event) => {
    const bar = (event.target as HTMLElement).closest<HTMLElement>('.bar');
    if (!bar) return;
    focused = Number(bar.dataset.index);
    section('chart-focus').textContent = bar.getAttribute('aria-label') ?? '';
  });
}
