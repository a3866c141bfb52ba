import { describe, expect, it } from 'vitest';
import { ImportState } from './imports.svelte';
import { LibraryState } from './library.svelte';
import { Problems } from './problems.svelte';
import { ReaderState } from './reader.svelte';
import { fakeCall } from './fake';
import { clipping, report, summary } from './samples';

function setUp(urlFails = false) {
  const fake = fakeCall({
    import_files: ({ paths }) => report({ imported: paths.map((_, i) => 5 + i) }),
    import_url: ({ url }) =>
      urlFails
        ? report({ failed: [{ path: url, code: 'not_a_web_address', error: `“${url}” is not a web address` }] })
        : report({ updated: [9] }),
    import_pasted: () => {
      throw { code: 'empty_file', message: 'nothing to import' };
    },
    get_clipping: ({ id }) => clipping(id),
    list_highlights: () => [],
    list_page: () => ({ items: [summary(5)], next: null }),
    counts: () => ({ library: 1, books: 0, trash: 0 }),
    list_tags: () => [],
  });
  const problems = new Problems();
  const library = new LibraryState(fake.call, problems);
  const reader = new ReaderState(fake.call, problems, library);
  return { fake, problems, library, reader, imports: new ImportState(fake.call, problems, library, reader) };
}

describe('imports', () => {
  it('show their report, refresh the list and open the first clipping touched', async () => {
    const { imports, library, reader } = setUp();
    await imports.files(['/a.md', '/b.md']);
    expect(imports.importing).toBe(false);
    expect(imports.report?.imported).toEqual([5, 6]);
    expect(library.clippings.items.map((c) => c.id)).toEqual([5]);
    expect(reader.clipping?.id).toBe(5);
  });

  it('close the Add URL field once the page is in, and keep it open on a refusal', async () => {
    const ok = setUp();
    ok.imports.addingUrl = true;
    ok.imports.url = '  https://example.org/a  ';
    await ok.imports.addUrl();
    expect(ok.fake.of('import_url')).toEqual([{ url: 'https://example.org/a' }]);
    expect(ok.imports.addingUrl).toBe(false);
    expect(ok.imports.url).toBe('');
    const refused = setUp(true);
    refused.imports.addingUrl = true;
    refused.imports.url = 'mailto:a@example.org';
    await refused.imports.addUrl();
    expect(refused.imports.addingUrl).toBe(true);
    expect(refused.imports.report?.failed[0]?.error).toContain('is not a web address');
  });

  it('show an import that failed as the error, and follow progress', async () => {
    const { imports, problems } = setUp();
    imports.advanced({ done: 1, total: 4 });
    expect(imports.progress?.total).toBe(4);
    await imports.pasted(null, 'text');
    expect(problems.error?.message).toBe('nothing to import');
    expect(imports.progress).toBeNull();
    expect(imports.importing).toBe(false);
  });

  it('ignore an empty drop', async () => {
    const { imports, fake } = setUp();
    await imports.files([]);
    expect(fake.calls).toEqual([]);
  });
});
