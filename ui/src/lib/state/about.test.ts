import { describe, expect, it } from 'vitest';
import { AboutPanel } from './about.svelte';
import type { AppInfo } from '../bindings';

const info: AppInfo = { version: '0.1.0', library: '/data/library.sqlite', logFolder: '/data/logs' };

describe('the About panel', () => {
  it('opens with what Rust says and closes', async () => {
    const asked: string[] = [];
    const panel = new AboutPanel(async (command) => {
      asked.push(command);
      return info;
    });
    expect(panel.open).toBe(false);
    await panel.show();
    expect(panel.open).toBe(true);
    expect(panel.info).toEqual(info);
    expect(panel.error).toBeNull();
    expect(asked).toEqual(['app_info']);
    panel.close();
    expect(panel.open).toBe(false);
  });

  it('shows the error of a request that failed, and clears it on the next', async () => {
    let fail = true;
    const panel = new AboutPanel(async (command) => {
      if (fail) throw { code: 'io', message: `cannot ${command}` };
      return info;
    });
    await panel.showLogFolder();
    expect(panel.error).toBe('cannot show_log_folder');
    fail = false;
    await panel.show();
    expect(panel.error).toBeNull();
    expect(panel.info).toEqual(info);
  });
});
