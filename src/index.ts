// Order matters: ./event.js must load before anything that imports @actions/github (see there).
import './event.js'
import { start } from './start.js'

await start()
