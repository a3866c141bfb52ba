// The reader's article frame. The sanitized body is shown in a sandboxed iframe without
// `allow-scripts`: even if the sanitizer missed something, nothing in an article can run.
// `allow-same-origin` lets this page (not the article) reach into the frame to style it,
// size it, read its selection and paint highlights. The webview calls no event listener
// registered on the frame's document, so a link click there reaches Rust as a navigation:
// the navigation guard refuses it and hands web and mail links to the system's apps.

import { STAGED_CLASS, STAGED_FROM_CHARS } from './stages';

/** A request to show a highlight in the reader (from the Highlights view): a new object
 *  for each request, so that one is carried out once, and the same highlight asked for
 *  again is shown again. */
export type Reveal = { id: number };

/** The iframe's sandbox: same origin for the parent's access, and nothing else. */
export const READER_SANDBOX = 'allow-same-origin';

/** The whole document the frame shows; `html` is the core's sanitized body. A long
 *  article opens in stages (see `ArticleStages`). */
export function readerDocument(html: string): string {
  const body = html.length > STAGED_FROM_CHARS ? `<body class="${STAGED_CLASS}">` : '<body>';
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    '<meta name="color-scheme" content="light dark">' +
    '<link rel="stylesheet" href="/reader.css">' +
    `</head>${body}<article id="content">${html}</article></body></html>`
  );
}

/** A little of each kind of text an article has, laid out once in a hidden frame while the
 *  app starts: the reader's stylesheet, fonts and frame machinery are then ready when the
 *  first article opens. */
export const WARM_UP_HTML =
  '<h2>Warming up</h2><p>A paragraph with <em>emphasis</em>, <strong>strong words</strong>, ' +
  '<a href="https://example.org/">a link</a> and <code>code</code>.</p>' +
  '<blockquote><p>A quotation.</p></blockquote><ul><li>An item</li></ul><h3>More</h3>' +
  '<pre><code>a block of code</code></pre><p><sub>1</sub><sup>2</sup> <small>small</small></p>';

/** Whether an address may be handed to the system to open: web and mail links only. */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:') &&
      (url.protocol === 'mailto:' || url.hostname !== '');
  } catch {
    return false;
  }
}

/** How stored HTML refers to an image of the library: `cpimage:<sha256>`. */
const IMAGE_REFERENCE = /^cpimage:([0-9a-f]{64})$/;

/**
 * Points each of the article's image references at the app's image protocol (`toUrl`
 * gives the platform's address for a hash). Any other source is removed, so an image
 * shows only from the library, or shows its alt text.
 */
export function showImages(doc: Document, toUrl: (hash: string) => string): void {
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = img.getAttribute('src');
    if (src === null) continue;
    const match = IMAGE_REFERENCE.exec(src);
    if (match?.[1]) img.setAttribute('src', toUrl(match[1]));
    else if (!src.startsWith(toUrl(''))) img.removeAttribute('src');
  }
}
