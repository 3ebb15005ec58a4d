// Model aliases (a team's `"fast": "claude-haiku-4-5"`): case-insensitive, and an alias may name another alias.

/** How many aliases a name may pass through; a longer chain (or a loop) stops there. */
const MAX_ALIAS_STEPS = 5;

/** Lower-case alias → target, for `resolveAlias`. */
export function aliasTable(aliases: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(aliases).map(([alias, target]) => [alias.toLowerCase(), target]));
}

/** The name an alias stands for, following a chain a few steps at most; else the name itself. */
export function resolveAlias(name: string, table: ReadonlyMap<string, string>): string {
  let current = name;
  for (let step = 0; step < MAX_ALIAS_STEPS; step++) {
    const target = table.get(current.trim().toLowerCase());
    if (target === undefined || target.toLowerCase() === current.toLowerCase()) break;
    current = target;
  }
  return current;
}
