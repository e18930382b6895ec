/**
 * Untrusted text of the nastiest kinds a website can put into a run: markup, script, `javascript:`
 * links, bidi overrides, right-to-left scripts and very long unbroken strings. A console must show
 * all of it as inert text.
 */
export const HOSTILE = {
  script: '<script>alert("xss")</script>',
  imgOnError: '<img src=x onerror="alert(1)">',
  javascriptLink: 'javascript:alert(document.cookie)',
  markdownLink: '[click me](javascript:alert(1))',
  html: '<b>bold</b> <a href="javascript:alert(1)">link</a> <iframe src="https://evil.example"></iframe>',
  rtl: 'مرحبا بالعالم — שלום עולם',
  bidiOverride: 'invoice\u202Egpj.exe',
  zeroWidth: 'pay\u200Bpal',
  longWord: 'A'.repeat(5_000),
  longSentence: `${'The agent kept scrolling because the page would not end. '.repeat(120)}`,
  nulLike: 'tab\there, newline\nthere, backslash \\ and quote "',
  emoji: '🧾💸🔐',
} as const;

export function hostileMessage(): string {
  return `${HOSTILE.script} ${HOSTILE.html} ${HOSTILE.rtl} ${HOSTILE.bidiOverride} ${HOSTILE.longWord}`;
}

export function hostileOutput(): Record<string, unknown> {
  const output: Record<string, unknown> = {
    title: HOSTILE.script,
    html: HOSTILE.html,
    link: HOSTILE.javascriptLink,
    markdown: HOSTILE.markdownLink,
    rtl: HOSTILE.rtl,
    bidi: HOSTILE.bidiOverride,
    zero_width: HOSTILE.zeroWidth,
    long: HOSTILE.longWord,
    control: HOSTILE.nulLike,
    emoji: HOSTILE.emoji,
    '<script>key</script>': 'keys can be hostile too',
    nested: { deeper: [HOSTILE.imgOnError, { url: HOSTILE.javascriptLink }] },
  };
  // A real own "__proto__" key (a literal would set the prototype instead) to catch unsafe merges.
  Object.defineProperty(output, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
  return output;
}
