// The one way Tokenwise shows a notification: the message is made plain first (no links from names it quotes).
import * as vscode from 'vscode';
import { plainNotification } from '../core';

type Show = typeof vscode.window.showInformationMessage;

function plain(show: () => Show): Show {
  return ((message: string, ...rest: unknown[]) =>
    (show() as (message: string, ...rest: unknown[]) => Thenable<unknown>).call(
      vscode.window,
      plainNotification(message),
      ...rest,
    )) as Show;
}

export const notify = {
  info: plain(() => vscode.window.showInformationMessage),
  warn: plain(() => vscode.window.showWarningMessage),
  error: plain(() => vscode.window.showErrorMessage),
};
