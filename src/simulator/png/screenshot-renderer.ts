import { seededRandom } from '../engine/random';
import type { PageKind } from '../scenarios/scenario-types';
import { Canvas, type Rgb } from './canvas';

export const SCREENSHOT_WIDTH = 640;
export const SCREENSHOT_HEIGHT = 400;

export interface ScreenshotScene {
  page: PageKind;
  url: string;
  siteName: string;
  brandColor: Rgb;
  /** 1-based capture number; moves the highlight and varies the content. */
  index: number;
  /** Seed for the small per-image variations (text line lengths, values). */
  seed: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [55, 65, 81];
const MUTED: Rgb = [156, 163, 175];
const LINE: Rgb = [229, 231, 235];
const FIELD_BORDER: Rgb = [203, 213, 225];
const HIGHLIGHT: Rgb = [249, 115, 22];
const CONTENT_TOP = 108;

/**
 * Draws a believable browser window: tab strip, address bar with the URL, the site's header and a
 * page body for the page kind, with the element the agent is working on outlined in orange.
 */
export function renderScreenshot(scene: ScreenshotScene): Canvas {
  const canvas = new Canvas(SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT, WHITE);
  const random = seededRandom(scene.seed);
  drawChrome(canvas, scene);
  const targets = PAGE_PAINTERS[scene.page](canvas, scene, random);
  const target = targets[(scene.index - 1) % Math.max(1, targets.length)];
  if (target) {
    canvas.strokeRect(target.x - 4, target.y - 4, target.w + 8, target.h + 8, HIGHLIGHT, 3);
    drawPointer(canvas, target.x + target.w - 10, target.y + target.h - 6);
  }
  canvas.text(SCREENSHOT_WIDTH - 60, SCREENSHOT_HEIGHT - 14, `#${String(scene.index).padStart(4, '0')}`, MUTED);
  return canvas;
}

function drawChrome(canvas: Canvas, scene: ScreenshotScene): void {
  canvas.fillRect(0, 0, SCREENSHOT_WIDTH, 30, [222, 225, 230]);
  canvas.fillCircle(14, 15, 5, [239, 68, 68]);
  canvas.fillCircle(30, 15, 5, [234, 179, 8]);
  canvas.fillCircle(46, 15, 5, [34, 197, 94]);
  canvas.fillRect(68, 6, 200, 24, [246, 247, 249]);
  canvas.text(78, 14, scene.siteName, INK, 1, 180);
  canvas.fillRect(0, 30, SCREENSHOT_WIDTH, 34, [246, 247, 249]);
  canvas.text(12, 43, '<  >', MUTED);
  canvas.fillRect(60, 37, 566, 21, WHITE);
  canvas.strokeRect(60, 37, 566, 21, FIELD_BORDER);
  canvas.fillRect(70, 43, 6, 5, [22, 163, 74]);
  canvas.fillRect(71, 40, 4, 4, [22, 163, 74]);
  canvas.text(84, 44, scene.url.replace(/^https?:\/\//, ''), INK, 1, 530);
  canvas.fillRect(0, 63, SCREENSHOT_WIDTH, 1, LINE);
  canvas.fillRect(0, 64, SCREENSHOT_WIDTH, 44, scene.brandColor);
  canvas.text(20, 79, scene.siteName, WHITE, 2, 360);
  for (let i = 0; i < 3; i += 1) canvas.fillRect(430 + i * 66, 82, 50, 8, lighten(scene.brandColor, 0.55));
}

function drawPointer(canvas: Canvas, x: number, y: number): void {
  for (let row = 0; row < 12; row += 1) {
    canvas.fillRect(x, y + row, Math.max(1, Math.floor(row * 0.7)), 1, [17, 24, 39]);
  }
}

function lighten(color: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => Math.round((color[i] ?? 0) + (255 - (color[i] ?? 0)) * amount)) as unknown as Rgb;
}

function textBar(canvas: Canvas, x: number, y: number, w: number, color: Rgb = LINE): void {
  canvas.fillRect(x, y, w, 7, color);
}

function card(canvas: Canvas, box: Box): void {
  canvas.fillRect(box.x + 3, box.y + 3, box.w, box.h, [236, 238, 241]);
  canvas.fillRect(box.x, box.y, box.w, box.h, WHITE);
  canvas.strokeRect(box.x, box.y, box.w, box.h, FIELD_BORDER);
}

function field(canvas: Canvas, label: string, box: Box, value = ''): Box {
  canvas.text(box.x, box.y - 12, label, INK);
  canvas.fillRect(box.x, box.y, box.w, box.h, WHITE);
  canvas.strokeRect(box.x, box.y, box.w, box.h, FIELD_BORDER);
  if (value) canvas.text(box.x + 8, box.y + Math.floor(box.h / 2) - 3, value, INK);
  return box;
}

function button(canvas: Canvas, label: string, box: Box, color: Rgb): Box {
  canvas.fillRect(box.x, box.y, box.w, box.h, color);
  canvas.text(box.x + Math.max(6, Math.floor((box.w - label.length * 6) / 2)), box.y + Math.floor(box.h / 2) - 3, label, WHITE);
  return box;
}

type PagePainter = (canvas: Canvas, scene: ScreenshotScene, random: () => number) => Box[];

const PAGE_PAINTERS: Record<PageKind, PagePainter> = {
  login: (canvas, scene) => {
    card(canvas, { x: 190, y: 126, w: 260, h: 250 });
    canvas.text(210, 142, 'Sign in', INK, 2);
    const user = field(canvas, 'Username', { x: 210, y: 190, w: 220, h: 26 }, 'j.doe@example.com');
    const password = field(canvas, 'Password', { x: 210, y: 246, w: 220, h: 26 }, '**********');
    const submit = button(canvas, 'Sign in', { x: 210, y: 292, w: 220, h: 30 }, scene.brandColor);
    canvas.text(210, 340, 'Forgot password?', scene.brandColor);
    return [user, password, submit];
  },
  mfa: (canvas, scene) => {
    card(canvas, { x: 170, y: 126, w: 300, h: 230 });
    canvas.text(190, 142, 'Verify it is you', INK, 2);
    canvas.text(190, 172, 'Enter the 6-digit code we sent', MUTED);
    const boxes: Box = { x: 190, y: 200, w: 260, h: 40 };
    for (let i = 0; i < 6; i += 1) canvas.strokeRect(190 + i * 45, 200, 35, 40, FIELD_BORDER, 2);
    const submit = button(canvas, 'Verify', { x: 190, y: 262, w: 260, h: 30 }, scene.brandColor);
    canvas.text(190, 310, 'Resend code', scene.brandColor);
    return [boxes, submit];
  },
  question: (canvas, scene) => {
    card(canvas, { x: 150, y: 126, w: 340, h: 220 });
    canvas.text(170, 142, 'Security question', INK, 2);
    canvas.text(170, 176, 'What was the name of your first pet?', INK);
    const answer = field(canvas, 'Answer', { x: 170, y: 212, w: 300, h: 26 });
    const submit = button(canvas, 'Continue', { x: 170, y: 262, w: 300, h: 30 }, scene.brandColor);
    return [answer, submit];
  },
  accounts: (canvas, scene) => {
    canvas.text(40, 124, 'Choose an account', INK, 2);
    const rows: Box[] = [];
    ['ACC-1001  Checking  ending 4821', 'ACC-1002  Savings  ending 0097', 'ACC-2001  Business  ending 3310'].forEach((label, i) => {
      const row = { x: 40, y: 156 + i * 52, w: 560, h: 40 };
      canvas.strokeRect(row.x, row.y, row.w, row.h, FIELD_BORDER);
      canvas.fillCircle(row.x + 20, row.y + 20, 7, FIELD_BORDER);
      canvas.fillCircle(row.x + 20, row.y + 20, 5, WHITE);
      canvas.text(row.x + 40, row.y + 16, label, INK);
      rows.push(row);
    });
    rows.push(button(canvas, 'Continue', { x: 40, y: 322, w: 140, h: 30 }, scene.brandColor));
    return rows;
  },
  dashboard: (canvas, scene, random) => {
    canvas.fillRect(0, CONTENT_TOP, 150, SCREENSHOT_HEIGHT - CONTENT_TOP, [243, 244, 246]);
    const nav: Box[] = [];
    ['Overview', 'Billing', 'Documents', 'Settings', 'Help'].forEach((label, i) => {
      const item = { x: 16, y: 126 + i * 30, w: 118, h: 18 };
      canvas.text(item.x + 4, item.y + 5, label, i === 0 ? scene.brandColor : INK);
      nav.push(item);
    });
    canvas.text(170, 124, 'Welcome back', INK, 2);
    const cards: Box[] = [];
    for (let i = 0; i < 3; i += 1) {
      const box = { x: 170 + i * 152, y: 156, w: 140, h: 90 };
      card(canvas, box);
      textBar(canvas, box.x + 12, box.y + 14, 60, MUTED);
      canvas.text(box.x + 12, box.y + 40, `$${(random() * 900 + 40).toFixed(2)}`, INK, 2);
      cards.push(box);
    }
    for (let i = 0; i < 4; i += 1) textBar(canvas, 170, 272 + i * 22, 200 + Math.floor(random() * 220));
    return [nav[1] ?? cards[0]!, ...cards, nav[2] ?? cards[1]!];
  },
  table: (canvas, scene, random) => {
    canvas.text(24, 122, 'History', INK, 2);
    canvas.fillRect(24, 150, 592, 22, lighten(scene.brandColor, 0.85));
    ['DATE', 'DESCRIPTION', 'AMOUNT', 'STATUS'].forEach((label, i) => canvas.text(34 + [0, 110, 370, 480][i]!, 158, label, INK));
    const rows: Box[] = [];
    for (let i = 0; i < 8; i += 1) {
      const row = { x: 24, y: 174 + i * 26, w: 592, h: 24 };
      if (i % 2 === 1) canvas.fillRect(row.x, row.y, row.w, row.h, [249, 250, 251]);
      canvas.text(34, row.y + 9, `2026-0${1 + Math.floor(random() * 4)}-${10 + Math.floor(random() * 18)}`, INK);
      textBar(canvas, 144, row.y + 9, 90 + Math.floor(random() * 130));
      canvas.text(404, row.y + 9, `${(random() * 400).toFixed(2)}`, INK);
      canvas.fillRect(514, row.y + 6, 56, 13, random() > 0.2 ? [220, 252, 231] : [254, 243, 199]);
      rows.push(row);
    }
    return rows;
  },
  document: (canvas, scene, random) => {
    canvas.fillRect(0, CONTENT_TOP, SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT - CONTENT_TOP, [241, 243, 245]);
    const sheet = { x: 150, y: 120, w: 340, h: 270 };
    card(canvas, sheet);
    canvas.text(170, 136, 'Statement', INK, 2);
    const lines: Box[] = [];
    for (let i = 0; i < 8; i += 1) {
      const line = { x: 170, y: 170 + i * 22, w: 120 + Math.floor(random() * 170), h: 8 };
      textBar(canvas, line.x, line.y, line.w);
      lines.push(line);
    }
    const total = { x: 360, y: 340, w: 110, h: 20 };
    canvas.text(total.x, total.y + 6, `$${(random() * 300 + 20).toFixed(2)}`, INK, 2);
    const download = button(canvas, 'Download PDF', { x: 506, y: 124, w: 110, h: 28 }, scene.brandColor);
    return [lines[0]!, lines[3]!, total, download];
  },
  download: (canvas, scene) => {
    canvas.fillRect(0, CONTENT_TOP, SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT - CONTENT_TOP, [229, 231, 235]);
    const dialog = { x: 170, y: 170, w: 300, h: 140 };
    card(canvas, dialog);
    canvas.text(190, 186, 'Download complete', INK, 2);
    canvas.fillRect(190, 224, 260, 10, LINE);
    canvas.fillRect(190, 224, 260, 10, scene.brandColor);
    const close = button(canvas, 'Close', { x: 370, y: 266, w: 80, h: 28 }, scene.brandColor);
    return [dialog, close];
  },
  error: (canvas) => {
    const banner = { x: 40, y: 140, w: 560, h: 120 };
    canvas.fillRect(banner.x, banner.y, banner.w, banner.h, [254, 226, 226]);
    canvas.strokeRect(banner.x, banner.y, banner.w, banner.h, [248, 113, 113], 2);
    canvas.text(64, 162, 'Something went wrong', [153, 27, 27], 2);
    canvas.text(64, 200, 'The page could not be loaded. Please try again later.', [127, 29, 29]);
    const retry = button(canvas, 'Try again', { x: 64, y: 222, w: 110, h: 26 }, [185, 28, 28]);
    return [banner, retry];
  },
};
