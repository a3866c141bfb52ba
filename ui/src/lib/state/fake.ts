// A fake `call` for the state modules' tests: each command answers as the test says, and
// every call is recorded with its arguments.
import type { Commands } from '../bindings';
import type { Call } from './call';

type Answers = { [K in keyof Commands]?: (args: Commands[K]['args']) => Commands[K]['result'] | Promise<Commands[K]['result']> };

export interface FakeCall {
  call: Call;
  /** Every call so far: its command and arguments. */
  calls: { command: keyof Commands; args: unknown }[];
  /** The calls of one command. */
  of<K extends keyof Commands>(command: K): Commands[K]['args'][];
}

export function fakeCall(answers: Answers): FakeCall {
  const calls: { command: keyof Commands; args: unknown }[] = [];
  const call = (async (command: keyof Commands, args: unknown) => {
    calls.push({ command, args });
    const answer = answers[command] as ((args: unknown) => unknown) | undefined;
    if (!answer) throw { code: 'internal', message: `no answer for ${command}` };
    return answer(args);
  }) as Call;
  return {
    call,
    calls,
    of: (command) => calls.filter((c) => c.command === command).map((c) => c.args) as never,
  };
}
