/**
 * GitHub's own workflow validation (`@actions/workflow-parser`, published from GitHub's language
 * services): the schema, expression syntax and template conversion GitHub applies to a workflow file.
 */
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'

/** Every error GitHub would report for the workflow file, empty when it is valid. */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(e => e.message)
  if (errors.length > 0 || !parsed.value) return errors.length ? errors : [`${name}: not a workflow`]
  const template = await convertWorkflowTemplate(parsed.context, parsed.value)
  return (template.errors ?? []).map(e => e.Message)
}

/** The fenced ```yaml blocks of a Markdown text, in order. */
export function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map(m => m[1]!)
}
