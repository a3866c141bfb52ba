import { describe, expect, it } from 'vitest';
import { Backups, ago } from './backups.svelte';
import { fakeCall } from './fake';
import type { BackupInfo, Restored } from '../bindings';

const backup = (at: string, verified = true): BackupInfo => ({
  path: `/data/backups/library-${at}.sqlite`,
  createdAt: at,
  bytes: 4096,
  clippings: 3,
  highlights: 5,
  notes: 2,
  verified,
});

describe('backups', () => {
  it('knows the newest verified backup, and backs up now', async () => {
    let list = [backup('2026-12-01T10:00:00Z', false), backup('2026-11-30T10:00:00Z')];
    const fake = fakeCall({
      list_backups: () => list,
      back_up_now: () => {
        const made = backup('2026-12-02T10:00:00Z');
        list = [made, ...list];
        return made;
      },
    });
    const backups = new Backups(fake.call, () => {});
    await backups.load();
    expect(backups.latest?.createdAt).toBe('2026-11-30T10:00:00Z');
    const made = await backups.backUp();
    expect(made?.createdAt).toBe('2026-12-02T10:00:00Z');
    expect(backups.latest?.createdAt).toBe('2026-12-02T10:00:00Z');
    expect(backups.backingUp).toBe(false);
  });

  it('restores only what the person confirmed, then reads the library again', async () => {
    const chosen = backup('2026-11-30T10:00:00Z');
    const restored: Restored = { restored: chosen, previous: backup('2026-12-02T10:00:00Z'), setAside: null };
    const fake = fakeCall({ list_backups: () => [chosen], restore_backup: () => restored });
    let reloads = 0;
    const backups = new Backups(fake.call, () => reloads++);
    await backups.show();
    await backups.restore();
    expect(fake.of('restore_backup')).toEqual([]);
    backups.confirming = chosen;
    await backups.restore();
    expect(fake.of('restore_backup')).toEqual([{ path: chosen.path }]);
    expect(backups.restored).toEqual(restored);
    expect(reloads).toBe(1);
  });

  it('shows why a restore was refused and reloads nothing', async () => {
    const fake = fakeCall({
      list_backups: () => [],
      restore_backup: () => {
        throw { code: 'damaged_backup', message: 'the backup is damaged' };
      },
    });
    let reloads = 0;
    const backups = new Backups(fake.call, () => reloads++);
    backups.confirming = backup('2026-11-30T10:00:00Z');
    await backups.restore();
    expect(backups.error?.code).toBe('damaged_backup');
    expect(reloads).toBe(0);
  });

  it('says how long ago, calmly', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(ago('2026-12-02T11:59:40Z', now)).toBe('just now');
    expect(ago('2026-12-02T11:30:00Z', now)).toBe('30 minutes ago');
    expect(ago('2026-12-02T09:00:00Z', now)).toBe('3 hours ago');
    expect(ago('2026-12-01T09:00:00Z', now)).toBe('yesterday');
    expect(ago('2026-11-25T12:00:00Z', now)).toBe('7 days ago');
  });
});
