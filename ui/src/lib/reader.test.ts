import { describe, expect, it } from 'vitest';
import {
  isOpenableLink,
  READER_SANDBOX,
  readerDocument,
  showImages,
} from './reader';
import { STAGED_CLASS, STAGED_FROM_CHARS } from './stages';

describe('the reader frame', () => {
  it('never allows scripts, popups, forms or top navigation', () => {
    const tokens = READER_SANDBOX.split(/\s+/);
    expect(tokens).toEqual(['allow-same-origin']);
  });

  it('puts the body in #content, so its textContent is the clipping text', () => {
    const html = '<p>One <a href="https://example.com">two</a></p>\n<ul><li>three</li></ul>';
    const doc = new DOMParser().parseFromString(readerDocument(html), 'text/html');
    expect(doc.getElementById('content')?.textContent).toBe('One two\nthree');
    expect(doc.querySelectorAll('script')).toHaveLength(0);
  });

  it('opens a long article in stages, a short one whole', () => {
    const parse = (html: string) => new DOMParser().parseFromString(readerDocument(html), 'text/html');
    const long = '<p>Minutes of the meeting.</p>'.repeat(Math.ceil(STAGED_FROM_CHARS / 20));
    expect(parse(long).body.classList.contains(STAGED_CLASS)).toBe(true);
    expect(parse('<p>Short.</p>').body.classList.contains(STAGED_CLASS)).toBe(false);
  });
});

describe('isOpenableLink', () => {
  it.each([
    ['https://example.com/a', true],
    ['http://example.com', true],
    ['mailto:editor@example.com', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['file:///etc/passwd', false],
    ['/relative', false],
    ['tauri://localhost/', false],
  ])('%s → %s', (href, expected) => {
    expect(isOpenableLink(href)).toBe(expected);
  });
});

describe('showImages', () => {
  const hash = 'e16e9a18c8afcda041447b07a646c78ff1328ea172ad5973e1d9d00a71329ff6';
  const toUrl = (h: string) => `cpimage://localhost/${h}`;

  it('serves library images from the app and drops every other source', () => {
    const doc = new DOMParser().parseFromString(
      `<img id="a" src="cpimage:${hash}" alt="kept"><img id="b" src="https://example.com/x.png" alt="remote">` +
        '<img id="c" alt="missing">',
      'text/html',
    );
    showImages(doc, toUrl);
    showImages(doc, toUrl);
    expect(doc.getElementById('a')?.getAttribute('src')).toBe(`cpimage://localhost/${hash}`);
    expect(doc.getElementById('b')?.hasAttribute('src')).toBe(false);
    expect(doc.getElementById('c')?.hasAttribute('src')).toBe(false);
  });
});
