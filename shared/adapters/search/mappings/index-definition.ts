/** The shape of one versioned index: its settings and mappings live in the repository, one file each. */
export interface IndexDefinition {
  /** The alias name within a stage (`content` → alias `${stage}-content`). */
  name: string;
  /**
   * The mapping's version: raise it when a change needs a new index (a changed field type or
   * analyzer). The migration then creates `${stage}-${name}-v${version}`, reindexes into it and swaps
   * the alias atomically. A change that only adds fields may keep the version (the migration puts
   * the new mapping on the live index).
   */
  version: number;
  settings: Readonly<Record<string, unknown>>;
  /** Must include the tenancy fields (`tenancyFields`); `dynamic` should be `strict` or `false`. */
  mappings: { dynamic?: "strict" | false | true; properties: Readonly<Record<string, unknown>> };
}

/** The alias through which a stage reads and writes an index. */
export function aliasName(stage: string, name: string): string {
  return `${stage}-${name}`;
}

/** The physical index of one version of a definition. */
export function physicalName(stage: string, definition: Pick<IndexDefinition, "name" | "version">): string {
  return `${aliasName(stage, definition.name)}-v${definition.version}`;
}
