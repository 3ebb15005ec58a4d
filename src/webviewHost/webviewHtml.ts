import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * Fills an HTML template from `media/` for a webview: `#{cspSource}`,
 * `#{nonce}` (fresh per load, from crypto), and the URIs of its script and
 * stylesheet. The template's Content-Security-Policy allows nothing else.
 */
export async function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  files: { readonly template: string; readonly script: string; readonly style: string },
): Promise<string> {
  const template = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, files.template)));
  const values: Record<string, string> = {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, files.script)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, files.style)).toString(),
  };
  return template.replace(/#\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/** The folders a Tokenwise webview may load from. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}
