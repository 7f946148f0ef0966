import type { Principal } from "#shared/domain/access/principal";
import type { Acting, RequestOrigin } from "#shared/domain/audit/audit-entry";

/** The request facts an audit entry takes: where the request came from, under which correlation id. */
export function originOf(request: { sourceIp: string; requestId: string }): RequestOrigin {
  return { ip: request.sourceIp, correlationId: request.requestId };
}

/** Who acts, from where and under which request: what a use case acting for the caller audits. */
export function actingOf(request: {
  auth: { principal: Principal };
  sourceIp: string;
  requestId: string;
}): Acting {
  const { userId, role } = request.auth.principal;
  return { actor: { userId, role }, ...originOf(request) };
}
