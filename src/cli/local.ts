// Placeholder until the 'local' command lands.
export async function main(_args: string[]): Promise<number> {
  console.error('nightshift local: not available yet')
  return 1
}
