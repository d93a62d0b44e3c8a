// Placeholder until the 'doctor' command lands.
export async function main(_args: string[]): Promise<number> {
  console.error('nightshift doctor: not available yet')
  return 1
}
