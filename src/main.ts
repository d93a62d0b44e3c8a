import * as core from '@actions/core'
import { errorMessage } from './errors.js'

export async function run(): Promise<void> {
  try {
    core.info('nightshift')
  } catch (e) {
    core.setFailed(errorMessage(e))
  }
}
