/** The staff listing as the admin pages use it: reviewers to pick from, and how a new account signs in. */
import type { ResponseOf } from "../api/routes.ts";

export type StaffMember = ResponseOf<"GET /api/admin/v1/staff">["items"][number];
export type CreatedStaff = ResponseOf<"POST /api/admin/v1/staff">;

/** Active reviewers not yet assigned, by name: the choices of the assignment picker. */
export function assignableReviewers(
  staff: readonly StaffMember[],
  assigned: readonly string[],
): StaffMember[] {
  const taken = new Set(assigned);
  return staff
    .filter((user) => user.role === "reviewer" && user.status === "active" && !taken.has(user.id))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

/** What to tell the person who created an account: how its owner signs in. */
export function signInInstructions(created: CreatedStaff, origin: string): string {
  const lands = created.role === "super_admin" ? "the administration pages" : "the review queue";
  return `${created.name} signs in at ${origin}/login with ${created.email} and the password you set, then lands on ${lands}. Share the password over a separate channel.`;
}
