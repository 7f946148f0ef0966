import type {
  ReviewerAssignmentRepository,
  SessionRepository,
  TenantRepository,
  TenantUserRepository,
  UserRepository,
} from "#shared/domain/identity/ports";
import type { SingleTable } from "../table.ts";
import { createAssignmentsRepository } from "./assignments-repository.ts";
import { createSessionsRepository } from "./sessions-repository.ts";
import { createTenantUsersRepository } from "./tenant-users-repository.ts";
import { createTenantsRepository } from "./tenants-repository.ts";
import { createUsersRepository } from "./users-repository.ts";

/** Every identity repository over one table, for a composition root that needs several. */
export interface IdentityRepositories {
  users: UserRepository;
  tenants: TenantRepository;
  tenantUsers: TenantUserRepository;
  sessions: SessionRepository;
  assignments: ReviewerAssignmentRepository;
}

export function createIdentityRepositories(table: SingleTable): IdentityRepositories {
  return {
    users: createUsersRepository(table),
    tenants: createTenantsRepository(table),
    tenantUsers: createTenantUsersRepository(table),
    sessions: createSessionsRepository(table),
    assignments: createAssignmentsRepository(table),
  };
}
