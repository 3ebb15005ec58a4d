// Checks of a JSON text's shape that must come before it is parsed, and a linear way to find where a value is.
//
// jsonc-parser parses by recursion, so deep nesting overflows the stack; it assigns `__proto__` as an ordinary
// assignment, so values under it are inherited rather than owned; and it keeps the last of duplicate keys without a
// word. One pass of its scanner (no recursion, linear in the text) finds all of these first, each at its position.
import { createScanner, SyntaxKind, type Node } from 'jsonc-parser';

export const JSON_STRUCTURE_LIMITS = {
  /** Objects and arrays inside each other: a team config needs five. */
  maxDepth: 32,
  /** Properties of one object or items of one array: far more models than any catalog lists. */
  maxMembers: 5000,
} as const;

/** Keys that name the prototype machinery of JavaScript objects: never a setting. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface StructureProblem {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

interface Frame {
  readonly kind: 'object' | 'array';
  members: number;
  expectKey: boolean;
  readonly keys: Set<string>;
}

/** Problems of nesting, size, duplicate and forbidden keys, in document order; at most `maxProblems`. */
export function checkJsonStructure(text: string, limits = JSON_STRUCTURE_LIMITS, maxProblems = 20): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const scanner = createScanner(text, true);
  const stack: Frame[] = [];
  const add = (message: string, offset: number, length: number) => problems.push({ message, offset, length });
  const countMember = (frame: Frame | undefined, offset: number, length: number): boolean => {
    if (!frame) return true;
    frame.members++;
    if (frame.members <= limits.maxMembers) return true;
    const what = frame.kind === 'object' ? 'properties' : 'items';
    add(`Too many ${what}: an ${frame.kind} may have at most ${limits.maxMembers}.`, offset, length);
    return false;
  };
  for (let token = scanner.scan(); token !== SyntaxKind.EOF && problems.length < maxProblems; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    const top = stack[stack.length - 1];
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (top?.kind === 'array' && top.members === 0 && !countMember(top, offset, length)) return problems;
        if (stack.length >= limits.maxDepth) {
          add(`Nested too deeply: at most ${limits.maxDepth} levels of objects and arrays.`, offset, length);
          return problems; // everything inside is beyond the limit too
        }
        stack.push({
          kind: token === SyntaxKind.OpenBraceToken ? 'object' : 'array',
          members: 0,
          expectKey: token === SyntaxKind.OpenBraceToken,
          keys: new Set(),
        });
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop();
        break;
      case SyntaxKind.CommaToken:
        if (top?.kind === 'object') top.expectKey = true;
        else if (top?.kind === 'array' && !countMember(top, offset, length)) return problems;
        break;
      case SyntaxKind.StringLiteral:
        if (top?.kind === 'object' && top.expectKey) {
          top.expectKey = false;
          if (!countMember(top, offset, length)) return problems;
          const key = scanner.getTokenValue();
          if (FORBIDDEN_KEYS.has(key)) add(`"${key}" is not allowed as a property name.`, offset, length);
          else if (top.keys.has(key)) add(`Duplicate property "${key}": each property may appear once in an object.`, offset, length);
          top.keys.add(key);
        } else if (top?.kind === 'array' && top.members === 0 && !countMember(top, offset, length)) return problems;
        break;
      default:
        if (top?.kind === 'array' && top.members === 0 && isValueToken(token) && !countMember(top, offset, length)) return problems;
    }
  }
  return problems;
}

function isValueToken(token: SyntaxKind): boolean {
  return (
    token === SyntaxKind.NumericLiteral ||
    token === SyntaxKind.TrueKeyword ||
    token === SyntaxKind.FalseKeyword ||
    token === SyntaxKind.NullKeyword
  );
}

/**
 * Finds the node at a path in constant time after one walk of the tree: locating every problem of a large config
 * stays linear, where `findNodeAtLocation` per problem would scan each object's properties again.
 */
export class NodeIndex {
  private readonly nodes = new Map<string, Node>();

  constructor(tree: Node | undefined) {
    if (!tree) return;
    const pending: { node: Node; path: (string | number)[] }[] = [{ node: tree, path: [] }];
    while (pending.length > 0) {
      const { node, path } = pending.pop()!;
      this.nodes.set(pathKey(path), node);
      if (node.type === 'object') {
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (key && value) pending.push({ node: value, path: [...path, String(key.value)] });
        }
      } else if (node.type === 'array') {
        (node.children ?? []).forEach((child, index) => pending.push({ node: child, path: [...path, index] }));
      }
    }
  }

  find(path: readonly (string | number)[]): Node | undefined {
    return this.nodes.get(pathKey(path));
  }
}

function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}
