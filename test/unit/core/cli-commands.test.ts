import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNameOf } from '../../../src/cli/commands/index.ts';

describe('the command table the top-level help is built from', () => {
  it('names each command with the usage and description its module registers', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('wiredesk');
      (await entry.load())(program, () => undefined);
      const registered = program.commands.map((c) => c.name());
      expect(registered).toEqual(entry.names);
      for (const c of program.commands) {
        const args = c.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' ');
        expect({ name: c.name(), args, description: c.description() }).toEqual({ name: c.name(), ...entry.usage[c.name()] });
      }
    }
  });

  it('finds the command word past options and --config\'s value', () => {
    expect(commandNameOf(['--config', 'x.json', 'search', 'Taliban'])).toBe('search');
    expect(commandNameOf(['--help'])).toBeNull();
    expect(commandNameOf(['extract', '-'])).toBe('extract');
  });
});
