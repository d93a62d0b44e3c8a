import type { RunContext } from '../run-context.js'

/** The issue's agent branch, when one exists (its name carries the issue number; the title may have changed). */
export async function existingBranch(ctx: RunContext, issue: number): Promise<string | null> {
  const found = await ctx.triggerApi.branchesWithPrefix(`${ctx.settings.branchPrefix}${issue}-`)
  return found.sort()[0] ?? null
}
