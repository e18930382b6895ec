/**
 * The tab icon with a red count badge while runs need a person, as an SVG data URL (no asset to
 * download); the page's own icons come back when the count is 0.
 */

const ICON_SELECTOR = 'link[rel~="icon"]';
const ORIGINAL_HREF = 'data-original-href';

export function badgedFaviconUrl(count: number): string {
  const label = count > 9 ? '9+' : String(count);
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
    '<rect width="24" height="24" rx="6" fill="#4f46e5"/>' +
    '<path d="M5 13.5h3l2-5 3.5 9 2-4H19" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>' +
    '<circle cx="17" cy="7" r="7" fill="#dc2626" stroke="#fff" stroke-width="1.5"/>' +
    `<text x="17" y="10" text-anchor="middle" font-family="Arial,Helvetica,sans-serif" font-size="${label.length > 1 ? 7.5 : 9.5}" font-weight="700" fill="#fff">${label}</text>` +
    '</svg>';
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Shows the badge on every icon link (light and dark variants), or restores them for 0. */
export function setFaviconBadge(count: number, doc: Document = document): void {
  for (const link of doc.querySelectorAll<HTMLLinkElement>(ICON_SELECTOR)) {
    if (!link.hasAttribute(ORIGINAL_HREF)) link.setAttribute(ORIGINAL_HREF, link.getAttribute('href') ?? '');
    const href = count > 0 ? badgedFaviconUrl(count) : link.getAttribute(ORIGINAL_HREF)!;
    if (link.getAttribute('href') !== href) link.setAttribute('href', href);
    link.dataset.badgeCount = String(Math.max(0, count));
  }
}
