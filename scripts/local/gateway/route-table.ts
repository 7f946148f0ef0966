import type { RouteKey } from "#shared/platform/declaration/types";

/** A route the gateway serves, with whatever the caller attaches to it (its function, its access). */
export interface GatewayRoute<T> {
  key: RouteKey;
  method: string;
  path: string;
  target: T;
}

export interface RouteMatch<T> {
  route: GatewayRoute<T>;
  pathParameters: Record<string, string>;
}

type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string }
  | { kind: "greedy"; name: string };

function parseTemplate(path: string): Segment[] {
  return path
    .split("/")
    .slice(1)
    .map((part) => {
      const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(part);
      if (greedy?.[1]) return { kind: "greedy", name: greedy[1] };
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
      if (param?.[1]) return { kind: "param", name: param[1] };
      return { kind: "literal", text: part };
    });
}

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is passed through as sent, as API Gateway does.
    return segment;
  }
}

/**
 * HTTP API route selection: the route whose method matches and whose path is the most specific match,
 * segment by segment (a literal beats `{param}`, which beats the greedy `{param+}`; a greedy variable
 * takes one or more trailing segments). No match → the gateway's 404.
 */
export class RouteTable<T> {
  private readonly routes: { route: GatewayRoute<T>; segments: Segment[] }[];

  constructor(routes: readonly GatewayRoute<T>[]) {
    this.routes = routes.map((route) => ({ route, segments: parseTemplate(route.path) }));
  }

  match(method: string, rawPath: string): RouteMatch<T> | undefined {
    const parts = rawPath.split("/").slice(1);
    let best: { match: RouteMatch<T>; ranks: number[] } | undefined;
    for (const { route, segments } of this.routes) {
      if (route.method !== method) continue;
      const found = matchSegments(segments, parts);
      if (found === undefined) continue;
      if (best === undefined || compareRanks(found.ranks, best.ranks) < 0) {
        best = { match: { route, pathParameters: found.params }, ranks: found.ranks };
      }
    }
    return best?.match;
  }
}

function matchSegments(
  segments: Segment[],
  parts: string[],
): { params: Record<string, string>; ranks: number[] } | undefined {
  const params: Record<string, string> = {};
  const ranks: number[] = [];
  for (const [i, segment] of segments.entries()) {
    const part = parts[i];
    if (part === undefined) return undefined;
    ranks.push(RANK[segment.kind]);
    if (segment.kind === "greedy") {
      const rest = parts.slice(i);
      if (rest.join("/") === "") return undefined;
      params[segment.name] = decode(rest.join("/"));
      return { params, ranks };
    }
    if (segment.kind === "literal") {
      if (segment.text !== part) return undefined;
    } else {
      if (part === "") return undefined;
      params[segment.name] = decode(part);
    }
  }
  return parts.length === segments.length ? { params, ranks } : undefined;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
