/**
 * A user's role on the repository and which roles count as writers: the one list every guard uses
 * (the trigger's gate, an approved body's editor, `/nightshift stop` on the pull request).
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */

/** The roles the collaborator permission API names (`role_name`), strongest first. */
export const PERMISSIONS = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const

/**
 * A user's role on the repository (collaborator permission API, `role_name`). Only `admin`,
 * `maintain` and `write` may trigger work.
 */
export type Permission = (typeof PERMISSIONS)[number]

/** Roles that may push code. `triage` may label issues but not push, so it does not count. */
const WRITERS: ReadonlySet<string> = new Set<Permission>(['admin', 'maintain', 'write'])

/** True for a role that may push code; any other value, a custom role's name included, is not one. */
export function canWrite(permission: string): boolean {
  return WRITERS.has(permission)
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value)
}
