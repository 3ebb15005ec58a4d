// The Spend view's sessions: the costliest of the range, and all of them, recent or costliest first; each expands
// to its requests. Expanded sessions are kept across reloads by the caller's state.
import { el } from './dom';
import type { SessionView } from './protocol';

export function renderSessions(
  list: HTMLElement,
  sessions: readonly SessionView[],
  open: readonly string[],
  onToggle: (key: string, open: boolean) => void,
): void {
  if (sessions.length === 0) {
    list.replaceChildren(el('div', 'muted small', 'No sessions in this range.'));
    return;
  }
  list.replaceChildren(
    ...sessions.map((session) => {
      const details = el('details', 'session');
      details.open = open.includes(session.key);
      details.addEventListener('toggle', () => onToggle(session.key, details.open));
      const summary = el('summary');
      const title = el('span', 'session-title');
      title.append(el('span', 'session-agent', session.agent), el('span', 'muted', ` · ${session.date} · ${session.project}`));
      summary.append(title, el('span', 'row-cost', session.cost));
      summary.title = [session.agent, session.project, session.title, session.when, session.cost].filter(Boolean).join(' · ');
      const meta = el('div', 'muted small session-meta');
      if (session.title) meta.append(el('div', 'session-name', `“${session.title}”`));
      meta.append(
        el('div', undefined, `${session.when} (${session.duration})`),
        el('div', 'session-models', `${session.tokens} · ${session.models}`),
      );
      const table = el('table', 'requests');
      const head = el('tr');
      for (const name of ['Time', 'Model', 'Tokens', 'Cost']) {
        head.append(el('th', name === 'Tokens' || name === 'Cost' ? 'num' : undefined, name));
      }
      table.append(head);
      for (const request of session.requests) {
        const row = el('tr');
        const model = el('td', 'request-model', request.model);
        model.title = `${request.model} · ${request.basis}`;
        row.append(
          el('td', 'request-time', request.time),
          model,
          el('td', 'num', request.tokens),
          el('td', `num basis-${request.basis}`, request.cost),
        );
        table.append(row);
      }
      details.append(summary, meta);
      if (session.requests.length > 0) details.append(table);
      return details;
    }),
  );
}

export type SessionOrder = 'recent' | 'cost';

export function sortSessions(sessions: readonly SessionView[], order: SessionOrder): SessionView[] {
  return [...sessions].sort((a, b) => (order === 'cost' ? b.usd - a.usd : b.lastTime.localeCompare(a.lastTime)));
}
