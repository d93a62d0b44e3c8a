import { parseCommand } from '../../src/trigger/command.js'

describe('parseCommand', () => {
  it.each([
    ['/nightshift run', { type: 'run', force: false }],
    ['/nightshift run --force', { type: 'run', force: true }],
    ['  /nightshift   run   --force  ', { type: 'run', force: true }],
    ['/nightshift retry', { type: 'retry' }],
    ['/nightshift stop\r\nThis is going nowhere, stopping.', { type: 'stop' }],
    ['\n\n/nightshift status', { type: 'status' }],
    ['<!-- reply template -->/nightshift status', { type: 'status' }],
    // What a reader sees counts: invisible characters neither hide nor break a command.
    ['\u200B/night\u200Dshift run', { type: 'run', force: false }],
    [
      '/nightshift also handle the empty list\nand add a test for it',
      { type: 'request', text: 'also handle the empty list\nand add a test for it' }
    ]
  ])('reads %j as a command', (body, command) => {
    expect(parseCommand(body, '/nightshift')).toEqual({ kind: 'command', command })
  })

  it.each([
    ['Could you /nightshift run this?'],
    ['> /nightshift run'],
    ['```\n/nightshift run\n```'],
    ['    /nightshift run'],
    ['`/nightshift run`'],
    ['<!--\n/nightshift run\n-->'],
    ['<!-- /nightshift run'],
    ['LGTM\n/nightshift run'],
    ['/nightshiftrun'],
    ['/nightshift-run'],
    ['/Nightshift run'],
    ['']
  ])('does not read %j as a command', body => {
    expect(parseCommand(body, '/nightshift')).toEqual({ kind: 'none' })
  })

  it.each([
    ['/nightshift', /without a command/],
    ['/nightshift run now', /expected "\/nightshift run" or "\/nightshift run --force"/],
    ['/nightshift run --forced', /not a command/],
    ['/nightshift stop please', /expected "\/nightshift stop" alone/],
    ['/nightshift status?', null]
  ])('refuses %j rather than guessing', (body, reason) => {
    const parsed = parseCommand(body, '/nightshift')
    if (reason === null) {
      // Not a keyword at all: a free-text request (accepted only on the agent's pull request).
      expect(parsed).toEqual({ kind: 'command', command: { type: 'request', text: 'status?' } })
    } else {
      expect(parsed.kind).toBe('invalid')
      expect(parsed.kind === 'invalid' && parsed.reason).toMatch(reason)
    }
  })

  it('uses a configured prefix literally (regex characters included)', () => {
    expect(parseCommand('@bot.ai run', '@bot.ai')).toEqual({
      kind: 'command',
      command: { type: 'run', force: false }
    })
    expect(parseCommand('@botXai run', '@bot.ai')).toEqual({ kind: 'none' })
  })
})
