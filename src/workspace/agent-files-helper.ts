/**
 * The source of the file helper: a small CommonJS program that `node -e` runs under the agent's
 * sandbox (agent-files.ts starts it). It serves one JSON request per line on stdin and answers one JSON
 * line per request on stdout. Kept as text so the same program runs from the bundle and from the tests;
 * it needs nothing but Node's own modules.
 *
 * Paths are repository-relative; `..` escapes, symlinks that lead out and `.git` internals are refused
 * (`git: true` allows `.git` for the workspace's own upkeep). Since the helper runs as the agent, a race
 * that swaps a folder for a symlink between the check and the use reaches nothing the agent could not
 * reach with a shell command anyway.
 */
export const HELPER_SOURCE = String.raw`'use strict'
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const root = fs.realpathSync(process.argv[1] || '.')
const SKIP = new Set(['.git', 'node_modules'])

function fail(message) {
  const e = new Error(message)
  e.expected = true
  throw e
}

function within(parent, child) {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

function realOfExisting(p) {
  const missing = []
  let current = p
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse())
    } catch (e) {
      if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') throw e
      const parent = path.dirname(current)
      if (parent === current) return p
      missing.push(path.basename(current))
      current = parent
    }
  }
}

function inside(requested, git) {
  if (typeof requested !== 'string' || requested.includes('\0')) fail('Path "' + String(requested).replace(/\0/g, '\\0') + '" is not a plain path; give a path inside the repository.')
  const lexical = path.resolve(root, requested)
  if (!within(root, lexical)) fail('Path "' + requested + '" is outside the repository; use a path relative to the repository root, without "..".')
  const real = realOfExisting(lexical)
  if (!within(root, real)) fail('Path "' + requested + '" leads outside the repository (it resolves to "' + real + '" through a symlink); only files inside the repository can be used.')
  const rel = path.relative(root, real)
  if (!git && rel.split(path.sep)[0] === '.git') fail('Path "' + requested + '" is inside .git; change the working tree only.')
  return real
}

function rel(abs) {
  return path.relative(root, abs).split(path.sep).join('/')
}

// Folders on the way to abs, replacing a file or symlink that stands where a folder must be.
function makeParents(abs) {
  const parts = path.relative(root, path.dirname(abs)).split(path.sep).filter(Boolean)
  let dir = root
  for (const part of parts) {
    dir = path.join(dir, part)
    let st = null
    try { st = fs.lstatSync(dir) } catch (e) { if (e.code !== 'ENOENT') throw e }
    if (st && !st.isDirectory()) { fs.rmSync(dir, { force: true }); st = null }
    if (!st) fs.mkdirSync(dir)
  }
}

function clear(abs) {
  let st = null
  try { st = fs.lstatSync(abs) } catch (e) { if (e.code !== 'ENOENT') throw e }
  if (st) fs.rmSync(abs, { recursive: st.isDirectory(), force: true })
}

function list(start, depth) {
  const out = []
  const walk = (dir, level) => {
    const items = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    for (const item of items) {
      if (out.length >= 500) return
      if (SKIP.has(item.name)) continue
      const abs = path.join(dir, item.name)
      out.push(item.isDirectory() ? rel(abs) + '/' : rel(abs))
      if (item.isDirectory() && level < depth) walk(abs, level + 1)
    }
  }
  walk(start, 1)
  return out
}

const ops = {
  resolve: r => ({ path: rel(inside(r.path, r.git)) }),
  read: r => {
    const abs = inside(r.path, r.git)
    const st = fs.statSync(abs)
    if (!st.isFile()) fail(r.path + ' is not a file.')
    const max = Math.min(r.max || 1048576, st.size)
    const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK)
    try {
      const buf = Buffer.alloc(max)
      const n = fs.readSync(fd, buf, 0, max, 0)
      return { text: buf.subarray(0, n).toString('utf8'), size: st.size, truncated: st.size > n }
    } finally {
      fs.closeSync(fd)
    }
  },
  write: r => {
    const abs = inside(r.path, r.git)
    if (r.force) { makeParents(abs); if (!r.append) clear(abs) }
    else fs.mkdirSync(path.dirname(abs), { recursive: true })
    const data = Buffer.from(r.data || '', r.encoding === 'utf8' ? 'utf8' : 'base64')
    if (r.append) fs.appendFileSync(abs, data)
    else fs.writeFileSync(abs, data, { mode: r.mode || 0o644, flag: r.force ? 'wx' : 'w' })
    if (r.mode) fs.chmodSync(abs, r.mode)
    return { bytes: data.length }
  },
  symlink: r => {
    const abs = inside(r.path, false)
    makeParents(abs)
    clear(abs)
    fs.symlinkSync(r.target, abs)
    return {}
  },
  remove: r => {
    const lexical = path.resolve(root, r.path)
    // The link itself, never what it points to.
    const abs = path.join(inside(path.dirname(r.path) || '.', r.git), path.basename(lexical))
    if (!within(root, abs) || abs === root) fail('Path "' + r.path + '" is not inside the repository.')
    let st = null
    try { st = fs.lstatSync(abs) } catch (e) { if (e.code !== 'ENOENT') throw e }
    if (!st) return { removed: false }
    if (st.isDirectory() && !r.recursive) fail(r.path + ' is a folder.')
    fs.rmSync(abs, { recursive: st.isDirectory(), force: true })
    return { removed: true }
  },
  edit: r => {
    const abs = inside(r.path, false)
    const text = fs.readFileSync(abs, 'utf8')
    const count = text.split(r.old).length - 1
    if (count !== 1) fail('old_text occurs ' + count + ' times in ' + r.path + '; it must occur exactly once. ' + (count === 0 ? 'Read the file again and copy the text exactly.' : 'Include more surrounding lines.'))
    fs.writeFileSync(abs, text.replace(r.old, () => r.new))
    return {}
  },
  list: r => {
    const start = inside(r.path || '.', false)
    return { entries: list(start, r.depth || 2) }
  },
  isFile: r => {
    try { return { file: fs.statSync(inside(r.path, false)).isFile() } } catch (e) { if (e.expected) throw e; return { file: false } }
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', line => {
  let req = {}
  try {
    req = JSON.parse(line)
    const op = ops[req.op]
    if (!op) fail('unknown operation ' + req.op)
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, result: op(req) }) + '\n')
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: req.id, ok: false, error: e.expected ? e.message : (e.code ? e.code + ': ' : '') + e.message }) + '\n')
  }
})
rl.on('close', () => process.exit(0))
`
