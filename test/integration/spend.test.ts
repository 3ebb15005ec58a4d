import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findModel } from '../../src/core/models';
import { formatUsd } from '../../src/core';
import { claudeLine } from '../support/claudeLog';
import { api, openUntitled, resetEditorsAndContext, waitFor, waitForStatus, workspaceFile, onlyUsageSources } from './helpers';

describe('spend from agent logs', function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  const config = () => vscode.workspace.getConfiguration('tokenwise');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-agent-logs-'));
    const projects = join(dir, 'projects');
    mkdirSync(join(projects, '-home-dev-shop'), { recursive: true });
    log = join(projects, '-home-dev-shop', 'spend-session.jsonl');
    writeFileSync(
      log,
      claudeLine({
        messageId: 'mA',
        requestId: 'rA',
        time: new Date().toISOString(),
        input: 2000,
        output: 400,
        sessionId: 'spend-session',
      }),
    );
    await config().update('usageSources', onlyUsageSources({ 'claude-code': { paths: [projects] } }), vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('usageSources', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });

  const session = async () => (await api()).spendView().sessions.find((candidate) => candidate.key === 'claude-code:spend-session');

  it('reads a Claude Code log from the configured folder into the Spend view', async () => {
    await vscode.commands.executeCommand('tokenwise.rescanUsage');
    const found = await waitFor(session, (value) => value !== undefined, 'the session in the Spend view');
    assert.equal(found!.agent, 'Claude Code', 'the agent by its name, from the reader registry');
    assert.equal(found!.project, 'shop');
    assert.equal(found!.requests.length, 1);
    const sonnet = findModel('claude-sonnet-4-5')!;
    const usd = (2000 * sonnet.rates.input! + 400 * sonnet.rates.output!) / 1e6;
    assert.equal(found!.requests[0].cost, `$${usd < 0.1 ? Number(usd.toPrecision(2)) : usd.toFixed(2)}`);
    const model = (await api()).spendView();
    assert.equal(model.empty, false);
    assert.ok(model.basis.some((entry) => entry.basis === 'calculated' && entry.count >= 1));
    assert.equal(model.range.id, 'this-month', 'opened on a range with spend');
    assert.ok(model.chart.bars.at(-1)!.value >= usd - 1e-12, 'today has the request');
  });

  it('follows the log as the agent appends to it', async () => {
    appendFileSync(
      log,
      claudeLine({ messageId: 'mB', requestId: 'rB', time: new Date().toISOString(), input: 100, output: 50, sessionId: 'spend-session' }),
    );
    await waitFor(session, (value) => value?.requests.length === 2, 'the second request, without a rescan', 30_000);
  });

  it('exports the spend as CSV', async () => {
    const path = join(dir, 'export.csv');
    await vscode.commands.executeCommand('tokenwise.exportSpend', { range: 'all', format: 'csv', path });
    const lines = readFileSync(path, 'utf8').trim().split(/\r\n/);
    assert.match(lines[0], /^id,time,source,sessionId,project,model,input,/);
    assert.ok(lines.filter((line) => line.includes(',claude-code,spend-session,')).length === 2, lines.join('\n'));
  });

  it('Configure Usage Sources writes the folders where this host applies them, and the view says where it looked', async () => {
    // This host is remote-style (the server is code-server): usageSources, a machine setting, applies only from
    // the machine's user settings, which is where the command writes it.
    const other = join(dir, 'elsewhere');
    mkdirSync(join(other, '-home-dev-api'), { recursive: true });
    writeFileSync(
      join(other, '-home-dev-api', 'configured.jsonl'),
      claudeLine({
        messageId: 'mC',
        requestId: 'rC',
        time: new Date().toISOString(),
        input: 300,
        output: 30,
        sessionId: 'configured-session',
      }),
    );
    const missing = join(dir, 'not-there');
    await vscode.commands.executeCommand('tokenwise.configureUsageSources', { source: 'claude-code', paths: [other, missing] });
    assert.deepEqual((config().inspect('usageSources')?.globalValue as Record<string, { paths?: string[] }>)['claude-code'].paths, [
      other,
      missing,
    ]);
    assert.deepEqual(
      config().get<Record<string, { paths?: string[] }>>('usageSources')?.['claude-code'].paths,
      [other, missing],
      'applied',
    );
    const spend = async () => (await api()).spendView();
    await waitFor(
      async () => (await spend()).sessions.some((candidate) => candidate.key === 'claude-code:configured-session'),
      (found) => found,
      'the session read from the configured folder',
      30_000,
    );
    const claude = (await spend()).lookups.find((lookup) => lookup.name === 'Claude Code')!;
    assert.deepEqual(
      claude.folders.map((folder) => [folder.path, folder.state]),
      [
        [other, 'found'],
        [missing, 'not there'],
      ],
    );
    assert.match(claude.found, /^1 log files, \d+ new events; read /);
    assert.match((await spend()).lookups.find((lookup) => lookup.name === 'Codex CLI')!.found, /Switched off/);
  });
});

