// Placeholder until the 'feedback' command lands.
export async function main(_args: string[]): Promise<number> {
  console.error('nightshift feedback: not available yet')
  return 1
}
