// Measures a rendered page the way a reader sees it: every visible run of text (one box per line, from the text
// nodes themselves, SVG chart labels included), then reports
//   overlaps   two runs of different elements that cover each other;
//   clipped    a run cut by an ancestor that hides its overflow (or, with noScroll, by the screen);
//   contrast   a run whose colour against its background is below minContrast (alpha and opacity blended in);
//   scroll     with noScroll, a page taller or wider than the screen;
//   small      a run set smaller than minFontSize px (a wall screen is read from across a room);
//   tight      a run of Thai set with a line height below minThaiLineHeight × its size (stacked marks need room);
//   spaced     Thai word spans (.tw) laid out as separate flex or grid items, which the container's gap spreads apart
//              (Thai has no spaces between words: a gap reads as a break in the phrase);
//   split      with wordSplits, a word laid out across two lines (words as the browser's ICU segmenter sees them, in
//              Thai and in English; tokens with digits or of 20 letters and more, such as hashes, may break anywhere).
// Used by BoardLayoutTests through page.EvaluateAsync(script)(options).
(options) => {
  const { root = 'body', minContrast = 4.5, noScroll = false, tolerance = 1, onlyInViewport = false, minFontSize = 0, minThaiLineHeight = 0, wordSplits = false } = options ?? {};
  const scope = document.querySelector(root) ?? document.body;
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;

  const parse = (value) => {
    const m = /rgba?\(([^)]+)\)/.exec(value ?? '');
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const ch = [c.r, c.g, c.b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };

  /** The colour behind an element: its own and its ancestors' backgrounds, blended from the page down. */
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      const color = parse(style.backgroundColor);
      if (color && color.a > 0) layers.push(color);
      if (color && color.a >= 1) break;
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = blend(layer, result);
    return result;
  };
  const opacityOf = (element) => {
    let o = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) o *= Number(getComputedStyle(node).opacity);
    return o;
  };

  const visible = (element) => {
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
      if (node.tagName === 'DETAILS' && !node.open) {
        // Only its summary shows.
        if (!element.closest('summary') || element.closest('details') !== node) return false;
      }
    }
    return true;
  };

  /** The boxes of the scrolling ancestors (overflow auto or scroll) an element is seen through. */
  const scrollers = (element) => {
    const boxes = [];
    for (let node = element.parentElement; node && node !== document.documentElement && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const scrolls = (v) => v === 'auto' || v === 'scroll';
      if (scrolls(style.overflowX) || scrolls(style.overflowY)) {
        const b = node.getBoundingClientRect();
        boxes.push({
          left: scrolls(style.overflowX) ? b.left : -Infinity, right: scrolls(style.overflowX) ? b.right : Infinity,
          top: scrolls(style.overflowY) ? b.top : -Infinity, bottom: scrolls(style.overflowY) ? b.bottom : Infinity,
        });
      }
    }
    return boxes;
  };

  const runs = [];
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const describe = (element) => {
    const id = element.id ? `#${element.id}` : '';
    const cls = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    const testid = element.closest('[data-testid]')?.dataset.testid;
    return `${element.tagName.toLowerCase()}${id}${cls}${testid ? ` in [${testid}]` : ''}`;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'OPTION'].includes(element.tagName)) continue;
    if (element.closest('.sr-only, [aria-hidden="true"]:not(svg)')) continue;
    if (!visible(element)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    // A run's box is its line box: Thai fonts' content areas are taller than the line (room for stacked marks), and
    // two lines' content areas may touch without any glyph doing so.
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
    const viewports = scrollers(element);
    for (const raw of range.getClientRects()) {
      if (raw.width < 1 || raw.height < 1) continue;
      const trim = Number.isFinite(lineHeight) && raw.height > lineHeight ? (raw.height - lineHeight) / 2 : 0;
      let rect = { left: raw.left, right: raw.right, top: raw.top + trim, bottom: raw.bottom - trim };
      // Inside a scrolling box only the part in its viewport shows; the rest is reached by scrolling, not hidden.
      for (const box of viewports) {
        rect = { left: Math.max(rect.left, box.left), right: Math.min(rect.right, box.right), top: Math.max(rect.top, box.top), bottom: Math.min(rect.bottom, box.bottom) };
      }
      if (rect.right - rect.left < 1 || rect.bottom - rect.top < 1) continue;
      rect.width = rect.right - rect.left;
      rect.height = rect.bottom - rect.top;
      if (onlyInViewport && (rect.bottom < 0 || rect.top > vh)) continue;
      runs.push({ element, node, rect, text: node.textContent.trim().slice(0, 40) });
    }
  }

  const problems = { overlaps: [], clipped: [], contrast: [], scroll: [], small: [], tight: [], split: [], spaced: [], runs: runs.length };

  // Overlaps: sweep by top; runs of the same element (its own line boxes) never count.
  const sorted = [...runs].sort((a, b) => a.rect.top - b.rect.top);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (b.rect.top >= a.rect.bottom - tolerance) break;
      if (a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (x > tolerance && y > tolerance) {
        // A tooltip or popover shown on top on purpose is not part of the layout.
        problems.overlaps.push(`"${a.text}" (${describe(a.element)}) and "${b.text}" (${describe(b.element)})`);
        if (problems.overlaps.length > 40) break;
      }
    }
  }

  // Clipping: a run must lie inside every ancestor that hides overflow (a scrolling table is not clipping).
  for (const run of runs) {
    for (let node = run.element.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      const hides = (v) => v === 'hidden' || v === 'clip';
      const x = hides(style.overflowX);
      const y = hides(style.overflowY);
      if (!x && !y) continue;
      const box = node.getBoundingClientRect();
      if ((x && (run.rect.left < box.left - tolerance || run.rect.right > box.right + tolerance))
        || (y && (run.rect.top < box.top - tolerance || run.rect.bottom > box.bottom + tolerance))) {
        problems.clipped.push(`"${run.text}" (${describe(run.element)}) cut by ${describe(node)}`);
        break;
      }
    }
    if (noScroll && (run.rect.right > vw + tolerance || run.rect.bottom > vh + tolerance || run.rect.left < -tolerance || run.rect.top < -tolerance)) {
      problems.clipped.push(`"${run.text}" (${describe(run.element)}) off the screen`);
    }
    // Text cut by its own box (an ellipsis or a single line too long for it).
    const own = getComputedStyle(run.element);
    if ((own.overflowX === 'hidden' || own.textOverflow === 'ellipsis') && run.element.scrollWidth > run.element.clientWidth + tolerance) {
      problems.clipped.push(`"${run.text}" (${describe(run.element)}) cut short in its own box`);
    }
  }

  // Contrast: the text colour (SVG fill for chart labels) over the blended background, with opacity.
  const seen = new Set();
  for (const run of runs) {
    if (seen.has(run.element)) continue;
    seen.add(run.element);
    const style = getComputedStyle(run.element);
    const isSvg = run.element instanceof SVGElement;
    let color = parse(isSvg ? (style.fill !== 'none' ? style.fill : style.color) : style.color);
    if (!color) continue;
    const opacity = opacityOf(run.element) * (isSvg ? Number(style.fillOpacity || 1) : 1);
    color = { ...color, a: color.a * opacity };
    const bg = background(isSvg ? run.element.closest('div') ?? run.element.parentElement : run.element);
    const c = ratio(blend(color, bg), bg);
    if (c < minContrast) {
      problems.contrast.push(`"${run.text}" (${describe(run.element)}) ${c.toFixed(2)}:1`);
    }
  }

  // Thai words as flex or grid items.
  const containers = new Set(runs.map((r) => r.element).filter((e) => e.classList?.contains('tw')).map((e) => e.parentElement));
  for (const container of containers) {
    if (container && /flex|grid/.test(getComputedStyle(container).display)) {
      problems.spaced.push(`"${container.textContent.trim().slice(0, 40)}" (${describe(container)}) lays its words out as ${getComputedStyle(container).display} items`);
    }
  }

  // Size and, for Thai, line height: once per element.
  const sized = new Set();
  for (const run of runs) {
    if (sized.has(run.element)) continue;
    sized.add(run.element);
    const style = getComputedStyle(run.element);
    const size = parseFloat(style.fontSize);
    if (minFontSize && size < minFontSize - 0.05) {
      problems.small.push(`"${run.text}" (${describe(run.element)}) ${size.toFixed(1)} px`);
    }
    const line = parseFloat(style.lineHeight);
    if (minThaiLineHeight && /[\u0E00-\u0E7F]/.test(run.node.textContent) && Number.isFinite(line) && line / size < minThaiLineHeight - 0.005) {
      problems.tight.push(`"${run.text}" (${describe(run.element)}) line height ${(line / size).toFixed(2)}`);
    }
  }

  if (wordSplits) {
    const segmenters = { th: new Intl.Segmenter('th', { granularity: 'word' }), en: new Intl.Segmenter('en', { granularity: 'word' }) };
    const nodes = new Set(runs.map((r) => r.node));
    for (const node of nodes) {
      const text = node.textContent;
      const segmenter = /[\u0E00-\u0E7F]/.test(text) ? segmenters.th : segmenters.en;
      for (const { segment, index, isWordLike } of segmenter.segment(text)) {
        if (!isWordLike || segment.length < 2 || segment.length >= 20 || /[0-9]/.test(segment)) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + segment.length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
        if (rects.length < 2) continue;
        const middles = rects.map((r) => r.top + r.height / 2);
        if (Math.max(...middles) - Math.min(...middles) > rects[0].height * 0.6) {
          problems.split.push(`"${segment}" in "${text.trim().slice(0, 40)}" (${describe(node.parentElement)})`);
        }
      }
    }
  }

  if (noScroll) {
    const h = document.documentElement.scrollHeight;
    const w = document.documentElement.scrollWidth;
    if (h > vh + tolerance || w > vw + tolerance) problems.scroll.push(`the page is ${w}×${h} on a ${vw}×${vh} screen`);
  }
  return problems;
}