describe('allowances and the team config in the Spend view', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('tokenwise');
  const view = async () => (await api()).spendView();
  const personal = async () => (await view()).allowances.find((card) => card.key === 'personal:personal');
  const usedUsd = async () => (await api()).allowances().usages.find((usage) => usage.id === 'personal')?.used;
  const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

  after(async () => {
    await config().update('allowance', undefined, vscode.ConfigurationTarget.Global);
    await resetEditorsAndContext();
  });

  it('shows a personal allowance from settings with what a recorded prompt used', async () => {
    await config().update('allowance', { usd: 5, period: 'day', timeZone: 'UTC' }, vscode.ConfigurationTarget.Global);
    const first = await waitFor(personal, (card) => card !== undefined, 'the personal allowance card');
    assert.equal(first!.name, 'Your allowance');
    assert.equal(first!.origin, 'Personal · daily · soft');
    assert.equal(first!.period, `${today.format(new Date())} (UTC)`);
    const before = (await usedUsd())!;

    await openUntitled('Summarize the open pull requests of this week in five bullet points.');
    await waitForStatus((status) => status.visible && / tok · /.test(status.text), 'with the prompt counted');
    const event = await vscode.commands.executeCommand<{ usd?: number } | undefined>('tokenwise.recordPromptAsSent');
    assert.ok(event?.usd, 'the prompt was recorded with a price');
    const used = await waitFor(usedUsd, (value) => value !== undefined && value > before, 'the allowance to count the prompt');
    assert.ok(Math.abs(used! - before - event.usd) < 1e-9, `it grew by the prompt's cost: ${before} → ${used}`);

    const card = await waitFor(personal, (value) => value?.usedOfAmount === `${formatUsd(used)} of $5.00`, 'the card with the new total');
    assert.equal(card!.percent, `${Math.round((used! / 5) * 100)}%`);
    assert.ok(Math.abs(card!.bar - Math.min(1, used! / 5)) < 1e-9);
    assert.deepEqual(
      card!.marks.map((mark) => mark.percent),
      [50, 80, 100],
    );
    assert.match(card!.forecast, /^Forecast: (not enough data yet|\$[\d,.]+ by the period's end)/);
  });

  it('shows the team config, its allowance and what it sets, and drops them when the file goes', async () => {
    const file = workspaceFile('.tokenwise.json');
    const team = {
      team: 'Platform',
      allowances: [{ id: 'team-daily', name: 'Team daily', amount: { usd: 50 }, period: 'day', timeZone: 'UTC' }],
    };
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(team, null, 2)));
    try {
      await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
      const shown = await waitFor(view, (model) => model.teamConfig.team === 'Platform', 'the team config in the Spend view');
      assert.equal(shown.teamConfig.source, 'Workspace .tokenwise.json');
      assert.equal(shown.teamConfig.origin, file.fsPath);
      assert.equal(shown.teamConfig.checked, 'checked just now');
      assert.equal(shown.teamConfig.error, undefined);
      const teamCard = shown.allowances.find((card) => card.key === 'team:team-daily');
      assert.equal(teamCard?.origin, 'Team · daily · soft');
      assert.match(teamCard!.usedOfAmount, / of \$50\.00$/);
      const rows = shown.teamConfig.inForce;
      assert.deepEqual(
        rows.find((row) => row.setting === 'Team allowances'),
        { setting: 'Team allowances', value: 'Team daily', setBy: 'team (.tokenwise.json)', origin: file.fsPath },
      );
      assert.ok(rows.filter((row) => row.setBy.startsWith('team')).length === 1, 'the file sets only its allowances');
    } finally {
      await vscode.workspace.fs.delete(file);
      await vscode.commands.executeCommand('tokenwise.syncTeamConfig');
    }
    const after = await waitFor(view, (model) => model.teamConfig.source === 'No team config', 'no team config once the file is gone');
    assert.equal(
      after.allowances.some((card) => card.key === 'team:team-daily'),
      false,
    );
  });
});
